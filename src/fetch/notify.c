/* notify.c - notify command and webhook; see notify.h. */
#include "fetch/notify.h"
#include "util/buf.h"
#include "util/error.h"

#include <curl/curl.h>

#include "fetch/curllib_calls.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void pd_args_free(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

static int push_arg(char ***v, size_t *n, size_t *cap, pd_buf *cur)
{
    char *s;
    if (*n + 2 > *cap && pd_array_grow(v, cap, sizeof(**v), 8))
        return PD_ENOMEM;
    s = cur->ptr ? pd_buf_detach(cur) : strdup("");
    if (!s)
        return PD_ENOMEM;
    (*v)[(*n)++] = s;
    (*v)[*n] = NULL;
    return 0;
}

int pd_split_args(char ***argv_out, size_t *argc_out, const char *cmdline)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    pd_buf cur = PD_BUF_INIT;
    int in_arg = 0, rc = 0;
    const char *p = cmdline ? cmdline : "";

    *argv_out = NULL;
    if (argc_out)
        *argc_out = 0;
    while (*p) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (in_arg && (rc = push_arg(&v, &n, &cap, &cur)))
                goto out;
            in_arg = 0;
            p++;
            continue;
        }
        in_arg = 1;
        if (c == '\'') {
            const char *e = strchr(p + 1, '\'');
            if (!e) {
                rc = pd_error_set(PD_EINVALID, "unterminated ' in the command: %.200s", cmdline);
                goto out;
            }
            pd_buf_put(&cur, p + 1, (size_t)(e - p - 1));
            if (!cur.ptr)
                pd_buf_puts(&cur, "");
            p = e + 1;
        } else if (c == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
                    p++;
                pd_buf_putc(&cur, *p++);
            }
            if (*p != '"') {
                rc = pd_error_set(PD_EINVALID, "unterminated \" in the command: %.200s", cmdline);
                goto out;
            }
            if (!cur.ptr)
                pd_buf_puts(&cur, "");
            p++;
        } else if (c == '\\' && p[1]) {
            pd_buf_putc(&cur, p[1]);
            p += 2;
        } else {
            pd_buf_putc(&cur, c);
            p++;
        }
    }
    if (in_arg && (rc = push_arg(&v, &n, &cap, &cur)))
        goto out;
    if (pd_buf_error(&cur)) {
        rc = PD_ENOMEM;
        goto out;
    }
    if (n == 0) {
        rc = pd_error_set(PD_EINVALID, "the command is empty");
        goto out;
    }
    *argv_out = v;
    if (argc_out)
        *argc_out = n;
    v = NULL;
out:
    if (rc == PD_ENOMEM)
        pd_error_set(rc, "out of memory");
    pd_args_free(v);
    pd_buf_dispose(&cur);
    return rc;
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Starts argv (searched in PATH, no shell) with in[0] as its stdin,
 * stdout on stderr and SIGPIPE back to its default; 0 or the errno of
 * posix_spawnp (ENOENT: not found). */
static int spawn(pid_t *pid, char *const *argv, const int in[2])
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t def;
    int e;

    if ((e = posix_spawn_file_actions_init(&fa)))
        return e;
    if ((e = posix_spawnattr_init(&at))) {
        posix_spawn_file_actions_destroy(&fa);
        return e;
    }
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    /* what the command prints is not ours to put in the report on
     * stdout (check --format json must stay one JSON document) */
    if (!(e = posix_spawn_file_actions_adddup2(&fa, in[0], 0)) &&
        !(e = posix_spawn_file_actions_adddup2(&fa, 2, 1)) &&
        !(e = posix_spawn_file_actions_addclose(&fa, in[0])) &&
        !(e = posix_spawnattr_setsigdefault(&at, &def)) &&
        !(e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF)))
        e = posix_spawnp(pid, argv[0], &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    return e;
}

/* Writes input to fd (made non-blocking) until done, the deadline or the
 * reader going away. */
static void feed(int fd, const char *input, size_t len, long long deadline)
{
    size_t off = 0;
    ssize_t r;
    fcntl(fd, F_SETFL, O_NONBLOCK);
    while (off < len) {
        struct pollfd pfd = {fd, POLLOUT, 0};
        long long left = deadline - mono_ms();
        if (left <= 0)
            break;
        if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
            continue;
        r = write(fd, input + off, len - off);
        if (r < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            break; /* EPIPE: the command does not read its input; its status tells */
        }
        off += (size_t)r;
    }
}

/* Waits for child pid (argv) until the deadline, killing it then; returns
 * 0, or an error when it failed, was killed or could not be waited for. */
static int wait_child(pid_t pid, char *const *argv, long long deadline, long timeout_ms)
{
    int status = 0;
    pid_t w;
    for (;;) {
        w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            return pd_error_set(PD_EIO, "cannot wait for %.200s: %s", argv[0], strerror(errno));
        }
        if (mono_ms() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return pd_error_set(PD_ERROR, "%.200s did not finish within %ld s and was killed",
                                argv[0],
                                (timeout_ms > 0 ? timeout_ms : PD_NOTIFY_TIMEOUT_MS) / 1000);
        }
        {
            struct timespec d = {0, 20 * 1000000L};
            nanosleep(&d, NULL);
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        return pd_error_set(PD_ERROR, "%.200s exited with status %d", argv[0], WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return pd_error_set(PD_ERROR, "%.200s was killed by signal %d", argv[0], WTERMSIG(status));
    return 0;
}

int pd_notify_command(char *const *argv, const char *input, size_t len, long timeout_ms)
{
    int in[2] = {-1, -1}, e, rc = 0;
    struct sigaction ign, old;
    long long deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : PD_NOTIFY_TIMEOUT_MS);
    pid_t pid;

    if (!argv || !argv[0])
        return pd_error_set(PD_EINVALID, "the command is empty");
    if (pipe(in) != 0)
        return pd_error_set(PD_EIO, "cannot run %.200s: %s", argv[0], strerror(errno));
    fcntl(in[1], F_SETFD, FD_CLOEXEC);
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    if ((e = spawn(&pid, argv, in))) {
        rc = pd_error_set(e == ENOENT || e == EACCES ? PD_ENOTFOUND : PD_EIO,
                          "cannot run %.200s: %s", argv[0], strerror(e));
        goto out;
    }
    close(in[0]);
    in[0] = -1;
    feed(in[1], input, len, deadline);
    close(in[1]);
    in[1] = -1;
    rc = wait_child(pid, argv, deadline, timeout_ms);
out:
    sigaction(SIGPIPE, &old, NULL);
    if (in[0] >= 0)
        close(in[0]);
    if (in[1] >= 0)
        close(in[1]);
    return rc;
}

static size_t sink(char *ptr, size_t size, size_t nmemb, void *payload)
{
    pd_buf *b = payload;
    size_t n = size * nmemb;
    if (b->len < 4096)
        pd_buf_put(b, ptr, n < 4096 - b->len ? n : 4096 - b->len);
    return n;
}

int pd_notify_webhook(long *status, const char *url, const char *body, size_t len,
                      const pd_http_options *o)
{
    pd_notify_http_request rq = PD_NOTIFY_HTTP_REQUEST_INIT;
    rq.url = rq.label = url;
    rq.body = body;
    rq.len = len;
    return pd_notify_http(status, &rq, o);
}

/* The request's headers: JSON, and the bearer token when there is one. */
static struct curl_slist *headers_of(const pd_notify_http_request *rq)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json"), *n;
    pd_buf auth = PD_BUF_INIT;
    if (!h || !rq->bearer)
        return h;
    if (pd_buf_printf(&auth, "Authorization: Bearer %s", rq->bearer) ||
        !(n = curl_slist_append(h, pd_buf_cstr(&auth)))) {
        curl_slist_free_all(h);
        h = NULL;
    }
    pd_buf_dispose(&auth);
    return h;
}

int pd_notify_http(long *status, const pd_notify_http_request *rq, const pd_http_options *o)
{
    pd_http_options defaults = PD_HTTP_OPTIONS_INIT;
    const char *url = rq->url, *label = rq->label ? rq->label : rq->url, *body = rq->body;
    size_t len = rq->len;
    struct curl_slist *h = NULL;
    CURL *c = NULL;
    char errbuf[CURL_ERROR_SIZE];
    long code = 0, backoff;
    int rc = 0;

    if (status)
        *status = 0;
    if (!o)
        o = &defaults;
    backoff = o->backoff_ms > 0 ? o->backoff_ms : 0;
    if ((rc = pd_curllib_load()))
        return rc;
    if (!(c = curl_easy_init()) || !(h = headers_of(rq))) {
        rc = pd_error_set(PD_ERROR, "cannot start libcurl for the webhook");
        goto out;
    }
    for (int attempt = 0;; attempt++) {
        pd_buf answer = PD_BUF_INIT;
        CURLcode cc;
        int retry;

        curl_easy_reset(c);
        errbuf[0] = '\0';
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
        curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        if (rq->method)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        curl_easy_setopt(c, CURLOPT_USERAGENT,
                         o->user_agent ? o->user_agent : pd_http_user_agent());
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
        cc = curl_easy_perform(c);
        code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        pd_buf_dispose(&answer);
        if (cc == CURLE_OK && code >= 200 && code <= 299) {
            rc = 0;
            break;
        }
        /* a server that took the whole timeout is not asked again: one
         * stalled endpoint must not hold the run (and the store lock) for
         * several timeouts */
        retry = cc == CURLE_COULDNT_CONNECT || cc == CURLE_SEND_ERROR || cc == CURLE_RECV_ERROR ||
                cc == CURLE_GOT_NOTHING || (cc == CURLE_OK && (code >= 500 || code == 429));
        if (cc != CURLE_OK)
            rc = pd_error_set(PD_ENET, "webhook %.200s: %s (%d attempt%s)", label,
                              errbuf[0] ? errbuf : curl_easy_strerror(cc), attempt + 1,
                              attempt ? "s" : "");
        else
            rc = pd_error_set(PD_ENET, "webhook %.200s answered HTTP %ld (%d attempt%s)", label,
                              code, attempt + 1, attempt ? "s" : "");
        if (!retry || attempt >= o->retries)
            break;
        {
            struct timespec d = {(time_t)(backoff / 1000), (backoff % 1000) * 1000000L};
            nanosleep(&d, NULL);
        }
        backoff *= 2;
    }
    if (status)
        *status = code;
out:
    curl_slist_free_all(h);
    if (c)
        curl_easy_cleanup(c);
    return rc;
}

/* What the SMTP upload reads from: the message, and how far it got. */
typedef struct {
    const char *data;
    size_t len, at;
} upload;

static size_t read_upload(char *ptr, size_t size, size_t nmemb, void *payload)
{
    upload *u = payload;
    size_t n = size * nmemb;
    if (n > u->len - u->at)
        n = u->len - u->at;
    memcpy(ptr, u->data + u->at, n);
    u->at += n;
    return n;
}

/* The transfer options of one SMTP attempt. */
static void smtp_setup(CURL *c, const pd_notify_mail *m, struct curl_slist *rcpt, upload *u,
                       char *errbuf, const pd_http_options *o)
{
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, m->smtp_url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, m->from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, u);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u->len);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    if (m->user)
        curl_easy_setopt(c, CURLOPT_USERNAME, m->user);
    if (m->password)
        curl_easy_setopt(c, CURLOPT_PASSWORD, m->password);
    if (m->netrc_file) {
        curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        curl_easy_setopt(c, CURLOPT_NETRC_FILE, m->netrc_file);
    }
    /* smtp:// upgrades with STARTTLS when the server offers it */
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
}

int pd_notify_smtp(const pd_notify_mail *m, const pd_http_options *o)
{
    pd_http_options defaults = PD_HTTP_OPTIONS_INIT;
    struct curl_slist *rcpt = NULL;
    CURL *c = NULL;
    char errbuf[CURL_ERROR_SIZE];
    long backoff;
    int rc = 0;

    if (!o)
        o = &defaults;
    backoff = o->backoff_ms > 0 ? o->backoff_ms : 0;
    if ((rc = pd_curllib_load()))
        return rc;
    for (size_t i = 0; i < m->nto; i++)
        if (!(rcpt = curl_slist_append(rcpt, m->to[i]))) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
    if (!(c = curl_easy_init())) {
        rc = pd_error_set(PD_ERROR, "cannot start libcurl for the mail");
        goto out;
    }
    for (int attempt = 0;; attempt++) {
        upload u = {m->message, m->len, 0};
        CURLcode cc;
        errbuf[0] = '\0';
        smtp_setup(c, m, rcpt, &u, errbuf, o);
        if ((cc = curl_easy_perform(c)) == CURLE_OK) {
            rc = 0;
            break;
        }
        rc = pd_error_set(PD_ENET, "mail through %.120s: %s (%d attempt%s)", m->label,
                          errbuf[0] ? errbuf : curl_easy_strerror(cc), attempt + 1,
                          attempt ? "s" : "");
        if (cc == CURLE_LOGIN_DENIED || attempt >= o->retries)
            break;
        {
            struct timespec d = {(time_t)(backoff / 1000), (backoff % 1000) * 1000000L};
            nanosleep(&d, NULL);
        }
        backoff *= 2;
    }
out:
    curl_slist_free_all(rcpt);
    if (c)
        curl_easy_cleanup(c);
    return rc;
}
