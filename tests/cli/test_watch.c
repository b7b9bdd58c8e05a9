/* The library under policydiff check: pd_watch_run against pd-testserver,
 * command splitting, nearest captures, GitHub escaping. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/nearest.h"
#include "fetch/notify.h"
#include "fetch/server.h"
#include "ingest/watch.h"
#include "report/checkreport.h"
#include "support/testutil.h"
#include "util/error.h"

static char *dir;
static pd_store *st;
static pd_test_server srv;
static char page[1200];

static void put_page(int v)
{
    char rel[64];
    pd_buf b = PD_BUF_INIT;
    snprintf(rel, sizeof(rel), "cli/fixtures/site/v%d.html", v);
    pd_test_read(&b, rel);
    cr_assert_eq(pd_write_file_atomic(page, b.ptr, b.len), 0);
    pd_buf_dispose(&b);
}

static void add(const char *name, const char *path)
{
    pd_policy p;
    char url[512];
    memset(&p, 0, sizeof(p));
    snprintf(url, sizeof(url), "%s%s", srv.base, path);
    p.name = (char *)name;
    p.url = url;
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
}

static void setup(void)
{
    char site[1024], sdir[1024];
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "5", 1);
    setenv("POLICYDIFF_HTTP_MAX_WAIT_MS", "50", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    dir = pd_test_tmpdir();
    snprintf(site, sizeof(site), "%.900s/site", dir);
    snprintf(sdir, sizeof(sdir), "%.900s/store", dir);
    snprintf(page, sizeof(page), "%s/privacy.html", site);
    cr_assert_eq(mkdir(site, 0700), 0);
    put_page(1);
    pd_test_server_start(&srv, site, NULL);
    cr_assert_eq(pd_store_init(&st, sdir), 0, "%s", pd_error_last());
    add("shop", "/privacy.html");
}

static void teardown(void)
{
    pd_store_free(st);
    pd_test_server_stop(&srv);
    pd_test_rmtree(dir);
    free(dir);
}

static void watch(pd_watch_result **r, size_t *n, const char *const *names, size_t nn, int64_t now)
{
    pd_watch_options o = PD_WATCH_OPTIONS_INIT;
    pd_http_options_from_env(&o.http);
    o.now = now;
    cr_assert_eq(pd_watch_run(r, n, st, names, nn, &o), 0, "%s", pd_error_last());
}

Test(watch, outcomes_of_successive_runs, .init = setup, .fini = teardown, .timeout = 60)
{
    pd_watch_result *r = NULL;
    size_t n = 0;

    watch(&r, &n, NULL, 0, 1700000000);
    cr_assert_eq(n, 1);
    cr_assert_eq(r[0].status, PD_WATCH_FIRST, "%s: %s", pd_watch_status_name(r[0].status),
                 r[0].reason);
    cr_assert_eq(strlen(r[0].new_commit), 40);
    cr_assert_null(r[0].old_text);
    cr_assert_not_null(r[0].new_text);
    pd_watch_results_free(r, n);

    /* the validators were kept: a conditional request answers 304 */
    watch(&r, &n, NULL, 0, 1700000100);
    cr_assert_eq(r[0].status, PD_WATCH_NOT_MODIFIED, "%s", pd_watch_status_name(r[0].status));
    cr_assert_eq(r[0].http_status, 304);
    pd_watch_results_free(r, n);

    /* unconditional: fetched, same text */
    {
        pd_watch_options o = PD_WATCH_OPTIONS_INIT;
        pd_http_options_from_env(&o.http);
        o.unconditional = 1;
        o.now = 1700000200;
        cr_assert_eq(pd_watch_run(&r, &n, st, NULL, 0, &o), 0);
        cr_assert_eq(r[0].status, PD_WATCH_UNCHANGED, "%s", pd_watch_status_name(r[0].status));
        pd_watch_results_free(r, n);
    }

    put_page(2);
    watch(&r, &n, NULL, 0, 1700000300);
    cr_assert_eq(r[0].status, PD_WATCH_CHANGED, "%s: %s", pd_watch_status_name(r[0].status),
                 r[0].reason);
    cr_assert(strstr(r[0].old_text, "do not sell"));
    cr_assert(strstr(r[0].new_text, "may sell"));
    cr_assert_eq(r[0].old_captured_at, 1700000000);
    cr_assert_eq(r[0].captured_at, 1700000300);
    cr_assert_eq(strlen(r[0].old_commit), 40);
    cr_assert_eq(strlen(r[0].new_commit), 40);
    cr_assert_str_neq(r[0].old_commit, r[0].new_commit);
    pd_watch_results_free(r, n);
}

Test(watch, failures_and_walls_are_not_recorded, .init = setup, .fini = teardown, .timeout = 60)
{
    pd_watch_result *r = NULL;
    size_t n = 0;
    pd_version *v = NULL;
    size_t nv = 0;
    const char *names[] = {"wall", "down", "gone", "shop"};

    add("down", "/fault/503/privacy.html");
    add("wall", "/fault/botwall/privacy.html");
    add("gone", "/missing.html");
    watch(&r, &n, names, 4, 1700000000);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(r[0].name, "wall");
    cr_assert_eq(r[0].status, PD_WATCH_SUSPICIOUS, "%s", pd_watch_status_name(r[0].status));
    cr_assert_eq(r[0].error, PD_ESUSPICIOUS);
    cr_assert_eq(r[1].status, PD_WATCH_FAILED);
    cr_assert(strstr(r[1].reason, "503"), "%s", r[1].reason);
    cr_assert_eq(r[1].attempts, 4, "retried 3 times");
    cr_assert_eq(r[2].status, PD_WATCH_SUSPICIOUS, "%s", pd_watch_status_name(r[2].status));
    cr_assert(strstr(r[2].reason, "404"), "%s", r[2].reason);
    cr_assert_eq(r[3].status, PD_WATCH_FIRST);
    pd_watch_results_free(r, n);
    cr_assert_eq(pd_store_log(&v, &nv, st, NULL, INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(nv, 1, "only the real policy was recorded");
    pd_version_array_free(v, nv);

    /* --force records the wall, saying why it was suspicious */
    {
        pd_watch_options o = PD_WATCH_OPTIONS_INIT;
        pd_http_options_from_env(&o.http);
        o.force = 1;
        o.now = 1700000100;
        cr_assert_eq(pd_watch_run(&r, &n, st, names, 1, &o), 0);
        cr_assert_eq(r[0].status, PD_WATCH_FIRST, "%s", pd_watch_status_name(r[0].status));
        cr_assert(r[0].forced);
        cr_assert_neq(r[0].reason[0], '\0');
        pd_watch_results_free(r, n);
    }
}

Test(watch, unknown_names_and_the_lock, .init = setup, .fini = teardown)
{
    pd_watch_result *r = NULL;
    size_t n = 0;
    const char *names[] = {"shop", "nope"};
    pd_watch_options o = PD_WATCH_OPTIONS_INIT;
    cr_assert_eq(pd_watch_run(&r, &n, st, names, 2, &o), PD_ENOTFOUND);
    cr_assert_null(r);
    cr_assert(strstr(pd_error_last(), "nope"));
}

Test(notify, splits_like_a_shell_without_one)
{
    char **v = NULL;
    size_t n = 0;
    cr_assert_eq(
        pd_split_args(&v, &n, "  mail -s 'policy changed: 50%' \"a \\\"b\\\" $c\" d\\ e ''"), 0);
    cr_assert_eq(n, 6);
    cr_assert_str_eq(v[0], "mail");
    cr_assert_str_eq(v[1], "-s");
    cr_assert_str_eq(v[2], "policy changed: 50%");
    cr_assert_str_eq(v[3], "a \"b\" $c");
    cr_assert_str_eq(v[4], "d e");
    cr_assert_str_eq(v[5], "");
    cr_assert_null(v[6]);
    pd_args_free(v);
    cr_assert_eq(pd_split_args(&v, &n, "sh -c 'oops"), PD_EINVALID);
    cr_assert_eq(pd_split_args(&v, &n, "   "), PD_EINVALID);
    cr_assert_eq(pd_split_args(&v, &n, "a\"b c\"d"), 0);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(v[0], "ab cd");
    pd_args_free(v);
}

Test(notify, runs_the_command_with_input)
{
    char **v = NULL;
    char *d = pd_test_tmpdir(), cmd[4300], out[4200];
    pd_buf got = PD_BUF_INIT;
    snprintf(out, sizeof(out), "%s/in.txt", d);
    snprintf(cmd, sizeof(cmd), "sh -c 'cat > \"$0\"' '%s'", out);
    cr_assert_eq(pd_split_args(&v, NULL, cmd), 0);
    cr_assert_eq(pd_notify_command(v, "hello\n", 6, 10000), 0, "%s", pd_error_last());
    pd_args_free(v);
    cr_assert_eq(pd_buf_read_file(&got, out, 0), 0);
    cr_assert_str_eq(got.ptr, "hello\n");
    pd_buf_dispose(&got);
    /* a command that does not read its input and fails */
    cr_assert_eq(pd_split_args(&v, NULL, "sh -c 'exit 7'"), 0);
    cr_assert_eq(pd_notify_command(v, "x", 1, 10000), PD_ERROR);
    cr_assert(strstr(pd_error_last(), "status 7"), "%s", pd_error_last());
    pd_args_free(v);
    cr_assert_eq(pd_split_args(&v, NULL, "/nonexistent/cmd"), 0);
    cr_assert_eq(pd_notify_command(v, "x", 1, 10000), PD_ENOTFOUND);
    pd_args_free(v);
    pd_test_rmtree(d);
    free(d);
}

Test(nearest, picks_the_closest_capture)
{
    pd_capture items[3];
    pd_cdx_result r = {.items = items, .n = 3};
    memset(items, 0, sizeof(items));
    items[0].time = 1000;
    items[1].time = 2000;
    items[2].time = 3000;
    cr_assert_eq(pd_cdx_closest(&r, 1400)->time, 1000);
    cr_assert_eq(pd_cdx_closest(&r, 1500)->time, 1000, "ties go to the earlier capture");
    cr_assert_eq(pd_cdx_closest(&r, 1600)->time, 2000);
    cr_assert_eq(pd_cdx_closest(&r, 99999)->time, 3000);
    r.n = 0;
    cr_assert_null(pd_cdx_closest(&r, 1));
}

Test(github, escapes_workflow_command_values)
{
    pd_buf b = PD_BUF_INIT;
    pd_github_escape_data(&b, "50% off:\r\nnow, here");
    cr_assert_str_eq(pd_buf_cstr(&b), "50%25 off:%0D%0Anow, here");
    pd_buf_clear(&b);
    pd_github_escape_property(&b, "a:b,c%\n");
    cr_assert_str_eq(pd_buf_cstr(&b), "a%3Ab%2Cc%25%0A");
    pd_buf_dispose(&b);
}

Test(github, a_policy_cannot_inject_workflow_commands)
{
    const char *old_md = "# Policy\n\nWe keep data.\n";
    const char *new_md = "# Policy\n\nWe keep data.\n\n::error::injected\n";
    pd_diff *d = NULL;
    pd_buf out = PD_BUF_INIT;
    pd_check_entry e;
    pd_check_report_options o = PD_CHECK_REPORT_OPTIONS_INIT;
    const char *stop, *resume;
    char token[64];

    cr_assert_eq(pd_diff_texts(&d, old_md, strlen(old_md), new_md, strlen(new_md), NULL), 0);
    memset(&e, 0, sizeof(e));
    e.name = "evil, inc: policy";
    e.url = "https://evil.example/";
    e.status = "changed";
    e.diff = d;
    cr_assert_eq(pd_check_report(&out, PD_CHECK_GITHUB, &e, 1, &o), 0);
    cr_assert(strstr(out.ptr, "title=evil%2C inc%3A policy changed::"), "%s", out.ptr);
    stop = strstr(out.ptr, "::stop-commands::");
    cr_assert_not_null(stop);
    sscanf(stop + 17, "%63s", token);
    cr_assert(strstr(stop, "::error::injected") != NULL);
    resume = strstr(stop + 17 + strlen(token), token);
    cr_assert_not_null(resume, "%s", out.ptr);
    cr_assert(strstr(stop, "::error::injected") < resume, "the policy text is inside the stop");
    pd_buf_dispose(&out);
    pd_diff_free(d);
}

/* The Markdown check report (a PR or issue comment) escapes names, reasons
 * and URLs that are not plain links. */
Test(github, markdown_report_escapes_names_reasons_and_odd_urls)
{
    const char *old_md = "# Policy\n\nWe keep data.\n";
    const char *new_md = "# Policy\n\nWe keep data for a year.\n";
    pd_diff *d = NULL;
    pd_buf out = PD_BUF_INIT;
    pd_check_entry e[2];
    pd_check_report_options o = PD_CHECK_REPORT_OPTIONS_INIT;

    cr_assert_eq(pd_diff_texts(&d, old_md, strlen(old_md), new_md, strlen(new_md), NULL), 0);
    memset(e, 0, sizeof(e));
    e[0].name = "AT&T <b>privacy</b>";
    e[0].url = "https://x.example/a b>c";
    e[0].status = "changed";
    e[0].reason = "bot wall & co";
    e[0].diff = d;
    e[1].name = "*plain*";
    e[1].url = "https://y.example/p";
    e[1].status = "changed";
    e[1].diff = d;
    cr_assert_eq(pd_check_report(&out, PD_CHECK_MARKDOWN, e, 2, &o), 0);
    cr_assert(strstr(out.ptr, "## AT&amp;T \\<b\\>privacy\\</b\\>\n"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "https://x.example/a b\\>c\n"), "%s", out.ptr);
    cr_assert(!strstr(out.ptr, "<https://x.example/a b>"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "bot wall &amp; co"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "## \\*plain\\*\n"), "%s", out.ptr);
    cr_assert(strstr(out.ptr, "<https://y.example/p>\n"), "%s", out.ptr);
    pd_buf_dispose(&out);
    pd_diff_free(d);
}
