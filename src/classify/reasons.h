/* reasons.h - a reason the classifier gives and what it is about, shared
 * by the per-change comparison (classify.c) and the passes that revise a
 * change's reasons afterwards against the whole versions (context.c). */
#ifndef PD_CLASSIFY_REASONS_H
#define PD_CLASSIFY_REASONS_H

#include "classify/internal.h"

/* What a reason is about, so that the whole versions can be asked whether
 * they state it too (see pd_classify_context). */
enum {
    KY_NONE,
    KY_NEG_COMMIT,    /* "we do not <practice>" (id: practice) */
    KY_AFF_COMMIT,    /* a protective practice affirmed: "we delete" (id: practice) */
    KY_PRACTICE,      /* a practice affirmed (id: practice) */
    KY_TRAIN_CONTENT, /* AI trained on what users write or post (id: PD_K_TRAIN) */
    KY_DATA,
    KY_RECIP,
    KY_SOURCE,
    KY_TRACK,
    KY_INTL,
    KY_PURPOSE,
    KY_SEC,
    KY_RIGHT,
};

typedef struct {
    unsigned cat;
    pd_severity sev;
    pd_impact imp;
    int ord;               /* the order the rules found it in */
    uint8_t key, id, loss; /* what it is about; loss: stated before, not after */
    char text[192];
} reason;

typedef struct {
    reason r[48];
    size_t n;
} reasons;

/* What the changed clauses of the old (0) and new (1) version state,
 * merged over the changes of one diff. */
struct pd_classify_context {
    pd_cl_profile side[2];
};

/* The reasons of an added or removed change with what each is about, kept
 * in pd_flags for pd_classify_apply_context (same order as reasons).  Kept
 * for every change of a diff until the context pass, so packed: each
 * reason's fields up to its text, then the text and its NUL (a reason is
 * 212 bytes, most texts under 80). */
struct pd_flags_context {
    unsigned topics;
    size_t n;
    unsigned char packed[];
};

static inline int pd_cl_negated(int st)
{
    return st == PD_ST_NEGATED || st == PD_ST_NEGATED_EXC;
}

/* Severity, impact, categories and reason strings of out from R (sorted). */
int pd_cl_finish(pd_flags *out, reasons *R, unsigned topics);

/* Keeps in out what pd_classify_apply_context needs when a reason of R is
 * about something the whole versions may state.  Returns 0 or PD_ENOMEM. */
int pd_cl_keep_context(pd_flags *out, const reasons *R, unsigned topics);

#endif
