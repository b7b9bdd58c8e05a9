/*
 * select.h - a small CSS selector engine over libxml2's HTML tree.
 *
 * Supported: type and "*", #id, .class, [attr], [attr=val], [attr^=val],
 * [attr$=val], [attr*=val], [attr~=val], [attr|=val] (quoted or bare values,
 * an optional " i" flag for case-insensitive values), the descendant (space),
 * child (">"), adjacent ("+") and general sibling ("~") combinators, comma
 * lists, :not(list), :first-child, :last-child, :only-child, :first-of-type,
 * :last-of-type, :only-of-type, :nth-child(), :nth-last-child(),
 * :nth-of-type() and :nth-last-of-type() with An+B (3, 2n+1, -n+2, odd,
 * even).  Type and attribute names are matched case-insensitively, class
 * and id values case-sensitively.
 *
 * Ownership: pd_css_compile() gives the caller a pd_css to free with
 * pd_css_free() (NULL is fine).  Matching never allocates except
 * pd_css_select_all(), whose array the caller frees with free().
 * Errors: PD_EINVALID with a one-line message naming the position of the
 * problem (a selector that can never work: a syntax error, an unknown
 * pseudo-class, a state such as :hover that no fetched page is in),
 * PD_EUNSUPPORTED for valid CSS this engine does not have (:has(), :is(),
 * :where(), :empty, :root, :lang() ...), PD_ENOMEM.
 */
#ifndef PD_SELECT_H
#define PD_SELECT_H

#include <libxml/tree.h>
#include <stddef.h>

typedef struct pd_css pd_css;

int pd_css_compile(pd_css **out, const char *text);
void pd_css_free(pd_css *css);

/* 1 when the element matches any selector of the list, else 0.  Work per call
 * is bounded; a pathological selector on a pathological tree fails to match
 * rather than running for minutes. */
int pd_css_matches(const pd_css *css, const xmlNode *node);

/* Like pd_css_matches(), drawing matching steps from *budget (shared by many
 * calls, so a whole-tree pass is bounded too); 0 once it is spent. */
int pd_css_matches_budget(const pd_css *css, const xmlNode *node, long *budget);
/* Steps allowed for one pass over a tree (pd_css_select_all and friends). */
#define PD_CSS_TREE_BUDGET 50000000L

/* Every element under root (root included) that matches, in document order.
 * *out is NULL when there is none; the caller frees it. */
int pd_css_select_all(xmlNode ***out, size_t *n, const pd_css *css, xmlNode *root);

/* The first match under root in document order, or NULL. */
xmlNode *pd_css_select_first(const pd_css *css, xmlNode *root);

/* Iterative document-order walk helper used across the normalizer: the
 * element after n in pre-order within root (descending into children when
 * descend is set), or NULL at the end. */
xmlNode *pd_dom_next(xmlNode *n, const xmlNode *root, int descend);

#endif
