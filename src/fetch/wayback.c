/* wayback.c - CDX listing and id_ capture downloads; see wayback.h. */
#include "fetch/wayback.h"
#include "util/error.h"
#include "util/url.h"
#include "util/timeutil.h"

#include <ctype.h>
#include <curl/curl.h>
#include "fetch/curllib_calls.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pd_wayback {
    pd_wayback_options o;
    char *base;
    int64_t next_cdx;     /* monotonic ms */
    int64_t next_capture; /* monotonic ms */
    int in_a_row;         /* consecutive 429 answers */
    int rate_limited;     /* stopped by 429s: the caller should stop too */
    long base_cdx_ms;     /* the configured intervals, which slowing down */
    long base_capture_ms; /* never takes past PD_WAYBACK_SLOWDOWN times */
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_until(int64_t t)
{
    int64_t now;
    while ((now = mono_ms()) < t) {
        struct timespec d = {(time_t)((t - now) / 1000), (long)((t - now) % 1000) * 1000000L};
        if (nanosleep(&d, NULL) != 0 && errno != EINTR)
            break;
    }
}

/* ---- CDX JSON ---- */

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* The time of a 14-digit Wayback timestamp into *t: 1 when it is a moment
 * that can have been archived (a real date and time, from the Wayback
 * Machine's first year to a day from now), 0 when not (00000000000000,
 * 19000101000000, month 13, February 30, the future, fewer digits). */
static int ts_possible(int64_t *t, const char *ts)
{
    int v[6];
    static const int width[6] = {4, 2, 2, 2, 2, 2}, lo[6] = {PD_WAYBACK_FIRST_YEAR, 1, 1, 0, 0, 0},
                     hi[6] = {9999, 12, 31, 23, 59, 59};
    const char *p = ts;
    if (strlen(ts) != 14 || strspn(ts, "0123456789") != 14)
        return 0;
    for (int i = 0; i < 6; i++) {
        v[i] = 0;
        for (int k = 0; k < width[i]; k++, p++)
            v[i] = v[i] * 10 + (*p - '0');
        if (v[i] < lo[i] || v[i] > hi[i])
            return 0;
    }
    if (v[2] > days_in(v[0], v[1]))
        return 0;
    *t = pd_time_from_civil(v[0], v[1], v[2], v[3], v[4], v[5]);
    return *t <= pd_time_now() + 86400;
}

/* 1 when t (a Memento-Datetime) can be the time of an archived capture. */
static int time_possible(int64_t t)
{
    return t >= pd_time_from_civil(PD_WAYBACK_FIRST_YEAR, 1, 1, 0, 0, 0) &&
           t <= pd_time_now() + 86400;
}

static char *str_field(json_t *row, int idx)
{
    json_t *v;
    if (idx < 0 || !(v = json_array_get(row, (size_t)idx)) || !json_is_string(v))
        return NULL;
    return strdup(json_string_value(v));
}

void pd_cdx_result_dispose(pd_cdx_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].original);
        free(r->items[i].digest);
        free(r->items[i].mimetype);
    }
    free(r->items);
    free(r->resume_key);
    memset(r, 0, sizeof(*r));
}

/* Where each field is in a CDX row (-1: absent). */
typedef struct {
    int ts, orig, status, digest, mime;
} cdx_fields;

/* Reads the field names from row when it is a header row ("timestamp"
 * among them); returns 1 when it was, 0 when row is data. */
static size_t read_header(cdx_fields *f, json_t *row)
{
    size_t i;
    int is_header = 0;
    if (!json_is_array(row) || json_array_size(row) == 0)
        return 0;
    for (i = 0; i < json_array_size(row); i++) {
        json_t *v = json_array_get(row, i);
        if (json_is_string(v) && !strcmp(json_string_value(v), "timestamp"))
            is_header = 1;
    }
    if (!is_header)
        return 0;
    f->ts = f->orig = f->status = f->digest = f->mime = -1;
    for (i = 0; i < json_array_size(row); i++) {
        const char *name = json_string_value(json_array_get(row, i));
        if (!name)
            continue;
        if (!strcmp(name, "timestamp"))
            f->ts = (int)i;
        else if (!strcmp(name, "original"))
            f->orig = (int)i;
        else if (!strcmp(name, "statuscode"))
            f->status = (int)i;
        else if (!strcmp(name, "digest"))
            f->digest = (int)i;
        else if (!strcmp(name, "mimetype"))
            f->mime = (int)i;
    }
    return 1;
}

/* Reads data row into c; returns 0 when its timestamp is missing,
 * unreadable or impossible (the row is skipped and counted in out). */
static int read_row(pd_capture *c, pd_cdx_result *out, json_t *row, const cdx_fields *f)
{
    const char *ts, *st;
    int64_t t;
    ts = json_string_value(json_array_get(row, (size_t)(f->ts < 0 ? 0 : f->ts)));
    if (f->ts < 0 || !ts || !ts_possible(&t, ts)) {
        if (!out->impossible++)
            snprintf(out->impossible_example, sizeof(out->impossible_example), "%s",
                     ts ? ts : "(none)");
        return 0;
    }
    memset(c, 0, sizeof(*c));
    memcpy(c->timestamp, ts, 15);
    c->time = t;
    c->original = str_field(row, f->orig);
    c->digest = str_field(row, f->digest);
    c->mimetype = str_field(row, f->mime);
    st = f->status >= 0 ? json_string_value(json_array_get(row, (size_t)f->status)) : NULL;
    c->status = st && strspn(st, "0123456789") == strlen(st) && strlen(st) == 3 ? atoi(st) : 0;
    return 1;
}

int pd_cdx_parse(pd_cdx_result *out, const char *json, size_t len)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, len, 0, &jerr), *row;
    cdx_fields f = {.ts = 0, .orig = 1, .status = 2, .digest = 3, .mime = 4};
    int rc = 0, after_empty = 0;
    size_t i, start = 0;

    if (!root || !json_is_array(root)) {
        json_decref(root);
        return pd_error_set(PD_EINVALID,
                            "the CDX server's answer is not a JSON array (%s); is --wayback-url "
                            "a Wayback Machine?",
                            root ? "another JSON value" : jerr.text);
    }
    start = read_header(&f, json_array_get(root, 0));
    free(out->resume_key);
    out->resume_key = NULL;
    for (i = start; i < json_array_size(root); i++) {
        pd_capture c, *grown;

        row = json_array_get(root, i);
        if (!json_is_array(row))
            continue;
        if (json_array_size(row) == 0) {
            after_empty = 1;
            continue;
        }
        if (after_empty && json_array_size(row) == 1) {
            const char *key = json_string_value(json_array_get(row, 0));
            if (key && !out->resume_key && !(out->resume_key = strdup(key))) {
                rc = pd_error_set(PD_ENOMEM, "out of memory reading CDX rows");
                goto out;
            }
            continue;
        }
        if (!read_row(&c, out, row, &f))
            continue;
        grown = realloc(out->items, (out->n + 1) * sizeof(*grown));
        if (!grown) {
            free(c.original);
            free(c.digest);
            free(c.mimetype);
            rc = pd_error_set(PD_ENOMEM, "out of memory reading CDX rows");
            goto out;
        }
        out->items = grown;
        out->items[out->n++] = c;
    }
out:
    json_decref(root);
    return rc;
}

static int cap_cmp(const void *a, const void *b)
{
    const pd_capture *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return strcmp(x->timestamp, y->timestamp);
}

void pd_cdx_sort_unique(pd_cdx_result *r)
{
    size_t keep = 0;
    if (!r->n)
        return;
    qsort(r->items, r->n, sizeof(*r->items), cap_cmp);
    for (size_t i = 0; i < r->n; i++) {
        if (keep && !strcmp(r->items[keep - 1].timestamp, r->items[i].timestamp)) {
            free(r->items[i].original);
            free(r->items[i].digest);
            free(r->items[i].mimetype);
            continue;
        }
        r->items[keep++] = r->items[i];
    }
    r->n = keep;
}

int pd_every_parse(pd_every *out, const char *s)
{
    if (!strcmp(s, "day"))
        *out = PD_EVERY_DAY;
    else if (!strcmp(s, "week"))
        *out = PD_EVERY_WEEK;
    else if (!strcmp(s, "month"))
        *out = PD_EVERY_MONTH;
    else if (!strcmp(s, "change"))
        *out = PD_EVERY_CHANGE;
    else
        return pd_error_set(PD_EINVALID, "--every takes day, week or month, not '%s'", s);
    return 0;
}

static void put_escaped(pd_buf *b, const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    if (!e) {
        b->oom = 1;
        return;
    }
    pd_buf_puts(b, e);
    curl_free(e);
}

int pd_cdx_url(pd_buf *out, const char *base, const char *url, const char *from, const char *to,
               pd_every every, int page_size, const char *resume_key)
{
    size_t blen = strlen(base);
    int rc;

    if ((rc = pd_curllib_load()) < 0)
        return rc;
    while (blen && base[blen - 1] == '/')
        blen--;
    pd_buf_put(out, base, blen);
    pd_buf_puts(out, "/cdx/search/cdx?url=");
    put_escaped(out, url);
    pd_buf_puts(out, "&output=json&fl=timestamp,original,statuscode,digest,mimetype"
                     "&filter=statuscode:200&gzip=false");
    switch (every) {
    case PD_EVERY_CHANGE:
        pd_buf_puts(out, "&collapse=digest");
        break;
    case PD_EVERY_DAY:
    case PD_EVERY_WEEK:
        pd_buf_puts(out, "&collapse=timestamp:8");
        break;
    case PD_EVERY_MONTH:
        pd_buf_puts(out, "&collapse=timestamp:6");
        break;
    }
    if (from && *from)
        pd_buf_printf(out, "&from=%s", from);
    if (to && *to)
        pd_buf_printf(out, "&to=%s", to);
    if (page_size > 0)
        pd_buf_printf(out, "&limit=%d&showResumeKey=true", page_size);
    if (resume_key) {
        pd_buf_puts(out, "&resumeKey=");
        put_escaped(out, resume_key);
    }
    return pd_buf_error(out) ? pd_error_set(pd_buf_error(out), "out of memory building a URL") : 0;
}

/* ---- the client ---- */

void pd_wayback_options_from_env(pd_wayback_options *o)
{
    long page = o->page_size;
    pd_http_env_long(&o->cdx_interval_ms, "POLICYDIFF_CDX_INTERVAL_MS");
    pd_http_env_long(&o->capture_interval_ms, "POLICYDIFF_CAPTURE_INTERVAL_MS");
    pd_http_env_long(&o->wait_429_ms, "POLICYDIFF_WAYBACK_429_WAIT_MS");
    pd_http_env_long(&page, "POLICYDIFF_CDX_PAGE_SIZE");
    o->page_size = (int)page;
    pd_http_options_from_env(&o->http);
}

int pd_wayback_new(pd_wayback **out, const pd_wayback_options *opts)
{
    pd_wayback *w = calloc(1, sizeof(*w));
    pd_wayback_options def = PD_WAYBACK_OPTIONS_INIT;
    const char *base;
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = pd_curllib_load()) < 0) {
        free(w);
        return rc;
    }
    PD_CHECK_ALLOC(w);
    w->o = opts ? *opts : def;
    base = w->o.base && *w->o.base ? w->o.base : PD_WAYBACK_DEFAULT_URL;
    if (pd_url_check(base)) {
        char why[512];
        snprintf(why, sizeof(why), "%s", pd_error_last());
        free(w);
        return pd_error_set(PD_EINVALID, "bad Wayback URL: %s", why);
    }
    n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    if (!(w->base = strndup(base, n))) {
        free(w);
        return PD_ENOMEM_SET();
    }
    w->o.base = w->base;
    w->o.http.retry_429 = 0; /* 429s are ours to pace */
    w->base_cdx_ms = w->o.cdx_interval_ms;
    w->base_capture_ms = w->o.capture_interval_ms;
    *out = w;
    return 0;
}

void pd_wayback_free(pd_wayback *w)
{
    if (!w)
        return;
    free(w->base);
    free(w);
}

/* After a 429 an interval doubles, up to PD_WAYBACK_SLOWDOWN times its
 * configured value; each answer that is not a 429 takes an eighth of the
 * extra back off, so a few scattered 429s in a long backfill do not slow
 * the rest of it for good. */
static void slow_down(long *interval, long base)
{
    long cap = base * PD_WAYBACK_SLOWDOWN;
    *interval = *interval ? *interval * 2 : 1;
    if (*interval > cap)
        *interval = cap;
}

static void ease_back(long *interval, long base)
{
    if (*interval > base)
        *interval -= (*interval - base + 7) / 8;
}

int pd_wayback_rate_limited(const pd_wayback *w)
{
    return w && w->rate_limited;
}

int pd_wayback_allows_private(const pd_wayback *w)
{
    return w && w->o.http.allow_private;
}

void pd_wayback_intervals(long *cdx_ms, long *capture_ms, const pd_wayback *w)
{
    *cdx_ms = w->o.cdx_interval_ms;
    *capture_ms = w->o.capture_interval_ms;
}

/* One paced GET; deals with 429 (wait, slow down, stop after max_429). */
static int paced_get(pd_http_result *r, pd_wayback *w, const char *url, int cdx)
{
    pd_http_request req = {.url = url};
    int rc;

    for (;;) {
        int64_t *next = cdx ? &w->next_cdx : &w->next_capture;
        long interval = cdx ? w->o.cdx_interval_ms : w->o.capture_interval_ms;
        int64_t ra;
        long wait;

        sleep_until(*next);
        *next = mono_ms() + interval;
        if ((rc = pd_http_get(r, &req, &w->o.http)))
            return rc;
        if (r->status != 429) {
            w->in_a_row = 0;
            ease_back(&w->o.cdx_interval_ms, w->base_cdx_ms);
            ease_back(&w->o.capture_interval_ms, w->base_capture_ms);
            return 0;
        }
        if (++w->in_a_row >= w->o.max_429) {
            pd_http_result_dispose(r);
            w->rate_limited = 1;
            return pd_error_set(PD_ENET,
                                "the Wayback Machine answered 429 Too Many Requests %d times in "
                                "a row; stopped so this address does not get blocked: wait an "
                                "hour, then run the same command again (it resumes)",
                                w->in_a_row);
        }
        ra = pd_http_retry_after_seconds(r->retry_after, (int64_t)time(NULL));
        pd_http_result_dispose(r);
        if (ra >= 0 && ra * 1000 > w->o.http.max_wait_ms) {
            /* asked to come back later than we are willing to sit idle */
            w->rate_limited = 1;
            if (ra >= PD_HTTP_RETRY_AFTER_HUGE)
                return pd_error_set(PD_ENET,
                                    "the Wayback Machine answered 429 Too Many Requests and asks "
                                    "to wait decades; stopped: run the same command again later "
                                    "(it resumes)");
            return pd_error_set(PD_ENET,
                                "the Wayback Machine answered 429 Too Many Requests and asks to "
                                "wait %lld s; stopped: run the same command again after that (it "
                                "resumes)",
                                (long long)ra);
        }
        wait = ra >= 0 ? (long)(ra * 1000) : w->o.wait_429_ms;
        slow_down(&w->o.cdx_interval_ms, w->base_cdx_ms);
        slow_down(&w->o.capture_interval_ms, w->base_capture_ms);
        if (w->o.on_wait)
            w->o.on_wait(wait, w->in_a_row, w->o.on_wait_payload);
        sleep_until(mono_ms() + wait);
    }
}

/* The data rows of a CDX JSON answer, counted without parsing it: the
 * arrays inside the outer one (brackets outside strings at depth 2), minus
 * the header and the empty row before a resume key, at most. */
static size_t count_rows(const char *p, size_t len)
{
    size_t rows = 0;
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[') {
            if (++depth == 2)
                rows++;
        } else if (c == ']') {
            depth--;
        }
    }
    return rows;
}

/* PD_EBUDGET when a CDX page holds more rows than the page_size asked for
 * (a header, an empty row and a resume key are allowed on top). */
static int rows_within_budget(const pd_buf *body, int page_size, const char *url)
{
    size_t rows;
    if (page_size <= 0)
        return 0;
    rows = count_rows(body->ptr ? body->ptr : "", body->len);
    if (rows <= (size_t)page_size + 3)
        return 0;
    return pd_error_set(PD_EBUDGET,
                        "the CDX server answered %zu rows for %.200s when %d were asked for: over "
                        "the CDX row budget, the listing was refused; check --wayback-url",
                        rows - 1, url, page_size);
}

/* The resume key for page pages + 1 into *resume (NULL: the listing is
 * done); PD_EBUDGET when the server sends the key it sent before, or past
 * PD_CDX_MAX_PAGES pages. */
static int next_page(char **resume, const char *key, int pages, const char *url)
{
    if (key && *resume && !strcmp(key, *resume))
        return pd_error_set(PD_EBUDGET,
                            "the CDX server sent the same resume key twice for %.200s (it would "
                            "list forever): the listing was refused; check --wayback-url",
                            url);
    if (key && pages >= PD_CDX_MAX_PAGES)
        return pd_error_set(PD_EBUDGET,
                            "the CDX server still had more after %d pages for %.200s, over the "
                            "CDX page budget: the listing was refused; narrow it with --from "
                            "and --to",
                            pages, url);
    free(*resume);
    *resume = NULL;
    if (key && !(*resume = strdup(key)))
        return PD_ENOMEM_SET();
    return 0;
}

int pd_wayback_list(pd_cdx_result *out, pd_wayback *w, const char *url, const char *from,
                    const char *to, pd_every every)
{
    pd_buf q = PD_BUF_INIT;
    char *resume = NULL;
    int rc = 0, pages = 0;

    memset(out, 0, sizeof(*out));
    do {
        pd_http_result r;
        pd_buf_clear(&q);
        if ((rc = pd_cdx_url(&q, w->base, url, from, to, every, w->o.page_size, resume)))
            goto out;
        if ((rc = paced_get(&r, w, q.ptr, 1)))
            goto out;
        if (r.error || r.status != 200) {
            if (r.error)
                rc = pd_error_set(PD_ENET,
                                  "CDX query for %.200s failed: %.300s; check --wayback-url or "
                                  "try again later",
                                  url, r.message);
            else
                rc = pd_error_set(PD_ENET,
                                  "CDX query for %.200s failed: HTTP %ld from %.200s; check "
                                  "--wayback-url or try again later",
                                  url, r.status, w->base);
            pd_http_result_dispose(&r);
            goto out;
        }
        if ((rc = rows_within_budget(&r.body, w->o.page_size, url)) == 0)
            rc = pd_cdx_parse(out, r.body.ptr ? r.body.ptr : "", r.body.len);
        pd_http_result_dispose(&r);
        if (rc == PD_EINVALID) {
            /* the server answered, but not with a listing: like an outage
             * (exit 3), not bad input from the user */
            char msg[512];
            snprintf(msg, sizeof(msg), "%s", pd_error_last());
            rc = pd_error_set(PD_ENET, "%s", msg);
        }
        if (rc)
            goto out;
        if ((rc = next_page(&resume, out->resume_key, ++pages, url)))
            goto out;
    } while (resume);
    pd_cdx_sort_unique(out);
    /* keep 200s only (the filter asks for them; old servers ignore it) */
    {
        size_t keep = 0;
        for (size_t i = 0; i < out->n; i++) {
            pd_capture *c = &out->items[i];
            int drop = c->status != 200 || (c->mimetype && strstr(c->mimetype, "revisit"));
            if (!drop && every == PD_EVERY_WEEK && keep) {
                /* weeks start on Monday; 1970-01-01 was a Thursday */
                int64_t wk = (c->time / 86400 + 3) / 7,
                        pw = (out->items[keep - 1].time / 86400 + 3) / 7;
                drop = wk == pw;
            }
            if (drop) {
                free(c->original);
                free(c->digest);
                free(c->mimetype);
                continue;
            }
            out->items[keep++] = *c;
        }
        out->n = keep;
    }
out:
    free(resume);
    pd_buf_dispose(&q);
    if (rc)
        pd_cdx_result_dispose(out);
    return rc;
}

const char *pd_wayback_error_page(const char *body, size_t len)
{
    static const struct {
        const char *marker, *reason;
    } marks[] = {
        {"AdministrativeAccessControlException", "the site is excluded from the Wayback Machine"},
        {"RobotAccessControlException", "the capture is blocked by robots.txt"},
        {"Blocked Site Error", "the site is blocked in the Wayback Machine"},
        {"Wayback Machine has not archived that URL", "the Wayback Machine has no such capture"},
    };
    size_t scan = len < 65536 ? len : 65536;
    if (!body)
        return NULL;
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        size_t m = strlen(marks[i].marker);
        for (size_t k = 0; k + m <= scan; k++)
            if (body[k] == marks[i].marker[0] && !memcmp(body + k, marks[i].marker, m))
                return marks[i].reason;
    }
    return NULL;
}

void pd_wayback_capture_dispose(pd_wayback_capture *c)
{
    if (!c)
        return;
    free(c->content_type);
    free(c->final_url);
    pd_buf_dispose(&c->body);
    memset(c, 0, sizeof(*c));
}

/* The timestamp in ".../web/<digits>id_/..." or "" */
static void ts_from_url(char ts[15], const char *url)
{
    const char *p = url ? strstr(url, "/web/") : NULL;
    size_t n;
    ts[0] = '\0';
    if (!p)
        return;
    p += 5;
    n = strspn(p, "0123456789");
    if (n >= 4 && n <= 14) {
        memcpy(ts, p, n);
        ts[n] = '\0';
    }
}

/* The time of the capture actually served into out: its Memento-Datetime,
 * else the timestamp of the final URL, else the one asked for.  An
 * impossible Memento-Datetime (1970, the future) is PD_EINVALID: the
 * capture cannot be dated, so it is not recorded. */
static int served_time(pd_wayback_capture *out, const pd_http_result *r, const char *timestamp,
                       const char *url)
{
    if (r->memento_datetime) {
        time_t t = curl_getdate(r->memento_datetime, NULL);
        if (t != (time_t)-1 && !time_possible((int64_t)t))
            return pd_error_set(PD_EINVALID,
                                "capture %s of %.200s: the archive dates it %.40s "
                                "(Memento-Datetime), which cannot be; skipped",
                                timestamp, url, r->memento_datetime);
        if (t != (time_t)-1) {
            out->time = (int64_t)t;
            pd_time_format_wayback(out->timestamp, sizeof(out->timestamp), out->time);
            return 0;
        }
    }
    ts_from_url(out->timestamp, r->final_url);
    if (out->timestamp[0] && ts_possible(&out->time, out->timestamp))
        return 0;
    snprintf(out->timestamp, sizeof(out->timestamp), "%s", timestamp);
    if (ts_possible(&out->time, out->timestamp))
        return 0;
    return pd_error_set(PD_EINVALID, "capture %.20s of %.200s: an impossible timestamp; skipped",
                        timestamp, url);
}

int pd_wayback_fetch(pd_wayback_capture *out, pd_wayback *w, const char *timestamp, const char *url)
{
    pd_buf u = PD_BUF_INIT;
    pd_http_result r;
    const char *why;
    int rc;

    memset(out, 0, sizeof(*out));
    pd_buf_printf(&u, "%s/web/%sid_/%s", w->base, timestamp, url);
    if (pd_buf_error(&u)) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    if ((rc = paced_get(&r, w, u.ptr, 0)))
        goto out;
    if (r.error) {
        rc = pd_error_set(r.error, "capture %s: %s", timestamp, r.message);
        pd_http_result_dispose(&r);
        goto out;
    }
    why = pd_wayback_error_page(r.body.ptr, r.body.len);
    if (r.status != 200) {
        rc = pd_error_set(r.status == 404 || r.status == 403 ? PD_ENOTFOUND : PD_ENET,
                          "capture %s of %.200s: HTTP %ld%s%s", timestamp, url, r.status,
                          why ? ": " : "", why ? why : "");
        pd_http_result_dispose(&r);
        goto out;
    }
    if (why) {
        rc = pd_error_set(PD_ESUSPICIOUS, "capture %s of %.200s: %s", timestamp, url, why);
        pd_http_result_dispose(&r);
        goto out;
    }
    if ((rc = served_time(out, &r, timestamp, url))) {
        pd_http_result_dispose(&r);
        goto out;
    }
    out->content_type = r.orig_content_type ? strdup(r.orig_content_type)
                        : r.content_type    ? strdup(r.content_type)
                                            : NULL;
    out->final_url = r.final_url;
    r.final_url = NULL;
    out->body = r.body;
    memset(&r.body, 0, sizeof(r.body));
    pd_http_result_dispose(&r);
out:
    pd_buf_dispose(&u);
    if (rc)
        pd_wayback_capture_dispose(out);
    return rc;
}

int pd_wayback_render_url(pd_buf *out, const pd_wayback *w, const char *timestamp, const char *url)
{
    pd_buf_printf(out, "%s/web/%sif_/%s", w->base, timestamp, url);
    return pd_buf_error(out);
}
