#define _XOPEN_SOURCE 700
/*
 * index.c - the per-policy version index, so that reading one policy reads
 * one small file and never walks its history.
 *
 * <store>/pd-index/v2/<NAME>.idx is a file of fixed-width lines
 * (PD_IDX_LINE bytes): a header naming the versions and captures tips it
 * describes and the newest capture's stem, then one line per version,
 * oldest first: "<capture time> <commit id> <blob id of the text> <capture
 * stem>".  Lookups are binary searches in place.  It is a cache, never the
 * truth: it is written (temporary file + rename) after the versions ref
 * moves, and whenever its header does not name the ref's tip (a crash, an
 * outside git command) it is rebuilt from that one policy's chain.
 */
#include "store/store_internal.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HDR_MAGIC "pd-index2 "

void pd_idx_dispose(pd_idx *idx)
{
    if (idx->mapped)
        munmap(idx->data, idx->maplen);
    else
        free(idx->data);
    memset(idx, 0, sizeof(*idx));
}

static const char *line_at(const pd_idx *idx, size_t i)
{
    return idx->data + (i + 1) * PD_IDX_LINE;
}

int64_t pd_idx_time(const pd_idx *idx, size_t i)
{
    return (int64_t)strtoll(line_at(idx, i), NULL, 10);
}

void pd_idx_commit(git_oid *out, const pd_idx *idx, size_t i)
{
    git_oid_fromstrn(out, line_at(idx, i) + 13, 40);
}

void pd_idx_blob(git_oid *out, const pd_idx *idx, size_t i)
{
    git_oid_fromstrn(out, line_at(idx, i) + 54, 40);
}

static void copy_stem(char out[PD_STEM_MAX + 1], const char *p)
{
    size_t n = 0;
    while (n < PD_STEM_MAX && p[n] != ' ' && p[n] != '\n')
        n++;
    memcpy(out, p, n);
    out[n] = '\0';
}

void pd_idx_stem(char out[PD_STEM_MAX + 1], const pd_idx *idx, size_t i)
{
    copy_stem(out, line_at(idx, i) + 95);
}

/* Fills the PD_IDX_LINE bytes at line (no terminating NUL). */
static int fmt_line(char *line, const char *text)
{
    size_t n = strlen(text);
    if (n > PD_IDX_LINE - 1)
        return pd_error_set(PD_EINVALID, "an index line is too long");
    memcpy(line, text, n);
    memset(line + n, ' ', PD_IDX_LINE - 1 - n);
    line[PD_IDX_LINE - 1] = '\n';
    return 0;
}

static int ensure(pd_idx *idx, size_t lines)
{
    char *nd;
    if (idx->mapped) { /* a file mapped for reading: copy it to grow it */
        nd = malloc(lines * PD_IDX_LINE);
        PD_CHECK_ALLOC(nd);
        memcpy(nd, idx->data, (idx->n + 1) * PD_IDX_LINE);
        munmap(idx->data, idx->maplen);
        idx->mapped = 0;
        idx->data = nd;
        return 0;
    }
    nd = realloc(idx->data, lines * PD_IDX_LINE);
    PD_CHECK_ALLOC(nd);
    idx->data = nd;
    return 0;
}

int pd_idx_push(pd_idx *idx, int64_t time, const git_oid *commit, const git_oid *blob,
                const char *stem)
{
    char c[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1], text[PD_IDX_LINE + 1];
    int rc;
    /* the buffer holds the header and n lines, growing geometrically */
    if (idx->mapped || idx->n + 2 > idx->cap) {
        size_t want = idx->cap < 8 ? 16 : idx->cap * 2;
        if ((rc = ensure(idx, want)))
            return rc;
        idx->cap = want;
    }
    git_oid_tostr(c, sizeof(c), commit);
    git_oid_tostr(b, sizeof(b), blob);
    snprintf(text, sizeof(text), "%012" PRId64 " %s %s %s", time, c, b, stem ? stem : "");
    if ((rc = fmt_line(idx->data + (idx->n + 1) * PD_IDX_LINE, text)))
        return rc;
    idx->n++;
    return 0;
}

void pd_idx_truncate(pd_idx *idx, size_t n)
{
    if (n < idx->n)
        idx->n = n;
}

long pd_idx_find(const pd_idx *idx, int64_t at)
{
    size_t lo = 0, hi = idx->n; /* first entry with time > at */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pd_idx_time(idx, mid) <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

size_t pd_idx_lower(const pd_idx *idx, int64_t since)
{
    size_t lo = 0, hi = idx->n; /* first entry with time >= since */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pd_idx_time(idx, mid) < since)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int mkdirs_for(const char *path)
{
    char *p = strdup(path), *slash;
    int rc = 0;
    PD_CHECK_ALLOC(p);
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

static int write_fd(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* head then body into path: temporary file + rename, without fsync (the
 * index is only a cache). */
static int write_atomic(const char *path, const char *head, size_t hlen, const char *data,
                        size_t len)
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
    if (write_fd(fd, head, hlen) < 0 || write_fd(fd, data, len) < 0)
        rc = pd_error_set(PD_EIO, "cannot write %s: %s", tmp.ptr, strerror(errno));
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

static int idx_path(pd_buf *out, pd_store *s, const char *name)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "%s/pd-index/v2/%s.idx", s->path, name);
    return pd_buf_error(out);
}

int pd_idx_write_file(pd_store *s, const char *name, const pd_idx *idx)
{
    pd_buf path = PD_BUF_INIT;
    char v[GIT_OID_HEXSZ + 1], c[GIT_OID_HEXSZ + 1], text[PD_IDX_LINE + 1], hdr[PD_IDX_LINE];
    int rc;

    git_oid_tostr(v, sizeof(v), &idx->vtip);
    git_oid_tostr(c, sizeof(c), &idx->ctip);
    snprintf(text, sizeof(text), HDR_MAGIC "%s %s %s", v, c, idx->last_stem);
    if (!(rc = fmt_line(hdr, text)) && !(rc = idx_path(&path, s, name)))
        rc = write_atomic(path.ptr, hdr, PD_IDX_LINE, idx->data ? idx->data + PD_IDX_LINE : "",
                          idx->n * PD_IDX_LINE);
    pd_buf_dispose(&path);
    return rc;
}

static int pwrite_all(int fd, const char *data, size_t len, off_t at)
{
    while (len) {
        ssize_t n = pwrite(fd, data, len, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
        at += n;
    }
    return 0;
}

int pd_idx_save(pd_store *s, const char *name, const pd_idx *idx, size_t old_n)
{
    pd_buf path = PD_BUF_INIT;
    char v[GIT_OID_HEXSZ + 1], c[GIT_OID_HEXSZ + 1], text[PD_IDX_LINE + 1], hdr[PD_IDX_LINE];
    struct stat st;
    int fd = -1, rc;

    /* the file holds old_n entries: append the new lines, then the header
     * (a kill in between leaves an old header: the file is rebuilt) */
    if (!idx->data || old_n > idx->n || (rc = idx_path(&path, s, name)))
        goto full;
    if ((fd = open(path.ptr, O_WRONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0 ||
        (size_t)st.st_size != (old_n + 1) * PD_IDX_LINE)
        goto full;
    git_oid_tostr(v, sizeof(v), &idx->vtip);
    git_oid_tostr(c, sizeof(c), &idx->ctip);
    snprintf(text, sizeof(text), HDR_MAGIC "%s %s %s", v, c, idx->last_stem);
    if (fmt_line(hdr, text) ||
        pwrite_all(fd, idx->data + (old_n + 1) * PD_IDX_LINE, (idx->n - old_n) * PD_IDX_LINE,
                   (off_t)((old_n + 1) * PD_IDX_LINE)) < 0 ||
        pwrite_all(fd, hdr, PD_IDX_LINE, 0) < 0)
        goto full;
    close(fd);
    pd_buf_dispose(&path);
    return 0;
full:
    if (fd >= 0)
        close(fd);
    pd_buf_dispose(&path);
    pd_error_clear();
    return pd_idx_write_file(s, name, idx);
}

/* 0 when data is a well-formed index file; fills out's header fields. */
static int parse(pd_idx *out, char *data, size_t len)
{
    git_oid zero;
    if (len < PD_IDX_LINE || len % PD_IDX_LINE || strncmp(data, HDR_MAGIC, 10) ||
        git_oid_fromstrn(&out->vtip, data + 10, 40) < 0 ||
        git_oid_fromstrn(&out->ctip, data + 51, 40) < 0)
        return -1;
    copy_stem(out->last_stem, data + 92);
    memset(&zero, 0, sizeof(zero));
    out->data = data;
    out->n = len / PD_IDX_LINE - 1;
    out->cap = out->n + 1;
    /* the lines are read in place, when looked up: check the first and the
     * last here (a file is written whole or appended line by line, and its
     * header, naming the ref's tip, is written last) */
    for (size_t i = 0; i < out->n; i = i + 1 < out->n ? out->n - 1 : out->n) {
        const char *l = line_at(out, i);
        if (l[PD_IDX_LINE - 1] != '\n' || l[12] != ' ' || l[53] != ' ' || l[94] != ' ')
            return -1;
    }
    return 0;
}

/* Walks the chain from tip (first parents) into out, oldest first. */
static int rebuild(pd_idx *out, pd_store *s, const char *name, const git_oid *tip)
{
    git_commit *c = NULL, *parent = NULL;
    pd_buf path = PD_BUF_INIT;
    pd_idx rev = {0};
    int rc;

    if ((rc = pd_store_policy_path(&path, name)))
        goto out;
    if (git_commit_lookup(&c, s->repo, tip) < 0) {
        rc = pd_store_git_fail("cannot read a policy's versions");
        goto out;
    }
    while (c) {
        git_tree *t = NULL;
        git_tree_entry *e = NULL;
        char *stem = pd_store_trailer(git_commit_message(c), "Capture");
        if (git_commit_tree(&t, c) < 0 || git_tree_entry_bypath(&e, t, path.ptr) < 0) {
            git_tree_free(t);
            free(stem);
            rc = pd_error_set(PD_EIO,
                              "commit %s of '%s' does not hold %s: not a policydiff version "
                              "chain",
                              git_oid_tostr_s(git_commit_id(c)), name, path.ptr);
            goto out;
        }
        rc = pd_idx_push(&rev, (int64_t)git_commit_time(c), git_commit_id(c), git_tree_entry_id(e),
                         stem);
        git_tree_entry_free(e);
        git_tree_free(t);
        free(stem);
        if (rc)
            goto out;
        if (git_commit_parentcount(c) == 0)
            break;
        if (git_commit_parent(&parent, c, 0) < 0) {
            rc = pd_store_git_fail("cannot read a policy's versions");
            goto out;
        }
        git_commit_free(c);
        c = parent;
    }
    /* reverse into out */
    memset(out, 0, sizeof(*out));
    for (size_t i = rev.n; i-- > 0;) {
        git_oid co, bo;
        char st[PD_STEM_MAX + 1];
        pd_idx_commit(&co, &rev, i);
        pd_idx_blob(&bo, &rev, i);
        pd_idx_stem(st, &rev, i);
        if ((rc = pd_idx_push(out, pd_idx_time(&rev, i), &co, &bo, st)))
            goto out;
    }
    git_oid_cpy(&out->vtip, tip);
out:
    if (rc)
        pd_idx_dispose(out);
    git_commit_free(c);
    pd_idx_dispose(&rev);
    pd_buf_dispose(&path);
    return rc;
}

int pd_idx_load(pd_idx *out, pd_store *s, const char *name)
{
    pd_buf path = PD_BUF_INIT, ref = PD_BUF_INIT;
    git_oid tip;
    int unborn, rc;

    memset(out, 0, sizeof(*out));
    if ((rc = pd_store_ref_name(&ref, PD_VERSIONS_PREFIX, name)) ||
        (rc = pd_store_ref_id(&tip, &unborn, s, ref.ptr)))
        goto out;
    if (unborn)
        goto out; /* no versions: an empty index with zero tips */
    if ((rc = idx_path(&path, s, name)))
        goto out;
    {
        /* mapped, not read: show --at and log --since touch a few pages */
        int fd = open(path.ptr, O_RDONLY | O_CLOEXEC);
        struct stat st;
        void *map = MAP_FAILED;
        if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= PD_IDX_LINE &&
            st.st_size % PD_IDX_LINE == 0)
            map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (fd >= 0)
            close(fd);
        if (map != MAP_FAILED) {
            if (parse(out, map, (size_t)st.st_size) == 0 && git_oid_equal(&out->vtip, &tip)) {
                out->mapped = 1;
                out->maplen = (size_t)st.st_size;
                goto out;
            }
            munmap(map, (size_t)st.st_size);
        }
    }
    pd_error_clear();
    memset(out, 0, sizeof(*out));
    if ((rc = rebuild(out, s, name, &tip)))
        goto out;
    if (s->lock_depth > 0 && pd_idx_write_file(s, name, out))
        pd_error_clear(); /* a cache: an unwritable one is rebuilt next time */
out:
    pd_buf_dispose(&path);
    pd_buf_dispose(&ref);
    return rc;
}
