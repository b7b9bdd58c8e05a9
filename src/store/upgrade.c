/*
 * upgrade.c - stores of the first layout become per-policy histories.
 *
 * The first layout kept every version of every policy on one branch, main
 * (trailers Policy:, Captured-At:, Raw-SHA256:, ...), and every capture on
 * an orphan branch raw (raw/<NAME>/<stem>.<ext>).  Upgrading writes, per
 * policy, a captures branch holding every raw capture with the text that was
 * in effect at its time (a version whose raw capture was never kept gets its
 * own text as its raw bytes, noted "Raw-Missing: yes"), derives the versions
 * from them, writes the view on top of the old main (so the old history
 * stays reachable from main) and deletes raw, whose blobs all live on in the
 * captures branches.  It runs under the lock, once; a run killed half way
 * leaves raw in place, so the next one starts again from the start.
 */
#define _XOPEN_SOURCE 700
#include "store/store_internal.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pd_upgrade_needed(pd_store *s)
{
    git_oid id;
    git_commit *c = NULL;
    char *view;
    int needed;
    if (git_reference_name_to_id(&id, s->repo, PD_RAW_REF) == 0)
        return 1;
    if (git_reference_name_to_id(&id, s->repo, PD_MAIN_REF) < 0)
        return 0;
    if (git_commit_lookup(&c, s->repo, &id) < 0)
        return 0;
    view = pd_store_trailer(git_commit_message(c), "Policydiff-View");
    needed = !view && (view = pd_store_trailer(git_commit_message(c), "Policy")) != NULL;
    free(view);
    git_commit_free(c);
    return needed;
}

typedef struct {
    char *policy;
    char stem[PD_STEM_MAX + 1];
    int64_t time;
    git_oid blob; /* the text (versions) or raw bytes (captures) */
    char ext[12];
    char *meta; /* details for the meta file */
    int matched;
} item;

typedef struct {
    item *v;
    size_t n, cap;
} items;

static void items_dispose(items *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].policy);
        free(l->v[i].meta);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static item *items_add(items *l)
{
    if (l->n == l->cap && pd_array_grow(&l->v, &l->cap, sizeof(*l->v), 256))
        return NULL;
    memset(&l->v[l->n], 0, sizeof(item));
    return &l->v[l->n++];
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    int c = strcmp(x->policy, y->policy);
    return c ? c : strcmp(x->stem, y->stem);
}

/* The meta lines from a first-layout commit message. */
static char *meta_from_message(const char *msg, const char *stem_sha, int missing)
{
    static const char *const keys[] = {
        "Source", "Via", "Captured-At", "Raw-SHA256", "Wayback-Timestamp", "Summary"};
    pd_buf b = PD_BUF_INIT;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        char *v = pd_store_trailer(msg, keys[i]);
        if (v)
            pd_buf_printf(&b, "%s: %s\n", keys[i], v);
        else if (i == 3 && stem_sha)
            pd_buf_printf(&b, "Raw-SHA256: %s\n", stem_sha);
        free(v);
    }
    if (missing)
        pd_buf_puts(&b, "Raw-Missing: yes\n");
    if (pd_buf_error(&b)) {
        pd_buf_dispose(&b);
        return NULL;
    }
    return pd_buf_detach(&b);
}

/* Old main, oldest first: one item per version (blob = its text). */
static int read_versions(items *out, pd_store *s, const git_oid *head)
{
    git_commit *c = NULL, *parent = NULL;
    int rc = 0;
    if (git_commit_lookup(&c, s->repo, head) < 0)
        return pd_store_git_fail("cannot read main");
    while (c) {
        const char *msg = git_commit_message(c);
        char *policy = pd_store_trailer(msg, "Policy"), *sha, *wb, *at;
        if (policy && !pd_policy_name_check(policy)) {
            git_tree *t = NULL;
            git_tree_entry *e = NULL;
            pd_buf path = PD_BUF_INIT;
            item *it;
            int64_t when = (int64_t)git_commit_time(c);
            char ts[16];
            if ((at = pd_store_trailer(msg, "Captured-At"))) {
                pd_time_parse(&when, at);
                free(at);
            }
            pd_store_policy_path(&path, policy);
            if (git_commit_tree(&t, c) < 0 || git_tree_entry_bypath(&e, t, path.ptr) < 0) {
                git_tree_free(t);
                pd_buf_dispose(&path);
                free(policy);
                pd_error_clear();
                goto next; /* not a version commit after all */
            }
            if (!(it = items_add(out))) {
                git_tree_entry_free(e);
                git_tree_free(t);
                pd_buf_dispose(&path);
                free(policy);
                rc = PD_ENOMEM_SET();
                break;
            }
            it->policy = policy;
            it->time = when;
            git_oid_cpy(&it->blob, git_tree_entry_id(e));
            sha = pd_store_trailer(msg, "Raw-SHA256");
            wb = pd_store_trailer(msg, "Wayback-Timestamp");
            pd_time_format_wayback(ts, sizeof(ts), when);
            snprintf(it->stem, sizeof(it->stem), "%s-%.16s%s%s", ts,
                     sha && strlen(sha) >= 16 ? sha : "0000000000000000", wb ? "-wb" : "",
                     wb ? wb : "");
            it->meta = meta_from_message(msg, NULL, 0);
            free(sha);
            free(wb);
            git_tree_entry_free(e);
            git_tree_free(t);
            pd_buf_dispose(&path);
        } else {
            free(policy);
        }
    next:
        if (git_commit_parentcount(c) == 0)
            break;
        if (git_commit_parent(&parent, c, 0) < 0) {
            rc = pd_store_git_fail("cannot read main");
            break;
        }
        git_commit_free(c);
        c = parent;
    }
    git_commit_free(c);
    /* newest first -> oldest first */
    for (size_t i = 0; i < out->n / 2; i++) {
        item t = out->v[i];
        out->v[i] = out->v[out->n - 1 - i];
        out->v[out->n - 1 - i] = t;
    }
    return rc;
}

/* A tree still to walk under raw/, and the policy name its path spells. */
typedef struct {
    git_oid id;
    char *prefix;
} raw_frame;

/* Adds the raw capture file te of the policy prefix to out; files that are
 * not captures are skipped. */
static int raw_add_file(items *out, const char *prefix, const git_tree_entry *te)
{
    const char *fn = git_tree_entry_name(te), *suffix;
    char stem[PD_STEM_MAX + 1];
    int64_t when;
    item *it;
    if (!*prefix || pd_caps_parse_stem(stem, &when, &suffix, fn) || *suffix != '.' ||
        strlen(suffix + 1) >= 12)
        return 0;
    it = items_add(out);
    if (!it || !(it->policy = strdup(prefix)))
        return PD_ENOMEM_SET();
    snprintf(it->stem, sizeof(it->stem), "%s", stem);
    it->time = when;
    git_oid_cpy(&it->blob, git_tree_entry_id(te));
    snprintf(it->ext, sizeof(it->ext), "%s", suffix + 1);
    return 0;
}

/* raw/<NAME>/: NAME may have '/', so walk down from top until files appear. */
static int walk_raw(items *out, pd_store *s, const git_oid *top)
{
    raw_frame *stack = malloc(sizeof(*stack) * 16);
    size_t n = 0, cap = 16;
    git_tree *pol = NULL;
    int rc = 0;

    if (!stack)
        return PD_ENOMEM_SET();
    stack[n].id = *top;
    stack[n++].prefix = strdup("");
    while (n && !rc) {
        raw_frame f = stack[--n];
        size_t cnt;
        if (git_tree_lookup(&pol, s->repo, &f.id) < 0) {
            free(f.prefix);
            rc = pd_store_git_fail("cannot read the raw branch");
            break;
        }
        cnt = git_tree_entrycount(pol);
        for (size_t i = 0; i < cnt && !rc; i++) {
            const git_tree_entry *te = git_tree_entry_byindex(pol, i);
            const char *fn = git_tree_entry_name(te);
            if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
                rc = raw_add_file(out, f.prefix, te);
                continue;
            }
            if (n == cap && (rc = pd_array_grow(&stack, &cap, sizeof(*stack), 16)))
                break;
            stack[n].id = *git_tree_entry_id(te);
            stack[n].prefix = malloc(strlen(f.prefix) + strlen(fn) + 2);
            if (stack[n].prefix)
                sprintf(stack[n].prefix, "%s%s%s", f.prefix, *f.prefix ? "/" : "", fn);
            n++;
        }
        git_tree_free(pol);
        pol = NULL;
        free(f.prefix);
    }
    while (n)
        free(stack[--n].prefix);
    free(stack);
    return rc;
}

/* The raw branch's files, with the details of the raw commit that added
 * each (its message has the same trailers). */
static int read_raw(items *out, pd_store *s, const git_oid *raw)
{
    git_commit *c = NULL;
    git_tree *root = NULL, *rawdir = NULL;
    git_tree_entry *e = NULL;
    int rc = 0;

    if (git_commit_lookup(&c, s->repo, raw) < 0 || git_commit_tree(&root, c) < 0)
        return pd_store_git_fail("cannot read the raw branch");
    if (git_tree_entry_bypath(&e, root, "raw") < 0 ||
        git_tree_lookup(&rawdir, s->repo, git_tree_entry_id(e)) < 0) {
        pd_error_clear();
        goto out;
    }
    rc = walk_raw(out, s, git_tree_id(rawdir));
out:
    git_tree_entry_free(e);
    git_tree_free(rawdir);
    git_tree_free(root);
    git_commit_free(c);
    return rc;
}

/* The details of raw captures, from the raw branch's commit messages. */
static int raw_details(items *raws, pd_store *s, const git_oid *raw)
{
    git_commit *c = NULL, *parent = NULL;
    int rc = 0;
    if (git_commit_lookup(&c, s->repo, raw) < 0)
        return pd_store_git_fail("cannot read the raw branch");
    while (c) {
        const char *msg = git_commit_message(c);
        char *policy = pd_store_trailer(msg, "Policy"), *sha = pd_store_trailer(msg, "Raw-SHA256");
        char *at = pd_store_trailer(msg, "Captured-At"), *wb;
        int64_t when;
        if (policy && sha && at && !pd_time_parse(&when, at) && strlen(sha) >= 16) {
            item key;
            char ts[16];
            item *hit;
            wb = pd_store_trailer(msg, "Wayback-Timestamp");
            pd_time_format_wayback(ts, sizeof(ts), when);
            memset(&key, 0, sizeof(key));
            key.policy = policy;
            snprintf(key.stem, sizeof(key.stem), "%s-%.16s%s%s", ts, sha, wb ? "-wb" : "",
                     wb ? wb : "");
            free(wb);
            hit = bsearch(&key, raws->v, raws->n, sizeof(item), cmp_item);
            if (hit && !hit->meta)
                hit->meta = meta_from_message(msg, NULL, 0);
        }
        free(policy);
        free(sha);
        free(at);
        if (git_commit_parentcount(c) == 0)
            break;
        if (git_commit_parent(&parent, c, 0) < 0) {
            rc = pd_store_git_fail("cannot read the raw branch");
            break;
        }
        git_commit_free(c);
        c = parent;
    }
    git_commit_free(c);
    return rc;
}

static int add_file(git_tree_update **ups, char ***paths, size_t *n, size_t *cap, const char *stem,
                    const char *suffix, const git_oid *id)
{
    pd_buf p = PD_BUF_INIT;
    int rc;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        git_tree_update *nu = realloc(*ups, nc * sizeof(*nu));
        char **np;
        PD_CHECK_ALLOC(nu);
        *ups = nu;
        np = realloc(*paths, nc * sizeof(*np));
        PD_CHECK_ALLOC(np);
        *paths = np;
        *cap = nc;
    }
    if ((rc = pd_caps_path(&p, stem, suffix)))
        return rc;
    (*paths)[*n] = pd_buf_detach(&p);
    (*ups)[*n].action = GIT_TREE_UPDATE_UPSERT;
    (*ups)[*n].id = *id;
    (*ups)[*n].filemode = GIT_FILEMODE_BLOB;
    (*ups)[*n].path = (*paths)[*n];
    (*n)++;
    return 0;
}

/* Writes one policy's captures branch from its raw files and versions.
 * Long (about 100 lines) because the two passes (raw files with the text in
 * effect, then versions that kept no raw file) fill one list of tree
 * updates that the end of the function commits at once. */
static int upgrade_policy(pd_store *s, const char *name, item *raws, size_t nr, item *vers,
                          size_t nv)
{
    git_tree_update *ups = NULL;
    char **paths = NULL;
    size_t n = 0, cap = 0;
    git_oid tree_id, tip, blob;
    git_signature *sig = NULL;
    pd_buf ref = PD_BUF_INIT;
    int rc = 0;

    for (size_t i = 0; i < nr && !rc; i++) {
        /* the text in effect at the capture: the last version at or before it */
        long in = -1;
        char sfx[24];
        for (size_t j = 0; j < nv && vers[j].time <= raws[i].time; j++)
            in = (long)j;
        for (size_t j = 0; j < nv; j++)
            if (!strcmp(vers[j].stem, raws[i].stem))
                vers[j].matched = 1, in = (long)j;
        if (!raws[i].meta) {
            char iso[32];
            pd_buf m = PD_BUF_INIT;
            pd_time_format_iso(iso, sizeof(iso), raws[i].time);
            pd_buf_printf(&m, "Source: \nVia: %s\nCaptured-At: %s\n",
                          strstr(raws[i].stem, "-wb") ? "wayback" : "file", iso);
            raws[i].meta = pd_buf_detach(&m);
        }
        if (!raws[i].meta ||
            git_blob_create_from_buffer(&blob, s->repo, raws[i].meta, strlen(raws[i].meta)) < 0) {
            rc = pd_store_git_fail("cannot write a capture's details");
            break;
        }
        snprintf(sfx, sizeof(sfx), ".raw.%s", raws[i].ext);
        if ((rc = add_file(&ups, &paths, &n, &cap, raws[i].stem, ".meta", &blob)) ||
            (rc = add_file(&ups, &paths, &n, &cap, raws[i].stem, sfx, &raws[i].blob)))
            break;
        if (in >= 0)
            rc = add_file(&ups, &paths, &n, &cap, raws[i].stem, ".text.md", &vers[in].blob);
    }
    for (size_t j = 0; j < nv && !rc; j++) {
        char *meta;
        if (vers[j].matched)
            continue;
        meta = malloc(strlen(vers[j].meta ? vers[j].meta : "") + 32);
        if (!meta) {
            rc = PD_ENOMEM_SET();
            break;
        }
        sprintf(meta, "%sRaw-Missing: yes\n", vers[j].meta ? vers[j].meta : "");
        if (git_blob_create_from_buffer(&blob, s->repo, meta, strlen(meta)) < 0)
            rc = pd_store_git_fail("cannot write a capture's details");
        free(meta);
        if (rc || (rc = add_file(&ups, &paths, &n, &cap, vers[j].stem, ".meta", &blob)) ||
            (rc = add_file(&ups, &paths, &n, &cap, vers[j].stem, ".raw.md", &vers[j].blob)) ||
            (rc = add_file(&ups, &paths, &n, &cap, vers[j].stem, ".text.md", &vers[j].blob)))
            break;
    }
    if (rc || !n)
        goto out;
    if (git_tree_create_updated(&tree_id, s->repo, NULL, n, ups) < 0) {
        rc = pd_store_git_fail("cannot write a policy's captures");
        goto out;
    }
    if (git_signature_new(&sig, "policydiff", "policydiff@localhost", (git_time_t)pd_time_now(),
                          0) < 0 ||
        (rc = pd_store_ref_name(&ref, PD_CAPTURES_PREFIX, name))) {
        rc = rc ? rc : pd_store_git_fail("cannot make a signature");
        goto out;
    }
    {
        /* a run killed half way may have written this ref: start it again */
        git_oid old;
        int unborn;
        if ((rc = pd_store_ref_id(&old, &unborn, s, ref.ptr)))
            goto out;
        if (!unborn) {
            git_reference *r = NULL;
            if (git_reference_lookup(&r, s->repo, ref.ptr) == 0)
                git_reference_delete(r);
            git_reference_free(r);
        }
    }
    if ((rc = pd_store_commit_ref(s, ref.ptr, NULL, &tree_id, sig,
                                  "upgrade: the captures of the first layout\n", &tip)))
        goto out;
    {
        pd_derive_stats st;
        rc = pd_chain_derive(&st, s, name, 1, 0);
    }
out:
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    free(ups);
    git_signature_free(sig);
    pd_buf_dispose(&ref);
    return rc;
}

static int rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

int pd_upgrade_run(size_t *policies, size_t *versions, pd_store *s)
{
    items vers = {0}, raws = {0};
    git_oid head, raw;
    int unborn_main, unborn_raw, rc;

    *policies = *versions = 0;
    if ((rc = pd_store_ref_id(&head, &unborn_main, s, PD_MAIN_REF)) ||
        (rc = pd_store_ref_id(&raw, &unborn_raw, s, PD_RAW_REF)))
        return rc;
    if (!unborn_main && (rc = read_versions(&vers, s, &head)))
        goto out;
    if (!unborn_raw && (rc = read_raw(&raws, s, &raw)))
        goto out;
    qsort(raws.v, raws.n, sizeof(item), cmp_item);
    if (!unborn_raw && (rc = raw_details(&raws, s, &raw)))
        goto out;
    /* versions stay in main's order (by time) within a policy: stable sort by name */
    for (size_t i = 1; i < vers.n; i++) {
        item t = vers.v[i];
        size_t j = i;
        while (j > 0 && strcmp(vers.v[j - 1].policy, t.policy) > 0) {
            vers.v[j] = vers.v[j - 1];
            j--;
        }
        vers.v[j] = t;
    }
    for (size_t i = 0, j = 0; (i < raws.n || j < vers.n) && !rc;) {
        const char *name =
            i < raws.n && (j >= vers.n || strcmp(raws.v[i].policy, vers.v[j].policy) <= 0)
                ? raws.v[i].policy
                : vers.v[j].policy;
        size_t i2 = i, j2 = j;
        while (i2 < raws.n && !strcmp(raws.v[i2].policy, name))
            i2++;
        while (j2 < vers.n && !strcmp(vers.v[j2].policy, name))
            j2++;
        rc = upgrade_policy(s, name, raws.v + i, i2 - i, vers.v + j, j2 - j);
        (*policies)++;
        *versions += j2 - j;
        i = i2;
        j = j2;
    }
    if (rc)
        goto out;
    s->conf_dirty = 1; /* the view lists every policy */
    if ((rc = pd_view_flush(s)))
        goto out;
    if (!unborn_raw) {
        git_reference *r = NULL;
        if (git_reference_lookup(&r, s->repo, PD_RAW_REF) == 0 && git_reference_delete(r) < 0)
            rc = pd_store_git_fail("cannot remove the old raw branch");
        git_reference_free(r);
    }
    {
        /* the first layout's index files */
        pd_buf p = PD_BUF_INIT;
        pd_buf_printf(&p, "%s/pd-index/p", s->path);
        if (!pd_buf_error(&p))
            nftw(p.ptr, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
        pd_buf_clear(&p);
        pd_buf_printf(&p, "%s/pd-index/HEAD", s->path);
        if (!pd_buf_error(&p))
            unlink(p.ptr);
        pd_buf_dispose(&p);
    }
out:
    items_dispose(&vers);
    items_dispose(&raws);
    return rc;
}

int pd_upgrade_if_needed(pd_store *s)
{
    size_t np = 0, nv = 0;
    int rc;
    if (s->layout_checked)
        return 0;
    if (!pd_upgrade_needed(s)) {
        s->layout_checked = 1;
        return 0;
    }
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        return rc;
    rc = pd_upgrade_needed(s) ? pd_upgrade_run(&np, &nv, s) : 0;
    if (!rc) {
        s->layout_checked = 1;
        s->upgraded_policies += np;
        s->upgraded_versions += nv;
    }
    pd_store_unlock(s);
    return rc;
}

int pd_store_layout_check(pd_store *s)
{
    return pd_upgrade_if_needed(s);
}

int pd_store_upgraded(size_t *policies, size_t *versions, const pd_store *s)
{
    *policies = s->upgraded_policies;
    *versions = s->upgraded_versions;
    return s->upgraded_policies > 0;
}
