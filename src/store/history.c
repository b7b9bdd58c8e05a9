/*
 * history.c - putting an older capture into the past.
 *
 * main is kept in capture order.  A capture older than main's newest
 * commit goes after the last commit dated at or before it; every later
 * commit is re-created on top with its own author, committer, dates and
 * message.  Until the next commit that touches the same policy, the
 * re-created trees carry the inserted text; from that commit on the trees
 * are the original ones.  That next commit is dropped when its tree equals
 * its new parent's (its text is the one just inserted).  Nothing is
 * written to main until all objects exist; main then moves in one
 * compare-and-swap update, and the index files are refreshed after.
 * Refused with PD_ECONFLICT when a remote-tracking refs/remotes/<any>/main
 * contains a commit that would be rewritten, unless force is set.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    git_commit **v;
    size_t n, cap;
} commit_list;

static void commit_list_dispose(commit_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        git_commit_free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int commit_list_push(commit_list *l, git_commit *c)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        git_commit **nv = realloc(l->v, nc * sizeof(*nv));
        if (!nv)
            return pd_error_set(PD_ENOMEM, "out of memory");
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = c;
    return 0;
}

typedef struct {
    git_oid oldest;
    int conflict;
    char remote_ref[256];
    git_repository *repo;
} pushed_ctx;

static int pushed_cb(const char *refname, void *payload)
{
    pushed_ctx *p = payload;
    git_oid id;
    if (git_reference_name_to_id(&id, p->repo, refname) < 0)
        return 0;
    if (git_oid_equal(&id, &p->oldest) || git_graph_descendant_of(p->repo, &id, &p->oldest) == 1) {
        p->conflict = 1;
        snprintf(p->remote_ref, sizeof(p->remote_ref), "%s", refname);
        return 1;
    }
    return 0;
}

typedef struct {
    git_repository *repo;
    git_oid head;
    int64_t until;
    char remote_ref[256];
} pushed_until_ctx;

static int pushed_until_cb(const char *refname, void *payload)
{
    pushed_until_ctx *p = payload;
    git_oid id, base;
    git_commit *c = NULL;
    if (git_reference_name_to_id(&id, p->repo, refname) < 0 ||
        git_merge_base(&base, p->repo, &p->head, &id) < 0 ||
        git_commit_lookup(&c, p->repo, &base) < 0)
        return 0;
    if ((int64_t)git_commit_time(c) > p->until) {
        p->until = (int64_t)git_commit_time(c);
        snprintf(p->remote_ref, sizeof(p->remote_ref), "%s", refname);
    }
    git_commit_free(c);
    return 0;
}

int pd_store_pushed_until(pd_store *s, int64_t *until, char *remote, size_t size)
{
    pushed_until_ctx pc;
    int unborn, rc;
    memset(&pc, 0, sizeof(pc));
    pc.repo = s->repo;
    pc.until = INT64_MIN;
    *until = INT64_MIN;
    if (remote && size)
        remote[0] = '\0';
    if ((rc = pd_store_ref_id(&pc.head, &unborn, s, PD_MAIN_REF)) || unborn)
        return rc;
    git_reference_foreach_glob(s->repo, "refs/remotes/*/main", pushed_until_cb, &pc);
    *until = pc.until;
    if (remote && size)
        snprintf(remote, size, "%s", pc.remote_ref);
    return 0;
}

/* The blob at path in tree, or a zero id when there is none. */
static void blob_at(git_oid *out, git_tree *tree, const char *path)
{
    git_tree_entry *e = NULL;
    memset(out, 0, sizeof(*out));
    if (tree && git_tree_entry_bypath(&e, tree, path) == 0 &&
        git_tree_entry_type(e) == GIT_OBJECT_BLOB)
        git_oid_cpy(out, git_tree_entry_id(e));
    git_tree_entry_free(e);
}

typedef struct {
    char *name; /* policy of the re-created commit, or NULL */
    int64_t time;
    git_oid commit, blob;
} replayed;

static int tree_with(git_oid *out, pd_store *s, git_tree *base, const char *path,
                     const git_oid *blob, const git_oid *conf)
{
    git_tree_update up[2];
    size_t n = 1;
    up[0].action = GIT_TREE_UPDATE_UPSERT;
    up[0].id = *blob;
    up[0].filemode = GIT_FILEMODE_BLOB;
    up[0].path = path;
    if (conf) {
        up[1].action = GIT_TREE_UPDATE_UPSERT;
        up[1].id = *conf;
        up[1].filemode = GIT_FILEMODE_BLOB;
        up[1].path = PD_CONF_NAME;
        n = 2;
    }
    if (git_tree_create_updated(out, s->repo, base, n, up) < 0)
        return pd_store_git_fail("cannot write a tree");
    return 0;
}

/* Refreshes the index files of every policy whose commits changed. */
static int update_index(pd_store *s, const pd_insert_request *req, const git_oid *inserted,
                        const replayed *r, size_t nr, const git_oid *new_head)
{
    pd_idx old = {0}, fresh = {0};
    const char **names = NULL;
    size_t nn = 0;
    int rc = 0;

    if (!(names = calloc(nr + 1, sizeof(*names))))
        return pd_error_set(PD_ENOMEM, "out of memory");
    names[nn++] = req->name;
    for (size_t i = 0; i < nr; i++) {
        size_t k;
        if (!r[i].name)
            continue;
        for (k = 0; k < nn && strcmp(names[k], r[i].name); k++)
            ;
        if (k == nn)
            names[nn++] = r[i].name;
    }
    pd_idx_invalidate(s);
    for (size_t k = 0; k < nn; k++) {
        if ((rc = pd_idx_read_file(&old, s, names[k])))
            goto out;
        memset(&fresh, 0, sizeof(fresh));
        for (size_t i = 0; i < old.n && old.v[i].time <= req->time; i++)
            if ((rc = pd_idx_push(&fresh, old.v[i].time, &old.v[i].commit, &old.v[i].blob)))
                goto out;
        if (k == 0 && (rc = pd_idx_push(&fresh, req->time, inserted, req->blob)))
            goto out;
        for (size_t i = 0; i < nr; i++)
            if (r[i].name && !strcmp(r[i].name, names[k]) &&
                (rc = pd_idx_push(&fresh, r[i].time, &r[i].commit, &r[i].blob)))
                goto out;
        if ((rc = pd_idx_write_file(s, names[k], &fresh)))
            goto out;
        pd_idx_dispose(&old);
        pd_idx_dispose(&fresh);
    }
    rc = pd_idx_set_head(s, new_head);
out:
    pd_idx_dispose(&old);
    pd_idx_dispose(&fresh);
    free(names);
    return rc;
}

int pd_history_insert(pd_store *s, const git_oid *head, const pd_insert_request *req)
{
    commit_list later = {0};
    git_commit *c = NULL, *base = NULL, *prev = NULL, *made = NULL;
    git_tree *tree = NULL, *ptree = NULL, *ntree = NULL;
    git_reference *ref = NULL;
    replayed *r = NULL;
    size_t nr = 0;
    pd_buf path = PD_BUF_INIT, rpath = PD_BUF_INIT, msg = PD_BUF_INIT;
    git_oid tree_id, new_id, inserted, xc, xp;
    int resummarize = 0;
    pushed_ctx pc;
    int rc = 0, converged = 0;

    s->recreated = s->dropped = 0;
    if ((rc = pd_store_policy_path(&path, req->name)))
        goto out;
    /* The commits dated after req->time, newest first, and the base. */
    if (git_commit_lookup(&c, s->repo, head) < 0) {
        rc = pd_store_git_fail("cannot read main");
        goto out;
    }
    while (c && (int64_t)git_commit_time(c) > req->time) {
        git_commit *parent = NULL;
        if ((rc = commit_list_push(&later, c))) {
            git_commit_free(c);
            goto out;
        }
        if (git_commit_parentcount(c) > 0 && git_commit_parent(&parent, c, 0) < 0) {
            rc = pd_store_git_fail("cannot read main");
            goto out;
        }
        c = parent;
    }
    base = c;
    c = NULL;
    /* Pushed already? */
    memset(&pc, 0, sizeof(pc));
    pc.repo = s->repo;
    git_oid_cpy(&pc.oldest, git_commit_id(later.v[later.n - 1]));
    git_reference_foreach_glob(s->repo, "refs/remotes/*/main", pushed_cb, &pc);
    if (pc.conflict && !req->force) {
        char when[32];
        pd_time_format_iso(when, sizeof(when), req->time);
        rc = pd_error_set(PD_ECONFLICT,
                          "recording %s at %s would rewrite %zu commit(s) of main already "
                          "pushed (%s); use --force to rewrite anyway",
                          req->name, when, later.n, pc.remote_ref);
        goto out;
    }
    /* The inserted version. */
    if (base && git_commit_tree(&tree, base) < 0) {
        rc = pd_store_git_fail("cannot read main");
        goto out;
    }
    if ((rc = tree_with(&tree_id, s, tree, path.ptr, req->blob, req->conf_blob)))
        goto out;
    git_tree_free(tree);
    tree = NULL;
    if (git_tree_lookup(&ntree, s->repo, &tree_id) < 0 ||
        git_commit_create(&inserted, s->repo, NULL, req->sig, req->sig, NULL, req->message, ntree,
                          base ? 1 : 0, (const git_commit **)&base) < 0) {
        rc = pd_store_git_fail("cannot write a version");
        goto out;
    }
    if (!(r = calloc(later.n, sizeof(*r)))) {
        rc = pd_error_set(PD_ENOMEM, "out of memory");
        goto out;
    }
    if (git_commit_lookup(&prev, s->repo, &inserted) < 0) {
        rc = pd_store_git_fail("cannot read a version");
        goto out;
    }
    /* Re-create the later commits, oldest first. */
    for (size_t i = later.n; i-- > 0;) {
        git_commit *old = later.v[i], *oldparent = NULL;
        int drop = 0;

        if (git_commit_tree(&tree, old) < 0) {
            rc = pd_store_git_fail("cannot read main");
            goto out;
        }
        if (!converged) {
            if (git_commit_parentcount(old) > 0 && (git_commit_parent(&oldparent, old, 0) < 0 ||
                                                    git_commit_tree(&ptree, oldparent) < 0)) {
                git_commit_free(oldparent);
                rc = pd_store_git_fail("cannot read main");
                goto out;
            }
            git_commit_free(oldparent);
            blob_at(&xc, tree, path.ptr);
            blob_at(&xp, ptree, path.ptr);
            git_tree_free(ptree);
            ptree = NULL;
            if (!git_oid_equal(&xc, &xp)) {
                /* Touches the same policy: from here on the trees are the
                 * original ones; dropped when nothing changes any more. */
                converged = 1;
                resummarize = s->summarize != NULL;
                git_oid_cpy(&tree_id, git_tree_id(tree));
                drop = git_oid_equal(&tree_id, git_commit_tree_id(prev));
            } else if ((rc = tree_with(&tree_id, s, tree, path.ptr, req->blob, NULL))) {
                goto out;
            }
        } else {
            git_oid_cpy(&tree_id, git_tree_id(tree));
        }
        git_tree_free(tree);
        tree = NULL;
        if (drop) {
            /* the next version's parent text is unchanged: its summary stands */
            resummarize = 0;
            s->dropped++;
            continue;
        }
        git_tree_free(ntree);
        ntree = NULL;
        /* The first later version of the same policy now follows the inserted
         * one: its change summary is made again against that text. */
        pd_buf_clear(&msg);
        if (resummarize && !drop) {
            pd_buf sum = PD_BUF_INIT;
            rc = pd_store_summarize(&sum, s, req->blob, &xc);
            if (!rc)
                rc = pd_store_message_with_summary(&msg, git_commit_message_raw(old), req->name,
                                                   sum.len ? sum.ptr : NULL);
            pd_buf_dispose(&sum);
            if (rc)
                goto out;
        }
        resummarize = 0;
        if (git_tree_lookup(&ntree, s->repo, &tree_id) < 0 ||
            git_commit_create(&new_id, s->repo, NULL, git_commit_author(old),
                              git_commit_committer(old), git_commit_message_encoding(old),
                              msg.len ? msg.ptr : git_commit_message_raw(old), ntree, 1,
                              (const git_commit **)&prev) < 0) {
            rc = pd_store_git_fail("cannot re-create a commit");
            goto out;
        }
        s->recreated++;
        r[nr].time = (int64_t)git_commit_time(old);
        git_oid_cpy(&r[nr].commit, &new_id);
        r[nr].name = pd_store_trailer(git_commit_message(old), "Policy");
        if (r[nr].name &&
            (pd_policy_name_check(r[nr].name) || pd_store_policy_path(&rpath, r[nr].name))) {
            free(r[nr].name);
            r[nr].name = NULL;
        }
        pd_error_clear();
        if (r[nr].name) {
            blob_at(&r[nr].blob, ntree, rpath.ptr);
            if (git_oid_is_zero(&r[nr].blob)) {
                free(r[nr].name);
                r[nr].name = NULL;
            }
        }
        nr++;
        git_commit_free(prev);
        prev = NULL;
        if (git_commit_lookup(&prev, s->repo, &new_id) < 0) {
            rc = pd_store_git_fail("cannot read a commit");
            goto out;
        }
    }
    /* One atomic move of main, then the index. */
    if (git_reference_create_matching(&ref, s->repo, PD_MAIN_REF, git_commit_id(prev), 1, head,
                                      "policydiff: insert older capture") < 0) {
        rc = pd_store_git_fail("cannot move main (changed by someone else?)");
        goto out;
    }
    rc = update_index(s, req, &inserted, r, nr, git_commit_id(prev));
out:
    for (size_t i = 0; i < nr; i++)
        free(r[i].name);
    free(r);
    git_reference_free(ref);
    git_tree_free(tree);
    git_tree_free(ptree);
    git_tree_free(ntree);
    git_commit_free(made);
    git_commit_free(prev);
    git_commit_free(base);
    git_commit_free(c);
    commit_list_dispose(&later);
    pd_buf_dispose(&path);
    pd_buf_dispose(&rpath);
    pd_buf_dispose(&msg);
    return rc;
}
