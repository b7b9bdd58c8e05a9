/*
 * versions.c - the store's read side: a policy's version in effect at a
 * time (version_at, show), its history (log), the policy names, and the
 * raw captures (the per-handle captures cache, capture times, has_capture
 * and the refused-captures notes).  Opening the store is in store.c.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- versions ---- */

void pd_version_dispose(pd_version *v)
{
    if (!v)
        return;
    free(v->policy);
    free(v->source);
    free(v->via);
    free(v->summary);
    memset(v, 0, sizeof(*v));
}

void pd_version_array_free(pd_version *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        pd_version_dispose(&v[i]);
    free(v);
}

/* Fills v from a commit of main; 1 when it is not a version commit. */
/* Fills v from a version commit, its trailers parsed once; 1 when it is
 * not a version commit (no Policy: trailer). */
static int version_from_commit(pd_version *v, const git_commit *c)
{
    git_message_trailer_array arr = {0};
    const char *policy = NULL, *at = NULL, *source = "", *via = "", *summary = "";
    int64_t when;
    int rc = 0;

    memset(v, 0, sizeof(*v));
    if (git_message_trailers(&arr, git_commit_message(c)) < 0)
        return 1;
    for (size_t i = 0; i < arr.count; i++) { /* the last of a key wins */
        const char *k = arr.trailers[i].key, *val = arr.trailers[i].value;
        if (!strcmp(k, "Policy"))
            policy = val;
        else if (!strcmp(k, "Captured-At"))
            at = val;
        else if (!strcmp(k, "Source"))
            source = val;
        else if (!strcmp(k, "Via"))
            via = val;
        else if (!strcmp(k, "Summary"))
            summary = val;
        else if (!strcmp(k, "Raw-SHA256"))
            snprintf(v->raw_sha256, sizeof(v->raw_sha256), "%s", val);
        else if (!strcmp(k, "Wayback-Timestamp"))
            snprintf(v->wayback_ts, sizeof(v->wayback_ts), "%s", val);
    }
    if (!policy) {
        rc = 1;
        goto out;
    }
    git_oid_tostr(v->commit, sizeof(v->commit), git_commit_id(c));
    v->captured_at = at && pd_time_parse(&when, at) == 0 ? when : (int64_t)git_commit_time(c);
    v->policy = strdup(policy);
    v->source = strdup(source);
    v->via = strdup(via);
    v->summary = strdup(summary);
    if (!v->policy || !v->source || !v->via || !v->summary) {
        pd_version_dispose(v);
        rc = PD_ENOMEM_SET();
    }
out:
    git_message_trailer_array_free(&arr);
    return rc;
}

static int version_at(pd_version *v, git_oid *blob, pd_store *s, const char *name, int64_t at)
{
    pd_idx idx = {0};
    git_commit *c = NULL;
    git_oid commit;
    char when[32];
    long i;
    int rc;

    if (v)
        memset(v, 0, sizeof(*v));
    if ((rc = pd_policy_name_check(name)) || (rc = pd_store_layout_check(s)) ||
        (rc = pd_idx_load(&idx, s, name)))
        goto out;
    i = pd_idx_find(&idx, at);
    if (i < 0) {
        if (idx.n == 0) {
            pd_policy *p = NULL;
            /* an unknown name says so (with where to look), a known one what to run */
            if (!(rc = pd_store_policy_get(&p, s, name)))
                rc = pd_error_set(PD_ENOTFOUND,
                                  "'%s' has no recorded version yet; run 'policydiff fetch %s' "
                                  "or 'policydiff record %s FILE' first",
                                  name, name, name);
            pd_policy_free(p);
        } else {
            pd_time_format_iso(when, sizeof(when), pd_idx_time(&idx, 0));
            rc = pd_error_set(PD_ENOTFOUND,
                              "'%s' has no version in effect then; its first version is from %s",
                              name, when);
        }
        goto out;
    }
    if (blob)
        pd_idx_blob(blob, &idx, (size_t)i);
    if (!v)
        goto out;
    pd_idx_commit(&commit, &idx, (size_t)i);
    if (git_commit_lookup(&c, s->repo, &commit) < 0) {
        rc = pd_store_git_fail("cannot read a version");
        goto out;
    }
    rc = version_from_commit(v, c);
    if (rc == 1)
        rc = pd_error_set(PD_EIO, "commit %s is not a version commit", v->commit);
out:
    git_commit_free(c);
    pd_idx_dispose(&idx);
    return rc;
}

int pd_store_version_at(pd_version *out, pd_store *s, const char *name, int64_t at)
{
    return version_at(out, NULL, s, name, at);
}

int pd_store_show(pd_buf *out, pd_version *version, pd_store *s, const char *name, int64_t at)
{
    git_oid blob;
    git_blob *b = NULL;
    pd_version tmp;
    int rc = version_at(version ? version : &tmp, &blob, s, name, at);
    if (rc)
        return rc;
    if (!version)
        pd_version_dispose(&tmp);
    if (git_blob_lookup(&b, s->repo, &blob) < 0) {
        rc = pd_store_git_fail("cannot read a version's text");
        goto out;
    }
    rc = pd_buf_put(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
out:
    if (rc && version)
        pd_version_dispose(version);
    git_blob_free(b);
    return rc;
}

static int push_version(pd_version **v, size_t *n, size_t *cap, pd_version *one)
{
    int rc;
    if (*n == *cap && (rc = pd_array_grow(v, cap, sizeof(**v), 16)))
        return rc;
    (*v)[(*n)++] = *one;
    return 0;
}

/* One version to list: where it is, before its commit is read. */
typedef struct {
    int64_t time;
    size_t policy; /* index into the names */
    git_oid commit;
} log_item;

static int cmp_items(const void *a, const void *b)
{
    const log_item *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->policy < y->policy ? -1 : x->policy > y->policy;
}

typedef struct {
    char **v;
    size_t n, cap;
    int oom;
} name_list;

static int collect_names(const char *refname, void *payload)
{
    name_list *l = payload;
    char *copy;
    if (l->n == l->cap && pd_array_grow(&l->v, &l->cap, sizeof(*l->v), 64)) {
        l->oom = 1;
        return 1;
    }
    if (!(copy = strdup(refname + strlen(PD_VERSIONS_PREFIX)))) {
        l->oom = 1;
        return 1;
    }
    l->v[l->n++] = copy;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int pd_store_policy_names(char ***out, size_t *n, pd_store *s)
{
    name_list l = {0};
    *out = NULL;
    *n = 0;
    if (git_reference_foreach_glob(s->repo, PD_VERSIONS_PREFIX "*", collect_names, &l) < 0 &&
        !l.oom) {
        pd_store_names_free(l.v, l.n);
        return pd_store_git_fail("cannot list the policies' versions");
    }
    if (l.oom) {
        pd_store_names_free(l.v, l.n);
        return PD_ENOMEM_SET();
    }
    if (l.n)
        qsort(l.v, l.n, sizeof(*l.v), cmp_str);
    *out = l.v;
    *n = l.n;
    return 0;
}

void pd_store_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The names to list: name alone (checked), or every policy with versions. */
static int log_names(char ***names, size_t *nnames, pd_store *s, const char *name)
{
    int rc;
    if (!name)
        return pd_store_policy_names(names, nnames, s);
    if ((rc = pd_policy_name_check(name)))
        return rc;
    if (!(*names = malloc(sizeof(**names))) || !((*names)[0] = strdup(name))) {
        free(*names);
        *names = NULL;
        return PD_ENOMEM_SET();
    }
    *nnames = 1;
    return 0;
}

/* Appends policy p's versions in [since, until] from its index: a binary
 * search finds the first one. */
static int log_collect(log_item **items, size_t *nitems, size_t *icap, pd_store *s,
                       const char *name, size_t p, int64_t since, int64_t until)
{
    pd_idx idx = {0};
    int rc;
    if ((rc = pd_idx_load(&idx, s, name)))
        return rc;
    for (size_t i = pd_idx_lower(&idx, since); i < idx.n; i++) {
        int64_t t = pd_idx_time(&idx, i);
        if (t > until)
            break;
        if (*nitems == *icap && (rc = pd_array_grow(items, icap, sizeof(**items), 64)))
            break;
        (*items)[*nitems].time = t;
        (*items)[*nitems].policy = p;
        pd_idx_commit(&(*items)[*nitems].commit, &idx, i);
        (*nitems)++;
    }
    pd_idx_dispose(&idx);
    return rc;
}

/* Reads the version commits of items into list; skips non-version commits. */
static int log_read(pd_version **list, size_t *count, pd_store *s, const log_item *items,
                    size_t nitems)
{
    size_t cap = 0;
    pd_version one;
    git_commit *c = NULL;
    int rc = 0;
    for (size_t i = 0; i < nitems; i++) {
        if (git_commit_lookup(&c, s->repo, &items[i].commit) < 0)
            return pd_store_git_fail("cannot read a version");
        rc = version_from_commit(&one, c);
        git_commit_free(c);
        c = NULL;
        if (rc == 1) {
            rc = 0;
            continue;
        }
        if (rc || (rc = push_version(list, count, &cap, &one))) {
            if (!rc)
                pd_version_dispose(&one);
            return rc;
        }
    }
    return rc;
}

int pd_store_log(pd_version **out, size_t *n, pd_store *s, const char *name, int64_t since,
                 int64_t until)
{
    pd_version *list = NULL;
    size_t count = 0, nitems = 0, icap = 0, nnames = 0;
    log_item *items = NULL;
    char **names = NULL;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = pd_store_layout_check(s)) || (rc = log_names(&names, &nnames, s, name)))
        return rc;
    for (size_t p = 0; p < nnames && !rc; p++)
        rc = log_collect(&items, &nitems, &icap, s, names[p], p, since, until);
    if (!rc && nitems > 1 && nnames > 1)
        qsort(items, nitems, sizeof(*items), cmp_items);
    if (!rc)
        rc = log_read(&list, &count, s, items, nitems);
    free(items);
    pd_store_names_free(names, nnames);
    if (rc) {
        pd_version_array_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return 0;
}

/* ---- captures ---- */

/* The captures of name, cached on the handle while its captures ref does not
 * move (a backfill asks about thousands of timestamps). */
static int caps_cached(const pd_caps **out, pd_store *s, const char *name)
{
    pd_buf ref = PD_BUF_INIT;
    git_oid tip;
    int unborn, rc;

    *out = NULL;
    if ((rc = pd_store_ref_name(&ref, PD_CAPTURES_PREFIX, name)) ||
        (rc = pd_store_ref_id(&tip, &unborn, s, ref.ptr)))
        goto out;
    if (s->caps_name && !strcmp(s->caps_name, name) && git_oid_equal(&s->caps_tip, &tip)) {
        *out = &s->caps;
        goto out;
    }
    pd_caps_dispose(&s->caps);
    free(s->caps_name);
    s->caps_name = NULL;
    if ((rc = pd_caps_load(&s->caps, &tip, &unborn, s, name)))
        goto out;
    if (!(s->caps_name = strdup(name))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    git_oid_cpy(&s->caps_tip, &tip);
    *out = &s->caps;
out:
    pd_buf_dispose(&ref);
    return rc;
}

/* The first (or last) capture time in the fanned-out captures tree: its
 * first (last) year, month and file, a few tree reads whatever the count. */
static int capture_edge(int64_t *out, pd_store *s, const git_oid *root, int last)
{
    git_oid id = *root;
    int rc = 0;
    *out = INT64_MIN;
    for (int depth = 0; depth < 3 && !rc; depth++) {
        git_tree *t = NULL;
        size_t n;
        int found = 0;
        if (git_tree_lookup(&t, s->repo, &id) < 0)
            return pd_store_git_fail("cannot read a policy's captures");
        n = git_tree_entrycount(t);
        for (size_t k = 0; k < n && !found; k++) {
            const git_tree_entry *e = git_tree_entry_byindex(t, last ? n - 1 - k : k);
            char stem[PD_STEM_MAX + 1];
            const char *suffix;
            if (depth < 2 && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
                id = *git_tree_entry_id(e);
                found = 1;
            } else if (depth == 2 &&
                       !pd_caps_parse_stem(stem, out, &suffix, git_tree_entry_name(e))) {
                found = 1;
            }
        }
        git_tree_free(t);
        if (!found)
            break;
    }
    return rc;
}

int pd_store_capture_times(int64_t *first, int64_t *last, pd_store *s, const char *name)
{
    git_commit *c = NULL;
    int unborn, rc;
    *first = *last = INT64_MIN;
    if (!(rc = pd_policy_name_check(name)) && !(rc = pd_store_layout_check(s)) &&
        !(rc = pd_store_captures_tip(&c, NULL, &unborn, s, name)) && c &&
        !(rc = capture_edge(first, s, git_commit_tree_id(c), 0)))
        rc = capture_edge(last, s, git_commit_tree_id(c), 1);
    git_commit_free(c);
    return rc;
}

static int blob_sha_is(pd_store *s, const git_oid *id, const char *sha)
{
    git_blob *b = NULL;
    char hex[65];
    int same = 0;
    if (git_blob_lookup(&b, s->repo, id) == 0) {
        pd_sha256_hex(hex, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
        same = !strcmp(hex, sha);
    }
    git_blob_free(b);
    return same;
}

/* 1 when a capture of name matches: by Wayback timestamp, or by raw sha. */
static int capture_find(pd_store *s, const char *name, const char *wayback_ts, const char *sha)
{
    const pd_caps *c;
    if (caps_cached(&c, s, name)) {
        pd_error_clear();
        return 0;
    }
    for (size_t i = 0; i < c->n; i++) {
        const char *st = c->v[i].stem;
        if (wayback_ts && *wayback_ts && strlen(st) == 48 && !strcmp(st + 34, wayback_ts))
            return 1;
        if (sha && !strncmp(st + 15, sha, 16) && c->v[i].has_raw &&
            blob_sha_is(s, &c->v[i].raw, sha))
            return 1;
    }
    return 0;
}

/* <store>/pd-refused/<NAME with / as ~>: Wayback captures refused as
 * suspicious, one "timestamp<TAB>reason" a line. */
static int refused_path(pd_buf *out, pd_store *s, const char *name)
{
    int rc;
    if ((rc = pd_policy_name_check(name)))
        return rc;
    pd_buf_printf(out, "%s/pd-refused/", s->path);
    for (const char *c = name; *c; c++)
        pd_buf_putc(out, *c == '/' ? '~' : *c);
    return pd_buf_error(out);
}

int pd_store_refused_note(pd_store *s, const char *name, const char *wayback_ts, const char *why)
{
    pd_buf path = PD_BUF_INIT, dir = PD_BUF_INIT;
    FILE *f;
    int rc;
    if (!wayback_ts || strlen(wayback_ts) != 14 || strspn(wayback_ts, "0123456789") != 14)
        return pd_error_set(PD_EINVALID, "not a 14-digit Wayback timestamp");
    if ((rc = refused_path(&path, s, name)))
        goto out;
    pd_buf_printf(&dir, "%s/pd-refused", s->path);
    if ((rc = pd_buf_error(&dir)))
        goto out;
    if (mkdir(dir.ptr, 0777) < 0 && errno != EEXIST) {
        rc = pd_error_set(PD_EIO, "cannot create %s: %s", dir.ptr, strerror(errno));
        goto out;
    }
    if (!(f = fopen(path.ptr, "a"))) {
        rc = pd_error_set(PD_EIO, "cannot write %s: %s", path.ptr, strerror(errno));
        goto out;
    }
    fprintf(f, "%s\t", wayback_ts);
    for (const char *c = why ? why : ""; *c; c++)
        fputc(*c == '\n' || *c == '\t' ? ' ' : *c, f);
    fputc('\n', f);
    if (fclose(f) != 0)
        rc = pd_error_set(PD_EIO, "cannot write %s: %s", path.ptr, strerror(errno));
out:
    pd_buf_dispose(&path);
    pd_buf_dispose(&dir);
    return rc;
}

int pd_store_refused_had(pd_store *s, const char *name, const char *wayback_ts)
{
    pd_buf path = PD_BUF_INIT;
    char line[1024];
    FILE *f;
    int found = 0;
    if (!wayback_ts || strlen(wayback_ts) != 14 || refused_path(&path, s, name)) {
        pd_buf_dispose(&path);
        pd_error_clear();
        return 0;
    }
    if ((f = fopen(path.ptr, "r"))) {
        while (!found && fgets(line, sizeof(line), f))
            found = !strncmp(line, wayback_ts, 14) && line[14] == '\t';
        fclose(f);
    }
    pd_buf_dispose(&path);
    return found;
}

int pd_store_has_capture(pd_store *s, const char *name, const char *wayback_ts,
                         const char *raw_sha256)
{
    if (pd_policy_name_check(name) || (!wayback_ts && !raw_sha256) || pd_store_layout_check(s)) {
        pd_error_clear();
        return 0;
    }
    return capture_find(s, name, wayback_ts, raw_sha256);
}
