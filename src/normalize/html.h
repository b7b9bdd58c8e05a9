/*
 * html.h - the adapter around libxml2's HTML parser.
 *
 * pd_html_parse() parses UTF-8 HTML into a libxml2 tree the way every part of
 * the normalizer expects: error-recovering, silent, no network, never the
 * "huge" mode (libxml2's own size and depth limits stay on).  The rest of the
 * normalizer walks the tree iteratively, so depth never costs stack.
 *
 * Ownership: the caller frees the tree with pd_html_free().
 * Errors: PD_EEMPTY when libxml2 gives no document, PD_ETOOBIG past 2 GB.
 */
#ifndef PD_HTML_H
#define PD_HTML_H

#include <libxml/HTMLparser.h>
#include <stddef.h>

/* *truncated (may be NULL) is set when libxml2 stopped early (nesting deeper
 * than its limit of 256 elements, ...): the tree holds the text up to there. */
int pd_html_parse(htmlDocPtr *out, int *truncated, const char *utf8, size_t len);
void pd_html_free(htmlDocPtr doc);

/* The value of attribute name on element n (borrowed), or NULL. */
const char *pd_html_attr(const xmlNode *n, const char *name);
/* 1 when element n's tag is name (lower-case ASCII). */
int pd_html_is(const xmlNode *n, const char *name);

#endif
