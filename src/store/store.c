/*
 * store.c - the store repository: init/open, record, show, log and the raw
 * captures branch.  History rewriting is in history.c, the per-policy
 * version index in index.c, policies.conf in config.c, the lock in lock.c.
 *
 * Crash safety: every write creates all its objects first and moves a
 * branch with one compare-and-swap reference update at the end (libgit2
 * writes the reference through a lock file and a rename), so a process
 * killed at any moment leaves main and raw at a complete commit.  The
 * version is committed on main before its raw capture on raw, so a run
 * killed between the two finds the text already in effect and only adds
 * the missing raw capture when re-run.
 */
#include "store/store_internal.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PD_SIG_NAME "policydiff"
#define PD_SIG_EMAIL "policydiff@localhost"

int pd_store_git_fail(const char *what)
{
    const git_error *e = git_error_last();
    return pd_error_set(PD_EIO, "%s: %s", what, e && e->message ? e->message : "git error");
}

int pd_policy_name_check(const char *name)
{
    size_t len;
    if (!name || !*name)
        return pd_error_set(PD_EINVALID, "a policy name cannot be empty");
    len = strlen(name);
    if (len > 200)
        return pd_error_set(PD_EINVALID, "policy name '%.40s...' is longer than 200 characters",
                            name);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '/'))
            return pd_error_set(
                PD_EINVALID, "policy name '%s' may only use a-z, 0-9, '.', '_', '-' and '/'", name);
    }
    if (name[0] == '/' || name[0] == '-')
        return pd_error_set(PD_EINVALID, "policy name '%s' cannot start with '%c'", name, name[0]);
    if (strstr(name, ".."))
        return pd_error_set(PD_EINVALID, "policy name '%s' cannot contain '..'", name);
    if (name[len - 1] == '/' || strstr(name, "//"))
        return pd_error_set(PD_EINVALID, "policy name '%s' has an empty part between slashes",
                            name);
    for (const char *p = name; p; p = strchr(p, '/')) {
        if (*p == '/')
            p++;
        if (*p == '.')
            return pd_error_set(PD_EINVALID, "policy name '%s' has a part starting with '.'", name);
    }
    return 0;
}

int pd_store_policy_path(pd_buf *out, const char *name)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "policies/%s.md", name);
    return pd_buf_error(out);
}

int pd_store_ref_id(git_oid *out, int *unborn, pd_store *s, const char *ref)
{
    int grc = git_reference_name_to_id(out, s->repo, ref);
    *unborn = 0;
    if (grc == GIT_ENOTFOUND) {
        memset(out, 0, sizeof(*out));
        *unborn = 1;
        return 0;
    }
    if (grc < 0)
        return pd_store_git_fail("cannot read the branch");
    return 0;
}

char *pd_store_trailer(const char *message, const char *key)
{
    git_message_trailer_array arr = {0};
    char *v = NULL;
    if (!message || pd_gitlib_load() < 0 || git_message_trailers(&arr, message) < 0)
        return NULL;
    for (size_t i = arr.count; i-- > 0;) {
        if (!strcmp(arr.trailers[i].key, key)) {
            v = strdup(arr.trailers[i].value);
            break;
        }
    }
    git_message_trailer_array_free(&arr);
    return v;
}

static void store_free_fields(pd_store *s)
{
    git_repository_free(s->repo);
    free(s->known_policy);
    pd_buf_dispose(&s->skipped);
    free(s->path);
    free(s->conf_path);
    free(s);
}

/* 1 when the file at dir/name starts with prefix (or, with hex40, is a
 * 40-hex object id). */
static int file_starts(const char *dir, const char *name, const char *prefix, int hex40)
{
    char path[4096], buf[64] = "";
    FILE *f;
    size_t n;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!(f = fopen(path, "r")))
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (prefix && strstr(buf, prefix) == buf)
        return 1;
    if (hex40) {
        for (n = 0; n < 40 && isxdigit((unsigned char)buf[n]); n++)
            ;
        return n == 40;
    }
    return 0;
}

/*
 * A store committed into another git repository comes back from a clone
 * without its empty directories, since git keeps files only: objects/ and
 * refs/ until a first version is recorded, objects/info, objects/pack and
 * refs/tags always.  When the files that make a store are there (a git
 * HEAD, a git config with [core], and policies.conf), the missing
 * directories are created again so the repository opens.  But a store that
 * recorded versions (its pd-index/ or packed-refs says so) whose objects/
 * or refs/ is gone lost them: that is damage, not a clone, and it is said
 * (PD_EIO) instead of opening as an empty store.  0 when nothing was
 * missing or all were created; PD_EIO otherwise.
 */
static int restore_empty_dirs(const char *abs)
{
    static const char *const dirs[] = {"objects", "objects/info", "objects/pack",
                                       "refs",    "refs/heads",   "refs/tags"};
    pd_buf p = PD_BUF_INIT;
    struct stat st;
    int rc = 0, missing_top = 0;

    pd_buf_printf(&p, "%s/%s", abs, PD_CONF_NAME);
    if (pd_buf_error(&p) || stat(p.ptr, &st) < 0 || !S_ISREG(st.st_mode) ||
        !(file_starts(abs, "HEAD", "ref: refs/", 0) || file_starts(abs, "HEAD", NULL, 1)) ||
        !file_starts(abs, "config", "[core]", 0))
        goto out; /* not a store: the caller says so */
    for (size_t i = 0; i < 4; i += 3) {
        pd_buf_clear(&p);
        pd_buf_printf(&p, "%s/%s", abs, dirs[i]);
        missing_top |= !pd_buf_error(&p) && stat(p.ptr, &st) < 0;
    }
    if (missing_top) {
        static const char *const history[] = {"pd-index", "packed-refs", "logs"};
        for (size_t i = 0; i < sizeof(history) / sizeof(history[0]); i++) {
            pd_buf_clear(&p);
            pd_buf_printf(&p, "%s/%s", abs, history[i]);
            if (!pd_buf_error(&p) && stat(p.ptr, &st) == 0) {
                rc = pd_error_set(PD_EIO,
                                  "the store at %s recorded versions (it has %s) but its git "
                                  "objects/ or refs/ is gone: the repository is damaged; restore "
                                  "it from a backup or a clone",
                                  abs, history[i]);
                goto out;
            }
        }
    }
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !rc; i++) {
        pd_buf_clear(&p);
        pd_buf_printf(&p, "%s/%s", abs, dirs[i]);
        if ((rc = pd_buf_error(&p)))
            break;
        if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode))
            continue; /* a read-only store that is whole opens as it is */
        if (mkdir(p.ptr, 0777) < 0 && errno != EEXIST)
            rc = pd_error_set(PD_EIO,
                              "cannot create %s, which the store needs (a store cloned from "
                              "another repository lacks its empty directories): %s",
                              p.ptr, strerror(errno));
    }
out:
    pd_buf_dispose(&p);
    return rc;
}

static int store_new(pd_store **out, const char *dir)
{
    pd_store *s = calloc(1, sizeof(*s));
    pd_buf conf = PD_BUF_INIT;
    char *abs = realpath(dir, NULL);
    struct stat st;
    int rc = 0;

    *out = NULL;
    if (!s) {
        free(abs);
        return pd_error_set(PD_ENOMEM, "out of memory");
    }
    if (!abs || stat(abs, &st) < 0 || !S_ISDIR(st.st_mode)) {
        rc = pd_error_set(PD_ENOTFOUND,
                          "no policydiff store at %s (create one with 'policydiff init %s')", dir,
                          dir);
        goto fail;
    }
    pd_buf_printf(&conf, "%s/" PD_CONF_NAME, abs);
    if ((rc = pd_buf_error(&conf)) || (rc = restore_empty_dirs(abs)))
        goto fail;
    if (stat(conf.ptr, &st) < 0 ||
        git_repository_open_ext(&s->repo, abs, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
        !git_repository_is_bare(s->repo)) {
        struct stat g;
        pd_buf git = PD_BUF_INIT;
        pd_buf_printf(&git, "%s/.git", abs);
        if (s->repo || (!pd_buf_error(&git) && stat(git.ptr, &g) == 0))
            /* init refuses a directory that is already a repository */
            rc = pd_error_set(PD_ENOTFOUND,
                              "%s is a git repository but not a policydiff store (no %s); "
                              "create a store in a new directory with 'policydiff init DIR' "
                              "and use -C DIR",
                              dir, PD_CONF_NAME);
        else
            rc = pd_error_set(PD_ENOTFOUND,
                              "no policydiff store at %s (create one with 'policydiff init %s')",
                              dir, dir);
        pd_buf_dispose(&git);
        goto fail;
    }
    s->path = abs;
    s->conf_path = pd_buf_detach(&conf);
    *out = s;
    return 0;
fail:
    free(abs);
    pd_buf_dispose(&conf);
    store_free_fields(s);
    git_libgit2_shutdown();
    return rc;
}

int pd_store_open(pd_store **out, const char *dir)
{
    int rc;

    *out = NULL;
    if ((rc = pd_gitlib_load()) < 0)
        return rc;
    git_libgit2_init();
    return store_new(out, dir ? dir : ".");
}

static int dir_is_empty(const char *dir)
{
    struct stat st;
    pd_buf p = PD_BUF_INIT;
    int empty = 1;
    static const char *const probes[] = {"HEAD", PD_CONF_NAME, "objects", ".git"};
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        pd_buf_clear(&p);
        pd_buf_printf(&p, "%s/%s", dir, probes[i]);
        if (!pd_buf_error(&p) && stat(p.ptr, &st) == 0)
            empty = 0;
    }
    pd_buf_dispose(&p);
    return empty;
}

static int dir_has_nothing(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int nothing = 1;
    if (!d)
        return 0;
    while (nothing && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            nothing = 0;
    closedir(d);
    return nothing;
}

int pd_store_init(pd_store **out, const char *dir)
{
    git_repository_init_options io;
    git_repository *repo = NULL;
    pd_buf conf = PD_BUF_INIT;
    static const char header[] =
        "# policydiff: the watched policies (git-config syntax).\n"
        "# Edit with 'policydiff add', 'policydiff remove' and 'policydiff import-ota'.\n";
    struct stat st;
    int rc;

    *out = NULL;
    if ((rc = pd_gitlib_load()) < 0)
        return rc;
    git_libgit2_init();
    if (!dir)
        dir = ".";
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            rc = pd_error_set(PD_EEXISTS, "%s exists and is not a directory", dir);
            goto fail;
        }
        if (!dir_is_empty(dir)) {
            rc = pd_error_set(PD_EEXISTS,
                              "%s already holds a store or a git repository; pick another "
                              "directory",
                              dir);
            goto fail;
        }
        if (!dir_has_nothing(dir)) {
            /* a bare repository spills HEAD, config, objects/ and refs/ into
             * its directory: never among someone's own files */
            rc = pd_error_set(PD_EEXISTS,
                              "%s is not empty; a store needs a directory of its own (give a new "
                              "or empty one)",
                              dir);
            goto fail;
        }
    } else if (mkdir(dir, 0777) < 0) {
        rc = pd_error_set(errno == ENOENT ? PD_ENOTFOUND : PD_EIO, "cannot create %s: %s", dir,
                          strerror(errno));
        goto fail;
    }
    git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
    io.initial_head = "main";
    io.description = "policydiff store: every version of every watched policy";
    if (git_repository_init_ext(&repo, dir, &io) < 0) {
        rc = pd_store_git_fail("cannot create the store repository");
        goto fail;
    }
    git_repository_free(repo);
    pd_buf_printf(&conf, "%s/" PD_CONF_NAME, dir);
    if ((rc = pd_buf_error(&conf)) ||
        (rc = pd_write_file_atomic(conf.ptr, header, sizeof(header) - 1)))
        goto fail;
    pd_buf_dispose(&conf);
    return store_new(out, dir);
fail:
    pd_buf_dispose(&conf);
    git_libgit2_shutdown();
    return rc;
}

void pd_store_free(pd_store *s)
{
    if (!s)
        return;
    while (s->lock_depth > 0)
        pd_store_unlock(s);
    store_free_fields(s);
    git_libgit2_shutdown();
}

const char *pd_store_skipped(const pd_store *s)
{
    return s && s->skipped.len ? s->skipped.ptr : NULL;
}

const char *pd_store_path(const pd_store *s)
{
    return s->path;
}

void pd_store_last_rewrite(const pd_store *s, size_t *recreated, size_t *dropped)
{
    if (recreated)
        *recreated = s->recreated;
    if (dropped)
        *dropped = s->dropped;
}

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

static char *dup_or_empty(char *s)
{
    return s ? s : strdup("");
}

/* Fills v from a commit of main; 1 when it is not a version commit. */
static int version_from_commit(pd_version *v, const git_commit *c)
{
    const char *msg = git_commit_message(c);
    char *policy = pd_store_trailer(msg, "Policy"), *t;
    int64_t at;

    memset(v, 0, sizeof(*v));
    if (!policy)
        return 1;
    git_oid_tostr(v->commit, sizeof(v->commit), git_commit_id(c));
    v->policy = policy;
    v->captured_at = (int64_t)git_commit_time(c);
    if ((t = pd_store_trailer(msg, "Captured-At"))) {
        if (pd_time_parse(&at, t) == 0)
            v->captured_at = at;
        free(t);
    }
    v->source = dup_or_empty(pd_store_trailer(msg, "Source"));
    v->via = dup_or_empty(pd_store_trailer(msg, "Via"));
    v->summary = dup_or_empty(pd_store_trailer(msg, "Summary"));
    if ((t = pd_store_trailer(msg, "Raw-SHA256"))) {
        snprintf(v->raw_sha256, sizeof(v->raw_sha256), "%s", t);
        free(t);
    }
    if ((t = pd_store_trailer(msg, "Wayback-Timestamp"))) {
        snprintf(v->wayback_ts, sizeof(v->wayback_ts), "%s", t);
        free(t);
    }
    if (!v->source || !v->via || !v->summary) {
        pd_version_dispose(v);
        return pd_error_set(PD_ENOMEM, "out of memory");
    }
    return 0;
}

static int version_at(pd_version *v, git_oid *blob, pd_store *s, const char *name, int64_t at)
{
    pd_idx idx = {0};
    git_commit *c = NULL;
    char when[32];
    long i;
    int rc;

    if (v)
        memset(v, 0, sizeof(*v));
    if ((rc = pd_policy_name_check(name)) || (rc = pd_idx_load(&idx, s, name)))
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
            pd_time_format_iso(when, sizeof(when), idx.v[0].time);
            rc = pd_error_set(PD_ENOTFOUND,
                              "'%s' has no version in effect then; its first version is from %s",
                              name, when);
        }
        goto out;
    }
    if (blob)
        git_oid_cpy(blob, &idx.v[i].blob);
    if (!v)
        goto out;
    if (git_commit_lookup(&c, s->repo, &idx.v[i].commit) < 0) {
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
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        pd_version *nv = realloc(*v, nc * sizeof(*nv));
        if (!nv)
            return pd_error_set(PD_ENOMEM, "out of memory");
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = *one;
    return 0;
}

static void reverse_versions(pd_version *v, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        pd_version t = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = t;
    }
}

int pd_store_log(pd_version **out, size_t *n, pd_store *s, const char *name, int64_t since,
                 int64_t until)
{
    pd_version *list = NULL, one;
    size_t count = 0, cap = 0;
    git_commit *c = NULL, *parent;
    pd_idx idx = {0};
    git_oid head;
    int unborn, rc;

    *out = NULL;
    *n = 0;
    if (name) {
        if ((rc = pd_policy_name_check(name)) || (rc = pd_idx_load(&idx, s, name)))
            goto out;
        for (size_t i = 0; i < idx.n; i++) {
            if (idx.v[i].time < since || idx.v[i].time > until)
                continue;
            if (git_commit_lookup(&c, s->repo, &idx.v[i].commit) < 0) {
                rc = pd_store_git_fail("cannot read a version");
                goto out;
            }
            rc = version_from_commit(&one, c);
            git_commit_free(c);
            c = NULL;
            if (rc == 1)
                continue;
            if (rc || (rc = push_version(&list, &count, &cap, &one))) {
                if (!rc)
                    pd_version_dispose(&one);
                goto out;
            }
        }
        goto out;
    }
    /* All policies: main's first-parent chain, newest first, then reversed. */
    if ((rc = pd_store_ref_id(&head, &unborn, s, PD_MAIN_REF)) || unborn)
        goto out;
    if (git_commit_lookup(&c, s->repo, &head) < 0) {
        rc = pd_store_git_fail("cannot read main");
        goto out;
    }
    while (c) {
        int64_t t = (int64_t)git_commit_time(c);
        if (t < since)
            break;
        if (t <= until) {
            rc = version_from_commit(&one, c);
            if (rc < 0)
                goto out;
            if (rc == 0 && (rc = push_version(&list, &count, &cap, &one))) {
                pd_version_dispose(&one);
                goto out;
            }
            rc = 0;
        }
        if (git_commit_parentcount(c) == 0)
            break;
        if (git_commit_parent(&parent, c, 0) < 0) {
            rc = pd_store_git_fail("cannot read main");
            goto out;
        }
        git_commit_free(c);
        c = parent;
    }
    reverse_versions(list, count);
out:
    git_commit_free(c);
    pd_idx_dispose(&idx);
    if (rc) {
        pd_version_array_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return 0;
}

/* ---- raw captures ---- */

/* Raw capture file names: <YYYYMMDDhhmmss>-<sha256[0:16]>[-wb<ts>].<ext> */
static int raw_tree_of(git_tree **out, pd_store *s, const char *name)
{
    git_oid raw;
    git_commit *c = NULL;
    git_tree *root = NULL;
    git_tree_entry *e = NULL;
    pd_buf p = PD_BUF_INIT;
    int unborn, rc, grc;

    *out = NULL;
    if ((rc = pd_store_ref_id(&raw, &unborn, s, PD_RAW_REF)) || unborn)
        return rc;
    if (git_commit_lookup(&c, s->repo, &raw) < 0 || git_commit_tree(&root, c) < 0) {
        rc = pd_store_git_fail("cannot read the raw branch");
        goto out;
    }
    pd_buf_printf(&p, "raw/%s", name);
    if ((rc = pd_buf_error(&p)))
        goto out;
    grc = git_tree_entry_bypath(&e, root, p.ptr);
    if (grc == GIT_ENOTFOUND || (grc == 0 && git_tree_entry_type(e) != GIT_OBJECT_TREE))
        goto out;
    if (grc < 0 || git_tree_lookup(out, s->repo, git_tree_entry_id(e)) < 0)
        rc = pd_store_git_fail("cannot read the raw branch");
out:
    git_tree_entry_free(e);
    git_tree_free(root);
    git_commit_free(c);
    pd_buf_dispose(&p);
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

/* 1 when a raw capture of name matches: by wayback timestamp, by sha alone
 * (ts NULL), or by sha at capture time ts (14 digits). */
static int raw_find(pd_store *s, const char *name, const char *wayback_ts, const char *sha,
                    const char *ts)
{
    git_tree *t = NULL;
    size_t n;
    int found = 0;
    if (raw_tree_of(&t, s, name) || !t)
        return 0;
    n = git_tree_entrycount(t);
    for (size_t i = 0; i < n && !found; i++) {
        const git_tree_entry *e = git_tree_entry_byindex(t, i);
        const char *fn = git_tree_entry_name(e);
        const char *wb;
        if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || strlen(fn) < 31 || fn[14] != '-')
            continue;
        if (wayback_ts && *wayback_ts && (wb = strstr(fn, "-wb")) &&
            !strncmp(wb + 3, wayback_ts, 14))
            found = 1;
        if (sha && !strncmp(fn + 15, sha, 16) && (!ts || !strncmp(fn, ts, 14)) &&
            blob_sha_is(s, git_tree_entry_id(e), sha))
            found = 1;
    }
    git_tree_free(t);
    return found;
}

int pd_store_capture_range(pd_store *s, const char *name, int64_t *first, int64_t *last)
{
    git_tree *t = NULL;
    size_t n;
    int rc;
    *first = *last = INT64_MIN;
    if ((rc = pd_policy_name_check(name)))
        return rc;
    if ((rc = raw_tree_of(&t, s, name)) || !t)
        return rc;
    /* raw/<NAME>/<YYYYMMDDhhmmss>-...: entries sort by capture time */
    n = git_tree_entrycount(t);
    for (size_t i = 0; i < n; i++) {
        const char *fn = git_tree_entry_name(git_tree_entry_byindex(t, i));
        char ts[15];
        int64_t when;
        if (strlen(fn) < 31 || fn[14] != '-' || strspn(fn, "0123456789") != 14)
            continue;
        memcpy(ts, fn, 14);
        ts[14] = '\0';
        if (pd_time_parse(&when, ts))
            continue;
        if (*first == INT64_MIN || when < *first)
            *first = when;
        if (when > *last)
            *last = when;
    }
    git_tree_free(t);
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
    if (pd_policy_name_check(name) || (!wayback_ts && !raw_sha256))
        return 0;
    return raw_find(s, name, wayback_ts, raw_sha256, NULL);
}

static const char *sniff_ext(const char *raw, size_t len)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)raw[i]))
        i++;
    if (i < len && raw[i] == '<')
        return "html";
    return "txt";
}

static int ext_ok(const char *ext)
{
    size_t n = strlen(ext);
    if (!n || n > 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)ext[i]))
            return 0;
    return 1;
}

static int commit_on_ref(pd_store *s, const char *ref, const git_oid *old, int unborn,
                         git_tree *tree, const git_signature *sig, const char *msg, git_oid *new_id)
{
    git_commit *parent = NULL;
    git_reference *r = NULL;
    const git_commit *parents[1];
    int rc = 0;

    if (!unborn && git_commit_lookup(&parent, s->repo, old) < 0)
        return pd_store_git_fail("cannot read the branch");
    parents[0] = parent;
    if (git_commit_create(new_id, s->repo, NULL, sig, sig, NULL, msg, tree, unborn ? 0 : 1,
                          parents) < 0) {
        rc = pd_store_git_fail("cannot write a commit");
        goto out;
    }
    if (git_reference_create_matching(&r, s->repo, ref, new_id, !unborn, unborn ? NULL : old,
                                      "policydiff") < 0)
        rc = pd_store_git_fail("cannot move the branch (changed by someone else?)");
out:
    git_reference_free(r);
    git_commit_free(parent);
    return rc;
}

static int record_raw(pd_store *s, const pd_record_options *o, const char *raw, size_t rawlen,
                      const char *sha, const git_signature *sig)
{
    char ts[16], iso[32];
    git_oid old, blob, tree_id, commit;
    git_commit *c = NULL;
    git_tree *base = NULL, *tree = NULL;
    git_tree_update up;
    pd_buf path = PD_BUF_INIT, msg = PD_BUF_INIT;
    const char *ext = o->raw_ext && ext_ok(o->raw_ext) ? o->raw_ext : sniff_ext(raw, rawlen);
    int unborn, rc;

    pd_time_format_wayback(ts, sizeof(ts), o->captured_at);
    pd_time_format_iso(iso, sizeof(iso), o->captured_at);
    pd_buf_printf(&path, "raw/%s/%s-%.16s", o->policy, ts, sha);
    if (o->wayback_ts && *o->wayback_ts)
        pd_buf_printf(&path, "-wb%s", o->wayback_ts);
    pd_buf_printf(&path, ".%s", ext);
    pd_buf_printf(&msg, "%s: raw capture %s\n\nPolicy: %s\nSource: %s\nCaptured-At: %s\n",
                  o->policy, iso, o->policy, o->source ? o->source : "", iso);
    pd_buf_printf(&msg, "Raw-SHA256: %s\nVia: %s\n", sha, o->via ? o->via : "file");
    if (o->wayback_ts && *o->wayback_ts)
        pd_buf_printf(&msg, "Wayback-Timestamp: %s\n", o->wayback_ts);
    if ((rc = pd_buf_error(&path)) || (rc = pd_buf_error(&msg)))
        goto out;
    if ((rc = pd_store_ref_id(&old, &unborn, s, PD_RAW_REF)))
        goto out;
    if (!unborn && (git_commit_lookup(&c, s->repo, &old) < 0 || git_commit_tree(&base, c) < 0)) {
        rc = pd_store_git_fail("cannot read the raw branch");
        goto out;
    }
    if (git_blob_create_from_buffer(&blob, s->repo, raw, rawlen) < 0) {
        rc = pd_store_git_fail("cannot write a raw capture");
        goto out;
    }
    up.action = GIT_TREE_UPDATE_UPSERT;
    up.id = blob;
    up.filemode = GIT_FILEMODE_BLOB;
    up.path = path.ptr;
    if (git_tree_create_updated(&tree_id, s->repo, base, 1, &up) < 0 ||
        git_tree_lookup(&tree, s->repo, &tree_id) < 0) {
        rc = pd_store_git_fail("cannot write a raw capture");
        goto out;
    }
    rc = commit_on_ref(s, PD_RAW_REF, &old, unborn, tree, sig, msg.ptr, &commit);
out:
    git_tree_free(tree);
    git_tree_free(base);
    git_commit_free(c);
    pd_buf_dispose(&path);
    pd_buf_dispose(&msg);
    return rc;
}

/* ---- change summaries ---- */

void pd_store_set_summarizer(pd_store *s, pd_summarize_fn fn, void *priv)
{
    s->summarize = fn;
    s->summarize_priv = priv;
}

int pd_store_summarize(pd_buf *out, pd_store *s, const git_oid *old_blob, const git_oid *new_blob)
{
    git_blob *ob = NULL, *nb = NULL;
    size_t start = out->len;
    int rc = 0;

    if (!s->summarize)
        return 0;
    if (git_blob_lookup(&nb, s->repo, new_blob) < 0 ||
        (old_blob && !git_oid_is_zero(old_blob) && git_blob_lookup(&ob, s->repo, old_blob) < 0)) {
        rc = pd_store_git_fail("the store is damaged: a recorded version cannot be read (run "
                               "'git fsck' in the store; restore it from a clone)");
        goto out;
    }
    if (s->summarize(out, ob ? git_blob_rawcontent(ob) : NULL,
                     ob ? (size_t)git_blob_rawsize(ob) : 0, git_blob_rawcontent(nb),
                     (size_t)git_blob_rawsize(nb), s->summarize_priv) ||
        strpbrk(out->ptr ? out->ptr + start : "", "\r\n"))
        pd_buf_truncate(out, start);
    pd_error_clear();
out:
    git_blob_free(ob);
    git_blob_free(nb);
    return rc;
}

int pd_store_message_with_summary(pd_buf *out, const char *msg, const char *policy,
                                  const char *summary)
{
    const char *body = strstr(msg, "\n\n"), *p;
    int has = summary && *summary;

    pd_buf_printf(out, "%s: %s\n", policy, has ? summary : "new version");
    for (p = body ? body + 1 : ""; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
        if (strncmp(p, "Summary: ", 9) != 0)
            pd_buf_put(out, p, n);
        p += n;
    }
    if (out->len && out->ptr[out->len - 1] != '\n')
        pd_buf_putc(out, '\n');
    if (has)
        pd_buf_printf(out, "Summary: %s\n", summary);
    return pd_buf_error(out);
}

/* ---- record ---- */

static int conf_blob(git_oid *out, pd_store *s)
{
    pd_buf data = PD_BUF_INIT;
    int rc = pd_buf_read_file(&data, s->conf_path, 16 << 20);
    if (!rc && git_blob_create_from_buffer(out, s->repo, pd_buf_cstr(&data), data.len) < 0)
        rc = pd_store_git_fail("cannot store policies.conf");
    pd_buf_dispose(&data);
    return rc;
}

static int version_message(pd_buf *msg, const pd_record_options *o, const char *sha)
{
    char iso[32];
    int has_summary = o->summary && *o->summary;
    pd_time_format_iso(iso, sizeof(iso), o->captured_at);
    pd_buf_printf(msg, "%s: %s\n\n", o->policy, has_summary ? o->summary : "new version");
    pd_buf_printf(msg, "Policy: %s\nSource: %s\nCaptured-At: %s\nRaw-SHA256: %s\nVia: %s\n",
                  o->policy, o->source ? o->source : "", iso, sha, o->via ? o->via : "file");
    if (o->wayback_ts && *o->wayback_ts)
        pd_buf_printf(msg, "Wayback-Timestamp: %s\n", o->wayback_ts);
    if (has_summary)
        pd_buf_printf(msg, "Summary: %s\n", o->summary);
    return pd_buf_error(msg);
}

static int check_one_line(const char *what, const char *v)
{
    if (v && strpbrk(v, "\r\n"))
        return pd_error_set(PD_EINVALID, "the %s must be one line", what);
    return 0;
}

static int append_version(pd_store *s, const git_oid *head, int unborn, pd_idx *idx,
                          const pd_record_options *o, const git_oid *blob, const git_oid *conf,
                          const git_signature *sig, const char *msg)
{
    git_commit *c = NULL;
    git_tree *base = NULL, *tree = NULL;
    git_tree_update up[2];
    pd_buf path = PD_BUF_INIT;
    git_oid tree_id, commit;
    int rc;

    if ((rc = pd_store_policy_path(&path, o->policy)))
        goto out;
    if (!unborn && (git_commit_lookup(&c, s->repo, head) < 0 || git_commit_tree(&base, c) < 0)) {
        rc = pd_store_git_fail("cannot read main");
        goto out;
    }
    up[0].action = GIT_TREE_UPDATE_UPSERT;
    up[0].id = *blob;
    up[0].filemode = GIT_FILEMODE_BLOB;
    up[0].path = path.ptr;
    up[1].action = GIT_TREE_UPDATE_UPSERT;
    up[1].id = *conf;
    up[1].filemode = GIT_FILEMODE_BLOB;
    up[1].path = PD_CONF_NAME;
    if (git_tree_create_updated(&tree_id, s->repo, base, 2, up) < 0 ||
        git_tree_lookup(&tree, s->repo, &tree_id) < 0) {
        rc = pd_store_git_fail("cannot write a version");
        goto out;
    }
    /* pd-index/HEAD still names the parent: see index.c on catching up. */
    if ((rc = commit_on_ref(s, PD_MAIN_REF, head, unborn, tree, sig, msg, &commit)))
        goto out;
    if ((rc = pd_idx_push(idx, o->captured_at, &commit, blob)) ||
        (rc = pd_idx_write_file(s, o->policy, idx)) || (rc = pd_idx_set_head(s, &commit)))
        goto out;
out:
    git_tree_free(tree);
    git_tree_free(base);
    git_commit_free(c);
    pd_buf_dispose(&path);
    return rc;
}

int pd_store_record(pd_record_result *result, pd_store *s, const pd_record_options *o,
                    const char *raw, size_t rawlen, const char *text, size_t textlen)
{
    char sha[65], ts[16];
    git_signature *sig = NULL;
    git_oid blob, head, conf;
    git_commit *hc = NULL;
    pd_policy *p = NULL;
    pd_idx idx = {0};
    pd_buf msg = PD_BUF_INIT;
    int unborn, rc, locked = 0;
    long i;

    *result = PD_RECORD_UNCHANGED;
    s->recreated = s->dropped = 0;
    if ((rc = pd_policy_name_check(o->policy)))
        return rc;
    if (o->via && strcmp(o->via, "live") && strcmp(o->via, "wayback") && strcmp(o->via, "file"))
        return pd_error_set(PD_EINVALID, "via must be live, wayback or file, not '%s'", o->via);
    if (o->wayback_ts && *o->wayback_ts &&
        (strlen(o->wayback_ts) != 14 || strspn(o->wayback_ts, "0123456789") != 14))
        return pd_error_set(PD_EINVALID, "a Wayback timestamp has 14 digits, not '%s'",
                            o->wayback_ts);
    if ((rc = check_one_line("source", o->source)) || (rc = check_one_line("summary", o->summary)))
        return rc;
    if (o->captured_at < 0 || o->captured_at > (int64_t)253402300799)
        return pd_error_set(PD_EINVALID, "the capture time is out of range (years 1970-9999)");
    if (o->captured_at > pd_time_now() + PD_STORE_FUTURE_SLACK) {
        char iso[32];
        pd_time_format_iso(iso, sizeof(iso), o->captured_at);
        return pd_error_set(PD_EINVALID,
                            "the capture time %s is in the future; give the time the page was "
                            "captured (is the clock right?)",
                            iso);
    }
    if (!text || !textlen)
        return pd_error_set(PD_EEMPTY, "nothing to record: the normalized text is empty");
    if ((!s->known_policy || strcmp(s->known_policy, o->policy)) &&
        (rc = pd_store_policy_get(&p, s, o->policy)))
        return rc;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS)))
        goto out;
    locked = 1;

    pd_sha256_hex(sha, raw ? raw : "", raw ? rawlen : 0);
    pd_time_format_wayback(ts, sizeof(ts), o->captured_at);
    if (raw_find(s, o->policy, o->wayback_ts, sha, ts)) {
        *result = PD_RECORD_DUPLICATE;
        goto out;
    }
    if (git_signature_new(&sig, PD_SIG_NAME, PD_SIG_EMAIL, (git_time_t)o->captured_at, 0) < 0) {
        rc = pd_store_git_fail("cannot make a signature");
        goto out;
    }
    if ((rc = pd_idx_load(&idx, s, o->policy)))
        goto out;
    if (git_odb_hash(&blob, text, textlen, GIT_OBJECT_BLOB) < 0) {
        rc = pd_store_git_fail("cannot hash the text");
        goto out;
    }
    i = pd_idx_find(&idx, o->captured_at);
    if (i < 0 || !git_oid_equal(&idx.v[i].blob, &blob)) {
        if (git_blob_create_from_buffer(&blob, s->repo, text, textlen) < 0) {
            rc = pd_store_git_fail("cannot write the text");
            goto out;
        }
        if (!o->summary) {
            pd_buf sum = PD_BUF_INIT;
            pd_record_options with = *o;
            if ((rc = pd_store_summarize(&sum, s, i >= 0 ? &idx.v[i].blob : NULL, &blob))) {
                pd_buf_dispose(&sum);
                goto out;
            }
            with.summary = sum.len ? sum.ptr : NULL;
            rc = version_message(&msg, &with, sha);
            pd_buf_dispose(&sum);
            if (rc)
                goto out;
        } else if ((rc = version_message(&msg, o, sha))) {
            goto out;
        }
        if ((rc = conf_blob(&conf, s)) || (rc = pd_store_ref_id(&head, &unborn, s, PD_MAIN_REF)))
            goto out;
        if (!unborn && git_commit_lookup(&hc, s->repo, &head) < 0) {
            rc = pd_store_git_fail("cannot read main");
            goto out;
        }
        if (unborn || (int64_t)git_commit_time(hc) <= o->captured_at) {
            rc = append_version(s, &head, unborn, &idx, o, &blob, &conf, sig, msg.ptr);
            *result = PD_RECORD_COMMITTED;
        } else {
            pd_insert_request req = {o->policy, o->captured_at, &blob,   &conf,
                                     sig,       msg.ptr,        o->force};
            rc = pd_history_insert(s, &head, &req);
            *result = PD_RECORD_INSERTED;
        }
        if (rc)
            goto out;
    }
    rc = record_raw(s, o, raw ? raw : "", raw ? rawlen : 0, sha, sig);
out:
    if (rc)
        *result = PD_RECORD_UNCHANGED;
    git_commit_free(hc);
    git_signature_free(sig);
    pd_idx_dispose(&idx);
    pd_buf_dispose(&msg);
    pd_policy_free(p);
    if (locked)
        pd_store_unlock(s);
    return rc;
}
