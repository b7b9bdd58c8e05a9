/* Open Terms Archive declarations: strings, arrays, range objects, errors. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/recipe.h"
#include "support/testutil.h"
#include "util/error.h"

static int load(pd_recipe *r, const char *json)
{
    return pd_recipe_from_ota_json(r, json, strlen(json));
}

Test(recipe, string_array_and_range_forms)
{
    pd_recipe r = PD_RECIPE_INIT;
    cr_assert_eq(load(&r, "{\"fetch\": \"https://x.example/privacy\", \"select\": [\"main\", "
                          "{\"startAfter\": \"#a\", \"endBefore\": \"#b\"}], \"remove\": \".ad\"}"),
                 0, "%s", pd_error_last());
    cr_assert_str_eq(r.fetch, "https://x.example/privacy");
    cr_assert_eq(r.nselect, 2);
    cr_assert_eq(r.select[0].kind, PD_SEL_CSS);
    cr_assert_str_eq(r.select[0].css, "main");
    cr_assert_eq(r.select[1].kind, PD_SEL_RANGE);
    cr_assert_str_eq(r.select[1].start_after, "#a");
    cr_assert_str_eq(r.select[1].end_before, "#b");
    cr_assert_null(r.select[1].start_before);
    cr_assert_eq(r.nremove, 1);
    cr_assert_str_eq(r.remove[0].css, ".ad");
    pd_recipe_dispose(&r);
}

Test(recipe, corpus_style_declaration_fixture)
{
    pd_recipe r = PD_RECIPE_INIT;
    pd_buf b = PD_BUF_INIT;
    pd_test_read(&b, "normalize/fixtures/ota-range.json");
    cr_assert_eq(pd_recipe_from_ota_json(&r, b.ptr, b.len), 0, "%s", pd_error_last());
    cr_assert_eq(r.nselect, 1);
    cr_assert_str_eq(r.select[0].start_before, "h1");
    cr_assert_str_eq(r.select[0].end_before, "#toc-heading");
    cr_assert_str_eq(r.remove[0].css, "details");
    pd_recipe_dispose(&r);
    pd_buf_dispose(&b);
}

Test(recipe, round_trip_to_json)
{
    pd_recipe r = PD_RECIPE_INIT, r2 = PD_RECIPE_INIT;
    char *json = NULL;
    cr_assert_eq(load(&r, "{\"select\": {\"startBefore\": \"h1\", \"endAfter\": \"p\"},"
                          " \"remove\": [\"nav\", \"footer\"]}"),
                 0);
    cr_assert_eq(pd_recipe_to_ota_json(&json, &r), 0);
    cr_assert_eq(load(&r2, json), 0);
    cr_assert_eq(r2.nselect, 1);
    cr_assert_str_eq(r2.select[0].end_after, "p");
    cr_assert_eq(r2.nremove, 2);
    free(json);
    pd_recipe_dispose(&r);
    pd_recipe_dispose(&r2);
}

Test(recipe, errors_name_the_field)
{
    static const char *const bad[] = {
        "not json",
        "[1, 2]",
        "{\"select\": 3}",
        "{\"select\": \"\"}",
        "{\"select\": {\"startBefore\": \"h1\"}}",
        "{\"select\": {\"startBefore\": \"h1\", \"startAfter\": \"h2\", \"endBefore\": \"p\"}}",
        "{\"remove\": [\"nav\", {\"endBefore\": 4}]}",
        NULL};
    for (int i = 0; bad[i]; i++) {
        pd_recipe r = PD_RECIPE_INIT;
        cr_assert_eq(load(&r, bad[i]), PD_EINVALID, "accepted: %s", bad[i]);
        cr_assert(strlen(pd_error_last()) > 0);
        pd_recipe_dispose(&r);
    }
}

/* A file that is not one document's declaration is refused with a message
 * saying what it is and what to give, never read as an empty recipe. */
Test(recipe, what_is_not_a_document_declaration_is_refused)
{
    static const struct {
        const char *json, *says;
    } cases[] = {
        {"{\"name\": \"GitHub\", \"documents\": {\"Privacy Policy\": {\"fetch\": "
         "\"https://x.example/p\", \"select\": \"main\"}}}",
         "import-ota"},
        {"{\"documents\": {}}", "import-ota"},
        {"{\"foo\": 1}", "\"fetch\""},
        {"{}", "\"select\""},
        {"{\"name\": \"GitHub\"}", "not an Open Terms Archive document declaration"},
        {"{\"combine\": [{\"fetch\": \"https://x.example/a\"}]}", "several pages"},
        {"[{\"fetch\": \"https://x.example/p\"}]", "one Open Terms Archive document"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pd_recipe r = PD_RECIPE_INIT;
        cr_assert_eq(load(&r, cases[i].json), PD_EINVALID, "accepted: %s", cases[i].json);
        cr_assert(strstr(pd_error_last(), cases[i].says), "%s: %s", cases[i].json, pd_error_last());
        cr_assert_null(strchr(pd_error_last(), '\n'), "one line: %s", pd_error_last());
        cr_assert_eq(r.nselect + r.nremove, 0);
        pd_recipe_dispose(&r);
    }
    /* what policies.conf and a bare selector list hold stays fine */
    pd_recipe r = PD_RECIPE_INIT;
    cr_assert_eq(load(&r, "{\"select\": [], \"remove\": [\".ad\"]}"), 0, "%s", pd_error_last());
    cr_assert_eq(load(&r, "{\"fetch\": \"https://x.example/p\"}"), 0, "%s", pd_error_last());
    pd_recipe_dispose(&r);
}
