/* policydiff fetch: fetch the watched policies and record new versions. */
#include "cli/cli.h"
#include "cli/cli_shard.h"
#include "cli/cli_store.h"
#include "cli/cli_transfer.h"
#include "ingest/watch.h"
#include "report/summary.h"
#include "store/store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff fetch [NAME...] [--force] [--jobs N] [--retries N] [--timeout SECONDS]\n"
    "                        [--max-size MB] [--host-delay MS] [--allow-private]\n"
    "                        [--shard I/N] [--all] [--language LANG] [--fallback wayback]\n"
    "\n"
    "Fetches the watched policies (all of them when no NAME is given), normalizes each\n"
    "page with its recipe and records a new version (Via: live) when the text changed.\n"
    "Prints one line per policy: unchanged, new version, not modified (304),\n"
    "failed: REASON, or suspicious: REASON.  A page that is an HTTP error, a bot wall\n"
    "or captcha, a login or cookie wall, empty, or that lost more than half of its\n"
    "clauses is not recorded unless --force.  A policy with a schedule (add --every)\n"
    "is skipped until it is due: NAME: not due until TIME.\n"
    "\n"
    "  --force          record pages the garbage detector refuses\n"
    "  --jobs N         transfers at once (default 8; one at a time per host)\n"
    "  --retries N      retries on timeouts, connection errors, 429 and 5xx (default 3;\n"
    "                   each retry is announced on standard error)\n"
    "  --timeout SEC    give up on one attempt after SEC seconds (default 60; a\n"
    "                   retry starts a new attempt)\n"
    "  --max-size MB    refuse pages larger than MB megabytes once decompressed (default 20)\n"
    "  --host-delay MS  pause between two requests to the same host (default 250)\n"
    "  --allow-private  fetch from loopback, private and link-local addresses too\n"
    "                   (refused by default, redirects included; or allow-private = true\n"
    "                   in a policy's section of policies.conf, for that policy)\n"
    "  --language LANG  ask for this language (Accept-Language: LANG) for the policies\n"
    "                   without a language line of their own\n"
    "  --fallback wayback  when the live page is blocked (refused by the garbage\n"
    "                   detector, an HTTP error, a network failure), record the newest\n"
    "                   Wayback Machine capture instead if it is newer than the last\n"
    "                   version (Via: wayback; POLICYDIFF_WAYBACK_URL or the policy's\n"
    "                   wayback line for a mirror)\n"
    "  --shard I/N      only the policies of share I of N (1 <= I <= N): a policy\n"
    "                   belongs to share I when the FNV-1a 32-bit hash of its name,\n"
    "                   modulo N, is I-1 (N runners, one remote: see push and pull)\n"
    "  --all            ignore the schedules: fetch every policy, due or not\n"
    "\n"
    "A page over a budget (a table repeating cells past its size, an element with\n"
    "more than 256 attributes, a page of more than 1,000,000 elements, a text run\n"
    "over 10 MB, headers over 100 KB) is refused with the budget named, and the run\n"
    "goes on.\n"
    "\n"
    "Exit codes: 0 all fetched (changed or not), 2 bad arguments, an unknown policy\n"
    "or a policy whose recipe or selector in policies.conf is bad (the others were\n"
    "fetched), 3 some fetches failed or were refused (suspicious, over a budget, an\n"
    "internal address), 4 the store is locked, 5 internal error.\n"
    "\n"
    "Example:\n"
    "  policydiff fetch                 # every watched policy\n"
    "  policydiff fetch acme/privacy --jobs 4\n"
    "  policydiff fetch --shard 2/3     # the second of three runners\n";

/* The one line printed for a policy's outcome. */
static void print_outcome(const pd_watch_result *r)
{
    switch (r->status) {
    case PD_WATCH_UNCHANGED:
        if (r->wayback_ts[0])
            printf("%s: unchanged (the Wayback Machine's capture %s; the live page: %s)\n", r->name,
                   r->wayback_ts, r->reason);
        else
            printf("%s: unchanged\n", r->name);
        break;
    case PD_WATCH_NOT_MODIFIED:
        printf("%s: not modified (304)\n", r->name);
        break;
    case PD_WATCH_FIRST:
    case PD_WATCH_CHANGED:
        if (r->wayback_ts[0])
            printf("%s: new version from the Wayback Machine (capture %s; the live page: %s)\n",
                   r->name, r->wayback_ts, r->reason);
        else if (r->forced)
            printf("%s: new version (forced: %s)\n", r->name, r->reason);
        else
            printf("%s: new version\n", r->name);
        break;
    case PD_WATCH_FAILED:
        printf("%s: failed: %s\n", r->name, r->reason);
        break;
    case PD_WATCH_SUSPICIOUS:
        printf("%s: suspicious: %s\n", r->name, r->reason);
        break;
    }
}

/* The line of a policy its schedule leaves out. */
static void on_not_due(const char *name, int64_t due, void *payload)
{
    char when[32];
    (void)payload;
    pd_time_format_iso(when, sizeof(when), due);
    printf("%s: not due until %s\n", name, when);
}

/* Prints every outcome; the exit code: internal for a failure of the store,
 * memory or I/O, else usage for a policy whose recipe is bad (the user's to
 * fix), else fetch for a failure or a refusal. */
static int print_outcomes(const pd_watch_result *results, size_t n)
{
    int failed = 0, internal = 0, bad_policy = 0;
    for (size_t i = 0; i < n; i++) {
        int e = results[i].error;
        print_outcome(&results[i]);
        if (results[i].status == PD_WATCH_FAILED &&
            (e == PD_EIO || e == PD_ENOMEM || e == PD_ERROR))
            internal++;
        else if (results[i].status == PD_WATCH_FAILED && e == PD_EINVALID)
            bad_policy++;
        else if (results[i].status == PD_WATCH_FAILED || results[i].status == PD_WATCH_SUSPICIOUS)
            failed++;
    }
    if (fflush(stdout) != 0 || internal)
        return PD_EXIT_INTERNAL;
    if (bad_policy)
        return PD_EXIT_USAGE;
    return failed ? PD_EXIT_FETCH : PD_EXIT_OK;
}

/* What fetch's options fill. */
typedef struct {
    pd_watch_options *wo;
    pd_shard *shard;
    int *sharded;
} fetch_args;

/* One option into the fetch_args at payload (the transfer options go to
 * cli_transfer.h). */
static int fetch_option(int c, const char *value, void *payload)
{
    fetch_args *a = payload;
    switch (c) {
    case 'f':
        a->wo->force = 1;
        return 0;
    case 's':
        *a->sharded = 1;
        return pd_cli_shard_parse(a->shard, "fetch", value);
    case 'A':
        a->wo->all = 1;
        return 0;
    case 'l':
        if (pd_language_check(value))
            return pd_cli_usage("fetch", "--language: %s", pd_error_last());
        a->wo->language = value;
        return 0;
    case 'b':
        return pd_cli_fallback_option(a->wo, "fetch", value);
    default:
        return pd_cli_transfer_option(&a->wo->http, "fetch", c, value);
    }
}

/* Parses argv into wo and the shard; the NAMEs are argv[optind..].  0 to
 * go on, else the exit code (--help: *done). */
static int parse_args(pd_watch_options *wo, pd_shard *shard, int *sharded, int argc, char **argv,
                      int *done)
{
    static const struct option longopts[] = {
        {"force", no_argument, NULL, 'f'},          PD_CLI_TRANSFER_LONGOPTS,
        {"shard", required_argument, NULL, 's'},    {"all", no_argument, NULL, 'A'},
        {"language", required_argument, NULL, 'l'}, {"fallback", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    fetch_args a = {wo, shard, sharded};
    const pd_cli_options opts = {.cmd = "fetch",
                                 .help = help,
                                 .shortopts = "j:",
                                 .longopts = longopts,
                                 .on_option = fetch_option,
                                 .on_option_payload = &a};

    pd_cli_transfer_init(&wo->http);
    pd_render_options_from_env(&wo->render);
    wo->wayback.on_wait = pd_cli_wayback_wait_notice;
    wo->wayback.on_wait_payload = (void *)"fetch";
    wo->http.on_retry = pd_cli_retry_notice;
    wo->http.on_retry_payload = (void *)"fetch";
    return pd_cli_parse_options(done, &opts, argc, argv);
}

int pd_cmd_fetch(pd_cli_ctx *ctx, int argc, char **argv)
{
    pd_watch_options wo = PD_WATCH_OPTIONS_INIT;
    pd_watch_result *results = NULL;
    pd_store *store = NULL;
    pd_shard shard;
    char **sel = NULL;
    size_t n = 0, nsel = 0;
    int rc, exit_code, sharded = 0, done = 0;

    if ((exit_code = parse_args(&wo, &shard, &sharded, argc, argv, &done)) || done)
        return exit_code;
    if ((rc = pd_store_open(&store, ctx->store_dir))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    pd_store_set_summarizer(store, pd_change_summary, NULL);
    wo.on_not_due = on_not_due;
    if (sharded) {
        if ((exit_code = pd_cli_shard_select(&sel, &nsel, store, &shard, argv + optind,
                                             (size_t)(argc - optind))))
            goto out;
        if (nsel == 0) {
            fprintf(stderr, "policydiff fetch: no policies in shard %u/%u\n", shard.index,
                    shard.count);
            goto out;
        }
    } else if (optind >= argc) {
        pd_policy *all = NULL;
        size_t watched = 0;
        if ((rc = pd_store_policy_list(&all, &watched, store))) {
            exit_code = pd_cli_fail(rc, NULL);
            goto out;
        }
        pd_policy_array_free(all, watched);
        pd_cli_store_warn_skipped(store);
        if (watched == 0) {
            fprintf(stderr,
                    "policydiff: no policies to fetch: add one with 'policydiff add NAME URL'\n");
            goto out;
        }
    }
    if ((rc = pd_watch_run(&results, &n, store,
                           sharded ? (const char *const *)sel : (const char *const *)argv + optind,
                           sharded ? nsel : (size_t)(argc - optind), &wo))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    exit_code = print_outcomes(results, n);
out:
    pd_watch_results_free(results, n);
    pd_store_names_free(sel, nsel);
    pd_store_free(store);
    return exit_code;
}
