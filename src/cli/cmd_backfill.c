/* policydiff backfill: record a policy's history from the Wayback Machine. */
#include "cli/cli_store.h"
#include "report/summary.h"
#include "fetch/wayback.h"
#include "ingest/ingest.h"
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
    "                           [--wayback-url URL] [--rate N] [--force]\n"
    "\n"
    "Lists the captures of NAME's URL in the Wayback Machine (CDX API, status 200,\n"
    "one per distinct body, or at most one per --every period), downloads each in its\n"
    "raw form, normalizes it and records it at its capture time (Via: wayback, with a\n"
    "Wayback-Timestamp trailer) when the text changed.  A capture older than the\n"
    "newest commit is inserted in its place and the later commits are re-created\n"
    "(said on stderr, with how many).  Captures already recorded are\n"
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

int pd_cmd_backfill(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'F'},  {"to", required_argument, NULL, 'T'},
        {"every", required_argument, NULL, 'e'}, {"wayback-url", required_argument, NULL, 'w'},
        {"rate", required_argument, NULL, 'r'},  {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    pd_wayback_options wo = PD_WAYBACK_OPTIONS_INIT;
    pd_every every = PD_EVERY_CHANGE;
    pd_store *store = NULL;
    pd_policy *p = NULL;
    pd_wayback *wb = NULL;
    pd_cdx_result caps = {0};
    char from[15] = "", to[15] = "";
    const char *base = NULL, *name;
    size_t *todo = NULL, ntodo = 0, known = 0, changed = 0, same = 0, refused = 0, failed = 0,
           pushed = 0, refused_before = 0, inserted = 0, recreated = 0, dropped = 0;
    int64_t pushed_until = INT64_MIN;
    char remote[256] = "";
    int c, rc, exit_code = PD_EXIT_OK, locked = 0, force = 0, tty = isatty(2), stop = 0;
    time_t started;

    pd_wayback_options_from_env(&wo);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'F':
        case 'T':
            if (cdx_when(c == 'F' ? from : to, optarg))
                return pd_cli_usage("backfill", "%s", pd_error_last());
            if (c == 'F') {
                int64_t t, last;
                /* nothing can have been archived after now: say so rather
                 * than list nothing and exit 0 */
                if (!pd_time_parse_span(&t, &last, optarg) && t > pd_time_now())
                    return pd_cli_usage("backfill", "--from %s is in the future; give a past date",
                                        optarg);
            }
            break;
        case 'e':
            if (pd_every_parse(&every, optarg))
                return pd_cli_usage("backfill", "%s", pd_error_last());
            break;
        case 'w':
            base = optarg;
            break;
        case 'r': {
            char *end;
            double r = strtod(optarg, &end);
            if (*end || r <= 0 || r > 10)
                return pd_cli_usage("backfill", "--rate takes captures per second, up to 10");
            wo.capture_interval_ms = (long)(1000.0 / r);
            break;
        }
        case 'f':
            force = 1;
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("backfill", c, argv);
        }
    }
    if (optind + 1 != argc)
        return pd_cli_usage("backfill", "give exactly one policy NAME");
    name = argv[optind];
    if (*from && *to &&
        strncmp(from, to, strlen(from) < strlen(to) ? strlen(from) : strlen(to)) > 0)
        return pd_cli_usage("backfill", "--from is after --to");

    if ((rc = pd_store_open(&store, ctx->store_dir)) ||
        (rc = pd_store_policy_get(&p, store, name))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    pd_store_set_summarizer(store, pd_change_summary, NULL);
    if (!base || !*base)
        base = getenv("POLICYDIFF_WAYBACK_URL");
    if (!base || !*base)
        base = p->wayback_url;
    wo.base = base;
    wo.on_wait = pd_cli_wayback_wait_notice;
    wo.on_wait_ctx = (void *)"backfill";
    if ((rc = pd_wayback_new(&wb, &wo))) {
        exit_code = pd_cli_fail(rc == PD_EINVALID ? PD_EINVALID : rc, NULL);
        goto out;
    }
    if ((rc = pd_store_lock(store, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    locked = 1;
    if (!tty)
        fprintf(stderr, "backfill: listing captures of %s\n", p->url);
    if ((rc = pd_wayback_list(&caps, wb, p->url, from, to, every))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (!(todo = calloc(caps.n + 1, sizeof(*todo)))) {
        exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
        goto out;
    }
    /* captures older than what a remote already holds would rewrite pushed
     * history: found out here, before anything is downloaded */
    if (!force && (rc = pd_store_pushed_until(store, p->name, &pushed_until, remote,
                                                       sizeof(remote)))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    for (size_t i = 0; i < caps.n; i++) {
        if (pd_store_has_capture(store, p->name, caps.items[i].timestamp, NULL) == 1)
            known++;
        else if (!force && caps.items[i].time < pushed_until)
            pushed++;
        else if (!force && pd_store_refused_had(store, p->name, caps.items[i].timestamp) == 1)
            refused_before++; /* an archived capture does not change: not again */
        else
            todo[ntodo++] = i;
    }
    if (pushed)
        fprintf(stderr,
                "policydiff backfill: %zu capture%s older than history already pushed (%s) %s "
                "not fetched: give --force to insert %s and rewrite the pushed history\n",
                pushed, pushed == 1 ? "" : "s", remote, pushed == 1 ? "was" : "were",
                pushed == 1 ? "it" : "them");
    if (!tty)
        fprintf(stderr, "backfill: %zu captures, %zu already recorded, %zu to fetch\n", caps.n,
                known, ntodo);
    started = time(NULL);
    for (size_t k = 0; k < ntodo && !stop; k++) {
        pd_capture *cp = &caps.items[todo[k]];
        pd_wayback_capture got;
        pd_ingest_options io = PD_INGEST_OPTIONS_INIT;
        pd_ingest_result ir = PD_INGEST_RESULT_INIT;
        pd_buf what = PD_BUF_INIT;

        if (tty)
            progress(1, k, ntodo, started, NULL);
        rc = pd_wayback_fetch(&got, wb, cp->timestamp, cp->original ? cp->original : p->url);
        if (rc) {
            pd_buf_printf(&what, "%s failed: %s", cp->timestamp, pd_error_last());
            if (rc == PD_ESUSPICIOUS) {
                refused++;
                pd_store_refused_note(store, p->name, cp->timestamp, pd_error_last());
            } else {
                failed++;
            }
            if (pd_wayback_rate_limited(wb)) {
                stop = 1;
                exit_code = pd_cli_fail(rc, NULL);
            }
            goto next;
        }
        if (strcmp(got.timestamp, cp->timestamp) &&
            pd_store_has_capture(store, p->name, got.timestamp, NULL) == 1) {
            pd_buf_printf(&what, "%s already recorded (served %s)", cp->timestamp, got.timestamp);
            same++;
            goto next;
        }
        io.captured_at = got.time;
        io.url = io.source = cp->original ? cp->original : p->url;
        io.content_type = got.content_type;
        io.status = 200;
        io.via = "wayback";
        io.wayback_ts = got.timestamp;
        /* --force: record what the guard refuses when it has text, and insert
         * even before pushed history */
        io.force = force;
        rc = pd_ingest_record(&ir, store, p, &io, got.body.ptr ? got.body.ptr : "", got.body.len);
        if (rc == PD_ESUSPICIOUS && !ir.accepted) {
            pd_buf_printf(&what, "%s suspicious: %s", cp->timestamp, ir.report.reason);
            refused++;
            pd_store_refused_note(store, p->name, cp->timestamp, ir.report.reason);
            goto next;
        }
        if (rc) {
            pd_buf_printf(&what, "%s failed: %s", cp->timestamp, pd_error_last());
            failed++;
            /* the store failing to record stops the run (before pushed
             * history only skips this capture); the normalizer failing on
             * one capture does not */
            if (ir.accepted && rc != PD_ECONFLICT) {
                stop = 1;
                exit_code = pd_cli_fail(rc, NULL);
            }
            goto next;
        }
        if (ir.record == PD_RECORD_INSERTED) {
            size_t rec, drop;
            pd_store_last_rewrite(store, &rec, &drop);
            changed++;
            inserted++;
            recreated += rec;
            dropped += drop;
            pd_buf_printf(&what,
                          "%s new version, inserted into the history (re-created %zu later "
                          "commit(s))",
                          got.timestamp, rec);
        } else if (ir.record == PD_RECORD_COMMITTED) {
            changed++;
            pd_buf_printf(&what, "%s new version", got.timestamp);
        } else {
            same++;
            pd_buf_printf(&what, "%s unchanged", got.timestamp);
        }
    next:
        if (!tty)
            progress(0, k + 1, ntodo, started, pd_buf_cstr(&what));
        else if (what.len && strstr(what.ptr, " failed: "))
            fprintf(stderr, "\r%s\n", what.ptr);
        pd_buf_dispose(&what);
        pd_ingest_result_dispose(&ir);
        pd_wayback_capture_dispose(&got);
    }
    if (tty && ntodo && !stop)
        progress(1, ntodo, ntodo, started, NULL);
    printf("%s: %zu captures listed, %zu already recorded, %zu new versions, %zu unchanged, "
           "%zu refused, %zu failed",
           p->name, caps.n, known, changed, same, refused, failed);
    if (pushed)
        printf(", %zu before pushed history (not fetched)", pushed);
    if (refused_before)
        printf(", %zu refused before (skipped; --force retries them)", refused_before);
    putchar('\n');
    if (fflush(stdout) != 0)
        exit_code = PD_EXIT_INTERNAL;
    else if (exit_code == PD_EXIT_OK && (refused || failed || pushed))
        exit_code = PD_EXIT_FETCH;
    if (inserted) {
        /* as record says it: history before the newest commit was rewritten */
        fprintf(stderr,
                "policydiff backfill: %s: %zu of the new versions %s older than the newest "
                "commit; inserted into the history, re-creating %zu later commit(s)",
                p->name, inserted, inserted == 1 ? "was" : "were", recreated);
        if (dropped)
            fprintf(stderr, ", dropped %zu that no longer changed anything", dropped);
        fputc('\n', stderr);
    }
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
