/* Open Terms Archive declarations: strings, arrays, range objects, errors. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
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
        {"{\"name\": \"GitHub\", \"terms\": {}}", "\"terms\""},
        {"{\"fetch\": \"https://x.example/p\", \"selector\": \"main\"}",
         "unknown key \"selector\""},
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

/* Today's declarations: filters (names and {name: argument}),
 * executeClientScripts, and combine, whose pages take the document's
 * selectors unless they give their own. */
Test(recipe, filters_scripts_and_combined_pages)
{
    pd_recipe r = PD_RECIPE_INIT, r2 = PD_RECIPE_INIT, view;
    char *json = NULL;
    cr_assert_eq(load(&r, "{\"select\": \"main\", \"remove\": \".ad\", \"filter\": "
                          "[\"removeInvisibleText\", {\"removeQueryParams\": [\"h\"]}], "
                          "\"executeClientScripts\": true, \"combine\": [{\"fetch\": "
                          "\"https://x.example/a\"}, {\"fetch\": \"https://x.example/b\", "
                          "\"select\": {\"startBefore\": \"h1\", \"endBefore\": \"footer\"}}]}"),
                 0, "%s", pd_error_last());
    cr_assert_eq(r.nfilters, 2);
    cr_assert_str_eq(r.filters[0].name, "removeInvisibleText");
    cr_assert_null(r.filters[0].params);
    cr_assert_str_eq(r.filters[1].name, "removeQueryParams");
    cr_assert_str_eq(r.filters[1].params, "[\"h\"]");
    cr_assert_eq(r.client_scripts, 1);
    cr_assert_eq(r.npages, 2);
    pd_recipe_page(&view, &r, 0);
    cr_assert_str_eq(view.fetch, "https://x.example/a");
    cr_assert_str_eq(view.select[0].css, "main", "page 1 takes the document's select");
    cr_assert_eq(view.nfilters, 2);
    cr_assert_eq(view.npages, 0);
    pd_recipe_page(&view, &r, 1);
    cr_assert_eq(view.select[0].kind, PD_SEL_RANGE, "page 2 has its own");
    cr_assert_str_eq(view.remove[0].css, ".ad");
    cr_assert_eq(pd_recipe_check(&r), 0);
    cr_assert_eq(pd_recipe_to_ota_json(&json, &r), 0);
    cr_assert_eq(load(&r2, json), 0, "%s: %s", json, pd_error_last());
    cr_assert_eq(r2.npages, 2);
    cr_assert_eq(r2.pages[0].nselect, 0, "a page writes only what it has: %s", json);
    cr_assert_str_eq(r2.filters[1].params, "[\"h\"]");
    cr_assert_eq(r2.client_scripts, 1);
    free(json);
    pd_recipe_dispose(&r);
    pd_recipe_dispose(&r2);
    static const char *const bad[] = {
        "{\"fetch\": \"https://x.example/p\", \"filter\": 3}",
        "{\"fetch\": \"https://x.example/p\", \"filter\": [\"not a name\"]}",
        "{\"fetch\": \"https://x.example/p\", \"executeClientScripts\": \"yes\"}",
        "{\"combine\": []}",
        "{\"combine\": [{\"select\": \"main\"}]}",
        "{\"combine\": [{\"fetch\": \"https://x.example/a\", \"combine\": []}]}",
        "{\"combine\": [{\"fetch\": \"https://x.example/a\", \"slect\": \"main\"}]}",
        "{\"fetch\": 4}",
        NULL};
    for (int i = 0; bad[i]; i++) {
        pd_recipe b = PD_RECIPE_INIT;
        cr_assert_eq(load(&b, bad[i]), PD_EINVALID, "accepted: %s", bad[i]);
        cr_assert_null(strchr(pd_error_last(), '\n'), "one line: %s", pd_error_last());
        pd_recipe_dispose(&b);
    }
}

/* The filters done natively remove what their JavaScript removes; a
 * filter policydiff cannot run leaves the page as it is. */
Test(recipe, native_filters_remove_what_their_javascript_removes)
{
    static const char page[] =
        "<html><body><main><div id=\"navigationHeader\">Skip to content</div>"
        "<p>We collect your e-mail address.</p><p class=\"displayNone\">Hidden copy.</p>"
        "<span class=\"FileName\">mainmodule</span><p>We keep it for a year.</p></main></body>"
        "</html>";
    const char *css = NULL;
    pd_recipe r = PD_RECIPE_INIT;
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report rep;
    pd_buf out = PD_BUF_INIT;
    cr_assert_eq(pd_filter_support_of(&css, "removeNavigationHeaders"), PD_FILTER_NATIVE);
    cr_assert_str_eq(css, "#navigationHeader, .navigationHeader");
    cr_assert_eq(pd_filter_support_of(&css, "removeQueryParams"), PD_FILTER_NO_EFFECT);
    cr_assert_eq(pd_filter_support_of(&css, "removeHelpButtons"), PD_FILTER_SKIPPED);
    cr_assert_null(css);
    cr_assert_eq(load(&r, "{\"select\": \"main\", \"filter\": [\"removeNavigationHeaders\", "
                          "\"removeModuleIDs\", \"removeInvisibleText\", \"someOtherFilter\"]}"),
                 0);
    o.recipe = &r;
    o.kind = PD_INPUT_HTML;
    cr_assert_eq(pd_normalize(&out, page, strlen(page), &o, &rep), 0, "%s", pd_error_last());
    cr_assert_str_eq(pd_buf_cstr(&out),
                     "We collect your e-mail address.\n\nWe keep it for a year.\n");
    pd_buf_dispose(&out);
    pd_recipe_dispose(&r);
}
