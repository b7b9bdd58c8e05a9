/* The files of the static site (site.h): pages written only when their
 * bytes change, the manifest and its per-policy files, the kept rows of
 * the category pages, and the removal of stale pages. */
#define _XOPEN_SOURCE 700
#include "report/site_internal.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes data to root/rel through a temporary file (no fsync: the
 * manifest, written last and synced, is what a later run trusts).  With
 * if_changed, an identical file is left alone and *written stays 0. */
int site_put_file(const char *root, const char *rel, const pd_buf *data, int if_changed,
                  int *written)
{
    pd_buf path = PD_BUF_INIT, tmp = PD_BUF_INIT, old = PD_BUF_INIT;
    const char *p;
    size_t len = data->len;
    int fd = -1, rc = 0, direct = 0;

    if (written)
        *written = 0;
    pd_buf_printf(&path, "%s/%s", root, rel);
    pd_buf_printf(&tmp, "%s/%s.tmp.%ld", root, rel, (long)getpid());
    if ((rc = pd_buf_error(&path)) || (rc = pd_buf_error(&tmp)))
        goto out;
    if (if_changed && pd_buf_read_file(&old, pd_buf_cstr(&path), data->len + 1) == 0 &&
        old.len == data->len && !memcmp(old.ptr, data->ptr, data->len))
        goto out;
    /* A page that is not there yet is written in place: should the run
     * stop half-way, the manifest does not list it and the next run writes
     * it again.  An existing page is replaced through a temporary file. */
    if (!if_changed &&
        (fd = open(pd_buf_cstr(&path), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) >= 0)
        direct = 1;
    else
        fd = open(pd_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = pd_error_set(PD_EIO, "cannot create %s: %s", pd_buf_cstr(&tmp), strerror(errno));
        goto out;
    }
    for (p = data->ptr; len;) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = pd_error_set(PD_EIO, "cannot write %s: %s", pd_buf_cstr(direct ? &path : &tmp),
                              strerror(errno));
            goto out;
        }
        p += n;
        len -= (size_t)n;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = pd_error_set(PD_EIO, "cannot write %s: %s", pd_buf_cstr(direct ? &path : &tmp),
                          strerror(errno));
        goto out;
    }
    fd = -1;
    if (!direct && rename(pd_buf_cstr(&tmp), pd_buf_cstr(&path)) != 0) {
        rc = pd_error_set(PD_EIO, "cannot rename %s: %s", pd_buf_cstr(&tmp), strerror(errno));
        goto out;
    }
    if (written)
        *written = 1;
out:
    if (fd >= 0)
        close(fd);
    if (rc)
        unlink(pd_buf_cstr(direct ? &path : &tmp));
    pd_buf_dispose(&path);
    pd_buf_dispose(&tmp);
    pd_buf_dispose(&old);
    return rc;
}

int site_make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return 0;
    return pd_error_set(PD_EIO, "cannot create directory %s: %s", path, strerror(errno));
}

json_t *site_manifest_entry(const site_ver *sv, const site_ctx *c)
{
    json_t *o = json_object(), *cats = json_array();
    json_object_set_new(o, "commit", json_string(sv->v->commit));
    json_object_set_new(o, "parent",
                        sv->parent >= 0 ? json_string(c->vers[sv->parent].v->commit) : json_null());
    json_object_set_new(o, "policy", json_string(sv->v->policy));
    json_object_set_new(o, "captured_at", json_integer(sv->v->captured_at));
    json_object_set_new(o, "updated", json_integer(site_version_updated(sv->v)));
    json_object_set_new(o, "first", json_boolean(sv->first));
    json_object_set_new(o, "headline", json_string(sv->headline ? sv->headline : ""));
    json_object_set_new(o, "worst", json_string(pd_severity_name(sv->worst)));
    json_object_set_new(o, "substantive", json_integer((json_int_t)sv->substantive));
    json_object_set_new(o, "cosmetic", json_integer((json_int_t)sv->cosmetic));
    json_object_set_new(o, "clauses", json_integer((json_int_t)sv->clauses));
    for (size_t i = 0; i < sv->ncats; i++) {
        const site_cat *k = &sv->cats[i];
        json_array_append_new(cats, json_pack("{s:s,s:s,s:I,s:I,s:s}", "category",
                                              pd_category_name(k->bit), "severity",
                                              pd_severity_name(k->sev), "changes", (json_int_t)k->n,
                                              "first", (json_int_t)k->first, "sections",
                                              k->sections ? k->sections : ""));
    }
    json_object_set_new(o, "categories", cats);
    return o;
}

static char *jdup(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return strdup(s ? s : "");
}

size_t site_jsize(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));
    return v > 0 ? (size_t)v : 0;
}

/* Takes sv's summary from its manifest entry when the page is still valid
 * for the same commit and parent; returns 1 then, 0 when it must be made. */
int site_reuse_entry(site_ver *sv, const site_ctx *c, json_t *pages)
{
    json_t *e = json_object_get(pages, sv->page), *cats;
    const char *parent;
    pd_buf path = PD_BUF_INIT;
    struct stat st;
    int ok, sev;

    if (!json_is_object(e))
        return 0;
    parent = json_string_value(json_object_get(e, "parent"));
    if (!json_string_value(json_object_get(e, "commit")) ||
        strcmp(json_string_value(json_object_get(e, "commit")), sv->v->commit))
        return 0;
    if (sv->parent >= 0 ? !parent || strcmp(parent, c->vers[sv->parent].v->commit) : !!parent)
        return 0;
    /* a rebuild can rewrite a capture between the two without moving
     * either commit: the entry's <updated> changes all the same */
    if ((json_integer_value(json_object_get(e, "updated")) ?: sv->v->captured_at) !=
        site_version_updated(sv->v))
        return 0;
    pd_buf_printf(&path, "%s/%s", c->dir, sv->page);
    ok = !pd_buf_error(&path) && stat(pd_buf_cstr(&path), &st) == 0;
    pd_buf_dispose(&path);
    if (!ok)
        return 0;
    sv->first = json_is_true(json_object_get(e, "first"));
    sv->headline = jdup(e, "headline");
    sev = pd_severity_from_name(json_string_value(json_object_get(e, "worst")) ?: "none");
    sv->worst = sev < 0 ? PD_SEV_NONE : (pd_severity)sev;
    sv->substantive = site_jsize(e, "substantive");
    sv->cosmetic = site_jsize(e, "cosmetic");
    sv->clauses = site_jsize(e, "clauses");
    cats = json_object_get(e, "categories");
    if (json_array_size(cats)) {
        sv->cats = calloc(json_array_size(cats), sizeof(*sv->cats));
        if (!sv->cats)
            return 0;
    }
    for (size_t i = 0; i < json_array_size(cats); i++) {
        json_t *k = json_array_get(cats, i);
        unsigned bit =
            pd_category_from_name(json_string_value(json_object_get(k, "category")) ?: "");
        int ks = pd_severity_from_name(json_string_value(json_object_get(k, "severity")) ?: "");
        if (!bit)
            continue;
        site_cat *sc = &sv->cats[sv->ncats++];
        sc->bit = bit;
        sc->sev = ks < 0 ? PD_SEV_LOW : (pd_severity)ks;
        sc->n = site_jsize(k, "changes");
        sc->first = site_jsize(k, "first");
        sc->sections = jdup(k, "sections");
    }
    return sv->headline != NULL;
}

/* Manifest paths are removed when stale: only ever our own kind of path. */
static int safe_rel(const char *rel)
{
    return (!strncmp(rel, "p/", 2) || !strncmp(rel, "c/", 2)) && !strstr(rel, "..") &&
           strlen(rel) > 7 && !strcmp(rel + strlen(rel) - 5, ".html");
}

int site_emit_page(void *ud, const char *rel, pd_buf *page, int if_changed)
{
    emit_state *es = ud;
    int written = 0,
        rc = site_put_file(es->c->dir, rel, page, if_changed && !es->c->full, &written);
    if (rc)
        return rc;
    if (written)
        es->st->pages_written++;
    else
        es->st->pages_unchanged++;
    json_object_set_new(es->aux, rel, json_true());
    return 0;
}

int site_check_dir(const char *dir, int *fresh)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    pd_buf m = PD_BUF_INIT;
    struct stat st;
    int empty = 1, has_manifest;

    *fresh = 1;
    if (!d) {
        /* where the user asked for the site is their input: a bad place is
         * PD_EINVALID, told in terms of what to give instead */
        int err = errno;
        if (err == ENOENT) {
            if (mkdir(dir, 0755) == 0)
                return 0;
            err = errno;
            return pd_error_set(err == EIO ? PD_EIO : PD_EINVALID,
                                "cannot create the site directory %s: %s; give a directory "
                                "whose parent exists and is writable",
                                dir, strerror(err));
        }
        return pd_error_set(err == EIO ? PD_EIO : PD_EINVALID,
                            "cannot use %s for the site: %s; give a new or empty directory", dir,
                            strerror(err));
    }
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    pd_buf_printf(&m, "%s/%s", dir, PD_SITE_MANIFEST);
    has_manifest = !pd_buf_error(&m) && stat(pd_buf_cstr(&m), &st) == 0;
    pd_buf_dispose(&m);
    if (!empty && !has_manifest)
        return pd_error_set(PD_EEXISTS,
                            "%s is not empty and holds no policydiff site (%s); give a new or "
                            "empty directory",
                            dir, PD_SITE_MANIFEST);
    *fresh = !has_manifest;
    return 0;
}

json_t *site_load_json(const char *dir, const char *rel)
{
    pd_buf path = PD_BUF_INIT, data = PD_BUF_INIT;
    json_t *m = NULL;
    pd_buf_printf(&path, "%s/%s", dir, rel);
    if (!pd_buf_error(&path) && pd_buf_read_file(&data, pd_buf_cstr(&path), MANIFEST_MAX) == 0)
        m = json_loadb(data.ptr ? data.ptr : "", data.len, 0, NULL);
    pd_buf_dispose(&path);
    pd_buf_dispose(&data);
    pd_error_clear();
    if (m && !json_is_object(m)) {
        json_decref(m);
        m = NULL;
    }
    return m;
}

int64_t site_jtime(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : INT64_MIN;
}

const char *site_jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void site_unlink_rel(const char *dir, const char *rel, pd_site_stats *st)
{
    pd_buf b = PD_BUF_INIT;
    if (!safe_rel(rel))
        return;
    pd_buf_printf(&b, "%s/%s", dir, rel);
    if (!pd_buf_error(&b) && unlink(pd_buf_cstr(&b)) == 0) {
        st->pages_removed++;
        /* a version page's Atom entry goes with it */
        pd_buf e = PD_BUF_INIT, path = PD_BUF_INIT;
        if (!site_entry_rel(&e, rel)) {
            pd_buf_printf(&path, "%s/%s", dir, pd_buf_cstr(&e));
            if (!pd_buf_error(&path))
                unlink(pd_buf_cstr(&path));
        }
        pd_buf_dispose(&e);
        pd_buf_dispose(&path);
        /* an emptied policy directory goes too */
        char *slash = strrchr(b.ptr, '/');
        if (slash && !strncmp(rel, "p/", 2)) {
            *slash = 0;
            rmdir(b.ptr);
        }
    }
    pd_buf_dispose(&b);
}

int site_rel_path(pd_buf *out, const char *kind, const char *name, const char *ext)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%s/%s/%s%s", SITE_DATA, kind, name, ext);
    return pd_buf_error(out);
}

int site_cmp_pol_name(const void *key, const void *elem)
{
    return strcmp(key, ((const site_pol *)elem)->name);
}

static int cmp_str_p(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

int site_cmp_str_pp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

unsigned site_cat_index(unsigned bit)
{
    return (unsigned)__builtin_ctz(bit);
}

/* The old entry's rows of category ci: how many and their hash. */
void site_old_cat(size_t *n, uint64_t *h, json_t *old, unsigned ci)
{
    json_t *a = json_object_get(json_object_get(old, "cats"), pd_category_name(1u << ci));
    *n = 0;
    *h = FNV_INIT;
    if (json_array_size(a) == 2) {
        *n = (size_t)json_integer_value(json_array_get(a, 0));
        *h = strtoull(json_string_value(json_array_get(a, 1)) ?: "0", NULL, 16);
    }
}

/* Reads DIR/.policydiff-site/c/<CAT>.rows into rows (pointing into data);
 * SITE_RETRY when it is not the file the manifest describes. */
static int load_rows(cat_row **out, size_t *n, pd_buf *data, const char *dir, unsigned bit,
                     json_int_t gen, size_t expect)
{
    pd_buf path = PD_BUF_INIT;
    cat_row *rows = NULL;
    char *p, *end;
    long long g;
    size_t count, i = 0;
    int rc = SITE_RETRY;

    *out = NULL;
    *n = 0;
    pd_buf_printf(&path, "%s/%s/c/%s.rows", dir, SITE_DATA, pd_category_name(bit));
    if (pd_buf_error(&path) || pd_buf_read_file(data, pd_buf_cstr(&path), (size_t)1 << 34) != 0)
        goto out;
    p = data->ptr;
    end = p + data->len;
    if (data->len < sizeof(ROWS_MAGIC) || memcmp(p, ROWS_MAGIC " ", sizeof(ROWS_MAGIC)))
        goto out;
    p += sizeof(ROWS_MAGIC);
    g = strtoll(p, &p, 10);
    count = (size_t)strtoull(p, &p, 10);
    if (g != gen || count != expect || p >= end || *p++ != '\n')
        goto out;
    if (count && !(rows = malloc(count * sizeof(*rows)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (; i < count; i++) {
        char *nul;
        size_t hlen;
        rows[i].t = strtoll(p, &p, 10);
        hlen = (size_t)strtoull(p, &p, 10);
        if (p >= end || *p++ != '\n' || !(nul = memchr(p, 0, (size_t)(end - p))) ||
            (size_t)(end - nul - 1) < hlen)
            goto out;
        rows[i].pol = p;
        rows[i].html = nul + 1;
        rows[i].hlen = hlen;
        p = nul + 1 + hlen;
    }
    if (p != end)
        goto out;
    *out = rows;
    *n = count;
    rows = NULL;
    rc = 0;
out:
    free(rows);
    pd_buf_dispose(&path);
    pd_error_clear();
    return rc;
}

static int save_rows(const char *dir, unsigned bit, json_int_t gen, const cat_row *rows, size_t n)
{
    pd_buf b = PD_BUF_INIT, rel = PD_BUF_INIT;
    int rc;
    pd_buf_printf(&rel, "%s/c/%s.rows", SITE_DATA, pd_category_name(bit));
    if (!n) {
        pd_buf_printf(&b, "%s/%s", dir, pd_buf_cstr(&rel));
        if (!pd_buf_error(&b))
            unlink(pd_buf_cstr(&b));
        rc = pd_buf_error(&b) ? pd_buf_error(&b) : pd_buf_error(&rel);
        goto out;
    }
    pd_buf_printf(&b, ROWS_MAGIC " %lld %zu\n", (long long)gen, n);
    for (size_t i = 0; i < n; i++) {
        pd_buf_printf(&b, "%lld %zu\n", (long long)rows[i].t, rows[i].hlen);
        pd_buf_put(&b, rows[i].pol, strlen(rows[i].pol) + 1);
        pd_buf_put(&b, rows[i].html, rows[i].hlen);
    }
    if (!(rc = pd_buf_error(&b)) && !(rc = pd_buf_error(&rel)))
        rc = site_put_file(dir, pd_buf_cstr(&rel), &b, 0, NULL);
out:
    pd_buf_dispose(&b);
    pd_buf_dispose(&rel);
    return rc;
}

/* Renders one category: the kept rows of the policies that did not change
 * merged with the rows of those that did. */
int site_category_update(site_ctx *c, unsigned bit, const char **drop, size_t ndrop, json_t *oldcat,
                         json_int_t gen, const page_sink *sink, size_t *count)
{
    cat_row *old = NULL, *fresh = NULL, *rows = NULL;
    size_t nold = 0, nfresh = 0, n = 0,
           oldn = (size_t)json_integer_value(json_object_get(oldcat, "n"));
    pd_buf data = PD_BUF_INIT;
    int rc = 0;

    if (!c->full && oldn &&
        (rc = load_rows(&old, &nold, &data, c->dir, bit,
                        json_integer_value(json_object_get(oldcat, "gen")), oldn)))
        goto out;
    for (size_t i = 0; i < c->nvers; i++) {
        const site_ver *sv = &c->vers[i];
        if (!sv->in_range)
            continue;
        for (size_t k = 0; k < sv->ncats; k++)
            nfresh += sv->cats[k].bit == bit;
    }
    fresh = malloc((nfresh ? nfresh : 1) * sizeof(*fresh));
    rows = malloc((nold + nfresh ? nold + nfresh : 1) * sizeof(*rows));
    if (!fresh || !rows) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    nfresh = 0;
    for (size_t i = 0; i < c->nvers; i++) {
        const site_ver *sv = &c->vers[i];
        if (!sv->in_range)
            continue;
        for (size_t k = 0; k < sv->ncats; k++) {
            if (sv->cats[k].bit != bit)
                continue;
            fresh[nfresh].t = sv->v->captured_at;
            fresh[nfresh].pol = sv->v->policy;
            fresh[nfresh].html = sv->cats[k].row;
            fresh[nfresh].hlen = sv->cats[k].rowlen;
            nfresh++;
        }
    }
    if (nfresh > 1)
        qsort(fresh, nfresh, sizeof(*fresh), site_cmp_rows);
    /* merge, leaving out the kept rows of the policies made again */
    for (size_t i = 0, j = 0; i < nold || j < nfresh;) {
        if (i < nold && ndrop && bsearch(old[i].pol, drop, ndrop, sizeof(*drop), cmp_str_p)) {
            i++;
            continue;
        }
        if (j >= nfresh || (i < nold && site_cmp_rows(&old[i], &fresh[j]) <= 0))
            rows[n++] = old[i++];
        else
            rows[n++] = fresh[j++];
    }
    *count = n;
    if ((rc = site_category_pages(c, bit, rows, n, sink, n == oldn)))
        goto out;
    rc = save_rows(c->dir, bit, gen, rows, n);
out:
    free(old);
    free(fresh);
    free(rows);
    pd_buf_dispose(&data);
    return rc;
}

json_t *site_policy_entry(const site_pol *p)
{
    json_t *o = json_object(), *cats = json_object();
    char hex[17];
    json_object_set_new(o, "tip", json_string(p->tip));
    json_object_set_new(o, "url", json_string(p->url));
    json_object_set_new(o, "source", json_string(p->source ? p->source : ""));
    json_object_set_new(o, "nsite", json_integer((json_int_t)p->nsite));
    json_object_set_new(o, "first_at",
                        p->first_at != INT64_MIN ? json_integer(p->first_at) : json_null());
    if (p->has_last)
        json_object_set_new(o, "last",
                            json_pack("{s:I,s:s,s:b,s:s,s:s}", "at", (json_int_t)p->last_at, "page",
                                      p->last_page, "first", p->last_first, "worst",
                                      pd_severity_name(p->last_worst), "headline",
                                      p->last_headline ? p->last_headline : ""));
    for (unsigned i = 0; i < PD_CAT_COUNT; i++) {
        if (!p->cat_n[i])
            continue;
        snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)p->cat_h[i]);
        json_object_set_new(cats, pd_category_name(1u << i),
                            json_pack("[I,s]", (json_int_t)p->cat_n[i], hex));
    }
    json_object_set_new(o, "cats", cats);
    return o;
}

/* The summary of an unchanged policy, from its entry. */
void site_policy_from_entry(site_pol *p, json_t *e)
{
    json_t *l = json_object_get(e, "last");
    int sev;
    p->nsite = site_jsize(e, "nsite");
    p->first_at = site_jtime(e, "first_at");
    p->has_last = json_is_object(l);
    if (p->has_last) {
        p->last_at = site_jtime(l, "at");
        p->last_page = site_jstr(l, "page");
        p->last_first = json_is_true(json_object_get(l, "first"));
        sev = pd_severity_from_name(site_jstr(l, "worst"));
        p->last_worst = sev < 0 ? PD_SEV_NONE : (pd_severity)sev;
        p->last_headline = site_jstr(l, "headline");
        if (!strchr(p->last_page, '/'))
            p->has_last = 0;
    }
}

int site_manifest_ok(json_t *m, const pd_site_options *opts)
{
    json_t *since = json_object_get(m, "since");
    return m && !strcmp(site_jstr(m, "schema"), SITE_SCHEMA) &&
           json_integer_value(json_object_get(m, "format")) == SITE_FORMAT &&
           !strcmp(site_jstr(m, "base"), opts->base_url ? opts->base_url : "") &&
           json_is_object(json_object_get(m, "feeds")) && json_is_integer(since) &&
           (int64_t)json_integer_value(since) == opts->since &&
           json_is_object(json_object_get(m, "policies")) &&
           json_is_object(json_object_get(m, "categories")) &&
           json_is_object(json_object_get(m, "aux"));
}

/* The manifest of one changed policy: its tip and its version pages. */
static int policy_manifest(site_run *r, const site_pol *p, json_t *pages)
{
    pd_buf b = PD_BUF_INIT, rel = PD_BUF_INIT;
    json_t *pm = json_pack("{s:s,s:O}", "tip", p->tip, "pages", pages);
    char *text = pm ? json_dumps(pm, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc;

    json_decref(pm);
    if (!text)
        return PD_ENOMEM_SET();
    pd_buf_puts(&b, text);
    if (!(rc = site_rel_path(&rel, "p", p->dir, ".json")) && !(rc = pd_buf_error(&b)))
        rc = site_put_file(r->c.dir, pd_buf_cstr(&rel), &b, 0, NULL);
    free(text);
    pd_buf_dispose(&b);
    pd_buf_dispose(&rel);
    return rc;
}

int site_policy_manifests(site_run *r, json_t *jpols)
{
    site_ctx *c = &r->c;
    int rc;

    if (r->old && !r->layout_ok)
        r->allnew = json_object();
    for (size_t i = 0; i < c->npols; i++) {
        site_pol *p = &c->pols[i];
        json_t *pages;
        if (!p->changed) {
            json_object_set(jpols, p->name, p->old);
            continue;
        }
        pages = json_object();
        for (size_t k = 0; k < p->nord; k++) {
            const site_ver *sv = &c->vers[p->ord[k]];
            if (!sv->in_range)
                continue;
            json_object_set_new(pages, sv->page, site_manifest_entry(sv, c));
            if (r->allnew)
                json_object_set_new(r->allnew, sv->page, json_true());
        }
        if (p->oldpages) {
            const char *k;
            json_t *v;
            json_object_foreach(p->oldpages, k, v)
            {
                if (!json_object_get(pages, k) && !strncmp(k + 2, p->dir, strlen(p->dir)) &&
                    k[2 + strlen(p->dir)] == '/')
                    site_unlink_rel(c->dir, k, &r->st);
            }
        }
        rc = policy_manifest(r, p, pages);
        json_decref(pages);
        if (rc)
            return rc;
        json_object_set_new(jpols, p->name, site_policy_entry(p));
    }
    return 0;
}

/* The pages of a policy gone from the store and from policies.conf. */
static int remove_policy(site_run *r, const char *name)
{
    pd_buf b = PD_BUF_INIT, rel = PD_BUF_INIT;
    char *pdir = pd_site_policy_dir(name);
    json_t *f, *pv;
    const char *pk;
    int rc;

    if (!pdir)
        return PD_ENOMEM_SET();
    rc = site_rel_path(&rel, "p", pdir, ".json");
    free(pdir);
    if (rc)
        goto out;
    f = site_load_json(r->c.dir, pd_buf_cstr(&rel));
    json_object_foreach(json_object_get(f, "pages"), pk, pv) site_unlink_rel(r->c.dir, pk, &r->st);
    json_decref(f);
    pd_buf_printf(&b, "%s/%s", r->c.dir, pd_buf_cstr(&rel));
    if (!pd_buf_error(&b))
        unlink(pd_buf_cstr(&b));
out:
    pd_buf_dispose(&b);
    pd_buf_dispose(&rel);
    return rc;
}

int site_remove_stale(site_run *r)
{
    const char *k;
    json_t *v;
    int rc;

    json_object_foreach(r->oldpols, k, v)
    {
        if (bsearch(k, r->c.pols, r->c.npols, sizeof(*r->c.pols), site_cmp_pol_name))
            continue;
        if ((rc = remove_policy(r, k)))
            return rc;
    }
    if (r->allnew) {
        /* a manifest of the first layout lists every version page */
        json_object_foreach(json_object_get(r->old, "pages"), k, v)
        {
            if (!json_object_get(r->allnew, k))
                site_unlink_rel(r->c.dir, k, &r->st);
        }
    }
    json_object_foreach(r->oldaux, k, v)
    {
        if (!json_object_get(r->aux, k))
            site_unlink_rel(r->c.dir, k, &r->st);
    }
    return 0;
}

int site_write_manifest(site_run *r, json_t *jpols)
{
    json_t *newm = json_object();
    pd_buf b = PD_BUF_INIT;
    char *text;
    int rc;

    json_object_set_new(newm, "schema", json_string(SITE_SCHEMA));
    json_object_set_new(newm, "format", json_integer(SITE_FORMAT));
    json_object_set_new(newm, "since", json_integer(r->c.opts->since));
    json_object_set_new(newm, "npols", json_integer((json_int_t)r->c.npols));
    json_object_set_new(newm, "gen", json_integer(r->gen));
    json_object_set(newm, "policies", jpols);
    json_object_set(newm, "categories", r->jcats);
    json_object_set(newm, "aux", r->aux);
    json_object_set(newm, "feeds", r->feeds);
    json_object_set_new(newm, "base", json_string(r->c.opts->base_url ? r->c.opts->base_url : ""));
    text = json_dumps(newm, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(newm);
    if (!text)
        return PD_ENOMEM_SET();
    pd_buf_printf(&b, "%s/%s", r->c.dir, PD_SITE_MANIFEST);
    if (!(rc = pd_buf_error(&b)))
        rc = pd_write_file_atomic(pd_buf_cstr(&b), text, strlen(text));
    free(text);
    pd_buf_dispose(&b);
    return rc;
}
