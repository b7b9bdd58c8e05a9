/* internal.h - the aligner's state shared by its passes: anchoring, moves
 * and similarity pairs (align.c) and building the changes (changes.c). */
#ifndef PD_ALIGN_INTERNAL_H
#define PD_ALIGN_INTERNAL_H

#include "align/align.h"
#include "segment/segment.h"

#include <stddef.h>
#include <stdint.h>

#define NONE ((size_t)-1)

typedef struct {
    const pd_clause_tree *A, *B;
    uint64_t *ka, *kb;              /* matching keys: normalized hash, heading-aware */
    size_t *ma, *mb;                /* anchored partner, or NONE */
    size_t *pa, *pb;                /* moved or paired partner, or NONE */
    unsigned char *kind_a, *kind_b; /* 'a' anchor, 'v' moved, 'm' modified */
    uint64_t **wa, **wb;            /* word sets (unmatched clauses only) */
    size_t *nwa, *nwb;
    size_t budget;
    int bounded;
} actx;

typedef struct {
    pd_aligned_change *v;
    size_t n, cap;
} change_list;

/* Appends to out the changes c's matching implies, in new-version order. */
int pd_al_build_changes(actx *c, change_list *out);

/* Frees what change ch holds. */
void pd_al_change_dispose(pd_aligned_change *ch);

#endif
