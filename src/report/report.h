/*
 * report.h - render a clause-level diff (align.h) for people and programs.
 *
 * Formats: text (section path, kind, old and new clause with word-level
 * highlights; ANSI colour on request), a one-line --stat summary, JSON
 * (schema "policydiff/diff-1", see the README), Markdown (for pull-request
 * and issue comments) and HTML (one self-contained side-by-side page, no
 * external assets, every text escaped).  Every format starts with the
 * headline of pd_headline().
 *
 * JSON schema "policydiff/diff-1":
 *   {"schema": "policydiff/diff-1",
 *    "old": {"label": str, "date"?: str, "source"?: str, "commit"?: str},
 *    "new": {...},
 *    "summary": {"added": n, "removed": n, "modified": n, "moved": n,
 *                "substantive": n, "cosmetic": n, "headline": str,
 *                "worst_severity": "none|low|medium|high"},
 *    "changes": [{"op": "added|removed|modified|moved", "cosmetic": bool,
 *                 "section": "A > B", "old_section"?: str, "old": str,
 *                 "new": str, "words": [{"op": "equal|insert|delete",
 *                 "text": str}], "categories": [str], "severity": str,
 *                 "impact": str, "reasons": [str]}]}
 *   old_section is present when it differs from section (moves, renamed
 *   headings, cross-section rewrites, removals report the old path in
 *   section itself).  words is [] except for modified.
 *
 * Pure functions: they append to out (the caller owns it) and return 0,
 * PD_ENOMEM, or PD_EINVALID for an unknown format; or, for text and JSON,
 * what o->drain returned.  A large diff's report can be as large as both
 * texts several times over (JSON of two unrelated policies: 7.5x): with
 * o->drain set, the text and JSON renderers hand out to it whenever it
 * holds more than PD_REPORT_DRAIN_AT bytes between two changes, and the
 * drain writes it somewhere and empties it (a failure stops the report).
 */
#ifndef PD_REPORT_H
#define PD_REPORT_H

#include "classify/diff.h"
#include "util/buf.h"

typedef enum {
    PD_FORMAT_TEXT,
    PD_FORMAT_JSON,
    PD_FORMAT_MARKDOWN,
    PD_FORMAT_HTML,
} pd_format;

typedef struct {
    const char *label;  /* file name, or "NAME@WHEN" */
    const char *date;   /* ISO 8601 capture time, or NULL */
    const char *source; /* URL or path the version came from, or NULL */
    const char *commit; /* store commit id, or NULL */
} pd_report_side;

typedef struct {
    pd_report_side old_side;
    pd_report_side new_side;
    int color;         /* text: ANSI colours */
    int show_cosmetic; /* text/markdown/html: list cosmetic changes too (JSON always does) */
    int (*drain)(pd_buf *out, void *payload); /* or NULL: the whole report in out */
    void *drain_payload;
} pd_report_options;

#define PD_REPORT_DRAIN_AT ((size_t)1 << 16)

#define PD_REPORT_OPTIONS_INIT                                                                     \
    {                                                                                              \
        .old_side = {.label = "old", .date = NULL, .source = NULL, .commit = NULL},                \
        .new_side = {.label = "new", .date = NULL, .source = NULL, .commit = NULL}, .color = 0,    \
        .show_cosmetic = 1, .drain = NULL, .drain_payload = NULL                                   \
    }

typedef struct {
    size_t added, removed, modified, moved;
    size_t substantive, cosmetic;
    pd_severity worst; /* of the substantive changes (at least low when any) */
} pd_diff_summary;

void pd_diff_summarize(pd_diff_summary *out, const pd_diff *d);
/* The severity a change counts with for --fail-on: none when cosmetic, at
 * least low otherwise. */
pd_severity pd_change_severity(const pd_change *ch);
/* The one-line headline (pd_headline over every change's flags). */
int pd_diff_headline(pd_buf *out, const pd_diff *d);

/* "text", "json", "markdown"/"md", "html" -> format; -1 when unknown. */
int pd_format_from_name(const char *name);
int pd_report_render(pd_buf *out, pd_format fmt, const pd_diff *d, const pd_report_options *o);
int pd_report_text(pd_buf *out, const pd_diff *d, const pd_report_options *o);
int pd_report_stat(pd_buf *out, const pd_diff *d, const pd_report_options *o);
int pd_report_json(pd_buf *out, const pd_diff *d, const pd_report_options *o);
int pd_report_markdown(pd_buf *out, const pd_diff *d, const pd_report_options *o);
int pd_report_html(pd_buf *out, const pd_diff *d, const pd_report_options *o);

#endif
