/* The linear flag model: features of a change, scores, revision; see model.h. */
#include "classify/model.h"

#include "classify/internal.h"
#include "util/lang.h"
#include "util/error.h"
#include "util/simd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STEM_BYTES 6 /* a word's first six bytes: "arbitration" and "arbitrage" meet */
#define FEAT_NAME 48
/* A rewording of the same meaning changes a few words, not a sentence:
 * beyond this many words removed and added, reword.c is not asked. */
#define REWORD_WORDS 12
#define NONE_LEAN 1500 /* thousandths: see pd_flag_model_apply_in */

/* A word feature's prefix: "w:" (a word of the clause), "-:" and "+:" (a
 * word a modification removed, added). */
enum { WF_WORD, WF_REMOVED, WF_ADDED, WF_COUNT };
static const char wf_prefix[WF_COUNT][3] = {"w:", "-:", "+:"};

typedef struct {
    char stem[16];    /* NUL-padded: compared eight bytes at a time */
    uint32_t sh;      /* hash of stem */
    uint32_t wh;      /* hash of its word feature's name, "w:" and stem */
    uint32_t slen;    /* stem's length */
    const char *word; /* the word in the text */
    size_t wlen;
    size_t pos; /* its place in the clause */
    /* set by edit_features for the words that changed, the only ones
     * asked (note_changed) */
    int num;   /* digits only, or a month name */
    int month; /* a month name */
    int fn;    /* a function word */
} tok;

typedef struct {
    tok *t;
    size_t n, cap;
    tok *local; /* the caller's room, t until it is outgrown (never freed) */
} toks;

/* Room for cap elements of size at *v, which holds n; local (the caller's
 * room on the stack, never freed) is copied out of, not reallocated. */
static int grow(void **v, const void *local, size_t n, size_t cap, size_t size)
{
    void *p = *v == local ? malloc(cap * size) : realloc(*v, cap * size);
    if (!p)
        return PD_ENOMEM;
    if (*v == local && n)
        memcpy(p, local, n * size);
    *v = p;
    return 0;
}

typedef struct {
    char name[FEAT_NAME];
    uint32_t h;       /* hash of name (FNV-1a): sorting and lookup compare it first */
    uint32_t nlen;    /* name's length: lookup and dedupe compare it next */
    const char *word; /* the text's word, for reasons (NULL: not a word feature) */
    size_t wlen;
    const int16_t *w; /* its weights in the model applied, once scored (NULL: none) */
} feat;

/* What a modification touches, beyond its words (edit_features). */
typedef struct {
    int typo;           /* every changed word is a misspelling of its counterpart */
    int negation;       /* a negation word came or went */
    int quantity;       /* a number that is not a date or an item's number changed */
    int weighty;        /* a modal, a number word or a word of scope came or went */
    size_t changed;     /* words removed and added (a multiset difference) */
    char typo_from[48]; /* the first misspelled pair, for the reason */
    char typo_to[48];
} edit_shape;

typedef struct {
    feat *f;
    size_t n, cap;
    edit_shape shape;
    feat *local; /* the caller's room, f until it is outgrown (never freed) */
} feats;

/* The room most changes' features fit in, on the stack: no allocation. */
enum { LOCAL_FEATS = 128, LOCAL_TOKS = 96 };

/* ---- words ---- */

/* Length of a UTF-8 punctuation sequence at p that separates words
 * (typographic quotes and dashes, no-break space, guillemets), else 0. */
static size_t punct_seq(const unsigned char *p)
{
    if (p[0] == 0xE2 && p[1] == 0x80 && p[2])
        return 3;
    if (p[0] == 0xC2 && (p[1] == 0xA0 || p[1] == 0xAB || p[1] == 0xBB))
        return 2;
    return 0;
}

static int word_byte(unsigned char c)
{
    return pd_cl_word_byte(c);
}

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* FNV-1a's state h after one more byte c. */
static uint32_t fnv_byte(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

/* FNV-1a's state after a word feature's prefix (two bytes). */
static uint32_t fnv_after(const char *prefix)
{
    return fnv_byte(fnv_byte(2166136261u, (unsigned char)prefix[0]), (unsigned char)prefix[1]);
}

/* Whether the first n bytes of a and b are the same (each has n bytes
 * readable, and a NUL after them): eight or four bytes at a time, the
 * last ones overlapping, not a byte a step. */
static int same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    uint32_t u, v;
    if (n >= 8) {
        for (size_t k = 0; k + 8 < n; k += 8) {
            memcpy(&x, a + k, 8);
            memcpy(&y, b + k, 8);
            if (x != y)
                return 0;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return 0;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    for (size_t k = 0; k < n; k++)
        if (a[k] != b[k])
            return 0;
    return 1;
}

static int push_tok(toks *ts, const char *w, size_t n)
{
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? ts->cap * 2 : 64;
        void *t = ts->t;
        if (grow(&t, ts->local, ts->n, cap, sizeof(tok)))
            return PD_ENOMEM;
        ts->t = t;
        ts->cap = cap;
    }
    tok *t = &ts->t[ts->n++];
    /* the word's first 31 bytes decide */
    size_t k, ln = n < 31 ? n : 31;
    int digits = 1;
    for (k = 0; k < ln && digits; k++)
        digits = w[k] >= '0' && w[k] <= '9';
    t->word = w;
    t->wlen = n;
    t->pos = ts->n - 1;
    memset(t->stem, 0, sizeof(t->stem));
    if (digits) {
        t->stem[0] = '#';
        t->slen = 1;
        t->sh = fnv1a(t->stem);
        t->wh = fnv_byte(fnv_after(wf_prefix[WF_WORD]), '#');
        return 0;
    }
    size_t s = ln < STEM_BYTES ? ln : STEM_BYTES;
    /* end on a character, within the stem (invalid UTF-8 can run on) */
    while (s < ln && s < sizeof(t->stem) - 1 && ((unsigned char)w[s] & 0xC0) == 0x80)
        s++;
    /* fnv1a(t->stem) and the word feature's hash, as it is lower-cased:
     * two chains of multiplications side by side, not one after the other
     * (every word of a clause the model reads is a feature) */
    uint32_t h = 2166136261u, wh = fnv_after(wf_prefix[WF_WORD]);
    for (k = 0; k < s; k++) {
        unsigned char c = (unsigned char)w[k];
        c = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        t->stem[k] = (char)c;
        h = fnv_byte(h, c);
        wh = fnv_byte(wh, c);
    }
    t->stem[s] = '\0';
    t->slen = (uint32_t)s;
    t->sh = h;
    t->wh = wh;
    return 0;
}

/* The ASCII letters and digits at p (up to end) found sixteen bytes at a
 * time where SSE2 is (x86-64; util/simd.h): how many; the caller reads
 * the rest byte by byte (and all of it elsewhere). */
static size_t ascii_word_run(const unsigned char *p, const unsigned char *end)
{
#if defined(PD_SIMD)
    int stopped = 0;
    return pd_simd_run(p, end, PD_SIMD_DIGITS, &stopped);
#else
    (void)p;
    (void)end;
    return 0;
#endif
}

static int tokenise(toks *ts, const char *text)
{
    /* room for most clauses' words at once (a word and its space are some
     * six bytes), not a realloc per doubling */
    size_t len = strlen(text);
    const unsigned char *end = (const unsigned char *)text + len;
    size_t guess = len / 5 + 16;
    if (guess > ts->cap) { /* more than the caller's room */
        if (!(ts->t = malloc(guess * sizeof(*ts->t))))
            return PD_ENOMEM;
        ts->cap = guess;
    }
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t skip = punct_seq(p);
        if (skip || !word_byte(*p)) {
            p += skip ? skip : 1;
            continue;
        }
        const unsigned char *start = p;
        p += ascii_word_run(p, end); /* then any other bytes, one by one */
        while (*p && word_byte(*p) && (*p < 0x80 || !punct_seq(p))) /* separators are UTF-8 */
            p++;
        size_t n = (size_t)(p - start);
        /* "don't" / "don’t" reads as "do not", as the rules read it */
        size_t apos = p[0] == '\'' ? 1 : (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99) ? 3 : 0;
        int nt = apos && n >= 3 && (start[n - 1] | 0x20) == 'n' && (p[apos] | 0x20) == 't' &&
                 !word_byte(p[apos + 1]);
        int keep_n = nt && n == 3 &&
                     (!strncasecmp((const char *)start, "can", 3) ||
                      !strncasecmp((const char *)start, "won", 3));
        int rc = push_tok(ts, (const char *)start, nt && !keep_n ? n - 1 : n);
        if (!rc && nt) {
            rc = push_tok(ts, "not", 3);
            p += apos + 1;
        }
        if (rc)
            return rc;
    }
    return 0;
}

static int cmp_tok(const tok *x, const tok *y)
{
    if (x->sh != y->sh)
        return x->sh < y->sh ? -1 : 1;
    /* strcmp's order of the NUL-padded stems: as two big-endian numbers */
    uint64_t a[2], b[2];
    memcpy(a, x->stem, sizeof(a));
    memcpy(b, y->stem, sizeof(b));
    for (int k = 0; k < 2; k++) {
        if (a[k] == b[k])
            continue;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        a[k] = __builtin_bswap64(a[k]);
        b[k] = __builtin_bswap64(b[k]);
#endif
        return a[k] < b[k] ? -1 : 1;
    }
    return 0;
}

/* Whether x comes before y among the tokens of one clause by stem, those
 * of the same stem in the clause's order, as a stable sort of the tokens
 * would order them: a total order, so that any sort gives the same. */
static int tok_before(const tok *x, const tok *y)
{
    int c = cmp_tok(x, y);
    return c ? c < 0 : x < y;
}

/* Sorts the n token pointers of v by tok_before, with tmp (room for n) as
 * scratch: runs of 8 by insertion, then merged bottom up.  Sorting the
 * pointers spares moving the tokens, and comparing inline spares qsort's
 * call per comparison (every clause modified is sorted twice). */
static void sort_toks(tok **v, tok **tmp, size_t n)
{
    enum { RUN = 8 };
    for (size_t s = 0; s < n; s += RUN) {
        size_t e = s + RUN < n ? s + RUN : n;
        for (size_t i = s + 1; i < e; i++) {
            tok *x = v[i];
            size_t j = i;
            for (; j > s && tok_before(x, v[j - 1]); j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
    }
    tok **from = v, **to = tmp;
    for (size_t w = RUN; w < n; w *= 2) {
        for (size_t s = 0; s < n; s += 2 * w) {
            size_t m = s + w < n ? s + w : n, e = s + 2 * w < n ? s + 2 * w : n;
            size_t i = s, j = m, k = s;
            while (i < m && j < e)
                to[k++] = tok_before(from[j], from[i]) ? from[j++] : from[i++];
            while (i < m)
                to[k++] = from[i++];
            while (j < e)
                to[k++] = from[j++];
        }
        tok **t = from;
        from = to;
        to = t;
    }
    if (from != v)
        memcpy(v, from, n * sizeof(*v));
}

/* ---- features ---- */

/* Room for n more features at once. */
static int reserve_feats(feats *fs, size_t n)
{
    if (fs->n + n <= fs->cap)
        return 0;
    void *f = fs->f;
    if (grow(&f, fs->local, fs->n, fs->n + n, sizeof(feat)))
        return PD_ENOMEM;
    fs->f = f;
    fs->cap = fs->n + n;
    return 0;
}

static feat *next_feat(feats *fs)
{
    if (fs->n == fs->cap) {
        size_t cap = fs->cap ? fs->cap * 2 : 128;
        void *f = fs->f;
        if (grow(&f, fs->local, fs->n, cap, sizeof(feat)))
            return NULL;
        fs->f = f;
        fs->cap = cap;
    }
    fs->f[fs->n].w = NULL;
    return &fs->f[fs->n++];
}

/* The feature named prefix then value[0, vlen), cut to FEAT_NAME - 1
 * bytes as snprintf would; not a word's (no printf: a dozen per change). */
static int add_feat_n(feats *fs, const char *prefix, const char *value, size_t vlen)
{
    feat *f = next_feat(fs);
    if (!f)
        return PD_ENOMEM;
    size_t p = strlen(prefix);
    if (p > FEAT_NAME - 1)
        p = FEAT_NAME - 1;
    if (vlen > FEAT_NAME - 1 - p)
        vlen = FEAT_NAME - 1 - p;
    memcpy(f->name, prefix, p);
    memcpy(f->name + p, value, vlen);
    f->name[p + vlen] = '\0';
    f->nlen = (uint32_t)(p + vlen); /* no NUL in a prefix or a value */
    uint32_t h = 2166136261u;       /* fnv1a(f->name), over its known length */
    for (size_t k = 0; k < f->nlen; k++)
        h = fnv_byte(h, (unsigned char)f->name[k]);
    f->h = h;
    f->word = NULL;
    f->wlen = 0;
    return 0;
}

static int add_feat(feats *fs, const char *prefix, const char *value)
{
    return add_feat_n(fs, prefix, value, strlen(value));
}

/* The feature prefix then t's stem, which quotes t's word: one per word
 * of a clause. */
static int add_word_feat(feats *fs, int kind, const tok *t)
{
    feat *f = next_feat(fs);
    if (!f)
        return PD_ENOMEM;
    /* the name, a prefix of two bytes and the NUL-padded stem (at most 15
     * bytes), copied whole; its hash (fnv1a), push_tok's for a word of the
     * clause, else from the prefix's */
    memcpy(f->name, wf_prefix[kind], 2);
    memcpy(f->name + 2, t->stem, sizeof(t->stem));
    f->nlen = 2 + t->slen;
    uint32_t h = t->wh;
    if (kind != WF_WORD) {
        h = fnv_after(wf_prefix[kind]);
        for (const char *c = t->stem; *c; c++)
            h = fnv_byte(h, (unsigned char)*c);
    }
    f->h = h;
    f->word = t->word;
    f->wlen = t->wlen;
    return 0;
}

/* Edit distance of a and b (ASCII case folded), or 3 when it is more;
 * words over 32 bytes are 3 (internal.h). */
int pd_cl_near_words(const char *a, size_t na, const char *b, size_t nb)
{
    int row[34], prev[34];
    if (na > 32 || nb > 32 || (na > nb ? na - nb : nb - na) > 2)
        return 3;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int ca = a[i - 1] | 0x20, cb = b[j - 1] | 0x20;
            int best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
        }
        memcpy(prev, row, (nb + 1) * sizeof(int));
    }
    return prev[nb];
}

/* One word is the other with a negating prefix ("lawful" / "unlawful"). */
static int negated_pair(const tok *a, const tok *b)
{
    const tok *s = a->wlen <= b->wlen ? a : b, *l = s == a ? b : a;
    for (const char *const *p = (const char *const[]){"un", "in", "im", "non", "dis", NULL}; *p;
         p++) {
        size_t k = strlen(*p);
        if (l->wlen == s->wlen + k && !strncasecmp(l->word, *p, k) &&
            !strncasecmp(l->word + k, s->word, s->wlen))
            return 1;
    }
    return 0;
}

/* Whether a and b (a pair of changed words) look like one word misspelt:
 * at most two edits apart, five letters or more, the same first letter,
 * and not a negating prefix ("lawful" / "unlawful"). */
static int misspelling(const tok *a, const tok *b)
{
    const tok *s = a->wlen <= b->wlen ? a : b, *l = s == a ? b : a;
    if (a->num || b->num || negated_pair(a, b))
        return 0;
    /* a plural for a singular ("tests" -> "test") */
    if (s->wlen >= 4 && l->wlen == s->wlen + 1 && (l->word[s->wlen] | 0x20) == 's' &&
        !strncasecmp(l->word, s->word, s->wlen))
        return 1;
    if (s->wlen < 5)
        return 0;
    int d = pd_cl_near_words(a->word, a->wlen, b->word, b->wlen);
    /* a first letter lost or added ("nformation") is one edit; another
     * first letter is another word */
    if ((a->word[0] | 0x20) != (b->word[0] | 0x20))
        return d == 1 && l->wlen == s->wlen + 1 && !strncasecmp(l->word + 1, s->word, s->wlen);
    return d <= 2;
}

/* Sets what edit_features asks of a word that changed: whether it is a
 * month name (its first 31 bytes decide), a number (digits only: the stem
 * "#"; or a month) and a function word (short words of English, French,
 * German: an edit of only these rarely changes what a clause says). */
static void note_changed(tok *t)
{
    char low[10];
    size_t ln = t->wlen < 31 ? t->wlen : 31;
    for (size_t k = 0; k < ln && k < sizeof(low) - 1; k++) {
        unsigned char c = (unsigned char)t->word[k];
        low[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    t->month = pd_cl_is_month(low, ln); /* longer than 9 bytes: none */
    t->num = !strcmp(t->stem, "#") || t->month;
    t->fn = pd_cl_function_word(t->stem, strlen(t->stem));
}

/* Each removed word has an added misspelling of it (or the reverse). */
static int typo_only(edit_shape *sh, const tok *const *rem, size_t nr, const tok *const *add,
                     size_t na)
{
    size_t cr = 0, ca = 0, first = 1;
    for (size_t i = 0; i < nr; i++)
        cr += !rem[i]->fn;
    for (size_t j = 0; j < na; j++)
        ca += !add[j]->fn;
    if (!cr || cr != ca)
        return 0;
    for (size_t i = 0; i < nr; i++) {
        size_t j = 0;
        if (rem[i]->fn)
            continue; /* "there are" -> "that there are" beside a typo */
        while (j < na && (add[j]->fn || !misspelling(rem[i], add[j])))
            j++;
        if (j == na)
            return 0;
        if (first) {
            first = 0;
            snprintf(sh->typo_from, sizeof(sh->typo_from), "%.*s",
                     (int)(rem[i]->wlen > 40 ? 40 : rem[i]->wlen), rem[i]->word);
            snprintf(sh->typo_to, sizeof(sh->typo_to), "%.*s",
                     (int)(add[j]->wlen > 40 ? 40 : add[j]->wlen), add[j]->word);
        }
    }
    return 1;
}

/* A changed number that is not a year, a day of a dated change, or the
 * number of an item (the clause's first word). */
static int quantity(const tok *t, int dated)
{
    if (!t->num || t->month || t->pos == 0 || dated)
        return 0;
    long v = strtol(t->word, NULL, 10);
    return v < 1900 || v > 2100;
}

static const char *bucket(size_t n)
{
    return n == 0 ? "0" : n == 1 ? "1" : n == 2 ? "2" : n <= 5 ? "3-5" : n <= 10 ? "6-10" : "11+";
}

/* The stems added and removed by a modification (sorted multisets). */
static int edit_features(feats *fs, toks *to, toks *tn)
{
    int stoponly = 1;
    /* the tokens by stem, then room to sort them */
    tok **so = malloc((2 * (to->n + tn->n) + 1) * sizeof(*so)), **sn;
    const tok **rem = malloc((to->n + 1) * sizeof(*rem));
    const tok **add = malloc((tn->n + 1) * sizeof(*add));
    size_t nr = 0, na = 0, i = 0, j = 0;
    int rc = 0, numonly = 1;
    if (!so || !rem || !add) {
        rc = PD_ENOMEM;
        goto out;
    }
    /* the clauses' common start (the same stems in the same places) is left
     * out: its tokens are the first of their stems on both sides, which
     * the merge below pairs with each other (by stem, then by place), so
     * the words removed and added are the same without them (a common end
     * is not: its tokens may pair with earlier ones) */
    size_t same = 0;
    while (same < to->n && same < tn->n && cmp_tok(&to->t[same], &tn->t[same]) == 0)
        same++;
    size_t no = to->n - same, nn = tn->n - same;
    sn = so + no;
    for (size_t k = 0; k < no; k++)
        so[k] = &to->t[same + k];
    for (size_t k = 0; k < nn; k++)
        sn[k] = &tn->t[same + k];
    sort_toks(so, sn + nn, no);
    sort_toks(sn, sn + nn, nn);
    while (i < no || j < nn) {
        int c = i == no ? 1 : j == nn ? -1 : cmp_tok(so[i], sn[j]);
        if (c == 0) {
            i++;
            j++;
        } else if (c < 0) {
            note_changed(so[i]);
            rem[nr++] = so[i++];
        } else {
            note_changed(sn[j]);
            add[na++] = sn[j++];
        }
    }
    int dated = 0;
    for (size_t k = 0; k < nr; k++)
        dated |= rem[k]->month;
    for (size_t k = 0; k < na; k++)
        dated |= add[k]->month;
    for (size_t k = 0; k < nr && nr * na <= 256; k++) /* small edits: a rewrite is no typo */
        for (size_t q = 0; q < na; q++)
            fs->shape.negation |= negated_pair(rem[k], add[q]);
    for (size_t k = 0; k < nr; k++)
        fs->shape.negation |= pd_cl_negation_word(rem[k]->word, rem[k]->wlen),
            fs->shape.quantity |= quantity(rem[k], dated),
            fs->shape.weighty |= pd_cl_weighty_word(rem[k]->word, rem[k]->wlen);
    for (size_t k = 0; k < na; k++)
        fs->shape.negation |= pd_cl_negation_word(add[k]->word, add[k]->wlen),
            fs->shape.quantity |= quantity(add[k], dated),
            fs->shape.weighty |= pd_cl_weighty_word(add[k]->word, add[k]->wlen);
    for (size_t k = 0; k < nr && !rc; k++) {
        numonly &= rem[k]->num;
        stoponly &= rem[k]->fn;
        rc = add_word_feat(fs, WF_REMOVED, rem[k]);
    }
    for (size_t k = 0; k < na && !rc; k++) {
        numonly &= add[k]->num;
        stoponly &= add[k]->fn;
        rc = add_word_feat(fs, WF_ADDED, add[k]);
    }
    fs->shape.changed = nr + na;
    if (!rc)
        rc = add_feat(fs, "nd:", bucket(nr + na));
    if (!rc && nr + na && numonly)
        rc = add_feat(fs, "numonly", "");
    if (!rc && nr + na && stoponly)
        rc = add_feat(fs, "stoponly", "");
    if (!rc) {
        size_t len = to->n > tn->n ? to->n : tn->n, pct = len ? 100 * (nr + na) / (2 * len) : 0;
        rc = add_feat(fs, "ratio:",
                      pct < 5    ? "<5"
                      : pct < 15 ? "<15"
                      : pct < 35 ? "<35"
                      : pct < 60 ? "<60"
                                 : "60+");
    }
    if (!rc && (fs->shape.typo = typo_only(&fs->shape, rem, nr, add, na)))
        rc = add_feat(fs, "typo", "");
out:
    free(so);
    free(rem);
    free(add);
    return rc;
}

static int rule_features(feats *fs, pd_op op, int cosmetic, const pd_flags *r)
{
    int rc = add_feat(fs, "b", "");
    rc = rc ? rc
            : add_feat(fs, "op:",
                       op == PD_OP_ADDED     ? "added"
                       : op == PD_OP_REMOVED ? "removed"
                                             : "modified");
    if (!rc && cosmetic)
        rc = add_feat(fs, "acos", "");
    rc = rc ? rc : add_feat(fs, "rs:", pd_severity_name(r->severity));
    rc = rc ? rc : add_feat(fs, "ri:", pd_impact_name(r->impact));
    rc = rc ? rc : add_feat(fs, "rm:", pd_category_name(pd_flags_primary(r)));

    for (int b = 0; b < PD_CAT_COUNT && !rc; b++)
        if (r->categories >> b & 1)
            rc = add_feat(fs, "rc:", pd_category_name(1u << b));
    /* what kind of reason the rules gave: its words before ':' or '(' */
    for (size_t i = 0; i < r->nreasons && i < 3 && !rc; i++) {
        const char *t = r->reasons[i];
        size_t n = strcspn(t, ":(\"");
        while (n && t[n - 1] == ' ')
            n--;
        rc = add_feat_n(fs, "rk:", t, n > 30 ? 30 : n);
    }
    return rc;
}

static int cmp_feat(const void *a, const void *b)
{
    const feat *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Keeps the first of each feature name, in order: through a hash set of
 * the kept ones (sorting them when a clause has too many words for it). */
static void dedupe(feats *fs)
{
    enum { SLOTS = 2048 };
    uint16_t slot[SLOTS];
    size_t w = 0;
    if (fs->n > SLOTS / 2) {
        qsort(fs->f, fs->n, sizeof(feat), cmp_feat);
        for (size_t i = 0; i < fs->n; i++)
            if (!w || fs->f[w - 1].h != fs->f[i].h || strcmp(fs->f[w - 1].name, fs->f[i].name))
                fs->f[w++] = fs->f[i];
        fs->n = w;
        return;
    }
    /* a quarter full (half at most), and only that much cleared: a clause
     * of a few dozen words needs a few hundred bytes, not the whole table */
    size_t mask = 63;
    while (mask + 1 < 4 * fs->n && mask + 1 < SLOTS)
        mask = 2 * mask + 1;
    memset(slot, 0, (mask + 1) * sizeof(slot[0]));
    for (size_t i = 0; i < fs->n; i++) {
        size_t j = fs->f[i].h & mask;
        int dup = 0;
        for (; slot[j] && !dup; j = (j + 1) & mask) {
            const feat *g = &fs->f[slot[j] - 1];
            dup = g->h == fs->f[i].h && g->nlen == fs->f[i].nlen &&
                  same_bytes(g->name, fs->f[i].name, g->nlen);
        }
        if (dup)
            continue;
        if (w != i) /* the features before the first duplicate stay where they are */
            fs->f[w] = fs->f[i];
        slot[j] = (uint16_t)(w + 1);
        w++;
    }
    fs->n = w;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const feat *)a)->name, ((const feat *)b)->name);
}

/* The document's feature: how much of it speaks of personal data. */
static int doc_feature(feats *fs, const pd_flag_doc *doc)
{
    if (!doc || doc->privacy_permille < 0)
        return 0;
    int p = doc->privacy_permille;
    return add_feat(fs, "doc:", p < 3 ? "p<3" : p < 8 ? "p<8" : p < 15 ? "p<15" : "p15+");
}

/* Every feature of a change, each once. */
static int build_features(feats *fs, pd_op op, const char *old_text, const char *new_text,
                          int cosmetic, const pd_flags *rules, const pd_flag_doc *doc)
{
    tok local_o[LOCAL_TOKS], local_n[LOCAL_TOKS];
    toks to = {local_o, 0, LOCAL_TOKS, local_o}, tn = {local_n, 0, LOCAL_TOKS, local_n};
    const char *side = op == PD_OP_REMOVED ? old_text : new_text;
    int rc = tokenise(&to, old_text);
    rc = rc ? rc : tokenise(&tn, new_text);
    const toks *s = op == PD_OP_REMOVED ? &to : &tn;
    /* the features at once: a few dozen of the rules and the edit's, one
     * per word of the clause and per word a modification changes */
    rc = rc ? rc
            : reserve_feats(fs,
                            48 + s->n + rules->nfound + (op == PD_OP_MODIFIED ? to.n + tn.n : 0));
    rc = rc ? rc : rule_features(fs, op, cosmetic, rules);
    rc = rc ? rc : doc_feature(fs, doc);
    for (size_t i = 0; i < s->n && !rc; i++)
        rc = add_word_feat(fs, WF_WORD, &s->t[i]);
    /* what the rules' lexicon found in the clause ("x:data.health_data"):
     * the same thing in other words, in French or in German is one
     * feature (the category and impact heads read them:
     * scripts/train_flags) */
    for (unsigned i = 0; i < rules->nfound && !rc; i++) {
        char name[FEAT_NAME];
        pd_cl_found_name(rules->found[i], name, sizeof(name));
        rc = add_feat(fs, "x:", name);
    }
    if (!rc)
        rc = add_feat(fs, "len:", bucket(s->n / 4));
    if (!rc)
        rc = add_feat(fs, "lang:", pd_lang_name(pd_lang_detect(side, strlen(side), 2)));
    if (!rc && op == PD_OP_MODIFIED)
        rc = edit_features(fs, &to, &tn);
    if (to.t != to.local)
        free(to.t);
    if (tn.t != tn.local)
        free(tn.t);
    if (rc)
        return rc;
    dedupe(fs);
    return 0;
}

int pd_flag_features(pd_buf *out, pd_op op, const char *old_text, const char *new_text,
                     int cosmetic, const pd_flags *rules)
{
    return pd_flag_features_in(out, op, old_text, new_text, cosmetic, rules, NULL);
}

int pd_flag_features_in(pd_buf *out, pd_op op, const char *old_text, const char *new_text,
                        int cosmetic, const pd_flags *rules, const pd_flag_doc *doc)
{
    feat local[LOCAL_FEATS];
    feats fs = {
        .f = local, .n = 0, .cap = LOCAL_FEATS, .shape = {0, 0, 0, 0, 0, "", ""}, .local = local};
    int rc = build_features(&fs, op, old_text, new_text, cosmetic, rules, doc);
    if (!rc)
        qsort(fs.f, fs.n, sizeof(feat), cmp_name);
    for (size_t i = 0; i < fs.n && !rc; i++)
        rc = pd_buf_printf(out, "%s\n", fs.f[i].name);
    if (fs.f != fs.local)
        free(fs.f);
    return rc ? PD_ENOMEM_SET() : 0;
}

/* ---- the model ---- */

static const char *class_name(size_t c)
{
    if (c < PD_CAT_COUNT)
        return pd_category_name(1u << c);
    if (c < PD_CAT_COUNT + 4)
        return pd_severity_name((pd_severity)(c - PD_CAT_COUNT));
    return pd_impact_name((pd_impact)(c - PD_CAT_COUNT - 4));
}

/* A parsed model's index (model.h's pd_flag_index): in ix, the slots and
 * lengths it points to in slot and len (the caller's to free). */
static int index_build(pd_flag_index *ix, uint32_t **slot, uint16_t **len, const pd_flag_model *m)
{
    size_t slots = 16;
    while (slots < m->n + m->n / 2)
        slots *= 2;
    *slot = NULL;
    *len = NULL;
    if (m->n >= UINT32_MAX || !(*slot = calloc(slots, sizeof(**slot))))
        return PD_ENOMEM;
    if (!(*len = malloc((m->n ? m->n : 1) * sizeof(**len)))) {
        free(*slot);
        *slot = NULL;
        return PD_ENOMEM;
    }
    ix->mask = slots - 1;
    ix->rows = 1;
    while (ix->rows < m->n)
        ix->rows = ix->rows << 1 | 1;
    for (size_t i = 0; i < m->n; i++) {
        uint32_t h = fnv1a(m->names[i]);
        size_t n = strlen(m->names[i]);
        (*len)[i] = (uint16_t)(n < UINT16_MAX ? n : UINT16_MAX);
        size_t j = h & ix->mask;
        while ((*slot)[j])
            j = (j + 1) & ix->mask;
        (*slot)[j] = (h & ~ix->rows) | (uint32_t)(i + 1);
    }
    ix->slot = *slot;
    ix->len = *len;
    ix->n = m->n;
    return 0;
}

typedef struct {
    char *text;
    const char **names;
    int16_t (*weights)[PD_MODEL_CLASSES];
    pd_flag_index index;
    uint32_t *slot; /* index's */
    uint16_t *len;
} owned_model;

/* whether the rules' lexicon found who buys data in the clause: data
 * brokers or advertisers ("service providers" and "third parties" sell
 * and are sold to in trade as often) */
static int names_a_buyer_of_data(const pd_flags *f)
{
    for (unsigned i = 0; i < f->nfound && i < PD_FLAGS_FOUND; i++) {
        char name[FEAT_NAME];
        if (f->found[i] >> 8 != PD_LX_RECIP)
            continue;
        pd_cl_found_name(f->found[i], name, sizeof(name));
        if (!strcmp(name, "recip.data_brokers") || !strcmp(name, "recip.advertisers"))
            return 1;
    }
    return 0;
}

/* The weights of feature f in m, or NULL; ix is m's index (NULL: none). */
static const int16_t *lookup(const pd_flag_model *m, const pd_flag_index *ix, const feat *f)
{
    if (!ix) { /* names are sorted: search them */
        size_t lo = 0, hi = m->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(m->names[mid], f->name);
            if (c == 0)
                return m->weights[mid];
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return NULL;
    }
    uint32_t tag = f->h & ~ix->rows;
    for (size_t j = f->h & ix->mask; ix->slot[j]; j = (j + 1) & ix->mask) {
        uint32_t s = ix->slot[j], row = (s & ix->rows) - 1;
        if ((s & ~ix->rows) == tag && ix->len[row] == f->nlen &&
            same_bytes(m->names[row], f->name, f->nlen))
            return m->weights[row];
    }
    return NULL;
}

/* A change's scores: the weights of its features found, summed per class.
 * Where SSE2 is, a row's weights eight classes a load, widened to 32 bits
 * and added four at a time (a row is found for most of a clause's words,
 * and 27 adds of a load each were the model's costliest loop); the classes
 * past the last eight one by one.  The 32-bit sums go into score before
 * they could overflow (a row adds 32,767 at most). */
typedef struct {
    long score[PD_MODEL_CLASSES];
#if defined(PD_SIMD)
    __m128i sum[PD_MODEL_CLASSES / 8 * 2]; /* classes 0 to 8 * (PD_MODEL_CLASSES / 8) - 1 */
    size_t rows;                           /* rows added to sum since it was last emptied */
#endif
} scores;

static void scores_init(scores *s)
{
    memset(s->score, 0, sizeof(s->score));
#if defined(PD_SIMD)
    for (size_t k = 0; k < PD_MODEL_CLASSES / 8 * 2; k++)
        s->sum[k] = _mm_setzero_si128();
    s->rows = 0;
#endif
}

/* sum into score, sum emptied. */
static void scores_flush(scores *s)
{
#if defined(PD_SIMD)
    for (size_t k = 0; k < PD_MODEL_CLASSES / 8 * 2; k++) {
        int32_t four[4];
        _mm_storeu_si128((__m128i *)(void *)four, s->sum[k]);
        for (size_t c = 0; c < 4; c++)
            s->score[4 * k + c] += four[c];
        s->sum[k] = _mm_setzero_si128();
    }
    s->rows = 0;
#else
    (void)s;
#endif
}

/* Adds the weights w of one feature (PD_MODEL_CLASSES of them). */
static void scores_add(scores *s, const int16_t *w)
{
    size_t c = 0;
#if defined(PD_SIMD)
    for (; c < PD_MODEL_CLASSES / 8 * 8; c += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(w + c));
        /* each weight in the top half of a 32-bit lane, shifted down with its sign */
        s->sum[c / 4] = _mm_add_epi32(s->sum[c / 4], _mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16));
        s->sum[c / 4 + 1] =
            _mm_add_epi32(s->sum[c / 4 + 1], _mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16));
    }
    if (++s->rows == 65536) /* 65,536 * 32,767 < 2^31 */
        scores_flush(s);
#endif
    for (; c < PD_MODEL_CLASSES; c++)
        s->score[c] += w[c];
}

static size_t argmax(const long *score, size_t from, size_t to)
{
    size_t best = from;
    for (size_t c = from + 1; c < to; c++)
        if (score[c] > score[best])
            best = c;
    return best;
}

/* Appends s[0, len) to the string of *n bytes at out (cap bytes) as
 * snprintf would: what fits and a NUL; *n grows by len whatever fits. */
static void put_n(char *out, size_t cap, size_t *n, const char *s, size_t len)
{
    if (*n < cap) {
        size_t room = cap - *n - 1, k = len < room ? len : room;
        memcpy(out + *n, s, k);
        out[*n + k] = '\0';
    }
    *n += len;
}

static void put(char *out, size_t cap, size_t *n, const char *s)
{
    put_n(out, cap, n, s, strlen(s));
}

/* The reason for the model's answer: the words whose features weighed most
 * for the chosen severity (and category), by the weights fs was scored with. */
static void model_reason(char *out, size_t cap, const feats *fs, size_t sev_class, size_t cat_class,
                         pd_severity sev, pd_impact imp)
{
    const feat *top[3] = {NULL, NULL, NULL};
    long topw[3] = {0, 0, 0};
    for (size_t i = 0; i < fs->n; i++) {
        const int16_t *w = fs->f[i].word ? fs->f[i].w : NULL;
        if (!w)
            continue;
        long v = (long)w[sev_class] + w[cat_class];
        int dup = 0;
        for (int k = 0; k < 3; k++)
            dup |= top[k] && top[k]->wlen == fs->f[i].wlen &&
                   !strncmp(top[k]->word, fs->f[i].word, fs->f[i].wlen);
        for (int k = 0; k < 3 && !dup && v > 0; k++)
            if (!top[k] || v > topw[k]) {
                for (int s = 2; s > k; s--) {
                    top[s] = top[s - 1];
                    topw[s] = topw[s - 1];
                }
                top[k] = &fs->f[i];
                topw[k] = v;
                break;
            }
    }
    /* as snprintf(out, cap, "%s: %s, %s", ...) and then, per word,
     * snprintf(out + n, cap - n, "%s\"%.*s\"", ...) would write it, piece
     * by piece (no format to parse: a reason per change the model moves) */
    size_t n = 0;
    put(out, cap, &n, sev == PD_SEV_NONE ? "no change in meaning" : "read as");
    put(out, cap, &n, ": ");
    put(out, cap, &n, pd_severity_name(sev));
    put(out, cap, &n, ", ");
    put(out, cap, &n, pd_impact_name(imp));
    for (int k = 0; k < 3 && top[k] && n > 0 && n < cap; k++) {
        size_t wlen = top[k]->wlen > 40 ? 40 : top[k]->wlen;
        const char *nul = memchr(top[k]->word, '\0', wlen); /* %.*s stops there */
        put(out, cap, &n, k ? ", " : " from the words ");
        put(out, cap, &n, "\"");
        put_n(out, cap, &n, top[k]->word, nul ? (size_t)(nul - top[k]->word) : wlen);
        put(out, cap, &n, "\"");
    }
}

static int lead_with(pd_flags *f, const char *text, int first)
{
    size_t n = strlen(text);
    char *s = malloc(n + 1);
    char **r = s ? realloc(f->reasons, (f->nreasons + 1) * sizeof(*r)) : NULL;
    if (!r) {
        free(s);
        return PD_ENOMEM;
    }
    memcpy(s, text, n + 1);
    f->reasons = r;
    if (first) {
        memmove(r + 1, r, f->nreasons * sizeof(*r));
        r[0] = s;
    } else {
        r[f->nreasons] = s;
    }
    f->nreasons++;
    return 0;
}

int pd_flag_model_apply(const pd_flag_model *m, pd_flags *f, pd_op op, const char *old_text,
                        const char *new_text, int cosmetic)
{
    return pd_flag_model_apply_in(m, f, op, old_text, new_text, cosmetic, NULL);
}

int pd_flag_model_apply_in(const pd_flag_model *m, pd_flags *f, pd_op op, const char *old_text,
                           const char *new_text, int cosmetic, const pd_flag_doc *doc)
{
    feat local[LOCAL_FEATS];
    feats fs = {
        .f = local, .n = 0, .cap = LOCAL_FEATS, .shape = {0, 0, 0, 0, 0, "", ""}, .local = local};
    scores sc_all;
    const long *score = sc_all.score;
    int rc;
    if (!m || !m->n || cosmetic)
        return 0; /* the aligner's cosmetic edits (case, punctuation) stay as they are */
    if ((rc = build_features(&fs, op, old_text, new_text, cosmetic, f, doc)))
        goto out;
    const pd_flag_index *ix = m->index;
    scores_init(&sc_all);
    for (size_t i = 0; i < fs.n; i++) {
        const int16_t *w = fs.f[i].w = lookup(m, ix, &fs.f[i]);
        if (w)
            scores_add(&sc_all, w);
    }
    scores_flush(&sc_all);
    /* a reworded clause in which the rules found nothing means the same
     * more often than the trained weights say: on the real changes, most
     * such pairs the model read as low were labelled cosmetic.  A fixed
     * lean towards "none" (1.5 in the weights' units; measured held out:
     * cosmetic +0.010, severity +0.008, and on the own cases, never
     * trained on, cosmetic +0.025) */
    size_t cc = argmax(score, 0, PD_CAT_COUNT);
    size_t sc = argmax(score, PD_CAT_COUNT, PD_CAT_COUNT + 4);
    if (op == PD_OP_MODIFIED && f->guessed && sc == PD_CAT_COUNT + PD_SEV_LOW &&
        score[PD_CAT_COUNT + PD_SEV_NONE] + NONE_LEAN > score[sc])
        sc = PD_CAT_COUNT + PD_SEV_NONE; /* between none and low only, never over medium */
    size_t ic = argmax(score, PD_CAT_COUNT + 4, PD_MODEL_CLASSES);
    unsigned cat = 1u << cc;
    pd_severity sev = (pd_severity)(sc - PD_CAT_COUNT);
    pd_impact imp = (pd_impact)(ic - PD_CAT_COUNT - 4);
    /* rails: only a reworded clause can mean the same (a clause added or
     * removed alone is never cosmetic), and a loss the rules call high
     * (a negation gone, a sale) stays at least medium */
    if (sev == PD_SEV_NONE && op != PD_OP_MODIFIED)
        sev = PD_SEV_LOW;
    if (f->severity == PD_SEV_HIGH && sev < PD_SEV_MEDIUM)
        sev = PD_SEV_MEDIUM;
    if (sev == PD_SEV_NONE)
        imp = PD_IMPACT_NEUTRAL;
    if (sev == PD_SEV_HIGH && imp != PD_IMPACT_WORSE)
        sev = PD_SEV_MEDIUM; /* high is a loss */
    if (cat == PD_CAT_OTHER && (pd_flags_primary(f) & PD_CAT_TERMS))
        cat = pd_flags_primary(f);
    /* a specific finding of the rules stands, but for one thing: on real
     * policies a clause added that names a practice is as often a
     * disclosure of an existing one (low) as a new one (medium), and the
     * model, which weighs the kind of finding ("rk:new practice") with the
     * words, decides between the two */
    if (!f->guessed) {
        if (!(op == PD_OP_ADDED && f->severity == PD_SEV_MEDIUM &&
              (sev == PD_SEV_LOW || sev == PD_SEV_NONE)))
            sev = f->severity;
        else
            sev = PD_SEV_LOW;
        imp = f->impact;
        if (pd_flags_primary(f) & PD_CAT_TERMS)
            cat = pd_flags_primary(f); /* and a terms cue names its category */
        /* and a sale of data the rules read, with a buyer of data named
         * ("we sell your information to data brokers"), is a sale whatever
         * words weigh with it */
        if (pd_flags_primary(f) == PD_CAT_SALE && f->severity == PD_SEV_HIGH &&
            names_a_buyer_of_data(f))
            cat = PD_CAT_SALE;
    }
    /* the edit's shape: a misspelling fixed or made is cosmetic whatever
     * the rules saw in the new word ("cooies" -> "cookies"), and so is the
     * same meaning in other words (reword.c: a name, a synonym, words
     * moved; never a negation, a modal or a number); a negation or a
     * quantity that changed never is, nor a data type, recipient,
     * purpose, tracker, place or safeguard the lexicon finds on one side
     * only (the model's guess of none gives way to them, and a reason
     * names it; measured held out: severity, cosmetic and exit +0.008) */
    char same[160] = "", item[96] = "";
    int reworded = 0, grew = 0, shrank = 0;
    /* (an address the rules found rewritten, its numbers with it, changes
     * more words: "44/50 Avenue du Capitaine Glarner - 93585 Saint-Ouen
     * CEDEX") */
    size_t reword_max =
        (f->categories & PD_CAT_CONTACT) && fs.shape.quantity ? 2 * REWORD_WORDS : REWORD_WORDS;
    if (op == PD_OP_MODIFIED && !fs.shape.typo && fs.shape.changed <= reword_max &&
        (reworded = pd_cl_same_meaning(old_text, new_text, same, sizeof(same))) < 0) {
        rc = reworded;
        goto out;
    }
    /* the address of a recipient or of a place data goes to is where the
     * data goes: only a contact's address moves without news */
    if (reworded == PD_CL_SAME_ADDRESS &&
        (f->categories & (PD_CAT_SHARING | PD_CAT_SALE | PD_CAT_INTERNATIONAL)))
        reworded = 0;
    if ((fs.shape.typo || reworded) && op == PD_OP_MODIFIED) {
        sev = PD_SEV_NONE;
        imp = PD_IMPACT_NEUTRAL;
        if (reworded == PD_CL_SAME_ADDRESS)
            cat = PD_CAT_CONTACT; /* where to write, whatever the clause is about */
    } else if (sev == PD_SEV_NONE && (fs.shape.negation || fs.shape.quantity || fs.shape.weighty ||
                                      pd_cl_addresses_differ(old_text, new_text))) {
        sev = PD_SEV_LOW;
    } else if (sev == PD_SEV_NONE && f->found_changed) {
        char name[FEAT_NAME], why[FEAT_NAME + 64];
        pd_cl_found_name((uint16_t)(f->found_changed - 1), name, sizeof(name));
        for (char *c = name; *c; c++)
            *c = *c == '.' || *c == '_' ? ' ' : *c;
        snprintf(why, sizeof(why), "not the same meaning: %s named in one version only", name);
        if ((rc = lead_with(f, why, 1)))
            goto out;
        sev = PD_SEV_LOW;
        /* and what it names is what the change is about */
        switch ((f->found_changed - 1) >> 8) {
        case PD_LX_DATA:
            cat = PD_CAT_COLLECTION;
            break;
        case PD_LX_RECIP:
            cat = PD_CAT_SHARING;
            break;
        case PD_LX_PURPOSE:
            cat = PD_CAT_USE;
            break;
        case PD_LX_TRACKER:
            cat = PD_CAT_TRACKING;
            break;
        case PD_LX_INTL:
            cat = PD_CAT_INTERNATIONAL;
            break;
        case PD_LX_SECURITY:
            cat = PD_CAT_SECURITY;
            break;
        default:
            break;
        }
    }
    if (sev == PD_SEV_NONE)
        imp = PD_IMPACT_NEUTRAL;
    /* a list that gained or lost an item ("date et lieu de naissance",
     * "AI at Meta") says more or less, whatever its words weigh, and says
     * which way: where the model read no change, or a change of no
     * direction the rules found nothing in (measured held out: severity
     * +0.005, cosmetic +0.006, exit +0.005, impact +0.010; nothing lost) */
    if (op == PD_OP_MODIFIED && !fs.shape.typo && !reworded &&
        (sev == PD_SEV_NONE || (sev == PD_SEV_LOW && imp == PD_IMPACT_NEUTRAL && f->guessed))) {
        if ((grew = pd_cl_list_grew(old_text, new_text, item, sizeof(item))) == 0)
            shrank = pd_cl_list_grew(new_text, old_text, item, sizeof(item));
        if (grew < 0 || shrank < 0) {
            rc = PD_ENOMEM;
            goto out;
        }
        if (grew || shrank) {
            char why[sizeof(item) + 64];
            snprintf(why, sizeof(why), "list item %s: \"%s\"", grew ? "added" : "removed", item);
            if ((rc = lead_with(f, why, 1)))
                goto out;
            sev = PD_SEV_LOW;
            imp = pd_cl_more_impact(grew, cat);
        }
    }
    /* a clause added that discloses a practice (collection, use, sharing,
     * sale, tracking, AI, a transfer) is worse for users unless it
     * describes one that was there before (the guidelines' rule; a
     * clause the other version states is made neutral afterwards,
     * pd_diff_apply_versions); a retention period added is often a limit,
     * and a choice left to the user ("you can disable cookies") or a
     * clause that denies from its first words ("we don't show you ads
     * based on ...") no loss (the choice asked last: it reads every word
     * of the clause; the denial reads six) */
    if (op == PD_OP_ADDED && sev >= PD_SEV_LOW && imp == PD_IMPACT_NEUTRAL &&
        (cat & (PD_CAT_COLLECTION | PD_CAT_USE | PD_CAT_SHARING | PD_CAT_SALE | PD_CAT_TRACKING |
                PD_CAT_AI | PD_CAT_INTERNATIONAL)) &&
        !pd_cl_denial(new_text) && !pd_cl_user_choice(new_text))
        imp = PD_IMPACT_WORSE;
    if (sev != f->severity || imp != f->impact || cat != pd_flags_primary(f)) {
        char why[256];
        if (fs.shape.typo && sev == PD_SEV_NONE)
            snprintf(why, sizeof(why), "typo: \"%s\" -> \"%s\"", fs.shape.typo_from,
                     fs.shape.typo_to);
        else if (reworded)
            snprintf(why, sizeof(why), "%s", same);
        else
            model_reason(why, sizeof(why), &fs, sc, cc, sev, imp);
        if ((fs.shape.typo || reworded) && sev == PD_SEV_NONE) {
            /* the rules read the misspelt word as news: their reasons go */
            for (size_t i = 0; i < f->nreasons; i++)
                free(f->reasons[i]);
            f->nreasons = 0;
            f->categories = 0;
        }
        if ((rc = lead_with(f, why, sev != f->severity || imp != f->impact)))
            goto out;
    }
    f->severity = sev;
    f->impact = imp;
    f->primary = cat;
    f->categories |= cat;
out:
    if (fs.f != fs.local)
        free(fs.f);
    return rc ? PD_ENOMEM_SET() : 0;
}

/* ---- weights as text ---- */

void pd_flag_model_free(pd_flag_model *m)
{
    if (!m)
        return;
    owned_model *o = m->owned;
    if (o) {
        free(o->text);
        free(o->names);
        free(o->weights);
        free(o->slot);
        free(o->len);
        free(o);
    }
    free(m);
}

/* Checks the "classes" line at *p and moves *p past it. */
static int parse_classes(char **p)
{
    char *line = *p, *end = strchr(line, '\n');
    if (!end || strncmp(line, "classes ", 8))
        return pd_error_set(PD_EINVALID, "flag weights: no classes line after the header");
    *end = '\0';
    *p = end + 1;
    char *save = NULL, *w = strtok_r(line + 8, " ", &save);
    for (size_t c = 0; c < PD_MODEL_CLASSES; c++, w = strtok_r(NULL, " ", &save))
        if (!w || strcmp(w, class_name(c)))
            return pd_error_set(PD_EINVALID,
                                "flag weights: class %zu is '%s', not '%s'; train them again with "
                                "scripts/train_flags",
                                c + 1, w ? w : "", class_name(c));
    return 0;
}

static int parse_row(owned_model *o, size_t i, char *line)
{
    char *tab = strchr(line, '\t'), *p;
    if (!tab)
        return pd_error_set(PD_EINVALID, "flag weights: feature line %zu has no weights", i + 1);
    *tab = '\0';
    o->names[i] = line;
    p = tab + 1;
    for (size_t c = 0; c < PD_MODEL_CLASSES; c++) {
        char *e;
        long v = strtol(p, &e, 10);
        if (e == p || v < INT16_MIN || v > INT16_MAX)
            return pd_error_set(PD_EINVALID, "flag weights: feature '%s' has a bad weight %zu",
                                line, c + 1);
        o->weights[i][c] = (int16_t)v;
        p = e;
    }
    if (i && strcmp(o->names[i - 1], line) >= 0)
        return pd_error_set(PD_EINVALID, "flag weights: feature '%s' is out of order", line);
    return 0;
}

int pd_flag_model_parse(pd_flag_model **out, const char *text, size_t len)
{
    pd_flag_model *m = calloc(1, sizeof(*m));
    owned_model *o = calloc(1, sizeof(*o));
    size_t n = 0, i = 0;
    int rc = 0;
    *out = NULL;
    if (!m || !o || !(o->text = malloc(len + 1))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    m->owned = o;
    memcpy(o->text, text, len);
    o->text[len] = '\0';
    for (size_t k = 0; k < len; k++)
        n += text[k] == '\n';
    char *p = o->text;
    if (strncmp(p, "pd-flag-model 1\n", 16)) {
        rc = pd_error_set(PD_EINVALID, "flag weights: not a 'pd-flag-model 1' file");
        goto out;
    }
    p += 16;
    if ((rc = parse_classes(&p)))
        goto out;
    if (!(o->names = calloc(n + 1, sizeof(*o->names))) ||
        !(o->weights = calloc(n + 1, sizeof(*o->weights)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    while (*p && !rc) {
        char *end = strchr(p, '\n');
        if (end)
            *end = '\0';
        if (*p)
            rc = parse_row(o, i++, p);
        p = end ? end + 1 : p + strlen(p);
    }
    m->names = o->names;
    m->weights = (const int16_t(*)[PD_MODEL_CLASSES])o->weights;
    m->n = i;
    if (!rc && index_build(&o->index, &o->slot, &o->len, m))
        rc = PD_ENOMEM_SET();
    if (!rc)
        m->index = &o->index;
out:
    if (rc) {
        if (m && !m->owned)
            free(o);
        pd_flag_model_free(m);
        return rc;
    }
    *out = m;
    return 0;
}
