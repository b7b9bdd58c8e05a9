/* policydiff backfill: record a policy's history from the Wayback Machine. */
#include "cli/cli_store.h"
#include "report/summary.h"
#include "fetch/wayback.h"
#include "ingest/combine.h"
#include "ingest/ingest.h"
#include "ingest/pages.h"
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
    "                           [--wayback-url URL] [--rate N] [--force] [--allow-private]\n"
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
} backfill_args;

/* The counts of a run, for the progress lines, the summary and the exit code. */
typedef struct {
    size_t known, changed, same, refused, failed, pushed, refused_before;
    size_t impossible; /* captures skipped for an impossible date (CDX or Memento-Datetime) */
    size_t inserted, recreated, dropped;
    int stop;      /* a rate limit or the store stopped the run */
    int exit_code; /* set with stop */
} backfill_tally;

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

/* Parses argv into a (the environment first); 0 to go on, else the exit
 * code (--help: *done).  The one NAME is argv[optind]. */
static int parse_args(backfill_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {{"from", required_argument, NULL, 'F'},
                                             {"to", required_argument, NULL, 'T'},
                                             {"every", required_argument, NULL, 'e'},
                                             {"wayback-url", required_argument, NULL, 'w'},
                                             {"rate", required_argument, NULL, 'r'},
                                             {"force", no_argument, NULL, 'f'},
                                             {"allow-private", no_argument, NULL, 'p'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c, rc = 0;

    pd_wayback_options_from_env(&a->wo);
    optind = 1;
    opterr = 0;
    while (!rc && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'F':
        case 'T':
            rc = when_option(a, c, optarg);
            break;
        case 'e':
            if (pd_every_parse(&a->every, optarg))
                rc = pd_cli_usage("backfill", "%s", pd_error_last());
            break;
        case 'w':
            a->base = optarg;
            break;
        case 'r':
            rc = rate_option(a, optarg);
            break;
        case 'f':
            a->force = 1;
            break;
        case 'p':
            a->wo.http.allow_private = 1;
            break;
        case 'h':
            fputs(help, stdout);
            *done = 1;
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("backfill", c, argv);
        }
    }
    if (rc)
        return rc;
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
    if (!base || !*base)
        base = p->wayback_url;
    a->wo.base = base;
    a->wo.on_wait = pd_cli_wayback_wait_notice;
    a->wo.on_wait_payload = (void *)"backfill";
    if ((rc = pd_wayback_new(wb, &a->wo)))
        return pd_cli_fail(rc == PD_EINVALID ? PD_EINVALID : rc, NULL);
    return 0;
}

/* Moves the captures of part to the end of caps. */
static int append_captures(pd_cdx_result *caps, pd_cdx_result *part)
{
    pd_capture *v;
    if (!part->n)
        return 0;
    if (!(v = realloc(caps->items, (caps->n + part->n) * sizeof(*v))))
        return PD_ENOMEM_SET();
    memcpy(v + caps->n, part->items, part->n * sizeof(*v));
    caps->items = v;
    caps->n += part->n;
    part->n = 0; /* moved: nothing of them to dispose */
    return 0;
}

/* Counts part's rows of impossible timestamps into caps (before they are
 * appended: a part without captures may still have some). */
static void count_impossible(pd_cdx_result *caps, const pd_cdx_result *part)
{
    if (part->impossible && !caps->impossible)
        memcpy(caps->impossible_example, part->impossible_example,
               sizeof(caps->impossible_example));
    caps->impossible += part->impossible;
}

/* The captures to fetch, as indexes into caps (*todo: the caller's, free):
 * not those recorded already, older than pushed history or refused before
 * (unless --force). */
static int plan(size_t **todo, size_t *ntodo, backfill_tally *t, pd_store *store,
                const pd_policy *p, const pd_cdx_result *caps, int force)
{
    int64_t pushed_until = INT64_MIN;
    char remote[256] = "";
    int rc;

    if (!(*todo = calloc(caps->n + 1, sizeof(**todo))))
        return pd_cli_fail(PD_ENOMEM, "out of memory");
    /* captures older than what a remote already holds would rewrite pushed
     * history: found out here, before anything is downloaded */
    if (!force &&
        (rc = pd_store_pushed_until(&pushed_until, remote, sizeof(remote), store, p->name)))
        return pd_cli_fail(rc, NULL);
    for (size_t i = 0; i < caps->n; i++) {
        if (pd_store_has_capture(store, p->name, caps->items[i].timestamp, NULL) == 1)
            t->known++;
        else if (!force && caps->items[i].time < pushed_until)
            t->pushed++;
        else if (!force && pd_store_refused_had(store, p->name, caps->items[i].timestamp) == 1)
            t->refused_before++; /* an archived capture does not change: not again */
        else
            (*todo)[(*ntodo)++] = i;
    }
    if (t->pushed)
        fprintf(stderr,
                "policydiff backfill: %zu capture%s older than history already pushed (%s) %s "
                "not fetched: give --force to insert %s and rewrite the pushed history\n",
                t->pushed, t->pushed == 1 ? "" : "s", remote, t->pushed == 1 ? "was" : "were",
                t->pushed == 1 ? "it" : "them");
    return 0;
}

/* Records what the Wayback Machine served for one capture; says what
 * happened in what. */
static void record_one(backfill_tally *t, pd_buf *what, pd_store *store, const pd_policy *p,
                       const pd_capture *cp, const pd_wayback_capture *got, const pd_buf *raw,
                       int force)
{
    pd_ingest_options io = PD_INGEST_OPTIONS_INIT;
    pd_ingest_result ir = PD_INGEST_RESULT_INIT;
    size_t rec, drop;
    int rc;

    io.captured_at = got->time;
    io.url = io.source = cp->original ? cp->original : p->url;
    io.content_type = raw ? NULL : got->content_type;
    io.raw_ext = raw ? PD_PAGES_EXT : NULL;
    io.status = 200;
    io.via = "wayback";
    io.wayback_ts = got->timestamp;
    /* --force: record what the guard refuses when it has text, and insert
     * even before pushed history */
    io.force = force;
    rc = raw ? pd_ingest_record(&ir, store, p, &io, raw->ptr, raw->len)
             : pd_ingest_record(&ir, store, p, &io, got->body.ptr ? got->body.ptr : "",
                                got->body.len);
    if ((rc == PD_ESUSPICIOUS || rc == PD_EBUDGET) && !ir.accepted) {
        /* an archived capture does not change: over a budget once, always */
        const char *why = ir.report.reason[0] ? ir.report.reason : pd_error_last();
        pd_buf_printf(what, "%s %s: %s", cp->timestamp, rc == PD_EBUDGET ? "refused" : "suspicious",
                      why);
        t->refused++;
        pd_store_refused_note(store, p->name, cp->timestamp, why);
    } else if (rc) {
        pd_buf_printf(what, "%s failed: %s", cp->timestamp, pd_error_last());
        t->failed++;
        /* the store failing to record stops the run (before pushed history
         * only skips this capture); the normalizer failing on one capture
         * does not */
        if (ir.accepted && rc != PD_ECONFLICT) {
            t->stop = 1;
            t->exit_code = pd_cli_fail(rc, NULL);
        }
    } else if (ir.record == PD_RECORD_INSERTED) {
        pd_store_last_rewrite(&rec, &drop, store);
        t->changed++;
        t->inserted++;
        t->recreated += rec;
        t->dropped += drop;
        pd_buf_printf(what,
                      "%s new version, inserted into the history (re-created %zu later "
                      "commit(s))",
                      got->timestamp, rec);
    } else if (ir.record == PD_RECORD_COMMITTED) {
        t->changed++;
        pd_buf_printf(what, "%s new version", got->timestamp);
    } else {
        t->same++;
        pd_buf_printf(what, "%s unchanged", got->timestamp);
    }
    pd_ingest_result_dispose(&ir);
}

/* A failed download: counted, noted when refused; stops on a rate limit. */
static void fetch_failed(backfill_tally *t, pd_buf *what, pd_wayback *wb, pd_store *store,
                         const pd_policy *p, const pd_capture *cp, int rc)
{
    pd_buf_printf(what, "%s failed: %s", cp->timestamp, pd_error_last());
    if (rc == PD_ESUSPICIOUS) {
        t->refused++;
        pd_store_refused_note(store, p->name, cp->timestamp, pd_error_last());
    } else {
        t->failed++;
    }
    if (pd_wayback_rate_limited(wb)) {
        t->stop = 1;
        t->exit_code = pd_cli_fail(rc, NULL);
    }
}

/* Downloads one capture (every page of a combined document) and records
 * it; says what happened in what. */
static void fetch_one(backfill_tally *t, pd_buf *what, pd_wayback *wb, pd_store *store,
                      const pd_policy *p, const pd_capture *cp, int force)
{
    const char *url = cp->original ? cp->original : p->url;
    const pd_recipe *r;
    pd_wayback_capture got;
    pd_buf raw = PD_BUF_INIT;
    int rc = pd_wayback_fetch(&got, wb, cp->timestamp, url);
    if (rc == PD_EINVALID) {
        /* dated 1970 or in the future by the archive: skipped, never again */
        pd_buf_printf(what, "%s skipped: %s", cp->timestamp, pd_error_last());
        fprintf(stderr, "policydiff backfill: warning: %s\n", pd_error_last());
        t->impossible++;
        pd_store_refused_note(store, p->name, cp->timestamp, pd_error_last());
    } else if (rc) {
        fetch_failed(t, what, wb, store, p, cp, rc);
    } else if (strcmp(got.timestamp, cp->timestamp) &&
               pd_store_has_capture(store, p->name, got.timestamp, NULL) == 1) {
        pd_buf_printf(what, "%s already recorded (served %s)", cp->timestamp, got.timestamp);
        t->same++;
    } else if ((r = pd_policy_recipe_at(NULL, p, got.time))->npages > 1) {
        /* the other pages, as archived nearest that time */
        if ((rc = pd_combine_wayback(&raw, wb, r, &got, url)))
            fetch_failed(t, what, wb, store, p, cp, rc);
        else
            record_one(t, what, store, p, cp, &got, &raw, force);
    } else {
        record_one(t, what, store, p, cp, &got, NULL, force);
    }
    pd_buf_dispose(&raw);
    pd_wayback_capture_dispose(&got);
}

/* Lists the captures of each URL the policy had in [--from, --to] (its
 * history: an earlier recipe's address for its time), into caps. */
static int list_all(pd_cdx_result *caps, pd_wayback *wb, const backfill_args *a, const pd_policy *p)
{
    pd_policy_span *spans = NULL;
    size_t n = 0;
    int rc;

    if (!p->nhistory) /* one address: --from and --to as given */
        return pd_wayback_list(caps, wb, p->url, *a->from ? a->from : NULL, *a->to ? a->to : NULL,
                               a->every);
    if ((rc = pd_policy_spans(&spans, &n, p, a->from_t, a->to_t)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        pd_cdx_result part = {0};
        char from[15], to[15];
        pd_time_format_wayback(from, sizeof(from), spans[i].from);
        pd_time_format_wayback(to, sizeof(to), spans[i].to);
        if (!isatty(2))
            fprintf(stderr, "backfill: listing captures of %s (its address from %s to %s)\n",
                    spans[i].url, spans[i].from == INT64_MIN ? "the start" : from,
                    spans[i].to == INT64_MAX ? "now" : to);
        rc = pd_wayback_list(&part, wb, spans[i].url, spans[i].from == INT64_MIN ? NULL : from,
                             spans[i].to == INT64_MAX ? NULL : to, a->every);
        count_impossible(caps, &part);
        if (!rc)
            rc = append_captures(caps, &part);
        pd_cdx_result_dispose(&part);
    }
    free(spans);
    if (!rc)
        pd_cdx_sort_unique(caps);
    return rc;
}

/* Fetches the planned captures with a progress bar (a terminal) or a line
 * each (a log), until done or stopped. */
static void fetch_all(backfill_tally *t, pd_wayback *wb, pd_store *store, const pd_policy *p,
                      const pd_cdx_result *caps, const size_t *todo, size_t ntodo, int force)
{
    int tty = isatty(2);
    time_t started = time(NULL);
    for (size_t k = 0; k < ntodo && !t->stop; k++) {
        pd_buf what = PD_BUF_INIT;
        if (tty)
            progress(1, k, ntodo, started, NULL);
        fetch_one(t, &what, wb, store, p, &caps->items[todo[k]], force);
        if (!tty)
            progress(0, k + 1, ntodo, started, pd_buf_cstr(&what));
        else if (what.len && strstr(what.ptr, " failed: "))
            fprintf(stderr, "\r%s\n", what.ptr);
        pd_buf_dispose(&what);
    }
    if (tty && ntodo && !t->stop)
        progress(1, ntodo, ntodo, started, NULL);
}

/* Says on stderr how many listed captures had an impossible timestamp
 * (skipped: they cannot be placed in the history) and counts them. */
static void warn_impossible(backfill_tally *t, const pd_cdx_result *caps)
{
    if (!caps->impossible)
        return;
    t->impossible += caps->impossible;
    fprintf(stderr,
            "policydiff backfill: warning: skipped %zu capture%s the CDX server lists with an "
            "impossible timestamp (such as '%s'): they cannot be placed in the history\n",
            caps->impossible, caps->impossible == 1 ? "" : "s", caps->impossible_example);
}

/* The summary line on stdout, the insertions on stderr; the exit code. */
static int summarize(const backfill_tally *t, const pd_policy *p, size_t listed)
{
    int exit_code = t->exit_code;
    printf("%s: %zu captures listed, %zu already recorded, %zu new versions, %zu unchanged, "
           "%zu refused, %zu failed",
           p->name, listed, t->known, t->changed, t->same, t->refused, t->failed);
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
                       .to_t = INT64_MAX};
    backfill_tally t = {0};
    pd_store *store = NULL;
    pd_policy *p = NULL;
    pd_wayback *wb = NULL;
    pd_cdx_result caps = {0};
    size_t *todo = NULL, ntodo = 0;
    int rc, exit_code, locked = 0, done = 0;

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
    if (p->render)
        fprintf(stderr,
                "policydiff backfill: %s is marked render = %s (built by scripts): its captures "
                "are read as archived, without rendering (not available yet)\n",
                p->name, p->render);
    /* listed before the lock is taken: a slow or endless CDX server never
     * holds the store (the listing's budget bounds it) */
    if (!isatty(2) && !p->nhistory)
        fprintf(stderr, "backfill: listing captures of %s\n", p->url);
    if ((rc = list_all(&caps, wb, &a, p))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    warn_impossible(&t, &caps);
    if ((rc = pd_store_lock(store, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    locked = 1;
    if ((exit_code = plan(&todo, &ntodo, &t, store, p, &caps, a.force)))
        goto out;
    if (!isatty(2))
        fprintf(stderr, "backfill: %zu captures, %zu already recorded, %zu to fetch\n", caps.n,
                t.known, ntodo);
    fetch_all(&t, wb, store, p, &caps, todo, ntodo, a.force);
    exit_code = summarize(&t, p, caps.n);
out:
    if (locked)
        pd_store_unlock(store);
    free(todo);
    pd_cdx_result_dispose(&caps);
    pd_wayback_free(wb);
    pd_policy_free(p);
    pd_store_free(store);
    return exit_code;
}
