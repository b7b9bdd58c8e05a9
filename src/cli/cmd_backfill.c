/* policydiff backfill: record a policy's history from the Wayback Machine. */
#include "cli/cli_store.h"
#include "report/summary.h"
#include "fetch/wayback.h"
#include "ingest/backfill.h"
#include "store/store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: policydiff backfill NAME [--from WHEN] [--to WHEN] [--every day|week|month]\n"
    "                           [--wayback-url URL] [--rate N] [--force] [--render]\n"
    "                           [--allow-private]\n"
    "\n"
    "Lists the captures of NAME's URL in the Wayback Machine (CDX API, status 200,\n"
    "one per distinct body, or at most one per --every period), downloads each in its\n"
    "raw form, normalizes it and records it at its capture time (Via: wayback, with a\n"
    "Wayback-Timestamp trailer) when the text changed.  A capture older than the\n"
    "newest commit is inserted in its place and the later commits are re-created\n"
    "(said on stderr, with how many).  A policy with earlier recipes (imported\n"
    "from an Open Terms Archive history file) has the captures of each earlier\n"
    "address listed for its time, and each capture is read with the recipe in\n"
    "force at its date.  For a document combined from several pages, the other\n"
    "pages are the captures the Wayback Machine serves nearest each first page's\n"
    "(within 31 days, or the capture fails).  Captures already recorded are\n"
    "skipped, so an interrupted backfill resumes where it stopped.  It is polite: one\n"
    "CDX query every 2 s, a few captures per second, a wait (said on stderr) and a\n"
    "slow-down on 429 (at most 8 times slower, easing back as answers come), and a\n"
    "stop after three 429s in a row or when asked to wait more than 2 minutes; run\n"
    "it again later and it resumes.\n"
    "\n"
    "  --from WHEN       first capture time (2018-01-01, 2018, 20180101120000, ...)\n"
    "  --to WHEN         last capture time, inclusive\n"
    "  --every PERIOD    at most one capture per day, week or month\n"
    "  --wayback-url URL use a mirror or a local imitation instead of\n"
    "                    https://web.archive.org (also POLICYDIFF_WAYBACK_URL, or\n"
    "                    'wayback = URL' in the policy's section of policies.conf)\n"
    "  --rate N          capture downloads per second (default 3, at most 10)\n"
    "  --force           record captures the garbage detector refuses, and insert\n"
    "                    captures older than history already pushed (rewriting it)\n"
    "  --render          a policy marked render = chromium (a page built by scripts):\n"
    "                    render each capture in headless chromium as the Wayback\n"
    "                    Machine serves it to a browser (its scripts and data the\n"
    "                    captures nearest it); without it such captures are read\n"
    "                    as archived, which may hold no policy text\n"
    "  --allow-private   let --wayback-url be on a loopback or private address (a\n"
    "                    local mirror); refused by default\n"
    "\n"
    "Captures listed or served with an impossible date (00000000000000, 1900, month\n"
    "13, February 30, the future, a 1970 Memento-Datetime) are skipped with a warning\n"
    "and counted.  A CDX server that sends more rows than asked for, the same resume\n"
    "key twice, or more than 200 pages is refused (the CDX budget, exit 3).\n"
    "\n"
    "Exit codes: 0 done, 2 bad arguments or unknown policy, 3 some captures failed or\n"
    "were refused (run again to retry them), 4 the store is locked, 5 internal error.\n"
    "\n"
    "Example:\n"
    "  policydiff backfill acme/privacy --from 2018 --every month\n";

/* A WHEN argument as a CDX from/to value: digits pass through (a prefix),
 * YYYY-MM becomes its 6-digit prefix and a bare date its 8-digit one (the
 * whole month or day), anything else becomes 14 digits. */
static int cdx_when(char out[15], const char *when)
{
    int64_t first, last;
    size_t n = strlen(when);
    int rc;

    if ((rc = pd_time_parse_span(&first, &last, when)))
        return rc;
    if (n >= 4 && n <= 14 && strspn(when, "0123456789") == n) {
        memcpy(out, when, n + 1);
        return 0;
    }
    if (n == 7 && when[4] == '-') {
        memcpy(out, when, 4);
        memcpy(out + 4, when + 5, 2);
        out[6] = '\0';
        return 0;
    }
    pd_time_format_wayback(out, 15, first);
    if (n == 10 && when[4] == '-' && when[7] == '-')
        out[8] = '\0'; /* YYYY-MM-DD: the whole day */
    return 0;
}

static void progress(int tty, size_t done, size_t total, time_t started, const char *what)
{
    if (tty) {
        char bar[31];
        size_t fill = total ? done * 30 / total : 30;
        long eta = -1, elapsed = (long)(time(NULL) - started);
        memset(bar, ' ', 30);
        memset(bar, '#', fill);
        bar[30] = '\0';
        if (done > 0 && done < total)
            eta = (long)((double)elapsed / (double)done * (double)(total - done));
        fprintf(stderr, "\r[%s] %zu/%zu", bar, done, total);
        if (eta >= 0)
            fprintf(stderr, "  ETA %ld:%02ld  ", eta / 60, eta % 60);
        else
            fprintf(stderr, "              ");
        if (done == total)
            fputc('\n', stderr);
    } else if (what) {
        fprintf(stderr, "backfill: %zu/%zu %s\n", done, total, what);
    }
    fflush(stderr);
}

/* What the options asked for. */
typedef struct {
    pd_wayback_options wo;
    pd_every every;
    char from[15], to[15];
    int64_t from_t, to_t; /* the same as times (INT64_MIN / INT64_MAX: none) */
    const char *base;
    int force;
    int render;                /* --render */
    pd_render_options browser; /* for it */
} backfill_args;

/* --from/--to WHEN into its CDX value; --from may not be in the future. */
static int when_option(backfill_args *a, int c, const char *arg)
{
    int64_t t, last;
    if (cdx_when(c == 'F' ? a->from : a->to, arg))
        return pd_cli_usage("backfill", "%s", pd_error_last());
    if (!pd_time_parse_span(&t, &last, arg))
        *(c == 'F' ? &a->from_t : &a->to_t) = c == 'F' ? t : last;
    /* nothing can have been archived after now: say so rather than list
     * nothing and exit 0 */
    if (c == 'F' && !pd_time_parse_span(&t, &last, arg) && t > pd_time_now())
        return pd_cli_usage("backfill", "--from %s is in the future; give a past date", arg);
    return 0;
}

static int rate_option(backfill_args *a, const char *arg)
{
    char *end;
    double r = strtod(arg, &end);
    if (*end || r <= 0 || r > 10)
        return pd_cli_usage("backfill", "--rate takes captures per second, up to 10");
    a->wo.capture_interval_ms = (long)(1000.0 / r);
    return 0;
}

/* One option into the backfill_args at payload. */
static int backfill_option(int c, const char *value, void *payload)
{
    backfill_args *a = payload;
    switch (c) {
    case 'F':
    case 'T':
        return when_option(a, c, value);
    case 'e':
        if (pd_every_parse(&a->every, value))
            return pd_cli_usage("backfill", "%s", pd_error_last());
        return 0;
    case 'w':
        a->base = value;
        return 0;
    case 'r':
        return rate_option(a, value);
    case 'f':
        a->force = 1;
        return 0;
    case 'p':
        a->wo.http.allow_private = 1;
        return 0;
    case 'J':
        a->render = 1;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

/* Parses argv into a (the environment first); 0 to go on, else the exit
 * code (--help: *done).  The one NAME is argv[optind]. */
static int parse_args(backfill_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'F'},  {"to", required_argument, NULL, 'T'},
        {"every", required_argument, NULL, 'e'}, {"wayback-url", required_argument, NULL, 'w'},
        {"rate", required_argument, NULL, 'r'},  {"force", no_argument, NULL, 'f'},
        {"render", no_argument, NULL, 'J'},      {"allow-private", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "backfill",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = backfill_option,
                                 .on_option_payload = a};
    int exit_code;

    pd_wayback_options_from_env(&a->wo);
    pd_render_options_from_env(&a->browser);
    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (optind + 1 != argc)
        return pd_cli_usage("backfill", "give exactly one policy NAME");
    if (*a->from && *a->to &&
        strncmp(a->from, a->to, strlen(a->from) < strlen(a->to) ? strlen(a->from) : strlen(a->to)) >
            0)
        return pd_cli_usage("backfill", "--from is after --to");
    return 0;
}

/* The Wayback client for policy p: --wayback-url, POLICYDIFF_WAYBACK_URL,
 * the policy's 'wayback =', or the default, in that order. */
static int open_wayback(pd_wayback **wb, backfill_args *a, const pd_policy *p)
{
    const char *base = a->base;
    int rc;
    if (!base || !*base)
        base = getenv("POLICYDIFF_WAYBACK_URL");
    if (!base || !*base) {
        base = p->wayback_url;
        /* the policy's own mirror, allowed where the policy says so */
        a->wo.http.allow_private |= p->allow_private && base && *base;
    }
    a->wo.base = base;
    a->wo.on_wait = pd_cli_wayback_wait_notice;
    a->wo.on_wait_payload = (void *)"backfill";
    if ((rc = pd_wayback_new(wb, &a->wo)))
        return pd_cli_fail(rc == PD_EINVALID ? PD_EINVALID : rc, NULL);
    return 0;
}

/* What the progress lines need besides the run's own counts. */
typedef struct {
    const pd_policy *p;
    int tty;        /* stderr is a terminal: a progress bar, else a line per capture */
    time_t started; /* for the bar's ETA */
    int exit_code;  /* the exit code of an error that stopped the run */
} backfill_view;

/* What happened to one capture, as the progress line says it. */
static void describe(pd_buf *what, const pd_backfill_step *step)
{
    switch (step->outcome) {
    case PD_BACKFILL_SUSPICIOUS:
        pd_buf_printf(what, "%s suspicious: %s", step->timestamp, step->reason);
        break;
    case PD_BACKFILL_FAILED:
        pd_buf_printf(what, "%s failed: %s", step->timestamp, step->reason);
        break;
    case PD_BACKFILL_KNOWN:
        pd_buf_printf(what, "%s already recorded (served %s)", step->timestamp, step->served);
        break;
    case PD_BACKFILL_INSERTED:
        pd_buf_printf(what,
                      "%s new version, inserted into the history (re-created %zu later "
                      "commit(s))",
                      step->served, step->recreated);
        break;
    case PD_BACKFILL_NEW_VERSION:
        pd_buf_printf(what, "%s new version", step->served);
        break;
    case PD_BACKFILL_UNCHANGED:
        pd_buf_printf(what, "%s unchanged", step->served);
        break;
    case PD_BACKFILL_IMPOSSIBLE:
        pd_buf_printf(what, "%s skipped: %s", step->timestamp, step->reason);
        fprintf(stderr, "policydiff backfill: warning: %s\n", step->reason);
        break;
    }
}

/* pd_backfill_options.on_progress: the progress lines (a log) or bar (a
 * terminal) on stderr, and what the plan left out. */
static void on_progress(pd_backfill_event ev, const pd_backfill_stats *st,
                        const pd_backfill_step *step, void *payload)
{
    backfill_view *v = payload;
    pd_buf what = PD_BUF_INIT;

    if (ev == PD_BACKFILL_LISTING && !v->tty && !v->p->nhistory) {
        fprintf(stderr, "backfill: listing captures of %s\n", v->p->url);
    } else if (ev == PD_BACKFILL_LISTING_ADDRESS && !v->tty) {
        char from[15], to[15];
        pd_time_format_wayback(from, sizeof(from), step->span_from);
        pd_time_format_wayback(to, sizeof(to), step->span_to);
        fprintf(stderr, "backfill: listing captures of %s (its address from %s to %s)\n", step->url,
                step->span_from == INT64_MIN ? "the start" : from,
                step->span_to == INT64_MAX ? "now" : to);
    } else if (ev == PD_BACKFILL_PLANNED) {
        if (st->impossible)
            fprintf(stderr,
                    "policydiff backfill: warning: skipped %zu capture%s the CDX server lists with "
                    "an impossible timestamp (such as '%s'): they cannot be placed in the "
                    "history\n",
                    st->impossible, st->impossible == 1 ? "" : "s", st->impossible_example);
        if (st->pushed)
            fprintf(stderr,
                    "policydiff backfill: %zu capture%s older than history already pushed (%s) "
                    "%s not fetched: give --force to insert %s and rewrite the pushed history\n",
                    st->pushed, st->pushed == 1 ? "" : "s", st->remote,
                    st->pushed == 1 ? "was" : "were", st->pushed == 1 ? "it" : "them");
        if (!v->tty)
            fprintf(stderr, "backfill: %zu captures, %zu already recorded, %zu to fetch\n",
                    st->listed, st->known, st->todo);
        v->started = time(NULL);
    } else if (ev == PD_BACKFILL_CAPTURE_START && v->tty) {
        progress(1, step->index, st->todo, v->started, NULL);
    } else if (ev == PD_BACKFILL_CAPTURE_DONE) {
        if (step->stop)
            v->exit_code = pd_cli_fail(step->error, step->reason);
        describe(&what, step);
        if (!v->tty)
            progress(0, step->index + 1, st->todo, v->started, pd_buf_cstr(&what));
        else if (what.len && strstr(what.ptr, " failed: "))
            fprintf(stderr, "\r%s\n", what.ptr);
    }
    pd_buf_dispose(&what);
}

/* The summary line on stdout, the insertions on stderr; the exit code
 * (exit_code: that of an error that stopped the run, else PD_EXIT_OK). */
static int summarize(const pd_backfill_stats *t, const pd_policy *p, int exit_code)
{
    printf("%s: %zu captures listed, %zu already recorded, %zu new versions, %zu unchanged, "
           "%zu refused, %zu failed",
           p->name, t->listed, t->known, t->changed, t->same, t->refused, t->failed);
    if (t->pushed)
        printf(", %zu before pushed history (not fetched)", t->pushed);
    if (t->refused_before)
        printf(", %zu refused before (skipped; --force retries them)", t->refused_before);
    if (t->impossible)
        printf(", %zu with an impossible date (skipped)", t->impossible);
    putchar('\n');
    if (fflush(stdout) != 0)
        exit_code = PD_EXIT_INTERNAL;
    else if (exit_code == PD_EXIT_OK && (t->refused || t->failed || t->pushed))
        exit_code = PD_EXIT_FETCH;
    if (t->inserted) {
        /* as record says it: history before the newest commit was rewritten */
        fprintf(stderr,
                "policydiff backfill: %s: %zu of the new versions %s older than the newest "
                "commit; inserted into the history, re-creating %zu later commit(s)",
                p->name, t->inserted, t->inserted == 1 ? "was" : "were", t->recreated);
        if (t->dropped)
            fprintf(stderr, ", dropped %zu that no longer changed anything", t->dropped);
        fputc('\n', stderr);
    }
    return exit_code;
}

int pd_cmd_backfill(pd_cli_ctx *ctx, int argc, char **argv)
{
    backfill_args a = {.wo = PD_WAYBACK_OPTIONS_INIT,
                       .every = PD_EVERY_CHANGE,
                       .from_t = INT64_MIN,
                       .to_t = INT64_MAX,
                       .render = 0,
                       .browser = PD_RENDER_OPTIONS_INIT};
    pd_backfill_options bo = PD_BACKFILL_OPTIONS_INIT;
    backfill_view view = {.p = NULL, .tty = isatty(2), .started = 0, .exit_code = PD_EXIT_OK};
    pd_backfill_stats st;
    pd_store *store = NULL;
    pd_policy *p = NULL;
    pd_wayback *wb = NULL;
    int rc, exit_code, done = 0;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        return exit_code;
    if ((rc = pd_store_open(&store, ctx->store_dir)) ||
        (rc = pd_store_policy_get(&p, store, argv[optind]))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    pd_store_set_summarizer(store, pd_change_summary, NULL);
    if ((exit_code = open_wayback(&wb, &a, p)))
        goto out;
    view.p = p;
    if (p->render && !a.render)
        fprintf(stderr,
                "policydiff backfill: %s is marked render = %s (built by scripts): its captures "
                "are read as archived, without rendering (give --render to render them)\n",
                p->name, p->render);
    if (p->render && a.render && p->recipe.npages > 1)
        fprintf(stderr,
                "policydiff backfill: %s combines %zu pages: their captures are read as "
                "archived, without rendering\n",
                p->name, p->recipe.npages);
    bo.render = a.render ? &a.browser : NULL;
    bo.from = a.from;
    bo.to = a.to;
    bo.from_t = a.from_t;
    bo.to_t = a.to_t;
    bo.every = a.every;
    bo.force = a.force;
    bo.on_progress = on_progress;
    bo.on_progress_payload = &view;
    /* the run loop: ingest/backfill.h */
    if ((rc = pd_backfill_run(&st, store, wb, p, &bo))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (view.tty && st.todo && !st.stopped)
        progress(1, st.todo, st.todo, view.started, NULL);
    exit_code = summarize(&st, p, view.exit_code);
out:
    pd_wayback_free(wb);
    pd_policy_free(p);
    pd_store_free(store);
    return exit_code;
}
