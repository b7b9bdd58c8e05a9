/*
 * store.c - the store repository: init/open, name checks, change summaries.
 * Reading versions, the log and the captures cache is in versions.c; a
 * policy's captures in captures.c, its version chain in chain.c, recording
 * and rebuilding in record.c, the view on main in view.c, the per-policy
 * index in index.c, packing in pack.c, the first layout's upgrade in
 * upgrade.c, policies.conf in config.c, the lock in lock.c (DESIGN.md).
 *
 * Crash safety: every write creates all its objects first and moves each
 * ref with one compare-and-swap update (libgit2 writes the reference through
 * a lock file and a rename), so a process killed at any moment leaves every
 * ref at a complete commit.  A capture is written before the version derived
 * from it, so no version is ever without its raw capture; a capture whose
 * version was not derived yet is derived by the next write.
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

/* 1 when the failure that libgit2 (or errno) reports is the disk's: full,
 * over quota or read-only. */
static int disk_failure(const char *msg, int err)
{
    return err == ENOSPC || err == EDQUOT || err == EROFS ||
           (msg && (strstr(msg, "No space left") || strstr(msg, "quota exceeded") ||
                    strstr(msg, "Read-only file system")));
}

/* The message of libgit2's last error when pd_store_git_errors_seen() ran. */
static _Thread_local char seen_message[256];

void pd_store_git_errors_seen(void)
{
    const git_error *e = pd_gitlib_load() == 0 ? git_error_last() : NULL;
    snprintf(seen_message, sizeof(seen_message), "%s", e && e->message ? e->message : "");
}

int pd_store_git_fail(const char *what)
{
    const git_error *e = git_error_last();
    const char *msg = e && e->message && *e->message ? e->message : NULL;
    int err = errno;
    if (msg && seen_message[0] && !strncmp(msg, seen_message, sizeof(seen_message) - 1))
        msg = NULL; /* an older failure's message: not this one's reason */
    size_t wlen = strcspn(what, "(");

    while (wlen && what[wlen - 1] == ' ')
        wlen--;
    if (disk_failure(msg, err))
        return pd_error_set(PD_EIO,
                            "%.*s: %s (%s): free space on the disk that holds the store (or make "
                            "it writable), then run the same command again; nothing half-written "
                            "is visible in the store",
                            (int)wlen, what,
                            err == EROFS || (msg && strstr(msg, "Read-only"))
                                ? "the store's file system is read-only"
                                : "the disk that holds the store is full",
                            msg ? msg : strerror(err));
    return pd_error_set(PD_EIO,
                        "%s: %s; if it happens again, check the store with 'git fsck' in its "
                        "directory",
                        what, msg ? msg : "libgit2 gave no reason");
}

int pd_language_check(const char *tag)
{
    size_t part = 0, parts = 0;
    if (!tag || !*tag)
        return pd_error_set(PD_EINVALID, "a language cannot be empty: give a tag such as fr or "
                                         "en-GB");
    for (const char *p = tag;; p++) {
        unsigned char c = (unsigned char)*p;
        int letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (c == '-' || !c) {
            if (!part || part > 8 || parts++ > 8)
                break;
            if (!c)
                return 0;
            part = 0;
        } else if (letter || (parts && c >= '0' && c <= '9')) {
            part++;
        } else {
            break;
        }
    }
    return pd_error_set(PD_EINVALID,
                        "'%.40s' is not a language tag: give one such as fr, de or en-GB "
                        "(letters, then '-' and letters or digits)",
                        tag);
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
