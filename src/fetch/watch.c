/* watch.c - one monitoring run over the watched policies; see watch.h. */
#include "fetch/watch.h"
#include "fetch/guard.h"
#include "normalize/normalize.h"
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

/* Normalizes, guards and records one fetched page. */
static void handle_page(run_ctx *c, pd_policy *p, pd_watch_result *r, pd_http_result *h)
{
    pd_normalize_options no = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report nrep;
    pd_record_options ro = PD_RECORD_OPTIONS_INIT;
    pd_record_result rr;
    pd_guard_input g;
    pd_buf text = PD_BUF_INIT, prev = PD_BUF_INIT;
    pd_version v;
    char why[256];
    int rc, have_prev = 0, have_text = 1;
    int64_t at = c->now;

    memset(&v, 0, sizeof(v));
    rc = pd_store_show(&prev, &v, c->s, p->name, INT64_MAX);
    if (rc == 0) {
        have_prev = 1;
        memcpy(r->old_commit, v.commit, sizeof(r->old_commit));
        r->old_commit[40] = '\0';
        r->old_captured_at = v.captured_at;
        if (at <= v.captured_at) /* two runs within a second: keep history in order */
            at = v.captured_at + 1;
        pd_version_dispose(&v);
    } else if (rc != PD_ENOTFOUND) {
        set_reason(r, PD_WATCH_FAILED, rc, pd_error_last());
        goto out;
    }

    no.recipe = &p->recipe;
    no.url = h->final_url ? h->final_url : p->url;
    no.content_type = h->content_type;
    /* an error page is never the policy: the guard refuses it, even with force */
    rc = h->status >= 200 && h->status <= 299
             ? pd_normalize(&text, pd_buf_cstr(&h->body), h->body.len, &no, &nrep)
             : PD_EEMPTY;
    if (rc == PD_EEMPTY) {
        have_text = 0;
    } else if (rc) {
        set_reason(r, PD_WATCH_FAILED, rc, pd_error_last());
        goto out;
    }

    memset(&g, 0, sizeof(g));
    g.status = h->status;
    g.raw = pd_buf_cstr(&h->body);
    g.rawlen = h->body.len;
    g.text = have_text ? pd_buf_cstr(&text) : NULL;
    g.textlen = have_text ? text.len : 0;
    g.previous = have_prev ? pd_buf_cstr(&prev) : NULL;
    g.prevlen = have_prev ? prev.len : 0;
    why[0] = '\0';
    if (pd_guard_check(why, sizeof(why), &g)) {
        if (!c->o->force || !have_text) {
            set_reason(r, PD_WATCH_SUSPICIOUS, PD_ESUSPICIOUS, why);
            goto out;
        }
        r->forced = 1;
        snprintf(r->reason, sizeof(r->reason), "%s", why);
    }

    ro.policy = p->name;
    ro.captured_at = at;
    ro.source = p->url;
    ro.via = "live";
    ro.raw_ext = raw_ext(h->content_type);
    if ((rc = pd_store_record(&rr, c->s, &ro, pd_buf_cstr(&h->body), h->body.len,
                              pd_buf_cstr(&text), text.len))) {
        set_reason(r, PD_WATCH_FAILED, rc, pd_error_last());
        if (rc == PD_ENOMEM)
            c->fatal = rc;
        goto out;
    }
    if (rr == PD_RECORD_UNCHANGED || rr == PD_RECORD_DUPLICATE) {
        r->status = PD_WATCH_UNCHANGED;
    } else {
        r->status = have_prev ? PD_WATCH_CHANGED : PD_WATCH_FIRST;
        r->captured_at = at;
        if (pd_store_version_at(&v, c->s, p->name, at) == 0) {
            memcpy(r->new_commit, v.commit, sizeof(r->new_commit));
            r->new_commit[40] = '\0';
            pd_version_dispose(&v);
        }
    }
    if (have_prev) {
        r->old_len = prev.len;
        r->old_text = pd_buf_detach(&prev);
    }
    r->new_len = text.len;
    r->new_text = pd_buf_detach(&text);
    if ((have_prev && !r->old_text) || !r->new_text) {
        set_reason(r, PD_WATCH_FAILED, PD_ENOMEM, "out of memory");
        c->fatal = PD_ENOMEM;
        goto out;
    }
    /* remember the validators for the next conditional request */
    if (!same_str(h->etag, p->etag) || !same_str(h->last_modified, p->last_modified))
        pd_store_policy_set_validators(c->s, p->name, h->etag, h->last_modified);
out:
    pd_buf_dispose(&text);
    pd_buf_dispose(&prev);
}

static void on_done(size_t i, pd_http_result *h, void *ctx)
{
    run_ctx *c = ctx;
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
    if (!(arr = calloc(nnames, sizeof(*arr))))
        return pd_error_set(PD_ENOMEM, "out of memory");
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
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < np; i++) {
        reqs[i].url = pol[i].url;
        reqs[i].etag = opts->unconditional ? NULL : pol[i].etag;
        reqs[i].last_modified = opts->unconditional ? NULL : pol[i].last_modified;
        res[i].name = strdup(pol[i].name);
        res[i].url = strdup(pol[i].url ? pol[i].url : "");
        if (!res[i].name || !res[i].url) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
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
