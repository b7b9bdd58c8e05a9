/* policydiff check: fetch the watched policies, record, report what changed. */
#include "classify/diff.h"
#include "cli/cli_notify.h"
#include "cli/cli_shard.h"
#include "cli/cli_store.h"
#include "cli/cli_transfer.h"
#include "fetch/notify.h"
#include "ingest/watch.h"
#include "report/checkreport.h"
#include "util/error.h"
#include "util/timeutil.h"
#include "util/url.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: policydiff [-C DIR] check [options] [NAME...]\n"
    "\n"
    "Fetches the watched policies (all of them when no NAME is given), records\n"
    "each new version in the store, and prints one report of this run: per\n"
    "changed policy the headline, then the clause changes.  Prints nothing when\n"
    "nothing changed and nothing failed (so cron mails only when there is news),\n"
    "unless --verbose; --format json always prints its document, so scripts can\n"
    "parse every run.  A store with no policies is said so on stderr (exit 0).\n"
    "A policy with a schedule (add --every 12h) is skipped until it is due\n"
    "(with --verbose, said on standard error); see --all.\n"
    "\n"
    "  --format FMT          text (default), markdown, json or github (GitHub\n"
    "                        Actions ::error/::warning annotations)\n"
    "  --report FILE         write the report to FILE as well, always (even when\n"
    "                        nothing changed); its format follows the extension:\n"
    "                        .md markdown, .json json, .txt text, else --format\n"
    "  --fail-on SEV         exit 1 when a recorded change reaches SEV: none (never),\n"
    "                        low (default: any substantive change), medium, high\n"
    "  --notify-command CMD  run CMD with the JSON report on standard input, once\n"
    "                        per run that --notify-on selects (split like a shell\n"
    "                        would, but run without one: no variables, pipes or\n"
    "                        globs)\n"
    "  --webhook URL         POST the JSON report to URL (application/json), once\n"
    "                        per run that --notify-on selects (an empty CMD or URL\n"
    "                        means none)\n"
    "  --notify TARGET       send one digest of the run (changes, then the fetches\n"
    "                        that failed or were refused) to a chat:\n"
    "                        slack://T/B/SECRET, discord://ID/TOKEN,\n"
    "                        msteams://HOST/PATH, matrix://HOST/ROOM (token in\n"
    "                        POLICYDIFF_MATRIX_TOKEN), mailto:ADDRESS (see\n"
    "                        --smtp-url), apprise:SCHEMA://... (runs apprise),\n"
    "                        or an http(s) webhook URL\n"
    "                        laid out as --notify-format says (repeatable)\n"
    "  --notify-format FMT   for http(s) targets: slack, discord, teams (an\n"
    "                        Adaptive Card; a MessageCard for Office 365 connector\n"
    "                        URLs, *.webhook.office.com/webhookb2/...), teams-card\n"
    "                        (always the MessageCard; also for msteams://), matrix\n"
    "                        or json (default; schema policydiff/notify-1)\n"
    "  --notify-on WHEN      which runs notify, on every channel (--notify,\n"
    "                        --notify-command, --webhook); WHEN is SEV or\n"
    "                        SEV,no-failures: a run with a recorded change\n"
    "                        reaching SEV: none (any recorded change, even\n"
    "                        cosmetic), low, medium, high (default: --fail-on),\n"
    "                        and a run where a fetch failed or was refused,\n"
    "                        whatever SEV says, unless ,no-failures is given\n"
    "  --report-url URL      link the notifications to the full report at URL\n"
    "  --notify-changes N    changes shown per policy in a notification (default 5,\n"
    "                        worst first; the others are counted)\n"
    "  --smtp-url URL        the mail server of mailto: targets: smtp://HOST:PORT\n"
    "                        (STARTTLS when offered) or smtps://HOST:PORT; the login\n"
    "                        from POLICYDIFF_SMTP_USER and POLICYDIFF_SMTP_PASSWORD or\n"
    "                        a netrc file (POLICYDIFF_SMTP_NETRC, default ~/.netrc)\n"
    "  --mail-from ADDRESS   the sender of the mail (default policydiff@HOSTNAME)\n"
    "  --verbose             also list unchanged policies; report even when\n"
    "                        nothing changed; announce retries on standard error\n"
    "  --language LANG       ask for this language (Accept-Language: LANG) for the\n"
    "                        policies without a language line of their own\n"
    "  --fallback wayback    when the live page is blocked (refused by the garbage\n"
    "                        guard, an HTTP error, a network failure), record the\n"
    "                        newest Wayback Machine capture instead if it is newer\n"
    "                        than the last version (Via: wayback; the report says\n"
    "                        so; POLICYDIFF_WAYBACK_URL for a mirror)\n"
    "  --force               record pages the garbage guard refuses (bot walls,\n"
    "                        lost clauses, ...); the report says so\n"
    "  --jobs N              transfers at once (default 8; one at a time per host)\n"
    "  --retries N           retries on timeouts, connection errors, 429 and 5xx\n"
    "                        (default 3, at most 10)\n"
    "  --timeout SEC         give up on one attempt after SEC seconds (default 60,\n"
    "                        at most 3600; a retry starts a new attempt)\n"
    "  --max-size MB         refuse pages larger than MB megabytes once\n"
    "                        decompressed (default 20)\n"
    "  --host-delay MS       pause between two requests to the same host (default\n"
    "                        250, at most 60000)\n"
    "  --allow-private       fetch from loopback, private and link-local addresses\n"
    "                        too (refused by default, redirects included; or\n"
    "                        allow-private = true in a policy's section)\n"
    "  --color WHEN          text on a terminal: auto (default), always, never\n"
    "  --all                 ignore the schedules (every = in policies.conf): check\n"
    "                        every policy, due or not\n" PD_CLI_SHARD_HELP "\n"
    "The JSON report (--format json, --notify-command, --webhook) has the schema\n"
    "policydiff/check-1: {schema, run_at, summary, policies: [{name, url, status,\n"
    "headline, worst_severity, old, new, diff}]} where diff is the\n"
    "policydiff/diff-1 object of 'policydiff diff --format json'.\n"
    "\n"
    "Exit status (the first that applies):\n"
    "  1  a change at or above --fail-on was recorded\n"
    "  5  the store could not be written (nothing is lost that was recorded)\n"
    "  2  a policy's recipe or selector in policies.conf is bad (the others\n"
    "     were checked)\n"
    "  3  some fetches failed or were refused (suspicious, over a budget, an\n"
    "     internal address), or the notify command, the webhook or a --notify\n"
    "     target failed after its retries (the versions fetched are recorded)\n"
    "  0  otherwise (no change, cosmetic-only changes, or below --fail-on)\n"
    "  2  bad arguments or an unknown NAME; 4 another run holds the store lock\n"
    "  (--format json prints its document on 4 and 5 too, with an error field)\n"
    "\n"
    "Examples:\n"
    "  policydiff -C ~/policies check\n"
    "  policydiff -C store check --format github --fail-on high --report report.md\n"
    "  policydiff check --notify-command 'mail -s \"policy changed\" me@example.org'\n"
    "  policydiff -C store check --shard 2/3 && policydiff -C store push\n";

typedef struct {
    pd_diff *diff;
    char old_label[600], new_label[600];
    char old_date[32], new_date[32];
} entry_extra;

/* What the options asked for. */
typedef struct {
    pd_watch_options wo;
    pd_check_report_options ro;
    const char *report_path, *notify, *webhook, *color;
    int fmt, fail_on;
    pd_shard shard;
    int sharded;
    size_t not_due; /* policies left out by their schedule */
    pd_cli_notify chat;
} check_args;

/* What this run found, for the exit status and whether to report. */
typedef struct {
    size_t changed; /* policies with a new version diffed against the old */
    int reached;    /* a change at or above --fail-on */
    int problems;   /* a fetch failed or was refused */
    int internal;   /* ... because of the store, memory or I/O */
    int bad_policy; /* ... because a recipe or selector in policies.conf is bad */
    int newsworthy; /* something to report even without --verbose */
} check_tally;

static int report_format_for_file(const char *path, int fallback)
{
    const char *dot = strrchr(path, '.');
    if (dot && (!strcmp(dot, ".md") || !strcmp(dot, ".markdown")))
        return PD_CHECK_MARKDOWN;
    if (dot && !strcmp(dot, ".json"))
        return PD_CHECK_JSON;
    if (dot && !strcmp(dot, ".txt"))
        return PD_CHECK_TEXT;
    return fallback;
}

static int is_internal(int code)
{
    return code == PD_EIO || code == PD_ENOMEM || code == PD_ERROR;
}

/* One option into the check_args at payload (the transfer options go to
 * cli_transfer.h): 0, the exit code of a usage error, or PD_CLI_NOT_MINE. */
static int check_option(int c, const char *arg, void *payload)
{
    check_args *a = payload;
    switch (c) {
    case 'v':
        a->ro.verbose = 1;
        return 0;
    case 'x':
        a->wo.force = 1;
        return 0;
    case 'f':
        if ((a->fmt = pd_check_format_from_name(arg)) < 0)
            return pd_cli_usage("check", "--format takes text, markdown, json or github, not '%s'",
                                arg);
        return 0;
    case 'r':
        a->report_path = *arg ? arg : NULL;
        return 0;
    case 'F':
        if ((a->fail_on = pd_severity_from_name(arg)) < 0)
            return pd_cli_usage("check", "--fail-on takes none, low, medium or high, not '%s'",
                                arg);
        return 0;
    case 'n':
        a->notify = *arg ? arg : NULL; /* empty: none (handy from env files) */
        return 0;
    case 'w':
        if (*arg && pd_url_check(arg))
            return pd_cli_usage("check", "--webhook: %s", pd_error_last());
        a->webhook = *arg ? arg : NULL;
        return 0;
    case 'c':
        if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
            return pd_cli_usage("check", "--color takes auto, always or never, not '%s'", arg);
        a->color = arg;
        return 0;
    case 's':
        a->sharded = 1;
        return pd_cli_shard_parse(&a->shard, "check", arg);
    case 'A':
        a->wo.all = 1;
        return 0;
    case 'N':
        return pd_cli_notify_add(&a->chat, arg);
    case 'M':
        a->chat.format = arg;
        return 0;
    case 'U':
        if (*arg && pd_url_check(arg))
            return pd_cli_usage("check", "--report-url: %s", pd_error_last());
        a->chat.report_url = *arg ? arg : NULL;
        return 0;
    case PD_CLI_OPT_NOTIFY_CHANGES: {
        char *end = NULL;
        long v = strtol(arg, &end, 10);
        if (!*arg || *end || v < 1 || v > 50)
            return pd_cli_usage("check", "--notify-changes takes 1 to 50, not '%s'", arg);
        a->chat.changes = (size_t)v;
        return 0;
    }
    case PD_CLI_OPT_SMTP_URL:
        a->chat.smtp_url = *arg ? arg : NULL;
        return 0;
    case PD_CLI_OPT_MAIL_FROM:
        if (!strchr(arg, '@') || strpbrk(arg, "<>\r\n \t"))
            return pd_cli_usage("check", "--mail-from takes one address (user@host)");
        a->chat.mail_from = arg;
        return 0;
    case 'O':
        return pd_cli_notify_on(&a->chat, arg);
    case 'l':
        if (pd_language_check(arg))
            return pd_cli_usage("check", "--language: %s", pd_error_last());
        a->wo.language = arg;
        return 0;
    case 'b':
        return pd_cli_fallback_option(&a->wo, "check", arg);
    default:
        return pd_cli_transfer_option(&a->wo.http, "check", c, arg);
    }
}

/* Parses argv into a; 0 to go on, else the exit code (--help: *done). */
static int parse_args(check_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"report", required_argument, NULL, 'r'},
        {"fail-on", required_argument, NULL, 'F'},
        {"notify-command", required_argument, NULL, 'n'},
        {"webhook", required_argument, NULL, 'w'},
        {"verbose", no_argument, NULL, 'v'},
        {"force", no_argument, NULL, 'x'},
        {"color", required_argument, NULL, 'c'},
        {"colour", required_argument, NULL, 'c'},
        PD_CLI_TRANSFER_LONGOPTS,
        {"shard", required_argument, NULL, 's'},
        {"all", no_argument, NULL, 'A'},
        {"notify", required_argument, NULL, 'N'},
        {"notify-format", required_argument, NULL, 'M'},
        {"report-url", required_argument, NULL, 'U'},
        {"notify-on", required_argument, NULL, 'O'},
        {"smtp-url", required_argument, NULL, PD_CLI_OPT_SMTP_URL},
        {"notify-changes", required_argument, NULL, PD_CLI_OPT_NOTIFY_CHANGES},
        {"mail-from", required_argument, NULL, PD_CLI_OPT_MAIL_FROM},
        {"language", required_argument, NULL, 'l'},
        {"fallback", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "check",
                                 .help = help,
                                 .shortopts = "v",
                                 .longopts = longopts,
                                 .on_option = check_option,
                                 .on_option_payload = a};
    int exit_code;

    /* the environment first, so the options given win over it */
    pd_cli_transfer_init(&a->wo.http);
    pd_render_options_from_env(&a->wo.render);
    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    for (int i = optind; i < argc; i++)
        if (pd_policy_name_check(argv[i]))
            return pd_cli_usage("check", "%s", pd_error_last());
    if ((exit_code = pd_cli_notify_prepare(&a->chat, a->fail_on)))
        return exit_code;
    /* a report that cannot be written is found out before anything is fetched */
    if (a->report_path && pd_cli_check_output_path(a->report_path))
        return pd_cli_usage("check", "--report: %s", pd_error_last());
    return 0;
}

/* A policy its schedule leaves out: counted, and said with --verbose. */
static void on_not_due(const char *name, int64_t due, void *payload)
{
    check_args *a = payload;
    char when[32];
    a->not_due++;
    if (a->ro.verbose) {
        pd_time_format_iso(when, sizeof(when), due);
        fprintf(stderr, "policydiff check: %s: not due until %s\n", name, when);
    }
}

/* Fetches and records the policies named (or this shard's, or all), and
 * says on stderr when there was nothing to check. */
static int run_watch(pd_watch_result **res, size_t *n, char ***sel, size_t *nsel, pd_store *st,
                     check_args *a, char **names, size_t nnames)
{
    int rc;
    if (a->sharded && (rc = pd_cli_shard_select(sel, nsel, st, &a->shard, names, nnames)))
        return rc;
    if (a->sharded && *nsel == 0)
        rc = 0; /* nothing of this share: an empty run (pd_watch_run would take all) */
    else if (a->sharded)
        rc = pd_watch_run(res, n, st, (const char *const *)*sel, *nsel, &a->wo);
    else
        rc = pd_watch_run(res, n, st, (const char *const *)names, nnames, &a->wo);
    if (rc)
        return pd_cli_fail(rc, NULL);
    if (a->sharded && *nsel == 0) {
        fprintf(stderr, "policydiff check: warning: no policies in shard %u/%u of %s\n",
                a->shard.index, a->shard.count, pd_store_path(st));
    } else if (nnames == 0 && !a->sharded) {
        pd_cli_store_warn_skipped(st);
        /* never silent: cron pointed at an empty store would otherwise
         * report "nothing changed" forever */
        if (*n == 0 && a->not_due == 0)
            fprintf(stderr,
                    "policydiff check: warning: no policies to check in %s; add one with "
                    "'policydiff add NAME URL'\n",
                    pd_store_path(st));
    }
    return PD_EXIT_OK;
}

/* The report entry of one policy: its status, and for a new version its
 * sides (and its diff against the old one, kept in x). */
static int fill_entry(pd_check_entry *e, entry_extra *x, const pd_watch_result *r, int fail_on,
                      check_tally *t)
{
    pd_align_options ao = PD_ALIGN_OPTIONS_INIT;
    pd_diff_summary sum;
    int rc;

    e->name = r->name;
    e->url = r->url;
    e->status = pd_watch_status_name(r->status);
    e->reason = r->reason[0] ? r->reason : NULL;
    e->wayback_ts = r->wayback_ts[0] ? r->wayback_ts : NULL;
    if (r->status == PD_WATCH_FAILED || r->status == PD_WATCH_SUSPICIOUS) {
        t->problems = 1;
        t->internal |= is_internal(r->error);
        t->bad_policy |= r->status == PD_WATCH_FAILED && r->error == PD_EINVALID;
        t->newsworthy = 1;
        return 0;
    }
    if (r->status != PD_WATCH_FIRST && r->status != PD_WATCH_CHANGED)
        return 0;
    pd_time_format_iso(x->new_date, sizeof(x->new_date), r->captured_at);
    snprintf(x->new_label, sizeof(x->new_label), "%s@%s", r->name, x->new_date);
    e->new_side.label = x->new_label;
    e->new_side.date = x->new_date;
    e->new_side.source = r->url;
    e->new_side.commit = r->new_commit[0] ? r->new_commit : NULL;
    t->newsworthy = 1;
    if (r->status == PD_WATCH_FIRST)
        return 0;
    if ((rc = pd_diff_texts(&x->diff, r->old_text ? r->old_text : "", r->old_len,
                            r->new_text ? r->new_text : "", r->new_len, &ao)))
        return rc;
    e->diff = x->diff;
    pd_time_format_iso(x->old_date, sizeof(x->old_date), r->old_captured_at);
    snprintf(x->old_label, sizeof(x->old_label), "%s@%s", r->name, x->old_date);
    e->old_side.label = x->old_label;
    e->old_side.date = x->old_date;
    e->old_side.commit = r->old_commit[0] ? r->old_commit : NULL;
    t->changed++;
    pd_diff_summarize(&sum, x->diff);
    if (fail_on != PD_SEV_NONE && sum.substantive && (int)sum.worst >= fail_on)
        t->reached = 1;
    return 0;
}

/* The report on stdout (when there is news, --verbose or json) and in
 * --report FILE.  A report that cannot be printed or written does not stop
 * the notifications: the versions are recorded, so the next run will see no
 * change and this is the only time the news can go out.  0, or the exit
 * code of the failure (already printed). */
static int write_reports(const check_args *a, pd_check_report_options *ro,
                         const pd_check_entry *ent, size_t n, int newsworthy)
{
    pd_buf out = PD_BUF_INIT, file = PD_BUF_INIT;
    int rc, failed = 0;

    ro->color = a->fmt == PD_CHECK_TEXT &&
                (!strcmp(a->color, "always") ||
                 (!strcmp(a->color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
    if (newsworthy || ro->verbose || a->fmt == PD_CHECK_JSON) {
        if ((rc = pd_check_report(&out, (pd_check_format)a->fmt, ent, n, ro)))
            failed = pd_cli_fail(rc, NULL);
        else
            failed = pd_cli_write_stdout(out.ptr, out.len);
    }
    if (a->report_path) {
        pd_check_report_options fo = *ro;
        fo.color = 0;
        if ((rc = pd_check_report(&file,
                                  (pd_check_format)report_format_for_file(a->report_path, a->fmt),
                                  ent, n, &fo)) ||
            (rc = pd_write_file_atomic(a->report_path, pd_buf_cstr(&file), file.len)))
            failed = pd_cli_fail(rc, NULL);
    }
    pd_buf_dispose(&out);
    pd_buf_dispose(&file);
    return failed;
}

/* Sends the JSON report to --notify-command and --webhook; a delivery that
 * failed is said on stderr and sets *delivery_failed.  0, or the exit code
 * of a report that could not be made (already printed). */
static int deliver(const check_args *a, char **notify_argv, const pd_check_report_options *ro,
                   const pd_check_entry *ent, size_t n, int *delivery_failed)
{
    pd_check_report_options jo = *ro;
    pd_buf json = PD_BUF_INIT;
    int rc;

    jo.color = 0;
    if ((rc = pd_check_report(&json, PD_CHECK_JSON, ent, n, &jo))) {
        pd_buf_dispose(&json);
        return pd_cli_fail(rc, NULL);
    }
    if (notify_argv &&
        pd_notify_command(notify_argv, pd_buf_cstr(&json), json.len, PD_NOTIFY_TIMEOUT_MS)) {
        fprintf(stderr,
                "policydiff check: --notify-command: %s (the new versions are "
                "recorded)\n",
                pd_error_last());
        *delivery_failed = 1;
    }
    if (a->webhook &&
        pd_notify_webhook(NULL, a->webhook, pd_buf_cstr(&json), json.len, &a->wo.http)) {
        fprintf(stderr, "policydiff check: --webhook: %s (the new versions are recorded)\n",
                pd_error_last());
        *delivery_failed = 1;
    }
    pd_buf_dispose(&json);
    return 0;
}

/* --format json: the document of a run that could not happen (no store,
 * the store locked or broken), so a script reading every run still gets
 * one, with "error".  Returns exit_code. */
static int failed_run_document(const check_args *a, int exit_code)
{
    pd_check_report_options ro = a->ro;
    pd_buf out = PD_BUF_INIT;
    char msg[1024];

    if (a->fmt != PD_CHECK_JSON || exit_code == PD_EXIT_OK)
        return exit_code;
    snprintf(msg, sizeof(msg), "%s", *pd_error_last() ? pd_error_last() : "the run failed");
    ro.color = 0;
    ro.error = msg;
    ro.error_exit = exit_code;
    if (pd_check_report(&out, PD_CHECK_JSON, NULL, 0, &ro) == 0)
        pd_cli_write_stdout(out.ptr, out.len);
    pd_buf_dispose(&out);
    return exit_code;
}

int pd_cmd_check(pd_cli_ctx *ctx, int argc, char **argv)
{
    check_args a = {.wo = PD_WATCH_OPTIONS_INIT,
                    .ro = PD_CHECK_REPORT_OPTIONS_INIT,
                    .color = "auto",
                    .fmt = PD_CHECK_TEXT,
                    .fail_on = PD_SEV_LOW,
                    .chat = PD_CLI_NOTIFY_INIT};
    check_tally t = {0};
    pd_watch_result *res = NULL;
    pd_check_entry *ent = NULL;
    entry_extra *ex = NULL;
    pd_store *st = NULL;
    char **notify_argv = NULL, **sel = NULL;
    size_t nsel = 0, n = 0;
    int rc, exit_code, done = 0, delivery_failed = 0, output_failed;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        goto out;
    if (a.notify && pd_split_args(&notify_argv, NULL, a.notify)) {
        exit_code = pd_cli_usage("check", "--notify-command: %s", pd_error_last());
        goto out;
    }
    a.ro.run_at = a.wo.now = pd_time_now();
    if ((exit_code = pd_cli_store_open(&st, ctx))) {
        exit_code = failed_run_document(&a, exit_code);
        goto out;
    }
    if (a.ro.verbose) { /* cron mode stays silent: a retry that worked is no news */
        a.wo.http.on_retry = pd_cli_retry_notice;
        a.wo.http.on_retry_payload = (void *)"check";
    }
    a.wo.on_not_due = on_not_due;
    a.wo.on_not_due_payload = &a;
    if ((exit_code =
             run_watch(&res, &n, &sel, &nsel, st, &a, argv + optind, (size_t)(argc - optind)))) {
        exit_code = failed_run_document(&a, exit_code);
        goto out;
    }
    ent = calloc(n ? n : 1, sizeof(*ent));
    ex = calloc(n ? n : 1, sizeof(*ex));
    if (!ent || !ex) {
        exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = fill_entry(&ent[i], &ex[i], &res[i], a.fail_on, &t))) {
            exit_code = pd_cli_fail(rc, NULL);
            goto out;
        }
    output_failed = write_reports(&a, &a.ro, ent, n, t.newsworthy);
    /* every channel by the one rule of --notify-on (pd_cli_notify_due) */
    if ((notify_argv || a.webhook) && pd_cli_notify_due(&a.chat, ent, n) &&
        (exit_code = deliver(&a, notify_argv, &a.ro, ent, n, &delivery_failed)))
        goto out;
    if ((exit_code = pd_cli_notify_run(&a.chat, ent, n, &a.wo.http, &delivery_failed)))
        goto out;
    if (output_failed)
        exit_code = output_failed;
    else if (t.reached)
        exit_code = PD_EXIT_CHANGES;
    else if (t.internal)
        exit_code = PD_EXIT_INTERNAL;
    else if (t.bad_policy)
        exit_code = PD_EXIT_USAGE;
    else if (t.problems || delivery_failed)
        exit_code = PD_EXIT_FETCH;
    else
        exit_code = PD_EXIT_OK;
out:
    if (ex)
        for (size_t i = 0; i < n; i++)
            pd_diff_free(ex[i].diff);
    free(ex);
    free(ent);
    pd_watch_results_free(res, n);
    pd_args_free(notify_argv);
    pd_store_names_free(sel, nsel);
    pd_cli_notify_dispose(&a.chat);
    if (st)
        pd_store_free(st);
    return exit_code;
}
