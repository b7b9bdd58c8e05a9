/* Hostile servers (issue 19): internal addresses, a 304 to a request that
 * sent no validators, a Retry-After of decades, a megabyte of headers,
 * redirects recorded as Final-URL, and hand-edited recipes that must not
 * block the other policies.  Every server is pd-testserver on 127.0.0.1. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/addr.h"
#include "fetch/http.h"
#include "server.h"
#include "store/store.h"
#include "support/testutil.h"
#include "util/error.h"

static pd_test_server srv, other;
static char *tmp; /* the store */

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    tmp = pd_test_tmpdir();
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "10", 1);
    setenv("POLICYDIFF_HTTP_MAX_WAIT_MS", "1500", 1);
    setenv("POLICYDIFF_HTTP_TIMEOUT_MS", "5000", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    pd_test_server_start(&srv, pd_test_path("fetch/fixtures/site"), NULL);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    pd_test_server_stop(&other);
    pd_test_rmtree(tmp);
    free(tmp);
    curl_global_cleanup();
}

TestSuite(hostile, .init = setup, .fini = teardown, .timeout = 120);

static pd_http_options strict(void)
{
    pd_http_options o = PD_HTTP_OPTIONS_INIT;
    o.backoff_ms = 10;
    o.max_wait_ms = 1500;
    o.host_delay_ms = 0;
    o.allow_private = 0; /* the default: what these tests are about */
    return o;
}

static void get(pd_http_result *r, const char *url, const pd_http_options *o)
{
    pd_http_request req = {.url = url};
    pd_http_get(r, &req, o);
}

/* ---- addresses ---- */

Test(hostile, internal_ranges_are_named)
{
    static const struct {
        const char *addr, *range;
    } cases[] = {
        {"127.0.0.1", "loopback"},
        {"127.255.0.9", "loopback"},
        {"10.1.2.3", "private"},
        {"172.16.0.1", "private"},
        {"172.31.255.255", "private"},
        {"192.168.1.1", "private"},
        {"169.254.169.254", "link-local"},
        {"100.64.0.1", "shared address space"},
        {"0.0.0.0", "unspecified"},
        {"224.0.0.251", "multicast"},
        {"255.255.255.255", "reserved"},
        {"::1", "loopback"},
        {"::", "unspecified"},
        {"fe80::1", "link-local"},
        {"fd00::1", "unique local"},
        {"ff02::1", "multicast"},
        {"::ffff:127.0.0.1", "loopback"},
        {"::ffff:169.254.169.254", "link-local"},
        {"64:ff9b::a00:1", "private"},
        {"2002:c0a8:0101::1", "private"},
        {"8.8.8.8", NULL},
        {"172.32.0.1", NULL},
        {"93.184.216.34", NULL},
        {"2606:4700::1111", NULL},
        {"::ffff:8.8.8.8", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sockaddr_storage ss;
        const char *got;
        cr_assert(pd_addr_parse(&ss, cases[i].addr, 80), "%s", cases[i].addr);
        got = pd_addr_internal((const struct sockaddr *)&ss);
        if (cases[i].range)
            cr_assert(got && !strcmp(got, cases[i].range), "%s: %s", cases[i].addr,
                      got ? got : "public");
        else
            cr_assert_null(got, "%s: %s", cases[i].addr, got);
        cr_assert_eq(pd_addr_internal_text(cases[i].addr) == NULL, cases[i].range == NULL);
    }
}

Test(hostile, a_loopback_server_is_refused_before_anything_is_sent)
{
    pd_http_options o = strict();
    pd_http_result r;
    char url[256];
    snprintf(url, sizeof(url), "%s/privacy.html", srv.base);
    get(&r, url, &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert(strstr(r.message, "127.0.0.1 (loopback)"), "%s", r.message);
    cr_assert(strstr(r.message, "--allow-private"), "%s", r.message);
    cr_assert_eq(r.attempts, 1, "refusals are not retried");
    cr_assert_eq(r.body.len, 0);
    pd_http_result_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/privacy.html"), 0);
    /* allowed, it is fetched */
    o.allow_private = 1;
    get(&r, url, &o);
    cr_assert_eq(r.error, 0, "%s", r.message);
    cr_assert_eq(r.status, 200);
    pd_http_result_dispose(&r);
}

Test(hostile, a_name_that_resolves_to_an_internal_address_is_refused)
{
    pd_http_options o = strict();
    pd_http_result r;
    char url[256];
    /* the check is on the address connected to, after DNS */
    snprintf(url, sizeof(url), "http://policy.localhost:%d/privacy.html", srv.port);
    get(&r, url, &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert(strstr(r.message, "(loopback)"), "%s", r.message);
    pd_http_result_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/privacy.html"), 0);
}

/* on_connect: the first server's port plays a public site, any other
 * address is internal */
static const char *only_first_is_public(const struct sockaddr *addr, void *payload)
{
    const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)addr;
    int port = *(const int *)payload;
    if (addr->sa_family == AF_INET && ntohs(in->sin_port) == port)
        return NULL;
    return pd_addr_internal(addr);
}

Test(hostile, a_redirect_to_an_internal_address_is_refused)
{
    pd_http_options o = strict();
    pd_http_result r;
    char url[512];
    pd_test_server_start(&other, pd_test_path("fetch/fixtures/site"), NULL);
    o.on_connect = only_first_is_public;
    o.on_connect_payload = &srv.port;
    snprintf(url, sizeof(url), "%s/_redirect?to=http://127.0.0.1:%d/privacy.html", srv.base,
             other.port);
    get(&r, url, &o);
    cr_assert_eq(r.error, PD_ENET, "%s", r.message);
    cr_assert(strstr(r.message, "redirected to http://127.0.0.1:"), "%s", r.message);
    cr_assert(strstr(r.message, "(loopback)"), "%s", r.message);
    pd_http_result_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/_redirect"), 1);
    cr_assert_eq(pd_test_server_count(&other, "/privacy.html"), 0, "the internal page was asked");
    /* a redirect that stays on the public site is followed */
    snprintf(url, sizeof(url), "%s/_redirect?to=/privacy.html", srv.base);
    get(&r, url, &o);
    cr_assert_eq(r.error, 0, "%s", r.message);
    cr_assert_eq(r.status, 200);
    pd_http_result_dispose(&r);
}

/* ---- what hostile servers answer ---- */

Test(hostile, a_retry_after_of_decades_ends_the_request_at_once)
{
    pd_http_options o = strict();
    pd_http_result r;
    char url[256];
    o.allow_private = 1;
    o.retries = 3;
    snprintf(url, sizeof(url), "%s/fault/retry-huge/privacy.html", srv.base);
    get(&r, url, &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.attempts, 1, "asked %d times", r.attempts);
    cr_assert(strstr(r.message, "asks to wait"), "%s", r.message);
    pd_http_result_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/retry-huge/privacy.html"), 1);
    cr_assert_eq(pd_http_retry_after_seconds("999999999999", 0), PD_HTTP_RETRY_AFTER_HUGE);
}

Test(hostile, a_megabyte_of_headers_is_said_for_what_it_is)
{
    pd_http_options o = strict();
    pd_http_result r;
    char url[256];
    o.allow_private = 1;
    snprintf(url, sizeof(url), "%s/fault/bigheader/", srv.base);
    get(&r, url, &o);
    cr_assert_eq(r.error, PD_EBUDGET, "%s", r.message);
    cr_assert(strstr(r.message, "header budget"), "%s", r.message);
    cr_assert(!strstr(r.message, "Out of memory"), "%s", r.message);
    pd_http_result_dispose(&r);
}

/* ---- end to end: fetch ---- */

static void make_store(const char *const *pairs, int allow_private)
{
    pd_store *s = NULL;
    cr_assert_eq(pd_store_init(&s, tmp), 0, "%s", pd_error_last());
    for (size_t i = 0; pairs[i]; i += 2) {
        char url[512];
        pd_policy p;
        memset(&p, 0, sizeof(p));
        snprintf(url, sizeof(url), "%s%s", pairs[i + 1][0] == '/' ? srv.base : "", pairs[i + 1]);
        p.name = (char *)pairs[i];
        p.url = url;
        p.allow_private = allow_private;
        cr_assert_eq(pd_store_policy_add(s, &p), 0, "%s", pd_error_last());
    }
    pd_store_free(s);
}

static void run(pd_test_run_result *r, const char *const *args)
{
    const char *argv[32] = {"-C", tmp};
    size_t i;
    for (i = 0; args[i] && i < 29; i++)
        argv[i + 2] = args[i];
    argv[i + 2] = NULL;
    pd_test_run(r, NULL, argv);
}

static size_t versions(const char *name)
{
    pd_store *s = NULL;
    pd_version *v = NULL;
    size_t n = 0;
    cr_assert_eq(pd_store_open(&s, tmp), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_log(&v, &n, s, name, INT64_MIN, INT64_MAX), 0, "%s", pd_error_last());
    pd_version_array_free(v, n);
    pd_store_free(s);
    return n;
}

/* The output of a git command in the store (caller frees). */
static char *git(const char *args)
{
    char cmd[4096], buf[4096];
    pd_buf out = PD_BUF_INIT;
    size_t n;
    FILE *f;
    snprintf(cmd, sizeof(cmd), "git --git-dir='%s' %s 2>&1", tmp, args);
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&out, buf, n);
    pclose(f);
    pd_buf_puts(&out, "");
    return pd_buf_detach(&out);
}

Test(hostile, fetch_refuses_internal_addresses_unless_allowed)
{
    static const char *const pairs[] = {"a/intranet", "/privacy.html", NULL};
    const char *plain[] = {"fetch", NULL}, *allowed[] = {"fetch", "--allow-private", NULL};
    pd_test_run_result r;

    unsetenv("POLICYDIFF_ALLOW_PRIVATE"); /* the tests' environment allows it */
    make_store(pairs, 0);
    run(&r, plain);
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "a/intranet: failed: "), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "refused to connect to 127.0.0.1 (loopback)"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("a/intranet"), 0);
    cr_assert_eq(pd_test_server_count(&srv, "/privacy.html"), 0);
    run(&r, allowed);
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("a/intranet"), 1);
}

Test(hostile, the_policy_key_allows_one_intranet_policy)
{
    static const char *const pairs[] = {"a/intranet", "/privacy.html", NULL};
    const char *plain[] = {"fetch", NULL};
    pd_test_run_result r;
    pd_buf conf = PD_BUF_INIT;
    char path[4200];

    unsetenv("POLICYDIFF_ALLOW_PRIVATE");
    make_store(pairs, 1);
    snprintf(path, sizeof(path), "%s/policies.conf", tmp);
    cr_assert_eq(pd_buf_read_file(&conf, path, 0), 0);
    cr_assert(strstr(pd_buf_cstr(&conf), "allow-private = true"), "%s", pd_buf_cstr(&conf));
    pd_buf_dispose(&conf);
    run(&r, plain);
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "a/intranet: new version\n");
    pd_test_run_dispose(&r);
}

/* "allow-private" alone on its line is git's true, as git reads it. */
Test(hostile, a_bare_allow_private_line_is_true)
{
    static const char *const pairs[] = {"a/intranet", "/privacy.html", NULL};
    const char *plain[] = {"fetch", NULL};
    pd_test_run_result r;
    pd_buf conf = PD_BUF_INIT;
    char path[4200], *at;

    unsetenv("POLICYDIFF_ALLOW_PRIVATE");
    make_store(pairs, 1);
    snprintf(path, sizeof(path), "%s/policies.conf", tmp);
    cr_assert_eq(pd_buf_read_file(&conf, path, 0), 0);
    cr_assert((at = strstr(conf.ptr, "allow-private = true")));
    memcpy(at + strlen("allow-private"), "       ", 7); /* "allow-private" and blanks */
    cr_assert_eq(pd_write_file_atomic(path, conf.ptr, conf.len), 0);
    pd_buf_dispose(&conf);
    run(&r, plain);
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "a/intranet: new version\n");
    pd_test_run_dispose(&r);
}

/* A proxy variable that does not cover a request (https_proxy for an http
 * URL; no_proxy) leaves it connected directly, and checked as ever; a
 * proxy on a loopback address is connected to, it resolves for us. */
Test(hostile, a_proxy_variable_does_not_turn_the_check_off)
{
    static const char *const pairs[] = {"a/intranet", "/privacy.html", NULL};
    const char *plain[] = {"fetch", NULL};
    pd_test_run_result r;
    char proxy[128];

    unsetenv("POLICYDIFF_ALLOW_PRIVATE");
    make_store(pairs, 0);
    setenv("https_proxy", "http://192.0.2.1:9", 1);
    run(&r, plain);
    unsetenv("https_proxy");
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "refused to connect to 127.0.0.1 (loopback)"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/privacy.html"), 0);
    setenv("http_proxy", "http://192.0.2.1:9", 1);
    setenv("no_proxy", "127.0.0.1", 1);
    run(&r, plain);
    unsetenv("http_proxy");
    unsetenv("no_proxy");
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "refused to connect to 127.0.0.1 (loopback)"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/privacy.html"), 0);
    /* the test server as the proxy of a public name: connected to though
     * on 127.0.0.1 (it answers the proxied request as it can) */
    run(&r, (const char *const[]){"add", "b/public", "http://policy.example/privacy.html", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%d", srv.port);
    setenv("http_proxy", proxy, 1);
    run(&r, (const char *const[]){"fetch", "b/public", NULL});
    unsetenv("http_proxy");
    cr_assert(strstr(r.out.ptr, "b/public: "), "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(!strstr(r.out.ptr, "an internal address"), "%s", r.out.ptr);
    cr_assert(!strstr(r.out.ptr, "resolve"), "the proxy resolved it: %s", r.out.ptr);
    pd_test_run_dispose(&r);
}

Test(hostile, a_304_to_a_first_request_is_an_error)
{
    static const char *const pairs[] = {"a/never", "/fault/304/privacy.html", NULL};
    const char *args[] = {"fetch", NULL};
    pd_test_run_result r;
    make_store(pairs, 0);
    run(&r, args);
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "a/never: failed: "), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "304 Not Modified to a request that sent no validators"), "%s",
              r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("a/never"), 0);
}

Test(hostile, the_address_redirects_led_to_is_recorded)
{
    static const char *const pairs[] = {"a/moved", "/_redirect?to=/privacy.html", NULL};
    const char *args[] = {"fetch", NULL};
    pd_test_run_result r;
    char want[300], *msg;
    make_store(pairs, 0);
    run(&r, args);
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    msg = git("log -1 --format=%B versions/a/moved");
    snprintf(want, sizeof(want), "\nFinal-URL: %s/privacy.html\n", srv.base);
    cr_assert(strstr(msg, want), "%s", msg);
    cr_assert(strstr(msg, "Source: "), "%s", msg);
    free(msg);
}

Test(hostile, retry_after_and_huge_headers_through_fetch)
{
    static const char *const pairs[] = {"a/later", "/fault/retry-huge/privacy.html", "b/headers",
                                        "/fault/bigheader/", NULL};
    const char *args[] = {"fetch", "--retries", "3", NULL};
    pd_test_run_result r;
    make_store(pairs, 0);
    run(&r, args);
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "a/later: failed: ") && strstr(r.out.ptr, "asks to wait"), "%s",
              r.out.ptr);
    cr_assert(strstr(r.out.ptr, "b/headers: failed: ") && strstr(r.out.ptr, "header budget"), "%s",
              r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/retry-huge/privacy.html"), 1);
}

/* Appends text to the store's policies.conf, as a hand edit would. */
static void edit_conf(const char *text)
{
    char path[4200];
    FILE *f;
    snprintf(path, sizeof(path), "%s/policies.conf", tmp);
    f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

Test(hostile, a_bad_hand_edited_recipe_blocks_no_other_policy)
{
    static const char *const pairs[] = {"a/good", "/privacy.html", NULL};
    const char *args[] = {"fetch", NULL};
    pd_test_run_result r;
    char extra[1024];
    make_store(pairs, 0);
    snprintf(extra, sizeof(extra),
             "[policy \"b/badselector\"]\n\turl = %s/privacy.html\n\tselect = div >\n"
             "[policy \"c/badrecipe\"]\n\turl = %s/privacy.html\n\trecipe = {\"select\": 7}\n",
             srv.base, srv.base);
    edit_conf(extra);
    run(&r, args);
    cr_assert_eq(r.status, 2, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "a/good: new version\n"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "b/badselector: failed: policies.conf"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "c/badrecipe: failed: policies.conf"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("a/good"), 1);
    /* named alone, the bad one is still exit 2 */
    const char *one[] = {"fetch", "c/badrecipe", NULL};
    run(&r, one);
    cr_assert_eq(r.status, 2, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
}

/* ---- end to end: backfill from a hostile Wayback Machine ---- */

/* A Wayback imitation in a fresh directory: good captures on 2019-03-01
 * and 2020-03-01, and rows of impossible timestamps; the server is
 * restarted on it.  Returns the directory (caller frees). */
static char *wayback_with_impossible_dates(void)
{
    static const char *const stamps[] = {"20190301120000", "00000000000000", "19000101000000",
                                         "20191301000000", "20190230000000", "29990101000000",
                                         "2019",           "20200301120000"};
    char *dir = pd_test_tmpdir(), path[4200];
    FILE *idx;
    snprintf(path, sizeof(path), "%s/wayback.tsv", dir);
    idx = fopen(path, "w");
    cr_assert_not_null(idx);
    for (size_t i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
        char file[4200];
        FILE *f;
        snprintf(file, sizeof(file), "%s/c%zu.html", dir, i);
        f = fopen(file, "w");
        cr_assert_not_null(f);
        fprintf(f,
                "<html><body><main><h1>Privacy</h1><p>We keep your address for %zu years."
                "</p><p>You can ask us to delete it.</p></main></body></html>\n",
                i + 1);
        fclose(f);
        fprintf(idx, "%s\thttps://example.com/privacy\t200\tc%zu.html\n", stamps[i], i);
    }
    fclose(idx);
    pd_test_server_stop(&srv);
    pd_test_server_start(&srv, dir, NULL);
    return dir;
}

static void backfill(pd_test_run_result *r, const char *base_suffix)
{
    char base[512];
    const char *args[] = {"backfill", "p", "--wayback-url", base, NULL};
    snprintf(base, sizeof(base), "%s%s", srv.base, base_suffix);
    run(r, args);
}

static void backfill_setup(void)
{
    static const char *const pairs[] = {"p", "https://example.com/privacy", NULL};
    setenv("POLICYDIFF_CDX_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CAPTURE_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CDX_PAGE_SIZE", "30", 1);
    make_store(pairs, 0);
}

Test(hostile, impossible_wayback_dates_are_skipped_and_the_backfill_goes_on)
{
    pd_test_run_result r;
    char *dir;
    backfill_setup();
    dir = wayback_with_impossible_dates();
    backfill(&r, "");
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "skipped 6 captures") && strstr(r.err.ptr, "impossible timestamp"),
              "%s", r.err.ptr);
    cr_assert(strstr(r.out.ptr, "2 new versions"), "%s", r.out.ptr);
    cr_assert(strstr(r.out.ptr, "6 with an impossible date (skipped)"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("p"), 2);
    pd_test_rmtree(dir);
    free(dir);
}

Test(hostile, an_impossible_memento_datetime_is_skipped)
{
    pd_test_run_result r;
    char *dir;
    backfill_setup();
    dir = wayback_with_impossible_dates();
    /* every capture served as archived on 1 January 1970 */
    backfill(&r, "/fault/memento-epoch");
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "(Memento-Datetime), which cannot be; skipped"), "%s", r.err.ptr);
    cr_assert(strstr(r.out.ptr, "0 new versions"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("p"), 0, "no version dated 1970");
    pd_test_rmtree(dir);
    free(dir);
}

Test(hostile, an_endless_cdx_listing_stops_at_its_budget)
{
    pd_test_run_result r;
    backfill_setup();
    backfill(&r, "/fault/cdx-samekey");
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "same resume key twice"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/cdx-samekey/cdx/search/cdx"), 2);
    backfill(&r, "/fault/cdx-endless");
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "CDX page budget"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    /* before: 10,000 pages (5.6 hours at the real pacing) */
    cr_assert_eq(pd_test_server_count(&srv, "/fault/cdx-endless/cdx/search/cdx"), 200);
}

Test(hostile, a_cdx_page_of_more_rows_than_asked_for_is_refused)
{
    pd_test_run_result r;
    backfill_setup();
    backfill(&r, "/fault/cdx-flood");
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.err.ptr, "100000 rows") && strstr(r.err.ptr, "when 30 were asked for"), "%s",
              r.err.ptr);
    cr_assert(strstr(r.err.ptr, "CDX row budget"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    cr_assert_eq(versions("p"), 0);
}
