/*
 * notify.h - tell people about a check run on chat: one digest of every
 * changed policy, laid out the way each service documents its messages,
 * and delivered through the libcurl adapter (fetch/notify.h).
 *
 * Targets (pd_channel_parse) and the service URL each maps to:
 *   slack://T.../B.../SECRET    https://hooks.slack.com/services/T.../B.../SECRET
 *   discord://ID/TOKEN          https://discord.com/api/webhooks/ID/TOKEN
 *   msteams://HOST/PATH         https://HOST/PATH (a Teams or Power Automate
 *                               workflow webhook; the part after the scheme)
 *   matrix://HOST[:PORT]/ROOM   PUT https://HOST/_matrix/client/v3/rooms/ROOM/
 *                               send/m.room.message/TXN with the access
 *                               token of POLICYDIFF_MATRIX_TOKEN
 *   http(s)://...               as given, laid out as format says (slack,
 *                               discord, teams, matrix or json: the
 *                               policydiff/check-1 report is for --webhook;
 *                               json here is the digest, see below)
 *   mailto:ADDR[,ADDR]          one mail through SMTP (pd_notify_send_mail below)
 *   apprise:SCHEMA://...        runs the apprise CLI (no shell: fetch/notify.h's
 *                               pd_notify_command) as apprise -i markdown
 *                               -t HEADLINE SCHEMA://... with the digest as
 *                               Markdown on its standard input
 * A target's URL is its secret: messages name it by pd_channel.label
 * (scheme and host only).
 *
 * The digest (pd_notify_digest_build) is the one text every channel shows:
 * the run's headline ("2 policies changed, worst severity high", "; 1 could
 * not be checked" when a fetch failed or was refused, "shop could not be
 * checked" when that is all), per changed policy its name, URL, headline
 * (report.h's pd_diff_headline) and worst severity, and up to max_changes
 * substantive changes, worst first, each with its severity, section, key
 * reasons and clause text (clipped); then, in a section of its own ("Could
 * not be checked"), per policy whose fetch failed or was refused its name,
 * URL, "failed" or "refused" and the reason (clipped).  Each channel cuts
 * it at the service's limits and says "and N more".
 *
 * Which runs notify (pd_notify_wanted): a run with a recorded change whose
 * worst severity reaches on (PD_SEV_NONE: any recorded change, cosmetic
 * too), or, when failures is set, a run where a fetch failed or was refused
 * (whatever on says).  The CLI applies the same rule to every channel,
 * --notify-command and --webhook included.
 *   slack    {"text", "blocks": [header, section (mrkdwn), context, ...]}:
 *            at most 50 blocks, 3000 characters a section, 150 a header
 *   discord  {"content", "embeds": [{"title", "url", "description",
 *            "color", "fields": [{"name", "value"}]}]}: 10 embeds, title 256,
 *            description 4096, 25 fields of 256/1024, 6000 in all; colour =
 *            the worst severity (high red, medium orange, low yellow); the
 *            failures one more embed, grey, titled "Could not be checked"
 *   teams    {"type": "message", "attachments": [{"contentType":
 *            "application/vnd.microsoft.card.adaptive", "content": an
 *            AdaptiveCard 1.4 of TextBlocks and an Action.OpenUrl}]}, under
 *            28 KB (Teams workflows, Power Automate)
 *   teams-card  the legacy Office 365 connector MessageCard, which connector
 *            webhooks (https://X.webhook.office.com/webhookb2/..., and
 *            outlook.office.com/webhook/...) must be sent, and are, also for
 *            --notify-format teams and msteams:// targets at those hosts:
 *            {"@type": "MessageCard", "@context": "https://schema.org/extensions",
 *            "summary", "themeColor" (the worst severity, hex), "title",
 *            "text", "sections": [{"activityTitle" (the policy, a Markdown
 *            link), "activitySubtitle" (its headline), "facts": [{"name",
 *            "value"}], "text" (its changes in Markdown), "markdown": true}],
 *            "potentialAction": [{"@type": "OpenUri", "name": "Full report",
 *            "targets": [{"os": "default", "uri"}]}]}: at most 10 sections
 *            (the failures one of them), under 24 KB of the connectors' 28 KB,
 *            "and N more policies" in the card's text
 *   matrix   m.room.message {"msgtype": "m.text", "body", "format":
 *            "org.matrix.custom.html", "formatted_body"}
 *   json     {"schema": "policydiff/notify-1", "headline", "worst_severity",
 *            "report_url", "policies": [{"name", "url", "headline",
 *            "worst_severity", "changes": [{"severity", "section",
 *            "reasons", "text"}], "more_changes"}], "problems": [{"name",
 *            "url", "status" (failed|refused), "reason"}]}
 *
 * No printing.  Ownership: pd_channel and pd_notify_digest own their
 * strings (free with _dispose); entries handed in are borrowed.  Errors: 0
 * or a negative PD_E* with pd_error_last() set: PD_EINVALID (a target or
 * format that is not one of the above, a Matrix target without its token),
 * PD_ENET (delivery failed after the adapter's retries, with backoff),
 * PD_ENOMEM.
 */
#ifndef PD_NOTIFY_CHANNELS_H
#define PD_NOTIFY_CHANNELS_H

#include <stddef.h>
#include <stdint.h>

#include "fetch/http.h"
#include "report/checkreport.h"

typedef enum {
    PD_CHANNEL_SLACK,
    PD_CHANNEL_DISCORD,
    PD_CHANNEL_TEAMS,
    PD_CHANNEL_MATRIX,
    PD_CHANNEL_JSON,
    PD_CHANNEL_TEAMS_CARD,
} pd_channel_format;

typedef struct {
    pd_channel_format format;
    char *url;   /* where the message goes (a secret) */
    char *label; /* "slack://hooks.slack.com": for messages */
    int matrix;  /* PUT to url + "/" + a transaction id, with matrix_token */
    char *matrix_token;
} pd_channel;

#define PD_CHANNEL_INIT                                                                            \
    {                                                                                              \
        .format = PD_CHANNEL_JSON, .url = NULL, .label = NULL, .matrix = 0, .matrix_token = NULL   \
    }

/* "slack", "discord", "teams", "matrix", "json", "teams-card" -> format;
 * -1 otherwise. */
int pd_channel_format_from_name(const char *name);
/* 1 when url's host and path are those of an Office 365 connector webhook
 * (https://X.webhook.office.com/webhookb2/..., https://outlook.office.com/
 * webhook/...), which takes MessageCards only. */
int pd_channel_is_connector(const char *url);
/* target as above; format (may be NULL) for http(s) URLs (default json);
 * "teams-card" also for msteams:// targets; "teams" and msteams:// targets
 * at a connector's address give PD_CHANNEL_TEAMS_CARD. */
int pd_channel_parse(pd_channel *out, const char *target, const char *format);
void pd_channel_dispose(pd_channel *c);

typedef struct {
    char *severity, *section, *text; /* text clipped to PD_NOTIFY_CLAUSE_MAX */
    char **reasons;
    size_t nreasons;
} pd_notify_change;

typedef struct {
    char *name, *url, *headline;
    pd_severity worst;
    pd_notify_change *changes;
    size_t nchanges, more; /* more: substantive changes left out */
} pd_notify_policy;

/* A policy that could not be checked: its fetch failed or was refused. */
typedef struct {
    char *name, *url;
    const char *status; /* "failed" or "refused" (static) */
    char *reason;       /* clipped to PD_NOTIFY_REASON_MAX; "" when none was given */
} pd_notify_problem;

typedef struct {
    char *headline; /* the run's */
    pd_severity worst;
    pd_notify_policy *policies;
    size_t npolicies;
    pd_notify_problem *problems;
    size_t nproblems;
    const char *report_url; /* borrowed, or NULL */
} pd_notify_digest;

#define PD_NOTIFY_CLAUSE_MAX 400
#define PD_NOTIFY_REASON_MAX 300

/* 1 when the run of e notifies: a recorded change (pd_check_entry_changed)
 * whose worst severity reaches on (PD_SEV_NONE: any), or, with failures, an
 * entry whose fetch "failed" or was "suspicious" (refused). */
int pd_notify_wanted(const pd_check_entry *e, size_t n, int on, int failures);

/* The digest of the changed entries of e (max_changes per policy, 0: 5),
 * and with failures of the entries that failed or were refused. */
int pd_notify_digest_build(pd_notify_digest *out, const pd_check_entry *e, size_t n,
                           size_t max_changes, const char *report_url, int failures);
void pd_notify_digest_dispose(pd_notify_digest *d);

/* The digest as the service's JSON body into out. */
int pd_notify_render(pd_buf *out, pd_channel_format f, const pd_notify_digest *d);
/* The digest as Markdown (apprise, and the json body's text). */
int pd_notify_markdown(pd_buf *out, const pd_notify_digest *d);

/* The digest as HTML (<p>, <ul>, <blockquote>, every text escaped): the
 * Matrix formatted_body and the mail's HTML part. */
int pd_notify_html(pd_buf *out, const pd_notify_digest *d);

/* Mail (mailto:ADDR[,ADDR...]): one multipart/alternative message with
 * the Markdown digest as its text/plain part and pd_notify_html() as its
 * text/html part (both UTF-8, base64), sent through fetch/notify.h's
 * pd_notify_smtp().  Credentials come in mo (the CLI reads them from the
 * environment or a netrc file), never from a URL. */
typedef struct {
    const char *smtp_url; /* smtp://HOST:PORT or smtps://HOST:PORT */
    const char *from;     /* the sender's address */
    const char *user, *password, *netrc_file;
} pd_notify_mail_options;

/* The whole message into out (CRLF lines), dated now. */
int pd_notify_mail_message(pd_buf *out, const pd_notify_digest *d, const char *from,
                           const char *const *to, size_t nto, int64_t now);
/* Sends the digest to the addresses of mailto ("mailto:a@x,b@y"). */
int pd_notify_send_mail(const char *mailto, const pd_notify_digest *d,
                        const pd_notify_mail_options *mo, const pd_http_options *o);

/* Runs apprise for url (without "apprise:") with the digest as Markdown,
 * tries 1 + o->retries times with doubling pauses from o->backoff_ms.
 * PD_ENOTFOUND in one line when apprise is not installed; PD_ERROR when it
 * failed every time. */
int pd_notify_apprise(const char *url, const pd_notify_digest *d, const pd_http_options *o);

/* Renders and delivers the digest to c; *status the last HTTP status. */
int pd_notify_send(long *status, const pd_channel *c, const pd_notify_digest *d,
                   const pd_http_options *o);

#endif
