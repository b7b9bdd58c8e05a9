/* policydiff fetch: fetch the watched policies and record new versions. */
#include "cli/cli.h"
#include "report/summary.h"
#include "fetch/guard.h"
#include "fetch/http.h"
#include "normalize/normalize.h"
#include "store/store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff fetch [NAME...] [--force] [--jobs N] [--retries N] [--timeout SECONDS]\n"
    "                        [--max-size MB] [--host-delay MS]\n"
    "\n"
    "Fetches the watched policies (all of them when no NAME is given), normalizes each\n"
    "page with its recipe and records a new version (Via: live) when the text changed.\n"
    "Prints one line per policy: unchanged, new version, not modified (304),\n"
    "failed: REASON, or suspicious: REASON.  A page that is an HTTP error, a bot wall\n"
    "or captcha, a login or cookie wall, empty, or that lost more than half of its\n"
    "clauses is not recorded unless --force.\n"
    "\n"
    "  --force          record pages the garbage detector refuses\n"
    "  --jobs N         transfers at once (default 8; one at a time per host)\n"
    "  --retries N      retries on timeouts, connection errors, 429 and 5xx (default 3)\n"
    "  --timeout SEC    give up on one transfer after SEC seconds (default 60)\n"
    "  --max-size MB    refuse pages larger than MB megabytes once decompressed (default 20)\n"
    "  --host-delay MS  pause between two requests to the same host (default 250)\n"
    "\n"
    "Exit codes: 0 all fetched (changed or not), 2 bad arguments or unknown policy,\n"
    "3 some fetches failed or were refused as suspicious, 4 the store is locked,\n"
    "5 internal error.\n"
    "\n"
    "Example:\n"
    "  policydiff fetch                 # every watched policy\n"
    "  policydiff fetch acme/privacy --jobs 4\n";

typedef struct {
    pd_store *store;
    pd_policy *policies;
    size_t n;
    char **lines;
    int force;
    int failed, suspicious, internal;
} fetch_run;

static int positive(const char *s, long *out, long max)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 1 || v > max)
        return -1;
    *out = v;
    return 0;
}

static void set_line(fetch_run *run, size_t i, const char *prefix, const char *msg)
{
    pd_buf b = PD_BUF_INIT;
    pd_buf_puts(&b, prefix);
    pd_buf_puts(&b, msg);
    free(run->lines[i]);
    run->lines[i] = pd_buf_detach(&b);
}

/* Handles one finished transfer: guard, normalize, record. */
static void on_done(size_t i, pd_http_result *r, void *ctx)
{
    fetch_run *run = ctx;
    pd_policy *p = &run->policies[i];
    pd_normalize_options no = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report report;
    pd_record_options ro = PD_RECORD_OPTIONS_INIT;
    pd_record_result result;
    pd_buf text = PD_BUF_INIT, prev = PD_BUF_INIT;
    pd_version ver;
    pd_guard_input gi;
    char why[256];
    int rc, have_text = 0, have_prev = 0;

    if (r->error) {
        set_line(run, i, "failed: ", r->message);
        run->failed++;
        goto out;
    }
    if (r->status == 304) {
        set_line(run, i, "", "not modified (304)");
        goto out;
    }
    if (r->status >= 200 && r->status <= 299) {
        no.recipe = &p->recipe;
        no.url = r->final_url ? r->final_url : p->url;
        no.content_type = r->content_type;
        rc = pd_normalize(&text, r->body.ptr ? r->body.ptr : "", r->body.len, &no, &report);
        if (rc == 0)
            have_text = 1;
        else if (rc != PD_EEMPTY) {
            set_line(run, i, "failed: ", pd_error_last());
            run->failed++;
            goto out;
        }
    }
    memset(&ver, 0, sizeof(ver));
    if (pd_store_show(&prev, &ver, run->store, p->name, INT64_MAX) == 0) {
        have_prev = 1;
        pd_version_dispose(&ver);
    }
    memset(&gi, 0, sizeof(gi));
    gi.status = r->status;
    gi.raw = r->body.ptr;
    gi.rawlen = r->body.len;
    gi.text = have_text ? text.ptr : NULL;
    gi.textlen = text.len;
    gi.previous = have_prev ? prev.ptr : NULL;
    gi.prevlen = prev.len;
    if (pd_guard_check(why, sizeof(why), &gi) != 0) {
        if (!run->force || !have_text) {
            set_line(run, i, "suspicious: ", why);
            run->suspicious++;
            goto out;
        }
    }
    ro.policy = p->name;
    ro.captured_at = pd_time_now();
    ro.source = p->url;
    ro.via = "live";
    if ((rc = pd_store_record(&result, run->store, &ro, r->body.ptr ? r->body.ptr : "", r->body.len,
                              text.ptr, text.len))) {
        set_line(run, i, "failed: ", pd_error_last());
        if (rc == PD_ECONFLICT)
            run->failed++;
        else
            run->internal++;
        goto out;
    }
    set_line(run, i, "",
             result == PD_RECORD_COMMITTED || result == PD_RECORD_INSERTED ? "new version"
                                                                           : "unchanged");
    if ((r->etag || r->last_modified) &&
        pd_store_policy_set_validators(run->store, p->name, r->etag, r->last_modified))
        fprintf(stderr, "policydiff: warning: %s: %s\n", p->name, pd_error_last());
out:
    pd_buf_dispose(&text);
    pd_buf_dispose(&prev);
}

int pd_cmd_fetch(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"force", no_argument, NULL, 'f'},          {"jobs", required_argument, NULL, 'j'},
        {"retries", required_argument, NULL, 'r'},  {"timeout", required_argument, NULL, 't'},
        {"max-size", required_argument, NULL, 'm'}, {"host-delay", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    pd_http_options ho = PD_HTTP_OPTIONS_INIT;
    pd_http_request *reqs = NULL;
    fetch_run run;
    long v;
    int c, rc, exit_code = PD_EXIT_OK, locked = 0;

    memset(&run, 0, sizeof(run));
    pd_http_options_from_env(&ho);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            run.force = 1;
            break;
        case 'j':
            if (positive(optarg, &v, 64))
                return pd_cli_usage("fetch", "--jobs takes a number from 1 to 64");
            ho.jobs = (int)v;
            break;
        case 'r':
            if (!strcmp(optarg, "0"))
                v = 0;
            else if (positive(optarg, &v, 10))
                return pd_cli_usage("fetch", "--retries takes a number from 0 to 10");
            ho.retries = (int)v;
            break;
        case 't':
            if (positive(optarg, &v, 3600))
                return pd_cli_usage("fetch", "--timeout takes seconds, from 1 to 3600");
            ho.timeout_ms = v * 1000;
            break;
        case 'm':
            if (positive(optarg, &v, 1024))
                return pd_cli_usage("fetch", "--max-size takes megabytes, from 1 to 1024");
            ho.max_body = (size_t)v * 1024 * 1024;
            break;
        case 'd':
            if (!strcmp(optarg, "0"))
                v = 0;
            else if (positive(optarg, &v, 60000))
                return pd_cli_usage("fetch", "--host-delay takes milliseconds, from 0 to 60000");
            ho.host_delay_ms = v;
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_usage("fetch", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if ((rc = pd_store_open(&run.store, ctx->store_dir))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    pd_store_set_summarizer(run.store, pd_change_summary, NULL);
    if (optind < argc) {
        run.n = (size_t)(argc - optind);
        if (!(run.policies = calloc(run.n, sizeof(*run.policies)))) {
            exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < run.n; i++) {
            pd_policy *p = NULL;
            if ((rc = pd_store_policy_get(&p, run.store, argv[optind + (int)i]))) {
                run.n = i;
                exit_code = pd_cli_fail(rc, NULL);
                goto out;
            }
            run.policies[i] = *p;
            free(p);
        }
    } else if ((rc = pd_store_policy_list(&run.policies, &run.n, run.store))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (run.n == 0) {
        fprintf(stderr,
                "policydiff: no policies to fetch: add one with 'policydiff add NAME URL'\n");
        goto out;
    }
    if ((rc = pd_store_lock(run.store, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    locked = 1;
    reqs = calloc(run.n, sizeof(*reqs));
    run.lines = calloc(run.n, sizeof(*run.lines));
    if (!reqs || !run.lines) {
        exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < run.n; i++) {
        reqs[i].url = run.policies[i].url;
        reqs[i].etag = run.policies[i].etag;
        reqs[i].last_modified = run.policies[i].last_modified;
    }
    if ((rc = pd_http_fetch_all(reqs, run.n, &ho, on_done, &run))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    for (size_t i = 0; i < run.n; i++)
        printf("%s: %s\n", run.policies[i].name, run.lines[i] ? run.lines[i] : "failed: no answer");
    if (fflush(stdout) != 0)
        exit_code = PD_EXIT_INTERNAL;
    else if (run.internal)
        exit_code = PD_EXIT_INTERNAL;
    else if (run.failed || run.suspicious)
        exit_code = PD_EXIT_FETCH;
out:
    if (locked)
        pd_store_unlock(run.store);
    for (size_t i = 0; run.lines && i < run.n; i++)
        free(run.lines[i]);
    free(run.lines);
    free(reqs);
    pd_policy_array_free(run.policies, run.n);
    pd_store_free(run.store);
    return exit_code;
}
