/* watch.c - one monitoring run over the watched policies; see watch.h. */
#include "ingest/watch.h"
#include "ingest/ingest.h"
#include "ingest/pages.h"
#include "ingest/rendering.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One page of a combined document, kept until its other pages are in. */
typedef struct {
    pd_page page; /* url and content_type owned, body points into buf */
    pd_buf buf;
    char error[512]; /* the transfer's error, or "" */
} page_slot;

typedef struct {
    pd_store *s;
    const pd_watch_options *o;
    pd_policy *pol;
    pd_watch_result *res;
    int64_t now;
    int fatal; /* a store error that ends the run (PD_ENOMEM) */
    const pd_http_request *reqs;
    size_t *req_policy; /* per request: its policy */
    size_t *req_page;   /* per request: its page of a combined document */
    page_slot **slots;  /* per combined policy: its pages (NULL for one page) */
    size_t *pending;    /* per combined policy: pages still to come */
} run_ctx;

/* What one page (or a combined document's pages) came back as. */
typedef struct {
    const char *body;
    size_t len;
    long status;
    const char *content_type, *final_url, *etag, *last_modified;
    const char *raw_ext; /* NULL: from the Content-Type */
    const char *browser; /* the browser that rendered it, or NULL */
    /* a Wayback capture standing in for the live page (--fallback wayback):
     * its time and timestamp; 0 and NULL for the live page */
    int64_t captured_at;
    const char *wayback_ts;
} page_in;

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

/* A rendered DOM: UTF-8 after its byte order mark (fetch/render.h). */
#define RENDERED_TYPE "text/html; charset=utf-8"

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The time a live page is recorded at: the run's, or just after the last
 * version (two runs within a second keep history in order). */
static int live_time(int64_t *at, run_ctx *c, const pd_policy *p)
{
    pd_version v;
    int rc;
    memset(&v, 0, sizeof(v));
    *at = c->now;
    rc = pd_store_version_at(&v, c->s, p->name, INT64_MAX);
    if (rc == 0) {
        if (*at <= v.captured_at)
            *at = v.captured_at + 1;
        pd_version_dispose(&v);
    }
    return rc == PD_ENOTFOUND ? 0 : rc;
}

/* Records one fetched page (or the Wayback capture standing in for it)
 * through the ingest path (normalize, guard, record: ingest.h) and fills
 * its result. */
static void handle_page(run_ctx *c, pd_policy *p, pd_watch_result *r, const page_in *h)
{
    pd_ingest_options io = PD_INGEST_OPTIONS_INIT;
    pd_ingest_result ir = PD_INGEST_RESULT_INIT;
    pd_version v;
    int rc;
    int64_t at = h->captured_at;

    memset(&v, 0, sizeof(v));
    if (!h->wayback_ts && (rc = live_time(&at, c, p))) {
        set_reason(r, PD_WATCH_FAILED, rc, pd_error_last());
        goto out;
    }
    io.captured_at = at;
    io.source = p->url;
    io.via = h->wayback_ts ? "wayback" : "live";
    io.wayback_ts = h->wayback_ts;
    io.raw_ext = h->raw_ext ? h->raw_ext : raw_ext(h->content_type);
    io.url = h->final_url ? h->final_url : p->url;
    io.final_url = h->final_url; /* recorded when redirects led elsewhere */
    io.content_type = h->content_type;
    /* an error page is never the policy: the guard refuses it, even with force */
    io.status = h->status;
    io.force = c->o->force;
    io.browser = h->browser;
    rc = pd_ingest_record(&ir, c->s, p, &io, h->body, h->len);
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
    if (!h->wayback_ts &&
        (!same_str(h->etag, p->etag) || !same_str(h->last_modified, p->last_modified)))
        pd_store_policy_set_validators(c->s, p->name, h->etag, h->last_modified);
out:
    pd_ingest_result_dispose(&ir);
}

/* All pages of combined policy i are in: one capture of them all
 * (browser: what rendered them, or NULL). */
static void handle_pages(run_ctx *c, size_t i, const char *browser)
{
    pd_policy *p = &c->pol[i];
    pd_watch_result *r = &c->res[i];
    size_t n = p->recipe.npages;
    pd_page *pages = calloc(n, sizeof(*pages));
    pd_buf raw = PD_BUF_INIT;
    page_in in;
    char why[768];

    for (size_t k = 0; k < n && pages; k++) {
        if (c->slots[i][k].error[0]) {
            snprintf(why, sizeof(why), "page %zu of %zu (%.120s): %s", k + 1, n,
                     p->recipe.pages[k].fetch, c->slots[i][k].error);
            set_reason(r, PD_WATCH_FAILED, PD_ENET, why);
            goto out;
        }
        pages[k] = c->slots[i][k].page;
    }
    if (!pages || pd_pages_pack(&raw, pages, n)) {
        set_reason(r, PD_WATCH_FAILED, PD_ENOMEM, "out of memory");
        c->fatal = PD_ENOMEM;
        goto out;
    }
    memset(&in, 0, sizeof(in));
    in.body = pd_buf_cstr(&raw);
    in.len = raw.len;
    in.raw_ext = PD_PAGES_EXT; /* each page's status is inside */
    in.browser = browser;
    handle_page(c, p, r, &in);
out:
    free(pages);
    pd_buf_dispose(&raw);
}

/* Keeps one page of a combined document; the last one records them all. */
static void keep_page(run_ctx *c, size_t i, size_t k, pd_http_result *h)
{
    page_slot *slot = &c->slots[i][k];
    c->res[i].attempts += h->attempts;
    if (h->error) {
        snprintf(slot->error, sizeof(slot->error), "%s", h->message);
    } else {
        pd_buf empty = PD_BUF_INIT;
        slot->buf = h->body; /* taken: the adapter disposes what is left */
        h->body = empty;
        slot->page.body = pd_buf_cstr(&slot->buf);
        slot->page.len = slot->buf.len;
        slot->page.status = h->status;
        slot->page.url = strdup(h->final_url ? h->final_url : c->pol[i].recipe.pages[k].fetch);
        slot->page.content_type = h->content_type ? strdup(h->content_type) : NULL;
        if (!slot->page.url || (h->content_type && !slot->page.content_type))
            snprintf(slot->error, sizeof(slot->error), "out of memory");
    }
    if (--c->pending[i] == 0)
        handle_pages(c, i, NULL);
}

static void on_done(size_t k, pd_http_result *h, void *payload)
{
    run_ctx *c = payload;
    size_t i = c->req_policy[k];
    const pd_http_request *q = &c->reqs[k];
    pd_watch_result *r = &c->res[i];
    page_in in;
    r->http_status = h->status;
    if (c->slots[i]) {
        keep_page(c, i, c->req_page[k], h);
        return;
    }
    r->attempts = h->attempts;
    if (h->error) {
        set_reason(r, PD_WATCH_FAILED, h->error, h->message);
        return;
    }
    if (h->status == 304 && !(q->etag && *q->etag) && !(q->last_modified && *q->last_modified)) {
        /* "not modified" since nothing: never a reason to keep what we
         * have (there may be nothing), so a page that always says it would
         * never be recorded */
        set_reason(r, PD_WATCH_FAILED, PD_ENET,
                   "the server answered 304 Not Modified to a request that sent no validators "
                   "(no If-None-Match, no If-Modified-Since): a broken server, nothing recorded; "
                   "try again later");
        return;
    }
    if (h->status == 304) {
        r->status = PD_WATCH_NOT_MODIFIED;
        return;
    }
    memset(&in, 0, sizeof(in));
    in.body = pd_buf_cstr(&h->body);
    in.len = h->body.len;
    in.status = h->status;
    in.content_type = h->content_type;
    in.final_url = h->final_url;
    in.etag = h->etag;
    in.last_modified = h->last_modified;
    handle_page(c, &c->pol[i], r, &in);
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

/* Drops from pol the policies not due at now (unless opts->all), telling
 * opts->on_not_due about each. */
static int keep_due(pd_policy *pol, size_t *np, pd_store *s, const pd_watch_options *o, int64_t now)
{
    size_t k = 0;
    int rc;
    for (size_t i = 0; i < *np; i++) {
        int64_t due = 0;
        if (!o->all && (rc = pd_store_policy_due(&due, s, &pol[i])))
            return rc;
        if (o->all || due <= now) {
            if (k != i) {
                pd_policy tmp = pol[k];
                pol[k] = pol[i];
                pol[i] = tmp;
            }
            k++;
        } else if (o->on_not_due) {
            o->on_not_due(pol[i].name, due, o->on_not_due_payload);
        }
    }
    *np = k;
    return 0;
}

/* 0 when p can be fetched as written in policies.conf; else the result says
 * why not (PD_EINVALID: a bad recipe or selector, fixed by the user). */
static int check_policy(pd_watch_result *r, const pd_policy *p)
{
    char why[400], msg[600];
    if (p->problem) {
        set_reason(r, PD_WATCH_FAILED, PD_EINVALID, p->problem);
        return PD_EINVALID;
    }
    if (pd_recipe_check(&p->recipe) == 0)
        return 0;
    snprintf(why, sizeof(why), "%s", pd_error_last());
    pd_error_clear();
    snprintf(msg, sizeof(msg), "policies.conf: policy \"%.100s\": %s; fix its select/remove line",
             p->name, why);
    set_reason(r, PD_WATCH_FAILED, PD_EINVALID, msg);
    return PD_EINVALID;
}

/* One request per page of each policy (none for one rendered by a browser:
 * render_all); the validators only for single pages. */
static int plan_requests(pd_http_request **out, size_t *nreq, run_ctx *c, size_t np)
{
    size_t total = 0, k = 0;
    pd_http_request *reqs;
    for (size_t i = 0; i < np; i++)
        total += c->pol[i].render ? 0 : c->pol[i].recipe.npages > 1 ? c->pol[i].recipe.npages : 1;
    reqs = calloc(total + 1, sizeof(*reqs));
    c->req_policy = calloc(total + 1, sizeof(*c->req_policy));
    c->req_page = calloc(total + 1, sizeof(*c->req_page));
    c->slots = calloc(np, sizeof(*c->slots));
    c->pending = calloc(np, sizeof(*c->pending));
    *out = reqs;
    c->reqs = reqs;
    if (!reqs || !c->req_policy || !c->req_page || !c->slots || !c->pending)
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < np; i++) {
        const pd_policy *p = &c->pol[i];
        size_t pages = p->recipe.npages > 1 ? p->recipe.npages : 1;
        if (check_policy(&c->res[i], p))
            continue; /* said in its result; the others are fetched */
        if (pages > 1 && !(c->slots[i] = calloc(pages, sizeof(**c->slots))))
            return PD_ENOMEM_SET();
        c->pending[i] = pages;
        if (p->render)
            continue;
        for (size_t j = 0; j < pages; j++, k++) {
            c->req_policy[k] = i;
            c->req_page[k] = j;
            reqs[k].url = pages > 1 ? p->recipe.pages[j].fetch : p->url;
            reqs[k].etag = pages > 1 || c->o->unconditional ? NULL : p->etag;
            reqs[k].last_modified = pages > 1 || c->o->unconditional ? NULL : p->last_modified;
            reqs[k].allow_private = p->allow_private;
            reqs[k].accept_language = p->language ? p->language : c->o->language;
        }
    }
    *nreq = k;
    return 0;
}

/* Renders page k of policy p (its only page when it has one) with the
 * browser: the page's first select selector is waited for. */
static int render_one(pd_render_result *out, run_ctx *c, const pd_policy *p, size_t k)
{
    pd_render_options ro = c->o->render;
    pd_recipe view = p->recipe;
    if (p->recipe.npages)
        pd_recipe_page(&view, &p->recipe, k);
    ro.wait_css = pd_rendering_wait_css(&view);
    ro.accept_language = p->language ? p->language : c->o->language;
    ro.allow_private |= p->allow_private || c->o->http.allow_private;
    return pd_render_page(out, p->recipe.npages > 1 ? p->recipe.pages[k].fetch : p->url, &ro);
}

/* Keeps rendered page k of combined policy i for handle_pages. */
static void keep_rendered(run_ctx *c, size_t i, size_t k, pd_render_result *rr)
{
    page_slot *slot = &c->slots[i][k];
    pd_buf empty = PD_BUF_INIT;
    slot->buf = rr->dom; /* taken */
    rr->dom = empty;
    slot->page.body = pd_buf_cstr(&slot->buf);
    slot->page.len = slot->buf.len;
    slot->page.status = rr->status;
    slot->page.url = strdup(rr->final_url ? rr->final_url : c->pol[i].recipe.pages[k].fetch);
    slot->page.content_type = strdup(RENDERED_TYPE);
    if (!slot->page.url || !slot->page.content_type)
        snprintf(slot->error, sizeof(slot->error), "out of memory");
}

/* Renders policy i (each page of a combined document in turn) and records
 * it as a fetched page; a page that cannot be rendered fails the policy. */
static void render_policy(run_ctx *c, size_t i)
{
    pd_policy *p = &c->pol[i];
    pd_watch_result *r = &c->res[i];
    size_t n = p->recipe.npages > 1 ? p->recipe.npages : 1;
    pd_render_result rr = PD_RENDER_RESULT_INIT;
    char browser[64] = "", why[768];
    int rc = 0;

    if (strcmp(p->render, "chromium")) {
        snprintf(why, sizeof(why),
                 "render = %.40s in policies.conf: policydiff renders pages with chromium only "
                 "(render = chromium)",
                 p->render);
        set_reason(r, PD_WATCH_FAILED, PD_EUNSUPPORTED, why);
        return;
    }
    for (size_t k = 0; k < n && !rc; k++) {
        r->attempts++;
        if ((rc = render_one(&rr, c, p, k))) {
            if (n > 1)
                snprintf(why, sizeof(why), "page %zu of %zu (%.120s): %s", k + 1, n,
                         p->recipe.pages[k].fetch, pd_error_last());
            else
                snprintf(why, sizeof(why), "%s", pd_error_last());
            set_reason(r, PD_WATCH_FAILED, rc, why);
        } else if (n > 1) {
            keep_rendered(c, i, k, &rr);
        } else {
            page_in in = {.body = pd_buf_cstr(&rr.dom),
                          .len = rr.dom.len,
                          .status = rr.status,
                          .content_type = RENDERED_TYPE,
                          .final_url = rr.final_url,
                          .raw_ext = "html",
                          .browser = rr.browser};
            r->http_status = rr.status;
            handle_page(c, p, r, &in);
        }
        snprintf(browser, sizeof(browser), "%s", rr.browser);
        pd_render_result_dispose(&rr);
    }
    if (!rc && n > 1)
        handle_pages(c, i, browser);
}

/* The policies rendered by a browser, one at a time (a browser each). */
static void render_all(run_ctx *c, size_t np)
{
    for (size_t i = 0; i < np && !c->fatal; i++)
        if (c->pol[i].render && c->pending[i]) /* not when check_policy refused it */
            render_policy(c, i);
}

/* Whether the Wayback Machine may stand in for policy p's live page: it was
 * refused (a wall, an HTTP error) or could not be had (PD_ENET). */
static int blocked(const pd_watch_result *r)
{
    return r->status == PD_WATCH_SUSPICIOUS ||
           (r->status == PD_WATCH_FAILED && r->error == PD_ENET);
}

/* The newest capture of p's URL after since (INT64_MIN: in the last year)
 * into ts: 0, 1 when there is none, or the Wayback client's error. */
static int newest_capture(char ts[15], pd_wayback *wb, const pd_policy *p, int64_t since,
                          int64_t now)
{
    pd_cdx_result caps = {0};
    char from[15];
    int rc;
    pd_time_format_wayback(from, sizeof(from), since == INT64_MIN ? now - 365 * 86400 : since + 1);
    rc = pd_wayback_list(&caps, wb, p->url, from, NULL, PD_EVERY_CHANGE);
    if (!rc && (!caps.n || caps.items[caps.n - 1].time <= since))
        rc = 1;
    else if (!rc)
        memcpy(ts, caps.items[caps.n - 1].timestamp, 15);
    pd_cdx_result_dispose(&caps);
    return rc;
}

/* Records capture got in place of p's live page (rendered first when p
 * is); r keeps the live outcome when that is refused too.  note gets why
 * it was not recorded, or "". */
static void record_capture(run_ctx *c, pd_policy *p, pd_watch_result *r, pd_wayback *wb,
                           const pd_wayback_capture *got, char *note, size_t size)
{
    pd_render_result rr = PD_RENDER_RESULT_INIT;
    pd_watch_result live = *r;
    page_in in = {.body = pd_buf_cstr(&got->body),
                  .len = got->body.len,
                  .status = 200,
                  .content_type = got->content_type,
                  .final_url = p->url,
                  .captured_at = got->time,
                  .wayback_ts = got->timestamp};
    note[0] = '\0';
    if (p->render &&
        !pd_rendering_wayback(&rr, wb, got->timestamp, p->url, &p->recipe,
                              p->language ? p->language : c->o->language, &c->o->render)) {
        in.body = pd_buf_cstr(&rr.dom);
        in.len = rr.dom.len;
        in.content_type = RENDERED_TYPE;
        in.raw_ext = "html";
        in.browser = rr.browser;
    } else if (p->render) {
        snprintf(note, size, "the Wayback Machine's capture %s: %s", got->timestamp,
                 pd_error_last());
    }
    if (!note[0])
        handle_page(c, p, r, &in);
    if (!note[0] && r->status != PD_WATCH_SUSPICIOUS && r->status != PD_WATCH_FAILED) {
        memcpy(r->wayback_ts, got->timestamp, sizeof(r->wayback_ts));
        memcpy(r->reason, live.reason, sizeof(r->reason)); /* why not the live page */
    } else if (!note[0]) {
        snprintf(note, size, "the Wayback Machine's capture %s was refused too: %s", got->timestamp,
                 r->reason);
        memcpy(r->reason, live.reason, sizeof(r->reason));
        r->status = live.status;
        r->error = live.error;
    }
    pd_render_result_dispose(&rr);
}

/* The Wayback client for policy p: the run's (*shared, made on first use,
 * so its pace holds across policies), or, for a policy with a wayback line
 * of its own when the run names none, one of its own (*own). */
static int wayback_for(pd_wayback **out, pd_wayback **shared, pd_wayback **own, run_ctx *c,
                       const pd_policy *p)
{
    pd_wayback_options wo = c->o->wayback;
    int rc;
    wo.http.allow_private |= c->o->http.allow_private; /* --allow-private: a local mirror too */
    if ((!wo.base || !*wo.base) && p->wayback_url && *p->wayback_url) {
        wo.base = p->wayback_url;
        wo.http.allow_private |= p->allow_private;
        rc = pd_wayback_new(own, &wo);
        *out = *own;
        return rc;
    }
    if (!*shared && (rc = pd_wayback_new(shared, &wo)))
        return rc;
    *out = *shared;
    return 0;
}

/* --fallback wayback: the newest Wayback capture of blocked policy i,
 * when newer than its last version, recorded in place of the live page
 * (Via: wayback); else the reason says why not. */
static void fall_back(run_ctx *c, size_t i, pd_wayback **shared)
{
    pd_policy *p = &c->pol[i];
    pd_watch_result *r = &c->res[i];
    pd_wayback_capture got;
    pd_wayback *wb = NULL, *own = NULL;
    pd_version v;
    int64_t since = INT64_MIN;
    char ts[15], note[700] = "", why[1100];
    int rc;

    memset(&v, 0, sizeof(v));
    memset(&got, 0, sizeof(got));
    if (pd_store_version_at(&v, c->s, p->name, INT64_MAX) == 0) {
        since = v.captured_at;
        pd_version_dispose(&v);
    }
    if ((rc = wayback_for(&wb, shared, &own, c, p)) ||
        (rc = newest_capture(ts, wb, p, since, c->now)) < 0 ||
        (rc == 0 && (rc = pd_wayback_fetch(&got, wb, ts, p->url))))
        snprintf(note, sizeof(note), "no fallback: the Wayback Machine: %s", pd_error_last());
    else if (rc == 1 || got.time <= since)
        snprintf(note, sizeof(note), "no Wayback capture newer than the last version");
    else
        record_capture(c, p, r, wb, &got, note, sizeof(note));
    if (note[0]) {
        snprintf(why, sizeof(why), "%.300s; %s", r->reason, note);
        set_reason(r, r->status, r->error, why);
    }
    pd_wayback_capture_dispose(&got);
    pd_wayback_free(own);
}

static void fall_back_all(run_ctx *c, size_t np)
{
    pd_wayback *shared = NULL;
    for (size_t i = 0; i < np && !c->fatal; i++) {
        pd_watch_result *r = &c->res[i];
        char why[1100];
        if (!blocked(r))
            continue;
        if (c->pol[i].recipe.npages <= 1) {
            fall_back(c, i, &shared);
            continue;
        }
        /* its pages' captures need pairing by date: backfill does that */
        snprintf(why, sizeof(why),
                 "%.300s; no fallback: a document combined from several pages is taken from the "
                 "Wayback Machine by backfill only",
                 r->reason);
        set_reason(r, r->status, r->error, why);
    }
    pd_wayback_free(shared);
}

static void run_dispose(run_ctx *c, size_t np)
{
    for (size_t i = 0; c->slots && i < np; i++) {
        for (size_t j = 0; c->slots[i] && j < c->pol[i].recipe.npages; j++) {
            free(c->slots[i][j].page.url);
            free(c->slots[i][j].page.content_type);
            pd_buf_dispose(&c->slots[i][j].buf);
        }
        free(c->slots[i]);
    }
    free(c->slots);
    free(c->req_policy);
    free(c->req_page);
    free(c->pending);
}

int pd_watch_run(pd_watch_result **out, size_t *n, pd_store *s, const char *const *names,
                 size_t nnames, const pd_watch_options *opts)
{
    pd_watch_options defaults = PD_WATCH_OPTIONS_INIT;
    pd_policy *pol = NULL;
    pd_http_request *reqs = NULL;
    pd_watch_result *res = NULL;
    size_t np = 0, nall = 0, nreq = 0;
    run_ctx c;
    int rc, locked = 0;

    *out = NULL;
    *n = 0;
    memset(&c, 0, sizeof(c));
    if (!opts)
        opts = &defaults;
    if ((rc =
             pd_store_lock(s, opts->lock_wait_ms > 0 ? opts->lock_wait_ms : PD_STORE_LOCK_WAIT_MS)))
        return rc;
    locked = 1;
    c.now = opts->now ? opts->now : pd_time_now();
    if ((rc = load_policies(&pol, &nall, s, names, nnames)))
        goto out;
    np = nall;
    if ((rc = keep_due(pol, &np, s, opts, c.now)))
        goto out;
    if (np == 0)
        goto out;
    if (!(res = calloc(np, sizeof(*res)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0; i < np; i++) {
        res[i].name = strdup(pol[i].name);
        res[i].url = strdup(pol[i].url ? pol[i].url : "");
        if (!res[i].name || !res[i].url) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
    }
    c.s = s;
    c.o = opts;
    c.pol = pol;
    c.res = res;
    if ((rc = plan_requests(&reqs, &nreq, &c, np)) ||
        (nreq && (rc = pd_http_fetch_all(reqs, nreq, &opts->http, on_done, &c))) ||
        (rc = pd_store_policy_set_attempts(s, pol, np, c.now)))
        goto out;
    render_all(&c, np);
    if (opts->fallback_wayback)
        fall_back_all(&c, np);
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
    run_dispose(&c, np);
    free(reqs);
    pd_policy_array_free(pol, nall);
    if (locked)
        pd_store_unlock(s);
    return rc;
}
