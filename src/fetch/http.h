/*
 * http.h - the project's adapter around libcurl: many GETs at once, politely.
 *
 * pd_http_fetch_all() runs a batch of GET requests through the libcurl multi
 * interface: several transfers at once (opts->jobs), at most
 * opts->per_host at a time for one host with opts->host_delay_ms between two
 * requests to it, HTTP/2 where the server offers it, any compression libcurl
 * knows, redirects (at most 10, http and https only), connect / total /
 * low-speed timeouts, and a body cap enforced on the decompressed bytes, so
 * a gzip bomb is stopped.  Conditional requests send If-None-Match and
 * If-Modified-Since when the request carries validators.  Timeouts,
 * connection errors, 429 and 5xx are retried (opts->retries times) after an
 * exponential backoff with jitter, or after Retry-After when the server says
 * so (capped at opts->max_wait_ms: a longer Retry-After, however large,
 * ends the request at once with a message saying how long the server asked
 * to wait).  A response header over libcurl's 100 KB limit is refused
 * (PD_EBUDGET, "response headers over the header budget").
 *
 * Addresses: unless opts->allow_private (or the request's allow_private),
 * every address the transfer is about to connect to (the first request's,
 * each redirect's, after DNS) is checked with pd_addr_internal() (addr.h),
 * and loopback, private, link-local, multicast and reserved ones (IPv4 and
 * IPv6) are refused: PD_ENET, "refused to connect to 127.0.0.1 (loopback)
 * ...; give --allow-private ...".  The address of a reused connection is
 * checked again when the transfer ends.  Behind a proxy (http_proxy,
 * https_proxy or all_proxy set), the proxy connects, so only a URL whose host
 * is written as an internal IP address (or localhost) is refused.
 *
 * No printing.  Requests and options are borrowed for the call.  Each
 * finished request is handed to the on_done callback (on the calling thread,
 * in completion order); the pd_http_result belongs to the adapter and is
 * disposed after the callback returns, so the callback copies or detaches
 * what it keeps (pd_buf_detach on the body is fine).  A failed transfer is
 * not an error of the batch: it comes back in result->error (a negative
 * PD_E* code: PD_ENET, PD_ETOOBIG) with result->message.  The function
 * itself returns 0, PD_ENOMEM, or PD_ERROR when libcurl cannot start.
 */
#ifndef PD_HTTP_H
#define PD_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/buf.h"

typedef struct {
    const char *url;
    const char *etag;            /* sent as If-None-Match, or NULL */
    const char *last_modified;   /* sent as If-Modified-Since, or NULL */
    const char *accept_language; /* sent as Accept-Language ("fr"), or NULL */
    int allow_private;           /* this request may reach internal addresses (see below) */
} pd_http_request;

typedef struct {
    int error;          /* 0, or PD_ENET / PD_ETOOBIG / PD_ENOMEM */
    char message[512];  /* one line when error != 0 */
    long status;        /* HTTP status of the last response, 0 when none */
    int attempts;       /* requests sent, retries included */
    char *final_url;    /* after redirects (NULL when nothing answered) */
    char *content_type; /* headers of the final response, or NULL */
    char *etag;
    char *last_modified;
    char *memento_datetime;
    char *retry_after;
    char *orig_content_type; /* x-archive-orig-content-type (Wayback) */
    pd_buf body;
} pd_http_result;

typedef struct {
    int jobs;                /* transfers at once (8) */
    int per_host;            /* transfers at once to one host (1) */
    long host_delay_ms;      /* pause between two requests to one host (250) */
    long connect_timeout_ms; /* (15000) */
    long timeout_ms;         /* whole transfer (60000) */
    long low_speed_bytes;    /* abort below this many bytes per second ... (1) */
    long low_speed_seconds;  /* ... for this long (30) */
    size_t max_body;         /* bytes after decompression (20 MB) */
    int retries;             /* extra attempts after the first (3) */
    long backoff_ms;         /* first backoff; doubles each retry (1000) */
    long max_wait_ms;        /* cap on one wait, Retry-After included (120000) */
    int retry_429;           /* retry 429 answers here (1); 0 hands them back */
    int allow_private;       /* connect to internal addresses too (0: refused) */
    const char *user_agent;  /* NULL: "policydiff/<version> (+url)" */
    /* called (when set) each time a request will be sent again: why is
     * "HTTP 503" or the transfer error, wait_ms the pause before it, attempt
     * the number of the next attempt out of retries + 1 */
    void (*on_retry)(const char *url, const char *why, long wait_ms, int attempt, int attempts,
                     void *payload);
    void *on_retry_payload;
    /* called (when set) instead of pd_addr_internal() for each address a
     * request that may not reach internal ones is about to connect to:
     * the name of its range to refuse it, or NULL to connect (the tests
     * make one loopback port "public" with it) */
    const char *(*on_connect)(const struct sockaddr *addr, void *payload);
    void *on_connect_payload;
} pd_http_options;

#define PD_HTTP_MAX_BODY ((size_t)20 * 1024 * 1024)
#define PD_HTTP_OPTIONS_INIT                                                                       \
    {                                                                                              \
        .jobs = 8, .per_host = 1, .host_delay_ms = 250, .connect_timeout_ms = 15000,               \
        .timeout_ms = 60000, .low_speed_bytes = 1, .low_speed_seconds = 30,                        \
        .max_body = PD_HTTP_MAX_BODY, .retries = 3, .backoff_ms = 1000, .max_wait_ms = 120000,     \
        .retry_429 = 1, .allow_private = 0, .user_agent = NULL, .on_retry = NULL,                  \
        .on_retry_payload = NULL, .on_connect = NULL, .on_connect_payload = NULL                   \
    }

typedef void (*pd_http_done_fn)(size_t index, pd_http_result *result, void *payload);

/* Fetches reqs[0..n) and calls done(i, result, ctx) as each one finishes. */
int pd_http_fetch_all(const pd_http_request *reqs, size_t n, const pd_http_options *opts,
                      pd_http_done_fn done, void *payload);

/* Fetches one URL into *out (which the caller disposes with
 * pd_http_result_dispose).  Returns 0; failures are in out->error. */
int pd_http_get(pd_http_result *out, const pd_http_request *req, const pd_http_options *opts);

void pd_http_result_dispose(pd_http_result *r);

/* Seconds to wait from a Retry-After value (delta seconds or an HTTP date),
 * relative to now; -1 when the value is missing or unreadable.  A delta too
 * large to hold (999999999999...) is PD_HTTP_RETRY_AFTER_HUGE. */
#define PD_HTTP_RETRY_AFTER_HUGE ((int64_t)1 << 40)
int64_t pd_http_retry_after_seconds(const char *value, int64_t now);

/* The User-Agent sent by default. */
const char *pd_http_user_agent(void);

/* Reads env overrides POLICYDIFF_HTTP_BACKOFF_MS, POLICYDIFF_HTTP_MAX_WAIT_MS,
 * POLICYDIFF_HTTP_TIMEOUT_MS, POLICYDIFF_HTTP_LOW_SPEED_SECONDS and
 * POLICYDIFF_HTTP_HOST_DELAY_MS into opts (used by tests and benchmarks),
 * and POLICYDIFF_ALLOW_PRIVATE=1 (as --allow-private: the tests' servers
 * listen on 127.0.0.1). */
void pd_http_options_from_env(pd_http_options *opts);
/* Sets *dst to the whole number >= 0 in the environment variable name;
 * leaves it when the variable is unset, empty or not such a number.  (The
 * Wayback client reads its POLICYDIFF_* knobs with it too.) */
void pd_http_env_long(long *dst, const char *name);

#endif
