/*
 * align.h - clause-level diff of two versions of a policy.
 *
 * pd_align_texts() segments two canonical Markdown texts into clause trees
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
 * The aligner knows nothing of what a change means: classify (a floor above,
 * classify/diff.h) turns a pd_alignment into a pd_diff with flags and
 * reasons, and pd_diff_texts() there does both steps.
 *
 * The work is bounded: the similarity search compares at most
 * PD_ALIGN_MAX_COMPARISONS clause pairs (then falls back to positional
 * pairing windows), word diffs over more than PD_ALIGN_MAX_WORD_CELLS token
 * pairs fall back to delete-all/insert-all of the middle.
 *
 * Pure functions: no I/O, no printing.
 * Ownership: pd_align_texts() hands back a pd_alignment the caller frees
 * with pd_alignment_free() (NULL is fine); every string and array in it
 * belongs to it.
 * Errors: 0 or PD_ENOMEM (message in pd_error_last()).
 */
#ifndef PD_ALIGN_H
#define PD_ALIGN_H

#include <stddef.h>

#define PD_ALIGN_MAX_COMPARISONS ((size_t)2000000)
#define PD_ALIGN_MAX_WORD_CELLS ((size_t)2000000)

typedef enum { PD_WORD_EQUAL, PD_WORD_INSERT, PD_WORD_DELETE } pd_word_op_kind;

typedef enum {
    PD_OP_ADDED,
    PD_OP_REMOVED,
    PD_OP_MODIFIED,
    PD_OP_MOVED,
} pd_op;

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
    int is_heading;   /* the change is a section heading (renamed, added, ...) */
    size_t old_index; /* first old clause, or (size_t)-1 */
    size_t new_index; /* first new clause, or (size_t)-1 */
    int repeated;     /* added/removed, but the other version has the same clause word for word */
    int old_level, new_level; /* heading levels of the first old and new clause when both
                                 are headings (a heading re-levelled: they differ); else 0 */
} pd_aligned_change;

typedef struct {
    pd_aligned_change *changes;
    size_t nchanges;
    size_t old_clauses;
    size_t new_clauses;
    int bounded; /* 1 when a search cap was hit and a fallback was used */
} pd_alignment;

typedef struct {
    double min_similarity; /* 0..1 word Dice score to pair clauses (0: 0.5) */
} pd_align_options;

#define PD_ALIGN_OPTIONS_INIT                                                                      \
    {                                                                                              \
        .min_similarity = 0.0                                                                      \
    }

int pd_align_texts(pd_alignment **out, const char *old_md, size_t old_len, const char *new_md,
                   size_t new_len, const pd_align_options *opts);
void pd_alignment_free(pd_alignment *a);

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
