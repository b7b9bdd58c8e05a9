/* Schedules (every = in policies.conf): periods, the jitter, and which
 * policies fetch, check and list treat as due, with the clock moved by
 * POLICYDIFF_NOW (util/timeutil.h) instead of sleeping. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/server.h"
#include "store/store.h"
#include "support/testutil.h"
#include "util/error.h"
#include "util/timeutil.h"

#define NPOL 10
#define T0 1798761600 /* 2027-01-01T00:00:00Z */

static char *dir;
static char store[1024], site[1024];
static pd_test_server srv;
static int seen[NPOL]; /* requests per page so far */

/* p0-p2 every hour, p3-p5 every day, p6-p9 every run. */
static const char *every_of(int i)
{
    return i < 3 ? "1h" : i < 6 ? "1d" : NULL;
}

static void run_ok(pd_test_run_result *r, const char *const *argv)
{
    pd_test_run(r, NULL, argv);
    cr_assert_eq(r->status, 0, "%s: exit %d: %s%s", argv[2], r->status, r->out.ptr, r->err.ptr);
}

static void setup(void)
{
    pd_test_run_result r;
    pd_buf b = PD_BUF_INIT;
    char path[1200], url[256], name[16];
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "5", 1);
    setenv("POLICYDIFF_HTTP_MAX_WAIT_MS", "50", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    unsetenv("POLICYDIFF_NOW");
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(site, sizeof(site), "%.900s/site", dir);
    cr_assert_eq(mkdir(site, 0700), 0);
    pd_test_read(&b, "cli/fixtures/site/v1.html");
    for (int i = 0; i < NPOL; i++) {
        snprintf(path, sizeof(path), "%s/p%d.html", site, i);
        cr_assert_eq(pd_write_file_atomic(path, b.ptr, b.len), 0);
    }
    pd_buf_dispose(&b);
    pd_test_server_start(&srv, site, NULL);
    run_ok(&r, (const char *const[]){"init", store, NULL});
    pd_test_run_dispose(&r);
    for (int i = 0; i < NPOL; i++) {
        snprintf(url, sizeof(url), "%s/p%d.html", srv.base, i);
        snprintf(name, sizeof(name), "p%d", i);
        if (every_of(i))
            run_ok(&r, (const char *const[]){"-C", store, "add", name, url, "--every", every_of(i),
                                             NULL});
        else
            run_ok(&r, (const char *const[]){"-C", store, "add", name, url, NULL});
        pd_test_run_dispose(&r);
    }
    memset(seen, 0, sizeof(seen));
}

static void teardown(void)
{
    unsetenv("POLICYDIFF_NOW");
    pd_test_server_stop(&srv);
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(schedule, .init = setup, .fini = teardown, .timeout = 120);

/* Which pages were requested since the last call, as "0123..." */
static void fetched(char *out)
{
    char path[32];
    size_t k = 0;
    for (int i = 0; i < NPOL; i++) {
        int c;
        snprintf(path, sizeof(path), "/p%d.html", i);
        c = pd_test_server_count(&srv, path);
        if (c > seen[i])
            out[k++] = (char)('0' + i);
        seen[i] = c;
    }
    out[k] = '\0';
}

/* Runs CMD (fetch or check, with extra) at T0 + offset; the pages it fetched. */
static void run_at(char *got, int64_t offset, const char *cmd, const char *extra)
{
    pd_test_run_result r;
    char when[32];
    pd_time_format_iso(when, sizeof(when), T0 + offset);
    setenv("POLICYDIFF_NOW", when, 1);
    run_ok(&r, (const char *const[]){"-C", store, cmd, "--jobs", "2", extra, NULL});
    pd_test_run_dispose(&r);
    fetched(got);
}

Test(schedule_units, periods_parse_and_format)
{
    int64_t s;
    char buf[32];
    cr_assert_eq(pd_duration_parse(&s, "30m"), 0);
    cr_assert_eq(s, 1800);
    cr_assert_eq(pd_duration_parse(&s, "12h"), 0);
    cr_assert_eq(s, 43200);
    cr_assert_eq(pd_duration_parse(&s, "1d"), 0);
    cr_assert_eq(s, 86400);
    cr_assert_eq(pd_duration_parse(&s, "1w"), 0);
    cr_assert_eq(s, 604800);
    cr_assert_eq(pd_duration_parse(&s, "0h"), PD_EINVALID);
    cr_assert_eq(pd_duration_parse(&s, "12"), PD_EINVALID);
    cr_assert_eq(pd_duration_parse(&s, "12hours"), PD_EINVALID);
    cr_assert_eq(pd_duration_parse(&s, "-1h"), PD_EINVALID);
    cr_assert_eq(pd_duration_parse(&s, ""), PD_EINVALID);
    pd_duration_format(buf, sizeof(buf), 43200);
    cr_assert_str_eq(buf, "12h");
    pd_duration_format(buf, sizeof(buf), 5400);
    cr_assert_str_eq(buf, "90m");
    pd_duration_format(buf, sizeof(buf), 1209600);
    cr_assert_str_eq(buf, "2w");
}

/* The jitter is the same every time, at most a tenth of the period, and
 * spreads a thousand policies over it. */
Test(schedule_units, jitter_is_deterministic_and_spread)
{
    pd_policy p;
    char name[32];
    int64_t lo = INT64_MAX, hi = 0;
    memset(&p, 0, sizeof(p));
    p.name = name;
    cr_assert_eq(pd_policy_jitter(&(pd_policy){.name = "x"}), 0);
    p.every = 86400;
    for (int i = 0; i < 1000; i++) {
        int64_t j;
        snprintf(name, sizeof(name), "policy-%d", i);
        j = pd_policy_jitter(&p);
        cr_assert_eq(j, pd_policy_jitter(&p));
        cr_assert(j >= 0 && j <= 8640, "%lld", (long long)j);
        lo = j < lo ? j : lo;
        hi = j > hi ? j : hi;
    }
    cr_assert(lo < 600 && hi > 8000, "%lld..%lld", (long long)lo, (long long)hi);
}

Test(schedule, fetch_checks_the_right_policies_at_the_right_runs)
{
    char got[NPOL + 1];
    run_at(got, 0, "fetch", NULL); /* never fetched: all due */
    cr_assert_str_eq(got, "0123456789");
    run_at(got, 1800, "fetch", NULL); /* half an hour: the unscheduled ones */
    cr_assert_str_eq(got, "6789");
    run_at(got, 3600, "fetch", NULL); /* an hour: and the hourly ones */
    cr_assert_str_eq(got, "0126789");
    run_at(got, 3600 + 1800, "fetch", NULL); /* attempts count, not versions */
    cr_assert_str_eq(got, "6789");
    run_at(got, 86400, "check", NULL); /* a day: everything, check too */
    cr_assert_str_eq(got, "0123456789");
    run_at(got, 86400 + 60, "check", NULL);
    cr_assert_str_eq(got, "6789");
    run_at(got, 86400 + 120, "check", "--all"); /* --all ignores the schedule */
    cr_assert_str_eq(got, "0123456789");
    run_at(got, 86400 + 180, "fetch", "--all");
    cr_assert_str_eq(got, "0123456789");
}

Test(schedule, fetch_names_what_is_not_due_and_list_shows_next)
{
    pd_test_run_result r;
    char got[NPOL + 1];
    json_t *j, *p0;
    run_at(got, 0, "fetch", NULL);
    setenv("POLICYDIFF_NOW", "2027-01-01T00:10:00Z", 1);
    run_ok(&r, (const char *const[]){"-C", store, "fetch", "p0", "p3", "p6", NULL});
    cr_assert(strstr(r.out.ptr, "p0: not due until 2027-01-01T0"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "p3: not due until 2026-12-31T") ||
                  strstr(r.out.ptr, "p3: not due until 2027-01-01T"),
              "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "p6: "), "%s", r.out.ptr);
    cr_assert_null(strstr(r.out.ptr, "p6: not due"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);

    run_ok(&r, (const char *const[]){"-C", store, "list", NULL});
    cr_assert(strstr(r.out.ptr, "\tevery 1h\tnext 2027-01-01T0"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "\tevery 1d\tnext 2027-01-01T2"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "p6\thttp://"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);

    run_ok(&r, (const char *const[]){"-C", store, "list", "--format", "json", NULL});
    j = json_loads(r.out.ptr, 0, NULL);
    cr_assert_not_null(j);
    p0 = json_array_get(j, 0);
    cr_assert_eq(json_integer_value(json_object_get(p0, "every")), 3600);
    cr_assert(json_is_string(json_object_get(p0, "next_due")));
    cr_assert_null(json_object_get(json_array_get(j, 6), "every"));
    json_decref(j);
    pd_test_run_dispose(&r);

    /* two hours later the hourly one is due again */
    setenv("POLICYDIFF_NOW", "2027-01-01T02:00:00Z", 1);
    run_ok(&r, (const char *const[]){"-C", store, "list", NULL});
    cr_assert(strstr(r.out.ptr, "p0\thttp://127.0.0.1"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "\tevery 1h\tdue now\n"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
}

Test(schedule, bad_periods_are_refused)
{
    pd_test_run_result r;
    pd_test_run(&r, NULL,
                (const char *const[]){"-C", store, "add", "x", "https://example.org/", "--every",
                                      "soon", NULL});
    cr_assert_eq(r.status, 2, "%d %s", r.status, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "--every"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
}

/* import-ota updating a policy keeps its schedule (and its last attempt). */
Test(schedule, an_ota_update_keeps_the_schedule)
{
    pd_test_run_result r;
    char decl[1200], conf[1200];
    const char *v1 = "{\"name\": \"Example\", \"documents\": {\"Privacy Policy\": "
                     "{\"fetch\": \"https://example.com/privacy\", \"select\": \"main\"}}}";
    const char *v2 = "{\"name\": \"Example\", \"documents\": {\"Privacy Policy\": "
                     "{\"fetch\": \"https://example.com/privacy\", \"select\": \"article\"}}}";
    pd_buf b = PD_BUF_INIT;
    snprintf(decl, sizeof(decl), "%s/Example.json", dir);
    snprintf(conf, sizeof(conf), "%s/policies.conf", store);
    cr_assert_eq(pd_write_file_atomic(decl, v1, strlen(v1)), 0);
    run_ok(&r, (const char *const[]){"-C", store, "import-ota", decl, NULL});
    pd_test_run_dispose(&r);
    /* a schedule given by hand */
    cr_assert_eq(pd_buf_read_file(&b, conf, 1 << 20), 0);
    pd_buf_puts(&b, "\tevery = 1w\n");
    cr_assert_eq(pd_write_file_atomic(conf, b.ptr, b.len), 0);
    pd_buf_dispose(&b);
    run_ok(&r, (const char *const[]){"-C", store, "list", NULL});
    cr_assert(strstr(r.out.ptr, "example/privacy-policy\thttps://example.com/privacy\tevery 1w"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_write_file_atomic(decl, v2, strlen(v2)), 0);
    run_ok(&r, (const char *const[]){"-C", store, "import-ota", decl, NULL});
    cr_assert(strstr(r.out.ptr, "updated example/privacy-policy"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run_ok(&r, (const char *const[]){"-C", store, "list", NULL});
    cr_assert(strstr(r.out.ptr, "example/privacy-policy\thttps://example.com/privacy\tevery 1w"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
}
