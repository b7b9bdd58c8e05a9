/*
 * recipe.h - how to find the policy on a page: select and remove selectors.
 *
 * A selector is either a CSS selector string or an Open Terms Archive range
 * object ({startBefore|startAfter, endBefore|endAfter}, each a CSS selector).
 * A pd_recipe owns all its strings; pd_recipe_dispose() frees them.
 * Errors: PD_EINVALID with a message naming the bad field, PD_ENOMEM.
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

typedef struct {
    pd_selector *select;
    size_t nselect;
    pd_selector *remove;
    size_t nremove;
    char *fetch; /* the "fetch" URL of an OTA declaration, or NULL */
} pd_recipe;

#define PD_RECIPE_INIT                                                                             \
    {                                                                                              \
        .select = NULL, .nselect = 0, .remove = NULL, .nremove = 0, .fetch = NULL                  \
    }

/* Adds a CSS selector to the select list (remove = 0) or the remove list. */
int pd_recipe_add_css(pd_recipe *r, int remove, const char *css);
/*
 * Fills r from one Open Terms Archive document declaration
 * ({"fetch": URL, "select": S, "remove": S}, where S is a string, a range
 * object, or an array of them).  Appends to what r already holds.
 * Anything else is PD_EINVALID with a message saying what it is and what
 * to give: a service declaration ({"name": ..., "documents": {...}}: use
 * import-ota), a document combining several pages, or an object with none
 * of fetch, select and remove.
 */
int pd_recipe_from_ota_json(pd_recipe *r, const char *json, size_t len);
/*
 * Checks that every selector of r compiles (pd_css_compile), so a typo is
 * refused when the policy is added rather than when it is first fetched.
 * PD_EINVALID names the selector and what is wrong with it.
 */
int pd_recipe_check(const pd_recipe *r);
/* Serializes r back to OTA JSON (for storing a recipe); caller frees *out. */
int pd_recipe_to_ota_json(char **out, const pd_recipe *r);
void pd_recipe_dispose(pd_recipe *r);

#endif
