/* render.c - headless chromium as an external process: its binary, its
 * directory, starting and stopping it (see render.h; the protocol is in
 * render_cdp.c). */
#define _GNU_SOURCE /* posix_spawn_file_actions_addclosefrom_np */
#include "fetch/render.h"
#include "fetch/render_internal.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The run's directory: HOME and XDG directories of chromium, its profile
 * and its standard error, all removed after. */
typedef struct {
    char dir[1024];
    char profile[1100];
    char **envp; /* environ with HOME and XDG_* pointing into dir */
    size_t nenv;
} render_dir;

int64_t pd_render_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void pd_render_options_from_env(pd_render_options *o)
{
    const char *v = getenv("POLICYDIFF_CHROMIUM");
    long n;
    char *end;
    if (v && *v)
        o->browser = v;
    if ((v = getenv("POLICYDIFF_RENDER_TIMEOUT_MS")) && (n = strtol(v, &end, 10)) > 0 && !*end)
        o->timeout_ms = n;
    if ((v = getenv("POLICYDIFF_RENDER_SETTLE_MS")) && (n = strtol(v, &end, 10)) > 0 && !*end)
        o->settle_ms = n;
    if ((v = getenv("POLICYDIFF_ALLOW_PRIVATE")) && !strcmp(v, "1"))
        o->allow_private = 1;
}

void pd_render_result_dispose(pd_render_result *r)
{
    if (!r)
        return;
    free(r->final_url);
    free(r->content_type);
    r->final_url = r->content_type = NULL;
    pd_buf_dispose(&r->dom);
}

/* The chromium binary into out: the one given (a path, or a name looked up
 * on PATH), else chromium or chromium-browser on PATH. */
static int find_browser(char *out, size_t size, const char *given)
{
    static const char *const names[] = {"chromium", "chromium-browser", NULL};
    const char *path = getenv("PATH");
    const char *one[] = {given, NULL};
    const char *const *try = given && *given ? one : names;

    for (size_t i = 0; try[i]; i++) {
        if (strchr(try[i], '/')) {
            snprintf(out, size, "%s", try[i]);
            if (access(out, X_OK) == 0)
                return 0;
            continue;
        }
        for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
            size_t n = strcspn(p, ":");
            snprintf(out, size, "%.*s/%s", (int)n, p, try[i]);
            if (n && access(out, X_OK) == 0)
                return 0;
            p += n + (p[n] == ':');
        }
    }
    if (given && *given)
        return pd_error_set(PD_EUNSUPPORTED,
                            "cannot render the page: no chromium at %.300s (POLICYDIFF_CHROMIUM): "
                            "install Debian's chromium (apt-get install chromium) or point "
                            "POLICYDIFF_CHROMIUM at it",
                            given);
    return pd_error_set(PD_EUNSUPPORTED,
                        "cannot render the page: chromium is not installed (not on PATH): "
                        "install Debian's chromium (apt-get install chromium) or set "
                        "POLICYDIFF_CHROMIUM to its path");
}

/* Removes name (a file or a directory tree) under the directory at. */
static void remove_tree(int at, const char *name)
{
    int fd;
    DIR *d;
    struct dirent *e;
    if (unlinkat(at, name, 0) == 0 || (errno != EISDIR && errno != EPERM))
        return;
    if ((fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return;
    if (!(d = fdopendir(fd))) {
        close(fd);
        return;
    }
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            remove_tree(dirfd(d), e->d_name);
    closedir(d);
    unlinkat(at, name, AT_REMOVEDIR);
}

static void dir_dispose(render_dir *rd)
{
    for (size_t i = 0; rd->envp && i < rd->nenv; i++)
        free(rd->envp[i]);
    free(rd->envp);
    rd->envp = NULL;
    if (rd->dir[0])
        remove_tree(AT_FDCWD, rd->dir);
    rd->dir[0] = '\0';
}

/* environ without HOME and XDG_*_HOME, then those pointing into the run's
 * directory: nothing chromium writes outlives the run. */
static int make_env(render_dir *rd)
{
    static const char *const own[] = {"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"};
    size_t n = 0, k = 0;
    while (environ && environ[n])
        n++;
    rd->envp = calloc(n + 5, sizeof(*rd->envp));
    PD_CHECK_ALLOC(rd->envp);
    for (size_t i = 0; i < n; i++) {
        int skip = 0;
        for (size_t j = 0; j < 4; j++)
            skip |=
                !strncmp(environ[i], own[j], strlen(own[j])) && environ[i][strlen(own[j])] == '=';
        if (!skip && !(rd->envp[k++] = strdup(environ[i])))
            goto oom;
    }
    for (size_t j = 0; j < 4; j++) {
        size_t len = strlen(own[j]) + strlen(rd->dir) + 8;
        if (!(rd->envp[k] = malloc(len)))
            goto oom;
        snprintf(rd->envp[k++], len, "%s=%s%s", own[j], rd->dir, j ? "/xdg" : "");
    }
    rd->nenv = k;
    return 0;
oom:
    rd->nenv = k;
    return PD_ENOMEM_SET();
}

static int make_dir(render_dir *rd, pd_cdp *c)
{
    const char *tmp = getenv("TMPDIR");
    memset(rd, 0, sizeof(*rd));
    snprintf(rd->dir, sizeof(rd->dir), "%.900s/policydiff-render.XXXXXX",
             tmp && *tmp && strlen(tmp) <= 900 ? tmp : "/tmp");
    if (!mkdtemp(rd->dir)) {
        int e = errno;
        rd->dir[0] = '\0';
        return pd_error_set(PD_EIO, "cannot make a directory for chromium's profile: %s",
                            strerror(e));
    }
    snprintf(rd->profile, sizeof(rd->profile), "--user-data-dir=%s/profile", rd->dir);
    snprintf(c->errlog, sizeof(c->errlog), "%s/stderr", rd->dir);
    return make_env(rd);
}

/* chromium's arguments: argv[0] the binary; the page is loaded later. */
typedef struct {
    const char *v[40];
    char lang[64], accept[80];
} browser_argv;

static void browser_args(browser_argv *a, const char *bin, const render_dir *rd,
                         const pd_render_options *o)
{
    static const char *const fixed[] = {"--headless",
                                        "--remote-debugging-pipe",
                                        "--no-first-run",
                                        "--no-default-browser-check",
                                        "--disable-gpu",
                                        "--disable-extensions",
                                        "--disable-background-networking",
                                        "--disable-component-update",
                                        "--disable-sync",
                                        "--disable-default-apps",
                                        "--disable-dev-shm-usage",
                                        "--disable-breakpad",
                                        "--mute-audio",
                                        "--hide-scrollbars",
                                        "--password-store=basic",
                                        "--use-mock-keychain",
                                        "--window-size=1280,1600",
                                        NULL};
    size_t k = 0;
    a->v[k++] = bin;
    for (size_t i = 0; fixed[i]; i++)
        a->v[k++] = fixed[i];
    a->v[k++] = rd->profile;
    /* chromium's sandbox refuses root: as root the page runs unsandboxed
     * (in a throwaway profile, without a debugging port) */
    if (geteuid() == 0)
        a->v[k++] = "--no-sandbox";
    if (o->accept_language && *o->accept_language) {
        snprintf(a->lang, sizeof(a->lang), "--lang=%s", o->accept_language);
        snprintf(a->accept, sizeof(a->accept), "--accept-lang=%s", o->accept_language);
        a->v[k++] = a->lang;
        a->v[k++] = a->accept;
    }
    a->v[k++] = "about:blank";
    a->v[k] = NULL;
}

/* Starts chromium in a process group of its own with child_fd as its
 * descriptors 3 and 4 (the DevTools pipe), standard error to c->errlog. */
static int spawn_browser(pd_cdp *c, int child_fd, const browser_argv *a, const render_dir *rd)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, deflt;
    int e;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, child_fd, 3);
    posix_spawn_file_actions_adddup2(&fa, child_fd, 4);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, c->errlog, O_WRONLY | O_CREAT | O_TRUNC, 0600);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    posix_spawn_file_actions_addclosefrom_np(&fa, 5);
#endif
    posix_spawnattr_init(&at);
    sigemptyset(&none);
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGPIPE);
    sigaddset(&deflt, SIGTERM);
    sigaddset(&deflt, SIGINT);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &deflt);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF);
    e = posix_spawn(&c->pid, a->v[0], &fa, &at, (char *const *)a->v, rd->envp);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    if (e) {
        c->pid = 0;
        return pd_error_set(PD_EUNSUPPORTED,
                            "cannot render the page: cannot start %.300s: %s (install Debian's "
                            "chromium, or point POLICYDIFF_CHROMIUM at it)",
                            a->v[0], strerror(e));
    }
    return 0;
}

/* Waits up to grace_ms for chromium to exit, then kills its process group
 * (renderers and all); *status its wait status. */
static void stop_browser(pd_cdp *c, long grace_ms, int *status)
{
    int64_t until = pd_render_now_ms() + grace_ms;
    *status = 0;
    if (c->pid <= 0)
        return;
    while (waitpid(c->pid, status, WNOHANG) == 0) {
        struct timespec d = {0, 20 * 1000000L};
        if (pd_render_now_ms() >= until) {
            kill(-c->pid, SIGKILL);
            while (waitpid(c->pid, status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        nanosleep(&d, NULL);
    }
    kill(-c->pid, SIGKILL); /* what is left of the group */
    c->pid = 0;
}

void pd_render_stderr_tail(char *out, size_t size, const pd_cdp *c)
{
    pd_buf b = PD_BUF_INIT;
    const char *p, *best = NULL;
    size_t bestlen = 0;
    out[0] = '\0';
    if (pd_buf_read_file(&b, c->errlog, 1 << 20) || !b.len) {
        pd_buf_dispose(&b);
        return;
    }
    for (p = pd_buf_cstr(&b); *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 2 && !memmem(p, n, "dbus", 4) && !memmem(p, n, "unexpected operator", 19))
            best = p, bestlen = n;
        p += n + (p[n] == '\n');
    }
    if (best)
        snprintf(out, size, "%.*s", (int)(bestlen < 300 ? bestlen : 300), best);
    pd_buf_dispose(&b);
}

/* Our end and chromium's end of the DevTools socket, both close-on-exec
 * and above descriptor 4 (so moving chromium's to 3 and 4 clobbers none). */
static int make_pipe(int *ours, int *theirs)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return pd_error_set(PD_EIO, "cannot make a pipe for chromium: %s", strerror(errno));
    *ours = fcntl(sv[0], F_DUPFD_CLOEXEC, 10);
    *theirs = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
    close(sv[0]);
    close(sv[1]);
    if (*ours < 0 || *theirs < 0) {
        if (*ours >= 0)
            close(*ours);
        if (*theirs >= 0)
            close(*theirs);
        return pd_error_set(PD_EIO, "cannot make a pipe for chromium: %s", strerror(errno));
    }
    return 0;
}

int pd_render_page(pd_render_result *out, const char *url, const pd_render_options *opts)
{
    static const pd_render_result empty = PD_RENDER_RESULT_INIT;
    pd_render_options defaults = PD_RENDER_OPTIONS_INIT;
    pd_cdp c = {.fd = -1, .pid = 0, .in = PD_BUF_INIT, .next_id = 1, .allow_private = 0};
    render_dir rd = {.dir = "", .envp = NULL};
    browser_argv a;
    char bin[4096];
    int rc, theirs = -1, status;

    *out = empty;
    if (!opts)
        opts = &defaults;
    c.deadline = pd_render_now_ms() + (opts->timeout_ms > 0 ? opts->timeout_ms : 60000);
    if ((rc = find_browser(bin, sizeof(bin), opts->browser)) || (rc = make_dir(&rd, &c)) ||
        (rc = make_pipe(&c.fd, &theirs)))
        goto out;
    browser_args(&a, bin, &rd, opts);
    rc = spawn_browser(&c, theirs, &a, &rd);
    close(theirs);
    if (rc)
        goto out;
    rc = pd_cdp_render(out, &c, url, opts);
out:
    if (c.fd >= 0)
        close(c.fd); /* chromium sees the pipe close and exits */
    stop_browser(&c, 5000, &status);
    pd_buf_dispose(&c.in);
    free(c.final_url);
    free(c.mime);
    dir_dispose(&rd);
    if (rc)
        pd_render_result_dispose(out);
    return rc;
}
