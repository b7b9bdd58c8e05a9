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
    for (size_t i = 0; i < s->ndirty; i++)
        free(s->dirty[i]);
    free(s->dirty);
    pd_caps_dispose(&s->caps);
    free(s->caps_name);
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
        return PD_ENOMEM_SET();
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

void pd_store_last_rewrite(size_t *recreated, size_t *dropped, const pd_store *s)
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
        return PD_ENOMEM_SET();
    }
    return 0;
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
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        pd_version *nv = realloc(*v, nc * sizeof(*nv));
        PD_CHECK_ALLOC(nv);
        *v = nv;
        *cap = nc;
    }
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
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        char **nv = realloc(l->v, nc * sizeof(*nv));
        if (!nv) {
            l->oom = 1;
            return 1;
        }
        l->v = nv;
        l->cap = nc;
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

int pd_store_log(pd_version **out, size_t *n, pd_store *s, const char *name, int64_t since,
                 int64_t until)
{
    pd_version *list = NULL, one;
    size_t count = 0, cap = 0, nitems = 0, icap = 0, nnames = 0;
    log_item *items = NULL;
    char **names = NULL;
    git_commit *c = NULL;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = pd_store_layout_check(s)))
        return rc;
    if (name) {
        if ((rc = pd_policy_name_check(name)))
            return rc;
        if (!(names = malloc(sizeof(*names))) || !(names[0] = strdup(name))) {
            free(names);
            return PD_ENOMEM_SET();
        }
        nnames = 1;
    } else if ((rc = pd_store_policy_names(&names, &nnames, s))) {
        return rc;
    }
    /* each policy's index gives its versions in range by binary search */
    for (size_t p = 0; p < nnames; p++) {
        pd_idx idx = {0};
        if ((rc = pd_idx_load(&idx, s, names[p])))
            goto out;
        for (size_t i = pd_idx_lower(&idx, since); i < idx.n; i++) {
            int64_t t = pd_idx_time(&idx, i);
            if (t > until)
                break;
            if (nitems == icap) {
                size_t nc = icap ? icap * 2 : 64;
                log_item *nv = realloc(items, nc * sizeof(*nv));
                if (!nv) {
                    pd_idx_dispose(&idx);
                    rc = PD_ENOMEM_SET();
                    goto out;
                }
                items = nv;
                icap = nc;
            }
            items[nitems].time = t;
            items[nitems].policy = p;
            pd_idx_commit(&items[nitems].commit, &idx, i);
            nitems++;
        }
        pd_idx_dispose(&idx);
    }
    if (nitems > 1 && nnames > 1)
        qsort(items, nitems, sizeof(*items), cmp_items);
    for (size_t i = 0; i < nitems; i++) {
        if (git_commit_lookup(&c, s->repo, &items[i].commit) < 0) {
            rc = pd_store_git_fail("cannot read a version");
            goto out;
        }
        rc = version_from_commit(&one, c);
        git_commit_free(c);
        c = NULL;
        if (rc == 1) {
            rc = 0;
            continue;
        }
        if (rc || (rc = push_version(&list, &count, &cap, &one))) {
            if (!rc)
                pd_version_dispose(&one);
            goto out;
        }
    }
out:
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
    pd_buf ref = PD_BUF_INIT;
    git_commit *c = NULL;
    git_oid tip;
    int unborn, rc;
    *first = *last = INT64_MIN;
    if ((rc = pd_policy_name_check(name)) || (rc = pd_store_layout_check(s)) ||
        (rc = pd_store_ref_name(&ref, PD_CAPTURES_PREFIX, name)) ||
        (rc = pd_store_ref_id(&tip, &unborn, s, ref.ptr)) || unborn)
        goto out;
    if (git_commit_lookup(&c, s->repo, &tip) < 0) {
        rc = pd_store_git_fail("cannot read a policy's captures");
        goto out;
    }
    if (!(rc = capture_edge(first, s, git_commit_tree_id(c), 0)))
        rc = capture_edge(last, s, git_commit_tree_id(c), 1);
out:
    git_commit_free(c);
    pd_buf_dispose(&ref);
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

/* ---- change summaries ---- */

void pd_store_set_summarizer(pd_store *s, pd_summarize_fn fn, void *payload)
{
    s->summarize = fn;
    s->summarize_payload = payload;
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
                     (size_t)git_blob_rawsize(nb), s->summarize_payload) ||
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

int pd_store_policy_tip(char out[41], pd_store *s, const char *name)
{
    pd_buf ref = PD_BUF_INIT;
    git_oid tip;
    int unborn, rc;
    out[0] = '\0';
    if ((rc = pd_policy_name_check(name)) || (rc = pd_store_layout_check(s)) ||
        (rc = pd_store_ref_name(&ref, PD_VERSIONS_PREFIX, name)) ||
        (rc = pd_store_ref_id(&tip, &unborn, s, ref.ptr)))
        goto out;
    if (!unborn)
        git_oid_tostr(out, 41, &tip);
out:
    pd_buf_dispose(&ref);
    return rc;
}
