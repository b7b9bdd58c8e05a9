/* cli_notify.c - check's --notify targets; see cli_notify.h. */
#include "cli/cli.h"
#include "cli/cli_notify.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

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
                            "--notify-format takes slack, discord, teams, matrix or json, not '%s'",
                            n->format);
    for (size_t i = 0; i < n->ntargets; i++) {
        if (!strncmp(n->targets[i], "mailto:", 7))
            return pd_cli_usage("check", "--notify mailto:...: not available yet in this version");
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
    return 0;
}

/* 1 when the run has a recorded change at n->on or above (none: any). */
static int reaches(const pd_cli_notify *n, const pd_notify_digest *d)
{
    return d->npolicies > 0 && (int)d->worst >= n->on;
}

int pd_cli_notify_run(pd_cli_notify *n, const pd_check_entry *e, size_t ne,
                      const pd_http_options *o, int *failed)
{
    pd_notify_digest d;
    int rc;

    if (!n->nchannels && !n->napprise)
        return 0;
    if ((rc = pd_notify_digest_build(&d, e, ne, 5, n->report_url)))
        return pd_cli_fail(rc, NULL);
    for (size_t i = 0; reaches(n, &d) && i < n->nchannels; i++) {
        if (pd_notify_send(NULL, &n->channels[i], &d, o)) {
            fprintf(stderr, "policydiff check: --notify %s: %s (the new versions are recorded)\n",
                    n->channels[i].label, pd_error_last());
            *failed = 1;
        }
    }
    for (size_t i = 0; reaches(n, &d) && i < n->napprise; i++) {
        if (pd_notify_apprise(n->apprise[i], &d, o)) {
            /* the Apprise URL holds its secrets: only its scheme is said */
            fprintf(stderr, "policydiff check: --notify apprise:%.*s://...: %s\n",
                    (int)strcspn(n->apprise[i], ":"), n->apprise[i], pd_error_last());
            *failed = 1;
        }
    }
    pd_notify_digest_dispose(&d);
    return 0;
}

void pd_cli_notify_dispose(pd_cli_notify *n)
{
    for (size_t i = 0; i < n->nchannels; i++)
        pd_channel_dispose(&n->channels[i]);
    n->nchannels = 0;
}
