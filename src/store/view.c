/*
 * view.c - main, the branch people browse: every policy's current text.
 *
 * main's tree holds policies.conf and policies/<NAME>.md, the newest
 * version of every policy with versions.  It is derived (from the tips of
 * the version chains) and only written by policydiff: a commit whenever a
 * write changed what a policy's newest version is, with the trailer
 * "Policydiff-View: 2".  Nothing reads versions from it; it is for forges
 * and `git clone` of a store.  Writers mark the policies they changed and
 * the view is written once, when the outermost lock is released.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pd_view_mark(pd_store *s, const char *name)
{
    char **nd, *copy;
    if (!name) {
        s->conf_dirty = 1;
        return;
    }
    for (size_t i = 0; i < s->ndirty; i++)
        if (!strcmp(s->dirty[i], name))
            return;
    if (!(copy = strdup(name)) || !(nd = realloc(s->dirty, (s->ndirty + 1) * sizeof(*nd)))) {
        free(copy);
        s->conf_dirty = 1; /* remembered as "refresh everything" below */
        return;
    }
    s->dirty = nd;
    s->dirty[s->ndirty++] = copy;
}

static void clear_marks(pd_store *s)
{
    for (size_t i = 0; i < s->ndirty; i++)
        free(s->dirty[i]);
    free(s->dirty);
    s->dirty = NULL;
    s->ndirty = 0;
    s->conf_dirty = 0;
}

typedef struct {
    git_tree_update *v;
    git_oid *tips; /* the policy's versions tip (zero for a removal or the conf) */
    char **paths;
    size_t n, cap;
} updates;

static int add_update(updates *u, const char *name, const git_oid *blob)
{
    pd_buf p = PD_BUF_INIT;
    int rc;
    if (u->n == u->cap) {
        size_t nc = u->cap ? u->cap * 2 : 16;
        git_tree_update *nv = realloc(u->v, nc * sizeof(*nv));
        char **np;
        git_oid *nt;
        PD_CHECK_ALLOC(nv);
        u->v = nv;
        np = realloc(u->paths, nc * sizeof(*np));
        PD_CHECK_ALLOC(np);
        u->paths = np;
        nt = realloc(u->tips, nc * sizeof(*nt));
        PD_CHECK_ALLOC(nt);
        u->tips = nt;
        u->cap = nc;
    }
    if (name) {
        if ((rc = pd_store_policy_path(&p, name)))
            return rc;
    } else {
        pd_buf_puts(&p, PD_CONF_NAME);
    }
    if ((rc = pd_buf_error(&p)))
        return rc;
    u->paths[u->n] = pd_buf_detach(&p);
    memset(&u->tips[u->n], 0, sizeof(git_oid));
    u->v[u->n].action = blob ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
    if (blob)
        u->v[u->n].id = *blob;
    else
        memset(&u->v[u->n].id, 0, sizeof(git_oid));
    u->v[u->n].filemode = GIT_FILEMODE_BLOB;
    u->v[u->n].path = u->paths[u->n];
    u->n++;
    return 0;
}

static void updates_dispose(updates *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->paths[i]);
    free(u->paths);
    free(u->tips);
    free(u->v);
}

static int names_cb(const char *refname, void *payload)
{
    pd_store *s = payload;
    pd_view_mark(s, refname + strlen(PD_VERSIONS_PREFIX));
    return 0;
}

/* A path that is in base is removed only when it is there (libgit2 fails on
 * removing a missing entry). */
static int in_tree(git_tree *base, const char *path)
{
    git_tree_entry *e = NULL;
    int found = base && git_tree_entry_bypath(&e, base, path) == 0;
    git_tree_entry_free(e);
    return found;
}

/* One update per dirty policy: its newest version's text, or its removal
 * when it has none left and main still has it. */
static int add_dirty_updates(updates *u, pd_store *s, git_tree *base)
{
    int rc = 0;
    for (size_t i = 0; i < s->ndirty && !rc; i++) {
        pd_idx idx = {0};
        git_oid blob;
        if ((rc = pd_idx_load(&idx, s, s->dirty[i])))
            break;
        if (idx.n) {
            pd_idx_blob(&blob, &idx, idx.n - 1);
            rc = add_update(u, s->dirty[i], &blob);
            u->tips[u->n - 1] = idx.vtip;
        } else {
            pd_buf p = PD_BUF_INIT;
            if (!(rc = pd_store_policy_path(&p, s->dirty[i])) && in_tree(base, p.ptr))
                rc = add_update(u, s->dirty[i], NULL);
            pd_buf_dispose(&p);
        }
        pd_idx_dispose(&idx);
    }
    return rc;
}

/* The update for policies.conf, from the file on disk. */
static int add_conf_update(updates *u, pd_store *s)
{
    pd_buf data = PD_BUF_INIT;
    git_oid conf;
    int rc;
    if ((rc = pd_buf_read_file(&data, s->conf_path, 16 << 20)))
        goto out;
    if (git_blob_create_from_buffer(&conf, s->repo, pd_buf_cstr(&data), data.len) < 0) {
        rc = pd_store_git_fail("cannot store policies.conf");
        goto out;
    }
    rc = add_update(u, NULL, &conf);
out:
    pd_buf_dispose(&data);
    return rc;
}

/* Whether commit c (NULL: none) is a view commit ("Policydiff-View"). */
static int is_view_commit(git_commit *c)
{
    char *view = c ? pd_store_trailer(git_commit_message(c), "Policydiff-View") : NULL;
    int yes = view != NULL;
    free(view);
    return yes || !c;
}

/* The view commit's message: the subject of the one changed policy's newest
 * version, "NAME removed", or "N policies changed". */
static int view_message(pd_buf *msg, pd_store *s, const updates *u, git_tree *base)
{
    size_t changed = 0;
    const char *only = NULL;
    git_oid only_tip;

    for (size_t i = 0; i < u->n; i++) {
        git_tree_entry *e = NULL;
        if (!u->v[i].path || !strcmp(u->v[i].path, PD_CONF_NAME))
            continue;
        if (!base || git_tree_entry_bypath(&e, base, u->v[i].path) < 0 ||
            u->v[i].action == GIT_TREE_UPDATE_REMOVE ||
            !git_oid_equal(git_tree_entry_id(e), &u->v[i].id)) {
            changed++;
            only = u->v[i].path;
            only_tip = u->tips[i];
        }
        git_tree_entry_free(e);
    }
    if (changed == 1 && !git_oid_is_zero(&only_tip)) {
        /* the subject of that policy's newest version */
        git_commit *tc = NULL;
        const char *m = NULL;
        if (git_commit_lookup(&tc, s->repo, &only_tip) == 0)
            m = git_commit_message(tc);
        pd_buf_put(msg, m ? m : only, m ? strcspn(m, "\n") : strlen(only));
        pd_buf_putc(msg, '\n');
        git_commit_free(tc);
    } else if (changed == 1) {
        pd_buf_printf(msg, "%s removed\n", only);
    } else
        pd_buf_printf(msg, "%zu policies changed\n", changed);
    pd_buf_puts(msg, "\nPolicydiff-View: 2\n");
    return pd_buf_error(msg);
}

int pd_view_flush(pd_store *s)
{
    updates u = {0};
    git_oid head, tree_id, commit;
    git_commit *hc = NULL;
    git_tree *base = NULL;
    git_signature *sig = NULL;
    pd_buf msg = PD_BUF_INIT;
    int unborn, rc = 0;

    if (!s->ndirty && !s->conf_dirty)
        return 0;
    if (s->conf_dirty && !s->ndirty) /* everything (or the list ran out of memory) */
        git_reference_foreach_glob(s->repo, PD_VERSIONS_PREFIX "*", names_cb, s);
    if ((rc = pd_store_ref_id(&head, &unborn, s, PD_MAIN_REF)))
        goto out;
    if (!unborn && (git_commit_lookup(&hc, s->repo, &head) < 0 || git_commit_tree(&base, hc) < 0)) {
        rc = pd_store_git_fail("cannot read main");
        goto out;
    }
    if ((rc = add_dirty_updates(&u, s, base)) || (rc = add_conf_update(&u, s)))
        goto out;
    if (git_tree_create_updated(&tree_id, s->repo, base, u.n, u.v) < 0) {
        rc = pd_store_git_fail("cannot write main");
        goto out;
    }
    /* nothing a reader of main would see changed; but a main that is not
     * yet the view's (a first-layout store just upgraded, whose tree was
     * already the view's) gets its view commit, or every open would take
     * the store for one to upgrade */
    if (base && git_oid_equal(&tree_id, git_tree_id(base)) && is_view_commit(hc))
        goto out;
    if ((rc = view_message(&msg, s, &u, base)))
        goto out;
    if (git_signature_new(&sig, "policydiff", "policydiff@localhost", (git_time_t)pd_time_now(),
                          0) < 0) {
        rc = pd_store_git_fail("cannot make a signature");
        goto out;
    }
    rc =
        pd_store_commit_ref(s, PD_MAIN_REF, unborn ? NULL : &head, &tree_id, sig, msg.ptr, &commit);
out:
    if (!rc)
        clear_marks(s);
    git_signature_free(sig);
    git_tree_free(base);
    git_commit_free(hc);
    updates_dispose(&u);
    pd_buf_dispose(&msg);
    return rc;
}

int pd_store_view_refresh(pd_store *s)
{
    int rc;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    if (!(rc = pd_upgrade_if_needed(s))) {
        git_reference_foreach_glob(s->repo, PD_VERSIONS_PREFIX "*", names_cb, s);
        rc = pd_view_flush(s);
    }
    pd_store_unlock(s);
    return rc;
}
