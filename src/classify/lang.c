/* Language of a text by its commonest short words; see lang.h. */
#include "classify/lang.h"

#include <string.h>

/* Words frequent in one language and rare in the other two. */
static const char *const words_en[] = {"the", "and", "of",   "to",   "we",  "you",  "your",
                                       "our", "is",  "are",  "with", "for", "this", "that",
                                       "or",  "may", "will", "not",  "be",  "by",   NULL};
static const char *const words_fr[] = {"le",   "la",   "les",  "des",  "et",  "vos", "nous",
                                       "vous", "est",  "pour", "avec", "une", "du",  "aux",
                                       "sur",  "dans", "pas",  "sont", "qui", "ou",  NULL};
static const char *const words_de[] = {"der",  "die", "das", "und",  "wir",    "sie",  "ihre",
                                       "ist",  "mit", "den", "dem",  "nicht",  "zu",   "ein",
                                       "eine", "von", "auf", "oder", "werden", "sind", NULL};

static int is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int listed(const char *const *list, const char *w, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && !strncmp(*list, w, n))
            return 1;
    return 0;
}

pd_lang pd_lang_detect(const char *text, size_t len, unsigned min_hits)
{
    unsigned hits[4] = {0, 0, 0, 0};
    char w[8];
    size_t i = 0;
    while (i < len) {
        while (i < len && !is_letter((unsigned char)text[i]))
            i++;
        size_t start = i;
        while (i < len && is_letter((unsigned char)text[i]))
            i++;
        size_t n = i - start;
        if (n == 0 || n >= sizeof(w))
            continue;
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)text[start + k];
            w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        hits[PD_LANG_EN] += (unsigned)listed(words_en, w, n);
        hits[PD_LANG_FR] += (unsigned)listed(words_fr, w, n);
        hits[PD_LANG_DE] += (unsigned)listed(words_de, w, n);
    }
    pd_lang best = PD_LANG_UNKNOWN;
    unsigned top = 0, second = 0;
    for (int l = PD_LANG_EN; l <= PD_LANG_DE; l++) {
        if (hits[l] > top) {
            second = top;
            top = hits[l];
            best = (pd_lang)l;
        } else if (hits[l] > second) {
            second = hits[l];
        }
    }
    return top >= min_hits && top >= 2 * second ? best : PD_LANG_UNKNOWN;
}

const char *pd_lang_name(pd_lang lang)
{
    switch (lang) {
    case PD_LANG_EN:
        return "en";
    case PD_LANG_FR:
        return "fr";
    case PD_LANG_DE:
        return "de";
    default:
        return "unknown";
    }
}
