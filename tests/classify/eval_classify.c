/* eval_classify - run the labelled change set through pd_classify_change and
 * print the accuracy per field (and, with -v, every row that misses).
 * Usage: eval_classify [-v] FILE.tsv
 *        eval_classify --dump FILE.tsv   one line per change: line, severity,
 *        impact, main category, categories, key reason (labels ignored) */
#include <stdio.h>
#include <string.h>

#include "classify/classify.h"
#include "labelled.h"

int main(int argc, char **argv)
{
    int verbose = 0, dumpmode = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--dump") == 0)
            dumpmode = 1;
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: eval_classify [-v] tests/classify/fixtures/labelled.tsv\n");
        return 2;
    }
    pd_label *l;
    size_t n;
    char err[256];
    if (pd_labels_load(path, &l, &n, err, sizeof(err))) {
        fprintf(stderr, "eval_classify: %s\n", err);
        return 2;
    }
    pd_label_score s = {0};
    for (size_t i = 0; i < n; i++) {
        pd_flags f;
        if (pd_classify_change(&f, l[i].op, l[i].old_text, l[i].new_text, l[i].cosmetic)) {
            fprintf(stderr, "eval_classify: classification failed on line %d\n", l[i].line);
            return 5;
        }
        if (dumpmode) {
            printf("%d\t%s\t%s\t%s\t", l[i].line, pd_severity_name(f.severity),
                   pd_impact_name(f.impact), pd_category_name(pd_flags_primary(&f)));
            for (int b = 0, first = 1; b < PD_CAT_COUNT; b++)
                if (f.categories >> b & 1) {
                    printf("%s%s", first ? "" : ",", pd_category_name(1u << b));
                    first = 0;
                }
            printf("\t%s\n", f.nreasons ? f.reasons[0] : "");
            pd_flags_dispose(&f);
            continue;
        }
        int oc, os, oi;
        pd_label_score_add(&s, &l[i], &f, &oc, &os, &oi);
        if (verbose && !(oc && os && oi)) {
            printf("line %d: %s%s%s\n  old: %s\n  new: %s\n  got:", l[i].line,
                   oc ? "" : "[category]", os ? "" : "[severity]", oi ? "" : "[impact]",
                   l[i].old_text, l[i].new_text);
            for (int b = 0; b < PD_CAT_COUNT; b++)
                if (f.categories >> b & 1)
                    printf(" %s", pd_category_name(1u << b));
            printf(" | %s | %s  want:", pd_severity_name(f.severity), pd_impact_name(f.impact));
            for (int b = 0; b < PD_CAT_COUNT; b++)
                if (l[i].cats >> b & 1)
                    printf(" %s", pd_category_name(1u << b));
            printf(" | %s | %s\n", pd_severity_name((pd_severity)l[i].severity),
                   pd_impact_name((pd_impact)l[i].impact));
            for (size_t r = 0; r < f.nreasons; r++)
                printf("  - %s\n", f.reasons[r]);
        }
        pd_flags_dispose(&f);
    }
    if (dumpmode) {
        pd_labels_free(l, n);
        return 0;
    }
    double d = s.n ? (double)s.n : 1;
    printf("| field | correct | accuracy | target |\n|---|---|---|---|\n");
    printf("| category (main present, Jaccard >= 0.5) | %zu/%zu | %.3f | >= 0.90 |\n", s.cat_ok,
           s.n, s.cat_ok / d);
    printf("| main category exact | %zu/%zu | %.3f | - |\n", s.primary_ok, s.n, s.primary_ok / d);
    printf("| severity (exact) | %zu/%zu | %.3f | >= 0.85 |\n", s.sev_ok, s.n, s.sev_ok / d);
    printf("| impact (exact) | %zu/%zu | %.3f | >= 0.85 |\n", s.imp_ok, s.n, s.imp_ok / d);
    printf("| cosmetic edits flagged above none | %zu/%zu | - | 0 |\n", s.cosmetic_flagged,
           s.cosmetic_n);
    pd_labels_free(l, n);
    return 0;
}
