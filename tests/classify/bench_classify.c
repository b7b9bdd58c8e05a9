/* bench_classify - time pd_classify_change over the labelled set, or over
 * the paragraphs of a Markdown document (each paragraph against the next, as
 * a modified clause: longer, real text).
 * Usage: bench_classify FILE.tsv|FILE.md [iterations per run (200)] [runs (5)]
 *        bench_classify --diff RUNS V1.md V2.md ... : diffs each version
 *        against the next with pd_align_texts() alone and with
 *        pd_diff_texts() (align, then classify), and prints what classification
 *        adds to the aligner's time and its share of the diff's time.
 * Prints microseconds per change for each run and their median.  Not a
 * test: timings never gate the build. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "classify/classify.h"
#include "classify/diff.h"
#include "labelled.h"
#include "util/buf.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: steady on a shared machine */
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Paragraph i against paragraph i + 1, as modified clauses. */
static int load_paragraphs(const char *path, pd_label **out, size_t *n)
{
    pd_buf b = PD_BUF_INIT;
    if (pd_buf_read_file(&b, path, 1 << 24))
        return -1;
    size_t cap = 0, np = 0;
    char **para = NULL;
    char *p = b.ptr;
    while (p && *p) {
        char *end = strstr(p, "\n\n");
        if (end)
            *end = '\0';
        if (*p) {
            if (np == cap) {
                cap = cap ? cap * 2 : 64;
                char **q = realloc(para, cap * sizeof(char *));
                if (!q)
                    return -1;
                para = q;
            }
            para[np++] = p;
        }
        p = end ? end + 2 : NULL;
    }
    *n = 0;
    *out = calloc(np ? np : 1, sizeof(pd_label));
    if (!*out)
        return -1;
    for (size_t i = 0; i + 1 < np; i++) {
        pd_label *l = &(*out)[(*n)++];
        l->op = PD_OP_MODIFIED;
        l->old_text = strdup(para[i]);
        l->new_text = strdup(para[i + 1]);
        if (!l->old_text || !l->new_text)
            return -1;
    }
    free(para);
    pd_buf_dispose(&b);
    return *n ? 0 : -1;
}

static int bench_diff(int runs, int nfiles, char **files)
{
    pd_buf *v = calloc((size_t)nfiles, sizeof(pd_buf));
    if (!v || runs < 1 || runs > 100 || nfiles < 2)
        return 2;
    for (int i = 0; i < nfiles; i++)
        if (pd_buf_read_file(&v[i], files[i], 1 << 26)) {
            fprintf(stderr, "bench_classify: cannot read %s\n", files[i]);
            return 2;
        }
    double with[100], without[100];
    size_t changes = 0;
    for (int r = 0; r < runs; r++) {
        for (int mode = 0; mode < 2; mode++) {
            double t0 = now_us();
            for (int i = 0; i + 1 < nfiles; i++) {
                const char *a = v[i].ptr ? v[i].ptr : "", *b = v[i + 1].ptr ? v[i + 1].ptr : "";
                if (mode == 0) { /* the aligner alone */
                    pd_alignment *al = NULL;
                    if (pd_align_texts(&al, a, v[i].len, b, v[i + 1].len, NULL))
                        return 5;
                    pd_alignment_free(al);
                    continue;
                }
                pd_diff *d = NULL;
                if (pd_diff_texts(&d, a, v[i].len, b, v[i + 1].len, NULL))
                    return 5;
                if (r == 0)
                    changes += d->nchanges;
                pd_diff_free(d);
            }
            (mode ? with : without)[r] = now_us() - t0;
        }
    }
    qsort(with, (size_t)runs, sizeof(double), cmp_double);
    qsort(without, (size_t)runs, sizeof(double), cmp_double);
    double w = with[runs / 2], wo = without[runs / 2];
    /* both ways of putting it: what classification adds to the aligner's
     * time, and its share of the whole diff's (issue 14 asks for the share) */
    printf("%d diffs, %zu changes: %.3f ms of CPU without classification, %.3f ms with: "
           "classification adds %.1f%% to the aligner, %.1f%% of the diff's time "
           "(median of %d runs)\n",
           nfiles - 1, changes, wo / 1000, w / 1000, wo > 0 ? 100 * (w - wo) / wo : 0,
           w > 0 ? 100 * (w - wo) / w : 0, runs);
    for (int i = 0; i < nfiles; i++)
        pd_buf_dispose(&v[i]);
    free(v);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "--diff") == 0)
        return bench_diff(atoi(argv[2]), argc - 3, argv + 3);
    if (argc < 2) {
        fprintf(stderr, "usage: bench_classify FILE.tsv [iterations] [runs]\n");
        return 2;
    }
    int iters = argc > 2 ? atoi(argv[2]) : 200;
    int runs = argc > 3 ? atoi(argv[3]) : 5;
    if (iters < 1 || runs < 1 || runs > 100) {
        fprintf(stderr, "bench_classify: iterations >= 1 and 1 <= runs <= 100\n");
        return 2;
    }
    pd_label *l;
    size_t n;
    char err[256];
    size_t plen = strlen(argv[1]);
    if (plen > 3 && strcmp(argv[1] + plen - 3, ".md") == 0) {
        if (load_paragraphs(argv[1], &l, &n)) {
            fprintf(stderr, "bench_classify: cannot read paragraphs from %s\n", argv[1]);
            return 2;
        }
    } else if (pd_labels_load(argv[1], &l, &n, err, sizeof(err))) {
        fprintf(stderr, "bench_classify: %s\n", err);
        return 2;
    }
    double per[100];
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += strlen(l[i].old_text) + strlen(l[i].new_text);
    for (int r = 0; r < runs; r++) {
        double t0 = now_us();
        for (int it = 0; it < iters; it++) {
            for (size_t i = 0; i < n; i++) {
                pd_flags f;
                if (pd_classify_change(&f, l[i].op, l[i].old_text, l[i].new_text, l[i].cosmetic))
                    return 5;
                pd_flags_dispose(&f);
            }
        }
        per[r] = (now_us() - t0) / ((double)iters * (double)n);
        printf("run %d: %.2f us of CPU per change\n", r + 1, per[r]);
    }
    qsort(per, (size_t)runs, sizeof(double), cmp_double);
    printf("median: %.2f us of CPU per change (%zu changes, %.0f bytes of clause text each, %d "
           "iterations x %d runs)\n",
           per[runs / 2], n, (double)bytes / (double)n, iters, runs);
    pd_labels_free(l, n);
    return 0;
}
