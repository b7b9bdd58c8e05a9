/*
 * pd-testserver - a small HTTP/1.1 server for the tests, the benchmarks and
 * the offline demo.  It binds 127.0.0.1 on a free port, prints that port on
 * stdout (one line), and serves until it is killed.
 *
 *   pd-testserver ROOT [INDEX]
 *
 * ROOT is a directory of fixture files: GET /a/b.html serves ROOT/a/b.html
 * with Content-Type by extension, an ETag and a Last-Modified, and answers
 * 304 to a matching If-None-Match or to an If-Modified-Since that is not
 * older than the file.
 *
 * The Wayback Machine imitation reads INDEX (default ROOT/wayback.tsv, when
 * present): one capture per line, tab-separated, '#' starts a comment:
 *
 *   timestamp  original-url  status  file  [mimetype]
 *   20190301120000  https://example.com/privacy  200  snap/2019.html  text/html
 *
 * where file is relative to the index's directory (or "-" for no body) and
 * mimetype defaults to "text/html".  The digest is derived from the file's
 * bytes (SHA-256, not the real service's SHA-1).  Endpoints:
 *   /cdx/search/cdx?url=U  output=json, fl=, filter=statuscode:RE (RE with '.'
 *       wildcards), collapse=digest|timestamp:N (adjacent rows), from, to
 *       (prefixes), limit=N, showResumeKey=true, resumeKey=K; rows in
 *       timestamp order.  Without output=json: space-separated lines.
 *   /web/<ts>id_/<url>  the file of the capture with that exact timestamp
 *       (if_ in place of id_ serves the same, as a browser would load it),
 *       with Memento-Datetime and x-archive-orig-content-type; a 302 to the
 *       nearest capture when the timestamp is not in the index; 404 with the
 *       Wayback "not archived" message when the URL has no capture.
 *
 * Fault modes, selected by a path prefix /fault/<mode>[x<K>]/<rest>: the
 * fault applies to every request of that path, or to its first K requests
 * only, after which <rest> is served normally (so "/fault/503x2/cdx/search/cdx"
 * fails twice, then answers as the CDX server; use it as a --wayback-url
 * base).  Modes:
 *   429         429 with Retry-After: 1      429-bare   429 without Retry-After
 *   429-long    429 with Retry-After: 7200
 *   503         503 Service Unavailable      slow       200, 4 KB at 100 B / 100 ms
 *   stall       200, 100 of 10000 bytes, then nothing
 *   reset       connection reset (RST) after reading the request
 *   loop        302 to itself forever        big        200 with a 30 MB body
 *   gzip-bomb   200, Content-Encoding: gzip, 64 MB of zeros compressed
 *   charset     200 declared UTF-8 but the body is windows-1252
 *   botwall     200 Cloudflare "Just a moment..." challenge page
 *   wayback-error  200 with a Wayback "not archived" body
 *   304         304 Not Modified, whatever the request sent
 *   retry-huge  503 with Retry-After: 999999999999
 *   bigheader   200 whose response header is 1 MB long
 *   cdx-endless a CDX page of one row and a new resume key, on every request
 *   cdx-samekey a CDX page of one row and always the same resume key
 *   cdx-flood   a CDX page of 100,000 rows, whatever limit was asked
 *   memento-epoch  serves <rest> with Memento-Datetime: 1 Jan 1970
 * /_echo answers the request head as text/plain.
 * /_redirect?to=URL answers 302 to URL.
 * /_count?path=P answers the number of requests seen for path P (without
 * the query string), so tests can check retry counts.
 * Connections are closed after each response; poll() serves many at once.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#define MAX_CONN 256

typedef struct {
    char ts[15];
    char *url;
    char status[8];
    char *file; /* full path, or NULL */
    char *mime;
    char digest[33];
    size_t line;
} capture;

typedef struct {
    int fd;
    char in[16384];
    size_t inlen;
    pd_buf out;
    size_t off;
    size_t stall_at; /* stop sending here (0: never) */
    size_t slow;     /* bytes per tick when slow (0: all at once) */
    int64_t next_tick;
} conn;

typedef struct {
    char *path;
    int count;
} counter;

static const char *root;
static int memento_epoch; /* set while a memento-epoch fault serves its rest */
static capture *caps;
static size_t ncaps;
static counter *counters;
static size_t ncounters;
static pd_buf bomb;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int bump(const char *path)
{
    for (size_t i = 0; i < ncounters; i++)
        if (!strcmp(counters[i].path, path))
            return ++counters[i].count;
    counters = realloc(counters, (ncounters + 1) * sizeof(*counters));
    counters[ncounters].path = strdup(path);
    counters[ncounters].count = 1;
    return counters[ncounters++].count;
}

static int count_of(const char *path)
{
    for (size_t i = 0; i < ncounters; i++)
        if (!strcmp(counters[i].path, path))
            return counters[i].count;
    return 0;
}

/* ---- small helpers ---- */

static void url_decode(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
            char h[3] = {s[1], s[2], 0};
            *o++ = (char)strtol(h, NULL, 16);
            s += 2;
        } else {
            *o++ = *s == '+' ? ' ' : *s;
        }
    }
    *o = '\0';
}

/* The decoded value of query parameter name (static storage), or NULL. */
static const char *param(const char *query, const char *name)
{
    static char val[4096];
    size_t n = strlen(name);
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > n && !strncmp(p, name, n) && p[n] == '=') {
            snprintf(val, sizeof(val), "%.*s", (int)(len - n - 1), p + n + 1);
            url_decode(val);
            return val;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

static void http_date(char *buf, size_t size, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

static int64_t ts_time(const char *ts)
{
    int v[6] = {0, 1, 1, 0, 0, 0}, w[6] = {4, 2, 2, 2, 2, 2};
    const char *p = ts;
    for (int i = 0; i < 6 && *p; i++) {
        int x = 0;
        for (int k = 0; k < w[i] && isdigit((unsigned char)*p); k++, p++)
            x = x * 10 + (*p - '0');
        v[i] = x;
    }
    if (v[1] < 1)
        v[1] = 1;
    if (v[2] < 1)
        v[2] = 1;
    return pd_time_from_civil(v[0], v[1], v[2], v[3], v[4], v[5]);
}

static void start_response(conn *c, int status, const char *reason, const char *ctype, size_t len,
                           const char *extra)
{
    pd_buf_printf(&c->out,
                  "HTTP/1.1 %d %s\r\nServer: pd-testserver\r\nConnection: close\r\n"
                  "Content-Length: %zu\r\n",
                  status, reason, len);
    if (ctype)
        pd_buf_printf(&c->out, "Content-Type: %s\r\n", ctype);
    if (extra)
        pd_buf_puts(&c->out, extra);
    pd_buf_puts(&c->out, "\r\n");
}

static void respond(conn *c, int status, const char *reason, const char *ctype, const char *body,
                    size_t len, const char *extra)
{
    start_response(c, status, reason, ctype, len, extra);
    pd_buf_put(&c->out, body, len);
}

static void respond_text(conn *c, int status, const char *reason, const char *body)
{
    respond(c, status, reason, "text/plain; charset=utf-8", body, strlen(body), NULL);
}

static const char *mime_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "application/octet-stream";
    if (!strcmp(dot, ".html") || !strcmp(dot, ".htm"))
        return "text/html; charset=utf-8";
    if (!strcmp(dot, ".md"))
        return "text/markdown; charset=utf-8";
    if (!strcmp(dot, ".txt"))
        return "text/plain; charset=utf-8";
    if (!strcmp(dot, ".json"))
        return "application/json";
    if (!strcmp(dot, ".js"))
        return "text/javascript";
    if (!strcmp(dot, ".pdf"))
        return "application/pdf";
    return "application/octet-stream";
}

/* ---- the Wayback index ---- */

static int cap_cmp(const void *a, const void *b)
{
    const capture *x = a, *y = b;
    int c = strcmp(x->ts, y->ts);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static void load_index(const char *index)
{
    FILE *f = fopen(index, "r");
    char line[8192], dir[4096];
    const char *slash = strrchr(index, '/');
    size_t lineno = 0;

    if (!f)
        return;
    snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - index) : 1, slash ? index : ".");
    while (fgets(line, sizeof(line), f)) {
        char *field[5] = {0}, *save = NULL, *tok;
        int nf = 0;
        capture cp;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        for (tok = strtok_r(line, "\t", &save); tok && nf < 5; tok = strtok_r(NULL, "\t", &save))
            field[nf++] = tok;
        if (nf < 4)
            continue;
        memset(&cp, 0, sizeof(cp));
        snprintf(cp.ts, sizeof(cp.ts), "%s", field[0]);
        cp.url = strdup(field[1]);
        snprintf(cp.status, sizeof(cp.status), "%s", field[2]);
        cp.mime = strdup(nf > 4 ? field[4] : "text/html");
        cp.line = lineno;
        strcpy(cp.digest, "-");
        if (strcmp(field[3], "-")) {
            pd_buf data = PD_BUF_INIT;
            char hex[65];
            if (asprintf(&cp.file, "%s/%s", dir, field[3]) < 0)
                exit(1);
            if (pd_buf_read_file(&data, cp.file, 0) == 0) {
                pd_sha256_hex(hex, data.ptr ? data.ptr : "", data.len);
                for (int i = 0; i < 32; i++)
                    cp.digest[i] = (char)toupper((unsigned char)hex[i]);
                cp.digest[32] = '\0';
            }
            pd_buf_dispose(&data);
        }
        caps = realloc(caps, (ncaps + 1) * sizeof(*caps));
        caps[ncaps++] = cp;
    }
    fclose(f);
    qsort(caps, ncaps, sizeof(*caps), cap_cmp);
}

/* Compares a URL loosely: scheme and a trailing slash do not matter. */
static int same_url(const char *a, const char *b)
{
    const char *pa = strstr(a, "://"), *pb = strstr(b, "://");
    size_t la, lb;
    a = pa ? pa + 3 : a;
    b = pb ? pb + 3 : b;
    la = strlen(a);
    lb = strlen(b);
    if (la && a[la - 1] == '/')
        la--;
    if (lb && b[lb - 1] == '/')
        lb--;
    return la == lb && !strncmp(a, b, la);
}

/* A regex of literal characters and '.' wildcards, matching the whole field. */
static int field_match(const char *re, const char *s)
{
    size_t n = strlen(re);
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (re[i] != '.' && re[i] != s[i])
            return 0;
    return 1;
}

static void urlkey(char *buf, size_t size, const char *url)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    if (!strncmp(h, "www.", 4))
        h += 4;
    snprintf(buf, size, "%s", h);
}

static void put_field(pd_buf *b, const capture *cp, const char *name, int json)
{
    char key[1024], len[32];
    const char *v = "";
    if (!strcmp(name, "urlkey")) {
        urlkey(key, sizeof(key), cp->url);
        v = key;
    } else if (!strcmp(name, "timestamp"))
        v = cp->ts;
    else if (!strcmp(name, "original"))
        v = cp->url;
    else if (!strcmp(name, "mimetype"))
        v = cp->mime;
    else if (!strcmp(name, "statuscode"))
        v = cp->status;
    else if (!strcmp(name, "digest"))
        v = cp->digest;
    else if (!strcmp(name, "length")) {
        struct stat st;
        snprintf(len, sizeof(len), "%lld",
                 cp->file && stat(cp->file, &st) == 0 ? (long long)st.st_size : 0LL);
        v = len;
    }
    if (!json) {
        pd_buf_puts(b, v);
        return;
    }
    pd_buf_putc(b, '"');
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            pd_buf_putc(b, '\\');
        pd_buf_putc(b, *v);
    }
    pd_buf_putc(b, '"');
}

static void serve_cdx(conn *c, const char *query)
{
    char url[4096], fl[512], filter[256] = "", collapse[64] = "", from[16] = "", to[16] = "",
                             resume[64] = "";
    const char *p, *fields[16];
    int json, show_key, nfields = 0, collapse_n = 0;
    long limit = -1, emitted = 0;
    pd_buf body = PD_BUF_INIT;
    const capture *prev = NULL, *last = NULL;
    int more = 0;

    if (!(p = param(query, "url"))) {
        respond_text(c, 400, "Bad Request", "url parameter is required\n");
        return;
    }
    snprintf(url, sizeof(url), "%s", p);
    json = (p = param(query, "output")) && !strcmp(p, "json");
    show_key = (p = param(query, "showResumeKey")) && !strcmp(p, "true");
    snprintf(fl, sizeof(fl), "%s",
             (p = param(query, "fl"))
                 ? p
                 : "urlkey,timestamp,original,mimetype,statuscode,digest,length");
    if ((p = param(query, "filter")))
        snprintf(filter, sizeof(filter), "%s", p);
    if ((p = param(query, "collapse")))
        snprintf(collapse, sizeof(collapse), "%s", p);
    if ((p = param(query, "from")))
        snprintf(from, sizeof(from), "%s", p);
    if ((p = param(query, "to")))
        snprintf(to, sizeof(to), "%s", p);
    if ((p = param(query, "resumeKey"))) {
        const char *sp = strrchr(p, ' ');
        snprintf(resume, sizeof(resume), "%s", sp ? sp + 1 : p);
    }
    if ((p = param(query, "limit")))
        limit = strtol(p, NULL, 10);
    if (!strncmp(collapse, "timestamp:", 10))
        collapse_n = atoi(collapse + 10);
    for (char *save = NULL, *tok = strtok_r(fl, ",", &save); tok && nfields < 16;
         tok = strtok_r(NULL, ",", &save))
        fields[nfields++] = tok;
    /* from/to are prefixes: pad from with 0s and to with 9s */
    while (strlen(from) && strlen(from) < 14)
        strcat(from, "0");
    while (strlen(to) && strlen(to) < 14)
        strcat(to, "9");

    if (json) {
        pd_buf_puts(&body, "[[");
        for (int i = 0; i < nfields; i++)
            pd_buf_printf(&body, "%s\"%s\"", i ? "," : "", fields[i]);
        pd_buf_puts(&body, "]");
    }
    for (size_t i = 0; i < ncaps; i++) {
        const capture *cp = &caps[i];
        if (!same_url(cp->url, url))
            continue;
        if ((*from && strcmp(cp->ts, from) < 0) || (*to && strcmp(cp->ts, to) > 0))
            continue;
        if (*resume && strcmp(cp->ts, resume) <= 0)
            continue;
        if (!strncmp(filter, "statuscode:", 11) && !field_match(filter + 11, cp->status))
            continue;
        if (prev && !strcmp(collapse, "digest") && !strcmp(prev->digest, cp->digest))
            continue;
        if (prev && collapse_n > 0 && !strncmp(prev->ts, cp->ts, (size_t)collapse_n))
            continue;
        prev = cp;
        if (limit >= 0 && emitted >= limit) {
            more = 1;
            break;
        }
        pd_buf_puts(&body, json ? ",\n[" : "");
        for (int f = 0; f < nfields; f++) {
            if (f)
                pd_buf_puts(&body, json ? "," : " ");
            put_field(&body, cp, fields[f], json);
        }
        pd_buf_puts(&body, json ? "]" : "\n");
        emitted++;
        last = cp;
    }
    if (show_key && more && last) {
        char key[1024];
        urlkey(key, sizeof(key), last->url);
        if (json)
            pd_buf_printf(&body, ",\n[],\n[\"%s %s\"]", key, last->ts);
        else
            pd_buf_printf(&body, "\n%s %s\n", key, last->ts);
    }
    if (json)
        pd_buf_puts(&body, "]\n");
    respond(c, 200, "OK", json ? "application/json" : "text/plain", pd_buf_cstr(&body), body.len,
            NULL);
    pd_buf_dispose(&body);
}

static void serve_capture(conn *c, const char *rest)
{
    /* rest: "<ts>id_/<url>" (or if_, the form a browser renders: the same
     * bytes here, the real service rewrites the page's links) */
    char ts[32], extra[1024], date[64], mode[4] = "id_";
    const char *u = strchr(rest, '/');
    const capture *best = NULL;
    int64_t want, bestd = 0;
    pd_buf data = PD_BUF_INIT;

    if (!u || (size_t)(u - rest) >= sizeof(ts)) {
        respond_text(c, 400, "Bad Request", "expected /web/<timestamp>id_/<url>\n");
        return;
    }
    snprintf(ts, sizeof(ts), "%.*s", (int)(u - rest), rest);
    u++;
    if (strlen(ts) > 3 &&
        (!strcmp(ts + strlen(ts) - 3, "id_") || !strcmp(ts + strlen(ts) - 3, "if_"))) {
        memcpy(mode, ts + strlen(ts) - 3, 4);
        ts[strlen(ts) - 3] = '\0';
    }
    want = ts_time(ts);
    for (size_t i = 0; i < ncaps; i++) {
        int64_t d;
        if (!same_url(caps[i].url, u) || !caps[i].file)
            continue;
        if (!strcmp(caps[i].ts, ts)) {
            best = &caps[i];
            bestd = 0;
            break;
        }
        d = ts_time(caps[i].ts) - want;
        d = d < 0 ? -d : d;
        if (!best || d < bestd) {
            best = &caps[i];
            bestd = d;
        }
    }
    if (!best) {
        const char *msg = "<html><body><p>Hrm.</p><p>Wayback Machine has not archived that URL."
                          "</p></body></html>\n";
        respond(c, 404, "Not Found", "text/html; charset=utf-8", msg, strlen(msg), NULL);
        return;
    }
    if (strcmp(best->ts, ts)) {
        snprintf(extra, sizeof(extra), "Location: /web/%s%s/%s\r\n", best->ts, mode, best->url);
        respond(c, 302, "Found", "text/plain", "", 0, extra);
        return;
    }
    if (pd_buf_read_file(&data, best->file, 0)) {
        respond_text(c, 500, "Internal Server Error", "cannot read the capture file\n");
        return;
    }
    http_date(date, sizeof(date), memento_epoch ? (time_t)0 : (time_t)ts_time(best->ts));
    snprintf(extra, sizeof(extra),
             "Memento-Datetime: %s\r\nx-archive-orig-content-type: %s\r\n"
             "Link: <%s>; rel=\"original\"\r\n",
             date, best->mime, best->url);
    respond(c, 200, "OK", best->mime, pd_buf_cstr(&data), data.len, extra);
    pd_buf_dispose(&data);
}

static void serve_file(conn *c, const char *path, const char *inm, const char *ims)
{
    char full[8192], etag[64], lm[64], extra[256];
    struct stat st;
    pd_buf data = PD_BUF_INIT;

    if (strstr(path, "..")) {
        respond_text(c, 403, "Forbidden", "no '..' in paths\n");
        return;
    }
    snprintf(full, sizeof(full), "%s%s", root, path);
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
        strncat(full, "/index.html", sizeof(full) - strlen(full) - 1);
    if (stat(full, &st) != 0 || pd_buf_read_file(&data, full, 0) != 0) {
        respond_text(c, 404, "Not Found", "no such file\n");
        return;
    }
    snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtime);
    http_date(lm, sizeof(lm), st.st_mtime);
    snprintf(extra, sizeof(extra), "ETag: %s\r\nLast-Modified: %s\r\n", etag, lm);
    if ((inm && !strcmp(inm, etag)) || (!inm && ims && !strcmp(ims, lm)))
        respond(c, 304, "Not Modified", NULL, "", 0, extra);
    else
        respond(c, 200, "OK", mime_of(full), pd_buf_cstr(&data), data.len, extra);
    pd_buf_dispose(&data);
}

static void make_bomb(void)
{
    z_stream z;
    static unsigned char zeros[1 << 16];
    unsigned char out[1 << 16];
    size_t total = (size_t)64 << 20, fed = 0;
    int flush;

    if (bomb.len)
        return;
    memset(&z, 0, sizeof(z));
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    do {
        z.next_in = zeros;
        z.avail_in = sizeof(zeros);
        fed += sizeof(zeros);
        flush = fed >= total ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = out;
            z.avail_out = sizeof(out);
            deflate(&z, flush);
            pd_buf_put(&bomb, out, sizeof(out) - z.avail_out);
        } while (z.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&z);
}

static const char botwall[] =
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<h1>Checking your browser before accessing the site.</h1>"
    "<p>Please enable JavaScript and cookies to continue.</p>"
    "<div id=\"cf-browser-verification\"></div><script>window._cf_chl_opt={};</script>"
    "</body></html>\n";

static const char recovered[] =
    "<!DOCTYPE html><html><head><title>Privacy Policy</title></head><body><main>"
    "<h1>Privacy Policy</h1><p>We collect your email address to send you receipts.</p>"
    "<p>We keep it for two years.</p><p>You can ask us to delete it.</p></main></body></html>\n";

/* Applies a fault; returns 1 when the response is written, 0 to serve rest. */
static int fault(conn *c, const char *mode, const char *rest, const char *path)
{
    char name[64];
    const char *x = strrchr(mode, 'x');
    int limit = -1, hits = count_of(path);

    snprintf(name, sizeof(name), "%s", mode);
    if (x && x[1] && strspn(x + 1, "0123456789") == strlen(x + 1)) {
        limit = atoi(x + 1);
        name[x - mode] = '\0';
    }
    if (limit >= 0 && hits > limit)
        return 0;
    if (!strcmp(name, "429")) {
        respond(c, 429, "Too Many Requests", "text/plain", "slow down\n", 10, "Retry-After: 1\r\n");
    } else if (!strcmp(name, "429-long")) {
        respond(c, 429, "Too Many Requests", "text/plain", "come back in two hours\n", 23,
                "Retry-After: 7200\r\n");
    } else if (!strcmp(name, "429-bare")) {
        respond_text(c, 429, "Too Many Requests", "slow down\n");
    } else if (!strcmp(name, "503")) {
        respond_text(c, 503, "Service Unavailable", "try later\n");
    } else if (!strcmp(name, "slow")) {
        char body[4096];
        memset(body, 'a', sizeof(body));
        respond(c, 200, "OK", "text/plain", body, sizeof(body), NULL);
        c->slow = 100;
    } else if (!strcmp(name, "stall")) {
        char body[10000];
        memset(body, 'a', sizeof(body));
        respond(c, 200, "OK", "text/plain", body, sizeof(body), NULL);
        c->stall_at = c->out.len - sizeof(body) + 100;
    } else if (!strcmp(name, "reset")) {
        struct linger l = {1, 0};
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        c->off = (size_t)-1; /* close at once */
    } else if (!strcmp(name, "loop")) {
        char extra[8300];
        snprintf(extra, sizeof(extra), "Location: %s\r\n", path);
        respond(c, 302, "Found", "text/plain", "", 0, extra);
    } else if (!strcmp(name, "big")) {
        size_t n = (size_t)30 << 20;
        start_response(c, 200, "OK", "text/html", n, NULL);
        if (pd_buf_grow(&c->out, n) == 0) {
            memset(c->out.ptr + c->out.len, 'x', n);
            c->out.len += n;
        }
    } else if (!strcmp(name, "gzip-bomb")) {
        make_bomb();
        respond(c, 200, "OK", "text/html", bomb.ptr, bomb.len, "Content-Encoding: gzip\r\n");
    } else if (!strcmp(name, "charset")) {
        const char *b = "<html><head><title>Datenschutzerkl\xe4rung</title></head><body><main>"
                        "<h1>Datenschutzerkl\xe4rung</h1><p>Wir speichern Ihre Daten f\xfcr "
                        "zwei Jahre.</p></main></body></html>\n";
        respond(c, 200, "OK", "text/html; charset=utf-8", b, strlen(b), NULL);
    } else if (!strcmp(name, "botwall")) {
        respond(c, 200, "OK", "text/html; charset=utf-8", botwall, strlen(botwall), NULL);
    } else if (!strcmp(name, "304")) {
        respond(c, 304, "Not Modified", NULL, "", 0, "ETag: \"x\"\r\n");
    } else if (!strcmp(name, "retry-huge")) {
        respond(c, 503, "Service Unavailable", "text/plain", "later\n", 6,
                "Retry-After: 999999999999\r\n");
    } else if (!strcmp(name, "bigheader")) {
        pd_buf h = PD_BUF_INIT;
        pd_buf_puts(&h, "X-Filler: ");
        for (int i = 0; i < 1024 * 1024 / 64; i++)
            pd_buf_puts(&h, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        pd_buf_puts(&h, "\r\n");
        respond(c, 200, "OK", "text/html", recovered, strlen(recovered), pd_buf_cstr(&h));
        pd_buf_dispose(&h);
    } else if (!strcmp(name, "cdx-endless") || !strcmp(name, "cdx-samekey")) {
        char b[512];
        snprintf(b, sizeof(b),
                 "[[\"timestamp\",\"original\",\"statuscode\",\"digest\",\"mimetype\"],\n"
                 "[\"20190301120000\",\"https://example.com/privacy\",\"200\",\"A\","
                 "\"text/html\"],\n[],\n[\"example.com/privacy %d\"]]\n",
                 strcmp(name, "cdx-samekey") ? hits : 1);
        respond(c, 200, "OK", "application/json", b, strlen(b), NULL);
    } else if (!strcmp(name, "cdx-flood")) {
        pd_buf b = PD_BUF_INIT;
        pd_buf_puts(&b, "[[\"timestamp\",\"original\",\"statuscode\",\"digest\",\"mimetype\"]");
        for (int i = 0; i < 100000; i++)
            pd_buf_printf(
                &b,
                ",\n[\"2019%02d%02d%02d%02d%02d\",\"https://example.com/privacy\",\"200\","
                "\"D%d\",\"text/html\"]",
                1 + i % 12, 1 + i % 28, i % 24, i % 60, (i / 60) % 60, i);
        pd_buf_puts(&b, "]\n");
        respond(c, 200, "OK", "application/json", pd_buf_cstr(&b), b.len, NULL);
        pd_buf_dispose(&b);
    } else if (!strcmp(name, "memento-epoch")) {
        memento_epoch = 1; /* cleared after the rest is served */
        return 0;
    } else if (!strcmp(name, "wayback-error")) {
        const char *b = "<html><body><p>Wayback Machine has not archived that URL.</p>"
                        "</body></html>\n";
        respond(c, 200, "OK", "text/html", b, strlen(b), NULL);
    } else {
        respond_text(c, 400, "Bad Request", "unknown fault mode\n");
    }
    (void)rest;
    return 1;
}

static const char *header_value(const char *req, const char *name)
{
    static char val[1024];
    size_t n = strlen(name);
    for (const char *p = strstr(req, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        if (!strncasecmp(line, name, n) && line[n] == ':') {
            const char *v = line + n + 1, *e = strstr(v, "\r\n");
            while (*v == ' ')
                v++;
            snprintf(val, sizeof(val), "%.*s", e ? (int)(e - v) : (int)strlen(v), v);
            return val;
        }
    }
    return NULL;
}

static void handle(conn *c)
{
    char method[16], target[8192], path[8192], inm[1024] = "", ims[1024] = "";
    char *query, *rest;
    const char *v;

    if (sscanf(c->in, "%15s %8191s", method, target) != 2) {
        respond_text(c, 400, "Bad Request", "bad request line\n");
        return;
    }
    if ((v = header_value(c->in, "If-None-Match")))
        snprintf(inm, sizeof(inm), "%s", v);
    if ((v = header_value(c->in, "If-Modified-Since")))
        snprintf(ims, sizeof(ims), "%s", v);
    memento_epoch = 0; /* set again by a memento-epoch fault of this request */
    if ((query = strchr(target, '?')))
        *query++ = '\0';
    snprintf(path, sizeof(path), "%s", target);
    if (strcmp(path, "/_count"))
        bump(path);
    rest = path;
    while (!strncmp(rest, "/fault/", 7)) {
        char mode[64];
        const char *m = rest + 7, *slash = strchr(m, '/');
        snprintf(mode, sizeof(mode), "%.*s", slash ? (int)(slash - m) : (int)strlen(m), m);
        if (fault(c, mode, slash ? slash : "", path))
            return;
        rest = slash ? (char *)slash : (char *)"";
    }
    if (!strcmp(path, "/_echo")) {
        respond_text(c, 200, "OK", c->in);
    } else if (!strcmp(path, "/_redirect")) {
        char extra[4200];
        snprintf(extra, sizeof(extra), "Location: %.4096s\r\n",
                 param(query, "to") ? param(query, "to") : "/");
        respond(c, 302, "Found", "text/plain", "", 0, extra);
    } else if (!strcmp(path, "/_count")) {
        char num[32];
        snprintf(num, sizeof(num), "%d\n",
                 count_of(param(query, "path") ? param(query, "path") : ""));
        respond_text(c, 200, "OK", num);
    } else if (!*rest) {
        respond(c, 200, "OK", "text/html; charset=utf-8", recovered, strlen(recovered), NULL);
    } else if (!strcmp(rest, "/cdx/search/cdx")) {
        serve_cdx(c, query ? query : "");
    } else if (!strncmp(rest, "/web/", 5)) {
        char full[8192];
        /* the original URL may carry its own query string */
        snprintf(full, sizeof(full), "%s%s%s", rest + 5, query ? "?" : "", query ? query : "");
        serve_capture(c, full);
    } else {
        serve_file(c, rest, *inm ? inm : NULL, *ims ? ims : NULL);
    }
}

static void close_conn(conn *c)
{
    close(c->fd);
    pd_buf_dispose(&c->out);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

int main(int argc, char **argv)
{
    static conn conns[MAX_CONN];
    struct sockaddr_in addr;
    socklen_t alen = sizeof(addr);
    char index[4096];
    int lfd, one = 1;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: pd-testserver ROOT [INDEX]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    root = argv[1];
    snprintf(index, sizeof(index), "%s", argc > 2 ? argv[2] : "");
    if (!*index)
        snprintf(index, sizeof(index), "%s/wayback.tsv", root);
    load_index(index);

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        listen(lfd, 128) != 0 || getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0) {
        perror("pd-testserver");
        return 1;
    }
    fcntl(lfd, F_SETFL, O_NONBLOCK);
    printf("%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (int i = 0; i < MAX_CONN; i++)
        conns[i].fd = -1;

    for (;;) {
        struct pollfd pfd[MAX_CONN + 1];
        int map[MAX_CONN + 1], np = 0, timeout = -1;
        int64_t now = now_ms();

        pfd[np].fd = lfd;
        pfd[np].events = POLLIN;
        map[np++] = -1;
        for (int i = 0; i < MAX_CONN; i++) {
            conn *c = &conns[i];
            short ev = 0;
            if (c->fd < 0)
                continue;
            if (!c->out.len)
                ev = POLLIN;
            else if (c->stall_at && c->off >= c->stall_at)
                ev = POLLIN; /* stalled: only notice the client leaving */
            else if (c->slow && c->next_tick > now) {
                int wait = (int)(c->next_tick - now);
                ev = POLLIN;
                timeout = timeout < 0 || wait < timeout ? wait : timeout;
            } else
                ev = POLLOUT | POLLIN;
            pfd[np].fd = c->fd;
            pfd[np].events = ev;
            map[np++] = i;
        }
        if (poll(pfd, (nfds_t)np, timeout) < 0 && errno != EINTR)
            return 1;
        now = now_ms();
        if (pfd[0].revents & POLLIN) {
            int fd;
            while ((fd = accept(lfd, NULL, NULL)) >= 0) {
                int slot = -1;
                for (int i = 0; i < MAX_CONN && slot < 0; i++)
                    if (conns[i].fd < 0)
                        slot = i;
                if (slot < 0) {
                    close(fd);
                    continue;
                }
                fcntl(fd, F_SETFL, O_NONBLOCK);
                memset(&conns[slot], 0, sizeof(conns[slot]));
                conns[slot].fd = fd;
            }
        }
        for (int k = 1; k < np; k++) {
            conn *c = &conns[map[k]];
            if (c->fd < 0 || !pfd[k].revents)
                continue;
            if (!c->out.len && (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t n = read(c->fd, c->in + c->inlen, sizeof(c->in) - 1 - c->inlen);
                if (n <= 0) {
                    if (n < 0 && (errno == EAGAIN || errno == EINTR))
                        continue;
                    close_conn(c);
                    continue;
                }
                c->inlen += (size_t)n;
                c->in[c->inlen] = '\0';
                if (strstr(c->in, "\r\n\r\n")) {
                    handle(c);
                    if (c->off == (size_t)-1 || !c->out.len) {
                        close_conn(c);
                        continue;
                    }
                } else if (c->inlen >= sizeof(c->in) - 1) {
                    close_conn(c);
                }
                continue;
            }
            if (pfd[k].revents & (POLLHUP | POLLERR)) {
                close_conn(c);
                continue;
            }
            if ((pfd[k].events & POLLIN) && (pfd[k].revents & POLLIN)) {
                char sink[512];
                ssize_t n = read(c->fd, sink, sizeof(sink));
                if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
                    close_conn(c);
                    continue;
                }
            }
            if (pfd[k].revents & POLLOUT) {
                size_t end = c->out.len, want;
                ssize_t n;
                if (c->stall_at && end > c->stall_at)
                    end = c->stall_at;
                want = end - c->off;
                if (c->slow && want > c->slow)
                    want = c->slow;
                n = write(c->fd, c->out.ptr + c->off, want);
                if (n < 0) {
                    if (errno != EAGAIN && errno != EINTR)
                        close_conn(c);
                    continue;
                }
                c->off += (size_t)n;
                if (c->slow)
                    c->next_tick = now + 100;
                if (c->off >= c->out.len)
                    close_conn(c);
            }
        }
    }
}
