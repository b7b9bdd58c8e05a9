/* policydiff check and diff --wayback against pd-testserver: exit codes,
 * silence, formats, the notify command, the webhook, the two-date diffs. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classify/diff.h"
#include "fetch/server.h"
#include "normalize/normalize.h"
#include "report/report.h"
#include "store/store.h"
#include "support/testutil.h"
#include "util/error.h"

static char *dir;
static char store[1024], site[1024], page[1200];
static pd_test_server srv;
static char url[256];

static void copy_file(const char *from_rel, const char *to)
{
    pd_buf b = PD_BUF_INIT;
    pd_test_read(&b, from_rel);
    cr_assert_eq(pd_write_file_atomic(to, b.ptr, b.len), 0, "cannot write %s", to);
    pd_buf_dispose(&b);
}

/* Serves version v (1, 2, 3) of the shop's policy. */
static void put_page(int v)
{
    char rel[64];
    snprintf(rel, sizeof(rel), "cli/fixtures/site/v%d.html", v);
    copy_file(rel, page);
}

static void run(pd_test_run_result *r, const char *const *argv)
{
    pd_test_run(r, NULL, argv);
}

static void setup(void)
{
    pd_test_run_result r;
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "5", 1);
    setenv("POLICYDIFF_HTTP_MAX_WAIT_MS", "50", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    setenv("POLICYDIFF_CDX_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CAPTURE_INTERVAL_MS", "0", 1);
    unsetenv("NO_COLOR");
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(site, sizeof(site), "%.900s/site", dir);
    snprintf(page, sizeof(page), "%s/privacy.html", site);
    cr_assert_eq(mkdir(site, 0700), 0);
    put_page(1);
    pd_test_server_start(&srv, site, NULL);
    snprintf(url, sizeof(url), "%s/privacy.html", srv.base);
    run(&r, (const char *const[]){"init", store, NULL});
    cr_assert_eq(r.status, 0, "init: %s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "add", "shop", url, NULL});
    cr_assert_eq(r.status, 0, "add: %s", r.err.ptr);
    pd_test_run_dispose(&r);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(check, .init = setup, .fini = teardown, .timeout = 120);

/* Runs "policydiff -C store check ARGS..." */
static void check(pd_test_run_result *r, const char *const *args)
{
    const char *argv[32] = {"-C", store, "check"};
    size_t n = 3;
    for (size_t i = 0; args && args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    run(r, argv);
}

static size_t versions_of(const char *name)
{
    pd_store *s = NULL;
    pd_version *v = NULL;
    size_t n = 0;
    cr_assert_eq(pd_store_open(&s, store), 0, "%s", pd_error_last());
    if (pd_store_log(&v, &n, s, name, INT64_MIN, INT64_MAX) != 0)
        n = 0;
    pd_version_array_free(v, n);
    pd_store_free(s);
    return n;
}

/* The worst severity the engine gives v1 -> v2 (the classifier may change). */
static pd_severity worst_v1_v2(void)
{
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT, na = PD_BUF_INIT, nb = PD_BUF_INIT;
    pd_normalize_options o = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report rep;
    pd_diff *d = NULL;
    pd_diff_summary s;
    pd_test_read(&a, "cli/fixtures/site/v1.html");
    pd_test_read(&b, "cli/fixtures/site/v2.html");
    cr_assert_eq(pd_normalize(&na, a.ptr, a.len, &o, &rep), 0);
    cr_assert_eq(pd_normalize(&nb, b.ptr, b.len, &o, &rep), 0);
    cr_assert_eq(pd_diff_texts(&d, na.ptr, na.len, nb.ptr, nb.len, NULL), 0);
    pd_diff_summarize(&s, d);
    pd_diff_free(d);
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    pd_buf_dispose(&na);
    pd_buf_dispose(&nb);
    return s.substantive ? s.worst : PD_SEV_NONE;
}

Test(check, first_run_records_then_stays_silent)
{
    pd_test_run_result r;
    check(&r, NULL);
    cr_assert_eq(r.status, 0, "first check: %d %s", r.status, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "shop") && strstr(r.out.ptr, "first version"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1);

    check(&r, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "", "unchanged run printed: %s", r.out.ptr);
    cr_assert_str_eq(r.err.ptr, "", "unchanged run printed: %s", r.err.ptr);
    pd_test_run_dispose(&r);

    check(&r, (const char *const[]){"--verbose", NULL});
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out.ptr, "shop: unchanged"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1);
}

/* A store committed into another repository and cloned lacks the empty
 * directories git does not keep (objects/, refs/): check still works on it. */
Test(check, works_on_a_store_without_its_empty_git_directories)
{
    static const char *const empty[] = {"objects/info", "objects/pack", "objects",
                                        "refs/heads",   "refs/tags",    "refs"};
    char path[1300];
    pd_test_run_result r;
    for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", store, empty[i]);
        cr_assert_eq(rmdir(path), 0, "cannot remove %s", path);
    }
    check(&r, NULL);
    cr_assert_eq(r.status, 0, "check: %d %s", r.status, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "first version"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1);
    run(&r, (const char *const[]){"-C", store, "list", NULL});
    cr_assert_eq(r.status, 0, "list: %s", r.err.ptr);
    cr_assert(strstr(r.out.ptr, "shop\t"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
}

static void append_conf(const char *text)
{
    char path[1100];
    FILE *f;
    snprintf(path, sizeof(path), "%s/policies.conf", store);
    f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* select/remove edited by hand take effect on the next fetch: the stored
 * validators belong to the old recipe, so no 304 hides the page; a typo in
 * a key is named on stderr. */
Test(check, a_recipe_edited_by_hand_is_not_hidden_by_304)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"-C", store, "fetch", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "shop: new version\n");
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "fetch", NULL});
    cr_assert_str_eq(r.out.ptr, "shop: not modified (304)\n", "the server keeps validators");
    pd_test_run_dispose(&r);

    /* a typo: named (key and section) on every run, even a silent check */
    append_conf("\tremvoe = h2\n");
    check(&r, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "");
    cr_assert(strstr(r.err.ptr, "policy \"shop\": unknown key 'remvoe'"), "%s", r.err.ptr);
    cr_assert_eq(strchr(r.err.ptr, '\n') - r.err.ptr + 1, (long)r.err.len, "one line: %s",
                 r.err.ptr);
    pd_test_run_dispose(&r);

    append_conf("\tremove = h2\n");
    run(&r, (const char *const[]){"-C", store, "fetch", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "shop: new version\n", "the new recipe was not applied");
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 2);
    run(&r, (const char *const[]){"-C", store, "show", "shop", NULL});
    cr_assert_null(strstr(r.out.ptr, "## "), "headings removed: %s", r.out.ptr);
    pd_test_run_dispose(&r);
    /* the validators of this fetch belong to the new recipe: 304 again */
    run(&r, (const char *const[]){"-C", store, "fetch", NULL});
    cr_assert_str_eq(r.out.ptr, "shop: not modified (304)\n");
    pd_test_run_dispose(&r);
}

/* cron pointed at a store with no policies hears about it on every run. */
Test(check, a_store_without_policies_is_said_so)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"-C", store, "remove", "shop", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    check(&r, NULL);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "");
    cr_assert(strstr(r.err.ptr, "no policies to check") && strstr(r.err.ptr, store) &&
                  strstr(r.err.ptr, "policydiff add NAME URL"),
              "%s", r.err.ptr);
    cr_assert_eq(strchr(r.err.ptr, '\n') - r.err.ptr + 1, (long)r.err.len, "one line: %s",
                 r.err.ptr);
    pd_test_run_dispose(&r);
    /* a script still gets its document */
    check(&r, (const char *const[]){"--format", "json", NULL});
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out.ptr, "\"checked\": 0"), "%s", r.out.ptr);
    cr_assert(strstr(r.err.ptr, "no policies to check"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
}

/* Scripts parse every run: --format json prints its document even when
 * nothing changed, with the policy's status in it. */
Test(check, json_format_always_prints_a_document)
{
    pd_test_run_result r;
    json_error_t e;
    check(&r, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"--format", "json", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    json_t *j = json_loads(r.out.ptr, 0, &e);
    cr_assert_not_null(j, "unchanged run: not JSON (%s): '%s'", e.text, r.out.ptr);
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/check-1");
    cr_assert(json_is_object(json_object_get(j, "summary")));
    json_decref(j);
    pd_test_run_dispose(&r);
}

/* Options that cannot work are refused before anything is fetched. */
Test(check, bad_report_path_and_options_are_refused_up_front)
{
    pd_test_run_result r;
    char nodir[1200];
    snprintf(nodir, sizeof(nodir), "%s/missing/report.md", dir);
    check(&r, (const char *const[]){"--report", nodir, NULL});
    cr_assert_eq(r.status, 2, "%d %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "does not exist"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"--report", dir, NULL});
    cr_assert_eq(r.status, 2, "%d %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "is a directory"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 0, "nothing was fetched or recorded");
    check(&r, (const char *const[]){"--fail-on", NULL});
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err.ptr, "'--fail-on' needs a value"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"--webhook", "example.org/hook", NULL});
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"--max-size", "0", NULL});
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    /* the cap that the size error message points to exists on check too */
    check(&r, (const char *const[]){"--max-size", "1", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1);
}

/* The advice of a timed-out fetch ("raise --timeout") holds for check: it
 * takes --timeout, --retries and --host-delay as fetch does. */
Test(check, takes_the_transfer_options_of_fetch)
{
    pd_test_run_result r;
    char slow[300], down[300];
    static const char *const bad[][2] = {{"--timeout", "0"},     {"--timeout", "3601"},
                                         {"--timeout", "1s"},    {"--retries", "11"},
                                         {"--retries", "-1"},    {"--host-delay", "60001"},
                                         {"--host-delay", "-5"}, {"--host-delay", "fast"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        check(&r, (const char *const[]){bad[i][0], bad[i][1], NULL});
        cr_assert_eq(r.status, 2, "%s %s: exit %d", bad[i][0], bad[i][1], r.status);
        cr_assert(strstr(r.err.ptr, bad[i][0]), "%s", r.err.ptr);
        pd_test_run_dispose(&r);
    }
    cr_assert_eq(versions_of("shop"), 0, "nothing was fetched");
    run(&r, (const char *const[]){"check", "--help", NULL});
    cr_assert(strstr(r.out.ptr, "--timeout SEC") && strstr(r.out.ptr, "--retries N") &&
                  strstr(r.out.ptr, "--host-delay MS"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);

    /* a page slower than --timeout fails, and says which option to raise */
    snprintf(slow, sizeof(slow), "%s/fault/slow/privacy.html", srv.base);
    run(&r, (const char *const[]){"-C", store, "add", "slow", slow, NULL});
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"slow", "--timeout", "1", "--retries", "0", NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s %s", r.status, r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "--timeout"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/slow/privacy.html"), 1, "--retries 0");

    /* --retries N: N more attempts */
    snprintf(down, sizeof(down), "%s/fault/503/privacy.html", srv.base);
    run(&r, (const char *const[]){"-C", store, "add", "down", down, NULL});
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"down", "--retries", "2", "--host-delay", "0", NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/503/privacy.html"), 3);
    check(&r, (const char *const[]){"shop", "--timeout", "30", "--retries", "0", "--host-delay",
                                    "100", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1);
}

Test(check, exit_1_when_a_change_reaches_fail_on)
{
    pd_test_run_result r;
    pd_severity worst = worst_v1_v2();
    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    check(&r, (const char *const[]){"--fail-on", "low", NULL});
    cr_assert_eq(r.status, 1, "exit %d: %s%s", r.status, r.out.ptr, r.err.ptr);
    /* the headline comes first, then the clause changes */
    cr_assert(strstr(r.out.ptr, "== shop <"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "{+may+}") || strstr(r.out.ptr, "may sell"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 2);

    /* recorded once: the next run is silent and exits 0 */
    check(&r, (const char *const[]){"--fail-on", "low", NULL});
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out.ptr, "");
    pd_test_run_dispose(&r);

    /* v2 -> v1 with --fail-on none: reported, exit 0 */
    put_page(1);
    check(&r, (const char *const[]){"--fail-on", "none", NULL});
    cr_assert_eq(r.status, 0, "exit %d", r.status);
    cr_assert(strstr(r.out.ptr, "1 changed"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);

    /* v1 -> v2 again with --fail-on high: 1 exactly when the engine says high */
    put_page(2);
    check(&r, (const char *const[]){"--fail-on", "high", NULL});
    cr_assert_eq(r.status, worst == PD_SEV_HIGH ? 1 : 0, "exit %d, worst %s", r.status,
                 pd_severity_name(worst));
    pd_test_run_dispose(&r);
}

Test(check, cosmetic_only_change_is_recorded_and_exits_0)
{
    pd_test_run_result r;
    put_page(2);
    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(3);
    check(&r, (const char *const[]){"--format", "json", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out.ptr);
    {
        json_error_t err;
        json_t *j = json_loads(r.out.ptr, 0, &err);
        cr_assert_not_null(j, "not JSON: %s", err.text);
        json_t *p = json_array_get(json_object_get(j, "policies"), 0);
        cr_assert_str_eq(json_string_value(json_object_get(p, "status")), "changed");
        cr_assert_str_eq(json_string_value(json_object_get(p, "worst_severity")), "none");
        json_decref(j);
    }
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 2);
}

Test(check, exit_3_when_a_fetch_fails_and_others_go_on)
{
    pd_test_run_result r;
    char bad[300];
    snprintf(bad, sizeof(bad), "%s/fault/503/privacy.html", srv.base);
    run(&r, (const char *const[]){"-C", store, "add", "down", bad, NULL});
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
    check(&r, NULL);
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "down") && strstr(r.out.ptr, "fetch failed"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "503"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1, "the working policy was recorded");
    cr_assert_eq(versions_of("down"), 0);
    /* the failure is reported every run, even when nothing changed */
    check(&r, (const char *const[]){"down", NULL});
    cr_assert_eq(r.status, 3);
    pd_test_run_dispose(&r);
}

Test(check, a_change_at_fail_on_wins_over_fetch_failures)
{
    pd_test_run_result r;
    char bad[300];
    check(&r, NULL);
    pd_test_run_dispose(&r);
    snprintf(bad, sizeof(bad), "%s/fault/reset/privacy.html", srv.base);
    run(&r, (const char *const[]){"-C", store, "add", "down", bad, NULL});
    pd_test_run_dispose(&r);
    put_page(2);
    check(&r, (const char *const[]){"--fail-on", "low", NULL});
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    pd_test_run_dispose(&r);
}

Test(check, a_bot_wall_is_refused_unless_forced)
{
    pd_test_run_result r;
    char wall[300];
    snprintf(wall, sizeof(wall), "%s/fault/botwall/privacy.html", srv.base);
    run(&r, (const char *const[]){"-C", store, "add", "walled", wall, NULL});
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"walled", NULL});
    cr_assert_eq(r.status, 3, "exit %d", r.status);
    cr_assert(strstr(r.out.ptr, "suspicious"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("walled"), 0);
}

/* Issue 16: pages that are not the policy, served at its address after a
 * real version, are refused with the right reason and nothing recorded. */
Test(check, wrong_pages_after_a_real_version_are_refused)
{
    static const struct {
        const char *fixture, *reason;
    } wrong[] = {
        {"ingest/fixtures/home.html", "no longer a policy"},
        {"ingest/fixtures/error-page.html", "error page instead of the policy"},
        {"ingest/fixtures/error-de.html", "error page instead of the policy"},
        {"ingest/fixtures/summary.html", "a much shorter page under another title"},
        {"ingest/fixtures/long-fr.md", "language changed from en to fr"},
    };
    pd_test_run_result r;
    check(&r, (const char *const[]){NULL});
    cr_assert_eq(r.status, 0, "first run: %s", r.err.ptr);
    pd_test_run_dispose(&r);
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        copy_file(wrong[i].fixture, page);
        check(&r, (const char *const[]){NULL});
        cr_assert_eq(r.status, 3, "%s: exit %d\n%s%s", wrong[i].fixture, r.status, r.out.ptr,
                     r.err.ptr);
        cr_assert(strstr(r.out.ptr, wrong[i].reason), "%s: %s", wrong[i].fixture, r.out.ptr);
        pd_test_run_dispose(&r);
        cr_assert_eq(versions_of("shop"), 1, "%s recorded", wrong[i].fixture);
    }
}

Test(check, unknown_policy_is_a_usage_error)
{
    pd_test_run_result r;
    check(&r, (const char *const[]){"nope", NULL});
    cr_assert_eq(r.status, 2, "exit %d", r.status);
    cr_assert(strstr(r.err.ptr, "nope"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"--fail-on", "huge", NULL});
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"--notify-command", "sh -c 'oops", NULL});
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
}

Test(check, locked_store_exits_4)
{
    pd_test_run_result r;
    pd_store *s = NULL;
    cr_assert_eq(pd_store_open(&s, store), 0);
    cr_assert_eq(pd_store_lock(s, 0), 0, "%s", pd_error_last());
    check(&r, NULL);
    cr_assert_eq(r.status, 4, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    pd_store_unlock(s);
    pd_store_free(s);
}

/* --format json prints its document on every run, also one that could not
 * happen (issue 19): a locked store (4), a broken one (5) */
static void assert_error_document(const pd_test_run_result *r, int exit_code)
{
    json_error_t err;
    json_t *j = json_loads(pd_buf_cstr(&r->out), 0, &err), *e;
    cr_assert_not_null(j, "not JSON (%s): %s", err.text, pd_buf_cstr(&r->out));
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/check-1");
    cr_assert_eq(json_array_size(json_object_get(j, "policies")), 0);
    e = json_object_get(j, "error");
    cr_assert_not_null(e, "%s", pd_buf_cstr(&r->out));
    cr_assert_eq(json_integer_value(json_object_get(e, "exit")), exit_code);
    cr_assert(strlen(json_string_value(json_object_get(e, "message"))) > 10);
    json_decref(j);
}

Test(check, a_run_that_cannot_happen_still_prints_the_json_document)
{
    pd_test_run_result r;
    pd_store *s = NULL;
    char conf[1200];
    cr_assert_eq(pd_store_open(&s, store), 0);
    cr_assert_eq(pd_store_lock(s, 0), 0, "%s", pd_error_last());
    check(&r, (const char *const[]){"--format", "json", NULL});
    cr_assert_eq(r.status, 4, "exit %d: %s", r.status, r.err.ptr);
    assert_error_document(&r, 4);
    pd_test_run_dispose(&r);
    pd_store_unlock(s);
    pd_store_free(s);
    /* policies.conf that cannot be read: an internal error */
    snprintf(conf, sizeof(conf), "%s/policies.conf", store);
    cr_assert_eq(unlink(conf), 0);
    cr_assert_eq(mkdir(conf, 0700), 0);
    check(&r, (const char *const[]){"--format", "json", NULL});
    cr_assert_eq(r.status, 5, "exit %d: %s", r.status, r.err.ptr);
    assert_error_document(&r, 5);
    pd_test_run_dispose(&r);
}

/* A bad selector edited into policies.conf fails that policy alone: the
 * others are checked and recorded, and the run exits 2 (issue 19). */
Test(check, a_bad_hand_edited_selector_fails_only_its_policy)
{
    pd_test_run_result r;
    char conf[1200];
    FILE *f;
    snprintf(conf, sizeof(conf), "%s/policies.conf", store);
    f = fopen(conf, "a");
    cr_assert_not_null(f);
    fprintf(f, "[policy \"typo\"]\n\turl = %s\n\tselect = main >\n", url);
    fclose(f);
    check(&r, (const char *const[]){"--format", "json", NULL});
    cr_assert_eq(r.status, 2, "exit %d: %s%s", r.status, r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "\"status\": \"first\""), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "policies.conf: policy \\\"typo\\\""), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 1);
    cr_assert_eq(versions_of("typo"), 0);
}

Test(check, notify_command_gets_the_json_report_once_per_run_with_changes)
{
    pd_test_run_result r;
    char cmd[9000], out[4300];
    pd_buf got = PD_BUF_INIT;
    json_error_t err;
    json_t *j, *p, *diff;

    snprintf(out, sizeof(out), "%s/notified.json", dir);
    snprintf(cmd, sizeof(cmd), "sh -c 'cat > \"$0\"' %s", out);
    check(&r, (const char *const[]){"--notify-command", cmd, NULL});
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
    cr_assert_neq(access(out, F_OK), 0, "notified for a first version only");

    put_page(2);
    check(&r, (const char *const[]){"--notify-command", cmd, "--fail-on", "none", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_buf_read_file(&got, out, 0), 0, "the command did not write %s", out);
    j = json_loadb(got.ptr, got.len, 0, &err);
    cr_assert_not_null(j, "not JSON (%s): %s", err.text, got.ptr);
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/check-1");
    cr_assert(json_is_string(json_object_get(j, "run_at")));
    p = json_array_get(json_object_get(j, "policies"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(p, "name")), "shop");
    cr_assert_str_eq(json_string_value(json_object_get(p, "url")), url);
    cr_assert_str_eq(json_string_value(json_object_get(p, "status")), "changed");
    cr_assert(json_is_string(json_object_get(p, "headline")));
    cr_assert(json_is_string(json_object_get(p, "worst_severity")));
    cr_assert(json_is_string(json_object_get(json_object_get(p, "old"), "commit")));
    cr_assert(json_is_string(json_object_get(json_object_get(p, "new"), "commit")));
    diff = json_object_get(p, "diff");
    cr_assert_str_eq(json_string_value(json_object_get(diff, "schema")), "policydiff/diff-1");
    cr_assert(json_array_size(json_object_get(diff, "changes")) >= 2);
    json_decref(j);
    pd_buf_dispose(&got);

    /* nothing changed: not run again */
    cr_assert_eq(unlink(out), 0);
    check(&r, (const char *const[]){"--notify-command", cmd, NULL});
    cr_assert_eq(r.status, 0);
    pd_test_run_dispose(&r);
    cr_assert_neq(access(out, F_OK), 0, "notified although nothing changed");
}

/* What the notify command prints goes to stderr: --format json on stdout
 * stays one JSON document. */
Test(check, notify_command_output_stays_out_of_the_report)
{
    pd_test_run_result r;
    json_error_t err;
    json_t *j;
    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    check(&r, (const char *const[]){"--format", "json", "--fail-on", "none", "--notify-command",
                                    "sh -c 'cat >/dev/null; echo chatter'", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    j = json_loadb(r.out.ptr, r.out.len, 0, &err);
    cr_assert_not_null(j, "stdout is not one JSON document (%s): %s", err.text, r.out.ptr);
    json_decref(j);
    cr_assert(strstr(r.err.ptr, "chatter"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
}

/* A failure reason cut at the buffer's end never splits a character: the
 * JSON report stays valid (exit 3, not "out of memory"). */
Test(check, a_long_non_ascii_failure_reason_keeps_the_json_valid)
{
    pd_test_run_result r;
    json_error_t err;
    json_t *j;
    char bad[1400];
    size_t o = (size_t)snprintf(bad, sizeof(bad), "%s/fault/503/", srv.base);
    for (int i = 0; i < 300 && o + 3 < sizeof(bad); i++)
        o += (size_t)snprintf(bad + o, sizeof(bad) - o, "\xc3\xa9");
    run(&r, (const char *const[]){"-C", store, "add", "odd", bad, NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    check(&r, (const char *const[]){"odd", "--format", "json", NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    j = json_loadb(r.out.ptr, r.out.len, 0, &err);
    cr_assert_not_null(j, "not JSON (%s): %s", err.text, r.out.ptr);
    json_decref(j);
    pd_test_run_dispose(&r);
}

Test(check, a_failing_notify_command_keeps_the_versions)
{
    pd_test_run_result r;
    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    check(&r, (const char *const[]){"--notify-command", "false", "--fail-on", "none", NULL});
    cr_assert_eq(r.status, 3, "exit %d", r.status);
    cr_assert(strstr(r.err.ptr, "notify-command") && strstr(r.err.ptr, "status 1"), "%s",
              r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 2);
    put_page(1);
    check(&r, (const char *const[]){"--notify-command", "/nonexistent/notify", "--fail-on", "none",
                                    NULL});
    cr_assert_eq(r.status, 3, "exit %d", r.status);
    cr_assert(strstr(r.err.ptr, "cannot run"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions_of("shop"), 3);
}

/* ---- a one-shot HTTP listener that records one POST ---- */

typedef struct {
    int fd;
    int port;
    pd_buf request; /* head and body */
    int status;     /* what to answer */
} listener;

static void *listen_once(void *arg)
{
    listener *l = arg;
    int c = accept(l->fd, NULL, NULL);
    char buf[8192], reply[128];
    size_t want = 0;
    if (c < 0)
        return NULL;
    for (;;) {
        ssize_t n = read(c, buf, sizeof(buf));
        const char *end;
        if (n <= 0)
            break;
        pd_buf_put(&l->request, buf, (size_t)n);
        end = strstr(pd_buf_cstr(&l->request), "\r\n\r\n");
        if (end && !want) {
            const char *cl = strcasestr(pd_buf_cstr(&l->request), "\r\nContent-Length:");
            want = (size_t)(end + 4 - l->request.ptr) + (cl ? strtoul(cl + 17, NULL, 10) : 0);
        }
        if (want && l->request.len >= want)
            break;
    }
    snprintf(reply, sizeof(reply),
             "HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", l->status);
    if (write(c, reply, strlen(reply)) < 0)
        perror("write");
    close(c);
    return NULL;
}

static void listener_start(listener *l, pthread_t *t)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l->fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(l->fd >= 0);
    cr_assert_eq(bind(l->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(listen(l->fd, 4), 0);
    cr_assert_eq(getsockname(l->fd, (struct sockaddr *)&a, &alen), 0);
    l->port = ntohs(a.sin_port);
    cr_assert_eq(pthread_create(t, NULL, listen_once, l), 0);
}

Test(check, webhook_posts_the_json_report)
{
    pd_test_run_result r;
    listener l = {-1, 0, PD_BUF_INIT, 200};
    pthread_t t;
    char hook[128];
    const char *body;
    json_t *j;

    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    listener_start(&l, &t);
    snprintf(hook, sizeof(hook), "http://127.0.0.1:%d/hook", l.port);
    check(&r, (const char *const[]){"--webhook", hook, "--fail-on", "none", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(t, NULL);
    close(l.fd);
    cr_assert(!strncmp(pd_buf_cstr(&l.request), "POST /hook HTTP/1.1\r\n", 21), "%s",
              pd_buf_cstr(&l.request));
    cr_assert(strcasestr(l.request.ptr, "\r\nContent-Type: application/json\r\n"), "%s",
              l.request.ptr);
    body = strstr(l.request.ptr, "\r\n\r\n") + 4;
    j = json_loads(body, 0, NULL);
    cr_assert_not_null(j, "the body is not JSON: %s", body);
    cr_assert_str_eq(json_string_value(json_object_get(j, "schema")), "policydiff/check-1");
    json_decref(j);
    pd_buf_dispose(&l.request);
}

Test(check, a_failing_webhook_keeps_the_versions)
{
    pd_test_run_result r;
    listener l = {-1, 0, PD_BUF_INIT, 400};
    pthread_t t;
    char hook[128];

    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    listener_start(&l, &t);
    snprintf(hook, sizeof(hook), "http://127.0.0.1:%d/hook", l.port);
    check(&r, (const char *const[]){"--webhook", hook, "--fail-on", "none", NULL});
    cr_assert_eq(r.status, 3, "exit %d", r.status);
    cr_assert(strstr(r.err.ptr, "webhook") && strstr(r.err.ptr, "400"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    pthread_join(t, NULL);
    close(l.fd);
    pd_buf_dispose(&l.request);
    cr_assert_eq(versions_of("shop"), 2);
}

Test(check, github_format_writes_workflow_commands)
{
    pd_test_run_result r;
    pd_severity worst = worst_v1_v2();
    char md[4300];
    pd_buf rep = PD_BUF_INIT;

    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    snprintf(md, sizeof(md), "%s/report.md", dir);
    check(&r,
          (const char *const[]){"--format", "github", "--fail-on", "high", "--report", md, NULL});
    cr_assert_eq(r.status, worst == PD_SEV_HIGH ? 1 : 0);
    if (worst == PD_SEV_HIGH)
        cr_assert(!strncmp(r.out.ptr, "::error title=shop changed::", 28), "%s", r.out.ptr);
    else
        cr_assert(!strncmp(r.out.ptr, "::warning title=shop changed::", 30), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "\n::group::shop: clause changes\n"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "::stop-commands::pd-"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "::endgroup::\n"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    /* the report file follows its extension */
    cr_assert_eq(pd_buf_read_file(&rep, md, 0), 0);
    cr_assert(!strncmp(rep.ptr, "# policydiff: 1 policy changed", 30), "%s", rep.ptr);
    cr_assert(strstr(rep.ptr, "## shop"), "%s", rep.ptr);
    pd_buf_dispose(&rep);

    /* nothing changed: silent, but the report file is still written */
    check(&r, (const char *const[]){"--format", "github", "--report", md, NULL});
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out.ptr, "");
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_buf_read_file(&rep, md, 0), 0);
    cr_assert(strstr(rep.ptr, "no policy changed"), "%s", rep.ptr);
    pd_buf_dispose(&rep);
}

Test(check, markdown_format)
{
    pd_test_run_result r;
    check(&r, NULL);
    pd_test_run_dispose(&r);
    put_page(2);
    check(&r, (const char *const[]){"--format", "markdown", "--fail-on", "none", NULL});
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out.ptr, "# policydiff: 1 policy changed"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "**policydiff:**"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
}

/* ---- two dates ---- */

Test(check, diff_between_two_dates_in_the_store)
{
    pd_test_run_result r;
    const char *v1 = pd_test_path("cli/fixtures/site/v1.html");
    char p1[4200], p2[4200];
    snprintf(p1, sizeof(p1), "%s", v1);
    snprintf(p2, sizeof(p2), "%s", pd_test_path("cli/fixtures/site/v2.html"));
    run(&r, (const char *const[]){"-C", store, "record", "shop", p1, "--date", "2017-03-01", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "record", "shop", p2, "--date", "2020-03-01", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "diff", "shop", "--from", "2018-01-01", "--to",
                                  "2021-06-30", NULL});
    cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "shop@2017-03-01") && strstr(r.out.ptr, "shop@2020-03-01"), "%s",
              r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "diff", "shop", "--from", "2018-01-01", "--to",
                                  "2019-06-30", NULL});
    cr_assert_eq(r.status, 0, "exit %d", r.status);
    pd_test_run_dispose(&r);
}

static void wayback_diff(pd_test_run_result *r, pd_test_server *wb, const char *from,
                         const char *to, const char *format)
{
    run(r,
        (const char *const[]){"diff", "--wayback", "https://shop.example/privacy", "--wayback-url",
                              wb->base, "--from", from, "--to", to, "--format", format, NULL});
}

/* A backfill after months of monitoring inserts older captures before the
 * existing history, and says so (with the later commits it re-created), as
 * record does. */
Test(check, backfill_before_existing_history_says_it_rewrote_it)
{
    pd_test_server wb;
    pd_test_run_result r;
    char root[4200], *log;
    const char *err;
    unsigned long inserted = 0, recreated = 0;

    snprintf(root, sizeof(root), "%s", pd_test_path("cli/fixtures/wayback"));
    pd_test_server_start(&wb, root, NULL);
    run(&r, (const char *const[]){"-C", store, "add", "wb", "https://shop.example/privacy", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "record", "wb", pd_test_path("store/fixtures/a.md"),
                                  "--date", "2023-06-01", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);

    /* from 2018: the 2017 capture of the fixture is a bot wall */
    run(&r, (const char *const[]){"-C", store, "backfill", "wb", "--wayback-url", wb.base, "--from",
                                  "2018", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s %s", r.status, r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "3 new versions"), "%s", r.out.ptr);
    err = strstr(r.err.ptr, "policydiff backfill: wb: ");
    cr_assert_not_null(err, "%s", r.err.ptr);
    cr_assert_eq(sscanf(err,
                        "policydiff backfill: wb: %lu of the new versions were older than the "
                        "newest commit; inserted into the history, re-creating %lu later commit",
                        &inserted, &recreated),
                 2, "%s", err);
    cr_assert_eq(inserted, 3, "%s", err);
    cr_assert_eq(recreated, 3, "each insertion re-created the 2023 version: %s", err);
    pd_test_run_dispose(&r);
    /* --from and --to take a month (YYYY-MM) as a CDX prefix */
    run(&r, (const char *const[]){"-C", store, "backfill", "wb", "--wayback-url", wb.base, "--from",
                                  "2021-07", "--to", "2021-07", NULL});
    cr_assert_eq(r.status, 0, "exit %d: %s %s", r.status, r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "wb: 1 captures listed, 1 already recorded"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    pd_test_server_stop(&wb);
    cr_assert_eq(versions_of("wb"), 4);
    run(&r, (const char *const[]){"-C", store, "log", "wb", NULL});
    log = r.out.ptr;
    cr_assert(strstr(log, "2018-01-05") && strstr(log, "2023-06-01"), "%s", log);
    cr_assert(strstr(log, "2018-01-05") < strstr(log, "2023-06-01"), "in capture order: %s", log);
    pd_test_run_dispose(&r);
}

Test(check, diff_between_two_dates_from_the_wayback_machine)
{
    pd_test_server wb;
    pd_test_run_result r;
    json_t *j;
    char root[4200];

    snprintf(root, sizeof(root), "%s", pd_test_path("cli/fixtures/wayback"));
    pd_test_server_start(&wb, root, NULL);
    /* 2021-06-30: the 503 row of 2021-06-20 is skipped, 2021-07-02 is nearest */
    wayback_diff(&r, &wb, "2018-01-01", "2021-06-30", "json");
    cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err.ptr);
    j = json_loads(r.out.ptr, 0, NULL);
    cr_assert_not_null(j, "%s", r.out.ptr);
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "old"), "date")),
                     "2018-01-05T12:00:00Z");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "new"), "date")),
                     "2021-07-02T08:00:00Z");
    cr_assert(strstr(json_string_value(json_object_get(json_object_get(j, "new"), "source")),
                     "/web/20210702080000/https://shop.example/privacy"));
    json_decref(j);
    pd_test_run_dispose(&r);

    /* two dates on the same version: exit 0 */
    wayback_diff(&r, &wb, "2018-01-01", "2018-07-01", "text");
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out.ptr);
    pd_test_run_dispose(&r);

    /* a cosmetic-only difference: exit 0 */
    wayback_diff(&r, &wb, "2021-08-01", "2023-01-01", "markdown");
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.out.ptr);
    cr_assert(strstr(r.out.ptr, "**policydiff:**"));
    pd_test_run_dispose(&r);

    /* a capture that is a bot wall is not compared: exit 3, saying so */
    wayback_diff(&r, &wb, "2017-01-01", "2021-06-30", "text");
    cr_assert_eq(r.status, 3, "exit %d: %s%s", r.status, r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "is not the policy (bot wall"), "%s", r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "");
    pd_test_run_dispose(&r);

    /* no capture of that URL: exit 2 with a message */
    run(&r, (const char *const[]){"diff", "--wayback", "https://none.example/", "--wayback-url",
                                  wb.base, "--from", "2019", NULL});
    cr_assert_eq(r.status, 2, "exit %d", r.status);
    cr_assert(strstr(r.err.ptr, "no capture"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    pd_test_server_stop(&wb);

    /* the Wayback Machine unreachable: exit 3 */
    run(&r, (const char *const[]){"diff", "--wayback", "https://shop.example/privacy",
                                  "--wayback-url", wb.base, "--from", "2019", NULL});
    cr_assert_eq(r.status, 3, "exit %d: %s", r.status, r.err.ptr);
    pd_test_run_dispose(&r);

    /* usage */
    run(&r, (const char *const[]){"diff", "--wayback", "https://shop.example/privacy", NULL});
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
}

/* ---- the integration recipes of scripts/integrations, run as written ---- */

/* The lines of scripts/integrations/<name> that are not comments. */
static void read_integration(pd_buf *out, const char *name)
{
    char path[1200];
    const char *root = getenv("PD_SOURCE_ROOT");
    cr_assert(root, "PD_SOURCE_ROOT is not set");
    snprintf(path, sizeof(path), "%s/scripts/integrations/%s", root, name);
    cr_assert_eq(pd_buf_read_file(out, path, 0), 0, "cannot read %s", path);
}

/* The value of KEY=... in an environment file, NULL when absent. */
static char *env_value(const char *env, const char *key)
{
    size_t kl = strlen(key);
    for (const char *l = env; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, key, kl) && l[kl] == '=')
            return strndup(l + kl + 1, strcspn(l + kl + 1, "\n"));
    return NULL;
}

/* The crontab line runs through /bin/sh with the user's HOME: the first run
 * reports the first version, the next one prints nothing (cron mails
 * nothing) and both write the report. */
Test(check, crontab_line_runs_as_written)
{
    pd_buf tab = PD_BUF_INIT, cmd = PD_BUF_INIT;
    const char *bin = getenv("PD_BIN"), *line = NULL, *p;
    char link[1200], report[1200];
    struct stat st;

    read_integration(&tab, "policydiff.crontab");
    for (p = tab.ptr; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (*p >= '0' && *p <= '9')
            line = p; /* "m h dom mon dow command" */
    cr_assert(line, "no schedule line in the crontab");
    for (int field = 0; field < 5; field++) {
        line += strspn(line, " \t");
        line += strcspn(line, " \t");
    }
    line += strspn(line, " \t");
    cr_assert(!strncmp(line, "/usr/local/bin/policydiff ", 26), "%s", line);
    pd_buf_puts(&cmd, "HOME='");
    pd_buf_puts(&cmd, dir);
    pd_buf_puts(&cmd, "' && export HOME && '");
    pd_buf_puts(&cmd, bin);
    pd_buf_putc(&cmd, '\'');
    pd_buf_put(&cmd, line + 25, strcspn(line + 25, "\n"));
    snprintf(link, sizeof(link), "%s/policies", dir);
    cr_assert_eq(symlink(store, link), 0);
    snprintf(report, sizeof(report), "%s/policies-last-check.md", dir);

    for (int pass = 0; pass < 2; pass++) {
        const char *sh[] = {"/bin/sh", "-c", pd_buf_cstr(&cmd), NULL};
        pid_t pid;
        int pipefd[2], status;
        char out[4096];
        ssize_t got, total = 0;
        cr_assert_eq(pipe(pipefd), 0);
        if ((pid = fork()) == 0) {
            dup2(pipefd[1], 1);
            dup2(pipefd[1], 2);
            close(pipefd[0]);
            execv(sh[0], (char *const *)sh);
            _exit(127);
        }
        close(pipefd[1]);
        while ((got = read(pipefd[0], out + total, sizeof(out) - 1 - (size_t)total)) > 0)
            total += got;
        out[total] = '\0';
        close(pipefd[0]);
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "pass %d: %s", pass, out);
        if (pass == 0)
            cr_assert(strstr(out, "shop") && strstr(out, "first version"), "%s", out);
        else
            cr_assert_str_eq(out, "", "an unchanged run must print nothing for cron: %s", out);
        cr_assert_eq(stat(report, &st), 0, "no report at %s", report);
    }
    pd_buf_dispose(&tab);
    pd_buf_dispose(&cmd);
}

/* The systemd service's ExecStart, with the shipped environment file and
 * systemd's "${VAR}" rule (replaced inside its word, never split): the
 * empty notify command and webhook mean none, and the run records. */
Test(check, systemd_service_runs_with_its_environment_file)
{
    pd_buf unit = PD_BUF_INIT, env = PD_BUF_INIT;
    const char *exec;
    char *argv[32], report[1200], *words, *save = NULL;
    size_t argc = 0;
    pd_test_run_result r;
    struct stat st;

    read_integration(&unit, "policydiff-check.service");
    read_integration(&env, "policydiff-check.env");
    snprintf(report, sizeof(report), "%s/last-check.md", dir);
    cr_assert(exec = strstr(unit.ptr, "\nExecStart="), "no ExecStart");
    exec += strlen("\nExecStart=");
    words = strndup(exec, strcspn(exec, "\n"));
    for (char *w = strtok_r(words, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save)) {
        pd_buf b = PD_BUF_INIT;
        for (const char *q = w; *q;) {
            const char *end;
            if (q[0] == '$' && q[1] == '{' && (end = strchr(q, '}'))) {
                char *key = strndup(q + 2, (size_t)(end - q - 2)), *val;
                if (!strcmp(key, "POLICYDIFF_STORE"))
                    val = strdup(store);
                else if (!strcmp(key, "POLICYDIFF_REPORT"))
                    val = strdup(report);
                else
                    val = env_value(env.ptr, key);
                cr_assert(val, "the environment file does not set %s", key);
                pd_buf_puts(&b, val);
                free(val);
                free(key);
                q = end + 1;
            } else {
                pd_buf_putc(&b, *q++);
            }
        }
        argv[argc++] = pd_buf_detach(&b);
    }
    argv[argc] = NULL;
    cr_assert_str_eq(argv[0], "/usr/local/bin/policydiff");
    pd_test_run(&r, NULL, (const char *const *)argv + 1);
    cr_assert_eq(r.status, 0, "exit %d: %s%s", r.status, r.out.ptr, r.err.ptr);
    cr_assert_eq(versions_of("shop"), 1);
    cr_assert_eq(stat(report, &st), 0, "no report at %s", report);
    pd_test_run_dispose(&r);
    for (size_t i = 0; i < argc; i++)
        free(argv[i]);
    free(words);
    pd_buf_dispose(&unit);
    pd_buf_dispose(&env);
}

/* systemd itself accepts the service and the timer (when systemd-analyze is
 * installed). */
Test(check, systemd_units_pass_systemd_analyze_verify)
{
    pd_buf unit = PD_BUF_INIT, timer = PD_BUF_INIT, cmd = PD_BUF_INIT;
    char path[1200];
    const char *bin = getenv("PD_BIN");
    char *p;
    int status;

    if (system("command -v systemd-analyze >/dev/null 2>&1") != 0)
        cr_skip_test("systemd-analyze is not installed");
    read_integration(&unit, "policydiff-check.service");
    read_integration(&timer, "policydiff-check.timer");
    /* the binary where the unit expects it: the built one */
    while ((p = strstr(unit.ptr, "/usr/local/bin/policydiff"))) {
        pd_buf b = PD_BUF_INIT;
        pd_buf_put(&b, unit.ptr, (size_t)(p - unit.ptr));
        pd_buf_puts(&b, bin);
        pd_buf_puts(&b, p + strlen("/usr/local/bin/policydiff"));
        pd_buf_dispose(&unit);
        unit = b;
    }
    snprintf(path, sizeof(path), "%s/policydiff-check.service", dir);
    cr_assert_eq(pd_write_file_atomic(path, unit.ptr, unit.len), 0);
    snprintf(path, sizeof(path), "%s/policydiff-check.timer", dir);
    cr_assert_eq(pd_write_file_atomic(path, timer.ptr, timer.len), 0);
    pd_buf_puts(&cmd, "cd '");
    pd_buf_puts(&cmd, dir);
    pd_buf_puts(&cmd, "' && systemd-analyze verify --man=no ./policydiff-check.service "
                      "./policydiff-check.timer 2>verify.log; s=$?; cat verify.log >&2; exit $s");
    status = system(pd_buf_cstr(&cmd));
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "systemd-analyze verify rejects the units (see above)");
    pd_buf_dispose(&unit);
    pd_buf_dispose(&timer);
    pd_buf_dispose(&cmd);
}
