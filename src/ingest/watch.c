/* watch.c - one monitoring run over the watched policies; see watch.h. */
#include "ingest/watch.h"
#include "ingest/ingest.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    pd_store *s;
    const pd_watch_options *o;
    pd_policy *pol;
    pd_watch_result *res;
    int64_t now;
    int fatal; /* a store error that ends the run (PD_ENOMEM) */
} run_ctx;

const char *pd_watch_status_name(pd_watch_status st)
{
    switch (st) {
    case PD_WATCH_UNCHANGED:
        return "unchanged";
    case PD_WATCH_NOT_MODIFIED:
        return "not-modified";
    case PD_WATCH_FIRST:
        return "first";
    case PD_WATCH_CHANGED:
        return "changed";
    case PD_WATCH_FAILED:
        return "failed";
    case PD_WATCH_SUSPICIOUS:
        return "suspicious";
    }
    return "unknown";
}

void pd_watch_results_free(pd_watch_result *r, size_t n)
{
    if (!r)
        return;
    for (size_t i = 0; i < n; i++) {
        free(r[i].name);
        free(r[i].url);
        free(r[i].old_text);
        free(r[i].new_text);
    }
    free(r);
}

static void set_reason(pd_watch_result *r, pd_watch_status st, int code, const char *msg)
{
    r->status = st;
    r->error = code;
    size_t n;
    snprintf(r->reason, sizeof(r->reason), "%s", msg && *msg ? msg : "unknown error");
    /* cut at a character boundary, not inside a UTF-8 sequence */
    n = strlen(r->reason);
    if (n == sizeof(r->reason) - 1) {
        while (n > 0 && ((unsigned char)r->reason[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && (unsigned char)r->reason[n - 1] >= 0xC0)
            n--;
        r->reason[n] = '\0';
    }
}

static int has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++)
        if (!strncasecmp(s, w, n))
            return 1;
    return 0;
}

/* The extension of the raw file from the Content-Type, or NULL to sniff. */
static const char *raw_ext(const char *ctype)
{
    if (!ctype)
        return NULL;
    if (has_word(ctype, "html"))
        return "html";
    if (has_word(ctype, "markdown"))
        return "md";
    if (!strncasecmp(ctype, "text/plain", 10))
        return "txt";
    return NULL;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Records one fetched page through the ingest path (normalize, guard,
 * record: ingest.h) and fills its result. */
static void handle_page(run_ctx *c, pd_policy *p, pd_watch_result *r, pd_http_result *h)
{
    pd_ingest_options io = PD_INGEST_OPTIONS_INIT;
    pd_ingest_result ir = PD_INGEST_RESULT_INIT;
    pd_version v;
    int rc;
    int64_t at = c->now;

    memset(&v, 0, sizeof(v));
    rc = pd_store_version_at(&v, c->s, p->name, INT64_MAX);
    if (rc == 0) {
        if (at <= v.captured_at) /* two runs within a second: keep history in order */
            at = v.captured_at + 1;
        pd_version_dispose(&v);
    } else if (rc != PD_ENOTFOUND) {
        set_reason(r, PD_WATCH_FAILED, rc, pd_error_last());
        goto out;
    }

    io.captured_at = at;
    io.source = p->url;
    io.via = "live";
    io.raw_ext = raw_ext(h->content_type);
    io.url = h->final_url ? h->final_url : p->url;
    io.content_type = h->content_type;
    /* an error page is never the policy: the guard refuses it, even with force */
    io.status = h->status;
    io.force = c->o->force;
    rc = pd_ingest_record(&ir, c->s, p, &io, pd_buf_cstr(&h->body), h->body.len);
    if (ir.has_previous) {
        memcpy(r->old_commit, ir.previous_commit, sizeof(r->old_commit));
        r->old_captured_at = ir.previous_captured_at;
    }
    if (rc == PD_ESUSPICIOUS && !ir.accepted) {
        set_reason(r, PD_WATCH_SUSPICIOUS, PD_ESUSPICIOUS, ir.report.reason);
        goto out;
    }
    if (rc) {
        set_reason(r, PD_WATCH_FAILED, rc, pd_error_last());
        if (rc == PD_ENOMEM && ir.accepted) /* the store ran out: end the run */
            c->fatal = rc;
        goto out;
    }
    if (ir.forced) {
        r->forced = 1;
        snprintf(r->reason, sizeof(r->reason), "%s", ir.report.reason);
    }
    if (ir.record == PD_RECORD_UNCHANGED || ir.record == PD_RECORD_DUPLICATE) {
        r->status = PD_WATCH_UNCHANGED;
    } else {
        r->status = ir.has_previous ? PD_WATCH_CHANGED : PD_WATCH_FIRST;
        r->captured_at = at;
        if (pd_store_version_at(&v, c->s, p->name, at) == 0) {
            memcpy(r->new_commit, v.commit, sizeof(r->new_commit));
            r->new_commit[40] = '\0';
            pd_version_dispose(&v);
        }
    }
    if (ir.has_previous) {
        r->old_len = ir.previous.len;
        r->old_text = pd_buf_detach(&ir.previous);
    }
    r->new_len = ir.text.len;
    r->new_text = pd_buf_detach(&ir.text);
    if ((ir.has_previous && !r->old_text) || !r->new_text) {
        set_reason(r, PD_WATCH_FAILED, PD_ENOMEM, "out of memory");
        c->fatal = PD_ENOMEM;
        goto out;
    }
    /* remember the validators for the next conditional request */
    if (!same_str(h->etag, p->etag) || !same_str(h->last_modified, p->last_modified))
        pd_store_policy_set_validators(c->s, p->name, h->etag, h->last_modified);
out:
    pd_ingest_result_dispose(&ir);
}

static void on_done(size_t i, pd_http_result *h, void *payload)
{
    run_ctx *c = payload;
    pd_watch_result *r = &c->res[i];
    r->http_status = h->status;
    r->attempts = h->attempts;
    if (h->error) {
        set_reason(r, PD_WATCH_FAILED, h->error, h->message);
        return;
    }
    if (h->status == 304) {
        r->status = PD_WATCH_NOT_MODIFIED;
        return;
    }
    handle_page(c, &c->pol[i], r, h);
}

/* The named policies (or all of them) into *out / *n. */
static int load_policies(pd_policy **out, size_t *n, pd_store *s, const char *const *names,
                         size_t nnames)
{
    pd_policy *arr;
    size_t k = 0;
    int rc;

    if (nnames == 0)
        return pd_store_policy_list(out, n, s);
    arr = calloc(nnames, sizeof(*arr));
    PD_CHECK_ALLOC(arr);
    for (size_t i = 0; i < nnames; i++) {
        pd_policy *p = NULL;
        int dup = 0;
        for (size_t j = 0; j < k; j++)
            dup |= !strcmp(arr[j].name, names[i]);
        if (dup)
            continue;
        if ((rc = pd_store_policy_get(&p, s, names[i]))) {
            pd_policy_array_free(arr, k);
            return rc;
        }
        arr[k++] = *p;
        free(p); /* the fields moved into arr */
    }
    *out = arr;
    *n = k;
    return 0;
}

int pd_watch_run(pd_watch_result **out, size_t *n, pd_store *s, const char *const *names,
                 size_t nnames, const pd_watch_options *opts)
{
    pd_watch_options defaults = PD_WATCH_OPTIONS_INIT;
    pd_policy *pol = NULL;
    pd_http_request *reqs = NULL;
    pd_watch_result *res = NULL;
    size_t np = 0;
    run_ctx c;
    int rc, locked = 0;

    *out = NULL;
    *n = 0;
    if (!opts)
        opts = &defaults;
    if ((rc =
             pd_store_lock(s, opts->lock_wait_ms > 0 ? opts->lock_wait_ms : PD_STORE_LOCK_WAIT_MS)))
        return rc;
    locked = 1;
    if ((rc = load_policies(&pol, &np, s, names, nnames)))
        goto out;
    if (np == 0)
        goto out;
    reqs = calloc(np, sizeof(*reqs));
    res = calloc(np, sizeof(*res));
    if (!reqs || !res) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0; i < np; i++) {
        reqs[i].url = pol[i].url;
        reqs[i].etag = opts->unconditional ? NULL : pol[i].etag;
        reqs[i].last_modified = opts->unconditional ? NULL : pol[i].last_modified;
        res[i].name = strdup(pol[i].name);
        res[i].url = strdup(pol[i].url ? pol[i].url : "");
        if (!res[i].name || !res[i].url) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
    }
    memset(&c, 0, sizeof(c));
    c.s = s;
    c.o = opts;
    c.pol = pol;
    c.res = res;
    c.now = opts->now ? opts->now : pd_time_now();
    if ((rc = pd_http_fetch_all(reqs, np, &opts->http, on_done, &c)))
        goto out;
    if ((rc = c.fatal)) {
        pd_error_set(rc, "out of memory");
        goto out;
    }
    *out = res;
    *n = np;
    res = NULL;
out:
    if (res)
        pd_watch_results_free(res, np);
    free(reqs);
    pd_policy_array_free(pol, np);
    if (locked)
        pd_store_unlock(s);
    return rc;
}
