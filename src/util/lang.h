/*
 * lang.h - which language a clause or a page is written in: English,
 * French or German, from how often each language's commonest short words
 * occur.  A small built-in detector: enough to tell these three apart on a
 * sentence, not a general language identifier.
 *
 * Pure functions over in-memory text; no allocation, no errors.
 */
#ifndef PD_LANG_H
#define PD_LANG_H

#include <stddef.h>

typedef enum { PD_LANG_UNKNOWN, PD_LANG_EN, PD_LANG_FR, PD_LANG_DE } pd_lang;

/* The language of the first len bytes of text; PD_LANG_UNKNOWN when fewer
 * than min_hits of its common words are found (3 suits a sentence) or
 * another language has more than half as many (a bilingual page). */
pd_lang pd_lang_detect(const char *text, size_t len, unsigned min_hits);
/* "en", "fr", "de", or "unknown". */
const char *pd_lang_name(pd_lang lang);

#endif
