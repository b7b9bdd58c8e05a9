/*
 * ota_versions.c - an Open Terms Archive versions repository, walked per
 * document (ota_versions.h says what comes out).
 *
 * Two passes: the first walks every commit of HEAD and compares its tree
 * with its first parent's, two levels deep (<Service>/<Terms type>.md), by
 * merging the sorted entries (only the services whose tree id changed are
 * opened), and notes (path, time, order, commit, blob) per changed file;
 * the notes are sorted by path, time and order; the second reads each
 * note's blob and hands it to the callback.  Only ids and paths are kept
 * between the passes, not the texts.
 */
#include "store/ota_versions.h"
#include "store/ota.h"
#include "store/store_internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    char *path; /* "Service/Terms type.md" */
    size_t slash;
    int64_t time;
    size_t seq; /* order in the history, oldest first */
    git_oid commit, blob;
} ota_note;

typedef struct {
    ota_note *v;
    size_t n, cap;
    const char *const *only;
    size_t nonly;
} ota_notes;

static int git_fail(const char *what)
{
    return pd_store_git_fail(what);
}

/* git's tree order: a directory's name compares as if it ended in '/'. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
    const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
    size_t la = strlen(na), lb = strlen(nb), n = la < lb ? la : lb;
    int c = memcmp(na, nb, n);
    unsigned ca, cb;
    if (c)
        return c;
    ca = la > n ? (unsigned char)na[n] : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
    cb = lb > n ? (unsigned char)nb[n] : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
    return (int)ca - (int)cb;
}

typedef int (*changed_fn)(const git_tree_entry *now, const git_tree_entry *before, void *payload);

/* Calls fn for every entry of b that a (may be NULL) lacks or has with
 * another id or type; before is a's entry of that name, or NULL. */
static int tree_changes(const git_tree *a, const git_tree *b, changed_fn fn, void *payload)
{
    size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0, nb = git_tree_entrycount(b);
    int rc;
    while (j < nb) {
        const git_tree_entry *eb = git_tree_entry_byindex(b, j);
        const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
        int c = ea ? entry_cmp(ea, eb) : 1;
        if (c < 0) {
            i++; /* deleted in b */
            continue;
        }
        if (c > 0) {
            if ((rc = fn(eb, NULL, payload)))
                return rc;
        } else if (!git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) {
            if ((rc = fn(eb, ea, payload)))
                return rc;
        }
        if (c == 0)
            i++;
        j++;
    }
    return 0;
}

typedef struct {
    ota_notes *notes;
    git_repository *repo;
    const char *service;
    int64_t time;
    size_t seq;
    const git_oid *commit;
} walk_ctx;

static int note_file(const git_tree_entry *now, const git_tree_entry *before, void *payload)
{
    walk_ctx *w = payload;
    ota_notes *ns = w->notes;
    const char *name = git_tree_entry_name(now);
    size_t len = strlen(name), slen = strlen(w->service);
    ota_note *n;
    (void)before;
    if (git_tree_entry_type(now) != GIT_OBJECT_BLOB || len <= 3 || strcmp(name + len - 3, ".md"))
        return 0;
    if (ns->n == ns->cap && pd_array_grow(&ns->v, &ns->cap, sizeof(*ns->v), 1024))
        return PD_ENOMEM;
    n = &ns->v[ns->n];
    n->path = malloc(slen + 1 + len + 1);
    PD_CHECK_ALLOC(n->path);
    memcpy(n->path, w->service, slen);
    n->path[slen] = '/';
    memcpy(n->path + slen + 1, name, len + 1);
    n->slash = slen;
    n->time = w->time;
    n->seq = w->seq;
    git_oid_cpy(&n->commit, w->commit);
    git_oid_cpy(&n->blob, git_tree_entry_id(now));
    ns->n++;
    return 0;
}

static int wanted_service(const ota_notes *ns, const char *name)
{
    return pd_ota_service_wanted(name, ns->only, ns->nonly);
}

static int note_service(const git_tree_entry *now, const git_tree_entry *before, void *payload)
{
    walk_ctx *w = payload;
    git_tree *a = NULL, *b = NULL;
    int rc = 0;
    if (git_tree_entry_type(now) != GIT_OBJECT_TREE ||
        !wanted_service(w->notes, git_tree_entry_name(now)))
        return 0;
    if (git_tree_lookup(&b, w->repo, git_tree_entry_id(now)) < 0 ||
        (before && git_tree_entry_type(before) == GIT_OBJECT_TREE &&
         git_tree_lookup(&a, w->repo, git_tree_entry_id(before)) < 0)) {
        rc = git_fail("cannot read a tree of the versions repository");
        goto out;
    }
    w->service = git_tree_entry_name(now);
    rc = tree_changes(a, b, note_file, w);
out:
    git_tree_free(a);
    git_tree_free(b);
    return rc;
}

static int note_cmp(const void *pa, const void *pb)
{
    const ota_note *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    if (a->time != b->time)
        return a->time < b->time ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int collect(ota_notes *ns, pd_ota_walk_stats *st, git_repository *repo)
{
    git_revwalk *walk = NULL;
    git_commit *c = NULL, *parent = NULL;
    git_tree *tree = NULL, *ptree = NULL;
    git_oid head, id;
    walk_ctx w = {.notes = ns, .repo = repo};
    int rc = 0, err;

    if (git_reference_name_to_id(&head, repo, "HEAD") < 0)
        return pd_error_set(PD_EINVALID, "the versions repository has no commit at HEAD");
    if (git_revwalk_new(&walk, repo) < 0 ||
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
        git_revwalk_push(walk, &head) < 0) {
        rc = git_fail("cannot walk the versions repository");
        goto out;
    }
    while ((err = git_revwalk_next(&id, walk)) == 0) {
        if (git_commit_lookup(&c, repo, &id) < 0 || git_commit_tree(&tree, c) < 0 ||
            (git_commit_parentcount(c) > 0 &&
             (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&ptree, parent) < 0))) {
            rc = git_fail("cannot read a commit of the versions repository");
            goto out;
        }
        w.time = (int64_t)git_commit_author(c)->when.time;
        w.seq = st->commits++;
        w.commit = &id;
        if ((rc = tree_changes(ptree, tree, note_service, &w)))
            goto out;
        git_tree_free(ptree);
        git_tree_free(tree);
        git_commit_free(parent);
        git_commit_free(c);
        ptree = tree = NULL;
        parent = c = NULL;
    }
    if (err != GIT_ITEROVER)
        rc = git_fail("cannot walk the versions repository");
out:
    git_tree_free(ptree);
    git_tree_free(tree);
    git_commit_free(parent);
    git_commit_free(c);
    git_revwalk_free(walk);
    return rc;
}

static int deliver(ota_notes *ns, pd_ota_walk_stats *st, git_repository *repo, pd_ota_version_fn fn,
                   void *payload)
{
    size_t docs = 0, doc = 0, first = 0;
    int rc = 0;

    for (size_t i = 0; i < ns->n; i++)
        if (!i || strcmp(ns->v[i].path, ns->v[i - 1].path))
            docs++;
    st->documents = docs;
    for (size_t i = 0; i < ns->n; i++) {
        ota_note *n = &ns->v[i];
        pd_ota_version v;
        git_blob *blob = NULL;
        char *split;
        size_t end = i + 1;
        if (i && strcmp(n->path, ns->v[i - 1].path)) {
            doc++;
            first = i;
        }
        while (end < ns->n && !strcmp(ns->v[end].path, n->path))
            end++;
        if (git_blob_lookup(&blob, repo, &n->blob) < 0)
            return git_fail("cannot read a version of the versions repository");
        /* service and terms type, split in a copy: the notes keep their paths */
        if (!(split = strdup(n->path))) {
            git_blob_free(blob);
            return PD_ENOMEM_SET();
        }
        split[n->slash] = '\0';
        split[strlen(split + n->slash + 1) + n->slash + 1 - 3] = '\0'; /* ".md" */
        memset(&v, 0, sizeof(v));
        v.service = split;
        v.terms_type = split + n->slash + 1;
        v.path = n->path;
        git_oid_tostr(v.commit, sizeof(v.commit), &n->commit);
        v.time = n->time;
        v.raw = git_blob_rawcontent(blob);
        v.rawlen = (size_t)git_blob_rawsize(blob);
        v.nth = i - first;
        v.versions = end - first;
        v.document = doc;
        v.documents = docs;
        rc = fn(&v, payload);
        free(split);
        git_blob_free(blob);
        st->versions++;
        if (rc)
            return rc;
    }
    return 0;
}

int pd_ota_versions_walk(pd_ota_walk_stats *stats, const char *repo_path,
                         const pd_ota_walk_options *o, pd_ota_version_fn fn, void *payload)
{
    pd_ota_walk_options defaults = PD_OTA_WALK_OPTIONS_INIT;
    pd_ota_walk_stats st = {0};
    ota_notes ns = {0};
    git_repository *repo = NULL;
    int rc, inited = 0;

    if (!o)
        o = &defaults;
    if ((rc = pd_gitlib_load()) < 0)
        goto out;
    git_libgit2_init();
    inited = 1;
    if (git_repository_open_ext(&repo, repo_path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
        rc = pd_error_set(PD_EINVALID,
                          "%s is not a git repository (a bundle needs cloning first: git clone "
                          "--mirror BUNDLE DIR)",
                          repo_path);
        goto out;
    }
    ns.only = o->only;
    ns.nonly = o->only ? o->nonly : 0;
    for (size_t i = 0; i < ns.nonly; i++)
        if (!*o->only[i]) {
            rc = pd_error_set(PD_EINVALID, "an empty service name");
            goto out;
        }
    if ((rc = collect(&ns, &st, repo)))
        goto out;
    if (ns.n)
        qsort(ns.v, ns.n, sizeof(*ns.v), note_cmp);
    rc = deliver(&ns, &st, repo, fn, payload);
out:
    for (size_t i = 0; i < ns.n; i++)
        free(ns.v[i].path);
    free(ns.v);
    git_repository_free(repo);
    if (inited)
        git_libgit2_shutdown();
    if (stats)
        *stats = st;
    return rc;
}
