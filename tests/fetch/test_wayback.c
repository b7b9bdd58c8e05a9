/* CDX parsing, the Wayback client against pd-testserver, and the garbage guard. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "fetch/guard.h"
#include "fetch/wayback.h"
#include "server.h"
#include "support/testutil.h"
#include "util/error.h"

/* ---- parsing (no server) ---- */

Test(cdx, parses_the_documented_example)
{
    pd_cdx_result r = {0};
    pd_buf in = PD_BUF_INIT;
    pd_test_read(&in, "fetch/fixtures/cdx/example.json");
    cr_assert_eq(pd_cdx_parse(&r, in.ptr, in.len), 0, "%s", pd_error_last());
    cr_assert_eq(r.n, 2);
    cr_assert_str_eq(r.items[0].timestamp, "20121021152637");
    cr_assert_str_eq(r.items[0].original, "http://www.buytrends.com/security-privacy-i-8.html");
    cr_assert_eq(r.items[0].status, 200);
    cr_assert_str_eq(r.items[0].digest, "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
    cr_assert_str_eq(r.items[0].mimetype, "text/html");
    cr_assert_eq(r.items[0].time, 1350833197);
    cr_assert_str_eq(r.items[1].timestamp, "20130502081100");
    cr_assert_str_eq(r.resume_key, "com,buytrends)/security-privacy-i-8.html 20130502081100");
    pd_cdx_result_dispose(&r);
    pd_buf_dispose(&in);
}

Test(cdx, tolerates_malformed_rows)
{
    pd_cdx_result r = {0};
    pd_buf in = PD_BUF_INIT;
    pd_test_read(&in, "fetch/fixtures/cdx/malformed.json");
    cr_assert_eq(pd_cdx_parse(&r, in.ptr, in.len), 0, "%s", pd_error_last());
    /* kept: the revisit and the repeated 2009 row twice; skipped and
     * counted (issue 19): month 00, a short stamp, "not-a-date", a number,
     * a row of one string, a row of numbers */
    cr_assert_eq(r.n, 3, "got %zu rows", r.n);
    cr_assert_eq(r.impossible, 6);
    cr_assert_str_eq(r.impossible_example, "20100015093000");
    cr_assert_eq(r.items[0].status, 0, "'-' status");
    cr_assert_null(r.resume_key);
    pd_cdx_sort_unique(&r);
    cr_assert_eq(r.n, 2);
    cr_assert_str_eq(r.items[0].timestamp, "20090101000000");
    cr_assert_str_eq(r.items[1].timestamp, "20120101000000");
    pd_cdx_result_dispose(&r);
    pd_buf_dispose(&in);
}

Test(cdx, impossible_timestamps_are_skipped_and_counted)
{
    static const char *const bad[] = {"00000000000000", "19000101000000", "19951231235959",
                                      "20191301000000", "20190230000000", "20190229000000",
                                      "20190101240000", "20190101006000", "29990101000000",
                                      "2019",           "201901011200",   "2019010112000x"};
    pd_cdx_result r = {0};
    pd_buf j = PD_BUF_INIT;
    pd_buf_puts(&j, "[[\"timestamp\",\"original\",\"statuscode\"]");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        pd_buf_printf(&j, ",[\"%s\",\"https://a.example/p\",\"200\"]", bad[i]);
    pd_buf_puts(&j, ",[\"20200229235959\",\"https://a.example/p\",\"200\"]"
                    ",[\"19960101000000\",\"https://a.example/p\",\"200\"]]");
    cr_assert_eq(pd_cdx_parse(&r, j.ptr, j.len), 0, "%s", pd_error_last());
    cr_assert_eq(r.impossible, sizeof(bad) / sizeof(bad[0]));
    cr_assert_str_eq(r.impossible_example, "00000000000000");
    cr_assert_eq(r.n, 2, "a leap day and the first year are possible");
    cr_assert_str_eq(r.items[0].timestamp, "20200229235959");
    cr_assert_eq(r.items[0].time, 1583020799);
    pd_cdx_result_dispose(&r);
    pd_buf_dispose(&j);
}

Test(cdx, rows_without_a_header_use_the_requested_order)
{
    const char *j = "[[\"20200101000000\",\"https://a.example/p\",\"200\",\"D1\",\"text/html\"]]";
    pd_cdx_result r = {0};
    cr_assert_eq(pd_cdx_parse(&r, j, strlen(j)), 0);
    cr_assert_eq(r.n, 1);
    cr_assert_str_eq(r.items[0].original, "https://a.example/p");
    cr_assert_str_eq(r.items[0].digest, "D1");
    pd_cdx_result_dispose(&r);
}

Test(cdx, refuses_what_is_not_cdx_json)
{
    pd_cdx_result r = {0};
    cr_assert_eq(pd_cdx_parse(&r, "<html>", 6), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "CDX"));
    cr_assert_eq(pd_cdx_parse(&r, "{\"a\":1}", 7), PD_EINVALID);
    cr_assert_eq(pd_cdx_parse(&r, "[]", 2), 0);
    cr_assert_eq(r.n, 0);
    pd_cdx_result_dispose(&r);
}

Test(cdx, builds_query_urls)
{
    pd_buf u = PD_BUF_INIT;
    cr_assert_eq(pd_cdx_url(&u, "http://mirror.example/", "https://a.example/p?x=1&y=2", "2018",
                            "20201231", PD_EVERY_MONTH, 100, "a key"),
                 0);
    cr_assert(strstr(u.ptr, "http://mirror.example/cdx/search/cdx?url=https%3A%2F%2Fa.example%2Fp"
                            "%3Fx%3D1%26y%3D2&output=json"),
              "%s", u.ptr);
    cr_assert(strstr(u.ptr, "&filter=statuscode:200"));
    cr_assert(strstr(u.ptr, "&collapse=timestamp:6"));
    cr_assert(strstr(u.ptr, "&from=2018&to=20201231"));
    cr_assert(strstr(u.ptr, "&limit=100&showResumeKey=true&resumeKey=a%20key"));
    pd_buf_clear(&u);
    pd_cdx_url(&u, "https://web.archive.org", "x", NULL, NULL, PD_EVERY_CHANGE, 0, NULL);
    cr_assert(strstr(u.ptr, "&collapse=digest"));
    cr_assert_null(strstr(u.ptr, "limit"));
    pd_buf_dispose(&u);
}

Test(cdx, every_parses)
{
    pd_every e;
    cr_assert_eq(pd_every_parse(&e, "week"), 0);
    cr_assert_eq(e, PD_EVERY_WEEK);
    cr_assert_eq(pd_every_parse(&e, "fortnight"), PD_EINVALID);
}

Test(cdx, recognises_wayback_error_pages)
{
    const char *b = "<p>Wayback Machine has not archived that URL.</p>";
    cr_assert_not_null(pd_wayback_error_page(b, strlen(b)));
    b = "<html>RobotAccessControlException</html>";
    cr_assert_not_null(pd_wayback_error_page(b, strlen(b)));
    b = "<html>a policy</html>";
    cr_assert_null(pd_wayback_error_page(b, strlen(b)));
}

/* ---- the client against pd-testserver ---- */

static pd_test_server srv;

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pd_test_server_start(&srv, pd_test_path("fetch/fixtures/wayback"), NULL);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    curl_global_cleanup();
}

TestSuite(wayback, .init = setup, .fini = teardown, .timeout = 120);

/* What the on_wait hook saw: calls, and the last wait and count. */
static int waits_seen, last_in_a_row;
static long last_wait_ms;

static void on_wait(long wait_ms, int in_a_row, void *payload)
{
    cr_assert_eq(payload, &waits_seen);
    waits_seen++;
    last_wait_ms = wait_ms;
    last_in_a_row = in_a_row;
}

static pd_wayback *client(const char *suffix)
{
    static char base[256];
    pd_wayback_options o = PD_WAYBACK_OPTIONS_INIT;
    pd_wayback *w;
    snprintf(base, sizeof(base), "%s%s", srv.base, suffix);
    o.base = base;
    o.http.allow_private = 1; /* the test server listens on 127.0.0.1 */
    o.cdx_interval_ms = 0;
    o.capture_interval_ms = 0;
    o.wait_429_ms = 10;
    o.http.backoff_ms = 10;
    o.http.host_delay_ms = 0;
    o.on_wait = on_wait;
    o.on_wait_payload = &waits_seen;
    waits_seen = 0;
    cr_assert_eq(pd_wayback_new(&w, &o), 0);
    return w;
}

Test(wayback, lists_distinct_captures)
{
    pd_wayback *w = client("");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 0, "%s", pd_error_last());
    cr_assert_eq(r.n, 3, "got %zu", r.n);
    cr_assert_str_eq(r.items[0].timestamp, "20190101000000");
    cr_assert_str_eq(r.items[1].timestamp, "20190315000000");
    cr_assert_str_eq(r.items[2].timestamp, "20200120000000");
    pd_cdx_result_dispose(&r);
    pd_wayback_free(w);
}

Test(wayback, pages_with_resume_keys)
{
    pd_wayback *w = client("");
    pd_cdx_result r;
    setenv("POLICYDIFF_CDX_PAGE_SIZE", "2", 1);
    pd_wayback_options o = PD_WAYBACK_OPTIONS_INIT;
    pd_wayback_options_from_env(&o);
    unsetenv("POLICYDIFF_CDX_PAGE_SIZE");
    cr_assert_eq(o.page_size, 2);
    pd_wayback_free(w);
    o.base = srv.base;
    o.cdx_interval_ms = o.capture_interval_ms = 0;
    cr_assert_eq(pd_wayback_new(&w, &o), 0);
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_DAY), 0,
                 "%s", pd_error_last());
    cr_assert_eq(r.n, 5, "got %zu", r.n);
    cr_assert_eq(pd_test_server_count(&srv, "/cdx/search/cdx"), 3);
    cr_assert_str_eq(r.items[4].timestamp, "20200120000000");
    pd_cdx_result_dispose(&r);
    pd_wayback_free(w);
}

Test(wayback, every_month_and_from_to)
{
    pd_wayback *w = client("");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_MONTH),
                 0);
    cr_assert_eq(r.n, 4, "got %zu", r.n);
    pd_cdx_result_dispose(&r);
    cr_assert_eq(
        pd_wayback_list(&r, w, "https://example.com/privacy", "2020", "202001", PD_EVERY_DAY), 0);
    cr_assert_eq(r.n, 2, "got %zu", r.n);
    cr_assert_str_eq(r.items[0].timestamp, "20200110000000");
    pd_cdx_result_dispose(&r);
    pd_wayback_free(w);
}

Test(wayback, fetches_a_capture_and_records_what_was_served)
{
    pd_wayback *w = client("");
    pd_wayback_capture c;
    cr_assert_eq(pd_wayback_fetch(&c, w, "20190315000000", "https://example.com/privacy"), 0, "%s",
                 pd_error_last());
    cr_assert_str_eq(c.timestamp, "20190315000000");
    cr_assert_str_eq(c.content_type, "text/html; charset=utf-8");
    cr_assert(strstr(pd_buf_cstr(&c.body), "Privacy Policy"));
    pd_wayback_capture_dispose(&c);

    /* no capture at that second: the server redirects to the nearest one */
    cr_assert_eq(pd_wayback_fetch(&c, w, "20200119000000", "https://example.com/privacy"), 0, "%s",
                 pd_error_last());
    cr_assert_str_eq(c.timestamp, "20200120000000");
    cr_assert(strstr(c.final_url, "/web/20200120000000id_/"));
    pd_wayback_capture_dispose(&c);
    pd_wayback_free(w);
}

Test(wayback, reports_a_url_it_never_archived)
{
    pd_wayback *w = client("");
    pd_wayback_capture c;
    cr_assert_eq(pd_wayback_fetch(&c, w, "20190315000000", "https://nowhere.example/"),
                 PD_ENOTFOUND);
    cr_assert(strstr(pd_error_last(), "no such capture"), "%s", pd_error_last());
    pd_wayback_free(w);
}

Test(wayback, refuses_an_error_page_served_as_200)
{
    pd_wayback *w = client("/fault/wayback-error");
    pd_wayback_capture c;
    cr_assert_eq(pd_wayback_fetch(&c, w, "20190315000000", "https://example.com/privacy"),
                 PD_ESUSPICIOUS);
    pd_wayback_free(w);
}

/* A mirror that answers the CDX query with an error page is an outage (3),
 * not bad input (2). */
Test(wayback, an_error_page_instead_of_a_listing_is_a_network_failure)
{
    pd_wayback *w = client("/fault/wayback-error");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 PD_ENET, "%s", pd_error_last());
    cr_assert(strstr(pd_error_last(), "--wayback-url"), "%s", pd_error_last());
    pd_wayback_free(w);
}

Test(wayback, waits_on_429_then_goes_on)
{
    pd_wayback *w = client("/fault/429x2");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 0, "%s", pd_error_last());
    cr_assert_eq(r.n, 3);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/429x2/cdx/search/cdx"), 3);
    /* the front end was told about both waits */
    cr_assert_eq(waits_seen, 2);
    cr_assert_eq(last_in_a_row, 2);
    cr_assert(last_wait_ms >= 0);
    pd_cdx_result_dispose(&r);
    pd_wayback_free(w);
}

Test(wayback, stops_after_repeated_429)
{
    pd_wayback *w = client("/fault/429-bare");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 PD_ENET);
    cr_assert(strstr(pd_error_last(), "429"), "%s", pd_error_last());
    cr_assert(strstr(pd_error_last(), "wait"), "%s", pd_error_last());
    cr_assert_eq(pd_test_server_count(&srv, "/fault/429-bare/cdx/search/cdx"), 3);
    pd_wayback_free(w);
}

/* A Retry-After longer than we will sit idle stops at once, said so. */
Test(wayback, a_retry_after_of_hours_stops_instead_of_sleeping)
{
    pd_wayback *w = client("/fault/429-long");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 PD_ENET);
    cr_assert(strstr(pd_error_last(), "7200 s"), "%s", pd_error_last());
    cr_assert(pd_wayback_rate_limited(w));
    cr_assert_eq(pd_test_server_count(&srv, "/fault/429-long/cdx/search/cdx"), 1);
    cr_assert_eq(waits_seen, 0, "no wait announced when none happens");
    pd_wayback_free(w);
}

/* Slowing down after 429s is bounded, and eases back once answers come. */
Test(wayback, slowing_down_is_capped_and_eases_back)
{
    static char base[256];
    pd_wayback_options o = PD_WAYBACK_OPTIONS_INIT;
    pd_wayback *w;
    pd_cdx_result r;
    long cdx, cap;
    o.http.allow_private = 1; /* the test server listens on 127.0.0.1 */
    snprintf(base, sizeof(base), "%s/fault/429-barex6", srv.base);
    o.base = base;
    o.cdx_interval_ms = 1;
    o.capture_interval_ms = 0;
    o.wait_429_ms = 1;
    o.max_429 = 10;
    o.http.backoff_ms = 1;
    o.http.host_delay_ms = 0;
    cr_assert_eq(pd_wayback_new(&w, &o), 0);
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 0, "%s", pd_error_last());
    pd_wayback_intervals(&cdx, &cap, w);
    /* 1 -> 2 -> 4 -> 8 (cap: 8x) -> 8 -> 8 -> 8, then one answer: 7 */
    cr_assert_eq(cdx, 7, "cdx interval %ld", cdx);
    cr_assert_eq(cap, 0, "a zero interval stays zero");
    cr_assert(!pd_wayback_rate_limited(w));
    pd_cdx_result_dispose(&r);
    pd_wayback_free(w);
}

/* A capture that fails for another reason is not a rate limit, whatever
 * digits its timestamp holds. */
Test(wayback, a_failed_capture_is_not_a_rate_limit)
{
    pd_wayback *w = client("/fault/503");
    pd_wayback_capture cap;
    memset(&cap, 0, sizeof(cap));
    cr_assert_eq(pd_wayback_fetch(&cap, w, "20190429120000", "https://example.com/privacy"),
                 PD_ENET);
    cr_assert(!pd_wayback_rate_limited(w), "%s", pd_error_last());
    pd_wayback_capture_dispose(&cap);
    pd_wayback_free(w);
}

Test(wayback, cdx_5xx_is_retried_by_the_adapter)
{
    pd_wayback *w = client("/fault/503x1");
    pd_cdx_result r;
    cr_assert_eq(pd_wayback_list(&r, w, "https://example.com/privacy", NULL, NULL, PD_EVERY_CHANGE),
                 0, "%s", pd_error_last());
    cr_assert_eq(r.n, 3);
    pd_cdx_result_dispose(&r);
    pd_wayback_free(w);
}

/* ---- the guard ---- */

static int guard(long status, const char *raw, const char *text, const char *prev, char *why)
{
    pd_guard_input in = {status,
                         raw,
                         raw ? strlen(raw) : 0,
                         text,
                         text ? strlen(text) : 0,
                         prev,
                         prev ? strlen(prev) : 0};
    return pd_guard_check(why, 200, &in);
}

Test(guard, accepts_a_policy)
{
    char why[200];
    pd_buf raw = PD_BUF_INIT;
    pd_test_read(&raw, "fetch/fixtures/site/privacy.html");
    cr_assert_eq(guard(200, raw.ptr, "# Privacy Policy\n\nWe collect your name.\n", NULL, why), 0);
    pd_buf_dispose(&raw);
}

Test(guard, refuses_walls_and_errors)
{
    char why[200];
    cr_assert_eq(guard(404, "nope", "nope", NULL, why), PD_ESUSPICIOUS);
    cr_assert(strstr(why, "HTTP 404"));
    cr_assert_eq(guard(200,
                       "<html><head><title>Just a moment...</title></head><body>Checking</body>",
                       "Checking", NULL, why),
                 PD_ESUSPICIOUS);
    cr_assert(strstr(why, "bot wall"), "%s", why);
    cr_assert_eq(
        guard(200, "<title>Attention Required! | Cloudflare</title>", "blocked", NULL, why),
        PD_ESUSPICIOUS);
    cr_assert_eq(
        guard(200, "<div class=\"g-recaptcha\"></div>", "Please solve the puzzle", NULL, why),
        PD_ESUSPICIOUS);
    cr_assert(strstr(why, "captcha"), "%s", why);
    cr_assert_eq(guard(200, "<title>Access Denied</title>", "You don't have permission", NULL, why),
                 PD_ESUSPICIOUS);
    cr_assert(strstr(why, "Access denied"), "%s", why);
    cr_assert_eq(guard(200, "<title>Sign in</title><input type=\"password\">",
                       "Sign in to continue\n\nEmail\n", NULL, why),
                 PD_ESUSPICIOUS);
    cr_assert(strstr(why, "login wall"), "%s", why);
    cr_assert_eq(guard(200, "<div>cookies</div>",
                       "We use cookies.\n\nAccept all cookies to continue reading.\n", NULL, why),
                 PD_ESUSPICIOUS);
    cr_assert(strstr(why, "cookie wall"), "%s", why);
    cr_assert_eq(guard(200, "<html></html>", NULL, NULL, why), PD_ESUSPICIOUS);
    cr_assert(strstr(why, "empty"), "%s", why);
    cr_assert_eq(guard(200, "<html></html>", "\n  \n", NULL, why), PD_ESUSPICIOUS);
    cr_assert_eq(guard(200, "<p>Hrm. The Wayback Machine has not archived that URL.</p>",
                       "Hrm.\n\nThe Wayback Machine has not archived that URL.\n", NULL, why),
                 PD_ESUSPICIOUS);
    cr_assert(strstr(why, "Wayback Machine error page"), "%s", why);
}

Test(guard, refuses_a_text_that_lost_half_its_clauses)
{
    char why[200];
    const char *prev = "# P\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n";
    cr_assert_eq(guard(200, "<p>x</p>", "# P\n\nOne.\n", prev, why), PD_ESUSPICIOUS);
    cr_assert(strstr(why, "lost 4 of 6 clauses"), "%s", why);
    cr_assert_eq(guard(200, "<p>x</p>", "# P\n\nOne.\n\nTwo.\n\nSix.\n", prev, why), 0);
}

Test(guard, a_long_policy_that_mentions_cookies_and_captcha_passes)
{
    char why[200];
    pd_buf text = PD_BUF_INIT;
    for (int i = 0; i < 40; i++)
        pd_buf_printf(&text, "We use cookies and reCAPTCHA to protect forms, clause %d.\n\n", i);
    cr_assert_eq(guard(200, "<title>Cookie policy</title><div class=\"g-recaptcha\"></div>",
                       text.ptr, NULL, why),
                 0, "%s", why);
    pd_buf_dispose(&text);
}
