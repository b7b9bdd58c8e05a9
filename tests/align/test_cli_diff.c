#include <criterion/criterion.h>
#include <jansson.h>
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
    for (size_t i = 0; i < json_array_size(ch); i++)
        cr_assert(json_is_true(json_object_get(json_array_get(ch, i), "cosmetic")));
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
    const char *fmt[] = {"diff", "--format", "xml", oldp, newp, NULL};
    pd_test_run(&r, NULL, fmt);
    cr_assert_eq(r.status, 2);
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
