/*
 * ingest.h - the one path from a captured page to a recorded version:
 * normalize, guard, record.
 *
 * ingest is the orchestration floor (src/README.md): it sits above fetch,
 * normalize and the store and is the only library that uses all three; the
 * run loops of fetch and check (watch.h) and of backfill (backfill.h) live
 * here too.
 *
 * Every way a page enters the store (record, fetch and check through
 * watch.c, backfill) goes through pd_ingest_record(), and diff --wayback,
 * which compares captures without a store, through pd_ingest_derive(), so a
 * page is judged the same way whatever brought it:
 *
 *   pd_ingest_derive()  normalizes the raw bytes with the policy's recipe
 *                       (normalize.h), then asks the garbage guard (guard.h)
 *                       whether the result is really the policy: an HTTP
 *                       status other than 2xx (the page is then not even
 *                       normalized), a bot wall, captcha, login or cookie
 *                       wall, an empty extraction, or a text that lost more
 *                       than half of the clauses of the previous text given.
 *                       Pure: no store, no I/O, so it can re-derive a raw
 *                       capture against the previous capture's text.  A
 *                       combined capture (pages.h) is read page by page,
 *                       each with its page's recipe, the texts in order;
 *                       a page refused refuses the whole (force cannot
 *                       record a document with a page missing).
 *   pd_ingest_record()  under the store's lock, reads the text in effect at
 *                       the capture time (the previous version, for the
 *                       guard's shrink check), derives with the policy's
 *                       recipe in force at the capture time (an earlier one
 *                       of its history for an old capture: pd_policy_recipe_at),
 *                       and records the text
 *                       with pd_store_record() when the guard accepts it, or
 *                       when it refuses it but o->force is set and there is
 *                       text to record; the page's language (the
 *                       normalizer's) goes into the capture's details as
 *                       Language:, the browser that rendered it as
 *                       Rendered-By:.  A page with no text (a non-2xx
 *                       answer, nothing extracted) is never recorded.
 *
 * No printing, no exit: the caller says what happened.
 * Ownership: every input is borrowed for the call.  pd_ingest_derive()
 * appends to the caller's text buffer.  A pd_ingest_result owns its two
 * buffers (the derived text and the previous text); free them with
 * pd_ingest_result_dispose(), which is safe on a result any pd_ingest_record()
 * call filled, failed or not, and on PD_INGEST_RESULT_INIT.
 * Errors: 0, or a negative PD_E* code with pd_error_last() set:
 *   PD_ESUSPICIOUS  the guard refused the page; the report's reason is the
 *                   guard's reason, word for word (also pd_error_last());
 *                   nothing was recorded;
 *   PD_EBUDGET      the page is over a budget (normalize.h): no text, or
 *                   (the table-span budget) a text with its spans not
 *                   expanded, which force records like a page the guard
 *                   refused; report->reason names the budget;
 *   PD_EINVALID, PD_ETOOBIG, PD_ENOMEM  from the normalizer (a selector
 *                   that cannot work, input over the cap; also a single
 *                   page for a policy that combines several);
 *   PD_EUNSUPPORTED a PDF (not read yet); a normalizer's
 *                   PD_EEMPTY is not returned: no text is for the guard to
 *                   judge (PD_ESUSPICIOUS, with extracted 0);
 *   any store error (PD_ELOCKED, PD_ECONFLICT, PD_EIO, ...), unchanged;
 *                   result->accepted says whether it came from recording
 *                   (1) or from before the page was judged (0).
 */
#ifndef PD_INGEST_H
#define PD_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "normalize/normalize.h"
#include "normalize/recipe.h"
#include "store/store.h"
#include "util/buf.h"

/* One page to derive: its bytes, how to read them, what came before. */
typedef struct {
    const char *raw; /* the page as captured (any bytes) */
    size_t rawlen;
    const pd_recipe *recipe;  /* the policy's recipe, or NULL: find the policy text */
    const char *url;          /* where the page was read from, or NULL */
    const char *content_type; /* HTTP Content-Type (charset hint), or NULL */
    pd_input_kind kind;       /* PD_INPUT_AUTO: sniff */
    long status;              /* HTTP status; 0 when not HTTP (a saved file) */
    const char *previous;     /* the text in effect before this capture, or NULL */
    size_t prevlen;
} pd_ingest_input;

#define PD_INGEST_INPUT_INIT                                                                       \
    {                                                                                              \
        .raw = NULL, .rawlen = 0, .recipe = NULL, .url = NULL, .content_type = NULL,               \
        .kind = PD_INPUT_AUTO, .status = 0, .previous = NULL, .prevlen = 0                         \
    }

/* What deriving said besides the text. */
typedef struct {
    int extracted;     /* the normalizer found text (a refused page has text to force) */
    char reason[256];  /* refused: the guard's reason, word for word; else "" */
    char warning[256]; /* the normalizer's best-effort warning, or "" */
    char no_text[512]; /* extracted 0: the normalizer's message saying why there
                          is no text; "" when it was not run (a non-2xx status) */
    char language[16]; /* the page's language as the normalizer read it ("fr"), or "";
                          a combined document's: its first page's that has one */
} pd_ingest_report;

/*
 * Appends the canonical Markdown of in->raw to text and judges it with the
 * guard.  Returns 0 (text appended, report->warning may be set),
 * PD_ESUSPICIOUS (report->reason says why; the text, when the normalizer
 * found some, is appended all the same and report->extracted is 1), or the
 * normalizer's error (text unchanged).  report is always filled.
 */
int pd_ingest_derive(pd_buf *text, pd_ingest_report *report, const pd_ingest_input *in);

/* How a capture is read and recorded. */
typedef struct {
    int64_t captured_at;      /* capture time, seconds since the epoch (UTC) */
    const char *source;       /* the commit's Source: (NULL: the policy's URL) */
    const char *final_url;    /* where redirects led, when not source (Final-URL:), or NULL */
    const char *via;          /* "live", "wayback" or "file" */
    const char *wayback_ts;   /* 14-digit Wayback Machine timestamp, or NULL */
    const char *summary;      /* one-line change summary, or NULL to compute */
    const char *raw_ext;      /* extension of the raw file ("html", "md", ...), NULL: sniff */
    const char *url;          /* where the page was read from (NULL: the policy's URL) */
    const char *content_type; /* HTTP Content-Type, or NULL */
    pd_input_kind kind;       /* PD_INPUT_AUTO: sniff */
    long status;              /* HTTP status; 0 when not HTTP (a saved file) */
    int force;                /* record a page the guard refuses when it has text; also
                                 passed to pd_record_options.force (rewrite pushed history) */
    const char *browser;      /* the browser that built the page ("chromium 120.0"), or NULL */
} pd_ingest_options;

#define PD_INGEST_OPTIONS_INIT                                                                     \
    {                                                                                              \
        .captured_at = 0, .source = NULL, .final_url = NULL, .via = "file", .wayback_ts = NULL,    \
        .summary = NULL, .raw_ext = NULL, .url = NULL, .content_type = NULL,                       \
        .kind = PD_INPUT_AUTO, .status = 0, .force = 0, .browser = NULL                            \
    }

typedef struct {
    pd_record_result record; /* what the store did (when 0 was returned) */
    int accepted;            /* the page went to the store (passed the guard, or forced) */
    int forced;              /* recorded although the guard refused it (report.reason) */
    pd_ingest_report report; /* what deriving said (reason, warning, extracted) */
    pd_buf text;             /* the derived canonical Markdown ("" when none) */
    int has_previous;        /* a version was in effect at the capture time */
    pd_buf previous;         /* its text */
    char previous_commit[41];
    int64_t previous_captured_at;
} pd_ingest_result;

#define PD_INGEST_RESULT_INIT                                                                      \
    {                                                                                              \
        .record = PD_RECORD_UNCHANGED, .accepted = 0, .forced = 0, .report = {0},                  \
        .text = PD_BUF_INIT, .has_previous = 0, .previous = PD_BUF_INIT, .previous_commit = {0},   \
        .previous_captured_at = 0                                                                  \
    }

/*
 * Derives raw (len bytes) as p's capture at o->captured_at against the
 * version in effect then, and records it (o->via, o->source, ...) when the
 * guard accepts it or o->force lets it through.  Takes the store's lock for
 * the read and the write (re-entrant: a caller that holds it keeps it).
 * out is always filled (dispose it); see the top of this file for errors.
 */
int pd_ingest_record(pd_ingest_result *out, pd_store *s, const pd_policy *p,
                     const pd_ingest_options *o, const char *raw, size_t len);

void pd_ingest_result_dispose(pd_ingest_result *r);

#endif
