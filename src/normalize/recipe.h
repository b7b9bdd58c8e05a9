/*
 * recipe.h - how to find the policy on a page: select and remove selectors,
 * filters, and the pages a document combines.
 *
 * A selector is either a CSS selector string or an Open Terms Archive range
 * object ({startBefore|startAfter, endBefore|endAfter}, each a CSS selector).
 * A recipe may also name filters, need client-side scripts, or combine
 * several pages into one document (each page a recipe of its own).
 * A pd_recipe owns all its strings and pages; pd_recipe_dispose() frees them.
 * Errors: PD_EINVALID with a message naming the bad field, PD_EUNSUPPORTED
 * (pd_recipe_check: valid CSS the engine lacks), PD_ENOMEM.
 */
#ifndef PD_RECIPE_H
#define PD_RECIPE_H

#include <stddef.h>

typedef enum { PD_SEL_CSS, PD_SEL_RANGE } pd_selector_kind;

typedef struct {
    pd_selector_kind kind;
    char *css;          /* PD_SEL_CSS */
    char *start_before; /* PD_SEL_RANGE: exactly one of start_before/start_after */
    char *start_after;
    char *end_before; /* and exactly one of end_before/end_after */
    char *end_after;
} pd_selector;

/* A filter an Open Terms Archive declaration names: a JavaScript function
 * of the service's <Service>.filters.js (or of OTA's engine) run on the
 * page before select/remove.  JavaScript cannot run here: a few common
 * filters are implemented natively (pd_filter_support), the others are
 * kept, listed and skipped. */
typedef struct {
    char *name;   /* "removeNavigationHeaders" */
    char *params; /* its argument as compact JSON (["utm_source"]), or NULL */
} pd_filter;

typedef struct pd_recipe pd_recipe;

struct pd_recipe {
    pd_selector *select;
    size_t nselect;
    pd_selector *remove;
    size_t nremove;
    char *fetch;        /* the "fetch" URL of an OTA declaration, or NULL */
    pd_filter *filters; /* "filter", in order */
    size_t nfilters;
    int client_scripts; /* "executeClientScripts": true (the page needs a browser) */
    pd_recipe *pages;   /* "combine": one entry per page, in order, each with its
                           fetch URL and what it gives of its own (pd_recipe_page) */
    size_t npages;
};

#define PD_RECIPE_INIT                                                                             \
    {                                                                                              \
        .select = NULL, .nselect = 0, .remove = NULL, .nremove = 0, .fetch = NULL,                 \
        .filters = NULL, .nfilters = 0, .client_scripts = 0, .pages = NULL, .npages = 0            \
    }

/* Adds a CSS selector to the select list (remove = 0) or the remove list. */
int pd_recipe_add_css(pd_recipe *r, int remove, const char *css);
/*
 * Fills r from one Open Terms Archive document declaration
 * ({"fetch": URL, "select": S, "remove": S, "filter": F,
 * "executeClientScripts": B, "combine": [{"fetch": URL, ...}, ...]}, where
 * S is a string, a range object, or an array of them, and F a filter name,
 * a {"name": argument} object or an array of them).  Appends to what r
 * already holds.  Anything else is PD_EINVALID with a one-line message
 * saying what is wrong and what to give: a service declaration ({"name":
 * ..., "terms"|"documents": {...}}: use import-ota), an object with none of
 * fetch, select, remove and combine, an unknown key (a typo), a value of
 * the wrong type, an empty selector, a range without its start or end.
 */
int pd_recipe_from_ota_json(pd_recipe *r, const char *json, size_t len);
/*
 * Checks that every selector of r and of its pages compiles (pd_css_compile),
 * so a typo is refused when the policy is added rather than when it is
 * first fetched.  PD_EINVALID names the selector and what is wrong with it
 * (a selector that can never work); PD_EUNSUPPORTED when it is valid CSS
 * the selector engine does not have.
 */
int pd_recipe_check(const pd_recipe *r);
/* Serializes r back to OTA JSON (for storing a recipe); caller frees *out. */
int pd_recipe_to_ota_json(char **out, const pd_recipe *r);
/*
 * The recipe of page i of a combined document, as Open Terms Archive reads
 * it: the page's fetch, and its own select, remove, filter and
 * executeClientScripts, or r's where the page gives none.  *view borrows
 * from r (never dispose it) and is valid while r is.  For a recipe without
 * pages, page 0 is r itself.
 */
void pd_recipe_page(pd_recipe *view, const pd_recipe *r, size_t i);
void pd_recipe_dispose(pd_recipe *r);

typedef enum {
    PD_FILTER_SKIPPED,   /* JavaScript policydiff cannot run: the page is read without it */
    PD_FILTER_NATIVE,    /* done natively: the elements it removes are removed */
    PD_FILTER_NO_EFFECT, /* changes nothing of the text (e.g. link targets only) */
} pd_filter_support;

/*
 * What policydiff does with the filter called name.  The native ones are
 * those of Open Terms Archive's Contrib collection that only remove
 * elements (removeNavigationHeaders, removeModuleIDs, removeInvisibleText,
 * as defined in its Skype.filters.js) and the engine's removeQueryParams,
 * which only rewrites link targets; *css (may be NULL) is what a native
 * filter removes, else NULL.
 */
pd_filter_support pd_filter_support_of(const char **css, const char *name);

#endif
