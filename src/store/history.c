/*
 * history.c - a policy's earlier recipes (Open Terms Archive's
 * <Service>.history.json): read, written as one line of JSON for
 * policies.conf, and the one in force at a time.  See store.h.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define PD_MAX_PAST_RECIPES 1000

const pd_recipe *pd_policy_recipe_at(const char **url, const pd_policy *p, int64_t at)
{
    for (size_t i = 0; i < p->nhistory; i++) {
        if (at <= p->history[i].valid_until) {
            if (url)
                *url = p->history[i].url;
            return &p->history[i].recipe;
        }
    }
    if (url)
        *url = p->url;
    return &p->recipe;
}

/* Appends [from, to] with url to the spans, joined to the last one when
 * the URL is the same. */
static void add_span(pd_policy_span *v, size_t *n, int64_t from, int64_t to, const char *url)
{
    if (from > to)
        return;
    if (*n && !strcmp(v[*n - 1].url, url)) {
        v[*n - 1].to = to;
        return;
    }
    v[*n].from = from;
    v[*n].to = to;
    v[*n].url = url;
    (*n)++;
}

int pd_policy_spans(pd_policy_span **out, size_t *n, const pd_policy *p, int64_t from, int64_t to)
{
    pd_policy_span *v = calloc(p->nhistory + 1, sizeof(*v));
    int64_t start = INT64_MIN;
    *out = v;
    *n = 0;
    PD_CHECK_ALLOC(v);
    for (size_t i = 0; i < p->nhistory; i++) {
        int64_t until = p->history[i].valid_until;
        add_span(v, n, start > from ? start : from, until < to ? until : to, p->history[i].url);
        if (until == INT64_MAX)
            return 0;
        start = until + 1 > start ? until + 1 : start;
    }
    add_span(v, n, start > from ? start : from, to, p->url);
    return 0;
}

void pd_past_recipes_free(pd_past_recipe *h, size_t n)
{
    if (!h)
        return;
    for (size_t i = 0; i < n; i++) {
        free(h[i].url);
        pd_recipe_dispose(&h[i].recipe);
    }
    free(h);
}

static int cmp_past(const void *a, const void *b)
{
    const pd_past_recipe *x = a, *y = b;
    return x->valid_until < y->valid_until ? -1 : x->valid_until > y->valid_until;
}

/* One entry: its validUntil, then the rest as a document declaration. */
static int past_entry(pd_past_recipe *e, json_t *item, size_t i)
{
    json_t *until = json_is_object(item) ? json_object_get(item, "validUntil") : NULL, *rest;
    int64_t first;
    char *text;
    const char *url;
    int rc;

    if (!json_is_string(until) ||
        pd_time_parse_span(&first, &e->valid_until, json_string_value(until)))
        return pd_error_set(PD_EINVALID,
                            "history entry %zu: needs \"validUntil\" with an ISO 8601 time "
                            "(2021-05-03T09:21:14Z)",
                            i + 1);
    if (!(rest = json_deep_copy(item)))
        return PD_ENOMEM_SET();
    json_object_del(rest, "validUntil");
    text = json_dumps(rest, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(rest);
    PD_CHECK_ALLOC(text);
    rc = pd_recipe_from_ota_json(&e->recipe, text, strlen(text));
    free(text);
    if (rc)
        return rc == PD_EINVALID ? pd_error_set(rc, "history entry %zu: %s", i + 1, pd_error_last())
                                 : rc;
    url = e->recipe.fetch ? e->recipe.fetch : e->recipe.npages ? e->recipe.pages[0].fetch : NULL;
    if (!url)
        return pd_error_set(PD_EINVALID, "history entry %zu: no \"fetch\" URL", i + 1);
    e->url = strdup(url);
    PD_CHECK_ALLOC(e->url);
    return 0;
}

int pd_past_recipes_from_json(pd_past_recipe **out, size_t *n, const char *json, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err), *item;
    pd_past_recipe *h = NULL;
    size_t i, count = 0;
    int rc = 0;

    *out = NULL;
    *n = 0;
    if (!root)
        return pd_error_set(PD_EINVALID, "history: not valid JSON (line %d: %.120s)", err.line,
                            err.text);
    if (!json_is_array(root) || json_array_size(root) > PD_MAX_PAST_RECIPES) {
        rc = pd_error_set(PD_EINVALID,
                          "history: expected an array of at most %d earlier recipes "
                          "[{\"validUntil\": TIME, \"fetch\": URL, ...}]",
                          PD_MAX_PAST_RECIPES);
        goto out;
    }
    if (json_array_size(root) && !(h = calloc(json_array_size(root), sizeof(*h)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    json_array_foreach(root, i, item)
    {
        count = i + 1;
        if ((rc = past_entry(&h[i], item, i)))
            goto out;
    }
    if (count)
        qsort(h, count, sizeof(*h), cmp_past);
out:
    json_decref(root);
    if (rc) {
        pd_past_recipes_free(h, count);
        return rc;
    }
    *out = h;
    *n = count;
    return 0;
}

int pd_past_recipes_to_json(char **out, const pd_past_recipe *h, size_t n)
{
    json_t *arr = json_array(), *o;
    char iso[32], *text = NULL;
    int rc = 0;

    *out = NULL;
    PD_CHECK_ALLOC(arr);
    for (size_t i = 0; i < n && !rc; i++) {
        pd_recipe copy = h[i].recipe;
        if (!copy.fetch && !copy.npages)
            copy.fetch = h[i].url;
        if ((rc = pd_recipe_to_ota_json(&text, &copy)))
            break;
        o = json_loads(text, 0, NULL);
        free(text);
        pd_time_format_iso(iso, sizeof(iso), h[i].valid_until);
        if (!o || json_object_set_new(o, "validUntil", json_string(iso)) ||
            json_array_append_new(arr, o))
            rc = PD_ENOMEM_SET();
    }
    if (!rc && !(*out = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER)))
        rc = PD_ENOMEM_SET();
    json_decref(arr);
    return rc;
}
