/* The Atom feeds of the static site (site.h).  Each version page keeps its
 * entry (feed.c renders it with the page) under SITE_DATA/e/; a feed is
 * the newest of those entries that pass its filter.  The feeds over every
 * policy list their entries in the manifest, so a run where one policy
 * changed merges that policy's versions with the others' entries without
 * reading the others' versions, and a feed whose list did not change is
 * left as it is. */
#define _XOPEN_SOURCE 700
#include "report/feed.h"
#include "report/site_internal.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ENTRY_MAX ((size_t)1 << 26)
#define SHARED_FEEDS (4 + PD_CAT_COUNT)

int site_entry_rel(pd_buf *out, const char *page)
{
    const char *slash = strrchr(page, '/');
    size_t n = strlen(page);

    pd_buf_clear(out);
    if (strncmp(page, "p/", 2) || !slash || slash < page + 2 || n < 5 ||
        strcmp(page + n - 5, ".html") || !strcmp(slash, "/index.html"))
        return pd_error_set(PD_EINVALID, "%s is not a version page", page);
    pd_buf_printf(out, "%s/e/%.*s@%.*s.xml", SITE_DATA, (int)(slash - page - 2), page + 2,
                  (int)(page + n - 5 - slash - 1), slash + 1);
    return pd_buf_error(out);
}

int site_write_entry(const site_ctx *c, const site_ver *sv, const pd_diff *d)
{
    pd_buf xml = PD_BUF_INIT, rel = PD_BUF_INIT;
    int rc;

    if ((rc = site_feed_entry(&xml, sv->v, c->pols[sv->pol].dir, d, sv->first)) ||
        (rc = site_entry_rel(&rel, sv->page)))
        goto out;
    rc = site_put_file(c->dir, pd_buf_cstr(&rel), &xml, 1, NULL);
out:
    pd_buf_dispose(&xml);
    pd_buf_dispose(&rel);
    return rc;
}

/* The i-th feed over every policy: its file and filter. */
static void shared_feed(char *rel, size_t size, pd_feed_options *fo, size_t i)
{
    static const char *const sev_files[] = {"feed.xml", "low.xml", "medium.xml", "high.xml"};
    *fo = (pd_feed_options)PD_FEED_OPTIONS_INIT;
    if (i < 4) {
        snprintf(rel, size, "%s", sev_files[i]);
        fo->min_severity = i ? (int)i : -1;
    } else {
        fo->category = 1u << (i - 4);
        snprintf(rel, size, "c/%s.xml", pd_category_name(fo->category));
    }
}

static int ver_wanted(const site_ver *sv, const pd_feed_options *fo)
{
    int cat = !fo->category;
    for (size_t k = 0; k < sv->ncats && !cat; k++)
        cat = sv->cats[k].bit == fo->category;
    if (!cat || !sv->in_range)
        return 0;
    return fo->min_severity <= 0 || (!sv->first && (int)sv->worst >= fo->min_severity);
}

/* An entry of a feed's list: [capture time, policy, version page,
 * updated]. */
static json_t *item(const site_ctx *c, const site_ver *sv)
{
    return json_pack("[I,s,s,I]", (json_int_t)sv->v->captured_at, c->pols[sv->pol].name, sv->page,
                     (json_int_t)site_version_updated(sv->v));
}

/* The latest updated of a feed's list (an item of an older manifest
 * without one: its capture time). */
static int64_t latest_update(json_t *items)
{
    json_t *it;
    size_t i;
    int64_t t = 0;
    json_array_foreach(items, i, it)
    {
        json_t *u = json_array_get(it, 3);
        int64_t v = (int64_t)json_integer_value(u ? u : json_array_get(it, 0));
        if (v > t)
            t = v;
    }
    return t;
}

static int cmp_items(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t tx = json_integer_value(json_array_get(x, 0)),
               ty = json_integer_value(json_array_get(y, 0));
    int d;
    if (tx != ty)
        return tx > ty ? -1 : 1;
    d = strcmp(json_string_value(json_array_get(x, 1)), json_string_value(json_array_get(y, 1)));
    return d ? d
             : strcmp(json_string_value(json_array_get(x, 2)),
                      json_string_value(json_array_get(y, 2)));
}

/* items sorted newest first and cut at PD_FEED_MAX_ENTRIES, as a new array. */
static json_t *sorted(json_t *items)
{
    size_t n = json_array_size(items);
    json_t **v = malloc((n + 1) * sizeof(*v)), *out = json_array();

    if (!v || !out) {
        free(v);
        json_decref(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = json_array_get(items, i);
    qsort(v, n, sizeof(*v), cmp_items);
    for (size_t i = 0; i < n && i < PD_FEED_MAX_ENTRIES; i++)
        json_array_append(out, v[i]);
    free(v);
    return out;
}

/* The feed rel from the entries its list names; xml_base: where its links
 * are relative to. */
static int assemble(site_run *r, const char *rel, const pd_feed_options *fo, json_t *items,
                    const char *xml_base)
{
    pd_buf out = PD_BUF_INIT, entry = PD_BUF_INIT, erel = PD_BUF_INIT, path = PD_BUF_INIT;
    json_t *it;
    size_t i;
    int rc = 0;

    const char *base = r->c.opts->base_url;
    if (base && *base) {
        pd_buf_printf(&path, "%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/");
        if ((rc = pd_buf_error(&path)))
            goto out;
        xml_base = pd_buf_cstr(&path);
    }
    site_feed_head(&out, fo, xml_base, "", latest_update(items));
    json_array_foreach(items, i, it)
    {
        pd_buf_clear(&path);
        pd_buf_clear(&entry);
        if ((rc = site_entry_rel(&erel, json_string_value(json_array_get(it, 2)))))
            goto out;
        pd_buf_printf(&path, "%s/%s", r->c.dir, pd_buf_cstr(&erel));
        if ((rc = pd_buf_error(&path)))
            goto out;
        if (pd_buf_read_file(&entry, pd_buf_cstr(&path), ENTRY_MAX)) {
            /* the caches do not agree: a full render makes every entry */
            rc =
                r->c.full ? pd_error_set(PD_EIO, "cannot read %s", pd_buf_cstr(&path)) : SITE_RETRY;
            goto out;
        }
        pd_buf_put(&out, entry.ptr, entry.len);
    }
    pd_buf_puts(&out, "</feed>\n");
    if (!(rc = pd_buf_error(&out)))
        rc = site_emit_page(&r->es, rel, &out, 1);
out:
    pd_buf_dispose(&out);
    pd_buf_dispose(&entry);
    pd_buf_dispose(&erel);
    pd_buf_dispose(&path);
    return rc;
}

static int dropped(const site_run *r, const char *pol)
{
    return r->drop && bsearch(&pol, r->drop, r->ndrop, sizeof(*r->drop), site_cmp_str_pp);
}

/* Whether the file rel is there. */
static int present(const site_run *r, const char *rel)
{
    pd_buf b = PD_BUF_INIT;
    int ok;
    pd_buf_printf(&b, "%s/%s", r->c.dir, rel);
    ok = !pd_buf_error(&b) && access(pd_buf_cstr(&b), F_OK) == 0;
    pd_buf_dispose(&b);
    return ok;
}

/* One feed over every policy: the entries of the last run's list whose
 * policy did not change, and the changed policies' versions it takes. */
static int one_shared(site_run *r, size_t fi, json_t *oldfeeds)
{
    char rel[96];
    pd_feed_options fo;
    json_t *old, *all = json_array(), *items = NULL, *it;
    size_t i;
    int rc = 0;

    shared_feed(rel, sizeof(rel), &fo, fi);
    old = r->c.full ? NULL : json_object_get(oldfeeds, rel);
    json_array_foreach(old, i, it)
    {
        if (!dropped(r, json_string_value(json_array_get(it, 1))))
            json_array_append(all, it);
    }
    for (size_t v = 0; v < r->c.nvers; v++)
        if (ver_wanted(&r->c.vers[v], &fo))
            json_array_append_new(all, item(&r->c, &r->c.vers[v]));
    if (!(items = sorted(all))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    json_object_set(r->feeds, rel, items);
    if (old && json_equal(old, items) && present(r, rel)) {
        r->st.pages_unchanged++;
        json_object_set_new(r->aux, rel, json_true());
        goto out;
    }
    rc = assemble(r, rel, &fo, items, !strncmp(rel, "c/", 2) ? "../" : "");
out:
    json_decref(all);
    json_decref(items);
    return rc;
}

/* The feed of policy p, made again when p changed. */
static int policy_feed(site_run *r, const site_pol *p)
{
    pd_feed_options fo = PD_FEED_OPTIONS_INIT;
    char rel[4200];
    json_t *items;
    int rc = 0;

    snprintf(rel, sizeof(rel), "p/%s/feed.xml", p->dir);
    if (!p->changed) {
        r->st.pages_unchanged++;
        json_object_set_new(r->aux, rel, json_true());
        return 0;
    }
    if (!(items = json_array()))
        return PD_ENOMEM_SET();
    for (size_t i = p->nord; i-- > 0 && json_array_size(items) < PD_FEED_MAX_ENTRIES;) {
        const site_ver *sv = &r->c.vers[p->ord[i]];
        if (sv->in_range)
            json_array_append_new(items, item(&r->c, sv));
    }
    fo.policy = p->name;
    rc = assemble(r, rel, &fo, items, "../../");
    json_decref(items);
    return rc;
}

int site_feeds(site_run *r)
{
    json_t *oldfeeds = r->layout_ok ? json_object_get(r->old, "feeds") : NULL;
    int rc = 0;

    if (!(r->feeds = json_object()))
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < SHARED_FEEDS && !rc; i++)
        rc = one_shared(r, i, oldfeeds);
    for (size_t i = 0; i < r->c.npols && !rc; i++)
        rc = policy_feed(r, &r->c.pols[i]);
    return rc;
}
