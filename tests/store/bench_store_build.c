/*
 * bench_store_build - builds the benchmark store for scripts/bench_store:
 * POLICIES policies (svcNNN/docN) x VERSIONS versions each, recorded through
 * pd_store_record in capture order (round-robin over the policies, one
 * minute apart from 2020-01-01), every text canonical Markdown of ~2 KB.
 * usage: bench_store_build DIR [POLICIES [VERSIONS]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/normalize.h"
#include "store/store.h"
#include "util/error.h"

#define T0 1577836800 /* 2020-01-01T00:00:00Z */

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
    int npol = argc > 2 ? atoi(argv[2]) : 1000, nver = argc > 3 ? atoi(argv[3]) : 50;
    pd_store *s = NULL;
    pd_buf raw = PD_BUF_INIT, text = PD_BUF_INIT, name = PD_BUF_INIT, url = PD_BUF_INIT;
    pd_normalize_options no = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report report;
    int rc;

    if (argc < 2 || npol <= 0 || nver <= 0) {
        fprintf(stderr, "usage: bench_store_build DIR [POLICIES [VERSIONS]]\n");
        return 2;
    }
    if ((rc = pd_store_init(&s, argv[1])) || (rc = pd_store_lock(s, 0)))
        goto fail;
    for (int p = 0; p < npol; p++) {
        pd_policy pol;
        memset(&pol, 0, sizeof(pol));
        pd_buf_clear(&name);
        pd_buf_clear(&url);
        pd_buf_printf(&name, "svc%03d/doc%d", p / 5, p % 5);
        pd_buf_printf(&url, "https://svc%03d.example/doc%d", p / 5, p % 5);
        pol.name = name.ptr;
        pol.url = url.ptr;
        if ((rc = pd_recipe_add_css(&pol.recipe, 0, "main")) ||
            (rc = pd_store_policy_add(s, &pol)))
            goto fail;
        pd_recipe_dispose(&pol.recipe);
    }
    no.kind = PD_INPUT_MARKDOWN;
    for (int v = 0; v < nver; v++) {
        for (int p = 0; p < npol; p++) {
            pd_record_options o = PD_RECORD_OPTIONS_INIT;
            pd_record_result r;
            text_of(&raw, p, v);
            pd_buf_clear(&text);
            if ((rc = pd_normalize(&text, raw.ptr, raw.len, &no, &report)))
                goto fail;
            pd_buf_clear(&name);
            pd_buf_printf(&name, "svc%03d/doc%d", p / 5, p % 5);
            o.policy = name.ptr;
            o.captured_at = T0 + ((int64_t)v * npol + p) * 60;
            o.source = "bench";
            o.raw_ext = "md";
            if ((rc = pd_store_record(&r, s, &o, raw.ptr, raw.len, text.ptr, text.len)))
                goto fail;
        }
        fprintf(stderr, "\rversions %d/%d", v + 1, nver);
    }
    fprintf(stderr, "\n");
    pd_store_free(s);
    pd_buf_dispose(&raw);
    pd_buf_dispose(&text);
    pd_buf_dispose(&name);
    pd_buf_dispose(&url);
    return 0;
fail:
    fprintf(stderr, "bench_store_build: %s\n", pd_error_last());
    pd_store_free(s);
    return 1;
}
