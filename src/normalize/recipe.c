#include "normalize/recipe.h"
#include "normalize/select.h"
#include "util/error.h"
#include "util/jsonkeys.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int push(pd_selector **list, size_t *n, pd_selector *sel)
{
    pd_selector *nl = realloc(*list, (*n + 1) * sizeof(*nl));
    PD_CHECK_ALLOC(nl);
    nl[*n] = *sel;
    *list = nl;
    (*n)++;
    return 0;
}

int pd_recipe_add_css(pd_recipe *r, int remove, const char *css)
{
    pd_selector sel = {PD_SEL_CSS, NULL, NULL, NULL, NULL, NULL};
    int rc;
    sel.css = strdup(css);
    PD_CHECK_ALLOC(sel.css);
    rc = remove ? push(&r->remove, &r->nremove, &sel) : push(&r->select, &r->nselect, &sel);
    if (rc)
        free(sel.css);
    return rc;
}

static int check_css(const char *css)
{
    pd_css *c = NULL;
    int rc = css ? pd_css_compile(&c, css) : 0; /* its error names the selector */
    pd_css_free(c);
    return rc;
}

static int check_list(const pd_selector *list, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        if ((rc = check_css(list[i].css)) || (rc = check_css(list[i].start_before)) ||
            (rc = check_css(list[i].start_after)) || (rc = check_css(list[i].end_before)))
            break;
        else
            rc = check_css(list[i].end_after);
    return rc;
}

int pd_recipe_check(const pd_recipe *r)
{
    int rc = check_list(r->select, r->nselect);
    if (!rc)
        rc = check_list(r->remove, r->nremove);
    for (size_t i = 0; i < r->npages && !rc; i++)
        rc = pd_recipe_check(&r->pages[i]);
    return rc;
}

static void selector_dispose(pd_selector *s)
{
    free(s->css);
    free(s->start_before);
    free(s->start_after);
    free(s->end_before);
    free(s->end_after);
}

static int dup_field(char **out, json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_string(v))
        return pd_error_set(PD_EINVALID, "recipe: range field '%s' must be a CSS selector string",
                            key);
    *out = strdup(json_string_value(v));
    PD_CHECK_ALLOC(*out);
    return 0;
}

static int add_one(pd_recipe *r, int remove, json_t *v, const char *field)
{
    pd_selector sel = {PD_SEL_RANGE, NULL, NULL, NULL, NULL, NULL};
    int rc;

    if (json_is_string(v)) {
        if (!*json_string_value(v))
            return pd_error_set(PD_EINVALID, "recipe: '%s' holds an empty selector", field);
        return pd_recipe_add_css(r, remove, json_string_value(v));
    }
    if (!json_is_object(v))
        return pd_error_set(PD_EINVALID,
                            "recipe: '%s' must be a selector string, a range object or an array "
                            "of them",
                            field);
    if ((rc = dup_field(&sel.start_before, v, "startBefore")) ||
        (rc = dup_field(&sel.start_after, v, "startAfter")) ||
        (rc = dup_field(&sel.end_before, v, "endBefore")) ||
        (rc = dup_field(&sel.end_after, v, "endAfter")))
        goto fail;
    if (!sel.start_before == !sel.start_after || !sel.end_before == !sel.end_after) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: a range in '%s' needs one of startBefore/startAfter and one "
                          "of endBefore/endAfter",
                          field);
        goto fail;
    }
    rc = remove ? push(&r->remove, &r->nremove, &sel) : push(&r->select, &r->nselect, &sel);
    if (!rc)
        return 0;
fail:
    selector_dispose(&sel);
    return rc;
}

static int add_field(pd_recipe *r, int remove, json_t *root, const char *field)
{
    json_t *v = json_object_get(root, field), *item;
    size_t i;
    int rc;
    if (!v)
        return 0;
    if (!json_is_array(v))
        return add_one(r, remove, v, field);
    json_array_foreach(v, i, item)
    {
        if ((rc = add_one(r, remove, item, field)) != 0)
            return rc;
    }
    return 0;
}

/* A JavaScript function name: letters, digits, '_' and '$', at most 100. */
static int filter_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 100 || (*s >= '0' && *s <= '9'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '$'))
            return 0;
    return 1;
}

/* One "filter" entry: a name, or {"name": argument}. */
static int add_filter(pd_recipe *r, json_t *v)
{
    pd_filter f = {NULL, NULL}, *nf;
    const char *name = json_is_string(v) ? json_string_value(v) : NULL;
    json_t *arg = NULL;
    if (json_is_object(v) && json_object_size(v) == 1) {
        void *it = json_object_iter(v);
        name = json_object_iter_key(it);
        arg = json_object_iter_value(it);
    }
    if (!name || !filter_name_ok(name))
        return pd_error_set(PD_EINVALID, "recipe: 'filter' takes names of JavaScript functions "
                                         "(\"removeAds\") or {\"name\": argument} objects");
    if (!(nf = realloc(r->filters, (r->nfilters + 1) * sizeof(*nf))))
        return PD_ENOMEM_SET();
    r->filters = nf;
    f.name = strdup(name);
    f.params = arg ? json_dumps(arg, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) : NULL;
    if (!f.name || (arg && !f.params)) {
        free(f.name);
        free(f.params);
        return PD_ENOMEM_SET();
    }
    r->filters[r->nfilters++] = f;
    return 0;
}

static int add_filters(pd_recipe *r, json_t *root)
{
    json_t *v = json_object_get(root, "filter"), *item;
    size_t i;
    int rc;
    if (!v)
        return 0;
    if (!json_is_array(v))
        return add_filter(r, v);
    json_array_foreach(v, i, item)
    {
        if ((rc = add_filter(r, item)))
            return rc;
    }
    return 0;
}

/* PD_EINVALID naming the first key of root that is not in keys (a typo). */
static int check_keys(json_t *root, const char *const *keys, const char *what, const char *list)
{
    const char *key = pd_json_unknown_key(root, keys);
    if (key)
        return pd_error_set(PD_EINVALID,
                            "recipe: unknown key \"%.60s\" in %s (it has %s); check its spelling",
                            key, what, list);
    return 0;
}

#define PD_RECIPE_MAX_PAGES 100

static int parse_object(pd_recipe *r, json_t *root, int page);

/* "combine": the pages of one document, in order. */
static int add_pages(pd_recipe *r, json_t *v)
{
    json_t *item;
    size_t i;
    int rc;
    if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > PD_RECIPE_MAX_PAGES)
        return pd_error_set(PD_EINVALID,
                            "recipe: \"combine\" must be an array of 1 to %d pages "
                            "({\"fetch\": URL, \"select\": CSS})",
                            PD_RECIPE_MAX_PAGES);
    if (r->npages)
        return pd_error_set(PD_EINVALID, "recipe: \"combine\" given twice");
    if (!(r->pages = calloc(json_array_size(v), sizeof(*r->pages))))
        return PD_ENOMEM_SET();
    json_array_foreach(v, i, item)
    {
        if (!json_is_object(item))
            return pd_error_set(PD_EINVALID,
                                "recipe: page %zu of \"combine\" is not an object "
                                "({\"fetch\": URL, ...})",
                                i + 1);
        r->npages = i + 1;
        if ((rc = parse_object(&r->pages[i], item, 1)))
            return rc;
        if (!r->pages[i].fetch)
            return pd_error_set(PD_EINVALID, "recipe: page %zu of \"combine\" has no \"fetch\" URL",
                                i + 1);
    }
    return 0;
}

/* The fields of one document declaration, or of one page of "combine". */
static int parse_object(pd_recipe *r, json_t *root, int page)
{
    static const char *const keys[] = {
        "fetch", "select", "remove", "filter", "executeClientScripts", "combine", NULL};
    json_t *fetch = json_object_get(root, "fetch"), *scripts, *combine;
    int rc;
    if ((rc = check_keys(root, keys, page ? "a page of \"combine\"" : "a document declaration",
                         "\"fetch\", \"select\", \"remove\", \"filter\", "
                         "\"executeClientScripts\" and \"combine\"")))
        return rc;
    if (page && json_object_get(root, "combine"))
        return pd_error_set(PD_EINVALID, "recipe: a page of \"combine\" cannot combine pages");
    if (fetch && (!json_is_string(fetch) || !*json_string_value(fetch) ||
                  strpbrk(json_string_value(fetch), "\r\n")))
        return pd_error_set(PD_EINVALID, "recipe: \"fetch\" must be a URL on one line");
    scripts = json_object_get(root, "executeClientScripts");
    if (scripts && !json_is_boolean(scripts))
        return pd_error_set(PD_EINVALID, "recipe: \"executeClientScripts\" must be true or false");
    if (fetch && !r->fetch && !(r->fetch = strdup(json_string_value(fetch))))
        return PD_ENOMEM_SET();
    r->client_scripts |= json_is_true(scripts);
    if ((rc = add_field(r, 0, root, "select")) || (rc = add_field(r, 1, root, "remove")) ||
        (rc = add_filters(r, root)))
        return rc;
    combine = json_object_get(root, "combine");
    return combine ? add_pages(r, combine) : 0;
}

int pd_recipe_from_ota_json(pd_recipe *r, const char *json, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    int rc = 0;

    if (!root)
        return pd_error_set(PD_EINVALID, "recipe: not valid JSON (line %d: %s)", err.line,
                            err.text);
    if (!json_is_object(root)) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: expected one Open Terms Archive document declaration, a JSON "
                          "object {\"fetch\": URL, \"select\": CSS, \"remove\": CSS}");
        goto out;
    }
    if (json_object_get(root, "terms") || json_object_get(root, "documents")) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: this is an Open Terms Archive service declaration (it has "
                          "\"%s\"), not one document's; add its policies with "
                          "'policydiff import-ota FILE', or give one entry of its \"%s\" "
                          "({\"fetch\": URL, \"select\": CSS})",
                          json_object_get(root, "terms") ? "terms" : "documents",
                          json_object_get(root, "terms") ? "terms" : "documents");
        goto out;
    }
    if (!json_object_get(root, "fetch") && !json_object_get(root, "select") &&
        !json_object_get(root, "remove") && !json_object_get(root, "combine")) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: not an Open Terms Archive document declaration (no \"fetch\", "
                          "\"select\", \"remove\" or \"combine\"); give {\"fetch\": URL, "
                          "\"select\": CSS, \"remove\": CSS}");
        goto out;
    }
    rc = parse_object(r, root, 0);
out:
    json_decref(root);
    return rc;
}

static json_t *selector_json(const pd_selector *s)
{
    json_t *o;
    if (s->kind == PD_SEL_CSS)
        return json_string(s->css);
    o = json_object();
    if (s->start_before)
        json_object_set_new(o, "startBefore", json_string(s->start_before));
    if (s->start_after)
        json_object_set_new(o, "startAfter", json_string(s->start_after));
    if (s->end_before)
        json_object_set_new(o, "endBefore", json_string(s->end_before));
    if (s->end_after)
        json_object_set_new(o, "endAfter", json_string(s->end_after));
    return o;
}

static json_t *filter_json(const pd_filter *f)
{
    json_t *o, *arg;
    if (!f->params)
        return json_string(f->name);
    arg = json_loads(f->params, JSON_DECODE_ANY, NULL);
    o = json_object();
    json_object_set_new(o, f->name, arg ? arg : json_null());
    return o;
}

/* r as a JSON object; a page (page = 1) writes only what it has. */
static json_t *recipe_object(const pd_recipe *r, int page)
{
    json_t *root = json_object(), *sel = json_array(), *rem = json_array(), *fl, *pages;
    for (size_t i = 0; i < r->nselect; i++)
        json_array_append_new(sel, selector_json(&r->select[i]));
    for (size_t i = 0; i < r->nremove; i++)
        json_array_append_new(rem, selector_json(&r->remove[i]));
    if (r->fetch)
        json_object_set_new(root, "fetch", json_string(r->fetch));
    if (!page || r->nselect)
        json_object_set_new(root, "select", sel);
    else
        json_decref(sel);
    if (!page || r->nremove)
        json_object_set_new(root, "remove", rem);
    else
        json_decref(rem);
    if (r->nfilters) {
        fl = json_array();
        for (size_t i = 0; i < r->nfilters; i++)
            json_array_append_new(fl, filter_json(&r->filters[i]));
        json_object_set_new(root, "filter", fl);
    }
    if (r->client_scripts)
        json_object_set_new(root, "executeClientScripts", json_true());
    if (r->npages) {
        pages = json_array();
        for (size_t i = 0; i < r->npages; i++)
            json_array_append_new(pages, recipe_object(&r->pages[i], 1));
        json_object_set_new(root, "combine", pages);
    }
    return root;
}

int pd_recipe_to_ota_json(char **out, const pd_recipe *r)
{
    json_t *root = recipe_object(r, 0);
    *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    PD_CHECK_ALLOC(*out);
    return 0;
}

void pd_recipe_page(pd_recipe *view, const pd_recipe *r, size_t i)
{
    const pd_recipe *pg;
    *view = *r;
    if (i >= r->npages)
        return;
    pg = &r->pages[i];
    view->fetch = pg->fetch;
    if (pg->nselect) {
        view->select = pg->select;
        view->nselect = pg->nselect;
    }
    if (pg->nremove) {
        view->remove = pg->remove;
        view->nremove = pg->nremove;
    }
    if (pg->nfilters) {
        view->filters = pg->filters;
        view->nfilters = pg->nfilters;
    }
    view->client_scripts = r->client_scripts || pg->client_scripts;
    view->pages = NULL;
    view->npages = 0;
}

void pd_recipe_dispose(pd_recipe *r)
{
    for (size_t i = 0; i < r->nselect; i++)
        selector_dispose(&r->select[i]);
    for (size_t i = 0; i < r->nremove; i++)
        selector_dispose(&r->remove[i]);
    for (size_t i = 0; i < r->nfilters; i++) {
        free(r->filters[i].name);
        free(r->filters[i].params);
    }
    for (size_t i = 0; i < r->npages; i++)
        pd_recipe_dispose(&r->pages[i]);
    free(r->select);
    free(r->remove);
    free(r->filters);
    free(r->pages);
    free(r->fetch);
    memset(r, 0, sizeof(*r));
}

/* The filters of Open Terms Archive's Contrib collection done natively:
 * those that only remove elements, with what they remove (their
 * querySelectorAll arguments), and those that only rewrite link targets,
 * which the canonical text does not keep. */
static const struct {
    const char *name;
    pd_filter_support support;
    const char *css;
} native_filters[] = {
    {"removeNavigationHeaders", PD_FILTER_NATIVE, "#navigationHeader, .navigationHeader"},
    {"removeModuleIDs", PD_FILTER_NATIVE, "#moduleName, .FileName"},
    {"removeInvisibleText", PD_FILTER_NATIVE, ".displayNone, .printsummary, .printDetailedContent"},
    {"removeQueryParams", PD_FILTER_NO_EFFECT, NULL},
};

pd_filter_support pd_filter_support_of(const char **css, const char *name)
{
    if (css)
        *css = NULL;
    for (size_t i = 0; i < sizeof(native_filters) / sizeof(native_filters[0]); i++) {
        if (!strcmp(name, native_filters[i].name)) {
            if (css)
                *css = native_filters[i].css;
            return native_filters[i].support;
        }
    }
    return PD_FILTER_SKIPPED;
}
