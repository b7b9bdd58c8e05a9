/* http.c - the libcurl multi loop behind pd_http_fetch_all(); see http.h. */
#include "fetch/http.h"
#include "fetch/addr.h"
#include "pd_version.h"
#include "util/error.h"

#include <ctype.h>
#include <curl/curl.h>
#include "fetch/curllib_calls.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define UA "policydiff/" PD_VERSION " (+https://github.com/policydiff/policydiff)"

enum { X_PENDING, X_ACTIVE, X_DONE };

typedef struct {
    char *name;
    int active;
    int64_t next_ok; /* monotonic ms */
} host_slot;

typedef struct {
    size_t index;
    int state;
    int host;
    int64_t ready_at; /* monotonic ms */
    int toobig;
    int allow_private; /* internal addresses allowed for this request */
    const pd_http_options *o;
    char refused[96]; /* "127.0.0.1 (loopback)": an address refused, or "" */
    size_t max_body;
    CURL *easy;
    struct curl_slist *headers;
    char errbuf[CURL_ERROR_SIZE];
    pd_http_result res;
} xfer;

const char *pd_http_user_agent(void)
{
    return UA;
}

/* What the user can do about a transfer that failed, as a "; ..." tail. */
static const char *advice(CURLcode rc, const char *errbuf)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return "; check the host name in the URL";
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return "; check the URL, or try again later if the site is down";
    case CURLE_OPERATION_TIMEDOUT:
        /* one curl code for three limits: say which, and what moves it */
        if (errbuf && strstr(errbuf, "too slow"))
            return "; the server stalled (almost nothing received for 30 s): try again later "
                   "(POLICYDIFF_HTTP_LOW_SPEED_SECONDS sets how long a stall is waited out)";
        if (errbuf && (strstr(errbuf, "onnection timed out") || strstr(errbuf, "onnect")))
            return "; the server did not accept the connection within 15 s: check the URL, or "
                   "try again later if the site is down";
        return "; the server is too slow: try again later or raise --timeout";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
        return "; the site's TLS certificate or set-up is broken: check the URL";
    default:
        return "";
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t jitter_state;

static uint32_t next_random(void)
{
    if (!jitter_state)
        jitter_state = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16) ^ 0x9e3779b9u;
    jitter_state ^= jitter_state << 13;
    jitter_state ^= jitter_state >> 17;
    jitter_state ^= jitter_state << 5;
    return jitter_state;
}

static void clear_headers(pd_http_result *r)
{
    char **fields[] = {&r->content_type,     &r->etag,        &r->last_modified,
                       &r->memento_datetime, &r->retry_after, &r->orig_content_type};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}

void pd_http_result_dispose(pd_http_result *r)
{
    if (!r)
        return;
    clear_headers(r);
    free(r->final_url);
    r->final_url = NULL;
    pd_buf_dispose(&r->body);
}

int64_t pd_http_retry_after_seconds(const char *value, int64_t now)
{
    time_t t;
    size_t n;

    if (!value)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    n = strspn(value, "0123456789");
    if (n > 0 && n < 10 && (value[n] == '\0' || isspace((unsigned char)value[n])))
        return strtoll(value, NULL, 10);
    if (n >= 10 && (value[n] == '\0' || isspace((unsigned char)value[n])))
        return PD_HTTP_RETRY_AFTER_HUGE; /* decades: as good as never */
    if (n >= 10 || pd_curllib_load() < 0)
        return -1;
    t = curl_getdate(value, NULL);
    if (t == (time_t)-1)
        return -1;
    return (int64_t)t > now ? (int64_t)t - now : 0;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *payload)
{
    xfer *x = payload;
    size_t n = size * nmemb;

    if (x->res.body.len + n > x->max_body) {
        x->toobig = 1;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (pd_buf_put(&x->res.body, data, n))
        return 0;
    return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *payload)
{
    xfer *x = payload;
    size_t n = size * nmemb, namelen, vlen;
    const char *colon, *v;
    static const struct {
        const char *name;
        size_t off;
    } wanted[] = {
        {"content-type", offsetof(pd_http_result, content_type)},
        {"etag", offsetof(pd_http_result, etag)},
        {"last-modified", offsetof(pd_http_result, last_modified)},
        {"memento-datetime", offsetof(pd_http_result, memento_datetime)},
        {"retry-after", offsetof(pd_http_result, retry_after)},
        {"x-archive-orig-content-type", offsetof(pd_http_result, orig_content_type)},
    };

    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        clear_headers(&x->res); /* a new response (after a redirect or 100) */
        return n;
    }
    colon = memchr(data, ':', n);
    if (!colon)
        return n;
    namelen = (size_t)(colon - data);
    v = colon + 1;
    vlen = n - namelen - 1;
    while (vlen && (*v == ' ' || *v == '\t'))
        v++, vlen--;
    while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
        vlen--;
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        if (strlen(wanted[i].name) == namelen && !strncasecmp(data, wanted[i].name, namelen)) {
            char **field = (char **)((char *)&x->res + wanted[i].off);
            free(*field);
            *field = strndup(v, vlen);
        }
    }
    return n;
}

/* The range of addr when x may not connect to it, else NULL: a proxy of
 * the environment may be connected to wherever it is (addr.h). */
static const char *refused_range(const xfer *x, const struct sockaddr *addr)
{
    if (x->allow_private || pd_addr_is_proxy(addr))
        return NULL;
    if (x->o->on_connect)
        return x->o->on_connect(addr, x->o->on_connect_payload);
    return pd_addr_internal(addr);
}

/* CURLOPT_OPENSOCKETFUNCTION: every connection the transfer opens, to the
 * address DNS gave (or a redirect's), is refused when it is internal and
 * the request may not go there. */
static curl_socket_t open_socket(void *payload, curlsocktype purpose, struct curl_sockaddr *a)
{
    xfer *x = payload;
    const char *range;
    (void)purpose;
    if ((range = refused_range(x, &a->addr))) {
        char text[64];
        pd_addr_format(text, sizeof(text), &a->addr);
        snprintf(x->refused, sizeof(x->refused), "%s (%s)", text, range);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

/* The internal range of where the finished attempt went, or NULL: the
 * connection's address (a reused connection was not opened by this
 * transfer), or, when that was a proxy, the host as written in the final
 * URL (the proxy resolved it). */
static const char *went_internal(xfer *x, char *where, size_t size)
{
    struct sockaddr_storage ss;
    char *ip = NULL, *host = NULL;
    const char *range = NULL;
    long port = 0;
    CURLU *u;

    if (x->allow_private)
        return NULL;
    if (curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip) != CURLE_OK || !ip || !*ip)
        return NULL;
    curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_PORT, &port);
    if (!pd_addr_parse(&ss, ip, (int)port))
        return NULL;
    if (!pd_addr_is_proxy((const struct sockaddr *)&ss)) {
        if ((range = refused_range(x, (const struct sockaddr *)&ss)))
            snprintf(where, size, "%s", ip);
        return range;
    }
    if (!x->res.final_url || !(u = curl_url()))
        return NULL;
    if (curl_url_set(u, CURLUPART_URL, x->res.final_url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host) {
        size_t n = strlen(host);
        while (n && host[n - 1] == '.')
            host[--n] = '\0';
        range =
            !strcasecmp(host, "localhost") || (n > 10 && !strcasecmp(host + n - 10, ".localhost"))
                ? "loopback"
                : pd_addr_internal_text(host);
        if (range)
            snprintf(where, size, "%s", host);
    }
    curl_free(host);
    curl_url_cleanup(u);
    return range;
}

static int host_index(host_slot **hosts, size_t *nhosts, const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL, *port = NULL, key[512];
    int idx = -1;

    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_HOST, &host, 0);
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    }
    snprintf(key, sizeof(key), "%s:%s", host ? host : url, port ? port : "");
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    for (size_t i = 0; i < *nhosts; i++)
        if (!strcmp((*hosts)[i].name, key))
            return (int)i;
    host_slot *grown = realloc(*hosts, (*nhosts + 1) * sizeof(**hosts));
    if (!grown)
        return -1;
    *hosts = grown;
    grown[*nhosts].name = strdup(key);
    grown[*nhosts].active = 0;
    grown[*nhosts].next_ok = 0;
    if (!grown[*nhosts].name)
        return -1;
    idx = (int)(*nhosts)++;
    return idx;
}

static int start(CURLM *multi, xfer *x, const pd_http_request *req, const pd_http_options *o)
{
    char line[1024];

    if (!x->easy && !(x->easy = curl_easy_init()))
        return PD_ENOMEM;
    curl_easy_reset(x->easy);
    curl_slist_free_all(x->headers);
    x->headers = NULL;
    pd_http_result_dispose(&x->res);
    x->toobig = 0;
    x->allow_private = o->allow_private || req->allow_private;
    x->o = o;
    x->refused[0] = '\0';
    x->errbuf[0] = '\0';
    x->res.body.limit = 0;
    if (req->etag && *req->etag) {
        snprintf(line, sizeof(line), "If-None-Match: %s", req->etag);
        x->headers = curl_slist_append(x->headers, line);
    }
    if (req->last_modified && *req->last_modified) {
        snprintf(line, sizeof(line), "If-Modified-Since: %s", req->last_modified);
        x->headers = curl_slist_append(x->headers, line);
    }
    if (req->accept_language && *req->accept_language && !strpbrk(req->accept_language, "\r\n")) {
        snprintf(line, sizeof(line), "Accept-Language: %s", req->accept_language);
        x->headers = curl_slist_append(x->headers, line);
    }
    curl_easy_setopt(x->easy, CURLOPT_URL, req->url);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(x->easy, CURLOPT_MAXREDIRS, 10L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(x->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(x->easy, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(x->easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes);
    curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_TIME, o->low_speed_seconds);
    curl_easy_setopt(x->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body);
    curl_easy_setopt(x->easy, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : UA);
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
    if (!x->allow_private) { /* behind a proxy too: no_proxy hosts connect directly */
        curl_easy_setopt(x->easy, CURLOPT_OPENSOCKETFUNCTION, open_socket);
        curl_easy_setopt(x->easy, CURLOPT_OPENSOCKETDATA, x);
    }
    if (curl_multi_add_handle(multi, x->easy) != CURLM_OK)
        return PD_ERROR;
    x->res.attempts++;
    x->state = X_ACTIVE;
    return 0;
}

static int retryable_code(CURLcode rc)
{
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
        return 1;
    default:
        return 0;
    }
}

/* 1 when the attempt connected, or tried to, to an internal address it may
 * not reach (the result then says so: never retried). */
static int refused_here(xfer *x, CURLcode rc, const char *url)
{
    char where[96] = "", redirected[128] = "";
    const char *range = NULL;

    if (x->refused[0] && rc != CURLE_OK)
        snprintf(where, sizeof(where), "%s", x->refused);
    else if ((range = went_internal(x, where, sizeof(where))))
        snprintf(where + strlen(where), sizeof(where) - strlen(where), " (%s)", range);
    else
        return 0;
    if (x->res.final_url && strcmp(x->res.final_url, url))
        snprintf(redirected, sizeof(redirected), " (redirected to %.100s)", x->res.final_url);
    pd_buf_clear(&x->res.body);
    x->res.error = PD_ENET;
    snprintf(x->res.message, sizeof(x->res.message),
             "%.120s%s: refused to connect to %s, an internal address; give --allow-private (or "
             "allow-private = true in the policy's section of policies.conf) for an intranet "
             "page",
             url, redirected, where);
    return 1;
}

/* 1 when libcurl stopped on a response header over its limit (it says
 * "out of memory" for it): the result says what it was. */
static int header_too_big(xfer *x, CURLcode rc, const char *url)
{
    /* libcurl 7.x says CURLE_OUT_OF_MEMORY for a header over its limit,
     * libcurl 8 CURLE_TOO_LARGE; a real shortage of memory there is far
     * less likely than a hostile header */
    if (rc != CURLE_OUT_OF_MEMORY)
        return 0;
    x->res.error = PD_EBUDGET;
    snprintf(x->res.message, sizeof(x->res.message),
             "%.150s: the server's response headers are over the header budget (libcurl's "
             "100 KB, which it reports as out of memory): a broken or hostile server, the page "
             "was refused",
             url);
    return 1;
}

/* Decides what a finished attempt means: returns the delay in ms before a
 * retry, or -1 when the request is finished (result filled in). */
static long finish_attempt(xfer *x, CURLcode rc, const pd_http_options *o, const char *url)
{
    long status = 0, wait;
    char *eff = NULL;
    int retry = 0;

    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &eff);
    x->res.status = status;
    free(x->res.final_url);
    x->res.final_url = eff ? strdup(eff) : NULL;
    x->res.error = 0;
    x->res.message[0] = '\0';

    if (refused_here(x, rc, url))
        return -1;
    if (rc == CURLE_OK) {
        if ((status == 429 && o->retry_429) || status >= 500)
            retry = 1;
    } else if (header_too_big(x, rc, url)) {
        return -1;
    } else if (x->toobig || rc == CURLE_FILESIZE_EXCEEDED) {
        x->res.error = PD_ETOOBIG;
        snprintf(x->res.message, sizeof(x->res.message),
                 "%.150s: the page is larger than the %zu MB cap; raise --max-size if it is real",
                 url, x->max_body / (1024 * 1024));
        return -1;
    } else {
        retry = retryable_code(rc);
    }
    if (retry && rc == CURLE_OK) {
        int64_t ra = pd_http_retry_after_seconds(x->res.retry_after, (int64_t)time(NULL));
        if (ra >= 0 && ra * 1000 > o->max_wait_ms) {
            /* asked to come back later than we will sit idle: retrying
             * sooner would be rude and useless, so give up on this one now */
            x->res.error = PD_ENET;
            if (ra >= PD_HTTP_RETRY_AFTER_HUGE)
                snprintf(x->res.message, sizeof(x->res.message),
                         "%.150s: HTTP %ld, and the server asks to wait decades (Retry-After: "
                         "%.20s); not retried: try again later",
                         url, status, x->res.retry_after);
            else
                snprintf(x->res.message, sizeof(x->res.message),
                         "%.150s: HTTP %ld, and the server asks to wait %lld s before trying "
                         "again; try again after that",
                         url, status, (long long)ra);
            return -1;
        }
    }
    if (retry && x->res.attempts <= o->retries) {
        int64_t ra = pd_http_retry_after_seconds(x->res.retry_after, (int64_t)time(NULL));
        long base = o->backoff_ms;
        for (int i = 1; i < x->res.attempts && base < o->max_wait_ms; i++)
            base *= 2;
        /* jitter: between half and one and a half times the base */
        wait = base / 2 + (base > 0 ? (long)(next_random() % (uint32_t)(base + 1)) : 0);
        if (ra >= 0 && ra * 1000 > wait)
            wait = (long)(ra * 1000);
        if (wait > o->max_wait_ms)
            wait = o->max_wait_ms;
        return wait;
    }
    if (rc != CURLE_OK) {
        x->res.error = PD_ENET;
        if (rc == CURLE_TOO_MANY_REDIRECTS)
            snprintf(x->res.message, sizeof(x->res.message),
                     "%.200s: more than 10 redirects (a redirect loop?)", url);
        else
            snprintf(x->res.message, sizeof(x->res.message), "%.100s: %.90s (%d attempt%s)%s", url,
                     x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc), x->res.attempts,
                     x->res.attempts == 1 ? "" : "s", advice(rc, x->errbuf));
    } else if (retry) {
        x->res.error = PD_ENET;
        snprintf(x->res.message, sizeof(x->res.message), "%.150s: HTTP %ld (%d attempt%s)%s", url,
                 status, x->res.attempts, x->res.attempts == 1 ? "" : "s",
                 status == 429 ? "; the server asks us to slow down, try again later"
                               : "; the server is failing, try again later");
    }
    return -1;
}

/* Long (about 130 lines) because it is the one libcurl multi loop: the
 * per-host queues, the retry timers and the transfers in flight share its
 * locals, and cutting it would pass most of them to every piece. */
int pd_http_fetch_all(const pd_http_request *reqs, size_t n, const pd_http_options *opts,
                      pd_http_done_fn done, void *payload)
{
    pd_http_options o = PD_HTTP_OPTIONS_INIT;
    CURLM *multi = NULL;
    xfer *xs = NULL;
    host_slot *hosts = NULL;
    size_t nhosts = 0, finished = 0;
    int running = 0, rc = 0;

    if (opts)
        o = *opts;
    if (o.jobs < 1)
        o.jobs = 1;
    if (o.per_host < 1)
        o.per_host = 1;
    if (n == 0)
        return 0;
    if ((rc = pd_curllib_load()) < 0)
        return rc;
    if (!(multi = curl_multi_init()) || !(xs = calloc(n, sizeof(*xs)))) {
        rc = pd_error_set(PD_ENOMEM, "out of memory starting %zu transfers", n);
        goto out;
    }
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o.jobs);
    for (size_t i = 0; i < n; i++) {
        xs[i].index = i;
        xs[i].max_body = o.max_body ? o.max_body : PD_HTTP_MAX_BODY;
        if ((xs[i].host = host_index(&hosts, &nhosts, reqs[i].url)) < 0) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
    }
    while (finished < n) {
        int64_t now = mono_ms(), wake = now + 1000;
        CURLMsg *msg;
        int left, still;

        for (size_t i = 0; i < n && running < o.jobs; i++) {
            xfer *x = &xs[i];
            host_slot *h = &hosts[x->host];
            if (x->state != X_PENDING)
                continue;
            if (x->ready_at > now || h->next_ok > now) {
                int64_t t = x->ready_at > h->next_ok ? x->ready_at : h->next_ok;
                if (t < wake && h->active < o.per_host)
                    wake = t;
                continue;
            }
            if (h->active >= o.per_host)
                continue;
            if ((rc = start(multi, x, &reqs[i], &o)) < 0) {
                pd_error_set(rc, "cannot start a transfer for %s", reqs[i].url);
                goto out;
            }
            h->active++;
            h->next_ok = now + o.host_delay_ms;
            running++;
        }
        curl_multi_perform(multi, &still);
        while ((msg = curl_multi_info_read(multi, &left))) {
            xfer *x = NULL;
            long wait;
            if (msg->msg != CURLMSG_DONE)
                continue;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            curl_multi_remove_handle(multi, x->easy);
            running--;
            hosts[x->host].active--;
            now = mono_ms();
            if (hosts[x->host].next_ok < now + o.host_delay_ms)
                hosts[x->host].next_ok = now + o.host_delay_ms;
            wait = finish_attempt(x, msg->data.result, &o, reqs[x->index].url);
            if (wait >= 0 && o.on_retry) {
                char why[160];
                if (msg->data.result == CURLE_OK)
                    snprintf(why, sizeof(why), "HTTP %ld", x->res.status);
                else
                    snprintf(why, sizeof(why), "%.150s",
                             x->errbuf[0] ? x->errbuf : curl_easy_strerror(msg->data.result));
                o.on_retry(reqs[x->index].url, why, wait, x->res.attempts + 1, o.retries + 1,
                           o.on_retry_payload);
            }
            if (wait >= 0) {
                x->state = X_PENDING;
                x->ready_at = now + wait;
                if (x->ready_at < wake)
                    wake = x->ready_at;
                continue;
            }
            x->state = X_DONE;
            finished++;
            curl_slist_free_all(x->headers);
            x->headers = NULL;
            curl_easy_cleanup(x->easy);
            x->easy = NULL;
            if (done)
                done(x->index, &x->res, payload);
            pd_http_result_dispose(&x->res);
            wake = now; /* a slot is free: look at the queue again at once */
        }
        if (finished >= n)
            break;
        now = mono_ms();
        if (wake > now) {
            long ms = (long)(wake - now);
            curl_multi_poll(multi, NULL, 0, ms > 1000 ? 1000 : (int)ms, NULL);
        } else if (running) {
            curl_multi_poll(multi, NULL, 0, 0, NULL);
        }
    }
out:
    for (size_t i = 0; xs && i < n; i++) {
        if (xs[i].easy) {
            curl_multi_remove_handle(multi, xs[i].easy);
            curl_easy_cleanup(xs[i].easy);
        }
        curl_slist_free_all(xs[i].headers);
        pd_http_result_dispose(&xs[i].res);
    }
    for (size_t i = 0; i < nhosts; i++)
        free(hosts[i].name);
    free(hosts);
    free(xs);
    if (multi)
        curl_multi_cleanup(multi);
    return rc;
}

static void take_one(size_t index, pd_http_result *r, void *payload)
{
    pd_http_result *out = payload;
    (void)index;
    *out = *r;
    memset(r, 0, sizeof(*r)); /* ownership moved to *out */
}

int pd_http_get(pd_http_result *out, const pd_http_request *req, const pd_http_options *opts)
{
    memset(out, 0, sizeof(*out));
    return pd_http_fetch_all(req, 1, opts, take_one, out);
}

void pd_http_env_long(long *dst, const char *name)
{
    const char *v = getenv(name);
    char *end;
    long x;
    if (!v || !*v)
        return;
    x = strtol(v, &end, 10);
    if (*end == '\0' && x >= 0)
        *dst = x;
}

void pd_http_options_from_env(pd_http_options *opts)
{
    const char *v;
    pd_http_env_long(&opts->backoff_ms, "POLICYDIFF_HTTP_BACKOFF_MS");
    pd_http_env_long(&opts->max_wait_ms, "POLICYDIFF_HTTP_MAX_WAIT_MS");
    pd_http_env_long(&opts->timeout_ms, "POLICYDIFF_HTTP_TIMEOUT_MS");
    pd_http_env_long(&opts->low_speed_seconds, "POLICYDIFF_HTTP_LOW_SPEED_SECONDS");
    pd_http_env_long(&opts->host_delay_ms, "POLICYDIFF_HTTP_HOST_DELAY_MS");
    if ((v = getenv("POLICYDIFF_ALLOW_PRIVATE")) && !strcmp(v, "1"))
        opts->allow_private = 1;
}
