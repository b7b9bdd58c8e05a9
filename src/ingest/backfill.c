/* backfill.c - one backfill run from the Wayback Machine; see backfill.h. */
#include "ingest/backfill.h"
#include "ingest/combine.h"
#include "ingest/ingest.h"
#include "ingest/pages.h"
#include "ingest/rendering.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    pd_store *s;
    pd_wayback *wb;
    const pd_policy *p;
    const pd_backfill_options *o;
    pd_backfill_stats *st;
} run_ctx;

static void tell(const run_ctx *c, pd_backfill_event ev, const pd_backfill_step *step)
{
    if (c->o->on_progress)
        c->o->on_progress(ev, c->st, step, c->o->on_progress_payload);
}

static void set_reason(pd_backfill_step *step, int code, const char *why)
{
    step->error = code;
    snprintf(step->reason, sizeof(step->reason), "%s", why);
}

/* The captures to fetch, as indexes into caps (*todo: the caller's, free):
 * not those recorded already, older than pushed history or refused before
 * (unless force). */
static int plan(size_t **todo, const run_ctx *c, const pd_cdx_result *caps)
{
    pd_backfill_stats *st = c->st;
    const char *name = c->p->name;
    int64_t pushed_until = INT64_MIN;
    int rc;

    if (!(*todo = calloc(caps->n + 1, sizeof(**todo))))
        return PD_ENOMEM_SET();
    /* captures older than what a remote already holds would rewrite pushed
     * history: found out here, before anything is downloaded */
    if (!c->o->force &&
        (rc = pd_store_pushed_until(&pushed_until, st->remote, sizeof(st->remote), c->s, name)))
        return rc;
    for (size_t i = 0; i < caps->n; i++) {
        if (pd_store_has_capture(c->s, name, caps->items[i].timestamp, NULL) == 1)
            st->known++;
        else if (!c->o->force && caps->items[i].time < pushed_until)
            st->pushed++;
        else if (!c->o->force && pd_store_refused_had(c->s, name, caps->items[i].timestamp) == 1)
            st->refused_before++; /* an archived capture does not change: not again */
        else
            (*todo)[st->todo++] = i;
    }
    return 0;
}

/* What is recorded instead of the capture's own bytes: every page of a
 * combined document, or the capture as the browser rendered it. */
typedef struct {
    const pd_buf *bytes;
    const char *ext;     /* PD_PAGES_EXT, "html" */
    const char *browser; /* rendered: "chromium ..." */
} raw_of;

/* Records what the Wayback Machine served for one capture (raw: what
 * stands for its bytes, or NULL) into step. */
static void record_one(run_ctx *c, pd_backfill_step *step, const pd_capture *cp,
                       const pd_wayback_capture *got, const raw_of *raw)
{
    pd_ingest_options io = PD_INGEST_OPTIONS_INIT;
    pd_ingest_result ir = PD_INGEST_RESULT_INIT;
    pd_backfill_stats *st = c->st;
    size_t dropped;
    int rc;

    io.captured_at = got->time;
    io.url = io.source = cp->original ? cp->original : c->p->url;
    io.content_type = raw ? (raw->browser ? "text/html; charset=utf-8" : NULL) : got->content_type;
    io.raw_ext = raw ? raw->ext : NULL;
    io.browser = raw ? raw->browser : NULL;
    io.status = 200;
    io.via = "wayback";
    io.wayback_ts = got->timestamp;
    /* force: record what the guard refuses when it has text, and insert
     * even before pushed history */
    io.force = c->o->force;
    rc = raw ? pd_ingest_record(&ir, c->s, c->p, &io, raw->bytes->ptr, raw->bytes->len)
             : pd_ingest_record(&ir, c->s, c->p, &io, got->body.ptr ? got->body.ptr : "",
                                got->body.len);
    if ((rc == PD_ESUSPICIOUS || rc == PD_EBUDGET) && !ir.accepted) {
        /* an archived capture does not change: over a budget once, always */
        step->outcome = PD_BACKFILL_SUSPICIOUS;
        set_reason(step, rc, ir.report.reason[0] ? ir.report.reason : pd_error_last());
        st->refused++;
        pd_store_refused_note(c->s, c->p->name, cp->timestamp, step->reason);
    } else if (rc) {
        step->outcome = PD_BACKFILL_FAILED;
        set_reason(step, rc, pd_error_last());
        st->failed++;
        /* the store failing to record stops the run (before pushed history
         * only skips this capture); the normalizer failing on one capture
         * does not */
        step->stop = ir.accepted && rc != PD_ECONFLICT;
    } else if (ir.record == PD_RECORD_INSERTED) {
        step->outcome = PD_BACKFILL_INSERTED;
        pd_store_last_rewrite(&step->recreated, &dropped, c->s);
        st->changed++;
        st->inserted++;
        st->recreated += step->recreated;
        st->dropped += dropped;
    } else if (ir.record == PD_RECORD_COMMITTED) {
        step->outcome = PD_BACKFILL_NEW_VERSION;
        st->changed++;
    } else {
        step->outcome = PD_BACKFILL_UNCHANGED;
        st->same++;
    }
    pd_ingest_result_dispose(&ir);
}

/* A failed download (or a combined document's other page): counted,
 * noted when refused; a rate limit stops the run. */
static void fetch_failed(run_ctx *c, pd_backfill_step *step, const pd_capture *cp, int rc)
{
    step->outcome = PD_BACKFILL_FAILED;
    set_reason(step, rc, pd_error_last());
    if (rc == PD_ESUSPICIOUS) {
        c->st->refused++;
        pd_store_refused_note(c->s, c->p->name, cp->timestamp, step->reason);
    } else {
        c->st->failed++;
    }
    step->stop = pd_wayback_rate_limited(c->wb);
}

/* Renders the capture served (got) and records what the browser made of
 * it. */
static void render_one(run_ctx *c, pd_backfill_step *step, const pd_capture *cp,
                       const pd_wayback_capture *got, const char *url, const pd_recipe *r)
{
    pd_render_result rr = PD_RENDER_RESULT_INIT;
    int rc = pd_rendering_wayback(&rr, c->wb, got->timestamp, url, r, c->p->language, c->o->render);
    if (rc) {
        step->outcome = PD_BACKFILL_FAILED;
        set_reason(step, rc, pd_error_last());
        c->st->failed++;
    } else {
        raw_of raw = {.bytes = &rr.dom, .ext = "html", .browser = rr.browser};
        record_one(c, step, cp, got, &raw);
    }
    pd_render_result_dispose(&rr);
}

/* Downloads one capture (every page of a combined document) and records
 * it, rendered when the policy asks; step says what happened. */
static void fetch_one(run_ctx *c, pd_backfill_step *step, const pd_capture *cp)
{
    pd_wayback_capture got;
    pd_buf raw = PD_BUF_INIT;
    const char *url = cp->original ? cp->original : c->p->url;
    const pd_recipe *r;
    int rc = pd_wayback_fetch(&got, c->wb, cp->timestamp, url);
    raw_of pages = {.bytes = &raw, .ext = PD_PAGES_EXT, .browser = NULL};

    if (rc == PD_EINVALID) {
        /* dated 1970 or in the future by the archive: skipped, never again */
        step->outcome = PD_BACKFILL_IMPOSSIBLE;
        set_reason(step, rc, pd_error_last());
        c->st->impossible++;
        pd_store_refused_note(c->s, c->p->name, cp->timestamp, step->reason);
    } else if (rc) {
        fetch_failed(c, step, cp, rc);
    } else {
        step->served = got.timestamp;
        if (strcmp(got.timestamp, cp->timestamp) &&
            pd_store_has_capture(c->s, c->p->name, got.timestamp, NULL) == 1) {
            step->outcome = PD_BACKFILL_KNOWN;
            c->st->same++;
        } else if ((r = pd_policy_recipe_at(NULL, c->p, got.time))->npages > 1) {
            /* the other pages, as archived nearest that time */
            if ((rc = pd_combine_wayback(&raw, c->wb, r, &got, url)))
                fetch_failed(c, step, cp, rc);
            else
                record_one(c, step, cp, &got, &pages);
        } else if (c->p->render && c->o->render) {
            render_one(c, step, cp, &got, url, r);
        } else {
            record_one(c, step, cp, &got, NULL);
        }
    }
    if (step->stop) {
        c->st->stopped = 1;
        c->st->stop_error = step->error;
    }
    tell(c, PD_BACKFILL_CAPTURE_DONE, step);
    pd_buf_dispose(&raw);
    pd_wayback_capture_dispose(&got);
}

/* Moves the captures of part to the end of caps. */
static int append_captures(pd_cdx_result *caps, pd_cdx_result *part)
{
    pd_capture *v;
    if (!part->n)
        return 0;
    if (!(v = realloc(caps->items, (caps->n + part->n) * sizeof(*v))))
        return PD_ENOMEM_SET();
    memcpy(v + caps->n, part->items, part->n * sizeof(*v));
    caps->items = v;
    caps->n += part->n;
    part->n = 0; /* moved: nothing of them to dispose */
    return 0;
}

/* Counts part's rows of impossible timestamps into caps (before they are
 * appended: a part without captures may still have some). */
static void count_impossible(pd_cdx_result *caps, const pd_cdx_result *part)
{
    if (part->impossible && !caps->impossible)
        memcpy(caps->impossible_example, part->impossible_example,
               sizeof(caps->impossible_example));
    caps->impossible += part->impossible;
}

/* Lists the captures of each address the policy had in [from, to] (its
 * history: an earlier recipe's address for its time), into caps. */
static int list_all(pd_cdx_result *caps, const run_ctx *c)
{
    const pd_backfill_options *o = c->o;
    const pd_policy *p = c->p;
    pd_policy_span *spans = NULL;
    size_t n = 0;
    int rc;

    if (!p->nhistory) /* one address: from and to as given */
        return pd_wayback_list(caps, c->wb, p->url, o->from && *o->from ? o->from : NULL,
                               o->to && *o->to ? o->to : NULL, o->every);
    if ((rc = pd_policy_spans(&spans, &n, p, o->from_t, o->to_t)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        pd_cdx_result part = {0};
        pd_backfill_step step;
        char from[15], to[15];
        memset(&step, 0, sizeof(step));
        step.url = spans[i].url;
        step.span_from = spans[i].from;
        step.span_to = spans[i].to;
        tell(c, PD_BACKFILL_LISTING_ADDRESS, &step);
        pd_time_format_wayback(from, sizeof(from), spans[i].from);
        pd_time_format_wayback(to, sizeof(to), spans[i].to);
        rc = pd_wayback_list(&part, c->wb, spans[i].url, spans[i].from == INT64_MIN ? NULL : from,
                             spans[i].to == INT64_MAX ? NULL : to, o->every);
        count_impossible(caps, &part);
        if (!rc)
            rc = append_captures(caps, &part);
        pd_cdx_result_dispose(&part);
    }
    free(spans);
    if (!rc)
        pd_cdx_sort_unique(caps);
    return rc;
}

/* Fetches the planned captures, until done or stopped. */
static void fetch_all(run_ctx *c, const pd_cdx_result *caps, const size_t *todo)
{
    for (size_t k = 0; k < c->st->todo && !c->st->stopped; k++) {
        const pd_capture *cp = &caps->items[todo[k]];
        pd_backfill_step step;
        memset(&step, 0, sizeof(step));
        step.index = k;
        step.timestamp = cp->timestamp;
        tell(c, PD_BACKFILL_CAPTURE_START, &step);
        fetch_one(c, &step, cp);
    }
}

int pd_backfill_run(pd_backfill_stats *out, pd_store *s, pd_wayback *wb, const pd_policy *p,
                    const pd_backfill_options *o)
{
    pd_backfill_options defaults = PD_BACKFILL_OPTIONS_INIT;
    pd_cdx_result caps = {0};
    size_t *todo = NULL;
    run_ctx c;
    int rc, locked = 0;

    memset(out, 0, sizeof(*out));
    if (!o)
        o = &defaults;
    c = (run_ctx){.s = s, .wb = wb, .p = p, .o = o, .st = out};
    tell(&c, PD_BACKFILL_LISTING, NULL);
    /* listed before the lock is taken: a slow or endless CDX server never
     * holds the store (the listing's budget bounds it) */
    if ((rc = list_all(&caps, &c)))
        goto out;
    out->impossible = caps.impossible;
    memcpy(out->impossible_example, caps.impossible_example, sizeof(out->impossible_example));
    if ((rc = pd_store_lock(s, o->lock_wait_ms > 0 ? o->lock_wait_ms : PD_STORE_LOCK_WAIT_MS)))
        goto out;
    locked = 1;
    if ((rc = plan(&todo, &c, &caps)))
        goto out;
    out->listed = caps.n;
    tell(&c, PD_BACKFILL_PLANNED, NULL);
    fetch_all(&c, &caps, todo);
out:
    if (locked)
        pd_store_unlock(s);
    free(todo);
    pd_cdx_result_dispose(&caps);
    return rc;
}
