/*
 * rewrites.c - when a rebuild last rewrote each capture's text
 * (pd_store_text_rewrites, store.h).
 *
 * A rebuild writes the texts it derived again as one commit on the
 * policy's captures branch, with the subject PD_REBUILD_SUBJECT and the
 * rebuild's time; nothing else writes texts of captures already recorded.
 * So the first-parent history of captures/<NAME> says, for each capture,
 * when its text last changed after it was recorded: the newest rebuild
 * commit whose tree differs from its parent's at <stem>.text.md.  Only the
 * year and month trees that differ are read.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char stem[PD_STEM_MAX + 1];
    int64_t captured_at, at;
} rewrite;

typedef struct {
    rewrite *v;
    size_t n, cap;
} rewrites;

static int note(rewrites *l, const char *fname, int64_t at)
{
    char stem[PD_STEM_MAX + 1];
    const char *suffix;
    int64_t when;
    int rc;
    if (pd_caps_parse_stem(stem, &when, &suffix, fname) || strcmp(suffix, ".text.md"))
        return 0;
    if (l->n == l->cap && (rc = pd_array_grow(&l->v, &l->cap, sizeof(*l->v), 16)))
        return rc;
    memcpy(l->v[l->n].stem, stem, sizeof(stem));
    l->v[l->n].captured_at = when;
    l->v[l->n++].at = at;
    return 0;
}

static int compare(rewrites *l, pd_store *s, const git_oid *now, const git_oid *before, int depth,
                   int64_t at);

/* The entry called name in t, or NULL (t may be NULL). */
static const git_tree_entry *entry_named(git_tree *t, const char *name, git_tree_entry **owned)
{
    *owned = NULL;
    if (t && git_tree_entry_bypath(owned, t, name) < 0)
        *owned = NULL;
    return *owned;
}

/* Compares the entries of tree a with those of the same name in b: at the
 * year and month levels (depth 0 and 1) descends into subtrees that
 * differ; in a month (depth 2) notes every text file that differs, or is
 * in one only.  Called once each way round (both: the entries of b
 * missing from a as well). */
static int compare_entries(rewrites *l, pd_store *s, git_tree *a, git_tree *b, int depth,
                           int64_t at, int both)
{
    size_t n = a ? git_tree_entrycount(a) : 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const git_tree_entry *ea = git_tree_entry_byindex(a, i), *eb;
        git_tree_entry *owned;
        const char *name = git_tree_entry_name(ea);
        if (strchr(name, '/'))
            continue;
        eb = entry_named(b, name, &owned);
        if (eb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) {
            git_tree_entry_free(owned);
            continue;
        }
        if (eb && !both) { /* in both and different: handled on the first pass */
            git_tree_entry_free(owned);
            continue;
        }
        if (depth < 2 && git_tree_entry_type(ea) == GIT_OBJECT_TREE)
            rc = compare(l, s, git_tree_entry_id(ea),
                         eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE ? git_tree_entry_id(eb)
                                                                          : NULL,
                         depth + 1, at);
        else if (depth == 2)
            rc = note(l, name, at);
        git_tree_entry_free(owned);
    }
    return rc;
}

/* The texts that differ between the trees now and before (either NULL:
 * none). */
static int compare(rewrites *l, pd_store *s, const git_oid *now, const git_oid *before, int depth,
                   int64_t at)
{
    git_tree *a = NULL, *b = NULL;
    int rc = 0;
    if ((now && git_tree_lookup(&a, s->repo, now) < 0) ||
        (before && git_tree_lookup(&b, s->repo, before) < 0))
        rc = pd_store_git_fail("cannot read a policy's captures");
    if (!rc)
        rc = compare_entries(l, s, a, b, depth, at, 1);
    if (!rc)
        rc = compare_entries(l, s, b, a, depth, at, 0);
    git_tree_free(a);
    git_tree_free(b);
    return rc;
}

/* By stem, the newest rewrite first. */
static int cmp_rewrite(const void *x, const void *y)
{
    const rewrite *a = x, *b = y;
    int d = strcmp(a->stem, b->stem);
    if (d)
        return d;
    return a->at > b->at ? -1 : a->at < b->at;
}

int pd_store_text_rewrites(pd_text_rewrite **out, size_t *n, pd_store *s, const char *name)
{
    rewrites l = {.v = NULL, .n = 0, .cap = 0};
    git_commit *c = NULL, *parent = NULL;
    size_t k = 0;
    int unborn, rc;

    *out = NULL;
    *n = 0;
    if ((rc = pd_policy_name_check(name)) || (rc = pd_store_layout_check(s)) ||
        (rc = pd_store_captures_tip(&c, NULL, &unborn, s, name)))
        goto out;
    while (c) {
        const char *msg = git_commit_message(c);
        parent = NULL;
        if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) < 0) {
            rc = pd_store_git_fail("cannot read a policy's captures");
            goto out;
        }
        if (msg && !strncmp(msg, PD_REBUILD_SUBJECT, strlen(PD_REBUILD_SUBJECT)) &&
            (rc = compare(&l, s, git_commit_tree_id(c), parent ? git_commit_tree_id(parent) : NULL,
                          0, (int64_t)git_commit_time(c)))) {
            git_commit_free(parent);
            goto out;
        }
        git_commit_free(c);
        c = parent;
    }
    if (!l.n)
        goto out;
    qsort(l.v, l.n, sizeof(*l.v), cmp_rewrite);
    if (!(*out = malloc(l.n * sizeof(**out)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0; i < l.n; i++)
        if (!i || strcmp(l.v[i].stem, l.v[i - 1].stem))
            (*out)[k++] = (pd_text_rewrite){.captured_at = l.v[i].captured_at, .at = l.v[i].at};
    *n = k;
out:
    git_commit_free(c);
    free(l.v);
    return rc;
}
