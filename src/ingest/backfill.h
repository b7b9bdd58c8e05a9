/*
 * backfill.h - one backfill run: record a policy's history from the
 * Wayback Machine.
 *
 * pd_backfill_run() lists (before it takes the store's lock, so that a
 * slow or endless CDX server, bounded by the listing's budget, never holds
 * the store) and then, under the lock for the rest of the run, plans: the
 * captures of the policy's URL (CDX: status 200, one per distinct body or
 * at most one per o->every period, between o->from and o->to; a policy
 * with earlier recipes has each earlier address listed for its time), and
 * plans
 * which to fetch: not those recorded already, and unless o->force not
 * those older than history already pushed to a remote (that would rewrite
 * it) nor those the guard refused in an earlier run (an archived capture
 * does not change).  It then downloads each planned capture in its raw
 * form (for a document combined from several pages, the other pages as
 * archived nearest it: ingest/combine.h), reads it with the recipe in force
 * at its date, and records it through the ingest path (ingest.h: normalize,
 * guard, record) at its capture time with Via: wayback and its Wayback timestamp
 * (a policy marked render = chromium, when o->render is given: the capture
 * as the browser renders it from the archive, its scripts and data the
 * captures nearest it, ingest/rendering.h; a combined document's pages are
 * read as archived);
 * with o->force a page the guard refuses is recorded when it has text, and
 * captures before pushed history are inserted.  A capture older than the
 * newest commit is inserted in its place (the later commits re-created).
 * A capture the guard (or the Wayback client) refuses is remembered in the
 * store for the next runs.  The run stops early when the Wayback Machine
 * keeps rate-limiting (pd_wayback_rate_limited) or the store fails to
 * record; one capture's failure otherwise never stops the others.
 *
 * The run loop sits in ingest, the orchestration floor, because it uses
 * the Wayback client (fetch) and the store.
 *
 * No printing, no exit: o->on_progress hears each stage (the caller says
 * what it wants) and *out has the counts.  Ownership: everything is
 * borrowed for the call; the step handed to on_progress lives until the
 * callback returns.
 * Errors: 0 when the run happened (stopped early or not: out->stopped and
 * out->stop_error say), or a negative PD_E* with pd_error_last() set from
 * before the first download: PD_ELOCKED (another run holds the store),
 * the Wayback listing's error (PD_ENET, PD_ESUSPICIOUS, ...), the store's
 * (PD_EIO), PD_ENOMEM.
 */
#ifndef PD_BACKFILL_H
#define PD_BACKFILL_H

#include <stddef.h>

#include "fetch/render.h"
#include "fetch/wayback.h"
#include "store/store.h"

/* What happened to one capture. */
typedef enum {
    PD_BACKFILL_NEW_VERSION, /* recorded: a new version (the newest so far) */
    PD_BACKFILL_INSERTED,    /* recorded before the newest commit; later ones re-created */
    PD_BACKFILL_UNCHANGED,   /* the same text as the version in effect then */
    PD_BACKFILL_KNOWN,       /* served another capture, one recorded already */
    PD_BACKFILL_SUSPICIOUS,  /* the guard refused the page (reason); not recorded */
    PD_BACKFILL_FAILED,      /* not downloaded, or not recorded (error, reason); a Wayback
                                error page is error PD_ESUSPICIOUS, counted as refused */
    PD_BACKFILL_IMPOSSIBLE,  /* served with an impossible date (a 1970 or future
                                Memento-Datetime; reason): skipped, never again */
} pd_backfill_outcome;

/* The counts of a run. */
typedef struct {
    size_t listed;               /* captures the listing gave */
    size_t known;                /* ... recorded already (not fetched) */
    size_t pushed;               /* ... older than pushed history (not fetched without force) */
    size_t refused_before;       /* ... refused in an earlier run (not fetched without force) */
    size_t impossible;           /* listed or served with an impossible date: skipped */
    char impossible_example[15]; /* the first impossible timestamp listed */
    size_t todo;                 /* ... to fetch */
    size_t changed;              /* new versions (inserted ones included) */
    size_t same;                 /* unchanged, or served a capture recorded already */
    size_t refused;              /* refused by the guard or the Wayback client */
    size_t failed;               /* not downloaded or not recorded */
    size_t inserted;             /* new versions older than the newest commit */
    size_t recreated;            /* later commits the insertions re-created */
    size_t dropped;              /* ... and dropped (no longer a change) */
    char remote[256];            /* pushed: the remote-tracking ref that holds the history */
    int stopped;                 /* a rate limit or the store ended the run early */
    int stop_error;              /* stopped: the PD_E* code */
} pd_backfill_stats;

/* One capture (or, for PD_BACKFILL_LISTING_ADDRESS, one address listed),
 * for on_progress. */
typedef struct {
    const char *url;             /* LISTING_ADDRESS: the address listed */
    int64_t span_from, span_to;  /* ... for that time (INT64_MIN / INT64_MAX: open) */
    size_t index;                /* 0-based among the captures to fetch */
    const char *timestamp;       /* the capture listed (14 digits) */
    const char *served;          /* the capture served; NULL before and after a failure */
    pd_backfill_outcome outcome; /* PD_BACKFILL_CAPTURE_DONE only */
    int error;                   /* SUSPICIOUS, FAILED: the PD_E* code */
    char reason[1024];           /* SUSPICIOUS, FAILED: why, word for word */
    size_t recreated;            /* INSERTED: later commits re-created */
    int stop;                    /* this capture ended the run (error says why) */
} pd_backfill_step;

/* The stages on_progress hears, in this order. */
typedef enum {
    PD_BACKFILL_LISTING,       /* the captures are listed next (the lock is taken after) */
    PD_BACKFILL_PLANNED,       /* stats: listed, known, pushed, remote, refused_before, todo */
    PD_BACKFILL_CAPTURE_START, /* step: index and timestamp; downloaded next */
    PD_BACKFILL_CAPTURE_DONE,  /* step: what happened; stats counted it */
    /* between LISTING and PLANNED, once per address, for a policy with
     * earlier recipes: step->url is listed for its time (span_from, span_to) */
    PD_BACKFILL_LISTING_ADDRESS,
} pd_backfill_event;

typedef struct {
    const char *from, *to; /* CDX bounds (yyyyMMddhhmmss or a prefix of it), or NULL/"" */
    int64_t from_t, to_t;  /* the same as times (INT64_MIN / INT64_MAX: none): the spans of a
                              policy's earlier addresses are cut to them */
    pd_every every;        /* at most one capture per period */
    int force;             /* fetch everything listed; record refused pages with text */
    int lock_wait_ms;      /* how long to wait for the store lock (0: PD_STORE_LOCK_WAIT_MS) */
    /* a policy marked render = chromium has each capture rendered with these
     * (ingest/rendering.h); NULL: its captures are read as archived */
    const pd_render_options *render;
    /* Hears each stage of the run; step is NULL for LISTING and PLANNED. */
    void (*on_progress)(pd_backfill_event ev, const pd_backfill_stats *stats,
                        const pd_backfill_step *step, void *payload);
    void *on_progress_payload;
} pd_backfill_options;

#define PD_BACKFILL_OPTIONS_INIT                                                                   \
    {                                                                                              \
        .from = NULL, .to = NULL, .from_t = INT64_MIN, .to_t = INT64_MAX,                          \
        .every = PD_EVERY_CHANGE, .force = 0, .lock_wait_ms = 0, .render = NULL,                   \
        .on_progress = NULL, .on_progress_payload = NULL                                           \
    }

/* Backfills policy p of store s from the Wayback client wb (the caller's,
 * with its base URL and pace); out gets the counts (filled in any case). */
int pd_backfill_run(pd_backfill_stats *out, pd_store *s, pd_wayback *wb, const pd_policy *p,
                    const pd_backfill_options *o);

#endif
