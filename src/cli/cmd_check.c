/* policydiff check: fetch the watched policies, record, report what changed. */
#include "classify/diff.h"
#include "cli/cli_shard.h"
#include "cli/cli_store.h"
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
    "\n"
    "  --format FMT          text (default), markdown, json or github (GitHub\n"
    "                        Actions ::error/::warning annotations)\n"
    "  --report FILE         write the report to FILE as well, always (even when\n"
    "                        nothing changed); its format follows the extension:\n"
    "                        .md markdown, .json json, .txt text, else --format\n"
    "  --fail-on SEV         exit 1 when a recorded change reaches SEV: none (never),\n"
    "                        low (default: any substantive change), medium, high\n"
    "  --notify-command CMD  run CMD with the JSON report on standard input, once\n"
    "                        per run with changes (split like a shell would, but\n"
    "                        run without one: no variables, pipes or globs)\n"
    "  --webhook URL         POST the JSON report to URL (application/json), once\n"
    "                        per run with changes (an empty CMD or URL means none)\n"
    "  --verbose             also list unchanged policies; report even when\n"
    "                        nothing changed; announce retries on standard error\n"
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
    "  --color WHEN          text on a terminal: auto (default), always, never\n"
    PD_CLI_SHARD_HELP
    "\n"
    "The JSON report (--format json, --notify-command, --webhook) has the schema\n"
    "policydiff/check-1: {schema, run_at, summary, policies: [{name, url, status,\n"
    "headline, worst_severity, old, new, diff}]} where diff is the\n"
    "policydiff/diff-1 object of 'policydiff diff --format json'.\n"
    "\n"
    "Exit status (the first that applies):\n"
    "  1  a change at or above --fail-on was recorded\n"
    "  5  the store could not be written (nothing is lost that was recorded)\n"
    "  3  some fetches failed or were refused as suspicious, or the notify\n"
    "     command or the webhook failed (the versions fetched are recorded)\n"
    "  0  otherwise (no change, cosmetic-only changes, or below --fail-on)\n"
    "  2  bad arguments or an unknown NAME; 4 another run holds the store lock\n"
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

int pd_cmd_check(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"report", required_argument, NULL, 'r'},
                                             {"fail-on", required_argument, NULL, 'F'},
                                             {"notify-command", required_argument, NULL, 'n'},
                                             {"webhook", required_argument, NULL, 'w'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"force", no_argument, NULL, 'x'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"color", required_argument, NULL, 'c'},
                                             {"colour", required_argument, NULL, 'c'},
                                             {"max-size", required_argument, NULL, 'm'},
                                             {"retries", required_argument, NULL, 'R'},
                                             {"timeout", required_argument, NULL, 't'},
                                             {"host-delay", required_argument, NULL, 'd'},
                                             {"shard", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    pd_watch_options wo = PD_WATCH_OPTIONS_INIT;
    pd_check_report_options ro = PD_CHECK_REPORT_OPTIONS_INIT;
    pd_watch_result *res = NULL;
    pd_check_entry *ent = NULL;
    entry_extra *ex = NULL;
    pd_store *st = NULL;
    pd_buf out = PD_BUF_INIT, file = PD_BUF_INIT, json = PD_BUF_INIT;
    char **notify_argv = NULL, **sel = NULL;
    pd_shard shard;
    size_t nsel = 0;
    int sharded = 0;
    const char *report_path = NULL, *notify = NULL, *webhook = NULL, *color = "auto";
    int fmt = PD_CHECK_TEXT, fail_on = PD_SEV_LOW, c, rc, exit_code = PD_EXIT_OK;
    int reached = 0, problems = 0, internal = 0, delivery_failed = 0, newsworthy = 0,
        output_failed = 0;
    size_t n = 0, changed = 0;
    long v;

    /* the environment first, so the options given win over it */
    pd_http_options_from_env(&wo.http);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":hv", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if ((fmt = pd_check_format_from_name(optarg)) < 0)
                return pd_cli_usage(
                    "check", "--format takes text, markdown, json or github, not '%s'", optarg);
            break;
        case 'r':
            report_path = *optarg ? optarg : NULL;
            break;
        case 'F':
            if ((fail_on = pd_severity_from_name(optarg)) < 0)
                return pd_cli_usage("check", "--fail-on takes none, low, medium or high, not '%s'",
                                    optarg);
            break;
        case 'n':
            notify = *optarg ? optarg : NULL; /* empty: none (handy from env files) */
            break;
        case 'w':
            if (!*optarg) {
                webhook = NULL;
                break;
            }
            if (pd_url_check(optarg))
                return pd_cli_usage("check", "--webhook: %s", pd_error_last());
            webhook = optarg;
            break;
        case 'v':
            ro.verbose = 1;
            break;
        case 'x':
            wo.force = 1;
            break;
        case 'j':
            if (pd_cli_number(&v, optarg, 1, 64))
                return pd_cli_usage("check", "--jobs takes a number from 1 to 64, not '%s'",
                                    optarg);
            wo.http.jobs = (int)v;
            break;
        case 'm':
            if (pd_cli_number(&v, optarg, 1, 1024))
                return pd_cli_usage("check", "--max-size takes megabytes, from 1 to 1024, not '%s'",
                                    optarg);
            wo.http.max_body = (size_t)v * 1024 * 1024;
            break;
        case 'R':
            if (pd_cli_number(&v, optarg, 0, 10))
                return pd_cli_usage("check", "--retries takes a number from 0 to 10, not '%s'",
                                    optarg);
            wo.http.retries = (int)v;
            break;
        case 't':
            if (pd_cli_number(&v, optarg, 1, 3600))
                return pd_cli_usage("check", "--timeout takes seconds, from 1 to 3600, not '%s'",
                                    optarg);
            wo.http.timeout_ms = v * 1000;
            break;
        case 'd':
            if (pd_cli_number(&v, optarg, 0, 60000))
                return pd_cli_usage(
                    "check", "--host-delay takes milliseconds, from 0 to 60000, not '%s'", optarg);
            wo.http.host_delay_ms = v;
            break;
        case 'c':
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return pd_cli_usage("check", "--color takes auto, always or never, not '%s'",
                                    optarg);
            color = optarg;
            break;
        case 's':
            if ((rc = pd_cli_shard_parse(&shard, "check", optarg)))
                return rc;
            sharded = 1;
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("check", c, argv);
        }
    }
    for (int i = optind; i < argc; i++)
        if (pd_policy_name_check(argv[i]))
            return pd_cli_usage("check", "%s", pd_error_last());
    /* a report that cannot be written is found out before anything is fetched */
    if (report_path && pd_cli_check_output_path(report_path))
        return pd_cli_usage("check", "--report: %s", pd_error_last());
    if (notify && pd_split_args(&notify_argv, NULL, notify))
        return pd_cli_usage("check", "--notify-command: %s", pd_error_last());

    if ((exit_code = pd_cli_store_open(&st, ctx)))
        goto out;
    if (ro.verbose) { /* cron mode stays silent: a retry that worked is no news */
        wo.http.on_retry = pd_cli_retry_notice;
        wo.http.on_retry_ctx = (void *)"check";
    }
    ro.run_at = wo.now = pd_time_now();
    if (sharded && (exit_code = pd_cli_shard_select(&sel, &nsel, st, &shard, argv + optind,
                                                    (size_t)(argc - optind))))
        goto out;
    if (sharded && nsel == 0)
        rc = 0; /* nothing of this share: an empty run (pd_watch_run would take all) */
    else if (sharded)
        rc = pd_watch_run(&res, &n, st, (const char *const *)sel, nsel, &wo);
    else
        rc = pd_watch_run(&res, &n, st, (const char *const *)argv + optind,
                          (size_t)(argc - optind), &wo);
    if (rc) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (sharded && nsel == 0) {
        fprintf(stderr, "policydiff check: warning: no policies in shard %u/%u of %s\n",
                shard.index, shard.count, pd_store_path(st));
    } else if (optind >= argc && !sharded) {
        pd_cli_store_warn_skipped(st);
        /* never silent: cron pointed at an empty store would otherwise
         * report "nothing changed" forever */
        if (n == 0)
            fprintf(stderr,
                    "policydiff check: warning: no policies to check in %s; add one with "
                    "'policydiff add NAME URL'\n",
                    pd_store_path(st));
    }

    ent = calloc(n ? n : 1, sizeof(*ent));
    ex = calloc(n ? n : 1, sizeof(*ex));
    if (!ent || !ex) {
        exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        pd_watch_result *r = &res[i];
        pd_check_entry *e = &ent[i];
        entry_extra *x = &ex[i];
        pd_align_options ao = PD_ALIGN_OPTIONS_INIT;

        e->name = r->name;
        e->url = r->url;
        e->status = pd_watch_status_name(r->status);
        e->reason = r->reason[0] ? r->reason : NULL;
        if (r->status == PD_WATCH_FAILED || r->status == PD_WATCH_SUSPICIOUS) {
            problems = 1;
            internal |= is_internal(r->error);
            newsworthy = 1;
            continue;
        }
        if (r->status == PD_WATCH_FIRST) {
            pd_time_format_iso(x->new_date, sizeof(x->new_date), r->captured_at);
            snprintf(x->new_label, sizeof(x->new_label), "%s@%s", r->name, x->new_date);
            e->new_side.label = x->new_label;
            e->new_side.date = x->new_date;
            e->new_side.source = r->url;
            e->new_side.commit = r->new_commit[0] ? r->new_commit : NULL;
            newsworthy = 1;
            continue;
        }
        if (r->status != PD_WATCH_CHANGED)
            continue;
        if ((rc = pd_diff_texts(&x->diff, r->old_text ? r->old_text : "", r->old_len,
                                r->new_text ? r->new_text : "", r->new_len, &ao))) {
            exit_code = pd_cli_fail(rc, NULL);
            goto out;
        }
        e->diff = x->diff;
        pd_time_format_iso(x->old_date, sizeof(x->old_date), r->old_captured_at);
        pd_time_format_iso(x->new_date, sizeof(x->new_date), r->captured_at);
        snprintf(x->old_label, sizeof(x->old_label), "%s@%s", r->name, x->old_date);
        snprintf(x->new_label, sizeof(x->new_label), "%s@%s", r->name, x->new_date);
        e->old_side.label = x->old_label;
        e->old_side.date = x->old_date;
        e->old_side.commit = r->old_commit[0] ? r->old_commit : NULL;
        e->new_side.label = x->new_label;
        e->new_side.date = x->new_date;
        e->new_side.source = r->url;
        e->new_side.commit = r->new_commit[0] ? r->new_commit : NULL;
        changed++;
        newsworthy = 1;
        {
            pd_diff_summary sum;
            pd_diff_summarize(&sum, x->diff);
            if (fail_on != PD_SEV_NONE && sum.substantive && (int)sum.worst >= fail_on)
                reached = 1;
        }
    }

    /* the report of this run: on stdout when there is news (or --verbose) */
    ro.color = fmt == PD_CHECK_TEXT &&
               (!strcmp(color, "always") ||
                (!strcmp(color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR")));
    /* A report that cannot be printed or written does not stop the
     * notifications: the versions are recorded, so the next run will see no
     * change and this is the only time the news can go out. */
    if (newsworthy || ro.verbose || fmt == PD_CHECK_JSON) {
        if ((rc = pd_check_report(&out, (pd_check_format)fmt, ent, n, &ro)))
            output_failed = pd_cli_fail(rc, NULL);
        else
            output_failed = pd_cli_write_stdout(out.ptr, out.len);
    }
    if (report_path) {
        pd_check_report_options fo = ro;
        fo.color = 0;
        if ((rc = pd_check_report(&file, (pd_check_format)report_format_for_file(report_path, fmt),
                                  ent, n, &fo)) ||
            (rc = pd_write_file_atomic(report_path, pd_buf_cstr(&file), file.len)))
            output_failed = pd_cli_fail(rc, NULL);
    }
    if (changed && (notify_argv || webhook)) {
        pd_check_report_options jo = ro;
        jo.color = 0;
        if ((rc = pd_check_report(&json, PD_CHECK_JSON, ent, n, &jo))) {
            exit_code = pd_cli_fail(rc, NULL);
            goto out;
        }
        if (notify_argv &&
            pd_notify_command(notify_argv, pd_buf_cstr(&json), json.len, PD_NOTIFY_TIMEOUT_MS)) {
            fprintf(stderr,
                    "policydiff check: --notify-command: %s (the new versions are "
                    "recorded)\n",
                    pd_error_last());
            delivery_failed = 1;
        }
        if (webhook && pd_notify_webhook(NULL, webhook, pd_buf_cstr(&json), json.len, &wo.http)) {
            fprintf(stderr, "policydiff check: --webhook: %s (the new versions are recorded)\n",
                    pd_error_last());
            delivery_failed = 1;
        }
    }
    if (output_failed)
        exit_code = output_failed;
    else if (reached)
        exit_code = PD_EXIT_CHANGES;
    else if (internal)
        exit_code = PD_EXIT_INTERNAL;
    else if (problems || delivery_failed)
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
    if (st)
        pd_store_free(st);
    pd_buf_dispose(&out);
    pd_buf_dispose(&file);
    pd_buf_dispose(&json);
    return exit_code;
}
