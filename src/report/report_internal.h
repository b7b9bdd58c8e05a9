/*
 * report_internal.h - helpers shared by the renderers of src/report/ (not
 * for other modules).
 */
#ifndef PD_REPORT_INTERNAL_H
#define PD_REPORT_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "classify/diff.h"
#include "report/report.h"
#include "util/buf.h"

/* A JSON string from possibly invalid UTF-8 (bad bytes become U+FFFD); NULL
 * when out of memory.  The caller owns the reference. */
json_t *pd_report_json_str(const char *s);

/* One side of a diff as the JSON reports write it: {label, date, source,
 * commit}, the last three only when set; NULL when out of memory. */
json_t *pd_report_side_json(const pd_report_side *s);

/* Appends s[0..len) as Markdown text that reads back as exactly those
 * characters: specials escaped, '&' as &amp;, line breaks as <br>; lead:
 * the text opens a line (a leading list marker or indent is neutralized).
 * Returns whether anything was written. */
int pd_report_md_escape(pd_buf *b, const char *s, size_t len, int lead);

/* Appends root as indented JSON and a newline (the JSON reports' layout).
 * Returns 0 or PD_ENOMEM (no message set: the caller says what it wrote). */
int pd_report_put_json(pd_buf *out, const json_t *root);

/* "added", "removed", "modified", "moved". */
const char *pd_report_op_name(pd_op op);
/* The names of the categories in cats, ", " between them. */
void pd_report_categories_text(pd_buf *b, unsigned cats);

/* ---- html.c: the one HTML rendering of a change ---- */

/* The two pages a change is shown on, each with the bytes it always had:
 * TABLE, the self-contained page of `diff --format html` (a <tbody> per
 * change, newlines as <br>, "(top)"); CARDS, a version page of the site
 * (a card per change with linked badges, text kept as it is under
 * white-space:pre-wrap, "(no section heading)", absent sides noted). */
typedef enum { PD_REPORT_HTML_TABLE, PD_REPORT_HTML_CARDS } pd_report_html_layout;

typedef struct {
    pd_report_html_layout layout;
    const char *cat_href; /* CARDS: where category pages are ("../../c/") */
} pd_report_html_style;

/* Appends change ch, number num (the anchor #c<num> of a card). */
void pd_report_html_change(pd_buf *b, const pd_change *ch, size_t num,
                           const pd_report_html_style *style);
/* Appends the changes of d as a version page of the site shows them: the
 * substantive ones as cards, the cosmetic ones folded, a note when the
 * alignment was bounded (the site's pages and the feeds' entries). */
void pd_report_html_changes(pd_buf *b, const pd_diff *d, const pd_report_html_style *style);
/* Appends s escaped for HTML text and attributes; newline_br: '\n' as <br>. */
void pd_report_html_escape(pd_buf *b, const char *s, int newline_br);
/* A severity badge (icon and word; label instead of the word when given). */
void pd_report_html_sev_badge(pd_buf *b, pd_severity s, const char *label);

#endif
