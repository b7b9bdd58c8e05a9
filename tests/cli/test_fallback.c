/* fetch and check --fallback wayback: a live page refused by the guard (a
 * bot wall) or answering an HTTP error is replaced by the newest capture of
 * the Wayback Machine imitation, when newer than the last version, recorded
 * with Via: wayback; otherwise the live failure stays and says why. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/server.h"
#include "support/testutil.h"
#include "util/error.h"

static char *dir;
static char store[1024], site[1024], archive[1024];
static char walled[512], down[512];
static pd_test_server live, wayback;

static void copy_file(const char *from_rel, const char *to_dir, const char *name)
{
    pd_buf b = PD_BUF_INIT;
    char to[1200];
    snprintf(to, sizeof(to), "%s/%s", to_dir, name);
    pd_test_read(&b, from_rel);
    cr_assert_eq(pd_write_file_atomic(to, b.ptr, b.len), 0, "cannot write %s", to);
    pd_buf_dispose(&b);
}

static void run(pd_test_run_result *r, const char *const *args)
{
    const char *argv[32] = {"-C", store};
    size_t n = 2;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pd_test_run(r, NULL, argv);
}

/* The live site (its pages behind the test server's faults) and the
 * archive: captures of those very addresses. */
static void setup(void)
{
    pd_test_run_result r;
    char index[1200];
    FILE *f;
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "5", 1);
    setenv("POLICYDIFF_HTTP_MAX_WAIT_MS", "50", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    setenv("POLICYDIFF_CDX_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CAPTURE_INTERVAL_MS", "0", 1);
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(site, sizeof(site), "%.900s/site", dir);
    snprintf(archive, sizeof(archive), "%.900s/archive", dir);
    cr_assert_eq(mkdir(site, 0700), 0);
    cr_assert_eq(mkdir(archive, 0700), 0);
    copy_file("cli/fixtures/site/v1.html", site, "privacy.html");
    copy_file("cli/fixtures/site/v1.html", site, "gone.html");
    pd_test_server_start(&live, site, NULL);
    snprintf(walled, sizeof(walled), "%s/fault/botwall/privacy.html", live.base);
    snprintf(down, sizeof(down), "%s/fault/503/gone.html", live.base);
    copy_file("cli/fixtures/site/v1.html", archive, "v1.html");
    copy_file("cli/fixtures/site/v2.html", archive, "v2.html");
    copy_file("cli/fixtures/site/v3.html", archive, "v3.html");
    snprintf(index, sizeof(index), "%s/wayback.tsv", archive);
    cr_assert(f = fopen(index, "w"));
    fprintf(f, "20231201000000\t%s\t200\tv1.html\n20240301000000\t%s\t200\tv2.html\n", walled,
            walled);
    fprintf(f, "20240401000000\t%s\t200\tv3.html\n", down);
    fclose(f);
    pd_test_server_start(&wayback, archive, NULL);
    setenv("POLICYDIFF_WAYBACK_URL", wayback.base, 1);
    pd_test_run(&r, NULL, (const char *const[]){"init", store, NULL});
    cr_assert_eq(r.status, 0, "init: %s", r.err.ptr);
    pd_test_run_dispose(&r);
    /* both watched, a first version of each in January */
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "down" : "walled";
        run(&r, (const char *const[]){"add", name, i ? down : walled, NULL});
        cr_assert_eq(r.status, 0, "add: %s", r.err.ptr);
        pd_test_run_dispose(&r);
        run(&r, (const char *const[]){"record", name, pd_test_path("cli/fixtures/site/v1.html"),
                                      "--date", "2024-01-15", NULL});
        cr_assert_eq(r.status, 0, "record: %s", r.err.ptr);
        pd_test_run_dispose(&r);
    }
}

static void teardown(void)
{
    unsetenv("POLICYDIFF_WAYBACK_URL");
    pd_test_server_stop(&wayback);
    pd_test_server_stop(&live);
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(fallback, .init = setup, .fini = teardown, .timeout = 120);

Test(fallback, without_it_a_blocked_page_is_not_recorded)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"fetch", NULL});
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "walled: suspicious: "), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "down: failed: "), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"fetch", "--fallback", "archive", NULL});
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err.ptr, "--fallback takes wayback, not 'archive'"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
}

/* The newest capture, newer than January's version, is recorded in its
 * place (Via: wayback, its timestamp); the report says why; a second run
 * finds nothing newer and keeps the live failure, saying so. */
Test(fallback, the_newest_newer_capture_is_recorded_via_wayback)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"check", "--fallback", "wayback", "--format", "json", NULL});
    cr_assert(r.status == 0 || r.status == 1, "%d %s%s", r.status, r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "\"via\": \"wayback\",\n      \"wayback_timestamp\": "
                                "\"20240301000000\""),
              "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "\"wayback_timestamp\": \"20240401000000\""), "%s", r.out.ptr);
    cr_assert(!strstr(r.out.ptr, "\"status\": \"suspicious\""), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"log", "walled", "--format", "json", NULL});
    cr_assert(strstr(r.out.ptr, "\"via\": \"wayback\""), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "2024-03-01T00:00:00Z"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"show", "down", NULL});
    pd_buf v3 = PD_BUF_INIT;
    pd_test_run_result n;
    pd_test_run(
        &n, NULL,
        (const char *const[]){"normalize", pd_test_path("cli/fixtures/site/v3.html"), NULL});
    cr_assert_str_eq(r.out.ptr, n.out.ptr);
    pd_test_run_dispose(&n);
    pd_buf_dispose(&v3);
    pd_test_run_dispose(&r);
    /* nothing newer now: the live failure stays, and says why */
    run(&r, (const char *const[]){"fetch", "--fallback", "wayback", NULL});
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "walled: suspicious: "), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "; no Wayback capture newer than the last version\n"), "%s",
              r.out.ptr);
    pd_test_run_dispose(&r);
}

/* fetch says where the version came from, on its line; check's report
 * above the diff. */
Test(fallback, fetch_and_check_say_the_version_came_from_the_wayback_machine)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"fetch", "walled", "--fallback", "wayback", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "walled: new version from the Wayback Machine (capture "
                                "20240301000000; the live page: "),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"check", "down", "--fallback", "wayback", "--format", "markdown",
                                  NULL});
    cr_assert(strstr(r.out.ptr, "_From the Wayback Machine, capture 20240401000000: the live "
                                "page was not used: http://127.0.0.1:"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
}

/* The Wayback Machine of the fallback is held to the address rule as the
 * live page is: a mirror on 127.0.0.1 is refused, saying so, until
 * --allow-private, which serves the live page and the mirror alike. */
Test(fallback, an_internal_mirror_needs_allow_private_like_the_page)
{
    pd_test_run_result r;
    unsetenv("POLICYDIFF_ALLOW_PRIVATE");
    run(&r, (const char *const[]){"fetch", "walled", "--fallback", "wayback", NULL});
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "walled: failed: ") && strstr(r.out.ptr, "an internal address"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r,
        (const char *const[]){"fetch", "walled", "--fallback", "wayback", "--allow-private", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "walled: new version from the Wayback Machine (capture "
                                "20240301000000"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    setenv("POLICYDIFF_ALLOW_PRIVATE", "1", 1);
}

/* A document combined from several pages is not replaced from the Wayback
 * Machine by fetch (its pages' captures need pairing by date, which
 * backfill does): the failure says so rather than nothing. */
Test(fallback, a_combined_document_says_backfill_takes_it_from_the_archive)
{
    pd_test_run_result r;
    char recipe[1100], json[1400];
    snprintf(recipe, sizeof(recipe), "%s/Combo.json", dir);
    snprintf(json, sizeof(json),
             "{\"name\": \"Combo\", \"terms\": {\"Terms of Service\": {\"combine\": "
             "[{\"fetch\": \"%s/privacy.html\"}, {\"fetch\": \"%s\"}], \"select\": "
             "\"body\"}}}",
             live.base, down);
    cr_assert_eq(pd_write_file_atomic(recipe, json, strlen(json)), 0);
    run(&r, (const char *const[]){"import-ota", recipe, NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r,
        (const char *const[]){"fetch", "combo/terms-of-service", "--fallback", "wayback", NULL});
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "combo/terms-of-service: failed: ") &&
                  strstr(r.out.ptr, "; no fallback: a document combined from several pages is "
                                    "taken from the Wayback Machine by backfill only\n"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"log", "combo/terms-of-service", NULL});
    cr_assert_str_eq(r.out.ptr, "");
    pd_test_run_dispose(&r);
}
