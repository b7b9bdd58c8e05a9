/*
 * watch.h - one monitoring run: fetch every watched policy, guard it,
 * normalize it with its recipe, and record what changed.
 *
 * pd_watch_run() takes the store's lock for the whole run (so two runs from
 * cron never fetch the same pages twice), fetches the named policies (all
 * of them when names is empty) in parallel through the HTTP adapter with
 * conditional requests (the ETag / Last-Modified of the last fetch) and
 * Accept-Language (the policy's language, else opts->language), and
 * for each answer (a policy marked render = chromium is rendered instead,
 * after the transfers, one policy at a time, by headless chromium
 * (fetch/render.h, opts->render; waiting for its first select selector),
 * without validators, and its DOM goes through the same path with the
 * document's HTTP status, Rendered-By: in its details; no chromium, or a
 * page that cannot be rendered, is PD_WATCH_FAILED with render.h's error,
 * never a version; a document combining several pages is fetched (or
 * rendered) page by page, without validators, and its pages go through the
 * ingest path together as one combined capture, ingest/pages.h, once all
 * are in: a page that fails fails the document):
 *   - a transfer error (after the adapter's retries: timeouts, connection
 *     errors, 429 and 5xx that never recovered, the size cap) is
 *     PD_WATCH_FAILED;
 *   - 304 is PD_WATCH_NOT_MODIFIED (no download, nothing recorded);
 *   - another non-2xx answer is PD_WATCH_SUSPICIOUS and never recorded,
 *     even with force (as `policydiff fetch` does);
 *   - otherwise the page goes through the ingest path (ingest/ingest.h):
 *     normalized with the policy's recipe and checked by the garbage guard
 *     (fetch/guard.h) against the last recorded text; a page the guard refuses is
 *     PD_WATCH_SUSPICIOUS and not recorded, unless opts->force, in which
 *     case it is recorded and reason keeps the guard's complaint;
 *   - the text is recorded with Via: live at the run's time: the same text
 *     as the version in effect is PD_WATCH_UNCHANGED, a first version is
 *     PD_WATCH_FIRST, anything else PD_WATCH_CHANGED with the previous and
 *     the new text and commit ids, ready for pd_diff_texts().
 * With opts->fallback_wayback, a policy whose live page was refused (a wall,
 * an HTTP error, or any other refusal of the guard) or could not be had
 * (PD_ENET: the network, 429 and 5xx after the retries) is looked up in the
 * Wayback Machine (opts->wayback, one client for the run, so its pace holds
 * across policies; the policy's wayback line when no base is given): its
 * newest capture (since the last version, or in the last year
 * for a policy without one), when newer than the last version, goes through
 * the same path (rendered first for a render = chromium policy) and is
 * recorded at its capture time with Via: wayback and its timestamp; the
 * result is then that of the capture, wayback_ts set and reason saying why
 * the live page was not used.  Otherwise the live outcome stays, its reason
 * saying why no capture stood in (none newer, refused too, unreachable).
 * Not for documents combined from several pages.
 * The validators of a recorded or unchanged page are saved for the next run.
 * Schedules (every = 12h in policies.conf): unless opts->all, a policy not
 * yet due at the run's time (pd_store_policy_due) is left out of the run and
 * of the results, named to opts->on_not_due when set; the run's time is
 * saved as the last attempt of every scheduled policy it fetched.
 * One policy's failure never stops the others.
 *
 * The run loop sits in ingest, the orchestration floor, because it uses both
 * fetch (the HTTP adapter) and the store: fetch itself never sees the store.
 *
 * No printing.  Ownership: *out is an array of n results, one per policy in
 * the order fetched (sorted by name when names is empty, else as given),
 * that the caller frees with pd_watch_results_free().
 * Errors: 0 when the run happened (per-policy outcomes are in the results),
 * or a negative PD_E* with pd_error_last() set: PD_ELOCKED (another run
 * holds the store), PD_ENOTFOUND (a named policy is not watched),
 * PD_ENOMEM, PD_EIO, PD_ERROR (libcurl could not start).
 */
#ifndef PD_WATCH_H
#define PD_WATCH_H

#include <stddef.h>
#include <stdint.h>

#include "fetch/http.h"
#include "fetch/render.h"
#include "fetch/wayback.h"
#include "store/store.h"

typedef enum {
    PD_WATCH_UNCHANGED,    /* fetched; same text as the last version */
    PD_WATCH_NOT_MODIFIED, /* 304 to the conditional request */
    PD_WATCH_FIRST,        /* the policy's first version was recorded */
    PD_WATCH_CHANGED,      /* a new version was recorded */
    PD_WATCH_FAILED,       /* could not fetch (reason says why) */
    PD_WATCH_SUSPICIOUS,   /* refused by the guard (reason says why) */
} pd_watch_status;

typedef struct {
    char *name;
    char *url;
    pd_watch_status status;
    char reason[512]; /* failed/suspicious: why; forced: the guard's complaint */
    int error;        /* failed/suspicious: the PD_E* code (PD_ENET, PD_EIO, ...) */
    long http_status; /* 0 when nothing answered */
    int attempts;
    int forced; /* recorded although the guard refused it (opts->force) */
    /* the previous version (CHANGED, and UNCHANGED when one exists) */
    char old_commit[41]; /* "" when there is none */
    int64_t old_captured_at;
    char *old_text; /* canonical Markdown, or NULL */
    size_t old_len;
    /* the version fetched in this run (CHANGED, FIRST, UNCHANGED) */
    char new_commit[41]; /* "" unless recorded */
    int64_t captured_at;
    char *new_text; /* canonical Markdown, or NULL */
    size_t new_len;
    /* the version came from the Wayback Machine (opts->fallback_wayback):
     * the capture's timestamp, and reason says why the live page was not
     * used; "" for the live page */
    char wayback_ts[15];
} pd_watch_result;

typedef struct {
    int force;            /* record pages the guard refuses */
    int unconditional;    /* do not send the stored validators */
    int64_t now;          /* capture time of the run (0: the current time) */
    int lock_wait_ms;     /* how long to wait for the store lock (0: PD_STORE_LOCK_WAIT_MS) */
    const char *language; /* Accept-Language for policies without a language of their own */
    pd_http_options http; /* jobs, timeouts, retries, ... */
    int all;              /* ignore the schedules: fetch every policy named */
    /* a policy left out because it is not due until due */
    void (*on_not_due)(const char *name, int64_t due, void *payload);
    void *on_not_due_payload;
    pd_render_options render;   /* the browser, its timeout and wait (render = chromium) */
    int fallback_wayback;       /* a blocked live page: the newest Wayback capture instead */
    pd_wayback_options wayback; /* for it (base NULL: the policy's wayback line, else
                                   the Wayback Machine) */
} pd_watch_options;

#define PD_WATCH_OPTIONS_INIT                                                                      \
    {                                                                                              \
        .force = 0, .unconditional = 0, .now = 0, .lock_wait_ms = 0, .language = NULL,             \
        .http = PD_HTTP_OPTIONS_INIT, .all = 0, .on_not_due = NULL, .on_not_due_payload = NULL,    \
        .render = PD_RENDER_OPTIONS_INIT, .fallback_wayback = 0,                                   \
        .wayback = PD_WAYBACK_OPTIONS_INIT                                                         \
    }

int pd_watch_run(pd_watch_result **out, size_t *n, pd_store *s, const char *const *names,
                 size_t nnames, const pd_watch_options *opts);
void pd_watch_results_free(pd_watch_result *r, size_t n);

/* "unchanged", "not-modified", "first", "changed", "failed", "suspicious". */
const char *pd_watch_status_name(pd_watch_status st);

#endif
