#include "server.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fetch/http.h"

void pd_test_server_start(pd_test_server *s, const char *root, const char *index)
{
    char bin[4096], line[32];
    const char *build = getenv("PD_BUILD_ROOT");
    int fds[2];
    ssize_t n;
    size_t len = 0;

    snprintf(bin, sizeof(bin), "%s/tests/fetch/pd-testserver", build ? build : "build");
    cr_assert(pipe(fds) == 0);
    s->pid = fork();
    cr_assert(s->pid >= 0);
    if (s->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive the test */
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(bin, bin, root, index, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    while (len < sizeof(line) - 1 && (n = read(fds[0], line + len, 1)) == 1 && line[len] != '\n')
        len++;
    line[len] = '\0';
    close(fds[0]);
    s->port = atoi(line);
    cr_assert(s->port > 0, "pd-testserver (%s) did not print its port", bin);
    snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
}

void pd_test_server_stop(pd_test_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
}

int pd_test_server_count(pd_test_server *s, const char *path)
{
    char url[4200];
    pd_http_request req = {
        .url = url, .etag = NULL, .last_modified = NULL, .accept_language = NULL};
    pd_http_options o = PD_HTTP_OPTIONS_INIT;
    pd_http_result r;
    int count;

    snprintf(url, sizeof(url), "%s/_count?path=%s", s->base, path);
    o.retries = 0;
    pd_http_get(&r, &req, &o);
    cr_assert_eq(r.status, 200, "cannot read the request count: %s", r.message);
    count = atoi(pd_buf_cstr(&r.body));
    pd_http_result_dispose(&r);
    return count;
}
