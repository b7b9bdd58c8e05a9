/* reword.c - whether a modified clause says the same thing in other words
 * (pd_cl_same_meaning, see internal.h), and whether a list in it gained or
 * lost an item (pd_cl_list_grew, at the end).
 *
 * Two sides that show different bare addresses (http://, https://, www.)
 * never say the same: where a reader is sent is content.  Otherwise both
 * sides are read into canonical words: Markdown link targets, bare
 * addresses and tags dropped ("[Choices](https://...)" is "Choices");
 * contractions expanded; number words as digits ("fourteen" is "14");
 * a few synonyms policies swap without changing what they say ("personal
 * data" / "personal information", "e.g." / "for example", "e-mail" /
 * "email").  The two word sequences are aligned (longest common
 * subsequence) and every run of words that differs must be one of:
 *   - function words only ("which are" -> "which is", "the" added);
 *   - a word misspelt or respelt ("licence" / "license", "cooie");
 *   - an item's marker or a heading's words ("Q." -> "R.", a bold
 *     lead-in "**Merger or sale.**" -> "**Business transfers.**");
 *   - a proper name for another in the middle of a sentence ("Verizon
 *     Media" -> "Yahoo", "IDB LLC" -> "IPinfo Inc."), not after "laws of"
 *     or "courts of" (a governing law is no name);
 *   - a company suffix ("Limited", "Inc.") or words repeated next to
 *     themselves ("fourteen (14)", "Tool providers. Tool providers.");
 * and the content words of the runs left over must be the same words
 * moved ("personal customer information" -> "customer personal
 * information").  A run that touches a negation, a modal or a quantifier
 * ("may", "only", "all") never passes.
 *
 * Pure: no I/O, no globals written. */
#include "classify/internal.h"
#include "util/error.h"
#include "util/utf8.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RW_WORD 32
#define RW_CELLS 40000 /* words x words compared at most; longer pairs are not */

typedef struct {
    char w[RW_WORD];
    const char *src; /* the word in the text, for the reason */
    size_t srclen;
    unsigned char cap;    /* begins with a capital letter */
    unsigned char start;  /* first word of a sentence or of the clause */
    unsigned char label;  /* heading, bold lead-in or an item's marker */
    unsigned char num;    /* begins with a digit */
    unsigned sentence;    /* its sentence's number in the clause */
    unsigned char fn, wt; /* a function word, a weighty word (set for the runs only) */
    uint32_t h;           /* hash of w (set by canonicalise) */
} rw_tok;

typedef struct {
    rw_tok *t;
    size_t n, cap;
} rw_seq;

static int rw_word_byte(unsigned char c)
{
    return pd_cl_word_byte(c);
}

/* Typographic punctuation that separates words (quotes, dashes, no-break
 * space, guillemets): its length in bytes, else 0. */
static size_t rw_punct(const unsigned char *p)
{
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2])
        return 3;
    if (p[0] == 0xC2 && (p[1] == 0xA0 || p[1] == 0xAB || p[1] == 0xBB))
        return 2;
    return 0;
}

static rw_tok *rw_push(rw_seq *s, const char *w, size_t n, const char *src, size_t srclen)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        rw_tok *t = realloc(s->t, cap * sizeof(*t));
        if (!t)
            return NULL;
        s->t = t;
        s->cap = cap;
    }
    rw_tok *t = &s->t[s->n++];
    memset(t, 0, sizeof(*t));
    if (n > RW_WORD - 1)
        n = RW_WORD - 1;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)w[k];
        t->w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    t->src = src;
    t->srclen = srclen;
    t->cap = (src[0] >= 'A' && src[0] <= 'Z') ||
             ((unsigned char)src[0] == 0xC3 && (unsigned char)src[1] >= 0x80 &&
              (unsigned char)src[1] <= 0x9E);
    t->num = src[0] >= '0' && src[0] <= '9';
    return t;
}

/* Where a leading heading or bold lead-in ends (its words are labels):
 * a Markdown heading is all label; "**Label.** text" up to the second
 * "**"; else the text itself. */
static const char *label_end(const char *text)
{
    const char *p = text;
    while (*p == ' ' || *p == '>' || *p == '-' || *p == '\t')
        p++;
    if (*p == '#')
        return p + strlen(p);
    if (p[0] == '*' && p[1] == '*') {
        const char *e = strstr(p + 2, "**");
        if (e && e - p <= 160)
            return e;
    }
    return text;
}

/* Whether a bare address (http://, https://, www.) begins at p: the
 * first byte rules out nearly every place before the comparisons. */
static int addr_start(const unsigned char *p)
{
    unsigned char c = *p | 0x20, c1 = p[1] | 0x20; /* p[0] is no NUL: p[1] is readable */
    if (c == 'h' && c1 == 't')
        return !strncasecmp((const char *)p, "http://", 7) ||
               !strncasecmp((const char *)p, "https://", 8);
    return c == 'w' && c1 == 'w' && !strncasecmp((const char *)p, "www.", 4);
}

/* Reads text[from, to) into words; 0 or PD_ENOMEM.  A window that does
 * not begin the text begins in words both sides share (see window()). */
static int rw_tokenise(rw_seq *s, const char *text, size_t from, size_t to)
{
    const unsigned char *p = (const unsigned char *)text + from;
    const unsigned char *end = (const unsigned char *)text + to;
    const char *lab = label_end(text);
    int start = 1;
    unsigned sentence = 0;
    while (p < end) {
        size_t skip = rw_punct(p);
        if (skip) {
            p += skip;
            continue;
        }
        if (p[0] == ']' && p[1] == '(') { /* a link's target */
            int depth = 0;
            for (p++; *p; p++) {
                depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
                if (!depth)
                    break;
            }
            if (*p)
                p++;
            continue;
        }
        if (addr_start(p) || (*p == '<' && !strncasecmp((const char *)p, "<br", 3))) {
            while (*p && *p != ' ' && *p != ')' && *p != ']' && *p != '>')
                p++;
            if (*p == '>')
                p++;
            continue;
        }
        if (*p == '&') {
            rw_tok *t = rw_push(s, "and", 3, (const char *)p, 1);
            if (!t)
                return PD_ENOMEM;
            t->start = (unsigned char)start;
            t->sentence = sentence;
            start = 0;
            p++;
            continue;
        }
        if (!rw_word_byte(*p)) {
            if ((*p == '.' || *p == '!' || *p == '?' || *p == ':' || *p == ';' || *p == '|' ||
                 *p == '\n') &&
                !start) {
                start = 1;
                sentence++;
            }
            p++;
            continue;
        }
        const unsigned char *b = p;
        char w[RW_WORD * 2];
        size_t n = 0;
        /* a word; dots and @ inside it stay ("e.g", "10.4", "a@b.com"),
         * dots dropped from the canonical form */
        while (p < end && !rw_punct(p) &&
               (rw_word_byte(*p) || ((*p == '.' || *p == '@') && rw_word_byte(p[1]) && p > b))) {
            if (*p != '.' && n < sizeof(w) - 1)
                w[n++] = (char)*p;
            p++;
        }
        size_t len = (size_t)(p - b);
        const char *extra = NULL;
        /* contractions: "don't" -> "do not", "we'll" -> "we will" */
        size_t apos = p[0] == '\'' ? 1 : (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) ? 3 : 0;
        if (apos && rw_word_byte(p[apos])) {
            const unsigned char *q = p + apos;
            size_t k = 0;
            while (rw_word_byte(q[k]))
                k++;
            if (k == 1 && (q[0] | 0x20) == 't' && n >= 2 && (w[n - 1] | 0x20) == 'n') {
                extra = "not"; /* "don't" stays itself: a negation's wording is the aligner's */
                n = n < sizeof(w) - 2 ? n : sizeof(w) - 2;
                w[n++] = 't';
            } else if (k == 2 && !strncasecmp((const char *)q, "ll", 2)) {
                extra = "will";
            } else if (k == 2 && !strncasecmp((const char *)q, "re", 2)) {
                extra = "are";
            } else if (k == 2 && !strncasecmp((const char *)q, "ve", 2)) {
                extra = "have";
            } else if (k == 1 && (q[0] | 0x20) == 'm') {
                extra = "am";
            } else if (k != 1 || ((q[0] | 0x20) != 's' && (q[0] | 0x20) != 'd')) {
                k = 0; /* an elision ("l'utilisateur"): the next word follows */
            }
            p = q + k;
        }
        rw_tok *t = rw_push(s, w, n, (const char *)b, len);
        if (!t)
            return PD_ENOMEM;
        t->start = (unsigned char)start;
        t->sentence = sentence;
        t->label = (const char *)b < lab;
        /* an item's marker: "(g)", or a short first word before "." or ")" */
        if (len <= 4 && ((b > (const unsigned char *)text && b[-1] == '(' && *p == ')') ||
                         (s->n == 1 && !from && (*p == '.' || *p == ')'))))
            t->label = 1;
        start = 0;
        if (extra && strcmp(extra, "not")) {
            rw_tok *e = rw_push(s, extra, strlen(extra), (const char *)b, len);
            if (!e)
                return PD_ENOMEM;
            e->label = t->label;
            e->sentence = sentence;
        }
    }
    return 0;
}

static int in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (w[0] == (*list)[0] && !strcmp(w, *list))
            return 1;
    return 0;
}

/* Articles, prepositions, pronouns, copulas, relatives (English, French,
 * German): an edit of only these rarely changes what a clause says. */
static const char *const function_words[] = {
    "a",     "an",    "the",   "of",    "to",    "in",     "on",   "at",   "by",    "for",   "and",
    "or",    "as",    "is",    "are",   "was",   "were",   "be",   "been", "being", "this",  "that",
    "these", "those", "it",    "its",   "our",   "we",     "us",   "with", "from",  "which", "who",
    "whom",  "whose", "there", "their", "they",  "them",   "your", "you",  "such",  "also",  "has",
    "have",  "had",   "into",  "about", "under", "within", "le",   "la",   "les",   "l",     "de",
    "des",   "du",    "d",     "et",    "ou",    "un",     "une",  "à",    "au",    "aux",   "en",
    "par",   "sur",   "dans",  "ce",    "cette", "ces",    "qui",  "que",  "qu",    "est",   "sont",
    "nous",  "vous",  "vos",   "votre", "notre", "nos",    "der",  "die",  "das",   "und",   "oder",
    "ein",   "eine",  "einen", "zu",    "von",   "den",    "dem",  "des",  "im",    "am",    "ist",
    "sind",  "wir",   "sie",   "ihre",  "ihr",   "unsere", NULL};

/* Words whose change always matters: negations, modals, quantifiers. */
static const char *const weighty_words[] = {
    "not",    "no",    "never", "none",  "nor",     "without", "unless",    "except",     "only",
    "may",    "might", "must",  "shall", "should",  "will",    "would",     "can",        "could",
    "all",    "any",   "some",  "every", "always",  "ne",      "pas",       "jamais",     "aucun",
    "aucune", "sans",  "sauf",  "peut",  "peuvent", "doit",    "seulement", "uniquement", "tous",
    "toutes", "nicht", "kein",  "keine", "nie",     "ohne",    "nur",       "muss",       "kann",
    "können", "alle",  "außer", NULL};

/* The two lists above are asked for every word of both clauses: their
 * words sit in open-addressing hash tables (at most a quarter full), built
 * once, so that a word is found or ruled out in a probe or two. */
#define SET_SLOTS 512

typedef struct {
    const char *slot[SET_SLOTS];
} word_set;

static word_set function_set, weighty_set;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

static size_t set_slot(const word_set *set, const char *w)
{
    uint32_t h = 2166136261u;
    for (const char *c = w; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    size_t j = h & (SET_SLOTS - 1);
    while (set->slot[j] && !(set->slot[j][0] == w[0] && !strcmp(set->slot[j], w)))
        j = (j + 1) & (SET_SLOTS - 1);
    return j;
}

static void set_fill(word_set *set, const char *const *list)
{
    for (; *list; list++)
        set->slot[set_slot(set, *list)] = *list;
}

static void sets_build(void)
{
    set_fill(&function_set, function_words);
    set_fill(&weighty_set, weighty_words);
}

/* (the sets are built: pd_cl_same_meaning asks for them once per call,
 * not once per word) */
static int in_set(const word_set *set, const char *w)
{
    return set->slot[set_slot(set, w)] != NULL;
}

static int function_word(const rw_tok *t)
{
    return in_set(&function_set, t->w);
}

static int weighty_word(const rw_tok *t)
{
    return in_set(&weighty_set, t->w);
}

/* ---- canonical words ---- */

/* The digits a number word stands for ("fourteen" is "14"), or NULL: the
 * number words of English, French and German by first letter, so that a
 * word meets a few of them at most. */
static const char *number_value(const char *w)
{
    typedef const char *const pairs[][2];
    static pairs a = {{"acht", "8"}, {NULL, NULL}};
    static pairs c = {{"cinq", "5"}, {NULL, NULL}};
    static pairs d = {{"deux", "2"}, {"dix", "10"},     {"douze", "12"},
                      {"drei", "3"}, {"dreißig", "30"}, {NULL, NULL}};
    static pairs e = {{"eight", "8"}, {"eleven", "11"}, {"eighteen", "18"}, {NULL, NULL}};
    static pairs f = {{"four", "4"},     {"five", "5"}, {"fourteen", "14"},
                      {"fifteen", "15"}, {"fünf", "5"}, {NULL, NULL}};
    static pairs h = {{"huit", "8"}, {NULL, NULL}};
    static pairs n = {{"nine", "9"}, {"ninety", "90"}, {"neuf", "9"}, {NULL, NULL}};
    static pairs o = {{"one", "1"}, {NULL, NULL}};
    static pairs q = {{"quatre", "4"}, {"quinze", "15"}, {NULL, NULL}};
    static pairs s = {{"six", "6"},  {"seven", "7"}, {"sixteen", "16"}, {"sixty", "60"},
                      {"sept", "7"}, {"sechs", "6"}, {"sieben", "7"},   {NULL, NULL}};
    static pairs t = {{"two", "2"},       {"three", "3"},   {"ten", "10"},    {"twelve", "12"},
                      {"thirteen", "13"}, {"twenty", "20"}, {"thirty", "30"}, {"trois", "3"},
                      {"trente", "30"},   {NULL, NULL}};
    static pairs v = {{"vier", "4"}, {NULL, NULL}};
    static pairs z = {{"zwei", "2"}, {"zehn", "10"}, {"zwölf", "12"}, {NULL, NULL}};
    static const char *const(*const by_letter[26])[2] = {
        ['a' - 'a'] = a, ['c' - 'a'] = c, ['d' - 'a'] = d, ['e' - 'a'] = e, ['f' - 'a'] = f,
        ['h' - 'a'] = h, ['n' - 'a'] = n, ['o' - 'a'] = o, ['q' - 'a'] = q, ['s' - 'a'] = s,
        ['t' - 'a'] = t, ['v' - 'a'] = v, ['z' - 'a'] = z};
    const char *const(*p)[2];
    if (w[0] < 'a' || w[0] > 'z' || !(p = by_letter[w[0] - 'a']))
        return NULL;
    for (; (*p)[0]; p++) /* the first byte matches: the second first */
        if (w[1] == (*p)[0][1] && !strcmp(w, (*p)[0]))
            return (*p)[1];
    return NULL;
}

/* Words and phrases policies swap without a change in meaning: each
 * "from" (space-separated words) reads as "to". */
static const char *const synonyms[][2] = {
    {"for example", "eg"},
    {"for instance", "eg"},
    {"e mail", "email"},
    {"web site", "website"},
    {"personally identifiable", "personal"},
    {"à caractère personnel", "personnelles"},
    {"data", "information"},
    {"info", "information"},
    {"données", "information"},
    {"informations", "information"},
    {"daten", "information"},
    {"informationen", "information"},
};

/* Replaces s's words by their canonical forms, in place. */
static void canonicalise(rw_seq *s)
{
    size_t w = 0;
    /* the first bytes synonyms begin with: a word that begins otherwise
     * (most words) meets none of them */
    unsigned char syn_first[256] = {0};
    for (size_t k = 0; k < sizeof(synonyms) / sizeof(synonyms[0]); k++)
        syn_first[(unsigned char)synonyms[k][0][0]] = 1;
    for (size_t i = 0; i < s->n;) {
        size_t used = 0;
        const char *to = NULL;
        for (size_t k = 0; syn_first[(unsigned char)s->t[i].w[0]] &&
                           k < sizeof(synonyms) / sizeof(synonyms[0]) && !used;
             k++) {
            const char *f = synonyms[k][0];
            size_t j = i;
            if (f[0] != s->t[i].w[0])
                continue;
            while (*f && j < s->n) {
                size_t l = strcspn(f, " ");
                if (strlen(s->t[j].w) != l || strncmp(s->t[j].w, f, l))
                    break;
                f += l;
                f += *f == ' ';
                j++;
            }
            if (!*f) {
                used = j - i;
                to = synonyms[k][1];
            }
        }
        if (!used && (to = number_value(s->t[i].w)))
            used = 1;
        /* a word read as itself stays where it is (most words) */
        rw_tok *t = &s->t[w];
        if (used) {
            rw_tok u = s->t[i];
            const rw_tok *last = &s->t[i + used - 1];
            snprintf(u.w, sizeof(u.w), "%s", to);
            u.srclen = (size_t)(last->src + last->srclen - u.src);
            u.num = to[0] >= '0' && to[0] <= '9';
            u.cap = 0;
            *t = u;
        } else if (w != i) {
            *t = s->t[i];
        }
        uint32_t h = 2166136261u;
        for (const char *c = t->w; *c; c++)
            h = (h ^ (unsigned char)*c) * 16777619u;
        t->h = h;
        w++;
        i += used ? used : 1;
    }
    s->n = w;
}

static int rw_function(const rw_tok *t)
{
    return t->fn;
}

static int rw_weighty(const rw_tok *t)
{
    return t->wt;
}

static int rw_suffix(const rw_tok *t)
{
    static const char *const w[] = {"limited", "ltd",  "inc", "llc", "gmbh", "sa",  "sas", "sarl",
                                    "plc",     "corp", "co",  "ag",  "bv",   "ulc", "lp",  NULL};
    return in_list(t->w, w);
}

static int rw_jurisdiction(const rw_tok *t)
{
    static const char *const w[] = {"law",          "laws",     "court",     "courts",
                                    "jurisdiction", "tribunal", "tribunaux", "droit",
                                    "recht",        "gericht",  NULL};
    return in_list(t->w, w);
}

/* One word misspelt or respelt as the other ("licence" / "license"), not
 * a negating prefix ("lawful" / "unlawful") and not another number. */
static int rw_respelt(const rw_tok *a, const rw_tok *b)
{
    size_t na = strlen(a->w), nb = strlen(b->w);
    const rw_tok *s = na <= nb ? a : b, *l = s == a ? b : a;
    size_t ns = strlen(s->w), nl = strlen(l->w);
    if (a->num || b->num)
        return 0;
    if (ns >= 4 && nl == ns + 1 && l->w[ns] == 's' && !strncmp(l->w, s->w, ns))
        return 1; /* a plural */
    if (ns < 5 || a->w[0] != b->w[0])
        return 0;
    for (const char *const *p = (const char *const[]){"un", "in", "im", "non", "dis", NULL}; *p;
         p++) {
        size_t k = strlen(*p);
        if (nl == ns + k && !strncmp(l->w, *p, k) && !strcmp(l->w + k, s->w))
            return 0;
    }
    return pd_cl_near_words(a->w, strlen(a->w), b->w, strlen(b->w)) <= 2;
}

/* A run of words that repeats the words right before or after it. */
static int rw_repeat(const rw_seq *s, size_t i1, size_t i2)
{
    size_t n = i2 - i1;
    int before = i1 >= n, after = i2 + n <= s->n;
    for (size_t k = 0; k < n && (before || after); k++) {
        before &= before && !strcmp(s->t[i1 + k].w, s->t[i1 - n + k].w);
        after &= after && !strcmp(s->t[i1 + k].w, s->t[i2 + k].w);
    }
    return n && (before || after);
}

typedef struct {
    const rw_seq *a, *b;
    size_t i1, i2, j1, j2; /* a[i1, i2) became b[j1, j2) */
} rw_run;

/* Words of a postal address ("Suite", "Avenue", "rue", "CEDEX"). */
static int rw_address_word(const rw_tok *t)
{
    static const char *const w[] = {
        "street", "st",      "road",  "rd",      "avenue",   "ave",      "boulevard", "blvd",
        "suite",  "ste",     "floor", "fl",      "building", "bldg",     "lane",      "square",
        "plaza",  "parkway", "pkwy",  "highway", "po",       "tower",    "rue",       "allée",
        "chemin", "quai",    "cedex", "bp",      "cs",       "étage",    "straße",    "strasse",
        "str",    "platz",   "weg",   "allee",   "gasse",    "postfach", NULL};
    /* German streets are one word ("Hauptstraße", "Musterweg") */
    static const char *const tail[] = {"straße", "strasse", "weg",  "platz", "allee",
                                       "gasse",  "damm",    "ufer", NULL};
    size_t n = strlen(t->w);
    for (const char *const *p = tail; t->cap && *p; p++) {
        size_t k = strlen(*p);
        if (n > k + 2 && !strcmp(t->w + n - k, *p))
            return 1;
    }
    return in_list(t->w, w);
}

/* Countries and regions: an address that moves to another country moves
 * a controller, which is content. */
static int rw_country_word(const rw_tok *t)
{
    static const char *const w[] = {
        "ireland",  "irlande",    "irland",      "usa",        "us",          "united",
        "kingdom",  "uk",         "america",     "germany",    "deutschland", "allemagne",
        "france",   "frankreich", "netherlands", "luxembourg", "luxemburg",   "belgium",
        "belgique", "spain",      "italy",       "sweden",     "switzerland", "suisse",
        "schweiz",  "austria",    "österreich",  "poland",     "canada",      "singapore",
        "china",    "india",      "japan",       "australia",  "brazil",      "israel",
        "cyprus",   "malta",      "estonia",     "denmark",    "norway",      "finland",
        "portugal", "greece",     "czech",       "hungary",    "romania",     "russia",
        "korea",    "eu",         "europe",      "europa",     NULL};
    return in_list(t->w, w);
}

/* An e-mail address that the other side's run glued to a number, or
 * the reverse ("94103 [copyright@reddit.com]" -> "94107[copyright@...]"
 * read without its link is "94107copyright@reddit.com"). */
static int rw_glued(const rw_tok *t, const rw_seq *o, size_t o1, size_t o2)
{
    size_t n = strlen(t->w);
    if (!strchr(t->w, '@'))
        return 0;
    for (size_t k = o1; k < o2; k++) {
        size_t m = strlen(o->t[k].w);
        if (strchr(o->t[k].w, '@') && ((m > n && !strcmp(o->t[k].w + m - n, t->w)) ||
                                       (n > m && !strcmp(t->w + n - m, o->t[k].w))))
            return 1;
    }
    return 0;
}

/* Units a number counts in: periods, money, sizes. */
static int rw_unit_word(const rw_tok *t)
{
    static const char *const w[] = {
        "day",     "days",   "week",    "weeks",    "month",   "months", "year",   "years",
        "hour",    "hours",  "minute",  "minutes",  "tag",     "tage",   "tagen",  "woche",
        "wochen",  "monat",  "monate",  "monaten",  "jahr",    "jahre",  "jahren", "stunden",
        "jour",    "jours",  "semaine", "semaines", "mois",    "ans",    "année",  "années",
        "heure",   "heures", "usd",     "eur",      "gbp",     "euro",   "euros",  "dollar",
        "dollars", "gb",     "mb",      "tb",       "percent", "cent",   NULL};
    return in_list(t->w, w);
}

/* A word an address is made of: a number, a name, an address word. */
static int rw_address_like(const rw_tok *t)
{
    return t->num || (t->cap && !t->start) || rw_address_word(t);
}

/* A run that changes a postal address and nothing else: each of its words
 * a number, a name or an address word ("1455 Market" -> "303 2nd", "44/50
 * Avenue du Capitaine Glarner - 93585 Saint-Ouen CEDEX" -> "118 rue de
 * Javel - 75015 Paris"), with a number or an address word in it and an
 * address word in it or within six words of it, and no country. */
static int rw_address(const rw_run *r)
{
    int number = 0, near = 0, own = 0;
    if (r->i1 == r->i2 || r->j1 == r->j2)
        return 0; /* words only added or removed: "..., and Google LLC, 1600 ..." */
    /* a number moves with every address this reads (a house, a suite, a
     * postcode): a run without one is left to the other kinds at once */
    int digits = 0;
    for (size_t i = r->i1; i < r->i2 && !digits; i++)
        digits = r->a->t[i].num;
    for (size_t j = r->j1; j < r->j2 && !digits; j++)
        digits = r->b->t[j].num;
    if (!digits)
        return 0;
    for (int side = 0; side < 2; side++) {
        const rw_seq *s = side ? r->b : r->a;
        size_t i1 = side ? r->j1 : r->i1, i2 = side ? r->j2 : r->i2;
        /* a quantity ("3 Years", "30 Tage", "10 USD") next to the run */
        for (size_t k = i1 > 2 ? i1 - 2 : 0; k < i2 + 2 && k < s->n; k++)
            if (rw_unit_word(&s->t[k]))
                return 0;
        for (size_t i = i1; i < i2; i++) {
            const rw_tok *t = &s->t[i];
            if (rw_country_word(t) || rw_suffix(t) || !strcmp(t->w, "and") || !strcmp(t->w, "or") ||
                !strcmp(t->w, "und") || !strcmp(t->w, "et"))
                return 0; /* another country, company or party */
            if (rw_address_word(t)) {
                own = near = number = 1;
                continue;
            }
            number |= t->num;
            if (!t->num && !t->cap && !rw_function(t) &&
                !rw_glued(t, side ? r->a : r->b, side ? r->i1 : r->j1, side ? r->i2 : r->j2))
                return 0;
        }
        /* a run with no address word sits among the address's words:
         * "Suite 304", "CA 94103", not "within 30 days" */
        if (i1 < i2 && !own && !(i1 && rw_address_like(&s->t[i1 - 1])) &&
            !(i2 < s->n && rw_address_like(&s->t[i2])))
            return 0;
        for (size_t k = 1; k <= 6 && !near; k++)
            near = (i1 >= k && rw_address_word(&s->t[i1 - k])) ||
                   (i2 + k - 1 < s->n && rw_address_word(&s->t[i2 + k - 1]));
    }
    return number && near;
}

/* What kind of wording change a run is, or NULL when it may change the
 * meaning (its content words then wait for the moved-words check). */
static const char *rw_judge(const rw_run *r)
{
    const rw_tok *ra[8], *rb[8];
    size_t na = 0, nb = 0, all_label = 1, names = 1;
    for (size_t i = r->i1; i < r->i2; i++) {
        const rw_tok *t = &r->a->t[i];
        if (rw_weighty(t))
            return NULL;
        all_label &= t->label;
        if (!rw_function(t)) {
            names &= t->cap && !t->start;
            if (na < 8)
                ra[na] = t;
            na++;
        }
    }
    for (size_t j = r->j1; j < r->j2; j++) {
        const rw_tok *t = &r->b->t[j];
        if (rw_weighty(t))
            return NULL;
        all_label &= t->label;
        if (!rw_function(t)) {
            names &= t->cap && !t->start;
            if (nb < 8)
                rb[nb] = t;
            nb++;
        }
    }
    if (!na && !nb)
        return "wording";
    if (all_label)
        return "heading";
    if ((r->i1 == r->i2 && rw_repeat(r->b, r->j1, r->j2)) ||
        (r->j1 == r->j2 && rw_repeat(r->a, r->i1, r->i2)))
        return "repetition";
    int suffix = 1;
    for (size_t k = 0; k < na && k < 8; k++)
        suffix &= rw_suffix(ra[k]);
    for (size_t k = 0; k < nb && k < 8; k++)
        suffix &= rw_suffix(rb[k]);
    if (suffix && (!na || !nb))
        return "company name";
    if (na == nb && na <= 8) {
        size_t k = 0;
        while (k < na && rw_respelt(ra[k], rb[k]))
            k++;
        if (k == na)
            return "spelling";
    }
    if (rw_address(r))
        return "address";
    if (names && na && nb && na <= 6 && nb <= 6) {
        /* "the laws of the Netherlands" -> "... of the United Kingdom" is
         * a new governing law, no rename */
        for (size_t i = r->i1, seen = 0; i > 0 && seen < 3; i--) {
            const rw_tok *t = &r->a->t[i - 1];
            if (rw_jurisdiction(t))
                return NULL;
            seen += !function_word(t);
        }
        return "name";
    }
    return NULL;
}

static int cmp_word(const void *x, const void *y)
{
    return strcmp((*(const rw_tok *const *)x)->w, (*(const rw_tok *const *)y)->w);
}

/* The content words of the runs no kind explained are the same words,
 * moved: 1, else 0, or PD_ENOMEM. */
static int rw_moved(const rw_run *runs, size_t nruns, const rw_seq *a, const rw_seq *b)
{
    size_t na = 0, nb = 0;
    for (size_t k = 0; k < nruns; k++) {
        na += runs[k].i2 - runs[k].i1;
        nb += runs[k].j2 - runs[k].j1;
    }
    const rw_tok **wa = malloc((na + 1) * sizeof(*wa)), **wb = malloc((nb + 1) * sizeof(*wb));
    int same = 0;
    if (!wa || !wb) {
        free(wa);
        free(wb);
        return PD_ENOMEM;
    }
    na = nb = 0;
    for (size_t k = 0; k < nruns; k++) {
        for (size_t i = runs[k].i1; i < runs[k].i2; i++)
            if (!rw_function(&a->t[i]))
                wa[na++] = &a->t[i];
        for (size_t j = runs[k].j1; j < runs[k].j2; j++)
            if (!rw_function(&b->t[j]))
                wb[nb++] = &b->t[j];
    }
    /* within one sentence: sentences that swap places are the aligner's */
    int one_sentence = 1;
    for (size_t k = 1; k < na; k++)
        one_sentence &= wa[k]->sentence == wa[0]->sentence;
    for (size_t k = 1; k < nb; k++)
        one_sentence &= wb[k]->sentence == wb[0]->sentence;
    if (na == nb && one_sentence) {
        qsort(wa, na, sizeof(*wa), cmp_word);
        qsort(wb, nb, sizeof(*wb), cmp_word);
        same = 1;
        for (size_t k = 0; k < na && same; k++)
            same = !strcmp(wa[k]->w, wb[k]->w);
    }
    free(wa);
    free(wb);
    return same;
}

/* The windows of a and b to compare: their common start and end left
 * out but for some words of context on each side (a name's "laws of", a
 * sentence's start), each boundary on a space.  A long clause with a word
 * changed is then read around that word only. */
static void window(const char *a, size_t la, const char *b, size_t lb, size_t *from, size_t *ta,
                   size_t *tb)
{
    enum { CONTEXT = 64 };
    size_t pre = 0, suf = 0;
    while (pre < la && pre < lb && a[pre] == b[pre])
        pre++;
    while (suf < la - pre && suf < lb - pre && a[la - 1 - suf] == b[lb - 1 - suf])
        suf++;
    pre = pre > CONTEXT ? pre - CONTEXT : 0;
    while (pre && a[pre - 1] != ' ')
        pre--;
    suf = suf > CONTEXT ? suf - CONTEXT : 0;
    while (suf && a[la - suf] != ' ')
        suf--;
    *from = pre;
    *ta = la - suf;
    *tb = lb - suf;
}

static int rw_eq(const rw_tok *x, const rw_tok *y)
{
    return x->h == y->h && !strcmp(x->w, y->w);
}

/* The runs where a and b differ (longest common subsequence of their
 * words, after their common start and end); *nruns 0 when they are the
 * same words.  0, 1 when the pair is too long to compare, or PD_ENOMEM. */
static int rw_runs(rw_run **out, size_t *nruns, const rw_seq *a, const rw_seq *b)
{
    size_t p = 0, sa = a->n, sb = b->n;
    *out = NULL;
    *nruns = 0;
    while (p < sa && p < sb && rw_eq(&a->t[p], &b->t[p]))
        p++;
    while (sa > p && sb > p && rw_eq(&a->t[sa - 1], &b->t[sb - 1]))
        sa--, sb--;
    size_t n = sa - p, m = sb - p;
    if (n * m > RW_CELLS)
        return 1;
    uint16_t *L = calloc((n + 1) * (m + 1), sizeof(*L));
    rw_run *runs = malloc((n + m + 1) * sizeof(*runs));
    if (!L || !runs) {
        free(L);
        free(runs);
        return PD_ENOMEM;
    }
#define AT(i, j) L[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            AT(i, j) = rw_eq(&a->t[p + i], &b->t[p + j])
                           ? (uint16_t)(AT(i + 1, j + 1) + 1)
                           : (AT(i + 1, j) >= AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1));
    size_t i = 0, j = 0, k = 0;
    while (i < n || j < m) {
        if (i < n && j < m && rw_eq(&a->t[p + i], &b->t[p + j])) {
            i++, j++;
            continue;
        }
        rw_run r = {a, b, p + i, p + i, p + j, p + j};
        while ((i < n || j < m) && !(i < n && j < m && rw_eq(&a->t[p + i], &b->t[p + j]))) {
            if (j >= m || (i < n && AT(i + 1, j) >= AT(i, j + 1)))
                i++;
            else
                j++;
        }
        r.i2 = p + i;
        r.j2 = p + j;
        runs[k++] = r;
    }
#undef AT
    free(L);
    *out = runs;
    *nruns = k;
    return 0;
}

/* "from" -> "to" of a run, quoted from the texts, into why. */
static void rw_quote(char *why, size_t cap, const char *kind, const rw_run *r)
{
    const rw_tok *a0 = r->i1 < r->i2 ? &r->a->t[r->i1] : NULL;
    const rw_tok *a1 = a0 ? &r->a->t[r->i2 - 1] : NULL;
    const rw_tok *b0 = r->j1 < r->j2 ? &r->b->t[r->j1] : NULL;
    const rw_tok *b1 = b0 ? &r->b->t[r->j2 - 1] : NULL;
    int la = a0 ? (int)(a1->src + a1->srclen - a0->src) : 0;
    int lb = b0 ? (int)(b1->src + b1->srclen - b0->src) : 0;
    snprintf(why, cap, "same meaning (%s): \"%.*s\" -> \"%.*s\"", kind, la > 50 ? 50 : la,
             a0 ? a0->src : "", lb > 50 ? 50 : lb, b0 ? b0->src : "");
}

/* The next bare address (http://, https://, www.) in *p, not a Markdown
 * link's target, into *at and its length; 0 when there is none. */
static size_t next_address(const char **p, const char **at)
{
    /* an address begins with 'h' or 'w': the bytes before one are skipped */
    for (const char *s = *p; (s = strpbrk(s, "hHwW")); s++) {
        if (!addr_start((const unsigned char *)s) ||
            (s > *p && (s[-1] == '(' || isalnum((unsigned char)s[-1]) || s[-1] == '/')))
            continue;
        size_t n = strcspn(s, " \t\n)]>\"");
        while (n && strchr(".,;:", s[n - 1])) /* the sentence's own punctuation */
            n--;
        *at = s;
        *p = s + (n ? n : 1);
        return n;
    }
    *p += strlen(*p);
    return 0;
}

/* See internal.h. */
int pd_cl_addresses_differ(const char *a, const char *b)
{
    const char *x, *y;
    for (;;) {
        size_t n = next_address(&a, &x), m = next_address(&b, &y);
        if (n != m || (n && strncasecmp(x, y, n)))
            return 1;
        if (!n)
            return 0;
    }
}

/* Where the name of an e-mail address that ends at out[n] starts. */
static size_t name_start(const char *out, size_t n)
{
    while (n && (isalnum((unsigned char)out[n - 1]) || strchr("._%+-", out[n - 1])))
        n--;
    return n;
}

/* text into out (cap bytes) with each "[email protected]" (the text a
 * capture of a page shows for an e-mail address its site hides from
 * robots) and each e-mail address as one byte 1, the sentence's stop right
 * after one dropped ("write to a@b.com." as "write to [email protected]"),
 * and white space as one space; the number of such slots, -1 when out is
 * too small.  *masked counts the first kind. */
static int mask_emails(const char *text, char *out, size_t cap, int *masked)
{
    static const char lit[] = "[email protected]";
    size_t n = 0;
    int count = 0;
    for (const char *p = text; *p;) {
        size_t skip = 0;
        if (*p == '[' && !strncmp(p, lit, sizeof(lit) - 1)) {
            skip = sizeof(lit) - 1;
            (*masked)++;
            n = name_start(out, n); /* "support[email protected]": the part left visible */
        } else if (*p == '@') {
            size_t k = name_start(out, n); /* the address's name, already copied */
            const char *d = p + 1;
            while (isalnum((unsigned char)*d) || *d == '.' || *d == '-')
                d++;
            while (d > p + 1 && (d[-1] == '.' || d[-1] == '-'))
                d--; /* "write to a@b.com." ends the sentence */
            if (k < n && memchr(p + 1, '.', (size_t)(d - p - 1))) {
                n = k;
                skip = (size_t)(d - p);
            }
        }
        if (n + 1 >= cap)
            return -1;
        if (skip) {
            out[n++] = 1;
            count++;
            p += skip;
            if (*p && strchr(".,;:", *p) && (!p[1] || isspace((unsigned char)p[1])))
                p++;
        } else if (isspace((unsigned char)*p)) {
            if (n && out[n - 1] != ' ')
                out[n++] = ' ';
            p++;
        } else {
            out[n++] = *p++;
        }
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return count;
}

/* 1 when the two texts differ only in that e-mail addresses one shows
 * the other shows as "[email protected]", address for address. */
static int emails_masked(const char *old_text, const char *new_text)
{
    char a[2048], b[2048];
    int masked = 0;
    if (!strstr(old_text, "[email protected]") && !strstr(new_text, "[email protected]"))
        return 0;
    int na = mask_emails(old_text, a, sizeof(a), &masked);
    int nb = mask_emails(new_text, b, sizeof(b), &masked);
    return na > 0 && na == nb && masked && !strcmp(a, b);
}

int pd_cl_same_meaning(const char *old_text, const char *new_text, char *why, size_t cap)
{
    if (emails_masked(old_text, new_text)) {
        snprintf(why, cap,
                 "same meaning: an e-mail address shown as \"[email protected]\" "
                 "(how a capture shows an address its site hides from robots)");
        return 1;
    }
    rw_seq a = {NULL, 0, 0}, b = {NULL, 0, 0};
    rw_run *runs = NULL;
    size_t nruns = 0, left = 0;
    size_t from, ta, tb;
    int address = 0, renamed = 0; /* a run was a postal address, a name */
    if (pd_cl_addresses_differ(old_text, new_text))
        return 0;
    pthread_once(&sets_once, sets_build);
    window(old_text, strlen(old_text), new_text, strlen(new_text), &from, &ta, &tb);
    int rc = rw_tokenise(&a, old_text, from, ta), same = 0;
    rc = rc ? rc : rw_tokenise(&b, new_text, from, tb);
    if (!rc) {
        canonicalise(&a);
        canonicalise(&b);
        rc = rw_runs(&runs, &nruns, &a, &b);
    }
    if (rc == 1) {
        rc = 0; /* too long to compare: not the same */
    } else if (!rc && a.n && b.n) {
        const char *first = NULL;
        same = 1;
        /* only the words of the runs are judged: their kinds, once */
        for (size_t k = 0; k < nruns; k++) {
            for (size_t i = runs[k].i1; i < runs[k].i2; i++) {
                a.t[i].fn = (unsigned char)function_word(&a.t[i]);
                a.t[i].wt = (unsigned char)weighty_word(&a.t[i]);
            }
            for (size_t j = runs[k].j1; j < runs[k].j2; j++) {
                b.t[j].fn = (unsigned char)function_word(&b.t[j]);
                b.t[j].wt = (unsigned char)weighty_word(&b.t[j]);
            }
        }
        /* the runs explained drop out; the others are judged together */
        for (size_t k = 0; k < nruns && same; k++) {
            const char *kind = rw_judge(&runs[k]);
            if (!kind) {
                for (size_t i = runs[k].i1; i < runs[k].i2 && same; i++)
                    same = !rw_weighty(&a.t[i]);
                for (size_t j = runs[k].j1; j < runs[k].j2 && same; j++)
                    same = !rw_weighty(&b.t[j]);
                runs[left++] = runs[k];
                continue;
            }
            address |= !strcmp(kind, "address");
            renamed |= !strcmp(kind, "name") || !strcmp(kind, "company name");
            if (!first || (!strcmp(first, "wording") && strcmp(kind, "wording"))) {
                first = kind;
                rw_quote(why, cap, kind, &runs[k]);
            }
        }
        if (same && left) {
            int m = rw_moved(runs, left, &a, &b);
            if (m < 0)
                rc = m;
            same = m > 0;
            if (same)
                rw_quote(why, cap, "words moved", &runs[0]);
        } else if (same && !nruns) {
            snprintf(why, cap, "same meaning: only markup, links or punctuation changed");
        }
    }
    free(runs);
    free(a.t);
    free(b.t);
    /* a currency or percent sign that came or went is content */
    if (!rc && same && !pd_cl_same_signs(old_text, new_text))
        same = 0;
    /* a company renamed at a new address is another company */
    if (same && address && renamed)
        same = 0;
    if (same && address)
        same = PD_CL_SAME_ADDRESS;
    return rc ? rc : same;
}

/* ---- an item added to a list ---- */

#define LIST_ITEMS 512    /* items per side at most: a longer list is not judged */
#define LIST_ITEM_WORDS 6 /* an item of more words is a sentence's part, not an item */
#define LIST_SEP '\n'     /* what list_text makes of every separator */
/* a longer side is not judged (each word of an item is looked for in it) */
#define LIST_BYTES 16384

typedef struct {
    const char *s;
    size_t n;
} list_item;

/* Whether the n bytes at w are one of words (ASCII case aside). */
static int word_in(const char *const *words, const char *w, size_t n)
{
    for (const char *const *k = words; *k; k++)
        if (strlen(*k) == n && !strncasecmp(*k, w, n))
            return 1;
    return 0;
}

/* The words that join sentences rather than name things ("However, ...",
 * "In addition, ...", "For example, ...", "etc.", "above", a company's
 * suffix): an item made of them (and of function words) adds nothing. */
static const char *const connectives[] = {
    "however",   "moreover", "furthermore", "additionally",   "addition", "example", "instance",
    "therefore", "thus",     "also",        "cependant",      "exemple",  "ainsi",   "outre",
    "zudem",     "außerdem", "beispiel",    "beispielsweise", "etc",      "above",   "below",
    "inc",       "ltd",      "llc",         "gmbh",           NULL};

/* The words that open a phrase of circumstance, not a thing listed ("To
 * create an account, ...", "(or, in the United States, ...)", "By using
 * the app, ..."): an item they open is no item. */
static const char *const phrase_openers[] = {
    "in",     "on",      "at",     "to",   "by",    "from",   "with",   "if",
    "when",   "where",   "while",  "as",   "after", "before", "unless", "under",
    "within", "through", "during", "upon", "en",    "pour",   "par",    "dans",
    "si",     "lorsque", "afin",   "wenn", "um",    "bei",    "für",    NULL};

/* The words that join the last item to the others: the item is what follows. */
static const char *const joiners[] = {"and", "or", "et", "ou", "und", "oder", NULL};

/* The length of the HTML line break at t ("<br>", "<br/>", "<br />"), or 0. */
static size_t line_break(const char *t)
{
    static const char *const tags[] = {"<br>", "<br/>", "<br />"};
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
        if (!strncasecmp(t, tags[i], strlen(tags[i])))
            return strlen(tags[i]);
    return 0;
}

/* t with its Markdown link targets "](...)" and the marks
 * '[', ']', '*' dropped, typographic quotes and no-break spaces as spaces, and every separator of
 * list items (',', ';', '|', '·', "<br>", an escaped bullet "\-") made LIST_SEP; NULL: no memory.
 */
static char *list_text(const char *t)
{
    size_t len = strlen(t), k = 0, brk;
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)t[i];
        if (c == ']' && t[i + 1] == '(') {
            size_t close = strcspn(t + i, ")");
            i += close + (t[i + close] ? 1 : 0);
        } else if (c == '[' || c == ']' || c == '*') {
            i++;
        } else if (c == ',' || c == ';' || c == '|' || c == '\n') {
            out[k++] = LIST_SEP;
            i++;
        } else if (c == 0xC2 && (unsigned char)t[i + 1] == 0xB7) {
            out[k++] = LIST_SEP;
            i += 2;
        } else if (c == 0xC2 && (unsigned char)t[i + 1] == 0xA0) {
            out[k++] = ' '; /* a no-break space: no word's byte */
            i += 2;
        } else if (c == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
                   (unsigned char)t[i + 2] >= 0x98 && (unsigned char)t[i + 2] <= 0x9D) {
            out[k++] = ' '; /* a typographic quote: "“Account Data”" is "Account Data" */
            i += 3;
        } else if (c == '\\' && t[i + 1] == '-') {
            out[k++] = LIST_SEP;
            i += 2;
        } else if (c == '<' && (brk = line_break(t + i)) != 0) {
            out[k++] = LIST_SEP;
            i += brk;
        } else {
            out[k++] = (char)c;
            i++;
        }
    }
    out[k] = '\0';
    return out;
}

/* The items of s (list_text's), each trimmed of spaces and of the
 * sentence's marks around it, those with a word only; at most LIST_ITEMS
 * (*n = LIST_ITEMS + 1: more). */
static void list_items(const char *s, list_item *item, size_t *n)
{
    *n = 0;
    for (;;) {
        size_t len = strcspn(s, "\n");
        const char *a = s, *b = s + len;
        while (a < b && strchr(" \t.:()", *a))
            a++;
        while (b > a && strchr(" \t.:()", b[-1]))
            b--;
        int word = 0;
        for (const char *p = a; p < b && !word; p++)
            word = pd_cl_word_byte((unsigned char)*p);
        if (word) {
            if (*n == LIST_ITEMS) {
                (*n)++;
                return;
            }
            item[(*n)++] = (list_item){a, (size_t)(b - a)};
        }
        if (!s[len])
            return;
        s += len + 1;
    }
}

/* Whether the whole word w[0, n) is in s (ASCII case aside). */
static int has_word(const char *s, const char *w, size_t n)
{
    for (const char *p = s; *p; p++)
        if ((p == s || !pd_cl_word_byte((unsigned char)p[-1])) && !strncasecmp(p, w, n) &&
            !pd_cl_word_byte((unsigned char)p[n]))
            return 1;
    return 0;
}

/* Whether item names something old does not: a word of three bytes or
 * more, no connective, absent from old; an item with a digit (a postal
 * code, a street number), of more than LIST_ITEM_WORDS words or opened
 * by a phrase of circumstance (after "and" or "or") does not count. */
static int new_item(const list_item *it, const char *old)
{
    size_t words = 0;
    int fresh = 0, first = 1;
    for (size_t i = 0; i < it->n; i++)
        if (it->s[i] >= '0' && it->s[i] <= '9')
            return 0;
    for (size_t i = 0; i < it->n;) {
        if (!pd_cl_word_byte((unsigned char)it->s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < it->n && pd_cl_word_byte((unsigned char)it->s[j]))
            j++;
        if (++words > LIST_ITEM_WORDS)
            return 0;
        if (first && word_in(joiners, it->s + i, j - i)) {
            i = j; /* "and after-birth moments" */
            continue;
        }
        if (first && word_in(phrase_openers, it->s + i, j - i))
            return 0;
        first = 0;
        if (j - i >= 3 && !word_in(connectives, it->s + i, j - i) &&
            !pd_cl_function_word(it->s + i, j - i) && !has_word(old, it->s + i, j - i))
            fresh = 1;
        i = j;
    }
    return fresh;
}

int pd_cl_list_grew(const char *old_text, const char *new_text, char *item, size_t cap)
{
    if (strlen(old_text) > LIST_BYTES || strlen(new_text) > LIST_BYTES)
        return 0;
    char *o = list_text(old_text), *n = list_text(new_text);
    list_item *io = malloc((LIST_ITEMS + 1) * sizeof(*io)),
              *in = malloc((LIST_ITEMS + 1) * sizeof(*in));
    int grew = 0;
    if (!o || !n || !io || !in) {
        grew = PD_ENOMEM;
        goto out;
    }
    size_t no, nn;
    list_items(o, io, &no);
    list_items(n, in, &nn);
    if (nn <= no || nn < 3 || nn > LIST_ITEMS)
        goto out;
    for (size_t j = 0; j < nn && !grew; j++) {
        size_t i = 0;
        while (i < no && !(io[i].n == in[j].n && !strncasecmp(io[i].s, in[j].s, in[j].n)))
            i++;
        if (i == no && new_item(&in[j], o)) {
            grew = 1;
            /* cut on a character, never inside one */
            size_t q = pd_utf8_prefix(in[j].s, in[j].n < 80 ? in[j].n : 80);
            snprintf(item, cap, "%.*s%s", (int)q, in[j].s, q < in[j].n ? "..." : "");
        }
    }
out:
    free(o);
    free(n);
    free(io);
    free(in);
    return grew;
}
