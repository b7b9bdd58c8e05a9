/* The libcurl adapter against pd-testserver: one test per fault. */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "fetch/http.h"
#include "server.h"
#include "support/testutil.h"
#include "util/error.h"

static pd_test_server srv;

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pd_test_server_start(&srv, pd_test_path("fetch/fixtures/site"), NULL);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    curl_global_cleanup();
}

TestSuite(http, .init = setup, .fini = teardown, .timeout = 120);

static pd_http_options fast(void)
{
    pd_http_options o = PD_HTTP_OPTIONS_INIT;
    o.allow_private = 1; /* the test server listens on 127.0.0.1 */
    o.backoff_ms = 10;
    o.max_wait_ms = 1500;
    o.host_delay_ms = 0;
    o.timeout_ms = 20000;
    return o;
}

static void get(pd_http_result *r, const char *path, const pd_http_options *o)
{
    char url[512];
    pd_http_request req = {.url = url, .allow_private = 1};
    snprintf(url, sizeof(url), "%s%s", srv.base, path);
    pd_http_get(r, &req, o);
}

Test(http, fetches_a_page_with_its_validators)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/privacy.html", &o);
    cr_assert_eq(r.error, 0, "%s", r.message);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(r.attempts, 1);
    cr_assert(strstr(pd_buf_cstr(&r.body), "Privacy Policy"));
    cr_assert_not_null(r.etag);
    cr_assert_not_null(r.last_modified);
    cr_assert_str_eq(r.content_type, "text/html; charset=utf-8");
    cr_assert(strstr(r.final_url, "/privacy.html"));
    pd_http_result_dispose(&r);
}

Test(http, sends_the_user_agent)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/_echo", &o);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(pd_buf_cstr(&r.body), "User-Agent: policydiff/"), "%s", pd_buf_cstr(&r.body));
    cr_assert(strstr(pd_buf_cstr(&r.body), "Accept-Encoding:"));
    pd_http_result_dispose(&r);
}

Test(http, conditional_request_gets_304_without_body)
{
    pd_http_options o = fast();
    pd_http_result r, r2;
    char url[512], *etag;
    pd_http_request req = {.url = url, .allow_private = 1};

    get(&r, "/privacy.html", &o);
    cr_assert_not_null(r.etag);
    etag = strdup(r.etag);
    snprintf(url, sizeof(url), "%s/privacy.html", srv.base);
    req.etag = etag;
    pd_http_get(&r2, &req, &o);
    cr_assert_eq(r2.error, 0, "%s", r2.message);
    cr_assert_eq(r2.status, 304);
    cr_assert_eq(r2.body.len, 0);
    /* If-Modified-Since alone works too */
    req.etag = NULL;
    req.last_modified = r.last_modified;
    pd_http_result_dispose(&r2);
    pd_http_get(&r2, &req, &o);
    cr_assert_eq(r2.status, 304);
    pd_http_result_dispose(&r2);
    pd_http_result_dispose(&r);
    free(etag);
}

Test(http, retries_429_honouring_retry_after)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/fault/429x2/privacy.html", &o);
    cr_assert_eq(r.error, 0, "%s", r.message);
    cr_assert_eq(r.status, 200);
    cr_assert_eq(r.attempts, 3);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/429x2/privacy.html"), 3);
    pd_http_result_dispose(&r);
}

Test(http, gives_up_on_429_without_retry_after_after_the_retries)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/fault/429-bare", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.status, 429);
    cr_assert_eq(r.attempts, 4, "3 retries after the first attempt, got %d", r.attempts);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/429-bare"), 4);
    cr_assert(strstr(r.message, "HTTP 429"), "%s", r.message);
    pd_http_result_dispose(&r);
}

/* Asked to come back in two hours: one request, then a clear message; not
 * three retries capped at the longest wait (six minutes holding the lock). */
Test(http, a_retry_after_longer_than_the_longest_wait_gives_up_at_once)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/fault/429-long", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.status, 429);
    cr_assert_eq(r.attempts, 1);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/429-long"), 1);
    cr_assert(strstr(r.message, "wait 7200 s"), "%s", r.message);
    pd_http_result_dispose(&r);
}

Test(http, hands_429_back_when_asked)
{
    pd_http_options o = fast();
    pd_http_result r;
    o.retry_429 = 0;
    get(&r, "/fault/429", &o);
    cr_assert_eq(r.error, 0);
    cr_assert_eq(r.status, 429);
    cr_assert_eq(r.attempts, 1);
    cr_assert_str_eq(r.retry_after, "1");
    pd_http_result_dispose(&r);
}

Test(http, retries_503_then_reports_it)
{
    pd_http_options o = fast();
    pd_http_result r;
    o.retries = 2;
    get(&r, "/fault/503", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.attempts, 3);
    cr_assert(strstr(r.message, "HTTP 503"), "%s", r.message);
    pd_http_result_dispose(&r);

    get(&r, "/fault/503x1/privacy.html", &o);
    cr_assert_eq(r.error, 0, "%s", r.message);
    cr_assert_eq(r.attempts, 2);
    pd_http_result_dispose(&r);
}

Test(http, slow_body_hits_the_total_timeout)
{
    pd_http_options o = fast();
    pd_http_result r;
    o.timeout_ms = 500; /* the body takes about 4 s */
    o.retries = 1;
    get(&r, "/fault/slow", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.attempts, 2);
    cr_assert(strstr(r.message, "imed out"), "%s", r.message);
    pd_http_result_dispose(&r);
}

Test(http, stalled_body_hits_the_low_speed_abort)
{
    pd_http_options o = fast();
    pd_http_result r;
    o.low_speed_seconds = 1;
    o.retries = 0;
    get(&r, "/fault/stall", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.attempts, 1);
    cr_assert(strstr(r.message, "too slow") || strstr(r.message, "imed out"), "%s", r.message);
    pd_http_result_dispose(&r);
}

Test(http, connection_reset_is_retried_then_reported)
{
    pd_http_options o = fast();
    pd_http_result r;
    o.retries = 2;
    get(&r, "/fault/reset", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.attempts, 3);
    cr_assert_eq(r.status, 0);
    pd_http_result_dispose(&r);

    get(&r, "/fault/resetx1/privacy.html", &o);
    cr_assert_eq(r.error, 0, "%s", r.message);
    cr_assert_eq(r.attempts, 2);
    pd_http_result_dispose(&r);
}

Test(http, redirect_loop_stops_after_ten)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/fault/loop", &o);
    cr_assert_eq(r.error, PD_ENET);
    cr_assert_eq(r.attempts, 1);
    cr_assert(strstr(r.message, "redirects"), "%s", r.message);
    cr_assert_eq(pd_test_server_count(&srv, "/fault/loop"), 11);
    pd_http_result_dispose(&r);
}

Test(http, big_body_is_cut_at_the_cap)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/fault/big", &o);
    cr_assert_eq(r.error, PD_ETOOBIG);
    cr_assert_eq(r.attempts, 1);
    cr_assert(r.body.len <= PD_HTTP_MAX_BODY);
    cr_assert(strstr(r.message, "20 MB"), "%s", r.message);
    pd_http_result_dispose(&r);
}

Test(http, gzip_bomb_is_stopped_after_decompression)
{
    pd_http_options o = fast();
    pd_http_result r;
    get(&r, "/fault/gzip-bomb", &o);
    cr_assert_eq(r.error, PD_ETOOBIG, "%d %s", r.error, r.message);
    cr_assert(r.body.len <= PD_HTTP_MAX_BODY);
    pd_http_result_dispose(&r);
}

typedef struct {
    int done, ok;
} tally;

static void count_done(size_t i, pd_http_result *r, void *payload)
{
    tally *t = payload;
    (void)i;
    t->done++;
    if (r->status == 200 && !r->error)
        t->ok++;
}

Test(http, many_hosts_at_once)
{
    pd_http_options o = fast();
    pd_http_request reqs[24];
    char urls[24][128];
    tally t = {0, 0};
    for (int i = 0; i < 24; i++) {
        snprintf(urls[i], sizeof(urls[i]), "http://h%d.localhost:%d/privacy.html", i % 6, srv.port);
        reqs[i].url = urls[i];
        reqs[i].etag = reqs[i].last_modified = reqs[i].accept_language = NULL;
        reqs[i].allow_private = 0; /* the options allow it */
    }
    o.jobs = 4;
    o.host_delay_ms = 5;
    cr_assert_eq(pd_http_fetch_all(reqs, 24, &o, count_done, &t), 0);
    cr_assert_eq(t.done, 24);
    cr_assert_eq(t.ok, 24);
}

Test(http, retry_after_values)
{
    cr_assert_eq(pd_http_retry_after_seconds("120", 0), 120);
    cr_assert_eq(pd_http_retry_after_seconds(" 7 ", 0), 7);
    cr_assert_eq(pd_http_retry_after_seconds(NULL, 0), -1);
    cr_assert_eq(pd_http_retry_after_seconds("soon", 0), -1);
    /* Wed, 21 Oct 2015 07:28:00 GMT = 1445412480 */
    cr_assert_eq(pd_http_retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 30), 30);
    cr_assert_eq(pd_http_retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 30), 0);
}
