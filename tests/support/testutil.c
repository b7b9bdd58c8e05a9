#define _XOPEN_SOURCE 700
#include "support/testutil.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

const char *pd_test_path(const char *rel)
{
    static char path[4096];
    const char *root = getenv("PD_TEST_DATA");
    snprintf(path, sizeof(path), "%s/%s", root ? root : "tests", rel);
    return path;
}

void pd_test_read(pd_buf *out, const char *rel)
{
    const char *p = pd_test_path(rel);
    cr_assert_eq(pd_buf_read_file(out, p, 0), 0, "cannot read fixture %s", p);
}

char *pd_test_tmpdir(void)
{
    char tmpl[] = "/tmp/pdtest.XXXXXX";
    char *d = mkdtemp(tmpl);
    cr_assert_not_null(d, "mkdtemp failed");
    return strdup(d);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void pd_test_rmtree(const char *path)
{
    if (path)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void pd_test_run(pd_test_run_result *r, const char *stdin_data, const char *const *argv)
{
    int in[2], out[2], err[2], status;
    const char *bin = getenv("PD_BIN");
    pid_t pid;
    size_t argc = 0, off = 0, inlen = stdin_data ? strlen(stdin_data) : 0;
    char **args;

    memset(r, 0, sizeof(*r));
    while (argv[argc])
        argc++;
    args = calloc(argc + 2, sizeof(*args));
    args[0] = (char *)(bin ? bin : "policydiff");
    for (size_t i = 0; i < argc; i++)
        args[i + 1] = (char *)argv[i];
    cr_assert(pipe(in) == 0 && pipe(out) == 0 && pipe(err) == 0);
    pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(in[1]);
        close(out[0]);
        close(err[0]);
        execv(args[0], args);
        _exit(127);
    }
    free(args);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    signal(SIGPIPE, SIG_IGN);
    if (!inlen)
        close(in[1]);
    struct pollfd fds[3] = {
        {out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {inlen ? in[1] : -1, POLLOUT, 0}};
    int open_fds = 2;
    while (open_fds > 0 || fds[2].fd >= 0) {
        if (poll(fds, 3, -1) < 0)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buf[65536];
                ssize_t n = read(fds[i].fd, buf, sizeof(buf));
                if (n <= 0) {
                    close(fds[i].fd);
                    fds[i].fd = -1;
                    open_fds--;
                } else {
                    pd_buf_put(i == 0 ? &r->out : &r->err, buf, (size_t)n);
                }
            }
        }
        if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(fds[2].fd, stdin_data + off, inlen - off);
            if (n <= 0 || (off += (size_t)n) >= inlen) {
                close(fds[2].fd);
                fds[2].fd = -1;
            }
        }
    }
    waitpid(pid, &status, 0);
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (!r->out.ptr)
        pd_buf_puts(&r->out, "");
    if (!r->err.ptr)
        pd_buf_puts(&r->err, "");
}

void pd_test_run_dispose(pd_test_run_result *r)
{
    pd_buf_dispose(&r->out);
    pd_buf_dispose(&r->err);
}
