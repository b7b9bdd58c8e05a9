/*
 * notify.h - tell someone about a run: run a command with the report on its
 * standard input, or POST the report to a webhook.
 *
 * pd_split_args() splits a command line into arguments the way a shell
 * would quote them, without a shell: blanks separate arguments, '...'
 * keeps everything literally, "..." keeps everything except that a
 * backslash escapes ", \, $ and `, and outside quotes a backslash escapes
 * the next character.  Nothing is expanded (no variables, globs or pipes).
 *
 * pd_notify_command() starts argv[0] (searched in PATH, posix_spawnp: no
 * shell) with argv, feeds it input on standard input, and waits for it
 * (killing it after timeout_ms).
 * pd_notify_webhook() POSTs body with Content-Type: application/json and
 * the tool's User-Agent, retrying connection errors and 5xx answers
 * o->retries times; redirects are not followed.
 *
 * No printing.  Ownership: *argv_out is a NULL-terminated array the caller
 * frees with pd_args_free().  Errors: 0 or a negative PD_E* with
 * pd_error_last() set: PD_EINVALID (empty command, unterminated quote),
 * PD_ENOTFOUND (the command cannot be run), PD_ERROR (it exited with a
 * non-zero status or was killed), PD_ENET (the webhook could not be
 * reached or answered other than 2xx), PD_ENOMEM.
 */
#ifndef PD_NOTIFY_H
#define PD_NOTIFY_H

#include <stddef.h>

#include "fetch/http.h"

int pd_split_args(char ***argv_out, size_t *argc_out, const char *cmdline);
void pd_args_free(char **argv);

/* How long a notify command may run (ms) before it is killed. */
#define PD_NOTIFY_TIMEOUT_MS 60000

int pd_notify_command(char *const *argv, const char *input, size_t len, long timeout_ms);

/* *status (may be NULL) receives the last HTTP status (0: none). */
int pd_notify_webhook(long *status, const char *url, const char *body, size_t len,
                      const pd_http_options *o);

/* pd_notify_webhook() with more say: method "PUT" (NULL: POST), an
 * Authorization: Bearer token (NULL: none), and label, the name errors use
 * instead of url (a chat webhook's URL is its secret; NULL: url). */
typedef struct {
    const char *url, *label, *method, *bearer;
    const char *body;
    size_t len;
} pd_notify_http_request;

#define PD_NOTIFY_HTTP_REQUEST_INIT                                                                \
    {                                                                                              \
        .url = NULL, .label = NULL, .method = NULL, .bearer = NULL, .body = NULL, .len = 0         \
    }

int pd_notify_http(long *status, const pd_notify_http_request *rq, const pd_http_options *o);

/* One mail through libcurl's SMTP: message (the whole RFC 5322 text, CRLF
 * lines) from from to every address of to, through smtp_url (smtp://HOST:PORT,
 * STARTTLS when offered, or smtps://), logging in with user and password
 * when set, else with the netrc_file's entry for the host when set.  label
 * names the server in errors (smtp_url may hold a user name).  Retried like
 * the webhook (not a refused login): 0, PD_ENET, PD_ENOMEM, PD_ERROR. */
typedef struct {
    const char *smtp_url, *label, *from;
    const char *const *to;
    size_t nto;
    const char *user, *password, *netrc_file;
    const char *message;
    size_t len;
} pd_notify_mail;

int pd_notify_smtp(const pd_notify_mail *m, const pd_http_options *o);

#endif
