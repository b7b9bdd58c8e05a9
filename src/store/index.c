#define _XOPEN_SOURCE 700
/*
 * index.c - the per-policy version index, so that reading one policy never
 * walks all of main.
 *
 * <store>/pd-index/p/<NAME>.idx lists NAME's versions on main, oldest
 * first, one line each: "<capture time> <commit id> <blob id of the text>".
 * <store>/pd-index/HEAD holds the id of main the files describe.  It is a
 * cache, never the truth: a writer moves main first, then removes HEAD,
 * rewrites the files it changed and writes HEAD last (each file by
 * temporary file + rename), so after a kill at any point either HEAD
 * matches main and every file is right, or HEAD is missing or different
 * and the index is brought up to date from main's history (by a run that
 * holds or can take the lock; others work it out in memory only).
 * Appending a version does not remove HEAD first: when HEAD names one of
 * main's recent first-parent ancestors, only the newer commits are indexed
 * (a file that already lists one of them keeps it once).  History
 * rewrites remove HEAD first, so their interruption means a full rebuild.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_LEN 128

void pd_idx_dispose(pd_idx *idx)
{
    free(idx->v);
    memset(idx, 0, sizeof(*idx));
}

int pd_idx_push(pd_idx *idx, int64_t time, const git_oid *commit, const git_oid *blob)
{
    if (idx->n == idx->cap) {
        size_t nc = idx->cap ? idx->cap * 2 : 16;
        pd_idx_entry *nv = realloc(idx->v, nc * sizeof(*nv));
        if (!nv)
            return pd_error_set(PD_ENOMEM, "out of memory");
        idx->v = nv;
        idx->cap = nc;
    }
    idx->v[idx->n].time = time;
    git_oid_cpy(&idx->v[idx->n].commit, commit);
    git_oid_cpy(&idx->v[idx->n].blob, blob);
    idx->n++;
    return 0;
}

long pd_idx_find(const pd_idx *idx, int64_t at)
{
    size_t lo = 0, hi = idx->n; /* first entry with time > at */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx->v[mid].time <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

static int mkdirs_for(const char *path)
{
    char *p = strdup(path), *slash;
    int rc = 0;
    if (!p)
        return pd_error_set(PD_ENOMEM, "out of memory");
    for (slash = strchr(p + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            rc = pd_error_set(PD_EIO, "cannot create %s: %s", p, strerror(errno));
            break;
        }
        *slash = '/';
    }
    free(p);
    return rc;
}

/* temporary file + rename, without fsync: the index is only a cache. */
static int write_atomic(const char *path, const char *data, size_t len)
{
    pd_buf tmp = PD_BUF_INIT;
    int fd, rc = 0;
    pd_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
    if ((rc = pd_buf_error(&tmp)))
        return rc;
    fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT && !mkdirs_for(tmp.ptr))
        fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = pd_error_set(PD_EIO, "cannot create %s: %s", tmp.ptr, strerror(errno));
        goto out;
    }
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = pd_error_set(PD_EIO, "cannot write %s: %s", tmp.ptr, strerror(errno));
            break;
        }
        data += n;
        len -= (size_t)n;
    }
    if (close(fd) != 0 && !rc)
        rc = pd_error_set(PD_EIO, "cannot write %s: %s", tmp.ptr, strerror(errno));
    if (!rc && rename(tmp.ptr, path) != 0)
        rc = pd_error_set(PD_EIO, "cannot rename %s: %s", tmp.ptr, strerror(errno));
    if (rc)
        unlink(tmp.ptr);
out:
    pd_buf_dispose(&tmp);
    return rc;
}

static int idx_path(pd_buf *out, const char *root, const char *name)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%s/p/%s.idx", root, name);
    return pd_buf_error(out);
}

static int format_idx(pd_buf *out, const pd_idx *idx)
{
    char c[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
    for (size_t i = 0; i < idx->n; i++) {
        git_oid_tostr(c, sizeof(c), &idx->v[i].commit);
        git_oid_tostr(b, sizeof(b), &idx->v[i].blob);
        pd_buf_printf(out, "%" PRId64 " %s %s\n", idx->v[i].time, c, b);
    }
    return pd_buf_error(out);
}

int pd_idx_write_file(pd_store *s, const char *name, const pd_idx *idx)
{
    pd_buf path = PD_BUF_INIT, data = PD_BUF_INIT, root = PD_BUF_INIT;
    int rc;
    pd_buf_printf(&root, "%s/pd-index", s->path);
    if (!(rc = pd_buf_error(&root)) && !(rc = idx_path(&path, root.ptr, name)) &&
        !(rc = format_idx(&data, idx)))
        rc = write_atomic(path.ptr, pd_buf_cstr(&data), data.len);
    pd_buf_dispose(&path);
    pd_buf_dispose(&data);
    pd_buf_dispose(&root);
    return rc;
}

static int parse_idx(pd_idx *out, const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char line[LINE_MAX_LEN], c[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
        long long t;
        git_oid co, bo;
        size_t n;
        int rc;
        if (!nl || (n = (size_t)(nl - p)) >= sizeof(line))
            return PD_EIO;
        memcpy(line, p, n);
        line[n] = '\0';
        if (sscanf(line, "%lld %40s %40s", &t, c, b) != 3 || git_oid_fromstr(&co, c) < 0 ||
            git_oid_fromstr(&bo, b) < 0 || (out->n && out->v[out->n - 1].time > t))
            return PD_EIO;
        if ((rc = pd_idx_push(out, (int64_t)t, &co, &bo)))
            return rc;
        p = nl + 1;
    }
    return 0;
}

int pd_idx_read_file(pd_idx *out, pd_store *s, const char *name)
{
    pd_buf path = PD_BUF_INIT, data = PD_BUF_INIT, root = PD_BUF_INIT;
    int rc;
    memset(out, 0, sizeof(*out));
    pd_buf_printf(&root, "%s/pd-index", s->path);
    if ((rc = pd_buf_error(&root)) || (rc = idx_path(&path, root.ptr, name)))
        goto out;
    if (access(path.ptr, F_OK) != 0)
        goto out; /* no versions yet */
    if ((rc = pd_buf_read_file(&data, path.ptr, 0)))
        goto out;
    if ((rc = parse_idx(out, pd_buf_cstr(&data), data.len)) == PD_EIO)
        rc = pd_error_set(PD_EIO, "the version index %s is damaged", path.ptr);
out:
    if (rc)
        pd_idx_dispose(out);
    pd_buf_dispose(&path);
    pd_buf_dispose(&data);
    pd_buf_dispose(&root);
    return rc;
}

void pd_idx_invalidate(pd_store *s)
{
    pd_buf p = PD_BUF_INIT;
    pd_buf_printf(&p, "%s/pd-index/HEAD", s->path);
    if (!pd_buf_error(&p))
        unlink(p.ptr);
    pd_buf_dispose(&p);
}

static int head_file(pd_buf *out, const char *root)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%s/HEAD", root);
    return pd_buf_error(out);
}

int pd_idx_set_head(pd_store *s, const git_oid *head)
{
    pd_buf p = PD_BUF_INIT, root = PD_BUF_INIT;
    char hex[GIT_OID_HEXSZ + 2];
    int rc;
    git_oid_tostr(hex, GIT_OID_HEXSZ + 1, head);
    strcat(hex, "\n");
    pd_buf_printf(&root, "%s/pd-index", s->path);
    if (!(rc = pd_buf_error(&root)) && !(rc = head_file(&p, root.ptr)))
        rc = write_atomic(p.ptr, hex, strlen(hex));
    pd_buf_dispose(&p);
    pd_buf_dispose(&root);
    return rc;
}

/* ---- rebuilding from main ---- */

typedef struct {
    char *name;
    size_t seq; /* position on main, oldest first */
    pd_idx_entry e;
} named_entry;

typedef struct {
    named_entry *v;
    size_t n, cap;
} entry_list;

static void entry_list_dispose(entry_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int cmp_named(const void *a, const void *b)
{
    const named_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int collect(entry_list *l, pd_store *s, const git_oid *head)
{
    git_commit *c = NULL, *parent;
    pd_buf path = PD_BUF_INIT;
    int rc = 0;

    if (git_commit_lookup(&c, s->repo, head) < 0)
        return pd_store_git_fail("cannot read main");
    while (c) {
        char *name = pd_store_trailer(git_commit_message(c), "Policy");
        if (name && pd_policy_name_check(name) == 0) {
            git_tree *tree = NULL;
            git_tree_entry *te = NULL;
            if ((rc = pd_store_policy_path(&path, name)))
                goto fail_one;
            if (git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&te, tree, path.ptr) == 0 &&
                git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
                if (l->n == l->cap) {
                    size_t nc = l->cap ? l->cap * 2 : 256;
                    named_entry *nv = realloc(l->v, nc * sizeof(*nv));
                    if (!nv) {
                        rc = pd_error_set(PD_ENOMEM, "out of memory");
                        goto fail_one;
                    }
                    l->v = nv;
                    l->cap = nc;
                }
                l->v[l->n].name = name;
                l->v[l->n].seq = l->n;
                l->v[l->n].e.time = (int64_t)git_commit_time(c);
                git_oid_cpy(&l->v[l->n].e.commit, git_commit_id(c));
                git_oid_cpy(&l->v[l->n].e.blob, git_tree_entry_id(te));
                l->n++;
                name = NULL;
            }
        fail_one:
            git_tree_entry_free(te);
            git_tree_free(tree);
            if (rc) {
                free(name);
                break;
            }
        }
        pd_error_clear();
        free(name);
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
    pd_buf_dispose(&path);
    /* oldest first */
    for (size_t i = 0; i < l->n; i++)
        l->v[i].seq = l->n - 1 - l->v[i].seq;
    if (!rc && l->n)
        qsort(l->v, l->n, sizeof(*l->v), cmp_named);
    return rc;
}

static int rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void rmtree(const char *path)
{
    nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes the whole index into pd-index.new, then swaps it in. */
static int persist(pd_store *s, const entry_list *l, const git_oid *head, int unborn)
{
    pd_buf root = PD_BUF_INIT, fresh = PD_BUF_INIT, old = PD_BUF_INIT, p = PD_BUF_INIT,
           data = PD_BUF_INIT;
    size_t i = 0;
    int rc;

    pd_buf_printf(&root, "%s/pd-index", s->path);
    pd_buf_printf(&fresh, "%s/pd-index.new", s->path);
    pd_buf_printf(&old, "%s/pd-index.old", s->path);
    if ((rc = pd_buf_error(&root)) || (rc = pd_buf_error(&fresh)) || (rc = pd_buf_error(&old)))
        goto out;
    rmtree(fresh.ptr);
    rmtree(old.ptr);
    if (mkdir(fresh.ptr, 0777) < 0) {
        rc = pd_error_set(PD_EIO, "cannot create %s: %s", fresh.ptr, strerror(errno));
        goto out;
    }
    while (i < l->n) {
        size_t j = i;
        pd_buf_clear(&data);
        while (j < l->n && !strcmp(l->v[j].name, l->v[i].name)) {
            const pd_idx one = {(pd_idx_entry *)&l->v[j].e, 1, 1};
            if ((rc = format_idx(&data, &one)))
                goto out;
            j++;
        }
        if ((rc = idx_path(&p, fresh.ptr, l->v[i].name)) ||
            (rc = write_atomic(p.ptr, pd_buf_cstr(&data), data.len)))
            goto out;
        i = j;
    }
    if (!unborn) {
        char hex[GIT_OID_HEXSZ + 2];
        git_oid_tostr(hex, GIT_OID_HEXSZ + 1, head);
        strcat(hex, "\n");
        if ((rc = head_file(&p, fresh.ptr)) || (rc = write_atomic(p.ptr, hex, strlen(hex))))
            goto out;
    } else if ((rc = head_file(&p, fresh.ptr)) || (rc = write_atomic(p.ptr, "none\n", 5))) {
        goto out;
    }
    if ((rename(root.ptr, old.ptr) != 0 && errno != ENOENT) || rename(fresh.ptr, root.ptr) != 0) {
        rc = pd_error_set(PD_EIO, "cannot replace %s: %s", root.ptr, strerror(errno));
        goto out;
    }
    rmtree(old.ptr);
out:
    pd_buf_dispose(&root);
    pd_buf_dispose(&fresh);
    pd_buf_dispose(&old);
    pd_buf_dispose(&p);
    pd_buf_dispose(&data);
    return rc;
}

static int head_matches(pd_store *s, const git_oid *head, int unborn)
{
    pd_buf p = PD_BUF_INIT, data = PD_BUF_INIT;
    char hex[GIT_OID_HEXSZ + 1];
    int same = 0;
    pd_buf_printf(&p, "%s/pd-index/HEAD", s->path);
    if (!pd_buf_error(&p) && access(p.ptr, F_OK) == 0 && pd_buf_read_file(&data, p.ptr, 128) == 0) {
        if (unborn) {
            same = !strcmp(pd_buf_cstr(&data), "none\n");
        } else {
            git_oid_tostr(hex, sizeof(hex), head);
            same = data.len == GIT_OID_HEXSZ + 1 && !memcmp(data.ptr, hex, GIT_OID_HEXSZ);
        }
    }
    pd_error_clear();
    pd_buf_dispose(&p);
    pd_buf_dispose(&data);
    return same;
}

static int rebuild(pd_idx *out, pd_store *s, const char *name, const git_oid *head, int unborn)
{
    entry_list l = {0};
    int rc = 0, took_lock = 0;

    if (!unborn && (rc = collect(&l, s, head)))
        goto out;
    if (s->lock_depth > 0 || (pd_store_lock(s, 0) == 0 && (took_lock = 1))) {
        rc = persist(s, &l, head, unborn);
        if (took_lock)
            pd_store_unlock(s);
        if (rc)
            goto out;
    }
    pd_error_clear();
    for (size_t i = 0; i < l.n; i++)
        if (!strcmp(l.v[i].name, name) &&
            (rc = pd_idx_push(out, l.v[i].e.time, &l.v[i].e.commit, &l.v[i].e.blob)))
            goto out;
out:
    entry_list_dispose(&l);
    return rc;
}

/* The commit id in pd-index/HEAD, 0 when there is one. */
static int read_head_file(git_oid *out, pd_store *s)
{
    pd_buf p = PD_BUF_INIT, data = PD_BUF_INIT;
    int rc = -1;
    pd_buf_printf(&p, "%s/pd-index/HEAD", s->path);
    if (!pd_buf_error(&p) && access(p.ptr, F_OK) == 0 && pd_buf_read_file(&data, p.ptr, 128) == 0 &&
        data.len == GIT_OID_HEXSZ + 1 && git_oid_fromstrn(out, data.ptr, GIT_OID_HEXSZ) == 0)
        rc = 0;
    pd_error_clear();
    pd_buf_dispose(&p);
    pd_buf_dispose(&data);
    return rc;
}

/* Adds the entries of l (oldest first) for name to idx, skipping commits
 * it already lists; PD_EIO when they would not come after its last one. */
static int add_new(pd_idx *idx, const entry_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++) {
        size_t k;
        int rc;
        if (strcmp(l->v[i].name, name))
            continue;
        for (k = idx->n; k-- > 0;)
            if (git_oid_equal(&idx->v[k].commit, &l->v[i].e.commit))
                break;
        if (k != (size_t)-1)
            continue;
        if (idx->n && idx->v[idx->n - 1].time > l->v[i].e.time)
            return PD_EIO;
        if ((rc = pd_idx_push(idx, l->v[i].e.time, &l->v[i].e.commit, &l->v[i].e.blob)))
            return rc;
    }
    return 0;
}

/*
 * Main moved on from old (the commit pd-index/HEAD names) by appending, as
 * after a run killed between moving main and writing HEAD: index only the
 * new commits.  1 when this does not apply (old is not among main's last
 * commits), so the caller rebuilds everything.
 */
#define PD_IDX_CATCH_UP_MAX 10000
static int catch_up(pd_idx *out, pd_store *s, const char *name, const git_oid *old,
                    const git_oid *head)
{
    entry_list l = {0};
    git_commit *c = NULL, *parent;
    pd_buf path = PD_BUF_INIT;
    pd_idx one = {0};
    size_t walked = 0;
    int rc = 0, found = 0, took_lock = 0, persist_ok;

    if (git_commit_lookup(&c, s->repo, head) < 0) {
        pd_error_clear();
        return 1;
    }
    while (c && walked++ < PD_IDX_CATCH_UP_MAX) {
        char *pname;
        if (git_oid_equal(git_commit_id(c), old)) {
            found = 1;
            break;
        }
        pname = pd_store_trailer(git_commit_message(c), "Policy");
        if (pname && pd_policy_name_check(pname) == 0 && pd_store_policy_path(&path, pname) == 0) {
            git_tree *tree = NULL;
            git_tree_entry *te = NULL;
            if (git_commit_tree(&tree, c) == 0 && git_tree_entry_bypath(&te, tree, path.ptr) == 0 &&
                git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
                if (l.n == l.cap) {
                    size_t nc = l.cap ? l.cap * 2 : 16;
                    named_entry *nv = realloc(l.v, nc * sizeof(*nv));
                    if (!nv)
                        rc = pd_error_set(PD_ENOMEM, "out of memory");
                    else {
                        l.v = nv;
                        l.cap = nc;
                    }
                }
                if (!rc) {
                    l.v[l.n].name = pname;
                    l.v[l.n].seq = l.n;
                    l.v[l.n].e.time = (int64_t)git_commit_time(c);
                    git_oid_cpy(&l.v[l.n].e.commit, git_commit_id(c));
                    git_oid_cpy(&l.v[l.n].e.blob, git_tree_entry_id(te));
                    l.n++;
                    pname = NULL;
                }
            }
            git_tree_entry_free(te);
            git_tree_free(tree);
        }
        free(pname);
        pd_error_clear();
        if (rc || git_commit_parentcount(c) == 0 || git_commit_parent(&parent, c, 0) < 0)
            break;
        git_commit_free(c);
        c = parent;
    }
    git_commit_free(c);
    pd_buf_dispose(&path);
    if (rc)
        goto out;
    if (!found) {
        rc = 1;
        goto out;
    }
    /* oldest first */
    for (size_t i = 0; i < l.n / 2; i++) {
        named_entry t = l.v[i];
        l.v[i] = l.v[l.n - 1 - i];
        l.v[l.n - 1 - i] = t;
    }
    persist_ok = s->lock_depth > 0 || (pd_store_lock(s, 0) == 0 && (took_lock = 1));
    pd_error_clear();
    if (persist_ok) {
        for (size_t i = 0; i < l.n && !rc; i++) {
            size_t k;
            for (k = 0; k < i && strcmp(l.v[k].name, l.v[i].name); k++)
                ;
            if (k < i)
                continue; /* that policy is done */
            if ((rc = pd_idx_read_file(&one, s, l.v[i].name)) == 0 &&
                (rc = add_new(&one, &l, l.v[i].name)) == 0)
                rc = pd_idx_write_file(s, l.v[i].name, &one);
            pd_idx_dispose(&one);
        }
        if (!rc)
            rc = pd_idx_set_head(s, head);
        if (took_lock)
            pd_store_unlock(s);
    }
    if (rc == PD_EIO) {
        pd_error_clear();
        rc = 1;
    }
    if (!rc && (rc = pd_idx_read_file(out, s, name)) == 0 && !persist_ok)
        rc = add_new(out, &l, name);
    if (rc == PD_EIO) {
        pd_error_clear();
        rc = 1;
    }
out:
    entry_list_dispose(&l);
    return rc;
}

int pd_idx_load(pd_idx *out, pd_store *s, const char *name)
{
    git_oid head, old;
    int unborn, rc;

    memset(out, 0, sizeof(*out));
    if ((rc = pd_store_ref_id(&head, &unborn, s, PD_MAIN_REF)))
        return rc;
    if (head_matches(s, &head, unborn)) {
        rc = pd_idx_read_file(out, s, name);
        if (rc != PD_EIO)
            return rc;
    } else if (!unborn && read_head_file(&old, s) == 0) {
        rc = catch_up(out, s, name, &old, &head);
        if (rc <= 0) {
            if (rc)
                pd_idx_dispose(out);
            return rc;
        }
        pd_idx_dispose(out);
    }
    rc = rebuild(out, s, name, &head, unborn);
    if (rc)
        pd_idx_dispose(out);
    return rc;
}
