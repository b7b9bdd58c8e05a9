/*
 * checkreport.h - one report for a monitoring run over many policies
 * (policydiff check): what changed, what could not be checked.
 *
 * Formats:
 *   text      a summary line, then per changed policy "== NAME <URL>" and
 *             its diff as pd_report_text() writes it (headline first, then
 *             the clause changes); first versions and problems one line each
 *   markdown  for an issue or a pull-request comment: a title, a summary,
 *             one section per changed policy (pd_report_markdown()), and a
 *             list of problems
 *   github    GitHub Actions workflow commands: per changed policy
 *             "::error title=NAME changed::HEADLINE" when its worst change is
 *             high, "::warning ..." for other substantive changes, "::notice
 *             ..." when only cosmetic; "::warning title=NAME not checked::WHY"
 *             per problem; each diff inside a ::group:: with workflow
 *             commands stopped (::stop-commands::), so a policy's text can
 *             never issue one
 *   json      schema "policydiff/check-1":
 *     {"schema": "policydiff/check-1", "run_at": ISO-8601,
 *      "summary": {"checked": n, "changed": n, "first": n, "unchanged": n,
 *                  "not_modified": n, "failed": n, "suspicious": n,
 *                  "worst_severity": "none|low|medium|high"},
 *      "policies": [{"name": str, "url": str,
 *                    "status": "changed|first|unchanged|not-modified|failed|suspicious",
 *                    "reason"?: str,             (failed, suspicious, forced; from
 *                                                 the Wayback Machine: why not live)
 *                    "via"?: "wayback", "wayback_timestamp"?: str, (--fallback wayback)
 *                    "headline"?: str, "worst_severity"?: str,   (changed)
 *                    "old"?: side, "new"?: side, (as in policydiff/diff-1)
 *                    "diff"?: {policydiff/diff-1 object}}],
 *      "error"?: {"exit": 4|5, "message": str}}   (the run could not happen)
 *     Every policy of the run is listed; the others only with --verbose in
 *     the other formats.
 *
 * Pure functions: they append to out (the caller owns it) and return 0,
 * PD_ENOMEM, or PD_EINVALID for an unknown format.  Entries are borrowed.
 */
#ifndef PD_CHECKREPORT_H
#define PD_CHECKREPORT_H

#include <stddef.h>
#include <stdint.h>

#include "report/report.h"

typedef enum {
    PD_CHECK_TEXT,
    PD_CHECK_MARKDOWN,
    PD_CHECK_JSON,
    PD_CHECK_GITHUB,
} pd_check_format;

typedef struct {
    const char *name;
    const char *url;
    const char
        *status; /* "changed", "first", "unchanged", "not-modified", "failed", "suspicious" */
    const char *reason;     /* why it failed, or what the guard said of a forced page, or why
                               the live page was not used (wayback_ts); NULL */
    const char *wayback_ts; /* the version is this Wayback capture (--fallback wayback), or NULL */
    const pd_diff *diff;    /* "changed": old -> new; NULL otherwise */
    pd_report_side old_side;
    pd_report_side new_side;
} pd_check_entry;

typedef struct {
    int64_t run_at;
    int verbose;       /* text/markdown/github: list unchanged policies too */
    int show_cosmetic; /* text/markdown/github: list cosmetic changes */
    int color;         /* text: ANSI colours */
    /* json: a run that could not happen (the store locked, or broken):
     * "error": {"exit": error_exit, "message": error} with no policies */
    const char *error;
    int error_exit;
} pd_check_report_options;

#define PD_CHECK_REPORT_OPTIONS_INIT                                                               \
    {                                                                                              \
        .run_at = 0, .verbose = 0, .show_cosmetic = 1, .color = 0, .error = NULL, .error_exit = 0  \
    }

/* "text", "markdown"/"md", "json", "github" -> format; -1 when unknown. */
int pd_check_format_from_name(const char *name);

/* 1 when e is a recorded change with a diff. */
int pd_check_entry_changed(const pd_check_entry *e);

int pd_check_report(pd_buf *out, pd_check_format fmt, const pd_check_entry *e, size_t n,
                    const pd_check_report_options *o);

/* GitHub workflow command escaping: data escapes %, CR and LF; a property
 * value also escapes ':' and ','. */
void pd_github_escape_data(pd_buf *out, const char *s);
void pd_github_escape_property(pd_buf *out, const char *s);

#endif
