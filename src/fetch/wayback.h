/*
 * wayback.h - the Wayback Machine, as a polite client: list captures through
 * the CDX server and download each one in its raw "id_" form.
 *
 * pd_cdx_parse() reads one CDX JSON answer (output=json): the header row
 * names the fields (without it, the order we ask for is assumed:
 * timestamp,original,statuscode,digest,mimetype), rows whose timestamp is
 * not a moment that can have been archived (not 14 digits, 00000000000000,
 * before 1996, month 13, February 30, hour 24, more than a day ahead) are
 * skipped and counted (the caller warns), and the resume key after the empty
 * row is kept.  pd_cdx_sort_unique() orders captures by time and drops
 * repeated rows.
 *
 * Budgets (docs/how-it-works.md#budgets): a listing takes at most
 * PD_CDX_MAX_PAGES pages, stops at once when the server sends the resume
 * key it sent before, and refuses a page of more rows than it asked for
 * (counted before the JSON is parsed); each is PD_EBUDGET with the budget
 * named, so a server that always answers a resume key, or 100,000 rows when
 * 5,000 were asked for, costs minutes, not hours and gigabytes.  A capture
 * whose Memento-Datetime is impossible (1970, the future) is PD_EINVALID:
 * the caller skips it and goes on.
 *
 * A pd_wayback client paces its requests: at most one CDX query every
 * cdx_interval_ms and one capture every capture_interval_ms; a 429 makes it
 * wait (Retry-After, or wait_429_ms) and double both intervals, and
 * max_429 429s in a row stop it with PD_ENET and a message saying to wait
 * before trying again.  Timeouts and 5xx are retried by the HTTP adapter.
 *
 * Ownership: results and captures belong to the caller, who disposes them.
 * Errors: 0 or negative PD_E* with pd_error_last() set: PD_EINVALID (an
 * answer that is not CDX JSON), PD_ENET (network, HTTP error, repeated 429),
 * PD_ENOTFOUND (no such capture), PD_ESUSPICIOUS (a Wayback error page
 * served as the capture), PD_EBUDGET (a listing over its budget),
 * PD_EINVALID from pd_wayback_fetch (an impossible Memento-Datetime),
 * PD_ETOOBIG, PD_ENOMEM.
 */
#ifndef PD_WAYBACK_H
#define PD_WAYBACK_H

#include <stddef.h>
#include <stdint.h>

#include "fetch/http.h"
#include "util/buf.h"

#define PD_WAYBACK_DEFAULT_URL "https://web.archive.org"
/* The Wayback Machine's first captures: an earlier date is impossible. */
#define PD_WAYBACK_FIRST_YEAR 1996
/* CDX pages one listing may take (at 5,000 rows a page: 1,000,000 rows). */
#define PD_CDX_MAX_PAGES 200

typedef struct {
    char timestamp[15]; /* as listed: 14 digits, a possible moment */
    int64_t time;       /* capture time */
    char *original;     /* may be NULL when the field is missing */
    char *digest;
    char *mimetype;
    int status; /* 0 for "-" or a missing field */
} pd_capture;

typedef struct {
    pd_capture *items;
    size_t n;
    char *resume_key;            /* the key to ask for the next page, or NULL */
    size_t impossible;           /* rows skipped for an impossible or unreadable timestamp */
    char impossible_example[15]; /* the first of them (cut to 14 characters) */
} pd_cdx_result;

/* Appends the rows of one CDX JSON answer to out and replaces its resume key. */
int pd_cdx_parse(pd_cdx_result *out, const char *json, size_t len);
/* Sorts by time (then timestamp) and drops rows with a repeated timestamp. */
void pd_cdx_sort_unique(pd_cdx_result *r);
void pd_cdx_result_dispose(pd_cdx_result *r);

typedef enum {
    PD_EVERY_CHANGE, /* collapse=digest: one row per distinct body */
    PD_EVERY_DAY,    /* collapse=timestamp:8 */
    PD_EVERY_WEEK,   /* collapse=timestamp:8, then the first capture of each week */
    PD_EVERY_MONTH,  /* collapse=timestamp:6 */
} pd_every;

/* "day", "week", "month" (or "change"); PD_EINVALID otherwise. */
int pd_every_parse(pd_every *out, const char *s);

/* The CDX query URL for one page of url's captures (from/to: 1 to 14 digit
 * Wayback timestamps or NULL; resume_key NULL for the first page). */
int pd_cdx_url(pd_buf *out, const char *base, const char *url, const char *from, const char *to,
               pd_every every, int page_size, const char *resume_key);

typedef struct {
    const char *base;         /* NULL: PD_WAYBACK_DEFAULT_URL */
    long cdx_interval_ms;     /* between two CDX queries (2000) */
    long capture_interval_ms; /* between two capture downloads (300) */
    long wait_429_ms;         /* wait after a 429 without Retry-After (60000) */
    int max_429;              /* stop after this many 429s in a row (3) */
    int page_size;            /* CDX rows per query (5000) */
    pd_http_options http;
    /* Called (when not NULL) before each wait after a 429, with the wait in
     * milliseconds and how many 429s came in a row, so a front end can say
     * why nothing moves; it must not call back into this client. */
    void (*on_wait)(long wait_ms, int in_a_row, void *payload);
    void *on_wait_payload;
} pd_wayback_options;

#define PD_WAYBACK_OPTIONS_INIT                                                                    \
    {                                                                                              \
        .base = NULL, .cdx_interval_ms = 2000, .capture_interval_ms = 300, .wait_429_ms = 60000,   \
        .max_429 = 3, .page_size = 5000, .http = PD_HTTP_OPTIONS_INIT, .on_wait = NULL,            \
        .on_wait_payload = NULL                                                                    \
    }

/* Reads test and tuning overrides from the environment:
 * POLICYDIFF_CDX_INTERVAL_MS, POLICYDIFF_CAPTURE_INTERVAL_MS,
 * POLICYDIFF_WAYBACK_429_WAIT_MS, POLICYDIFF_CDX_PAGE_SIZE, and the
 * HTTP ones of pd_http_options_from_env(). */
void pd_wayback_options_from_env(pd_wayback_options *o);

typedef struct pd_wayback pd_wayback;

/* After a 429 the intervals double, up to this many times the configured
 * ones, and ease back with every other answer. */
#define PD_WAYBACK_SLOWDOWN 8

int pd_wayback_new(pd_wayback **out, const pd_wayback_options *opts);
/* 1 once a request stopped on 429s (max_429 in a row, or a Retry-After
 * longer than http.max_wait_ms): every later request would be refused too,
 * so the caller stops and says to run again later. */
int pd_wayback_rate_limited(const pd_wayback *w);
/* 1 when the client may reach internal addresses (--allow-private: a local
 * mirror), so a browser rendering its captures may too. */
int pd_wayback_allows_private(const pd_wayback *w);
/* The intervals in force now (ms), after any slowing down. */
void pd_wayback_intervals(long *cdx_ms, long *capture_ms, const pd_wayback *w);
void pd_wayback_free(pd_wayback *w);

/* Lists every capture of url answering 200 (all pages), sorted and
 * de-duplicated, with the --every period applied. */
int pd_wayback_list(pd_cdx_result *out, pd_wayback *w, const char *url, const char *from,
                    const char *to, pd_every every);

typedef struct {
    char timestamp[15]; /* the capture actually served (Memento-Datetime) */
    int64_t time;
    char *content_type; /* the original site's Content-Type, or NULL */
    char *final_url;
    pd_buf body;
} pd_wayback_capture;

/* Downloads /web/<timestamp>id_/<url>. */
int pd_wayback_fetch(pd_wayback_capture *out, pd_wayback *w, const char *timestamp,
                     const char *url);
void pd_wayback_capture_dispose(pd_wayback_capture *c);

/* The address a browser loads to render capture timestamp of url (appended
 * to out): /web/<timestamp>if_/<url>, the capture with its own links
 * rewritten to captures of theirs (its scripts and data too) and without
 * the Wayback toolbar. */
int pd_wayback_render_url(pd_buf *out, const pd_wayback *w, const char *timestamp, const char *url);

/* The reason when body is a Wayback error page rather than a capture
 * (a static string), or NULL. */
const char *pd_wayback_error_page(const char *body, size_t len);

#endif
