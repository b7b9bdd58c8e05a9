/*
 * word.h - private to src/align: tokens of one clause.
 *
 * Tokens are words (letters, digits and marks, with inner apostrophes),
 * runs of spaces, and single other characters (punctuation, symbols).
 */
#ifndef PD_ALIGN_WORD_H
#define PD_ALIGN_WORD_H

#include <stddef.h>
#include <stdint.h>

typedef enum { PD_TOK_WORD, PD_TOK_SPACE, PD_TOK_PUNCT, PD_TOK_SYMBOL } pd_tok_kind;

typedef struct {
    size_t start;
    size_t len;
    pd_tok_kind kind;
    uint64_t hash; /* of the raw bytes */
} pd_tok;

/* Tokenizes s; *out is malloc'd (free it). 0 or PD_ENOMEM. */
int pd_tokenize(pd_tok **out, size_t *n, const char *s, size_t len);

/* Sorted, de-duplicated hashes of the case-folded words of s (malloc'd). */
int pd_word_set(uint64_t **out, size_t *n, const char *s, size_t len);

/* Dice coefficient of two sorted sets, 0..1. */
double pd_word_set_dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/*
 * Longest common subsequence of two key arrays.  For each a[i] matched, ma[i]
 * is its index in b, else (size_t)-1.  The common prefix and suffix are
 * matched first; when the middle is larger than max_cells key pairs, it is
 * left unmatched and *capped is set.  0 or PD_ENOMEM.
 */
int pd_lcs(size_t *ma, int *capped, const uint64_t *a, size_t n, const uint64_t *b, size_t m,
           size_t max_cells);

#endif
