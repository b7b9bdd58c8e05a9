/*
 * labelled.h - the labelled change set (fixtures/labelled.tsv) and how a
 * classification is scored against it; shared by the unit test, the
 * eval_classify tool and the benchmark.
 *
 * TSV columns: op, old clause, new clause, expected categories (comma list,
 * the first is the main one; empty for cosmetic edits), severity, impact,
 * cosmetic (0/1: the aligner's cosmetic flag).  Lines starting with '#' are
 * comments.
 *
 * Scoring, per field:
 *   category  correct when no category is expected (cosmetic), or when the
 *             main expected category is among the predicted ones and the
 *             Jaccard index of expected and predicted sets is >= 0.5
 *   severity  exact
 *   impact    exact
 */
#ifndef PD_TEST_LABELLED_H
#define PD_TEST_LABELLED_H

#include <stddef.h>

#include "classify/classify.h"

typedef struct {
    pd_op op;
    char *old_text, *new_text;
    unsigned cats;  /* expected PD_CAT_* bits */
    unsigned first; /* main expected category */
    int severity;   /* pd_severity */
    int impact;     /* pd_impact */
    int cosmetic;
    int line;
} pd_label;

typedef struct {
    size_t n, cat_ok, sev_ok, imp_ok, primary_ok;
    size_t cosmetic_n, cosmetic_flagged; /* expected none, flagged above none */
} pd_label_score;

/* Loads path; 0 or -1 (message in err). */
int pd_labels_load(const char *path, pd_label **out, size_t *n, char *err, size_t errlen);
void pd_labels_free(pd_label *l, size_t n);
/* Scores f against l; adds to s; sets *ok_cat, *ok_sev, *ok_imp. */
void pd_label_score_add(pd_label_score *s, const pd_label *l, const pd_flags *f, int *ok_cat,
                        int *ok_sev, int *ok_imp);
pd_op pd_label_op(const char *name);
int pd_impact_from_label(const char *name);

#endif
