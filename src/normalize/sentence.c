/*
 * sentence.c - the legal-text sentence splitter.
 *
 * A sentence ends at ".", "?", "!" or an ellipsis, after any closing quotes
 * and brackets, when a space and a plausible sentence start (an upper-case or
 * caseless letter, a digit, an opening quote or bracket) follow.  A period is
 * not an end after a known abbreviation, an initial, or a list marker at the
 * start of the sentence ("1.", "a.", "iv.").  Periods inside a token
 * ("1.5", "C.1", "www.example.com", "a@b.co") never end anything because no
 * space follows them.
 */
#include "normalize/sentence.h"

#include <string.h>
#include <utf8proc.h>

/* Decodes the code point at s[i] (i < len); *n gets its byte length.
 * Invalid bytes decode as themselves, one byte long. */
static int32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i > 4 ? 4 : len - i), &c);
    if (r <= 0) {
        *n = 1;
        return (unsigned char)s[i];
    }
    *n = (size_t)r;
    return c;
}

static int is_closer(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D ||
           c == 0xBB || c == 0x203A || c == '*' || c == '_';
}

static int is_opener(int32_t c)
{
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x2018 || c == 0x201C ||
           c == 0xAB || c == 0x2039 || c == 0xBF || c == 0xA1;
}

/* Upper-case or caseless letter, digit, or opening quote/bracket. */
static int plausible_start(int32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || is_opener(c);
    if (is_opener(c))
        return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
        return 1;
    default:
        return 0;
    }
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int word_eq(const char *w, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; i < n && lit[i]; i++)
        if (ascii_lower((unsigned char)w[i]) != lit[i])
            return 0;
    return i == n && !lit[i];
}

static int in_list(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (word_eq(w, n, *list))
            return 1;
    return 0;
}

/* Never a sentence end. */
static const char *const never_end[] = {
    "e.g",  "i.e",    "eg",   "ie",  "cf",   "vs",  "v",   "viz",  "mr",  "mrs", "ms",  "dr",
    "prof", "approx", "incl", "fig", "figs", "esp", "al",  "resp", "jr",  "sr",  "ca",  "jan",
    "feb",  "mar",    "apr",  "jun", "jul",  "aug", "sep", "sept", "oct", "nov", "dec", NULL};

/* Not an end before a number ("No. 5"); otherwise only before a word that
 * typically starts a sentence. */
static const char *const weak_end[] = {
    "etc", "inc", "ltd", "co", "corp", "llc", "plc", "no", "nos", "art", "arts", "sec", "secs",
    "st", "p", "pp", "para", "paras", "ch", "chap", "vol", "ref", "dept", "est", "a.m", "p.m",
    "u.s", "u.k", "u.s.a", "e.u", "u.n", "bros", "gmbh",
    /* legal citations: "Pub. L. No. 104-191", "Cal. Civ. Code Sec. 1798.140" */
    "pub", "cal", "civ", "stat", "reg", "regs", "govt", "intl", "ann", NULL};

static const char *const starters[] = {
    "a",         "an",      "all",   "any",     "as",      "at",     "but",          "by",
    "each",      "for",     "from",  "however", "if",      "in",     "it",           "its",
    "no",        "not",     "once",  "only",    "our",     "please", "since",        "some",
    "such",      "that",    "the",   "their",   "there",   "these",  "they",         "this",
    "those",     "to",      "under", "unless",  "upon",    "we",     "what",         "when",
    "where",     "whether", "which", "while",   "who",     "with",   "without",      "you",
    "your",      "he",      "she",   "users",   "further", "also",   "additionally", "moreover",
    "otherwise", "here",    "how",   "my",      "i",       NULL};

/* Lower-case roman numeral of at most 6 letters (i, iv, xii, ...). */
static int is_roman(const char *w, size_t n)
{
    if (n == 0 || n > 6)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("ivxlcdm", ascii_lower((unsigned char)w[i])))
            return 0;
    return 1;
}

static int all_digits(const char *w, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] < '0' || w[i] > '9')
            return 0;
    return 1;
}

/* Does the period at text[dot] (a single '.', not an ellipsis) end the
 * sentence that started at `start`, given that the next sentence would start
 * at text[next]? */
static int period_ends(const char *text, size_t len, size_t start, size_t dot, size_t next)
{
    size_t ws = dot, n;
    const char *w;
    int32_t nc;
    size_t nn;

    /* The word before the period: back to a space or an opening bracket/quote. */
    while (ws > start && text[ws - 1] != ' ' && text[ws - 1] != '(' && text[ws - 1] != '[' &&
           text[ws - 1] != '"')
        ws--;
    w = text + ws;
    n = dot - ws;
    if (!n)
        return 1;
    nc = cp_at(text, len, next, &nn);

    /* A list marker that opens the sentence: "1.", "a.", "iv.", "A.". */
    if (ws == start &&
        (all_digits(w, n) || (n == 1 && is_alpha((unsigned char)w[0])) || is_roman(w, n)))
        return 0;
    /* An initial ("J. Smith") or a single letter. */
    if (n == 1 && is_alpha((unsigned char)w[0]))
        return 0;
    if (in_list(w, n, never_end))
        return 0;
    /* Dotted abbreviations and the weak list: an end only before a typical
     * sentence opener. */
    if (in_list(w, n, weak_end) ||
        (memchr(w, '.', n) && is_alpha((unsigned char)w[n - 1]) && n >= 3 && w[n - 2] == '.')) {
        size_t e = next;
        if (nc >= '0' && nc <= '9')
            return 0;
        while (e < len && is_alpha((unsigned char)text[e]))
            e++;
        if (e == next || (e < len && (unsigned char)text[e] >= 0x80))
            return 0;
        return in_list(text + next, e - next, starters);
    }
    return 1;
}

/* A sentence may open with a lower-case name ("npm uses cookies."): after a
 * plain period (no closer) that ends a lower-case word of five letters or
 * more, which no abbreviation is, a lower-case word followed by a space
 * starts a sentence. */
static int lowercase_start(const char *text, size_t len, size_t start, size_t dot, size_t run_end,
                           size_t j, size_t k)
{
    size_t w = dot, e = k;
    if (text[dot] != '.' || run_end != dot + 1 || j != run_end)
        return 0;
    while (w > start && text[w - 1] >= 'a' && text[w - 1] <= 'z')
        w--;
    if (dot - w < 5 || (w > start && text[w - 1] != ' '))
        return 0;
    while (e < len && text[e] >= 'a' && text[e] <= 'z')
        e++;
    return e > k && e < len && text[e] == ' ';
}

int pd_sentence_split(const char *text, size_t len, pd_sentence_cb cb, void *payload)
{
    size_t start = 0, i = 0;
    int rc;

    while (start < len && text[start] == ' ')
        start++;
    i = start;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t j, k, n, run_end;
        int ellipsis = 0;
        int32_t cp;

        if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0xA6) {
            ellipsis = 1; /* U+2026 */
            run_end = i + 3;
        } else if (c == '.' || c == '?' || c == '!') {
            run_end = i + 1;
            while (run_end < len &&
                   (text[run_end] == '.' || text[run_end] == '?' || text[run_end] == '!'))
                run_end++;
            if (c == '.' && run_end - i >= 2)
                ellipsis = 1;
        } else {
            i++;
            continue;
        }
        /* Closing quotes and brackets belong to the sentence. */
        j = run_end;
        while (j < len) {
            cp = cp_at(text, len, j, &n);
            if (!is_closer(cp))
                break;
            j += n;
        }
        if (j >= len || text[j] != ' ') {
            i = run_end;
            continue;
        }
        k = j;
        while (k < len && text[k] == ' ')
            k++;
        if (k >= len) {
            i = k;
            continue;
        }
        cp = cp_at(text, len, k, &n);
        if (!plausible_start(cp) && !lowercase_start(text, len, start, i, run_end, j, k)) {
            i = run_end;
            continue;
        }
        /* "." right before the closers: the word before decides. */
        if (!ellipsis && text[run_end - 1] == '.' && run_end - i == 1 &&
            !period_ends(text, len, start, i, k)) {
            i = run_end;
            continue;
        }
        if ((rc = cb(text + start, j - start, payload)) != 0)
            return rc;
        start = k;
        i = k;
    }
    while (len > start && text[len - 1] == ' ')
        len--;
    if (len > start)
        return cb(text + start, len - start, payload);
    return 0;
}
