/* tokens.c - split a clause into lower-cased words, numbers and punctuation,
 * once, so every rule after this compares whole words. */
#include "classify/internal.h"
#include "util/error.h"
#include "util/simd.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* Bytes of a UTF-8 punctuation sequence at p that acts as a separator (0 if
 * none); *apos is set when it is a typographic apostrophe. */
static size_t utf8_punct(const unsigned char *p, int *apos)
{
    *apos = 0;
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2; /* no-break space */
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2]) {
        unsigned c = p[2];
        if (c == 0x98 || c == 0x99) {
            *apos = 1;
            return 3;
        }
        if ((c >= 0x90 && c <= 0x9F) || c == 0xA2 || c == 0xA6 || (c >= 0xAF && c <= 0xBA))
            return 3;
    }
    if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0xAC)
        return 3; /* euro sign */
    return 0;
}

#define WB1(c)                                                                                     \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') ||     \
     (c) >= 0x80)
#define WB4(c) WB1(c), WB1((c) + 1), WB1((c) + 2), WB1((c) + 3)
#define WB16(c) WB4(c), WB4((c) + 4), WB4((c) + 8), WB4((c) + 12)
#define WB64(c) WB16(c), WB16((c) + 16), WB16((c) + 32), WB16((c) + 48)
const unsigned char pd_cl_word_bytes[256] = {WB64(0), WB64(64), WB64(128), WB64(192)};

static int is_word_byte(unsigned char c)
{
    return pd_cl_word_byte(c);
}

/* Length of a URL starting at p ("http://", "https://", "www."), or 0. */
static size_t url_len(const unsigned char *p)
{
    unsigned c = p[0] | 0x20, c1 = p[1] | 0x20;
    if (!(c == 'h' && c1 == 't') && !(c == 'w' && c1 == 'w'))
        return 0;
    if (strncasecmp((const char *)p, "http://", 7) && strncasecmp((const char *)p, "https://", 8) &&
        strncasecmp((const char *)p, "www.", 4))
        return 0;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\n' && p[n] != '\t' && p[n] != '\r' && p[n] != ')' &&
           p[n] != ']' && p[n] != '>' && p[n] != '"' && p[n] != '<')
        n++;
    while (n && (p[n - 1] == '.' || p[n - 1] == ',' || p[n - 1] == ';'))
        n--;
    return n;
}

/* Rewrites a contraction at s (len bytes, NUL-terminated, with room for
 * 2 * len bytes) as two NUL-terminated words; returns the offset of the
 * second word, or 0 when s is not a contraction. */
static size_t expand_contraction(char *s, size_t len)
{
    const char *base = NULL, *second = NULL;
    size_t blen = 0;
    /* most words: no apostrophe where a contraction has one, and not
     * "cannot" (tested at once: a branch per word, seldom taken) */
    size_t a = len > 3 ? len - 3 : 0;
    if (!((len > 3) & ((s[a] == '\'') | (s[a + 1] == '\'') | (len == 6))))
        return 0;
    if (len > 3 && memcmp(s + len - 3, "n't", 3) == 0) {
        second = "not";
        if (strcmp(s, "won't") == 0)
            base = "will";
        else if (strcmp(s, "can't") == 0)
            base = "can";
        else if (strcmp(s, "shan't") == 0)
            base = "shall";
        else
            blen = len - 3;
    } else if (len == 6 && strcmp(s, "cannot") == 0) {
        base = "can";
        second = "not";
    } else if (len > 3 && memcmp(s + len - 3, "'ll", 3) == 0) {
        second = "will";
        blen = len - 3;
    } else if (len > 3 && memcmp(s + len - 3, "'re", 3) == 0) {
        second = "are";
        blen = len - 3;
    } else if (len > 3 && memcmp(s + len - 3, "'ve", 3) == 0) {
        second = "have";
        blen = len - 3;
    }
    if (!second)
        return 0;
    if (base) {
        blen = strlen(base);
        memcpy(s, base, blen);
    }
    s[blen] = '\0';
    memcpy(s + blen + 1, second, strlen(second) + 1);
    return blen + 1;
}

/* Appends a token. */
static void push(pd_cl_text *t, size_t *n, const char *s, size_t len, int kind)
{
    t->tok[*n].s = s;
    t->tok[*n].len = (uint32_t)len;
    t->tok[*n].wc = 0;
    t->tok[*n].kind = (uint8_t)kind;
    (*n)++;
}

/* Whether the n bytes at w are a French word elided before an apostrophe
 * ("l'", "d'", "n'", "qu'"): it is a word of its own, so that "n'utilisons"
 * is a negation ("ne") and a verb, and "d'accès" matches "droit d accès". */
static int elided(const char *w, size_t n)
{
    static const char *const words[] = {"l", "d",  "n",     "s",      "j",      "c",      "m",
                                        "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", NULL};
    for (const char *const *e = words; *e; e++)
        if (strlen(*e) == n && !memcmp(*e, w, n))
            return 1;
    return 0;
}

/* An ASCII letter's lower case, 0 for any other byte. */
#define AL1(c)                                                                                     \
    ((unsigned char)((c) >= 'a' && (c) <= 'z'   ? (c)                                              \
                     : (c) >= 'A' && (c) <= 'Z' ? (c) - 'A' + 'a'                                  \
                                                : 0))
#define AL4(c) AL1(c), AL1((c) + 1), AL1((c) + 2), AL1((c) + 3)
#define AL16(c) AL4(c), AL4((c) + 4), AL4((c) + 8), AL4((c) + 12)
#define AL64(c) AL16(c), AL16((c) + 16), AL16((c) + 32), AL16((c) + 48)
static const unsigned char ascii_lower_letter[256] = {AL64(0), AL64(64), AL64(128), AL64(192)};

/* Copies the word at p lower-cased to *w (not terminated), with a number's
 * separators and a word's inner apostrophes; *digits: 1 when it is a
 * number.  Returns the byte after it. */
/* The ASCII letters at q (up to end), copied lower-cased to o; the
 * number copied.  Sixteen bytes at a time where SSE2 is (x86-64): a word's
 * letters in a load, a compare and a store, not a loop and its
 * mispredicted exit per word; o has room for sixteen bytes more. */
static size_t copy_letters(char *o, const unsigned char *q, const unsigned char *end)
{
    size_t n = 0;
#if defined(PD_SIMD)
    while (end - q >= 16) {
        __m128i v = pd_simd_load(q);
        unsigned mask = pd_simd_mask(pd_simd_letters(v));
        _mm_storeu_si128((__m128i *)(void *)o, _mm_or_si128(v, _mm_set1_epi8(0x20)));
        if (mask != 0xFFFF) {
            unsigned k = (unsigned)__builtin_ctz(~mask);
            return n + k;
        }
        n += 16;
        o += 16;
        q += 16;
    }
#else
    (void)end;
#endif
    unsigned char l;
    while ((l = ascii_lower_letter[*q])) {
        *o++ = (char)l;
        q++;
        n++;
    }
    return n;
}

static const unsigned char *copy_word(char **w, const unsigned char *p, const unsigned char *end,
                                      int *digits)
{
    char *start = *w;
    int apos;
    *digits = 1;
    for (;;) {
        /* most bytes are ASCII letters: copied lower-cased, in a loop of
         * their own */
        const unsigned char *q = p;
        char *o = *w;
        size_t nl = copy_letters(o, q, end);
        o += nl;
        q += nl;
        if (q != p) {
            *digits = 0;
            *w = o;
            p = q;
        }
        if (is_word_byte(*p) && (*p < 0x80 || !utf8_punct(p, &apos))) {
            unsigned char c = *p++;
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if (c < '0' || c > '9')
                *digits = 0;
            *(*w)++ = (char)c;
            /* the capitals of Latin-1 (U+00C0-U+00DE but the sign U+00D7)
             * and the French Œ: "Übermittlung", "États-Unis" read as the
             * lexicon writes them; the same two bytes lower-cased */
            if (c == 0xC3 && *p >= 0x80 && *p <= 0x9E && *p != 0x97) {
                *(*w)++ = (char)(*p++ + 0x20);
            } else if (c == 0xC5 && *p == 0x92) {
                *(*w)++ = (char)0x93;
                p++;
            }
            continue;
        }
        /* a number goes on over a thousands separator ("1,000" reads
         * 1000) and a decimal point ("2.5") */
        if (*digits && *w > start && (*p == ',' || *p == '.') && p[1] >= '0' && p[1] <= '9') {
            if (*p == '.') {
                *(*w)++ = '.';
                p++;
                continue;
            }
            if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
                !(p[4] >= '0' && p[4] <= '9')) {
                p++;
                continue;
            }
        }
        /* an apostrophe inside a word: don't, children's */
        size_t ak = 0;
        if (*p == '\'')
            ak = 1;
        else if (utf8_punct(p, &apos) && apos)
            ak = 3;
        if (ak && is_word_byte(p[ak]) && !utf8_punct(p + ak, &apos)) {
            size_t n = (size_t)(*w - start);
            if (elided(start, n)) {
                /* "n'utilisons" reads "ne" "utilisons", "qu'avec" "que"
                 * "avec": the negation and "ne ... que" as rules know them */
                if ((n == 1 && start[0] == 'n') || (n >= 2 && !memcmp(*w - 2, "qu", 2)))
                    *(*w)++ = 'e';
                return p;
            }
            *(*w)++ = '\'';
            *digits = 0;
            p += ak;
            continue;
        }
        return p;
    }
}

/* The kind of punctuation c (p: the byte after it; t, n: the tokens so
 * far): PD_TK_WORD for '@' and '+', kept as words; -1 when it is none. */
static int punct_kind(unsigned char c, const unsigned char *p, const pd_cl_text *t, size_t n)
{
    if (c == ',')
        return PD_TK_COMMA;
    if (c == ';' || c == '!' || c == '?')
        return PD_TK_END;
    if (c == '.') {
        /* "example.com", "u.s.": a dot inside a word only separates */
        if (!(*p == '\0' || *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '"' ||
              *p == ')' || *p == '\''))
            return -1;
        if (n && t->tok[n - 1].kind == PD_TK_WORD && t->tok[n - 1].len == 1)
            return -1; /* "e.g. ", "U.S. " */
        return PD_TK_END;
    }
    /* kept as a word: email addresses and phone numbers are content */
    if (c == '@' || c == '+')
        return PD_TK_WORD;
    if (c == ':' || c == '(' || c == ')' || c == '\n')
        return PD_TK_PUNCT;
    return -1;
}

int pd_cl_tokenise(pd_cl_text *t, const char *text)
{
    memset(t, 0, sizeof(*t));
    size_t len = strlen(text);
    /* Worst case: every byte its own token, each word followed by a NUL;
     * and sixteen bytes for copy_letters to store past a word's end. */
    size_t ntok_max = len + 1;
    size_t off = 2 * len + 2 + 16;
    off += sizeof(void *) - off % sizeof(void *);
    t->mem = malloc(off + ntok_max * sizeof(pd_cl_tok));
    if (!t->mem)
        return pd_error_set(PD_ENOMEM, "out of memory while classifying a change");
    char *w = t->mem;
    t->tok = (pd_cl_tok *)(void *)(t->mem + off);

    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    size_t n = 0;
    while (*p) {
        if (*p == ' ') { /* the commonest byte between words: no token */
            p++;
            continue;
        }
        int apos;
        size_t k = *p >= 0x80 ? utf8_punct(p, &apos) : 0;
        if (k) {
            p += k;
            continue;
        }
        unsigned c0 = *p | 0x20;
        size_t ul = c0 == 'h' || c0 == 'w' ? url_len(p) : 0; /* "http", "www." */
        if (ul) {
            /* a link target is one word: its path must not read as prose */
            char *start = w;
            for (size_t j = 0; j < ul; j++) {
                unsigned char c = p[j];
                *w++ = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            }
            *w = '\0';
            push(t, &n, start, ul, PD_TK_WORD);
            w++;
            p += ul;
            continue;
        }
        if (is_word_byte(*p)) {
            char *start = w;
            int digits;
            p = copy_word(&w, p, end, &digits);
            *w = '\0';
            size_t second = expand_contraction(start, (size_t)(w - start));
            if (second) {
                /* "don't" -> "do" "not": two words, so both spellings compare equal */
                push(t, &n, start, strlen(start), PD_TK_WORD);
                push(t, &n, start + second, strlen(start + second), PD_TK_WORD);
                w = start + second + t->tok[n - 1].len + 1;
                continue;
            }
            push(t, &n, start, (size_t)(w - start), digits ? PD_TK_NUM : PD_TK_WORD);
            w++;
            continue;
        }
        unsigned char c = *p++;
        int kind = punct_kind(c, p, t, n);
        if (kind < 0)
            continue;
        if (kind == PD_TK_WORD) {
            w[0] = (char)c;
            w[1] = '\0';
            push(t, &n, w, 1, PD_TK_WORD);
            w += 2;
            continue;
        }
        if (n && t->tok[n - 1].kind != PD_TK_WORD && t->tok[n - 1].kind != PD_TK_NUM) {
            /* collapse runs of punctuation; a sentence end wins */
            if (kind == PD_TK_END)
                t->tok[n - 1].kind = PD_TK_END;
            continue;
        }
        push(t, &n, "", 0, kind);
    }
    t->n = n;
    return 0;
}

void pd_cl_text_dispose(pd_cl_text *t)
{
    free(t->mem);
    free(t->hit);
    memset(t, 0, sizeof(*t));
}

int pd_cl_same_words(const pd_cl_text *a, const pd_cl_text *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a->n && a->tok[i].kind != PD_TK_WORD && a->tok[i].kind != PD_TK_NUM)
            i++;
        while (j < b->n && b->tok[j].kind != PD_TK_WORD && b->tok[j].kind != PD_TK_NUM)
            j++;
        if (i == a->n || j == b->n)
            return i == a->n && j == b->n;
        if (a->tok[i].len != b->tok[j].len || memcmp(a->tok[i].s, b->tok[j].s, a->tok[i].len))
            return 0;
        i++;
        j++;
    }
}

int pd_cl_is_month(const char *w, size_t n)
{
    /* English, French and German month names, by first letter: most words
     * begin with none of these, the others meet a few names at most */
    static const char *const j[] = {"january", "june",   "july", "janvier", "juin",
                                    "juillet", "januar", "juni", "juli",    NULL};
    static const char *const f[] = {"february", "février", "februar", NULL};
    static const char *const m[] = {"march", "may", "mars", "mai", "märz", NULL};
    static const char *const a[] = {"april", "august", "avril", "août", NULL};
    static const char *const s[] = {"september", "septembre", NULL};
    static const char *const o[] = {"october", "octobre", "oktober", NULL};
    static const char *const nv[] = {"november", "novembre", NULL};
    static const char *const d[] = {"december", "décembre", "dezember", NULL};
    static const char *const *const by_letter[26] = {
        ['a' - 'a'] = a, ['d' - 'a'] = d, ['f' - 'a'] = f,  ['j' - 'a'] = j,
        ['m' - 'a'] = m, ['o' - 'a'] = o, ['n' - 'a'] = nv, ['s' - 'a'] = s};
    const char *const *names;
    if (n < 3 || n > 9 || w[0] < 'a' || w[0] > 'z' || !(names = by_letter[w[0] - 'a']))
        return 0;
    for (; *names; names++) /* the second byte first: few names share it */
        if ((*names)[1] == w[1] && !strncmp(*names, w, n) && (*names)[n] == '\0')
            return 1;
    return 0;
}

/* Whether the n bytes at w (ASCII case folded) are one of the lower-case
 * words of list (NULL-terminated); the first byte rules most out. */
static int in_list(const char *const *list, const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[0];
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    for (const char *const *p = list; *p; p++)
        if ((unsigned char)(*p)[0] == c && strlen(*p) == n && !strncasecmp(*p, w, n))
            return 1;
    return 0;
}

/* A list asked for every word of a clause (the function, negation and
 * weighty words of the flag model's edit, the choice words of
 * pd_cl_user_choice): its words chained by first byte, so that a word
 * meets only those that begin as it does (in_list walks them all, three
 * comparisons a word of the list).  Built once, on first use. */
enum { INDEXED_MAX = 64 };
typedef struct {
    const char *const *words;  /* NULL-terminated, lower-case */
    uint8_t head[256];         /* 1 + the first word of the byte's chain; 0: none */
    uint8_t next[INDEXED_MAX]; /* 1 + the next word of the same chain */
    uint8_t len[INDEXED_MAX];
} indexed_list;

static void index_list(indexed_list *l)
{
    size_t n = 0;
    while (l->words[n])
        n++;
    /* backwards: each chain in the list's order */
    for (size_t i = n; i-- > 0;) {
        unsigned char c = (unsigned char)l->words[i][0];
        size_t len = strlen(l->words[i]);
        l->len[i] = (uint8_t)(len < 255 ? len : 255);
        l->next[i] = l->head[c];
        l->head[c] = (uint8_t)(i + 1);
    }
}

/* in_list(l->words, w, n), by the index. */
static int in_indexed(const indexed_list *l, const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[0];
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    for (unsigned i = l->head[c]; i; i = l->next[i - 1])
        if (l->len[i - 1] == n && !strncasecmp(l->words[i - 1], w, n))
            return 1;
    return 0;
}

/* Whether a stem of l (a prefix, ASCII case folded) begins the n bytes at w. */
static int stem_indexed(const indexed_list *l, const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[0];
    if (c >= 'A' && c <= 'Z')
        c = (unsigned char)(c + 32);
    for (unsigned i = l->head[c]; i; i = l->next[i - 1])
        if (n >= l->len[i - 1] && !strncasecmp(w, l->words[i - 1], l->len[i - 1]))
            return 1;
    return 0;
}

static const char *const function_words[] = {
    "a",    "an",  "the", "of",  "to",   "in",   "on",   "at",  "by",  "for", "and", "or",
    "as",   "is",  "are", "be",  "this", "that", "it",   "its", "our", "we",  "us",  "with",
    "from", "le",  "la",  "les", "de",   "des",  "du",   "et",  "ou",  "un",  "une", "à",
    "der",  "die", "das", "und", "oder", "ein",  "eine", "zu",  "von", "den", "dem", NULL};
static const char *const negation_words[] = {"not",  "no",    "never",  "none",  "nor",  "without",
                                             "ne",   "pas",   "jamais", "aucun", "sans", "nicht",
                                             "kein", "keine", "keinen", "nie",   "ohne", NULL};
static const char *const weighty_words[] = {
    "may",       "will",    "must",      "shall",     "can",           "cannot",   "should",
    "might",     "would",   "could",     "one",       "two",           "three",    "four",
    "five",      "six",     "seven",     "eight",     "nine",          "ten",      "twelve",
    "thirty",    "sixty",   "ninety",    "hundred",   "reasonable",    "public",   "publicly",
    "private",   "default", "automated", "automatic", "automatically", "human",    "manual",
    "before",    "after",   "prior",     "optional",  "mandatory",     "required", "anonymous",
    "encrypted", NULL};
static const char *const choice_stems[] = {
    "option",    "facultati", "disabl", "désactiv", "deaktiv",   "choose",      "choice",
    "choix",     "contrôl",   "wahl",   "setting",  "paramètre", "einstellung", "unsubscrib",
    "désinscri", "abmeld",    "manage", "gérer",    "verwalt",   NULL};
static const char *const choice_words[] = {"opt",     "control",    "turn", "block",
                                           "bloquer", "blockieren", NULL};

#define FITS_INDEX(list)                                                                           \
    _Static_assert(sizeof(list) / sizeof(list[0]) - 1 <= INDEXED_MAX,                              \
                   #list " outgrew indexed_list: raise INDEXED_MAX")
FITS_INDEX(function_words);
FITS_INDEX(negation_words);
FITS_INDEX(weighty_words);
FITS_INDEX(choice_stems);
FITS_INDEX(choice_words);

static indexed_list function_index = {.words = function_words};
static indexed_list negation_index = {.words = negation_words};
static indexed_list weighty_index = {.words = weighty_words};
static indexed_list stem_index = {.words = choice_stems};
static indexed_list choice_index = {.words = choice_words};
static pthread_once_t indexes_once = PTHREAD_ONCE_INIT;
static int indexes_built; /* read without the once's call once it is set */

static void build_indexes(void)
{
    index_list(&function_index);
    index_list(&negation_index);
    index_list(&weighty_index);
    index_list(&stem_index);
    index_list(&choice_index);
    __atomic_store_n(&indexes_built, 1, __ATOMIC_RELEASE);
}

static void indexes(void)
{
    if (!__atomic_load_n(&indexes_built, __ATOMIC_ACQUIRE))
        pthread_once(&indexes_once, build_indexes);
}

int pd_cl_function_word(const char *w, size_t n)
{
    indexes();
    return in_indexed(&function_index, w, n);
}

const char *pd_cl_next_word(const char **p, size_t *n)
{
    const char *s = *p;
    while (*s && !pd_cl_word_byte((unsigned char)*s))
        s++;
    if (!*s)
        return NULL;
    const char *w = s;
    while (*s && pd_cl_word_byte((unsigned char)*s))
        s++;
    *n = (size_t)(s - w);
    *p = s;
    return w;
}

int pd_cl_negation_word(const char *w, size_t n)
{
    indexes();
    return in_indexed(&negation_index, w, n);
}

int pd_cl_weighty_word(const char *w, size_t n)
{
    indexes();
    return in_indexed(&weighty_index, w, n);
}

int pd_cl_exception_word(const char *w, size_t n)
{
    static const char *const xw[] = {"except", "excluding", "unless",      "only", "sauf",
                                     "hors",   "außer",     "ausgenommen", "nur",  NULL};
    return in_list(xw, w, n);
}

/* The currency and percent signs of text, counted in one pass: $, %, the
 * euro, the pound and the yen, each in its own byte of the result. */
static uint64_t sign_counts(const char *text)
{
    uint64_t n = 0;
    for (const char *p = text; (p = strpbrk(p, "$%\xc2\xe2")); p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '$')
            n += 1;
        else if (c == '%')
            n += 1ull << 8;
        else if (c == 0xe2 && (unsigned char)p[1] == 0x82 && (unsigned char)p[2] == 0xac)
            n += 1ull << 16; /* the euro */
        else if (c == 0xc2 && (unsigned char)p[1] == 0xa3)
            n += 1ull << 24; /* the pound */
        else if (c == 0xc2 && (unsigned char)p[1] == 0xa5)
            n += 1ull << 32; /* the yen */
    }
    return n;
}

int pd_cl_same_signs(const char *a, const char *b)
{
    return sign_counts(a) == sign_counts(b);
}

int pd_cl_choice_word(const char *w, size_t n)
{
    /* every word is asked (pd_cl_user_choice, the AI rule): a stem's or a
     * word's chain is that of its first byte (most words meet none) */
    indexes();
    return stem_indexed(&stem_index, w, n) || in_indexed(&choice_index, w, n);
}

int pd_cl_user_choice(const char *text)
{
    const char *prev = "", *w, *p = text;
    size_t prevn = 0, n;
    while ((w = pd_cl_next_word(&p, &n))) {
        if (pd_cl_choice_word(w, n))
            return 1;
        /* "you can", "you may", "vous pouvez", "Sie können" */
        if ((prevn == 3 && !strncasecmp(prev, "you", 3) &&
             ((n == 3 && !strncasecmp(w, "can", 3)) || (n == 3 && !strncasecmp(w, "may", 3)))) ||
            (prevn == 4 && !strncasecmp(prev, "vous", 4) && n == 6 &&
             !strncasecmp(w, "pouvez", 6)) ||
            (prevn == 3 && !strncasecmp(prev, "sie", 3) && n == 7 &&
             !strncmp(w, "k\xc3\xb6nnen", 7)))
            return 1;
        prev = w;
        prevn = n;
    }
    return 0;
}

int pd_cl_denial(const char *text)
{
    static const char *const stops[] = {
        "if",    "unless", "when", "where", "whether", "regardless", "notwithstanding",
        "but",   "except", "si",   "sauf",  "mais",    "lorsque",    "wenn",
        "falls", "ob",     "aber", "außer", NULL};
    /* the negations that deny a statement; not "no" (Portuguese and
     * Spanish "in the", "no longer", "no later than"), "without", "nor" */
    static const char *const deny[] = {"not",   "never",  "ne",     "nicht", "kein",
                                       "keine", "keinen", "jamais", NULL};
    /* "n't" after these: "don't", "haven’t" */
    static const char *const nt[] = {"do",   "does",  "did",   "wo",     "is",
                                     "are",  "ca",    "have",  "has",    "was",
                                     "were", "would", "could", "should", NULL};
    /* a negation of a word, not of the statement: "not only", "never before" */
    static const char *const scoped[] = {"only", "just", "all", "before", "longer", NULL};
    const char *prev = "", *w, *p = text;
    size_t prevn = 0, words = 0, n;
    int negated = 0;
    while (words < 6 && (w = pd_cl_next_word(&p, &n))) {
        words++;
        if (negated)
            return !in_list(scoped, w, n);
        if (in_list(stops, w, n))
            return 0; /* a condition or a contrast first: the rest may state a practice */
        /* after the first word ("No matter which ...", "Not all ...",
         * "Never before ..." open a statement): "not", "never", "cannot",
         * "don't" ("don" then "t"), "don’t" (one word), "ne", "nicht" */
        if (words > 1 && (in_list(deny, w, n) || (n == 6 && !strncasecmp(w, "cannot", 6)) ||
                          (n == 1 && (*w == 't' || *w == 'T') && prevn > 1 &&
                           prev[prevn - 1] == 'n' && in_list(nt, prev, prevn - 1)) ||
                          (n > 5 && !strncmp(w + n - 4, "\xe2\x80\x99t", 4) && w[n - 5] == 'n' &&
                           in_list(nt, w, n - 5))))
            negated = 1;
        prev = w;
        prevn = n;
    }
    return negated;
}
