/*
 * align.h - clause-level diff of two versions of a policy.
 *
 * pd_diff_texts() segments two canonical Markdown texts into clause trees
 * (segment.h) and aligns them:
 *   1. unchanged clauses are anchored by a patience pass over normalized
 *      clause hashes (with a bounded LCS for small leftover regions);
 *   2. a clause found unchanged elsewhere is `moved` (both section paths);
 *      consecutive moved clauses of one section become one change, so a
 *      whole moved section is a single `moved`;
 *   3. removed and added clauses are paired by word similarity, within the
 *      same region first, then across the document, into `modified` with a
 *      word-level diff; a heading pairs only with a heading, so a renamed
 *      heading is one change;
 *   4. what stays unpaired is `added` or `removed` (consecutive clauses of one
 *      section are one change).
 * Anchored clauses whose text differs only in case, spacing, punctuation or
 * quote style give a cosmetic `modified`.  A change is cosmetic when all it
 * does is whitespace, punctuation, quote style, letter case or a typo-sized
 * spelling fix (edit distance <= 2 on one word of >= 5 letters), and never
 * when it touches a negation, a modal verb, a number, a date or a named
 * party (a capitalized word not at the start of the clause).
 * Every change is classified with pd_classify_change().
 *
 * The work is bounded: the similarity search compares at most
 * PD_ALIGN_MAX_COMPARISONS clause pairs (then falls back to positional
 * pairing windows), word diffs over more than PD_ALIGN_MAX_WORD_CELLS token
 * pairs fall back to delete-all/insert-all of the middle.
 *
 * Pure functions: no I/O, no printing.
 * Ownership: pd_diff_texts() hands back a pd_diff the caller frees with
 * pd_diff_free() (NULL is fine); every string and array in it belongs to it.
 * Errors: 0 or PD_ENOMEM (message in pd_error_last()).
 */
#ifndef PD_ALIGN_H
#define PD_ALIGN_H

#include <stddef.h>

#include "classify/classify.h"

#define PD_ALIGN_MAX_COMPARISONS ((size_t)2000000)
#define PD_ALIGN_MAX_WORD_CELLS ((size_t)2000000)

typedef enum { PD_WORD_EQUAL, PD_WORD_INSERT, PD_WORD_DELETE } pd_word_op_kind;

typedef struct {
    pd_word_op_kind op;
    char *text; /* consecutive tokens with the same op, spaces included */
} pd_word_op;

typedef struct {
    pd_op op;
    int cosmetic;
    char *section;     /* path of the clause in the new version (old one for removed) */
    char *old_section; /* path in the old version ("" for added) */
    char *old_text;    /* "" for added */
    char *new_text;    /* "" for removed */
    pd_word_op *words; /* word-level diff (modified only; NULL otherwise) */
    size_t nwords;
    pd_flags flags;
    int is_heading;   /* the change is a section heading (renamed, added, ...) */
    size_t old_index; /* first old clause, or (size_t)-1 */
    size_t new_index; /* first new clause, or (size_t)-1 */
} pd_change;

typedef struct {
    pd_change *changes;
    size_t nchanges;
    size_t old_clauses;
    size_t new_clauses;
    int bounded; /* 1 when a search cap was hit and a fallback was used */
} pd_diff;

typedef struct {
    double min_similarity; /* 0..1 word Dice score to pair clauses (0: 0.5) */
    int no_classify;       /* leave flags neutral (tests) */
} pd_align_options;

#define PD_ALIGN_OPTIONS_INIT                                                                      \
    {                                                                                              \
        0.0, 0                                                                                     \
    }

int pd_diff_texts(pd_diff **out, const char *old_md, size_t old_len, const char *new_md,
                  size_t new_len, const pd_align_options *opts);
void pd_diff_free(pd_diff *d);

/*
 * Word-level diff of two strings (tokens: words, spaces, punctuation).
 * Concatenating EQUAL+DELETE texts gives a, EQUAL+INSERT gives b.
 * *out is a new array the caller frees with pd_word_ops_free().
 */
int pd_word_diff(pd_word_op **out, size_t *n, const char *a, size_t alen, const char *b,
                 size_t blen);
void pd_word_ops_free(pd_word_op *ops, size_t n);

/* 1 when going from old to new is cosmetic (see above), 0 otherwise. */
int pd_change_is_cosmetic(const char *old_text, const char *new_text);

#endif
