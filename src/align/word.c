/* Tokens, word-level diffs, word similarity and the cosmetic judgement. */
#include "align/align.h"
#include "align/word.h"

#include "segment/segment.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fnv.h"
#include "util/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Letters, marks and numbers: what a word is made of. */
static int is_word_cp(utf8proc_int32_t cp)
{
    if (cp < 128)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return pd_utf8_in(cp, PD_UCAT(UTF8PROC_CATEGORY_LU) | PD_UCAT(UTF8PROC_CATEGORY_LL) |
                              PD_UCAT(UTF8PROC_CATEGORY_LT) | PD_UCAT(UTF8PROC_CATEGORY_LM) |
                              PD_UCAT(UTF8PROC_CATEGORY_LO) | PD_UCAT(UTF8PROC_CATEGORY_MN) |
                              PD_UCAT(UTF8PROC_CATEGORY_MC) | PD_UCAT(UTF8PROC_CATEGORY_ME) |
                              PD_UCAT(UTF8PROC_CATEGORY_ND) | PD_UCAT(UTF8PROC_CATEGORY_NL) |
                              PD_UCAT(UTF8PROC_CATEGORY_NO));
}

static int is_symbol_cp(utf8proc_int32_t cp)
{
    if (cp < 128)
        return cp == '$' || cp == '%' || cp == '+' || cp == '&' || cp == '@' || cp == '=' ||
               cp == '<' || cp == '>';
    return pd_utf8_in(cp, PD_UCAT(UTF8PROC_CATEGORY_SM) | PD_UCAT(UTF8PROC_CATEGORY_SC) |
                              PD_UCAT(UTF8PROC_CATEGORY_SO));
}

static int is_apostrophe(utf8proc_int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

int pd_tokenize(pd_tok **out, size_t *n, const char *s, size_t len)
{
    size_t cap = 16, cnt = 0, i = 0;
    pd_tok *t = malloc(cap * sizeof(*t));

    if (!t)
        return PD_ENOMEM;
    while (i < len) {
        utf8proc_int32_t cp, cp2;
        size_t start = i, k = pd_utf8_next(s, len, i, &cp);
        pd_tok_kind kind;

        if (is_word_cp(cp)) {
            kind = PD_TOK_WORD;
            i += k;
            while (i < len) {
                k = pd_utf8_next(s, len, i, &cp);
                if (is_word_cp(cp)) {
                    i += k;
                } else if (is_apostrophe(cp) && i + k < len &&
                           (pd_utf8_next(s, len, i + k, &cp2), is_word_cp(cp2))) {
                    i += k;
                } else if ((cp == '.' || cp == ',') && i + 1 < len && s[i - 1] >= '0' &&
                           s[i - 1] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9') {
                    i += k; /* "1,000", "2.5", "3.2": one number, its separator included */
                } else {
                    break;
                }
            }
        } else if (pd_utf8_is_space(cp)) {
            kind = PD_TOK_SPACE;
            i += k;
            while (i < len && (k = pd_utf8_next(s, len, i, &cp), pd_utf8_is_space(cp)))
                i += k;
        } else {
            kind = is_symbol_cp(cp) ? PD_TOK_SYMBOL : PD_TOK_PUNCT;
            i += k;
        }
        if (cnt == cap && pd_array_grow(&t, &cap, sizeof(*t), 16)) {
            free(t);
            return PD_ENOMEM;
        }
        t[cnt].start = start;
        t[cnt].len = i - start;
        t[cnt].kind = kind;
        t[cnt].hash = pd_fnv64(PD_FNV64_BASIS, s + start, i - start);
        cnt++;
    }
    *out = t;
    *n = cnt;
    return 0;
}

/* Case-folded word with apostrophes as "'" into b (cleared first). */
static void fold_word(pd_buf *b, const char *s, size_t len)
{
    size_t i = 0, o = 0;
    char *p;
    pd_buf_clear(b);
    if (pd_buf_grow(b, 3 * len + 8))
        return;
    p = b->ptr;
    while (i < len) {
        utf8proc_int32_t cp;
        size_t k = pd_utf8_next(s, len, i, &cp);
        if (cp < 128) {
            p[o++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        } else if (is_apostrophe(cp)) {
            p[o++] = '\'';
        } else {
            utf8proc_ssize_t e =
                utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)p + o);
            o += (size_t)(e > 0 ? e : 0);
        }
        i += k;
    }
    b->len = o;
    p[o] = '\0';
}

/* The words and symbols of a text, each case-folded in turn: what the word
 * sets and the cosmetic check compare. */
typedef struct {
    const char *s;
    pd_tok *t;
    size_t nt, next;
    pd_buf fold; /* the folded text of the token walk_next returned */
} folded_walk;

/* Tokenizes s for walk_next (w->nt bounds how many it gives); 0 or
 * PD_ENOMEM.  walk_dispose(w) in any case. */
static int walk_start(folded_walk *w, const char *s, size_t len)
{
    memset(w, 0, sizeof(*w));
    w->s = s;
    return pd_tokenize(&w->t, &w->nt, s, len);
}

/* The next word or symbol token, its folded text in w->fold; NULL after
 * the last. */
static const pd_tok *walk_next(folded_walk *w)
{
    while (w->next < w->nt) {
        const pd_tok *t = &w->t[w->next++];
        if (t->kind == PD_TOK_WORD || t->kind == PD_TOK_SYMBOL) {
            fold_word(&w->fold, w->s + t->start, t->len);
            return t;
        }
    }
    return NULL;
}

static void walk_dispose(folded_walk *w)
{
    free(w->t);
    w->t = NULL;
    pd_buf_dispose(&w->fold);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int pd_word_set(uint64_t **out, size_t *n, const char *s, size_t len)
{
    folded_walk fw;
    size_t cnt = 0;
    uint64_t *h = NULL;
    int rc;

    *out = NULL;
    *n = 0;
    if (!(rc = walk_start(&fw, s, len)) && !(h = malloc((fw.nt ? fw.nt : 1) * sizeof(*h))))
        rc = PD_ENOMEM;
    if (rc) {
        walk_dispose(&fw);
        return rc;
    }
    while (walk_next(&fw))
        h[cnt++] = pd_fnv64(PD_FNV64_BASIS, pd_buf_cstr(&fw.fold), fw.fold.len);
    rc = pd_buf_error(&fw.fold);
    walk_dispose(&fw);
    if (rc) {
        free(h);
        return rc;
    }
    qsort(h, cnt, sizeof(*h), cmp_u64);
    if (cnt) {
        size_t w = 1;
        for (size_t i = 1; i < cnt; i++)
            if (h[i] != h[w - 1])
                h[w++] = h[i];
        cnt = w;
    }
    *out = h;
    *n = cnt;
    return 0;
}

double pd_word_set_dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, common = 0;
    if (!na && !nb)
        return 1.0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            common++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return 2.0 * (double)common / (double)(na + nb);
}

int pd_lcs(size_t *ma, int *capped, const uint64_t *a, size_t n, const uint64_t *b, size_t m,
           size_t max_cells)
{
    size_t pre = 0, suf = 0, n2, m2, w;
    uint32_t *tab;

    for (size_t i = 0; i < n; i++)
        ma[i] = (size_t)-1;
    while (pre < n && pre < m && a[pre] == b[pre]) {
        ma[pre] = pre;
        pre++;
    }
    while (suf < n - pre && suf < m - pre && a[n - 1 - suf] == b[m - 1 - suf]) {
        ma[n - 1 - suf] = m - 1 - suf;
        suf++;
    }
    n2 = n - pre - suf;
    m2 = m - pre - suf;
    if (!n2 || !m2)
        return 0;
    if (n2 > max_cells / m2) {
        if (capped)
            *capped = 1;
        return 0;
    }
    /* tab[i][j]: LCS length of a[pre+i..] and b[pre+j..] (suffix table). */
    w = m2 + 1;
    if (!(tab = calloc((n2 + 1) * w, sizeof(*tab))))
        return PD_ENOMEM;
    for (size_t i = n2; i-- > 0;) {
        for (size_t j = m2; j-- > 0;) {
            if (a[pre + i] == b[pre + j])
                tab[i * w + j] = tab[(i + 1) * w + j + 1] + 1;
            else {
                uint32_t x = tab[(i + 1) * w + j], y = tab[i * w + j + 1];
                tab[i * w + j] = x > y ? x : y;
            }
        }
    }
    for (size_t i = 0, j = 0; i < n2 && j < m2;) {
        if (a[pre + i] == b[pre + j]) {
            ma[pre + i] = pre + j;
            i++;
            j++;
        } else if (tab[(i + 1) * w + j] >= tab[i * w + j + 1]) {
            i++;
        } else {
            j++;
        }
    }
    free(tab);
    return 0;
}

/* ---- word diff ---- */

typedef struct {
    pd_word_op *ops;
    size_t n, cap;
    size_t last_len, last_cap; /* of ops[n - 1].text, which grows as runs merge */
    int oom;
} op_list;

/* Appends s[0..len) as op, merged into the last op when it is the same
 * kind; the last text grows geometrically, so long runs stay linear. */
static void emit(op_list *l, pd_word_op_kind op, const char *s, size_t len)
{
    if (!len || l->oom)
        return;
    if (l->n && l->ops[l->n - 1].op == op) {
        pd_word_op *last = &l->ops[l->n - 1];
        if (l->last_len + len + 1 > l->last_cap) {
            size_t ncap = (l->last_len + len + 1) * 2;
            char *p = realloc(last->text, ncap);
            if (!p) {
                l->oom = 1;
                return;
            }
            last->text = p;
            l->last_cap = ncap;
        }
        memcpy(last->text + l->last_len, s, len);
        l->last_len += len;
        last->text[l->last_len] = '\0';
        return;
    }
    if (l->n == l->cap && pd_array_grow(&l->ops, &l->cap, sizeof(*l->ops), 8)) {
        l->oom = 1;
        return;
    }
    if (!(l->ops[l->n].text = malloc(len + 1))) {
        l->oom = 1;
        return;
    }
    memcpy(l->ops[l->n].text, s, len);
    l->ops[l->n].text[len] = '\0';
    l->ops[l->n].op = op;
    l->last_len = len;
    l->last_cap = len + 1;
    l->n++;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Emits the unmatched stretch a[as..ae) / b[bs..be) (byte offsets): common
 * leading and trailing blanks as equal, the rest as delete + insert. */
static void emit_gap(op_list *l, const char *a, size_t as, size_t ae, const char *b, size_t bs,
                     size_t be)
{
    size_t lead = 0, trail = 0;
    if (ae - as == be - bs && !memcmp(a + as, b + bs, ae - as)) {
        emit(l, PD_WORD_EQUAL, b + bs, be - bs);
        return;
    }
    while (as + lead < ae && bs + lead < be && is_blank(a[as + lead]) &&
           a[as + lead] == b[bs + lead])
        lead++;
    while (ae - trail > as + lead && be - trail > bs + lead && is_blank(a[ae - 1 - trail]) &&
           a[ae - 1 - trail] == b[be - 1 - trail])
        trail++;
    emit(l, PD_WORD_EQUAL, b + bs, lead);
    emit(l, PD_WORD_DELETE, a + as + lead, ae - as - lead - trail);
    emit(l, PD_WORD_INSERT, b + bs + lead, be - bs - lead - trail);
    emit(l, PD_WORD_EQUAL, b + be - trail, trail);
}

int pd_word_diff(pd_word_op **out, size_t *n, const char *a, size_t alen, const char *b,
                 size_t blen)
{
    pd_tok *ta = NULL, *tb = NULL;
    size_t na = 0, nb = 0, ka = 0, kb = 0, *ia = NULL, *ib = NULL, *ma = NULL;
    uint64_t *ha = NULL, *hb = NULL;
    op_list l = {NULL, 0, 0, 0, 0, 0};
    size_t pa = 0, pb = 0; /* byte positions emitted so far */
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = pd_tokenize(&ta, &na, a, alen)) || (rc = pd_tokenize(&tb, &nb, b, blen)))
        goto out;
    ia = malloc((na + 1) * sizeof(*ia));
    ib = malloc((nb + 1) * sizeof(*ib));
    ha = malloc((na + 1) * sizeof(*ha));
    hb = malloc((nb + 1) * sizeof(*hb));
    ma = malloc((na + 1) * sizeof(*ma));
    if (!ia || !ib || !ha || !hb || !ma) {
        rc = PD_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < na; i++)
        if (ta[i].kind != PD_TOK_SPACE) {
            ia[ka] = i;
            ha[ka++] = ta[i].hash;
        }
    for (size_t i = 0; i < nb; i++)
        if (tb[i].kind != PD_TOK_SPACE) {
            ib[kb] = i;
            hb[kb++] = tb[i].hash;
        }
    if ((rc = pd_lcs(ma, NULL, ha, ka, hb, kb, PD_ALIGN_MAX_WORD_CELLS)))
        goto out;
    for (size_t i = 0; i < ka; i++) {
        const pd_tok *x, *y;
        if (ma[i] == (size_t)-1)
            continue;
        x = &ta[ia[i]];
        y = &tb[ib[ma[i]]];
        emit_gap(&l, a, pa, x->start, b, pb, y->start);
        emit(&l, PD_WORD_EQUAL, b + y->start, y->len);
        pa = x->start + x->len;
        pb = y->start + y->len;
    }
    emit_gap(&l, a, pa, alen, b, pb, blen);
    if (l.oom) {
        rc = PD_ENOMEM;
        goto out;
    }
    *out = l.ops;
    *n = l.n;
    l.ops = NULL;
    l.n = 0;
out:
    pd_word_ops_free(l.ops, l.n);
    free(ta);
    free(tb);
    free(ia);
    free(ib);
    free(ha);
    free(hb);
    free(ma);
    if (rc)
        return pd_error_set(rc, "out of memory while diffing words");
    return 0;
}

void pd_word_ops_free(pd_word_op *ops, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ops[i].text);
    free(ops);
}

/* ---- cosmetic judgement ---- */

typedef struct {
    const char *raw; /* the word as written */
    size_t rawlen;
    char *fold; /* case folded */
    size_t foldlen;
    int first; /* first word of its clause */
} word;

static const char *const guard_words[] = {
    /* negations */
    "not", "no", "never", "without", "nor", "none", "neither", "cannot", "nothing", "nobody",
    /* modal verbs */
    "may", "might", "will", "would", "must", "shall", "should", "can", "could",
    /* dates */
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "today", "yesterday", "tomorrow", NULL};

static int is_guard(const word *w)
{
    const unsigned char *r = (const unsigned char *)w->raw;
    if (w->rawlen && r[0] < 0x80 &&
        !((r[0] >= '0' && r[0] <= '9') || (r[0] >= 'a' && r[0] <= 'z') ||
          (r[0] >= 'A' && r[0] <= 'Z')))
        return 1; /* a symbol: $, %, +, & */
    for (size_t i = 0; i < w->foldlen; i++)
        if (w->fold[i] >= '0' && w->fold[i] <= '9')
            return 1; /* numbers, dates, versions */
    if (w->foldlen >= 3 && !memcmp(w->fold + w->foldlen - 3, "n't", 3))
        return 1;
    for (size_t i = 0; guard_words[i]; i++)
        if (strlen(guard_words[i]) == w->foldlen && !memcmp(guard_words[i], w->fold, w->foldlen))
            return 1;
    if (!w->first && w->rawlen) {
        /* a named party: a capitalized word not at the start of the clause */
        if (r[0] >= 'A' && r[0] <= 'Z')
            return 1;
        if (r[0] >= 0x80) {
            utf8proc_int32_t cp;
            utf8proc_iterate(r, (utf8proc_ssize_t)w->rawlen, &cp);
            if (cp > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
                return 1;
        }
    }
    return 0;
}

static int words_of(word **out, size_t *n, const char *s, size_t len)
{
    folded_walk fw;
    const pd_tok *t;
    size_t cnt = 0;
    word *w = NULL;
    int rc;

    if (!(rc = walk_start(&fw, s, len)) && !(w = calloc(fw.nt + 1, sizeof(*w))))
        rc = PD_ENOMEM;
    if (rc) {
        walk_dispose(&fw);
        return rc;
    }
    while ((t = walk_next(&fw))) {
        w[cnt].raw = s + t->start;
        w[cnt].rawlen = t->len;
        w[cnt].foldlen = fw.fold.len;
        w[cnt].fold = pd_buf_detach(&fw.fold);
        w[cnt].first = cnt == 0;
        if (!w[cnt].fold) {
            rc = PD_ENOMEM;
            break;
        }
        cnt++;
    }
    walk_dispose(&fw);
    *out = w;
    *n = cnt;
    return rc;
}

static void words_free(word *w, size_t n)
{
    if (!w)
        return;
    for (size_t i = 0; i < n; i++)
        free(w[i].fold);
    free(w);
}

/* Levenshtein distance of two short byte strings, capped at cap + 1. */
/* Typo-sized spelling fixes, and only those: the cost of turning a into b
 * (folded words) where each edit a typist makes by accident costs 1 and
 * every other edit costs TYPO_NO (more than the budget):
 *   - a vowel for a vowel, or s for z ("seperate", "dependant", "analyse");
 *   - two neighbouring letters swapped, not the first ("recieve");
 *   - a doubled letter added or dropped ("occured", "adress");
 *   - a vowel added or dropped inside the word ("colour", "judgement").
 * So "unencrypted" for "encrypted", "insecure" for "secure", "content" for
 * "consent" or "assess" for "access" are never a typo fix: a prefix or a
 * different consonant changes the word.  Nor is a change of the first
 * letter ("affects" / "effects") or a known look-alike pair ("personal" /
 * "personnel"). */
#define TYPO_NO 3

static int typo_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static size_t typo_sub(char x, char y)
{
    if (x == y)
        return 0;
    if (typo_vowel(x) && typo_vowel(y))
        return 1;
    if ((x == 's' && y == 'z') || (x == 'z' && y == 's'))
        return 1;
    return TYPO_NO;
}

/* Cost of dropping w[k] from the word w of length n (or adding it). */
static size_t typo_indel(const char *w, size_t n, size_t k)
{
    if ((k > 0 && w[k - 1] == w[k]) || (k + 1 < n && w[k + 1] == w[k]))
        return 1; /* a doubled letter */
    if (k > 0 && typo_vowel(w[k]))
        return 1;
    return TYPO_NO;
}

/* Words one slip apart that are different words ("personal" and
 * "personnel"): stems, matched with the same ending after them. */
static const char *const confusables[][2] = {
    {"personal", "personnel"},    {"principal", "principle"},
    {"complement", "compliment"}, {"loose", "lose"},
    {"breath", "breathe"},        {"capital", "capitol"},
    {"stationary", "stationery"}, {"later", "latter"},
    {"quite", "quiet"},           {"discreet", "discrete"},
    {"precede", "proceed"},       {"council", "counsel"},
    {"descent", "dissent"},       {"elicit", "illicit"},
    {"aloud", "allowed"},
};

static int confusable(const char *a, size_t n, const char *b, size_t m)
{
    for (size_t k = 0; k < sizeof(confusables) / sizeof(confusables[0]); k++)
        for (int side = 0; side < 2; side++) {
            const char *x = confusables[k][side], *y = confusables[k][!side];
            size_t xl = strlen(x), yl = strlen(y);
            if (n >= xl && m >= yl && !memcmp(a, x, xl) && !memcmp(b, y, yl) && n - xl == m - yl &&
                !memcmp(a + xl, b + yl, n - xl))
                return 1;
        }
    return 0;
}

static size_t typo_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[40][40], i, j;
    if (n >= 40 || m >= 40 || (n > m ? n - m : m - n) > 2)
        return TYPO_NO;
    /* a typist rarely misses the first letter, and "affect" / "effect",
     * "ensure" / "insure" differ there; known look-alikes never are slips */
    if (!n || !m || a[0] != b[0] || confusable(a, n, b, m))
        return TYPO_NO;
    d[0][0] = 0;
    for (i = 1; i <= n; i++)
        d[i][0] = d[i - 1][0] + typo_indel(a, n, i - 1);
    for (j = 1; j <= m; j++)
        d[0][j] = d[0][j - 1] + typo_indel(b, m, j - 1);
    for (i = 1; i <= n; i++)
        for (j = 1; j <= m; j++) {
            size_t v = d[i - 1][j - 1] + typo_sub(a[i - 1], b[j - 1]);
            size_t del = d[i - 1][j] + typo_indel(a, n, i - 1);
            size_t ins = d[i][j - 1] + typo_indel(b, m, j - 1);
            if (del < v)
                v = del;
            if (ins < v)
                v = ins;
            if (i > 2 && j > 2 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v > TYPO_NO ? TYPO_NO : v;
        }
    return d[n][m];
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Judges one hunk: words wa[a0..a1) became wb[b0..b1). */
static int hunk_is_cosmetic(const word *wa, size_t a0, size_t a1, const word *wb, size_t b0,
                            size_t b1)
{
    pd_buf x = PD_BUF_INIT, y = PD_BUF_INIT;
    int same;

    for (size_t i = a0; i < a1; i++)
        if (is_guard(&wa[i]))
            return 0;
    for (size_t i = b0; i < b1; i++)
        if (is_guard(&wb[i]))
            return 0;
    /* "e-mail" -> "email", "on line" -> "online" */
    for (size_t i = a0; i < a1; i++)
        pd_buf_put(&x, wa[i].fold, wa[i].foldlen);
    for (size_t i = b0; i < b1; i++)
        pd_buf_put(&y, wb[i].fold, wb[i].foldlen);
    same = !pd_buf_error(&x) && !pd_buf_error(&y) && x.len == y.len &&
           (x.len == 0 || !memcmp(x.ptr, y.ptr, x.len));
    pd_buf_dispose(&x);
    pd_buf_dispose(&y);
    if (same)
        return 1;
    /* a typo-sized spelling fix of one word */
    if (a1 - a0 == 1 && b1 - b0 == 1 && utf8_chars(wa[a0].fold, wa[a0].foldlen) >= 5 &&
        utf8_chars(wb[b0].fold, wb[b0].foldlen) >= 5 &&
        typo_distance(wa[a0].fold, wa[a0].foldlen, wb[b0].fold, wb[b0].foldlen) <= 2)
        return 1;
    return 0;
}

/* 1 when a and b differ only in white space and ASCII letter case ("can not"
 * and "cannot"): the same characters in the same order. */
static int same_but_spacing(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < alen && isspace((unsigned char)a[i]))
            i++;
        while (j < blen && isspace((unsigned char)b[j]))
            j++;
        if (i == alen || j == blen)
            return i == alen && j == blen;
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
            return 0;
        i++;
        j++;
    }
}

int pd_change_is_cosmetic(const char *old_text, const char *new_text)
{
    pd_buf vo = PD_BUF_INIT, vn = PD_BUF_INIT;
    word *wa = NULL, *wb = NULL;
    size_t na = 0, nb = 0, *ma = NULL;
    uint64_t *ha = NULL, *hb = NULL;
    int capped = 0, cosmetic = 0;
    size_t i, pa = 0, pb = 0;

    /* what a reader sees: link targets do not count */
    if (pd_clause_visible(&vo, old_text, strlen(old_text)) ||
        pd_clause_visible(&vn, new_text, strlen(new_text)))
        goto out;
    if (same_but_spacing(pd_buf_cstr(&vo), vo.len, pd_buf_cstr(&vn), vn.len)) {
        cosmetic = 1;
        goto out;
    }
    if (words_of(&wa, &na, pd_buf_cstr(&vo), vo.len) ||
        words_of(&wb, &nb, pd_buf_cstr(&vn), vn.len))
        goto out;
    ha = malloc((na + 1) * sizeof(*ha));
    hb = malloc((nb + 1) * sizeof(*hb));
    ma = malloc((na + 1) * sizeof(*ma));
    if (!ha || !hb || !ma)
        goto out;
    for (i = 0; i < na; i++)
        ha[i] = pd_fnv64(PD_FNV64_BASIS, wa[i].fold, wa[i].foldlen);
    for (i = 0; i < nb; i++)
        hb[i] = pd_fnv64(PD_FNV64_BASIS, wb[i].fold, wb[i].foldlen);
    if (pd_lcs(ma, &capped, ha, na, hb, nb, PD_ALIGN_MAX_WORD_CELLS) || capped)
        goto out;
    cosmetic = 1;
    for (i = 0; i <= na && cosmetic; i++) {
        if (i < na && ma[i] == (size_t)-1)
            continue;
        {
            size_t bj = i < na ? ma[i] : nb;
            if ((i > pa || bj > pb) && !hunk_is_cosmetic(wa, pa, i, wb, pb, bj))
                cosmetic = 0;
            pa = i + 1;
            pb = bj + 1;
        }
    }
out:
    pd_buf_dispose(&vo);
    pd_buf_dispose(&vn);
    words_free(wa, na);
    words_free(wb, nb);
    free(ha);
    free(hb);
    free(ma);
    return cosmetic;
}
