/*
 * bench_store_build - builds the benchmark store of scripts/bench_store:
 * POLICIES policies (svcNNN/docN) x VERSIONS versions each, recorded through
 * pd_store_record under one hold of the store's lock, each policy oldest
 * first.  Policy p gets VERSIONS x EVERY captures, one every STEP seconds
 * (STEP = 86400 / EVERY, so one version a day) from 2001-01-01 plus p
 * minutes; every EVERY-th capture changes the text (the others repeat the
 * version in effect), every text canonical Markdown of ~2 KB.
 * On standard output, one line: "t0 T0 step STEP captures C" (what the
 * benchmark needs to pick its dates).
 * usage: bench_store_build DIR [POLICIES [VERSIONS [EVERY]]]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "store/store.h"
#include "util/error.h"

#define T0 978307200 /* 2001-01-01T00:00:00Z */

static void text_of(pd_buf *out, int p, int v)
{
    pd_buf_clear(out);
    pd_buf_printf(out, "# Privacy policy of service %d, document %d\n\n", p / 5, p % 5);
    for (int s = 0; s < 12; s++) {
        pd_buf_printf(out, "## Section %d\n\n", s + 1);
        pd_buf_printf(out, "We collect the data described in this section for purpose %d.\n", s);
        pd_buf_printf(out, "We keep it for %d days unless the law requires otherwise.\n",
                      30 + (s == v % 12 ? v : 0));
        pd_buf_printf(out, "You can ask us to delete it at any time.\n\n");
    }
}

int main(int argc, char **argv)
{
    int npol = argc > 2 ? atoi(argv[2]) : 100, nver = argc > 3 ? atoi(argv[3]) : 10;
    int every = argc > 4 ? atoi(argv[4]) : 1;
    pd_store *s = NULL;
    pd_buf raw = PD_BUF_INIT, text = PD_BUF_INIT, name = PD_BUF_INIT, url = PD_BUF_INIT;
    pd_normalize_options no = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report report;
    int64_t step;
    int rc, ncap, locked = 0;

    if (argc < 2 || npol <= 0 || nver <= 0 || every <= 0 || every > 86400) {
        fprintf(stderr, "usage: bench_store_build DIR [POLICIES [VERSIONS [EVERY]]]\n");
        return 2;
    }
    step = 86400 / every;
    ncap = nver * every;
    if ((rc = pd_store_init(&s, argv[1])) || (rc = pd_store_lock(s, 0)))
        goto fail;
    locked = 1;
    for (int p = 0; p < npol; p++) {
        pd_policy pol;
        memset(&pol, 0, sizeof(pol));
        pd_buf_clear(&name);
        pd_buf_clear(&url);
        pd_buf_printf(&name, "svc%03d/doc%d", p / 5, p % 5);
        pd_buf_printf(&url, "https://svc%03d.example/doc%d", p / 5, p % 5);
        pol.name = name.ptr;
        pol.url = url.ptr;
        if ((rc = pd_recipe_add_css(&pol.recipe, 0, "main")) || (rc = pd_store_policy_add(s, &pol)))
            goto fail;
        pd_recipe_dispose(&pol.recipe);
    }
    no.kind = PD_INPUT_MARKDOWN;
    for (int p = 0; p < npol; p++) {
        pd_buf_clear(&name);
        pd_buf_printf(&name, "svc%03d/doc%d", p / 5, p % 5);
        for (int c = 0; c < ncap; c++) {
            pd_record_options o = PD_RECORD_OPTIONS_INIT;
            pd_record_result r;
            if (c % every == 0) {
                text_of(&raw, p, c / every);
                pd_buf_clear(&text);
                if ((rc = pd_normalize(&text, raw.ptr, raw.len, &no, &report)))
                    goto fail;
            }
            o.policy = name.ptr;
            o.captured_at = T0 + (int64_t)c * step + (int64_t)p * 60;
            o.source = "bench";
            o.raw_ext = "md";
            if ((rc = pd_store_record(&r, s, &o, raw.ptr, raw.len, text.ptr, text.len)))
                goto fail;
        }
        fprintf(stderr, "\rpolicies %d/%d", p + 1, npol);
    }
    fprintf(stderr, "\n");
    pd_store_unlock(s);
    locked = 0;
    printf("t0 %d step %" PRId64 " captures %d\n", T0, step, ncap);
    pd_store_free(s);
    pd_buf_dispose(&raw);
    pd_buf_dispose(&text);
    pd_buf_dispose(&name);
    pd_buf_dispose(&url);
    return 0;
fail:
    fprintf(stderr, "bench_store_build: %s\n", pd_error_last());
    if (locked)
        pd_store_unlock(s);
    pd_store_free(s);
    return 1;
}
