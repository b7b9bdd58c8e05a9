/*
 * extract.h - from a parsed HTML tree to the document model (pd_doc).
 *
 * With a recipe that selects: the recipe's remove selectors drop elements (or
 * ranges) first, then only what the select selectors match (CSS elements, or
 * ranges from startBefore/startAfter to endBefore/endAfter in document
 * order) is kept, concatenated in document order, as Open Terms Archive does.
 * Without one (or with remove selectors only): page noise is dropped
 * (scripts, navigation, headers and footers, hidden elements, cookie banners,
 * skip and back-to-top links, share and feedback widgets, breadcrumbs, tables
 * of contents, edit links, carousels, the prompt around a sign-up form) and
 * the main content is picked (main, role=main or article when it holds at
 * least half the page's text, else the densest block of prose).  Asides,
 * sidebars and cards are kept where their text is policy prose (policy
 * words, sentences or a list or a table, text rather than links, nothing
 * to fill in, accept or buy), inside the main content and beside it (up to
 * three levels up, within its article or main); a section shown twice side
 * by side (a mobile and a desktop copy) is kept once.  An element
 * that holds more than half the page's text is never dropped as noise, and
 * ids or labels made from heading text ("how-we-share-your-data") are not
 * read as noise names.
 *
 * Headings, paragraphs, list items (depth, ordering, numbers from ol start),
 * table rows (header row from th/thead), quotes and preformatted blocks become
 * pd_doc blocks; link text is kept and targets dropped unless keep_links
 * (then [text](absolute url) with tracking parameters removed); Cloudflare
 * e-mail obfuscation is decoded; relative dates ("updated 3 days ago") are
 * removed.  The tree is walked iteratively: any nesting depth is fine.
 *
 * A cell with rowspan is repeated into the rows below it (a Markdown table
 * has no spans), within a budget: the repeated text may add at most
 * opts->span_budget bytes (PD_EXTRACT_SPAN_BUDGET of the page's size, so a
 * row of 64 cells spanning 1,000 rows cannot turn 100 KB into 100 MB); past
 * it, spans are not expanded and report->spans_unexpanded counts the cells
 * left out.
 *
 * Ownership: blocks are appended to out (the caller's).  The tree is only
 * read, except that node->_private is used during the call.
 * Errors: PD_EINVALID for a bad selector, PD_ENOMEM.  When the result is best
 * effort (a selector matched nothing, ...) report->warning is filled.
 */
#ifndef PD_EXTRACT_H
#define PD_EXTRACT_H

#include <libxml/HTMLparser.h>
#include <stddef.h>

#include "normalize/doc.h"
#include "normalize/recipe.h"
#include "util/buf.h"

/* The table-span budget for a page of len bytes: the page's own size again,
 * and 64 KB more for small pages. */
#define PD_EXTRACT_SPAN_BUDGET(len) ((size_t)(len) + (size_t)64 * 1024)

typedef struct {
    const pd_recipe *recipe; /* NULL or empty: automatic */
    const char *url;         /* base for absolute link targets, or NULL */
    int keep_links;
    size_t span_budget; /* bytes rowspan may repeat (0: PD_EXTRACT_SPAN_BUDGET(0)) */
} pd_extract_options;

#define PD_EXTRACT_OPTIONS_INIT                                                                    \
    {                                                                                              \
        .recipe = NULL, .url = NULL, .keep_links = 0, .span_budget = 0                             \
    }

typedef struct {
    char warning[256];       /* best effort: why, or "" */
    size_t spans_unexpanded; /* cells a rowspan was not repeated into (the span budget) */
} pd_extract_report;

int pd_extract(pd_doc *out, pd_extract_report *report, htmlDocPtr doc,
               const pd_extract_options *opts);

/* Removes relative dates ("Updated 3 days ago", "Last updated: 2 hours ago")
 * from text in place; returns the new length. */
size_t pd_strip_relative_dates(char *text, size_t len);

/* Decodes Cloudflare's e-mail obfuscation (the hex of data-cfemail or of
 * /cdn-cgi/l/email-protection#HEX) into out.  PD_EINVALID when it is not. */
int pd_cfemail_decode(pd_buf *out, const char *hex);

/* Appends url to out with tracking parameters (utm_*, fbclid, gclid, ...)
 * removed from its query. */
int pd_url_strip_tracking(pd_buf *out, const char *url);

#endif
