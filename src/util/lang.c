/* Language of a text by its commonest short words; see lang.h. */
#include "util/lang.h"
#include "util/simd.h"

#include <pthread.h>
#include <stdint.h>
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

/* ASCII letters and the bytes of UTF-8 sequences: a table, as every byte
 * of a text is asked (the classifier asks for each clause changed). */
#define LT1(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || (c) >= 0x80)
#define LT4(c) LT1(c), LT1((c) + 1), LT1((c) + 2), LT1((c) + 3)
#define LT16(c) LT4(c), LT4((c) + 4), LT4((c) + 8), LT4((c) + 12)
#define LT64(c) LT16(c), LT16((c) + 16), LT16((c) + 32), LT16((c) + 48)
static const unsigned char letter_bytes[256] = {LT64(0), LT64(64), LT64(128), LT64(192)};

static int is_letter(unsigned char c)
{
    return letter_bytes[c];
}

/* The ASCII capitals of the eight bytes in x lower-cased, the other bytes
 * as they are: a byte's low seven bits are compared with 'A' and 'Z' by
 * additions that set its top bit (no carry into the next byte). */
static uint64_t lower8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
    uint64_t low7 = x & ~tops;
    uint64_t from_a = low7 + ones * (0x80 - 'A');     /* top bit: 'A' or above */
    uint64_t past_z = low7 + ones * (0x80 - 'Z' - 1); /* top bit: above 'Z' */
    uint64_t upper = from_a & ~past_z & ~x & tops;    /* and no byte from 0x80 */
    return x | upper >> 2;                            /* 0x80 >> 2: 0x20 */
}

/* A word of up to 7 bytes, lower-cased, as one number, its first byte the
 * lowest (0: too long).  Its bytes are letters, none of them 0: two words
 * have the same number only when they are the same word.  Byte by byte:
 * only w[0, n) is readable. */
static uint64_t pack(const char *w, size_t n)
{
    uint64_t k = 0;
    if (n == 0 || n > 7)
        return 0;
    for (size_t i = 0; i < n; i++)
        k |= (uint64_t)(unsigned char)w[i] << 8 * i;
    return lower8(k);
}

/* pack(p, n) for a word of the text at p (end: the text's end): a load,
 * a mask and lower8 where eight bytes are readable, rather than a loop
 * whose length changes with every word. */
static uint64_t word_key(const unsigned char *p, size_t n, const unsigned char *end)
{
    uint64_t k;
    if (n == 0 || n > 7)
        return 0;
    if (end - p < 8)
        return pack((const char *)p, n);
    memcpy(&k, p, sizeof(k));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    k = __builtin_bswap64(k);
#endif
    return lower8(k & ((1ull << 8 * n) - 1));
}

/* The listed words by key, in an open-addressing table an eighth full (a
 * key of 0 is an empty slot): a word is found or ruled out in a probe,
 * seldom two (most words of a clause are looked up, and a probe more is a
 * branch mispredicted).  No word is in two lists. */
#define NSLOT 512

typedef struct {
    uint64_t key;
    uint8_t lang;
} keyed;

static keyed table[NSLOT];
static size_t shortest = SIZE_MAX, longest; /* the listed words' lengths */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static size_t slot_of(uint64_t key)
{
    size_t j = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 55); /* 9 bits: NSLOT */
    while (table[j].key && table[j].key != key)
        j = (j + 1) % NSLOT;
    return j;
}

static void build_table(void)
{
    const char *const *lists[] = {words_en, words_fr, words_de};
    for (int l = 0; l < 3; l++)
        for (const char *const *w = lists[l]; *w; w++) {
            size_t n = strlen(*w);
            uint64_t key = pack(*w, n);
            table[slot_of(key)] = (keyed){key, (uint8_t)(PD_LANG_EN + l)};
            shortest = n < shortest ? n : shortest;
            longest = n > longest ? n : longest;
        }
}

static int lang_of(uint64_t key)
{
    const keyed *k = &table[slot_of(key)];
    return key && k->key == key ? k->lang : PD_LANG_UNKNOWN;
}

/* The letters at p (up to end): how many.  Sixteen bytes at a time where
 * SSE2 is (x86-64), the last ones by the table: a word in a load and two
 * compares, not a loop and its mispredicted exit per word. */
static size_t letter_run(const unsigned char *p, const unsigned char *end)
{
    size_t n = 0;
#if defined(PD_SIMD)
    int stopped = 0;
    n = pd_simd_run(p, end, PD_SIMD_HIGH, &stopped);
    if (stopped)
        return n;
    p += n;
#endif
    while (p < end && is_letter(*p)) {
        p++;
        n++;
    }
    return n;
}

pd_lang pd_lang_detect(const char *text, size_t len, unsigned min_hits)
{
    unsigned hits[4] = {0, 0, 0, 0};
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    pthread_once(&table_once, build_table);
    while (p < end) {
        if (!is_letter(*p)) {
            p++;
            continue;
        }
        /* a word shorter or longer than every listed word is none of
         * them: it is not looked up */
        size_t n = letter_run(p, end);
        if (n >= shortest && n <= longest)
            hits[lang_of(word_key(p, n, end))]++;
        p += n;
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
