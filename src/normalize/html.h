/*
 * html.h - the adapter around libxml2's HTML parser.
 *
 * pd_html_parse() parses UTF-8 HTML into a libxml2 tree the way every part of
 * the normalizer expects: error-recovering, silent, no network, never the
 * "huge" mode (libxml2's own size and depth limits stay on).  The rest of the
 * normalizer walks the tree iteratively, so depth never costs stack.
 *
 * Budgets (docs/how-it-works.md#budgets): before parsing, one linear pass
 * counts the page's elements and the attributes of its most crowded element
 * (pd_html_cost_of); a page over PD_HTML_MAX_ELEMENTS or
 * PD_HTML_MAX_ATTRIBUTES is refused, since libxml2 spends memory per element
 * and time quadratic in one element's attributes.  A text node over
 * PD_HTML_MAX_TEXT_RUN bytes, which libxml2 (without XML_PARSE_HUGE) cuts,
 * is refused rather than read cut.
 *
 * Ownership: the caller frees the tree with pd_html_free().
 * Errors: PD_EEMPTY when libxml2 gives no document, PD_ETOOBIG past 2 GB,
 * PD_EBUDGET over a budget (the message names it).
 */
#ifndef PD_HTML_H
#define PD_HTML_H

#include <libxml/HTMLparser.h>
#include <stddef.h>

#define PD_HTML_MAX_ATTRIBUTES 256    /* attributes of one element */
#define PD_HTML_MAX_ELEMENTS 1000000  /* elements (start tags) of one page */
#define PD_HTML_MAX_TEXT_RUN 10000000 /* bytes of one text node (libxml2's limit) */

/* What parsing a page would cost, counted without parsing it: start tags
 * (script and style content skipped, comments skipped) and the most
 * attributes one of them has. */
typedef struct {
    size_t elements;
    size_t max_attributes;
} pd_html_cost;

void pd_html_cost_of(pd_html_cost *out, const char *utf8, size_t len);

/* *truncated (may be NULL) is set when libxml2 stopped early (nesting deeper
 * than its limit of 256 elements, ...): the tree holds the text up to there. */
int pd_html_parse(htmlDocPtr *out, int *truncated, const char *utf8, size_t len);
void pd_html_free(htmlDocPtr doc);

/* The value of attribute name on element n (borrowed), or NULL. */
const char *pd_html_attr(const xmlNode *n, const char *name);
/* 1 when element n's tag is name (lower-case ASCII). */
int pd_html_is(const xmlNode *n, const char *name);

#endif
