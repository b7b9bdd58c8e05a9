/*
 * cli_notify.h - check's --notify targets (notify/notify.h): collected
 * while the options are read, checked once they all are (--notify-format
 * may come after them), and sent once per run when --notify-on says so
 * (notify.h's pd_notify_wanted: a change reaching its severity, or a fetch
 * that failed or was refused unless it says no-failures); the same rule
 * decides for --notify-command and --webhook (pd_cli_notify_due).  Prints
 * on stderr what could not be delivered.
 */
#ifndef PD_CLI_NOTIFY_H
#define PD_CLI_NOTIFY_H

#include "notify/notify.h"

#define PD_CLI_NOTIFY_MAX 16

/* check's long options for mail (getopt values above the letters). */
enum { PD_CLI_OPT_SMTP_URL = 0x200, PD_CLI_OPT_MAIL_FROM, PD_CLI_OPT_NOTIFY_CHANGES };

typedef struct {
    const char *targets[PD_CLI_NOTIFY_MAX];
    size_t ntargets;
    const char *format;     /* --notify-format, or NULL */
    const char *report_url; /* --report-url, or NULL */
    int on;                 /* --notify-on severity, -1: as --fail-on */
    int failures;           /* failed and refused fetches notify (not ",no-failures") */
    size_t changes;         /* --notify-changes: per policy (5) */
    pd_channel channels[PD_CLI_NOTIFY_MAX];
    size_t nchannels;
    const char *apprise[PD_CLI_NOTIFY_MAX]; /* apprise: targets, without the prefix */
    size_t napprise;
    const char *mail[PD_CLI_NOTIFY_MAX]; /* mailto: targets */
    size_t nmail;
    const char *smtp_url, *mail_from; /* --smtp-url, --mail-from */
} pd_cli_notify;

#define PD_CLI_NOTIFY_INIT                                                                         \
    {                                                                                              \
        .targets = {NULL}, .ntargets = 0, .format = NULL, .report_url = NULL, .on = -1,            \
        .failures = 1, .changes = 5, .channels = {PD_CHANNEL_INIT}, .nchannels = 0,                \
        .apprise = {NULL}, .napprise = 0, .mail = {NULL}, .nmail = 0, .smtp_url = NULL,            \
        .mail_from = NULL                                                                          \
    }

/* --notify-on WHEN: SEV (none, low, medium, high), optionally followed by
 * ",no-failures"; 0 or the exit code of a usage error. */
int pd_cli_notify_on(pd_cli_notify *n, const char *when);
/* One --notify TARGET; 0 or the exit code of a usage error. */
int pd_cli_notify_add(pd_cli_notify *n, const char *target);
/* Parses the targets into channels; 0 or the exit code of a usage error. */
int pd_cli_notify_prepare(pd_cli_notify *n, int fail_on);
/* 1 when the run of e notifies (pd_notify_wanted with n's --notify-on). */
int pd_cli_notify_due(const pd_cli_notify *n, const pd_check_entry *e, size_t ne);
/* Sends the run's digest when pd_cli_notify_due(); a failed delivery is
 * said on stderr and sets *failed.  0, or the exit code of an internal
 * error. */
int pd_cli_notify_run(pd_cli_notify *n, const pd_check_entry *e, size_t ne,
                      const pd_http_options *o, int *failed);
void pd_cli_notify_dispose(pd_cli_notify *n);

#endif
