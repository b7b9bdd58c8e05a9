/* cli_remote.c - git, the remote and adopting its refs (see cli_remote.h). */
#include "cli/cli_remote.h"
#include "cli/cli.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define GIT_OUTPUT_MAX (64u << 20)

int pd_cli_git(pd_buf *out, const char *git_dir, const char *const *args)
{
    posix_spawn_file_actions_t fa;
    char gd[4200];
    const char *argv[64];
    size_t argc = 0;
    int pipefd[2] = {-1, -1}, status, rc;
    pid_t pid;

    snprintf(gd, sizeof(gd), "--git-dir=%s", git_dir);
    argv[argc++] = "git";
    argv[argc++] = gd;
    while (*args && argc < sizeof(argv) / sizeof(argv[0]) - 1)
        argv[argc++] = *args++;
    if (*args)
        return pd_error_set(PD_ERROR, "too many arguments for git"), -1;
    argv[argc] = NULL;
    if (out && pipe(pipefd) != 0)
        return pd_error_set(PD_EIO, "cannot run git: %s", strerror(errno)), -1;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (out) {
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
        posix_spawn_file_actions_addclose(&fa, pipefd[0]);
        posix_spawn_file_actions_addclose(&fa, pipefd[1]);
    } else {
        posix_spawn_file_actions_adddup2(&fa, 2, 1);
    }
    fflush(stdout);
    fflush(stderr);
    rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (out)
        close(pipefd[1]);
    if (rc != 0) {
        if (out)
            close(pipefd[0]);
        return pd_error_set(PD_EIO, "cannot run git: %s; install git", strerror(rc)), -1;
    }
    if (out) {
        char buf[8192];
        ssize_t n;
        if (!out->limit)
            out->limit = GIT_OUTPUT_MAX;
        while ((n = read(pipefd[0], buf, sizeof(buf))) != 0) {
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                break;
            pd_buf_put(out, buf, (size_t)n);
        }
        close(pipefd[0]);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return pd_error_set(PD_EIO, "cannot wait for git: %s", strerror(errno)), -1;
    if (out && pd_buf_error(out))
        return pd_error_set(PD_EIO, "git's output is too large"), -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    pd_error_set(PD_EIO, "git was killed by signal %d", WTERMSIG(status));
    return -1;
}

/* git's status for a command whose output we want; -1 (message set) when
 * it could not run. */
static int git_out(pd_buf *out, const char *store, const char *const *args)
{
    pd_buf_clear(out);
    return pd_cli_git(out, store, args);
}

static int looks_like_location(const char *s)
{
    struct stat st;
    return strchr(s, '/') || strchr(s, ':') || (stat(s, &st) == 0 && S_ISDIR(st.st_mode));
}

int pd_cli_remote_resolve(pd_cli_remote *r, const char *cmd, const char *store, const char *arg)
{
    pd_buf out = PD_BUF_INIT, key = PD_BUF_INIT;
    int st;

    memset(r, 0, sizeof(*r));
    r->cmd = cmd;
    r->store = store;
    r->url = arg && *arg ? arg : "origin";
    if (!*r->url || r->url[0] == '-')
        return pd_cli_usage(cmd, "REMOTE is a remote's name, a path or a URL, not '%s'", r->url);
    pd_buf_printf(&key, "remote.%s.url", r->url);
    {
        const char *args[] = {"config", "--get", pd_buf_cstr(&key), NULL};
        st = strlen(r->url) < sizeof(r->name) && !strchr(r->url, '/') && !strchr(r->url, ':')
                 ? git_out(&out, store, args)
                 : 1;
    }
    pd_buf_dispose(&out);
    pd_buf_dispose(&key);
    if (st < 0)
        return pd_cli_fail(PD_EIO, NULL);
    if (st == 0) {
        snprintf(r->name, sizeof(r->name), "%s", r->url);
        return PD_EXIT_OK;
    }
    if (looks_like_location(r->url)) {
        snprintf(r->name, sizeof(r->name), "origin");
        return PD_EXIT_OK;
    }
    fprintf(stderr,
            "policydiff %s: no remote '%s' in %s: give a path or URL, or add it with "
            "'git --git-dir=%s remote add %s URL'\n",
            cmd, r->url, store, store, r->url);
    return PD_EXIT_USAGE;
}

int pd_cli_remote_fetch(const pd_cli_remote *r)
{
    char spec[300];
    int st;
    snprintf(spec, sizeof(spec), "+refs/heads/*:refs/remotes/%s/*", r->name);
    {
        const char *args[] = {"fetch", "--quiet", "--no-tags", r->url, spec, NULL};
        st = pd_cli_git(NULL, r->store, args);
    }
    if (st < 0)
        return pd_cli_fail(PD_EIO, NULL);
    if (st != 0) {
        fprintf(stderr,
                "policydiff %s: cannot fetch from %s (git fetch exit %d); check the remote's "
                "path or URL and your access to it\n",
                r->cmd, r->url, st);
        return PD_EXIT_FETCH;
    }
    return PD_EXIT_OK;
}

void pd_cli_adopt_dispose(pd_adopt_result *res)
{
    for (size_t i = 0; i < res->n; i++)
        free(res->refs[i].ref);
    free(res->refs);
    memset(res, 0, sizeof(*res));
}

/* The pair of ref (captures/NAME or versions/NAME), added when missing. */
static pd_ref_pair *pair_for(pd_adopt_result *res, size_t *cap, const char *ref)
{
    for (size_t i = res->n; i-- > 0;)
        if (!strcmp(res->refs[i].ref, ref))
            return &res->refs[i];
    if (res->n == *cap && pd_array_grow(&res->refs, cap, sizeof(*res->refs), 64))
        return NULL;
    memset(&res->refs[res->n], 0, sizeof(res->refs[0]));
    if (!(res->refs[res->n].ref = strdup(ref)))
        return NULL;
    return &res->refs[res->n++];
}

static int cmp_pair(const void *a, const void *b)
{
    const pd_ref_pair *x = a, *y = b;
    const char *nx = strchr(x->ref, '/') + 1, *ny = strchr(y->ref, '/') + 1;
    int c = strcmp(nx, ny);
    return c ? c : strcmp(x->ref, y->ref);
}

/* Reads "<id> <tree> <refname>" lines of for-each-ref into res. */
static int read_refs(pd_adopt_result *res, const pd_cli_remote *r, int mains_only)
{
    pd_buf out = PD_BUF_INIT, rprefix = PD_BUF_INIT, rc_ = PD_BUF_INIT, rv = PD_BUF_INIT,
           rmain = PD_BUF_INIT;
    size_t cap = 0;
    int st, exit_code = PD_EXIT_OK;
    const char *line;

    pd_buf_printf(&rprefix, "refs/remotes/%s/", r->name);
    pd_buf_printf(&rc_, "refs/remotes/%s/captures/", r->name);
    pd_buf_printf(&rv, "refs/remotes/%s/versions/", r->name);
    pd_buf_printf(&rmain, "refs/remotes/%s/main", r->name);
    {
        const char *args[] = {"for-each-ref",
                              "--format=%(objectname) %(tree) %(refname)",
                              "refs/heads/main",
                              pd_buf_cstr(&rmain),
                              mains_only ? NULL : "refs/heads/captures/",
                              "refs/heads/versions/",
                              pd_buf_cstr(&rc_),
                              pd_buf_cstr(&rv),
                              NULL};
        st = pd_cli_git(&out, r->store, args);
    }
    if (st != 0) {
        exit_code = st < 0 ? pd_cli_fail(PD_EIO, NULL)
                           : pd_cli_fail(PD_EIO, "git for-each-ref failed on the store");
        goto out;
    }
    res->main_local[0] = res->main_local_tree[0] = '\0';
    res->main_remote[0] = res->main_remote_tree[0] = '\0';
    for (line = pd_buf_cstr(&out); *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char id[65] = "", tree[65] = "", ref[1100] = "";
        char *refname;
        pd_ref_pair *p;
        int remote = 0;

        if (len < sizeof(ref) && sscanf(line, "%64s %64s %1099s", id, tree, ref) == 3) {
            if (!strcmp(ref, "refs/heads/main")) {
                snprintf(res->main_local, sizeof(res->main_local), "%s", id);
                snprintf(res->main_local_tree, sizeof(res->main_local_tree), "%s", tree);
            } else if (!strcmp(ref, pd_buf_cstr(&rmain))) {
                snprintf(res->main_remote, sizeof(res->main_remote), "%s", id);
                snprintf(res->main_remote_tree, sizeof(res->main_remote_tree), "%s", tree);
            } else if (!mains_only) {
                if (!strncmp(ref, "refs/heads/", 11)) {
                    refname = ref + 11;
                } else {
                    refname = ref + rprefix.len;
                    remote = 1;
                }
                if (!(p = pair_for(res, &cap, refname))) {
                    exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
                    goto out;
                }
                snprintf(remote ? p->remote : p->local, sizeof(p->local), "%s", id);
            }
        }
        line += len + (nl ? 1 : 0);
    }
    if (!mains_only && res->n)
        qsort(res->refs, res->n, sizeof(*res->refs), cmp_pair);
out:
    pd_buf_dispose(&out);
    pd_buf_dispose(&rprefix);
    pd_buf_dispose(&rc_);
    pd_buf_dispose(&rv);
    pd_buf_dispose(&rmain);
    return exit_code;
}

int pd_cli_read_mains(pd_adopt_result *res, const pd_cli_remote *r)
{
    return read_refs(res, r, 1);
}

/* 1 when a is an ancestor of b, 0 when not, -1 on error (printed). */
static int is_ancestor(const pd_cli_remote *r, const char *a, const char *b)
{
    const char *args[] = {"merge-base", "--is-ancestor", a, b, NULL};
    int st = pd_cli_git(NULL, r->store, args);
    if (st == 0)
        return 1;
    if (st == 1)
        return 0;
    if (st > 1)
        fprintf(stderr, "policydiff %s: git merge-base failed on %s and %s\n", r->cmd, a, b);
    else
        pd_cli_fail(PD_EIO, NULL);
    return -1;
}

static int adopt_one(pd_ref_pair *p, const pd_cli_remote *r)
{
    char full[1100];
    int a;
    if (!strcmp(p->local, p->remote) || !p->remote[0]) {
        p->state = p->remote[0] ? PD_REF_SAME : PD_REF_AHEAD;
        return PD_EXIT_OK;
    }
    if (p->local[0] && (a = is_ancestor(r, p->remote, p->local)) != 0) {
        if (a < 0)
            return PD_EXIT_INTERNAL;
        p->state = PD_REF_AHEAD;
        return PD_EXIT_OK;
    }
    if (p->local[0] && (a = is_ancestor(r, p->local, p->remote)) != 1) {
        if (a < 0)
            return PD_EXIT_INTERNAL;
        p->state = PD_REF_DIVERGED;
        return PD_EXIT_OK;
    }
    snprintf(full, sizeof(full), "refs/heads/%s", p->ref);
    {
        const char *args[] = {
            "update-ref", "-m", "policydiff: adopted from remote", full, p->remote, p->local, NULL};
        int st = pd_cli_git(NULL, r->store, args);
        if (st != 0) {
            if (st < 0)
                return pd_cli_fail(PD_EIO, NULL);
            fprintf(stderr, "policydiff %s: cannot move %s to %s's (git update-ref exit %d)\n",
                    r->cmd, full, r->url, st);
            return PD_EXIT_INTERNAL;
        }
    }
    snprintf(p->local, sizeof(p->local), "%s", p->remote);
    p->state = PD_REF_ADOPTED;
    return PD_EXIT_OK;
}

int pd_cli_adopt(pd_adopt_result *res, const pd_cli_remote *r)
{
    int rc;
    memset(res, 0, sizeof(*res));
    if ((rc = read_refs(res, r, 0)))
        return rc;
    for (size_t i = 0; i < res->n; i++)
        if ((rc = adopt_one(&res->refs[i], r)))
            return rc;
    /* per policy: its captures and versions refs are next to each other */
    for (size_t i = 0; i < res->n;) {
        const char *name = strchr(res->refs[i].ref, '/') + 1;
        int diverged = 0, adopted = 0, ahead = 0;
        size_t j = i;
        for (; j < res->n && !strcmp(strchr(res->refs[j].ref, '/') + 1, name); j++) {
            diverged |= res->refs[j].state == PD_REF_DIVERGED;
            adopted |= res->refs[j].state == PD_REF_ADOPTED;
            ahead |= res->refs[j].state == PD_REF_AHEAD;
        }
        res->policies++;
        if (diverged) {
            res->diverged++;
            fprintf(stderr,
                    "policydiff %s: %s: this store and %s recorded different captures (both "
                    "kept); to keep yours run 'policydiff push --force', to take theirs run "
                    "'git --git-dir=%s update-ref refs/heads/captures/%s "
                    "refs/remotes/%s/captures/%s' (and the same for versions/%s)\n",
                    r->cmd, name, r->url, r->store, name, r->name, name, name);
        } else if (adopted) {
            res->updated++;
        } else if (ahead) {
            res->ahead++;
        } else {
            res->unchanged++;
        }
        i = j;
    }
    return PD_EXIT_OK;
}
