/*
 * sentence.h - split one block of canonical text into clauses (sentences).
 *
 * Knows legal text: abbreviations (e.g., i.e., etc., Inc., Ltd., Co., U.S.,
 * No., Art., Sec., vs.), list markers ("1.", "(a)", "iv."), section
 * references ("C.1", "Section 3.2"), decimals, URLs and e-mail addresses are
 * not sentence ends.  Pure function: no allocation, no I/O.
 */
#ifndef PD_SENTENCE_H
#define PD_SENTENCE_H

#include <stddef.h>

typedef struct {
    size_t start; /* byte offset into the text */
    size_t len;   /* byte length, trailing spaces excluded */
} pd_span;

/*
 * Calls cb(text + span.start, span.len, priv) for each sentence, in order,
 * leading and trailing spaces excluded.  Stops and returns cb's value when it
 * returns non-zero; returns 0 otherwise.
 */
typedef int (*pd_sentence_cb)(const char *s, size_t len, void *priv);
int pd_sentence_split(const char *text, size_t len, pd_sentence_cb cb, void *priv);

#endif
