/*
 * chain.c - one policy's versions, derived from its captures.
 *
 * refs/heads/versions/<NAME> is a chain of commits, one per version, whose
 * tree holds policies/<NAME>.md.  The chain is a function of the policy's
 * captures (captures.c): take the captures that have a text, in time order
 * (ties by stem), and make a version wherever the text differs from the
 * capture before.  Each commit's author and committer are policydiff at the
 * capture time (UTC) and its message comes from the capture's meta file and
 * the summarizer, so the same set of captures gives the same commit ids
 * whatever order they arrived in.  Re-deriving keeps the common prefix of
 * the old chain and re-creates the rest; a rewrite that would drop a commit
 * a remote-tracking ref (refs/remotes/<R>/versions/<NAME>) holds is refused
 * without force.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PD_SIG_NAME "policydiff"
#define PD_SIG_EMAIL "policydiff@localhost"

int pd_store_commit_ref(pd_store *s, const char *ref, const git_oid *old, const git_oid *tree_id,
                        const git_signature *sig, const char *msg, git_oid *new_id)
{
    git_commit *parent = NULL;
    git_tree *tree = NULL;
    git_reference *r = NULL;
    const git_commit *parents[1];
    int rc = 0;

    if (old && git_commit_lookup(&parent, s->repo, old) < 0)
        return pd_store_git_fail("cannot read a branch");
    parents[0] = parent;
    if (git_tree_lookup(&tree, s->repo, tree_id) < 0 ||
        git_commit_create(new_id, s->repo, NULL, sig, sig, NULL, msg, tree, old ? 1 : 0, parents) <
            0) {
        rc = pd_store_git_fail("cannot write a commit");
        goto out;
    }
    if (git_reference_create_matching(&r, s->repo, ref, new_id, old != NULL, old, "policydiff") < 0)
        rc = pd_store_git_fail("cannot move a branch (changed by someone else?)");
out:
    git_reference_free(r);
    git_tree_free(tree);
    git_commit_free(parent);
    return rc;
}

char *pd_store_meta_value(const char *meta, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = meta; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > kl + 1 && !strncmp(p, key, kl) && p[kl] == ':' && p[kl + 1] == ' ')
            return strndup(p + kl + 2, n - kl - 2);
        p = e ? e + 1 : NULL;
    }
    return NULL;
}

/* The meta file of a capture as a string (caller frees). */
static int read_meta(pd_buf *out, pd_store *s, const pd_cap *cap)
{
    git_blob *b = NULL;
    int rc = 0;
    if (!cap->has_meta)
        return 0;
    if (git_blob_lookup(&b, s->repo, &cap->meta) < 0)
        return pd_store_git_fail("cannot read a capture's details");
    rc = pd_buf_put(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
    git_blob_free(b);
    return rc;
}

int pd_chain_message(pd_buf *out, pd_store *s, const char *name, const pd_cap *cap,
                     const git_oid *prev_blob)
{
    pd_buf meta = PD_BUF_INIT, sum = PD_BUF_INIT, body = PD_BUF_INIT;
    char *given = NULL;
    const char *p;
    int rc;

    if ((rc = read_meta(&meta, s, cap)))
        goto out;
    given = pd_store_meta_value(pd_buf_cstr(&meta), "Summary");
    if (given && *given)
        pd_buf_puts(&sum, given);
    else if ((rc = pd_store_summarize(&sum, s, prev_blob, &cap->text)))
        goto out;
    /* the meta lines but Summary:, which goes last */
    for (p = pd_buf_cstr(&meta); *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
        if (strncmp(p, "Summary: ", 9) != 0 && n > 1)
            pd_buf_put(&body, p, n);
        p += n;
    }
    if (body.len && body.ptr[body.len - 1] != '\n')
        pd_buf_putc(&body, '\n');
    pd_buf_printf(out, "%s: %s\n\nPolicy: %s\n%sCapture: %s\n", name,
                  sum.len ? sum.ptr : "new version", name, pd_buf_cstr(&body), cap->stem);
    if (sum.len)
        pd_buf_printf(out, "Summary: %s\n", sum.ptr);
    rc = pd_buf_error(out);
out:
    free(given);
    pd_buf_dispose(&meta);
    pd_buf_dispose(&sum);
    pd_buf_dispose(&body);
    return rc;
}

/* Writes one version commit of cap on top of parent (NULL: the first). */
static int make_version(git_oid *out, pd_store *s, const char *name, const pd_cap *cap,
                        const git_oid *parent, const git_oid *prev_blob)
{
    git_signature *sig = NULL;
    git_commit *pc = NULL;
    git_tree *tree = NULL;
    const git_commit *parents[1];
    git_tree_update up;
    pd_buf path = PD_BUF_INIT, msg = PD_BUF_INIT;
    git_oid tree_id;
    int rc;

    if ((rc = pd_store_policy_path(&path, name)) ||
        (rc = pd_chain_message(&msg, s, name, cap, prev_blob)))
        goto out;
    up.action = GIT_TREE_UPDATE_UPSERT;
    up.id = cap->text;
    up.filemode = GIT_FILEMODE_BLOB;
    up.path = path.ptr;
    if (git_signature_new(&sig, PD_SIG_NAME, PD_SIG_EMAIL, (git_time_t)cap->time, 0) < 0 ||
        git_tree_create_updated(&tree_id, s->repo, NULL, 1, &up) < 0 ||
        git_tree_lookup(&tree, s->repo, &tree_id) < 0 ||
        (parent && git_commit_lookup(&pc, s->repo, parent) < 0)) {
        rc = pd_store_git_fail("cannot write a version");
        goto out;
    }
    parents[0] = pc;
    if (git_commit_create(out, s->repo, NULL, sig, sig, NULL, msg.ptr, tree, pc ? 1 : 0, parents) <
        0)
        rc = pd_store_git_fail("cannot write a version");
out:
    git_commit_free(pc);
    git_tree_free(tree);
    git_signature_free(sig);
    pd_buf_dispose(&path);
    pd_buf_dispose(&msg);
    return rc;
}

/* Moves name's versions ref from old (zero: none) to new (NULL: delete). */
static int move_versions(pd_store *s, const char *name, const git_oid *old, const git_oid *new_id)
{
    pd_buf ref = PD_BUF_INIT;
    git_reference *r = NULL;
    int rc, had = old && !git_oid_is_zero(old);

    if ((rc = pd_store_ref_name(&ref, PD_VERSIONS_PREFIX, name)))
        goto out;
    if (new_id) {
        if (git_reference_create_matching(&r, s->repo, ref.ptr, new_id, had, had ? old : NULL,
                                          "policydiff") < 0)
            rc = pd_store_git_fail("cannot move a policy's versions (another policy's name "
                                   "starting with this one plus '/'? changed by someone else?)");
    } else if (had) {
        if (git_reference_lookup(&r, s->repo, ref.ptr) == 0 && git_reference_delete(r) < 0)
            rc = pd_store_git_fail("cannot remove a policy's versions");
    }
out:
    git_reference_free(r);
    pd_buf_dispose(&ref);
    return rc;
}

/* The remote-tracking refs of name's chain, refs/remotes/<R>/versions/<name>
 * (the remote's name has no '/'), and their tips. */
#define PD_MAX_REMOTES 16
typedef struct {
    const char *name;
    size_t n;
    git_oid tip[PD_MAX_REMOTES];
    char ref[PD_MAX_REMOTES][256];
    pd_store *s;
} remote_tips;

static int remote_cb(const char *refname, void *payload)
{
    remote_tips *t = payload;
    const char *rest = refname + strlen("refs/remotes/"), *slash = strchr(rest, '/');
    if (t->n == PD_MAX_REMOTES || !slash || strncmp(slash, "/versions/", 10) ||
        strcmp(slash + 10, t->name) ||
        git_reference_name_to_id(&t->tip[t->n], t->s->repo, refname) < 0)
        return 0;
    snprintf(t->ref[t->n++], sizeof(t->ref[0]), "%s", refname);
    return 0;
}

static int remote_tips_load(remote_tips *t, pd_store *s, const char *name)
{
    pd_buf glob = PD_BUF_INIT;
    int rc;
    memset(t, 0, sizeof(*t));
    t->name = name;
    t->s = s;
    pd_buf_printf(&glob, "refs/remotes/*/versions/%s", name);
    if (!(rc = pd_buf_error(&glob)))
        git_reference_foreach_glob(s->repo, glob.ptr, remote_cb, t);
    pd_buf_dispose(&glob);
    return rc;
}

/* PD_ECONFLICT when a remote-tracking ref of name holds first_dropped. */
int pd_chain_check_pushed(pd_store *s, const char *name, const git_oid *first_dropped)
{
    remote_tips t;
    int rc;
    if ((rc = remote_tips_load(&t, s, name)))
        return rc;
    for (size_t i = 0; i < t.n; i++)
        if (git_oid_equal(&t.tip[i], first_dropped) ||
            git_graph_descendant_of(s->repo, &t.tip[i], first_dropped) == 1)
            return pd_error_set(PD_ECONFLICT,
                                "'%s': this capture is older than versions already pushed (%s); "
                                "recording it would rewrite that history: use --force to "
                                "rewrite it (then push with --force)",
                                name, t.ref[i]);
    return 0;
}

int pd_store_pushed_until(int64_t *until, char *remote, size_t size, pd_store *s, const char *name)
{
    remote_tips t;
    pd_buf ref = PD_BUF_INIT;
    git_oid tip;
    int unborn, rc;

    *until = INT64_MIN;
    if (remote && size)
        remote[0] = '\0';
    if ((rc = pd_store_ref_name(&ref, PD_VERSIONS_PREFIX, name)) ||
        (rc = pd_store_ref_id(&tip, &unborn, s, ref.ptr)) || unborn ||
        (rc = remote_tips_load(&t, s, name)))
        goto out;
    /* the newest version both hold is the merge base of the two tips; a
     * version commit is dated at its capture time */
    for (size_t i = 0; i < t.n; i++) {
        git_oid base;
        git_commit *c = NULL;
        if (git_merge_base(&base, s->repo, &tip, &t.tip[i]) < 0) {
            pd_error_clear(); /* nothing in common */
            continue;
        }
        if (git_commit_lookup(&c, s->repo, &base) == 0 && (int64_t)git_commit_time(c) > *until) {
            *until = (int64_t)git_commit_time(c);
            if (remote && size)
                snprintf(remote, size, "%s", t.ref[i]);
        }
        git_commit_free(c);
    }
out:
    pd_buf_dispose(&ref);
    return rc;
}

int pd_chain_append(pd_store *s, const char *name, pd_idx *idx, const pd_cap *cap)
{
    git_oid prev_blob, prev, commit;
    int rc;

    if (idx->n) {
        pd_idx_blob(&prev_blob, idx, idx->n - 1);
        pd_idx_commit(&prev, idx, idx->n - 1);
    }
    if ((rc = make_version(&commit, s, name, cap, idx->n ? &prev : NULL,
                           idx->n ? &prev_blob : NULL)) ||
        (rc = move_versions(s, name, idx->n ? &prev : NULL, &commit)))
        return rc;
    if ((rc = pd_idx_push(idx, cap->time, &commit, &cap->text, cap->stem)))
        return rc;
    git_oid_cpy(&idx->vtip, &commit);
    pd_view_mark(s, name);
    return 0;
}

/* The captures that make versions: those with text, each differing from
 * the one before.  Fills want (caps.n long) with their indexes. */
static size_t derive_wanted(size_t *want, const pd_caps *caps)
{
    size_t nwant = 0;
    for (size_t i = 0; i < caps->n; i++) {
        if (!caps->v[i].has_text)
            continue;
        if (nwant && git_oid_equal(&caps->v[want[nwant - 1]].text, &caps->v[i].text))
            continue;
        want[nwant++] = i;
    }
    return nwant;
}

/* Counts what a derive would keep, recreate, add and drop; returns how many
 * versions at the start of idx stay as they are. */
static size_t derive_count(pd_derive_stats *st, const pd_idx *idx, const pd_caps *caps,
                           const size_t *want, size_t nwant)
{
    size_t k = 0;
    for (; k < idx->n && k < nwant; k++) {
        char stem[PD_STEM_MAX + 1];
        git_oid b;
        pd_idx_stem(stem, idx, k);
        pd_idx_blob(&b, idx, k);
        if (strcmp(stem, caps->v[want[k]].stem) || !git_oid_equal(&b, &caps->v[want[k]].text))
            break;
    }
    st->kept = k;
    for (size_t j = k; j < nwant; j++) {
        int found = 0;
        for (size_t i = k; i < idx->n && !found; i++) {
            char stem[PD_STEM_MAX + 1];
            pd_idx_stem(stem, idx, i);
            found = !strcmp(stem, caps->v[want[j]].stem);
        }
        if (found)
            st->recreated++;
        else
            st->added++;
    }
    st->dropped = idx->n - k - st->recreated;
    return k;
}

/* Re-makes the versions from the k-th on, moves the versions ref and writes
 * the index. */
static int derive_remake(pd_store *s, const char *name, pd_idx *idx, const pd_caps *caps,
                         const size_t *want, size_t nwant, size_t k, const git_oid *ctip)
{
    git_oid old_tip = idx->vtip, parent, prev_blob;
    int rc, have_parent = 0;
    if (k) {
        pd_idx_commit(&parent, idx, k - 1);
        pd_idx_blob(&prev_blob, idx, k - 1);
        have_parent = 1;
    }
    pd_idx_truncate(idx, k);
    for (size_t j = k; j < nwant; j++) {
        const pd_cap *c = &caps->v[want[j]];
        git_oid commit;
        if ((rc = make_version(&commit, s, name, c, have_parent ? &parent : NULL,
                               have_parent ? &prev_blob : NULL)) ||
            (rc = pd_idx_push(idx, c->time, &commit, &c->text, c->stem)))
            return rc;
        parent = commit;
        prev_blob = c->text;
        have_parent = 1;
    }
    if ((rc = move_versions(s, name, &old_tip, nwant ? &parent : NULL)))
        return rc;
    if (nwant)
        git_oid_cpy(&idx->vtip, &parent);
    else
        memset(&idx->vtip, 0, sizeof(idx->vtip));
    git_oid_cpy(&idx->ctip, ctip);
    snprintf(idx->last_stem, sizeof(idx->last_stem), "%s",
             caps->n ? caps->v[caps->n - 1].stem : "");
    if (nwant && pd_idx_write_file(s, name, idx))
        pd_error_clear();
    pd_view_mark(s, name);
    return 0;
}

int pd_chain_derive(pd_derive_stats *st, pd_store *s, const char *name, int force, int dry_run)
{
    pd_caps caps = {0};
    pd_idx idx = {0};
    size_t *want = NULL, nwant = 0, k;
    git_oid ctip;
    int unborn, rc;

    memset(st, 0, sizeof(*st));
    if ((rc = pd_caps_load(&caps, &ctip, &unborn, s, name)) || (rc = pd_idx_load(&idx, s, name)))
        goto out;
    if (caps.n && !(want = malloc(caps.n * sizeof(*want)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    nwant = derive_wanted(want, &caps);
    k = derive_count(st, &idx, &caps, want, nwant);
    if (k < idx.n && !force) {
        git_oid first;
        pd_idx_commit(&first, &idx, k);
        if ((rc = pd_chain_check_pushed(s, name, &first)))
            goto out;
    }
    if (dry_run)
        goto out;
    if (k == idx.n && k == nwant) {
        /* nothing to re-make: bring the index up to the captures */
        if (!git_oid_equal(&idx.ctip, &ctip) && !git_oid_is_zero(&idx.vtip)) {
            git_oid_cpy(&idx.ctip, &ctip);
            snprintf(idx.last_stem, sizeof(idx.last_stem), "%s",
                     caps.n ? caps.v[caps.n - 1].stem : "");
            if (pd_idx_write_file(s, name, &idx))
                pd_error_clear();
        }
        goto out;
    }
    rc = derive_remake(s, name, &idx, &caps, want, nwant, k, &ctip);
out:
    free(want);
    pd_caps_dispose(&caps);
    pd_idx_dispose(&idx);
    return rc;
}
