/* cli_notify.c - check's --notify targets; see cli_notify.h. */
#include "cli/cli.h"
#include "cli/cli_notify.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pd_cli_notify_on(pd_cli_notify *n, const char *when)
{
    const char *comma = strchr(when, ',');
    char sev[16];
    if (comma && strcmp(comma, ",no-failures"))
        goto bad;
    snprintf(sev, sizeof(sev), "%.*s", (int)(comma ? (size_t)(comma - when) : strlen(when)), when);
    if ((n->on = pd_severity_from_name(sev)) < 0)
        goto bad;
    n->failures = !comma;
    return 0;
bad:
    return pd_cli_usage("check",
                        "--notify-on takes none, low, medium or high, then ,no-failures to leave "
                        "out failed and refused fetches (high,no-failures), not '%s'",
                        when);
}

int pd_cli_notify_add(pd_cli_notify *n, const char *target)
{
    if (!*target)
        return 0; /* empty: none (handy from env files) */
    if (n->ntargets == PD_CLI_NOTIFY_MAX)
        return pd_cli_usage("check", "at most %d --notify targets", PD_CLI_NOTIFY_MAX);
    n->targets[n->ntargets++] = target;
    return 0;
}

int pd_cli_notify_prepare(pd_cli_notify *n, int fail_on)
{
    if (n->on < 0)
        n->on = fail_on;
    if (n->format && pd_channel_format_from_name(n->format) < 0)
        return pd_cli_usage("check",
                            "--notify-format takes slack, discord, teams, teams-card, matrix or "
                            "json, not '%s'",
                            n->format);
    if (!n->smtp_url)
        n->smtp_url = getenv("POLICYDIFF_SMTP_URL");
    if (n->smtp_url && (strncmp(n->smtp_url, "smtp://", 7) && strncmp(n->smtp_url, "smtps://", 8)))
        return pd_cli_usage("check", "--smtp-url takes smtp://HOST:PORT or smtps://HOST:PORT");
    if (n->smtp_url && n->smtp_url[strcspn(n->smtp_url, "@")])
        return pd_cli_usage("check", "--smtp-url: no credentials in the URL; set "
                                     "POLICYDIFF_SMTP_USER and POLICYDIFF_SMTP_PASSWORD, or use "
                                     "a netrc file (POLICYDIFF_SMTP_NETRC, default ~/.netrc)");
    for (size_t i = 0; i < n->ntargets; i++) {
        if (!strncmp(n->targets[i], "mailto:", 7)) {
            n->mail[n->nmail++] = n->targets[i];
            continue;
        }
        if (!strncmp(n->targets[i], "apprise:", 8)) {
            if (!strstr(n->targets[i] + 8, "://"))
                return pd_cli_usage("check", "--notify apprise:SCHEMA://... (an Apprise URL)");
            n->apprise[n->napprise++] = n->targets[i] + 8;
            continue;
        }
        if (pd_channel_parse(&n->channels[n->nchannels], n->targets[i], n->format))
            return pd_cli_usage("check", "--notify: %s", pd_error_last());
        n->nchannels++;
    }
    if (n->nmail && !n->smtp_url)
        return pd_cli_usage("check", "--notify mailto: needs --smtp-url smtp://HOST:PORT (or "
                                     "POLICYDIFF_SMTP_URL)");
    return 0;
}

/* Mails the digest to every mailto: target; the credentials from the
 * environment or a netrc file, never the command line. */
static void send_mail(pd_cli_notify *n, const pd_notify_digest *d, const pd_http_options *o,
                      int *failed)
{
    char from[300], netrc[4200], host[256] = "localhost";
    const char *home = getenv("HOME");
    pd_notify_mail_options mo = {.smtp_url = n->smtp_url,
                                 .from =
                                     n->mail_from ? n->mail_from : getenv("POLICYDIFF_MAIL_FROM"),
                                 .user = getenv("POLICYDIFF_SMTP_USER"),
                                 .password = getenv("POLICYDIFF_SMTP_PASSWORD"),
                                 .netrc_file = getenv("POLICYDIFF_SMTP_NETRC")};
    if (!mo.from || !*mo.from) {
        gethostname(host, sizeof(host) - 1);
        snprintf(from, sizeof(from), "policydiff@%s", host);
        mo.from = from;
    }
    if (!mo.user && !mo.netrc_file && home) {
        snprintf(netrc, sizeof(netrc), "%s/.netrc", home);
        if (access(netrc, R_OK) == 0)
            mo.netrc_file = netrc;
    }
    for (size_t i = 0; i < n->nmail; i++)
        if (pd_notify_send_mail(n->mail[i], d, &mo, o)) {
            fprintf(stderr, "policydiff check: --notify %s: %s\n", n->mail[i], pd_error_last());
            *failed = 1;
        }
}

int pd_cli_notify_due(const pd_cli_notify *n, const pd_check_entry *e, size_t ne)
{
    return pd_notify_wanted(e, ne, n->on, n->failures);
}

int pd_cli_notify_run(pd_cli_notify *n, const pd_check_entry *e, size_t ne,
                      const pd_http_options *o, int *failed)
{
    pd_notify_digest d;
    int rc;

    if ((!n->nchannels && !n->napprise && !n->nmail) || !pd_cli_notify_due(n, e, ne))
        return 0;
    if ((rc = pd_notify_digest_build(&d, e, ne, n->changes, n->report_url, n->failures)))
        return pd_cli_fail(rc, NULL);
    for (size_t i = 0; i < n->nchannels; i++) {
        if (pd_notify_send(NULL, &n->channels[i], &d, o)) {
            fprintf(stderr, "policydiff check: --notify %s: %s (the new versions are recorded)\n",
                    n->channels[i].label, pd_error_last());
            *failed = 1;
        }
    }
    for (size_t i = 0; i < n->napprise; i++) {
        if (pd_notify_apprise(n->apprise[i], &d, o)) {
            /* the Apprise URL holds its secrets: only its scheme is said */
            fprintf(stderr, "policydiff check: --notify apprise:%.*s://...: %s\n",
                    (int)strcspn(n->apprise[i], ":"), n->apprise[i], pd_error_last());
            *failed = 1;
        }
    }
    send_mail(n, &d, o, failed);
    pd_notify_digest_dispose(&d);
    return 0;
}

void pd_cli_notify_dispose(pd_cli_notify *n)
{
    for (size_t i = 0; i < n->nchannels; i++)
        pd_channel_dispose(&n->channels[i]);
    n->nchannels = 0;
}
