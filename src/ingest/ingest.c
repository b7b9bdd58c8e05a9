/* ingest.c - normalize, guard, record: the one ingest path; see ingest.h. */
#include "ingest/ingest.h"
#include "ingest/pages.h"
#include "fetch/guard.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

/* Copies msg into dst, cut at a character boundary (not inside UTF-8). */
static void copy_msg(char *dst, size_t size, const char *msg)
{
    size_t n;
    snprintf(dst, size, "%s", msg ? msg : "");
    n = strlen(dst);
    if (n == size - 1) {
        while (n > 0 && ((unsigned char)dst[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && (unsigned char)dst[n - 1] >= 0xC0)
            n--;
        dst[n] = '\0';
    }
}

/* One page: normalized with its recipe, judged by the guard. */
static int derive_page(pd_buf *text, pd_ingest_report *report, const pd_ingest_input *in)
{
    pd_normalize_options no = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report nrep;
    pd_guard_input g;
    size_t before = text->len;
    int rc;

    memset(report, 0, sizeof(*report));
    /* an answer other than 2xx is an error page, never the policy: not even
     * read, so no text comes of it and force cannot record it */
    if (!in->status || (in->status >= 200 && in->status <= 299)) {
        no.recipe = in->recipe;
        no.url = in->url;
        no.content_type = in->content_type;
        no.kind = in->kind;
        rc = pd_normalize(text, in->raw ? in->raw : "", in->raw ? in->rawlen : 0, &no, &nrep);
        if (rc == 0 && nrep.budget[0]) {
            /* over a budget with a best-effort text: refused, as the guard
             * refuses, so force can still record it */
            report->extracted = 1;
            copy_msg(report->reason, sizeof(report->reason), nrep.warning);
            return pd_error_set(PD_EBUDGET, "%s", report->reason);
        } else if (rc == 0) {
            report->extracted = 1;
            copy_msg(report->warning, sizeof(report->warning), nrep.warning);
            copy_msg(report->language, sizeof(report->language), nrep.language);
        } else if (rc == PD_EEMPTY) {
            /* nothing found: the guard says what the page is instead */
            copy_msg(report->no_text, sizeof(report->no_text), pd_error_last());
        } else {
            return rc;
        }
    }

    memset(&g, 0, sizeof(g));
    g.status = in->status;
    g.raw = in->raw;
    g.rawlen = in->raw ? in->rawlen : 0;
    g.text = report->extracted ? text->ptr + before : NULL;
    g.textlen = report->extracted ? text->len - before : 0;
    g.previous = in->previous;
    g.prevlen = in->previous ? in->prevlen : 0;
    return pd_guard_check(report->reason, sizeof(report->reason), &g);
}

/* Says which page of how many a report is about. */
static void name_page(pd_ingest_report *r, size_t i, size_t n, const char *url)
{
    char line[1024];
    if (r->reason[0]) {
        snprintf(line, sizeof(line), "page %zu of %zu (%.120s): %.512s", i + 1, n, url, r->reason);
        copy_msg(r->reason, sizeof(r->reason), line);
    }
    if (r->no_text[0]) {
        snprintf(line, sizeof(line), "page %zu of %zu (%.120s): %.512s", i + 1, n, url, r->no_text);
        copy_msg(r->no_text, sizeof(r->no_text), line);
    }
}

/* A combined capture (pages.h): each page with its page's recipe, the
 * texts in order; any page refused refuses the document (never a document
 * with a page missing), then the whole is judged against the previous text. */
static int derive_pages(pd_buf *text, pd_ingest_report *report, const pd_ingest_input *in)
{
    pd_page *pages = NULL;
    size_t n = 0, before = text->len;
    pd_guard_input g;
    char language[16] = "";
    int rc;

    memset(report, 0, sizeof(*report));
    if ((rc = pd_pages_unpack(&pages, &n, in->raw, in->rawlen)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        pd_ingest_input one = *in;
        pd_recipe view;
        if (in->recipe) {
            pd_recipe_page(&view, in->recipe, in->recipe->npages ? i : 0);
            one.recipe = &view;
        }
        one.raw = pages[i].body;
        one.rawlen = pages[i].len;
        one.url = pages[i].url;
        one.content_type = pages[i].content_type;
        one.status = pages[i].status;
        one.kind = PD_INPUT_AUTO;
        one.previous = NULL;
        if (i && text->len > before)
            pd_buf_putc(text, '\n'); /* a blank line between the pages' texts */
        rc = derive_page(text, report, &one);
        if (!language[0])
            memcpy(language, report->language, sizeof(language));
        if (rc == PD_ESUSPICIOUS) {
            name_page(report, i, n, pages[i].url);
            report->extracted = 0; /* not even forced: a document without that page */
        } else if (rc && rc != PD_ENOMEM)
            rc = pd_error_set(rc, "page %zu of %zu (%.120s): %s", i + 1, n, pages[i].url,
                              pd_error_last());
    }
    pd_pages_free(pages, n);
    memcpy(report->language, language, sizeof(language));
    if (rc)
        return rc;
    memset(&g, 0, sizeof(g));
    g.text = text->ptr + before;
    g.textlen = text->len - before;
    g.previous = in->previous;
    g.prevlen = in->previous ? in->prevlen : 0;
    return pd_guard_check(report->reason, sizeof(report->reason), &g);
}

int pd_ingest_derive(pd_buf *text, pd_ingest_report *report, const pd_ingest_input *in)
{
    pd_ingest_input one = *in;
    pd_recipe view;

    if (pd_pages_is(in->raw, in->raw ? in->rawlen : 0))
        return derive_pages(text, report, in);
    memset(report, 0, sizeof(*report));
    if (in->recipe && in->recipe->npages > 1)
        return pd_error_set(PD_EINVALID,
                            "the policy combines %zu pages, and this is one page: record takes a "
                            "combined capture (as fetch and backfill make, .%s), not a single page",
                            in->recipe->npages, PD_PAGES_EXT);
    if (in->recipe && in->recipe->npages == 1) {
        pd_recipe_page(&view, in->recipe, 0);
        one.recipe = &view;
    }
    return derive_page(text, report, &one);
}

int pd_ingest_record(pd_ingest_result *out, pd_store *s, const pd_policy *p,
                     const pd_ingest_options *o, const char *raw, size_t len)
{
    static const pd_ingest_result empty = PD_INGEST_RESULT_INIT;
    pd_ingest_options defaults = PD_INGEST_OPTIONS_INIT;
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_record_options ro = PD_RECORD_OPTIONS_INIT;
    const char *url = NULL;
    pd_version v;
    int rc;

    *out = empty;
    if (!o)
        o = &defaults;
    if (!p || !p->name)
        return pd_error_set(PD_EINVALID, "no policy to record a capture of");
    /* the version the guard compares with must be the one in effect when
     * the capture is recorded: read and write under one lock */
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;

    memset(&v, 0, sizeof(v));
    rc = pd_store_show(&out->previous, &v, s, p->name, o->captured_at);
    if (rc == 0) {
        out->has_previous = 1;
        memcpy(out->previous_commit, v.commit, sizeof(out->previous_commit));
        out->previous_commit[40] = '\0';
        out->previous_captured_at = v.captured_at;
        pd_version_dispose(&v);
    } else if (rc == PD_ENOTFOUND) {
        pd_buf_clear(&out->previous); /* no version yet then: no shrink check */
        pd_error_clear();
    } else {
        goto out;
    }

    in.raw = raw;
    in.rawlen = len;
    /* the recipe in force when the page was captured (an earlier one for an
     * old capture: the policy's history) */
    in.recipe = pd_policy_recipe_at(&url, p, o->captured_at);
    in.url = o->url ? o->url : url;
    in.content_type = o->content_type;
    in.kind = o->kind;
    in.status = o->status;
    in.previous = out->has_previous ? pd_buf_cstr(&out->previous) : NULL;
    in.prevlen = out->has_previous ? out->previous.len : 0;
    rc = pd_ingest_derive(&out->text, &out->report, &in);
    if ((rc == PD_ESUSPICIOUS || rc == PD_EBUDGET) && o->force && out->report.extracted) {
        out->forced = 1; /* the reason stays in the report */
        rc = 0;
    }
    if (rc)
        goto out;

    out->accepted = 1;
    ro.policy = p->name;
    ro.captured_at = o->captured_at;
    ro.source = o->source ? o->source : p->url;
    ro.final_url = o->final_url;
    ro.via = o->via;
    ro.wayback_ts = o->wayback_ts;
    ro.summary = o->summary;
    ro.force = o->force;
    ro.raw_ext = o->raw_ext;
    ro.language = out->report.language[0] ? out->report.language : NULL;
    ro.browser = o->browser;
    rc = pd_store_record(&out->record, s, &ro, raw ? raw : "", raw ? len : 0,
                         pd_buf_cstr(&out->text), out->text.len);
out:
    pd_store_unlock(s);
    return rc;
}

void pd_ingest_result_dispose(pd_ingest_result *r)
{
    if (!r)
        return;
    pd_buf_dispose(&r->text);
    pd_buf_dispose(&r->previous);
}
