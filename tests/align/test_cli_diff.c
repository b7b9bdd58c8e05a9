#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "support/testutil.h"
#include "util/buf.h"

static char oldp[4096], newp[4096], cosp[4096], oldh[4096], newh[4096];

static void paths(void)
{
    snprintf(oldp, sizeof(oldp), "%s", pd_test_path("align/fixtures/old.md"));
    snprintf(newp, sizeof(newp), "%s", pd_test_path("align/fixtures/new.md"));
    snprintf(cosp, sizeof(cosp), "%s", pd_test_path("align/fixtures/cosmetic.md"));
    snprintf(oldh, sizeof(oldh), "%s", pd_test_path("align/fixtures/old.html"));
    snprintf(newh, sizeof(newh), "%s", pd_test_path("align/fixtures/new.html"));
}

TestSuite(cli_diff, .init = paths);

Test(cli_diff, substantive_changes_exit_1)
{
    pd_test_run_result r;
    const char *argv[] = {"diff", "--color", "never", oldp, newp, NULL};
    pd_test_run(&r, NULL, argv);
    cr_assert_eq(r.status, 1, "stderr: %s", pd_buf_cstr(&r.err));
    cr_assert_not_null(strstr(pd_buf_cstr(&r.out), "modified"));
    cr_assert_not_null(strstr(pd_buf_cstr(&r.out), "added"));
    cr_assert_not_null(strstr(pd_buf_cstr(&r.out), "[-12 months-]"));
    cr_assert_null(strstr(pd_buf_cstr(&r.out), "\033["), "no colour when asked");
    pd_test_run_dispose(&r);
}

Test(cli_diff, identical_and_cosmetic_exit_0)
{
    pd_test_run_result r;
    const char *same[] = {"diff", oldp, oldp, NULL};
    pd_test_run(&r, NULL, same);
    cr_assert_eq(r.status, 0, "stderr: %s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    const char *cos[] = {"diff", "--format", "json", oldp, cosp, NULL};
    pd_test_run(&r, NULL, cos);
    cr_assert_eq(r.status, 0, "out: %s", pd_buf_cstr(&r.out));
    json_error_t e;
    json_t *j = json_loads(pd_buf_cstr(&r.out), 0, &e);
    cr_assert_not_null(j, "json: %s", e.text);
    json_t *ch = json_object_get(j, "changes");
    cr_assert_gt(json_array_size(ch), 0);
    for (size_t i = 0; i < json_array_size(ch); i++) {
        cr_assert(json_is_true(json_object_get(json_array_get(ch, i), "cosmetic")));
        cr_assert_str_eq(json_string_value(json_object_get(json_array_get(ch, i), "severity")),
                         "none");
    }
    json_decref(j);
    pd_test_run_dispose(&r);
    /* a substantive change names its main category, one of its categories */
    const char *sub[] = {"diff", "--format", "json", oldp, newp, NULL};
    pd_test_run(&r, NULL, sub);
    cr_assert_eq(r.status, 1);
    j = json_loads(pd_buf_cstr(&r.out), 0, &e);
    cr_assert_not_null(j, "json: %s", e.text);
    ch = json_object_get(j, "changes");
    for (size_t i = 0; i < json_array_size(ch); i++) {
        json_t *c = json_array_get(ch, i), *cats = json_object_get(c, "categories");
        const char *main = json_string_value(json_object_get(c, "category"));
        int found = 0;
        if (json_is_true(json_object_get(c, "cosmetic")))
            continue;
        cr_assert_not_null(main);
        for (size_t k = 0; k < json_array_size(cats); k++)
            found |= !strcmp(json_string_value(json_array_get(cats, k)), main);
        cr_assert(found, "%s not among the categories", main);
    }
    json_decref(j);
    pd_test_run_dispose(&r);
}

Test(cli_diff, fail_on_levels)
{
    pd_test_run_result r;
    const char *none[] = {"diff", "--fail-on", "none", oldp, newp, NULL};
    pd_test_run(&r, NULL, none);
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
    const char *low[] = {"diff", "--fail-on", "low", "--stat", oldp, newp, NULL};
    pd_test_run(&r, NULL, low);
    cr_assert_eq(r.status, 1);
    cr_assert_eq(strchr(pd_buf_cstr(&r.out), '\n') - pd_buf_cstr(&r.out) + 1, (long)r.out.len,
                 "--stat is one line");
    pd_test_run_dispose(&r);
    const char *bad[] = {"diff", "--fail-on", "huge", oldp, newp, NULL};
    pd_test_run(&r, NULL, bad);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
}

Test(cli_diff, usage_errors_exit_2)
{
    pd_test_run_result r;
    const char *one[] = {"diff", oldp, NULL};
    pd_test_run(&r, NULL, one);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    const char *missing[] = {"diff", oldp, "/nonexistent/policy.md", NULL};
    pd_test_run(&r, NULL, missing);
    cr_assert_eq(r.status, 2);
    cr_assert_gt(r.err.len, 0);
    pd_test_run_dispose(&r);
    const char *dash[] = {"diff", "-", "-", NULL};
    pd_test_run(&r, "x", dash);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    const char *reversed[] = {"diff", "acme", "--from", "2022-01-01", "--to", "2021", NULL};
    pd_test_run(&r, NULL, reversed);
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(pd_buf_cstr(&r.err), "swap"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    const char *fmt[] = {"diff", "--format", "xml", oldp, newp, NULL};
    pd_test_run(&r, NULL, fmt);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    /* --stat is a text line: with another format it is refused, not ignored */
    const char *statjson[] = {"diff", "--stat", "--format", "json", oldp, newp, NULL};
    pd_test_run(&r, NULL, statjson);
    cr_assert_eq(r.status, 2);
    cr_assert_not_null(strstr(pd_buf_cstr(&r.err), "--stat"), "%s", pd_buf_cstr(&r.err));
    cr_assert_eq(r.out.len, 0);
    pd_test_run_dispose(&r);
}

Test(cli_diff, help_has_an_example)
{
    pd_test_run_result r;
    const char *argv[] = {"diff", "--help", NULL};
    pd_test_run(&r, NULL, argv);
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(pd_buf_cstr(&r.out), "Example"));
    pd_test_run_dispose(&r);
}

Test(cli_diff, stdin_once)
{
    pd_test_run_result r;
    pd_buf in = PD_BUF_INIT;
    pd_test_read(&in, "align/fixtures/new.md");
    const char *argv[] = {"diff", "--format", "json", oldp, "-", NULL};
    pd_test_run(&r, pd_buf_cstr(&in), argv);
    cr_assert_eq(r.status, 1, "stderr: %s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    pd_buf_dispose(&in);
}

Test(cli_diff, html_inputs_are_normalized)
{
    pd_test_run_result r;
    const char *argv[] = {"diff", "--format", "json", oldh, newh, NULL};
    pd_test_run(&r, NULL, argv);
    cr_assert_eq(r.status, 1, "stderr: %s", pd_buf_cstr(&r.err));
    cr_assert_not_null(strstr(pd_buf_cstr(&r.out), "may"));
    pd_test_run_dispose(&r);
    const char *same[] = {"diff", oldh, oldh, NULL};
    pd_test_run(&r, NULL, same);
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
}

Test(cli_diff, every_format_renders)
{
    const char *fmts[] = {"text", "json", "markdown", "html"};
    for (int i = 0; i < 4; i++) {
        pd_test_run_result r;
        const char *argv[] = {"diff", "--format", fmts[i], oldp, newp, NULL};
        pd_test_run(&r, NULL, argv);
        cr_assert_eq(r.status, 1, "%s: %s", fmts[i], pd_buf_cstr(&r.err));
        cr_assert_gt(r.out.len, 0);
        pd_test_run_dispose(&r);
    }
}

/* The store form: skipped while this build has no store commands. */
Test(cli_diff, store_versions_by_name)
{
    pd_test_run_result r;
    char *dir = pd_test_tmpdir();
    char store[4096];
    snprintf(store, sizeof(store), "%s/store", dir);
    const char *init[] = {"init", store, NULL};
    pd_test_run(&r, NULL, init);
    int have_store = r.status == 0;
    pd_test_run_dispose(&r);
    if (!have_store) {
        pd_test_rmtree(dir);
        free(dir);
        cr_skip_test("this build has no snapshot store");
    }
    const char *add[] = {"-C", store, "add", "ex", "https://example.com/privacy", NULL};
    pd_test_run(&r, NULL, add);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    const char *rec1[] = {"-C", store, "record", "ex", oldp, "--date", "2024-01-01", NULL};
    pd_test_run(&r, NULL, rec1);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    const char *rec2[] = {"-C", store, "record", "ex", newp, "--date", "2024-06-01", NULL};
    pd_test_run(&r, NULL, rec2);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);

    const char *diff[] = {"-C",   store,        "diff",     "ex",   "--from", "2024-02-01",
                          "--to", "2024-07-01", "--format", "json", NULL};
    pd_test_run(&r, NULL, diff);
    cr_assert_eq(r.status, 1, "%s", pd_buf_cstr(&r.err));
    json_error_t e;
    json_t *j = json_loads(pd_buf_cstr(&r.out), 0, &e);
    cr_assert_not_null(j, "%s", e.text);
    const char *date = json_string_value(json_object_get(json_object_get(j, "old"), "date"));
    cr_assert_not_null(date);
    cr_assert_eq(strncmp(date, "2024-01-01", 10), 0);
    cr_assert(json_is_string(json_object_get(json_object_get(j, "new"), "commit")));
    json_decref(j);
    pd_test_run_dispose(&r);

    const char *same[] = {"-C", store, "diff", "ex", "--from", "2024-06-02", NULL};
    pd_test_run(&r, NULL, same);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);

    /* a date is a whole day (month, year): --to includes what was captured
     * that day, like log --until; --from 2024 --to 2024 spans the year */
    const char *sameday[] = {"-C",         store,  "diff",       "ex",     "--from",
                             "2024-01-01", "--to", "2024-06-01", "--stat", NULL};
    pd_test_run(&r, NULL, sameday);
    cr_assert_eq(r.status, 1, "the 2024-06-01 version is included: %s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    const char *year[] = {"-C", store, "diff", "ex", "--from", "2024", "--to", "2024", NULL};
    pd_test_run(&r, NULL, year);
    cr_assert_eq(r.status, 1, "%s%s", pd_buf_cstr(&r.out), pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    const char *showday[] = {"-C", store, "show", "ex", "--at", "2024-06-01", NULL};
    pd_test_run(&r, NULL, showday);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.out), "10 years"), "the version of that day: %s",
              pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    const char *future[] = {"-C", store, "diff", "ex", "--from", "2999-01-01", NULL};
    pd_test_run(&r, NULL, future);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "in the future"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);

    const char *before[] = {"-C", store, "diff", "ex", "--from", "2020-01-01", NULL};
    pd_test_run(&r, NULL, before);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    const char *unknown[] = {"-C", store, "diff", "nosuch", "--from", "2024-02-01", NULL};
    pd_test_run(&r, NULL, unknown);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    pd_test_rmtree(dir);
    free(dir);
}

Test(cli_diff, colour_only_when_asked_or_on_a_terminal)
{
    pd_test_run_result r;
    const char *aut[] = {"diff", oldp, newp, NULL};
    pd_test_run(&r, NULL, aut);
    cr_assert_eq(r.status, 1);
    cr_assert_null(strchr(pd_buf_cstr(&r.out), '\033'), "a pipe gets no colour");
    pd_test_run_dispose(&r);
    const char *always[] = {"diff", "--color", "always", oldp, newp, NULL};
    pd_test_run(&r, NULL, always);
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strchr(pd_buf_cstr(&r.out), '\033'));
    pd_test_run_dispose(&r);
    const char *bad[] = {"diff", "--color", "sometimes", oldp, newp, NULL};
    pd_test_run(&r, NULL, bad);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
}

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* An input that holds no policy is bad input (exit 2, one line saying
 * which file and what to do), never silently compared as an empty policy;
 * /dev/null is the deliberate "no version". */
Test(cli_diff, unusable_inputs_exit_2_and_dev_null_is_nothing)
{
    static const unsigned char bin[] = {0x7f, 'E', 'L', 'F', 0, 1, 2, 0, 0xff, 0xfe, 'x'};
    static const char nochrome[] = "<html><body><nav><a href=/>Home</a></nav>"
                                   "<script>var x=1;</script></body></html>";
    char *dir = pd_test_tmpdir(), empty[4096], binary[4096], blank[4096];
    pd_test_run_result r;
    snprintf(empty, sizeof(empty), "%s/empty.md", dir);
    snprintf(binary, sizeof(binary), "%s/policy.html", dir);
    snprintf(blank, sizeof(blank), "%s/blank.html", dir);
    write_bytes(empty, "", 0);
    write_bytes(binary, bin, sizeof(bin));
    write_bytes(blank, nochrome, sizeof(nochrome) - 1);
    struct {
        const char *path, *says;
    } cases[] = {{empty, "/dev/null"}, {binary, "binary"}, {blank, "no policy text"}, {dir, dir}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        const char *argv[] = {"diff", oldp, cases[i].path, NULL};
        pd_test_run(&r, NULL, argv);
        cr_assert_eq(r.status, 2, "%s: status %d, stderr %s", cases[i].path, r.status,
                     pd_buf_cstr(&r.err));
        cr_assert_eq(r.out.len, 0, "nothing on stdout for %s", cases[i].path);
        cr_assert_not_null(strstr(pd_buf_cstr(&r.err), cases[i].says), "%s", pd_buf_cstr(&r.err));
        cr_assert_eq(strchr(pd_buf_cstr(&r.err), '\n') - pd_buf_cstr(&r.err) + 1, (long)r.err.len,
                     "one line: %s", pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
    }
    /* UTF-16 is full of NUL bytes and is still a page, not binary */
    {
        pd_buf html = PD_BUF_INIT, u16 = PD_BUF_INIT;
        char wide[4096];
        pd_test_read(&html, "align/fixtures/old.html");
        pd_buf_put(&u16, "\xff\xfe", 2);
        for (size_t i = 0; i < html.len; i++) {
            unsigned char ch = (unsigned char)html.ptr[i];
            cr_assert_lt(ch, 0x80, "fixture is ASCII");
            pd_buf_putc(&u16, (char)ch);
            pd_buf_putc(&u16, '\0');
        }
        snprintf(wide, sizeof(wide), "%s/old16.html", dir);
        write_bytes(wide, u16.ptr, u16.len);
        const char *same[] = {"diff", "--stat", wide, oldh, NULL};
        pd_test_run(&r, NULL, same);
        cr_assert_eq(r.status, 0, "UTF-16 page: %d %s %s", r.status, pd_buf_cstr(&r.out),
                     pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
        pd_buf_dispose(&html);
        pd_buf_dispose(&u16);
    }
    const char *nothing[] = {"diff", "--stat", "/dev/null", newp, NULL};
    pd_test_run(&r, NULL, nothing);
    cr_assert_eq(r.status, 1, "stderr: %s", pd_buf_cstr(&r.err));
    cr_assert_not_null(strstr(pd_buf_cstr(&r.out), "0 removed"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    pd_test_rmtree(dir);
    free(dir);
}
