/* pd_backfill_run (ingest/backfill.h) against pd-testserver's Wayback
 * imitation: what it records, what it counts and what on_progress hears. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/server.h"
#include "ingest/backfill.h"
#include "support/testutil.h"
#include "util/error.h"

static char *root;
static pd_store *st;
static pd_policy *pol;
static pd_test_server srv;

/* Six captures of https://history.example/privacy in 2015, the text
 * changing at the first, third and sixth; the fourth is a bot wall.  The
 * listing collapses the second, the same bytes as the first. */
static void make_site(const char *site)
{
    static const char *const ts[] = {"20150101000000", "20150201000000", "20150301000000",
                                     "20150401000000", "20150501000000", "20150601000000"};
    static const int text[] = {1, 1, 2, 0, 2, 3};
    char path[8192];
    FILE *idx, *f;

    snprintf(path, sizeof(path), "%s/snap", site);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/wayback.tsv", site);
    cr_assert_not_null(idx = fopen(path, "w"));
    for (int i = 0; i < 6; i++) {
        snprintf(path, sizeof(path), "%s/snap/%d.html", site, i);
        cr_assert_not_null(f = fopen(path, "w"));
        if (text[i])
            fprintf(f,
                    "<html><body><main><h1>Privacy Policy</h1><p>We collect your email "
                    "address.</p><p>We keep your data for %d months.</p><p>You can ask us to "
                    "delete your data.</p></main></body></html>\n",
                    12 * text[i]);
        else
            fputs("<html><head><title>Just a moment...</title></head><body>Checking your "
                  "browser before accessing the site.</body></html>\n",
                  f);
        fclose(f);
        fprintf(idx, "%s\thttps://history.example/privacy\t200\tsnap/%d.html\ttext/html\n", ts[i],
                i);
    }
    fclose(idx);
}

static void setup(void)
{
    pd_policy p;
    char dir[4096];

    setenv("POLICYDIFF_CDX_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CAPTURE_INTERVAL_MS", "0", 1);
    root = pd_test_tmpdir();
    snprintf(dir, sizeof(dir), "%s/site", root);
    cr_assert_eq(mkdir(dir, 0700), 0);
    make_site(dir);
    pd_test_server_start(&srv, dir, NULL);
    snprintf(dir, sizeof(dir), "%s/store", root);
    cr_assert_eq(pd_store_init(&st, dir), 0, "%s", pd_error_last());
    memset(&p, 0, sizeof(p));
    p.name = "history";
    p.url = "https://history.example/privacy";
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_get(&pol, st, "history"), 0, "%s", pd_error_last());
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    pd_policy_free(pol);
    pd_store_free(st);
    pd_test_rmtree(root);
    free(root);
}

TestSuite(backfill, .init = setup, .fini = teardown, .timeout = 120);

/* What on_progress heard: one letter per event (L, P, S, D) and the
 * outcomes of the captures. */
typedef struct {
    char events[64];
    size_t nevents;
    pd_backfill_outcome outcomes[16];
    size_t noutcomes, last_index;
    int index_in_order;
} heard;

static void on_progress(pd_backfill_event ev, const pd_backfill_stats *stats,
                        const pd_backfill_step *step, void *payload)
{
    heard *h = payload;
    (void)stats;
    if (h->nevents < sizeof(h->events) - 1)
        h->events[h->nevents++] = "LPSDA"[ev];
    if (ev == PD_BACKFILL_CAPTURE_DONE && h->noutcomes < 16) {
        h->index_in_order &= step->index == h->noutcomes;
        h->outcomes[h->noutcomes++] = step->outcome;
    }
}

static int run(pd_backfill_stats *stats, heard *h, int force)
{
    pd_wayback_options wo = PD_WAYBACK_OPTIONS_INIT;
    pd_backfill_options o = PD_BACKFILL_OPTIONS_INIT;
    pd_wayback *wb = NULL;
    int rc;

    memset(h, 0, sizeof(*h));
    h->index_in_order = 1;
    pd_wayback_options_from_env(&wo);
    wo.base = srv.base;
    cr_assert_eq(pd_wayback_new(&wb, &wo), 0, "%s", pd_error_last());
    o.force = force;
    o.on_progress = on_progress;
    o.on_progress_payload = h;
    rc = pd_backfill_run(stats, st, wb, pol, &o);
    pd_wayback_free(wb);
    return rc;
}

Test(backfill, records_the_changes_counts_and_tells_each_stage)
{
    static const pd_backfill_outcome want[] = {PD_BACKFILL_NEW_VERSION, PD_BACKFILL_NEW_VERSION,
                                               PD_BACKFILL_SUSPICIOUS, PD_BACKFILL_UNCHANGED,
                                               PD_BACKFILL_NEW_VERSION};
    pd_backfill_stats s;
    pd_version *v = NULL;
    size_t n = 0;
    heard h;

    cr_assert_eq(run(&s, &h, 0), 0, "%s", pd_error_last());
    cr_assert_str_eq(h.events, "LPSDSDSDSDSD");
    cr_assert_eq(h.noutcomes, 5);
    cr_assert(h.index_in_order);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(h.outcomes[i], want[i], "capture %zu: %d, not %d", i, h.outcomes[i], want[i]);
    cr_assert_eq(s.listed, 5);
    cr_assert_eq(s.todo, 5);
    cr_assert_eq(s.changed, 3);
    cr_assert_eq(s.same, 1);
    cr_assert_eq(s.refused, 1);
    cr_assert_eq(s.failed, 0);
    cr_assert_eq(s.stopped, 0);
    cr_assert_eq(pd_store_log(&v, &n, st, "history", INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(v[0].via, "wayback");
    cr_assert_str_eq(v[0].wayback_ts, "20150101000000");
    pd_version_array_free(v, n);

    /* again: the recorded ones are known, the refused one is not tried */
    cr_assert_eq(run(&s, &h, 0), 0, "%s", pd_error_last());
    cr_assert_str_eq(h.events, "LP");
    cr_assert_eq(s.known, 4);
    cr_assert_eq(s.refused_before, 1);
    cr_assert_eq(s.todo, 0);

    /* forced, it is fetched again and recorded although refused */
    cr_assert_eq(run(&s, &h, 1), 0, "%s", pd_error_last());
    cr_assert_str_eq(h.events, "LPSD");
    cr_assert_eq(s.todo, 1);
    cr_assert_eq(s.changed, 1);
}

Test(backfill, a_locked_store_is_an_error_before_anything_is_fetched)
{
    pd_backfill_stats s;
    heard h;
    pd_store *other = NULL;
    char dir[4200];

    snprintf(dir, sizeof(dir), "%s/store", root);
    cr_assert_eq(pd_store_open(&other, dir), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_lock(other, 0), 0, "%s", pd_error_last());
    {
        pd_wayback_options wo = PD_WAYBACK_OPTIONS_INIT;
        pd_backfill_options o = PD_BACKFILL_OPTIONS_INIT;
        pd_wayback *wb = NULL;
        memset(&h, 0, sizeof(h));
        pd_wayback_options_from_env(&wo); /* the tests' 127.0.0.1 server: allow-private */
        wo.base = srv.base;
        cr_assert_eq(pd_wayback_new(&wb, &wo), 0);
        o.lock_wait_ms = 1;
        o.on_progress = on_progress;
        o.on_progress_payload = &h;
        cr_assert_eq(pd_backfill_run(&s, st, wb, pol, &o), PD_ELOCKED);
        pd_wayback_free(wb);
    }
    cr_assert_str_eq(h.events, "L", "listed (without the lock), nothing planned or fetched");
    pd_store_unlock(other);
    pd_store_free(other);
}
