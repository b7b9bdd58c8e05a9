/*
 * bench_normalize_inproc - in-process throughput of pd_normalize() for
 * scripts/bench_normalize, with libxml2's own HTML parse of the same bytes as
 * the reference in the same run.
 *
 * usage: bench_normalize_inproc RUNS FILE...
 *
 * Every page is read into memory once.  Each run then, page by page and
 * interleaved, times (a) htmlReadMemory() + xmlFreeDoc() on the raw bytes
 * with the options pd_normalize uses, and (b) a whole pd_normalize() with no
 * recipe (charset detection, parse, extraction, Markdown, NFC).  Prints one
 * line per figure: the median MB/s of each over RUNS runs, their ratio, and
 * the peak resident set of this process.  Exit 1 when a page fails to
 * normalize or an argument is wrong.
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "normalize/normalize.h"

typedef struct {
    char *data;
    size_t len;
} page;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int read_page(const char *path, page *p)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16;
    p->data = malloc(cap);
    p->len = 0;
    size_t n;
    while (p->data && (n = fread(p->data + p->len, 1, cap - p->len, f)) > 0) {
        p->len += n;
        if (p->len == cap) {
            char *grown = realloc(p->data, cap *= 2);
            if (!grown) {
                free(p->data);
                p->data = NULL;
                break;
            }
            p->data = grown;
        }
    }
    fclose(f);
    return p->data ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[1]) < 1) {
        fprintf(stderr, "usage: bench_normalize_inproc RUNS FILE...\n");
        return 1;
    }
    int runs = atoi(argv[1]), npages = argc - 2;
    page *pages = calloc((size_t)npages, sizeof *pages);
    double *ours = calloc((size_t)runs, sizeof *ours), *ref = calloc((size_t)runs, sizeof *ref);
    if (!pages || !ours || !ref)
        return 1;
    double total = 0;
    for (int i = 0; i < npages; i++) {
        if (read_page(argv[i + 2], &pages[i]) < 0) {
            fprintf(stderr, "bench_normalize_inproc: cannot read %s\n", argv[i + 2]);
            return 1;
        }
        total += (double)pages[i].len;
    }
    const int xml_opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD;
    pd_buf out = {0};
    int failures = 0;
    for (int r = 0; r < runs; r++) {
        double t_ours = 0, t_ref = 0;
        for (int i = 0; i < npages; i++) {
            double t0 = now();
            htmlDocPtr doc = htmlReadMemory(pages[i].data, (int)pages[i].len, NULL, NULL, xml_opts);
            xmlFreeDoc(doc);
            double t1 = now();
            pd_normalize_options opts = PD_NORMALIZE_OPTIONS_INIT;
            pd_normalize_report report;
            pd_buf_clear(&out);
            int rc = pd_normalize(&out, pages[i].data, pages[i].len, &opts, &report);
            double t2 = now();
            if (rc < 0 && r == 0) {
                fprintf(stderr, "bench_normalize_inproc: %s did not normalize\n", argv[i + 2]);
                failures++;
            }
            t_ref += t1 - t0;
            t_ours += t2 - t1;
        }
        ours[r] = t_ours;
        ref[r] = t_ref;
    }
    pd_buf_dispose(&out);
    double m_ours = median(ours, runs), m_ref = median(ref, runs);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("in-process pd_normalize   %.1f MB/s\n", total / 1e6 / m_ours);
    printf("in-process libxml2 parse  %.1f MB/s\n", total / 1e6 / m_ref);
    printf("in-process ratio          %.2fx libxml2's parse time\n", m_ours / m_ref);
    printf("in-process peak RSS       %.1f MB (all pages held in memory)\n",
           (double)ru.ru_maxrss / 1024.0);
    for (int i = 0; i < npages; i++)
        free(pages[i].data);
    free(pages);
    free(ours);
    free(ref);
    return failures ? 1 : 0;
}
