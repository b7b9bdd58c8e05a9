/* The run of the static site (site.h): what changed since the last run
 * and what to make of it (the plan), the diffs of the new versions on
 * threads, then the pages (site_pages.c) and the manifest
 * (site_manifest.c), in that order. */
#define _XOPEN_SOURCE 700
#include "report/report.h"
#include "report/site_internal.h"
#include "util/error.h"
#include "util/fnv.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Fills sv's summary fields from the diff (headline, worst, categories). */
static int summarize_version(site_ver *sv, const pd_diff *d)
{
    pd_diff_summary s;
    pd_buf head = PD_BUF_INIT;
    int rc;

    if (sv->first) {
        sv->clauses = d->new_clauses;
        sv->worst = PD_SEV_NONE;
        pd_buf_printf(&head, "first recorded version (%zu clause%s)", d->new_clauses,
                      d->new_clauses == 1 ? "" : "s");
        if ((rc = pd_buf_error(&head)))
            return rc;
        sv->headline = pd_buf_detach(&head);
        return 0;
    }
    pd_diff_summarize(&s, d);
    sv->worst = s.worst;
    sv->substantive = s.substantive;
    sv->cosmetic = s.cosmetic;
    sv->clauses = d->new_clauses;
    if ((rc = pd_diff_headline(&head, d)))
        return rc;
    sv->headline = pd_buf_detach(&head);
    if (!sv->headline)
        return PD_ENOMEM_SET();
    for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
        unsigned bit = 1u << i;
        site_cat cat = {bit, PD_SEV_NONE, 0, 0, NULL, NULL, 0};
        pd_buf secs = PD_BUF_INIT;
        const char *shownv[SECTIONS_SHOWN];
        size_t nshown = 0, elsewhere = 0;
        for (size_t k = 0; k < d->nchanges; k++) {
            const pd_change *ch = &d->changes[k];
            pd_severity sev;
            if (ch->cosmetic || !(ch->flags.categories & bit))
                continue;
            sev = pd_change_severity(ch);
            if (!cat.n || sev > cat.sev)
                cat.sev = sev;
            if (!cat.n)
                cat.first = k + 1;
            cat.n++;
            /* the first few distinct section paths */
            const char *sec = ch->section[0] ? ch->section : "(no section heading)";
            size_t j;
            for (j = 0; j < nshown && strcmp(shownv[j], sec); j++)
                ;
            if (j < nshown)
                continue;
            if (nshown < SECTIONS_SHOWN) {
                if (nshown)
                    pd_buf_puts(&secs, " \xc2\xb7 ");
                pd_buf_puts(&secs, sec);
                shownv[nshown++] = sec;
            } else {
                elsewhere++;
            }
        }
        if (!cat.n)
            continue;
        if (elsewhere)
            pd_buf_printf(&secs, " \xc2\xb7 %zu more in other sections", elsewhere);
        if ((rc = pd_buf_error(&secs)) || !(cat.sections = pd_buf_detach(&secs))) {
            pd_buf_dispose(&secs);
            return rc ? rc : PD_ENOMEM_SET();
        }
        site_cat *nc = realloc(sv->cats, (sv->ncats + 1) * sizeof(*nc));
        if (!nc) {
            free(cat.sections);
            return PD_ENOMEM_SET();
        }
        sv->cats = nc;
        sv->cats[sv->ncats++] = cat;
    }
    return 0;
}

/* Diffs one version against its parent, fills its summary, writes its page. */
static int render_version(site_ctx *c, site_ver *sv, pd_buf *old, pd_buf *cur)
{
    pd_align_options ao = PD_ALIGN_OPTIONS_INIT;
    pd_diff *d = NULL;
    pd_buf page = PD_BUF_INIT;
    int rc;

    if ((rc = pd_diff_texts(&d, sv->first ? "" : pd_buf_cstr(old), sv->first ? 0 : old->len,
                            pd_buf_cstr(cur), cur->len, &ao)))
        goto out;
    if ((rc = summarize_version(sv, d)) || (rc = site_version_page(&page, c, sv, d)) ||
        (rc = site_write_entry(c, sv, d)))
        goto out;
    rc = site_put_file(c->dir, sv->page, &page, 0, NULL);
out:
    pd_diff_free(d);
    pd_buf_dispose(&page);
    return rc;
}

static int load_text(pd_buf *out, const site_ctx *c, void *payload, const site_ver *sv)
{
    pd_buf_clear(out);
    return c->src->text(out, sv->v, payload);
}

/* The versions of one policy that need a page: text of each and of its
 * parent, carried along so consecutive new versions read each text once. */
static int render_policy(site_ctx *c, void *payload, site_pol *p)
{
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT, *prev = &a, *cur = &b, *t;
    long have = -1; /* version whose text is in prev */
    int rc = 0;

    for (size_t i = 0; i < p->nord; i++) {
        site_ver *sv = &c->vers[p->ord[i]];
        if (!sv->write)
            continue;
        if (sv->parent >= 0 && have != sv->parent) {
            if ((rc = load_text(prev, c, payload, &c->vers[sv->parent])))
                goto out;
        }
        if ((rc = load_text(cur, c, payload, sv)) || (rc = render_version(c, sv, prev, cur)))
            goto out;
        t = prev;
        prev = cur;
        cur = t;
        have = (long)p->ord[i];
    }
out:
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    return rc;
}

static void *worker(void *arg)
{
    site_ctx *c = arg;
    void *payload = c->src->payload;
    int forked = 0, rc = 0;

    if (c->src->fork)
        forked = !(rc = c->src->fork(&payload, c->src->payload));

    for (;;) {
        size_t i;
        pthread_mutex_lock(&c->mu);
        if (rc && !c->rc) {
            c->rc = rc;
            snprintf(c->err, sizeof(c->err), "%s", pd_error_last());
        }
        i = c->next++;
        if (c->rc)
            i = c->npols;
        pthread_mutex_unlock(&c->mu);
        if (i >= c->npols)
            break;
        rc = render_policy(c, payload, &c->pols[i]);
    }
    if (forked)
        c->src->fork_free(payload);
    return NULL;
}

static int run_workers(site_ctx *c)
{
    pthread_t th[MAX_JOBS];
    size_t started = 0, todo = 0;
    long jobs = c->opts->jobs;

    for (size_t i = 0; i < c->npols; i++) {
        const site_pol *p = &c->pols[i];
        size_t k = 0;
        while (k < p->nord && !c->vers[p->ord[k]].write)
            k++;
        todo += k < p->nord;
    }
    if (!todo)
        return 0;
    if (todo == 1 || c->opts->jobs == 1) {
        /* one policy to do (an incremental run): no thread, no other payload */
        for (size_t i = 0; i < c->npols; i++) {
            int rc = render_policy(c, c->src->payload, &c->pols[i]);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (jobs <= 0) {
        jobs = sysconf(_SC_NPROCESSORS_ONLN);
        if (jobs < 1)
            jobs = 1;
    }
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    if ((size_t)jobs > todo)
        jobs = (long)todo;
    pthread_mutex_init(&c->mu, NULL);
    c->next = 0;
    c->rc = 0;
    for (long j = 1; j < jobs; j++) {
        if (pthread_create(&th[started], NULL, worker, c) != 0)
            break;
        started++;
    }
    worker(c);
    for (size_t j = 0; j < started; j++)
        pthread_join(th[j], NULL);
    pthread_mutex_destroy(&c->mu);
    if (c->rc)
        return pd_error_set(c->rc, "%s", c->err);
    return 0;
}

/* The summary of a policy made this run, from its versions. */
static int policy_summary(site_ctx *c, site_pol *p)
{
    pd_buf row = PD_BUF_INIT;
    p->first_at = INT64_MIN;
    p->has_last = 0;
    for (size_t i = 0; i < p->nord; i++) {
        site_ver *sv = &c->vers[p->ord[i]];
        if (!sv->in_range)
            continue;
        if (p->first_at == INT64_MIN)
            p->first_at = sv->v->captured_at;
        p->has_last = 1;
        p->last_at = sv->v->captured_at;
        p->last_page = sv->page;
        p->last_first = sv->first;
        p->last_worst = sv->worst;
        p->last_headline = sv->headline;
        for (size_t k = 0; k < sv->ncats; k++) {
            site_cat *sc = &sv->cats[k];
            unsigned ci = site_cat_index(sc->bit);
            int64_t t = sv->v->captured_at;
            pd_buf_clear(&row);
            site_cat_row_html(&row, sv, sc, p->dir);
            if (pd_buf_error(&row) || !(sc->row = malloc(row.len + 1))) {
                pd_buf_dispose(&row);
                return PD_ENOMEM_SET();
            }
            memcpy(sc->row, row.ptr, row.len);
            sc->row[row.len] = 0;
            sc->rowlen = row.len;
            p->cat_n[ci]++;
            p->cat_h[ci] = pd_fnv64(pd_fnv64(p->cat_h[ci], &t, sizeof(t)), row.ptr, row.len);
        }
    }
    pd_buf_dispose(&row);
    return 0;
}

/* ---- the run, step by step ---- */

static void plan_init(site_run *r, const pd_site_source *src, const char *dir,
                      const pd_site_options *opts, json_t *old, int full)
{
    r->c.src = src;
    r->c.dir = dir;
    r->c.opts = opts;
    r->old = old;
    r->gen = 1;
    r->layout_ok = site_manifest_ok(old, opts);
    r->c.full = full || opts->full || !r->layout_ok;
    if (r->layout_ok) {
        r->oldpols = json_object_get(old, "policies");
        r->oldcats = json_object_get(old, "categories");
        r->oldaux = json_object_get(old, "aux");
        r->gen = json_integer_value(json_object_get(old, "gen")) + 1;
    } else if (old) {
        r->oldaux = json_object_get(old, "aux");
    }
}

/* Whether p is as the last run left it: the same versions (tip), the same
 * URL, and its page still there (a page deleted by hand comes back).  Takes
 * its summary from the manifest then. */
static int plan_unchanged(site_run *r, site_pol *p, int *unchanged)
{
    pd_buf b = PD_BUF_INIT;
    const char *old_url;
    int rc;

    *unchanged = 0;
    if (r->c.full || !json_is_object(p->old) || strcmp(site_jstr(p->old, "tip"), p->tip))
        return 0;
    old_url = p->url ? p->url : site_jstr(p->old, "source");
    if (strcmp(old_url, site_jstr(p->old, "url")))
        return 0;
    pd_buf_printf(&b, "%s/p/%s/index.html", r->c.dir, p->dir);
    if ((rc = pd_buf_error(&b)) || access(pd_buf_cstr(&b), F_OK) != 0)
        goto out;
    *unchanged = 1;
    p->url = old_url;
    p->source = site_jstr(p->old, "source");
    site_policy_from_entry(p, p->old);
out:
    pd_buf_dispose(&b);
    return rc;
}

/* Every policy of the source with its tip and last capture, and whether it
 * changed since the last run. */
static int plan_policies(site_run *r)
{
    site_ctx *c = &r->c;
    int rc, unchanged;

    if ((rc = c->src->policies(&r->pl, &r->npl, c->src->payload)))
        return rc;
    if (!(c->pols = calloc(r->npl + 1, sizeof(*c->pols))))
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < r->npl; i++) {
        site_pol *p = &c->pols[c->npols++];
        p->name = r->pl[i].name;
        p->url = r->pl[i].url && *r->pl[i].url ? r->pl[i].url : NULL;
        if (!(p->dir = pd_site_policy_dir(p->name)))
            return PD_ENOMEM_SET();
        if ((rc = c->src->tip(p->tip, p->name, c->src->payload)) ||
            (rc = c->src->capture_range(&(int64_t){0}, &p->cap_last, p->name, c->src->payload)))
            return rc;
        p->old = r->oldpols ? json_object_get(r->oldpols, p->name) : NULL;
        if ((rc = plan_unchanged(r, p, &unchanged)))
            return rc;
        p->changed = !unchanged;
    }
    return 0;
}

/* The versions of one changed policy, appended to c->vers. */
static int plan_add_versions(site_ctx *c, size_t pi)
{
    site_pol *p = &c->pols[pi];

    p->source = p->nlog && p->log[p->nlog - 1].source ? p->log[p->nlog - 1].source : "";
    if (!p->url)
        p->url = p->source;
    if (!p->nlog)
        return 0;
    if (!(p->ord = malloc(p->nlog * sizeof(*p->ord))))
        return PD_ENOMEM_SET();
    for (size_t k = 0; k < p->nlog; k++) {
        site_ver *sv = &c->vers[c->nvers];
        sv->v = &p->log[k];
        sv->parent = k ? (long)c->nvers - 1 : -1;
        sv->first = sv->parent < 0;
        sv->in_range = sv->v->captured_at >= c->opts->since;
        sv->pol = pi;
        p->ord[p->nord++] = c->nvers++;
        p->nsite += sv->in_range;
    }
    return 0;
}

/* The versions of the policies that changed, grouped, oldest first, and
 * the version pages their manifests list. */
static int plan_versions(site_run *r)
{
    site_ctx *c = &r->c;
    pd_buf rel = PD_BUF_INIT;
    size_t nvers = 0;
    int rc = 0;

    for (size_t i = 0; i < c->npols; i++) {
        site_pol *p = &c->pols[i];
        if (!p->changed)
            continue;
        if (p->tip[0] && (rc = c->src->versions(&p->log, &p->nlog, p->name, INT64_MIN, INT64_MAX,
                                                c->src->payload)))
            goto out;
        nvers += p->nlog;
        if (!c->full && json_is_object(p->old)) {
            if ((rc = site_rel_path(&rel, "p", p->dir, ".json")))
                goto out;
            p->oldfile = site_load_json(c->dir, pd_buf_cstr(&rel));
            p->oldpages = json_object_get(p->oldfile, "pages");
            if (!json_is_object(p->oldpages))
                p->oldpages = NULL;
        }
    }
    if (!(c->vers = calloc(nvers ? nvers : 1, sizeof(*c->vers)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0; i < c->npols && !rc; i++)
        if (c->pols[i].changed)
            rc = plan_add_versions(c, i);
out:
    pd_buf_dispose(&rel);
    return rc;
}

/* Whether the Atom entry of sv's page is there (a page without it is
 * made again). */
static int entry_kept(const site_ctx *c, const site_ver *sv)
{
    pd_buf rel = PD_BUF_INIT, path = PD_BUF_INIT;
    int ok = 0;
    if (!site_entry_rel(&rel, sv->page)) {
        pd_buf_printf(&path, "%s/%s", c->dir, pd_buf_cstr(&rel));
        ok = !pd_buf_error(&path) && access(pd_buf_cstr(&path), F_OK) == 0;
    }
    pd_buf_dispose(&rel);
    pd_buf_dispose(&path);
    return ok;
}

/* Page names, and which pages must be written. */
static int plan_pages(site_ctx *c)
{
    pd_buf b = PD_BUF_INIT;
    int rc = 0;

    for (size_t i = 0; i < c->nvers; i++) {
        site_ver *sv = &c->vers[i];
        const site_pol *p = &c->pols[sv->pol];
        pd_buf_clear(&b);
        if ((rc = site_version_page_name(&b, p->dir, sv->v)) ||
            !(sv->page = strdup(pd_buf_cstr(&b)))) {
            rc = rc ? rc : PD_ENOMEM_SET();
            break;
        }
        if (!sv->in_range)
            continue;
        sv->write =
            c->full || !p->oldpages || !site_reuse_entry(sv, c, p->oldpages) || !entry_kept(c, sv);
    }
    pd_buf_dispose(&b);
    return rc;
}

static int make_dirs(const site_ctx *c)
{
    static const char *const dirs[] = {
        "p", "c", SITE_DATA, SITE_DATA "/p", SITE_DATA "/c", SITE_DATA "/e"};
    pd_buf b = PD_BUF_INIT;
    int rc = 0;

    for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs) && !rc; i++) {
        pd_buf_clear(&b);
        pd_buf_printf(&b, "%s/%s", c->dir, dirs[i]);
        if (!(rc = pd_buf_error(&b)))
            rc = site_make_dir(pd_buf_cstr(&b));
    }
    for (size_t i = 0; i < c->npols && !rc; i++) {
        if (!c->pols[i].changed)
            continue;
        pd_buf_clear(&b);
        pd_buf_printf(&b, "%s/p/%s", c->dir, c->pols[i].dir);
        if (!(rc = pd_buf_error(&b)))
            rc = site_make_dir(pd_buf_cstr(&b));
    }
    pd_buf_dispose(&b);
    return rc;
}

/* The diffs of the version pages to write, on the threads; then the
 * summaries of the policies made this run. */
static int diff_versions(site_run *r)
{
    site_ctx *c = &r->c;
    int rc;

    if (c->nvers) {
        /* One text read first, so that whatever the source sets up on
         * first use (the store's per-policy index) is set up before the
         * threads; and one small diff, for the aligner and classifier. */
        pd_buf b = PD_BUF_INIT;
        pd_diff *warm = NULL;
        pd_align_options ao = PD_ALIGN_OPTIONS_INIT;
        static const char a[] = "# Policy\n\nWe do not sell your data.\n";
        static const char w[] = "# Policy\n\nWe may sell your data to partners.\n";
        rc = c->src->text(&b, c->vers[0].v, c->src->payload);
        pd_buf_dispose(&b);
        if (rc || (rc = pd_diff_texts(&warm, a, sizeof(a) - 1, w, sizeof(w) - 1, &ao)))
            return rc;
        pd_diff_free(warm);
    }
    if ((rc = run_workers(c)))
        return rc;
    for (size_t i = 0; i < c->nvers; i++) {
        if (!c->vers[i].in_range)
            continue;
        if (c->vers[i].write)
            r->st.versions_written++;
        else
            r->st.versions_kept++;
    }
    for (size_t i = 0; i < c->npols; i++) {
        site_pol *p = &c->pols[i];
        r->total += p->nsite;
        if (!p->changed)
            r->st.versions_kept += p->nsite;
        else if ((rc = policy_summary(c, p)))
            return rc;
    }
    return 0;
}

/* style.css and the policy pages. */
static int policy_pages(site_run *r)
{
    site_ctx *c = &r->c;
    pd_buf b = PD_BUF_INIT;
    int rc;

    pd_buf_put(&b, site_css, site_css_len);
    if ((rc = pd_buf_error(&b)) || (rc = site_emit_page(&r->es, "style.css", &b, 1)))
        goto out;
    for (size_t i = 0; i < c->npols; i++) {
        char relp[4200];
        snprintf(relp, sizeof(relp), "p/%s/index.html", c->pols[i].dir);
        if (!c->pols[i].changed) {
            r->st.pages_unchanged++;
            json_object_set_new(r->aux, relp, json_true());
            continue;
        }
        pd_buf_clear(&b);
        if ((rc = site_policy_page(&b, c, &c->pols[i])) ||
            (rc = site_emit_page(&r->es, relp, &b, 1)))
            goto out;
    }
out:
    pd_buf_dispose(&b);
    return rc;
}

/* The policies whose kept category rows are dropped: those made again and
 * those gone. */
static int plan_drop(site_run *r)
{
    site_ctx *c = &r->c;
    const char *k;
    json_t *v;

    r->drop = malloc((c->npols + json_object_size(r->oldpols) + 1) * sizeof(*r->drop));
    if (!r->drop)
        return PD_ENOMEM_SET();
    for (size_t i = 0; i < c->npols; i++)
        if (c->pols[i].changed)
            r->drop[r->ndrop++] = c->pols[i].name;
    json_object_foreach(r->oldpols, k, v)
    {
        if (!bsearch(k, c->pols, c->npols, sizeof(*c->pols), site_cmp_pol_name))
            r->drop[r->ndrop++] = k;
    }
    qsort(r->drop, r->ndrop, sizeof(*r->drop), site_cmp_str_pp);
    return 0;
}

/* Whether category ci's pages must be made again: their rows changed. */
static int category_dirty(site_run *r, unsigned ci, json_t *oc, int npols_one_changed)
{
    site_ctx *c = &r->c;
    pd_buf b = PD_BUF_INIT;
    int dirty = c->full || !json_is_object(oc) || npols_one_changed;

    if (!dirty) {
        pd_buf_printf(&b, "%s/c/%s.html", c->dir, pd_category_name(1u << ci));
        dirty = pd_buf_error(&b) || access(pd_buf_cstr(&b), F_OK) != 0;
        pd_buf_dispose(&b);
    }
    for (size_t d = 0; d < r->ndrop && !dirty; d++) {
        site_pol *p = bsearch(r->drop[d], c->pols, c->npols, sizeof(*c->pols), site_cmp_pol_name);
        size_t on;
        uint64_t oh;
        site_old_cat(&on, &oh, json_object_get(r->oldpols, r->drop[d]), ci);
        if (p ? on != p->cat_n[ci] || (on && oh != p->cat_h[ci]) : on != 0)
            dirty = 1;
    }
    return dirty;
}

/* The category pages (made again only when their rows change) and their
 * index. */
static int category_pages(site_run *r)
{
    site_ctx *c = &r->c;
    pd_buf b = PD_BUF_INIT;
    int npols_one_changed = 1, rc = 0;

    if (r->oldpols) {
        npols_one_changed =
            (json_integer_value(json_object_get(r->old, "npols")) == 1) != (c->npols == 1);
        if ((rc = plan_drop(r)))
            return rc;
    }
    r->jcats = json_object();
    for (unsigned ci = 0; ci < PD_CAT_COUNT; ci++) {
        unsigned bit = 1u << ci;
        json_t *oc = r->oldcats ? json_object_get(r->oldcats, pd_category_name(bit)) : NULL;
        if (!category_dirty(r, ci, oc, npols_one_changed)) {
            size_t n = site_jsize(oc, "n"), np = site_cat_npages(n);
            char name[96];
            r->catcounts[ci] = n;
            for (size_t pg = 0; pg < np; pg++) {
                site_cat_page_name(name, sizeof(name), bit, pg);
                json_object_set_new(r->aux, name, json_true());
            }
            r->st.pages_unchanged += np;
            json_object_set(r->jcats, pd_category_name(bit), oc);
            continue;
        }
        if ((rc = site_category_update(c, bit, r->drop, r->ndrop, oc, r->gen, &r->sink,
                                       &r->catcounts[ci])))
            return rc;
        json_object_set_new(
            r->jcats, pd_category_name(bit),
            json_pack("{s:I,s:I}", "n", (json_int_t)r->catcounts[ci], "gen", r->gen));
    }
    site_categories_index(&b, r->catcounts);
    if (!(rc = pd_buf_error(&b)))
        rc = site_emit_page(&r->es, "c/index.html", &b, 1);
    pd_buf_dispose(&b);
    return rc;
}

static void run_dispose(site_run *r)
{
    site_ctx *c = &r->c;

    free(r->drop);
    json_decref(r->aux);
    json_decref(r->jcats);
    json_decref(r->allnew);
    json_decref(r->feeds);
    for (size_t i = 0; i < c->nvers; i++) {
        free(c->vers[i].page);
        free(c->vers[i].headline);
        for (size_t k = 0; k < c->vers[i].ncats; k++) {
            free(c->vers[i].cats[k].sections);
            free(c->vers[i].cats[k].row);
        }
        free(c->vers[i].cats);
    }
    for (size_t i = 0; i < c->npols; i++) {
        free(c->pols[i].dir);
        free(c->pols[i].ord);
        pd_site_versions_free(c->pols[i].log, c->pols[i].nlog);
        json_decref(c->pols[i].oldfile);
    }
    free(c->vers);
    free(c->pols);
    pd_site_policies_free(r->pl, r->npl);
}

/* One run.  old: the last manifest (any format) or NULL; with full, every
 * page is made. */
static int render_run(pd_site_stats *stp, const pd_site_source *src, const char *dir,
                      const pd_site_options *opts, json_t *old, int full)
{
    site_run r = {0};
    json_t *jpols = NULL;
    int rc;

    plan_init(&r, src, dir, opts, old, full);
    if ((rc = plan_policies(&r)) || (rc = plan_versions(&r)) || (rc = plan_pages(&r.c)) ||
        (rc = make_dirs(&r.c)) || (rc = diff_versions(&r)))
        goto out;
    /* the pages over everything */
    r.aux = json_object();
    r.es = (emit_state){.c = &r.c, .st = &r.st, .aux = r.aux};
    r.sink = (page_sink){.emit = site_emit_page, .payload = &r.es};
    if ((rc = policy_pages(&r)) || (rc = category_pages(&r)) || (rc = site_feeds(&r)) ||
        (rc = site_index_pages(&r.c, r.total, &r.sink)))
        goto out;
    /* each changed policy's manifest, stale pages away, the manifest */
    jpols = json_object();
    if ((rc = site_policy_manifests(&r, jpols)) || (rc = site_remove_stale(&r)) ||
        (rc = site_write_manifest(&r, jpols)))
        goto out;
    r.st.policies = r.c.npols;
    r.st.versions = r.total;
out:
    if (stp)
        *stp = r.st;
    json_decref(jpols);
    run_dispose(&r);
    return rc;
}

static pthread_mutex_t render_mu = PTHREAD_MUTEX_INITIALIZER;

int pd_site_render(pd_site_stats *stats, const pd_site_source *src, const char *dir,
                   const pd_site_options *opts)
{
    pd_site_options defaults = PD_SITE_OPTIONS_INIT;
    json_t *old = NULL;
    int fresh, rc;

    if (!opts)
        opts = &defaults;
    if (stats)
        memset(stats, 0, sizeof(*stats));
    /* qsort comparators share file-level state. */
    pthread_mutex_lock(&render_mu);
    if ((rc = site_check_dir(dir, &fresh)))
        goto out;
    if (!fresh)
        old = site_load_json(dir, PD_SITE_MANIFEST);
    rc = render_run(stats, src, dir, opts, old, 0);
    if (rc == SITE_RETRY)
        rc = render_run(stats, src, dir, opts, old, 1);
out:
    pthread_mutex_unlock(&render_mu);
    json_decref(old);
    return rc;
}

void pd_site_policies_free(pd_site_policy *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) {
        free(p[i].name);
        free(p[i].url);
    }
    free(p);
}

void pd_site_versions_free(pd_site_version *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].policy);
        free(v[i].source);
        free(v[i].via);
    }
    free(v);
}
