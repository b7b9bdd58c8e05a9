#include "normalize/recipe.h"
#include "normalize/select.h"
#include "util/error.h"

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
    return rc ? rc : check_list(r->remove, r->nremove);
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

int pd_recipe_from_ota_json(pd_recipe *r, const char *json, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err), *fetch;
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
    if (json_object_get(root, "documents")) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: this is an Open Terms Archive service declaration (it has "
                          "\"documents\"), not one document's; add its policies with "
                          "'policydiff import-ota FILE', or give one entry of its \"documents\" "
                          "({\"fetch\": URL, \"select\": CSS})");
        goto out;
    }
    if (json_object_get(root, "combine")) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: this document combines several pages (\"combine\"), which "
                          "policydiff does not follow yet; give one page's {\"fetch\": URL, "
                          "\"select\": CSS}");
        goto out;
    }
    if (!json_object_get(root, "fetch") && !json_object_get(root, "select") &&
        !json_object_get(root, "remove")) {
        rc = pd_error_set(PD_EINVALID,
                          "recipe: not an Open Terms Archive document declaration (no \"fetch\", "
                          "\"select\" or \"remove\"); give {\"fetch\": URL, \"select\": CSS, "
                          "\"remove\": CSS}");
        goto out;
    }
    fetch = json_object_get(root, "fetch");
    if (fetch && json_is_string(fetch) && !r->fetch &&
        !(r->fetch = strdup(json_string_value(fetch)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    if ((rc = add_field(r, 0, root, "select")) || (rc = add_field(r, 1, root, "remove")))
        goto out;
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

int pd_recipe_to_ota_json(char **out, const pd_recipe *r)
{
    json_t *root = json_object(), *sel = json_array(), *rem = json_array();
    for (size_t i = 0; i < r->nselect; i++)
        json_array_append_new(sel, selector_json(&r->select[i]));
    for (size_t i = 0; i < r->nremove; i++)
        json_array_append_new(rem, selector_json(&r->remove[i]));
    if (r->fetch)
        json_object_set_new(root, "fetch", json_string(r->fetch));
    json_object_set_new(root, "select", sel);
    json_object_set_new(root, "remove", rem);
    *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    PD_CHECK_ALLOC(*out);
    return 0;
}

void pd_recipe_dispose(pd_recipe *r)
{
    for (size_t i = 0; i < r->nselect; i++)
        selector_dispose(&r->select[i]);
    for (size_t i = 0; i < r->nremove; i++)
        selector_dispose(&r->remove[i]);
    free(r->select);
    free(r->remove);
    free(r->fetch);
    memset(r, 0, sizeof(*r));
}
