/*
 * sentence.h - split one block of canonical text into clauses (sentences).
 *
 * A sentence ends at ".", "?", "!" or an ellipsis ("..." or U+2026), after
 * any closing quotes and brackets ('."' ends after the quote, '.)' after the
 * parenthesis), and only when a space and a plausible sentence start follow:
 * an upper-case or caseless letter, a digit, or an opening quote or bracket.
 * Knows legal text: these periods are not sentence ends:
 *   - abbreviations that never end a sentence (e.g., i.e., cf., vs., Mr., Dr.,
 *     approx., incl., fig., month names, ...);
 *   - abbreviations that often do not (etc., Inc., Ltd., Co., Corp., U.S.,
 *     U.K., No., Art., Sec., St., p., ...): an end only before a word that
 *     typically opens a sentence ("We", "The", "If", "You", ...), never
 *     before a number ("No. 5", "Art. 6");
 *   - initials and single letters ("J. Smith");
 *   - a list marker that opens the sentence ("1.", "a.", "iv.", "A.");
 * section references ("C.1", "Section 3.2"), decimals ("1.5"), URLs and
 * e-mail addresses never split because no space follows their periods.
 * Lives in normalize because the writer puts one sentence per canonical line
 * (doc.c); segment builds its clauses on the same splitter, a floor above.
 * Pure function: no allocation, no I/O, no global state.
 */
#ifndef PD_SENTENCE_H
#define PD_SENTENCE_H

#include <stddef.h>

typedef struct {
    size_t start; /* byte offset into the text */
    size_t len;   /* byte length, trailing spaces excluded */
} pd_span;

/*
 * Calls cb(text + span.start, span.len, payload) for each sentence, in order,
 * leading and trailing spaces excluded.  Stops and returns cb's value when it
 * returns non-zero; returns 0 otherwise.
 */
typedef int (*pd_sentence_cb)(const char *s, size_t len, void *payload);
int pd_sentence_split(const char *text, size_t len, pd_sentence_cb cb, void *payload);

#endif
