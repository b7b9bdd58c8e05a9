/* The clause aligner: anchors, moves and similarity pairs; the changes
 * they imply are built in changes.c. */
#include "align/internal.h"
#include "align/word.h"

#include "segment/segment.h"
#include "util/error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SMALL_LCS_CELLS ((size_t)250000)
#define MAX_DEPTH 64
#define WINDOW 16
#define GREEDY_WINDOW 32
/* similarity enough to pair the only clause left on each side of a region */
#define LONE_PAIR 0.3
/* ... and when both sit in sections of the same name: a sentence replaced */
#define LONE_REPLACED 0.15

static void link_anchor(actx *c, size_t i, size_t j)
{
    c->ma[i] = j;
    c->mb[j] = i;
}

typedef struct {
    uint64_t key;
    uint32_t ca, cb;
    size_t ia, ib;
    int used;
} slot;

static slot *slot_find(slot *t, size_t mask, uint64_t key)
{
    size_t h = (size_t)(key ^ (key >> 29)) & mask;
    while (t[h].used && t[h].key != key)
        h = (h + 1) & mask;
    return &t[h];
}

/* Finds the keys that occur once in old clauses [a0, a1) and once in new
 * clauses [b0, b1): their positions go to pi and pj (room for a1 - a0),
 * in old order, their number to *npairs. */
static int unique_pairs(size_t *pi, size_t *pj, size_t *npairs, const actx *c, size_t a0, size_t a1,
                        size_t b0, size_t b1)
{
    size_t size = 16, mask;
    slot *t;
    *npairs = 0;
    while (size < 2 * ((a1 - a0) + (b1 - b0)))
        size *= 2;
    mask = size - 1;
    if (!(t = calloc(size, sizeof(*t))))
        return PD_ENOMEM;
    for (size_t i = a0; i < a1; i++) {
        slot *s = slot_find(t, mask, c->ka[i]);
        s->used = 1;
        s->key = c->ka[i];
        s->ca++;
        s->ia = i;
    }
    for (size_t j = b0; j < b1; j++) {
        slot *s = slot_find(t, mask, c->kb[j]);
        if (s->used) {
            s->cb++;
            s->ib = j;
        }
    }
    for (size_t i = a0; i < a1; i++) {
        slot *s = slot_find(t, mask, c->ka[i]);
        if (s->ca == 1 && s->cb == 1) {
            pi[*npairs] = i;
            pj[(*npairs)++] = s->ib;
        }
    }
    free(t);
    return 0;
}

/* Anchors a region with no unique common clause: a bounded LCS for small
 * regions, greedy matching within a short window for larger ones. */
static int anchor_without_pairs(actx *c, size_t a0, size_t a1, size_t b0, size_t b1)
{
    size_t na = a1 - a0, nb = b1 - b0, *m;
    int rc;
    if (na > SMALL_LCS_CELLS / nb) {
        /* too large for an LCS: greedy matching within a short window */
        size_t j = b0;
        c->bounded = 1;
        for (size_t i = a0; i < a1 && j < b1; i++) {
            size_t lim = j + GREEDY_WINDOW < b1 ? j + GREEDY_WINDOW : b1;
            for (size_t k = j; k < lim; k++) {
                if (c->ka[i] == c->kb[k]) {
                    link_anchor(c, i, k);
                    j = k + 1;
                    break;
                }
            }
        }
        return 0;
    }
    if (!(m = malloc(na * sizeof(*m))))
        return PD_ENOMEM;
    rc = pd_lcs(m, NULL, c->ka + a0, na, c->kb + b0, nb, SMALL_LCS_CELLS);
    for (size_t i = 0; !rc && i < na; i++)
        if (m[i] != NONE)
            link_anchor(c, a0 + i, b0 + m[i]);
    free(m);
    return rc;
}

/* The longest increasing subsequence of pj[0, n) (patience sorting): its
 * indices go to seq (room for n), its length to *nseq. */
static int increasing_run(size_t *seq, size_t *nseq, const size_t *pj, size_t n)
{
    size_t *tails = malloc(n * sizeof(*tails)), *prev = malloc(n * sizeof(*prev));
    size_t nlis = 0;
    if (!tails || !prev) {
        free(tails);
        free(prev);
        return PD_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        size_t lo = 0, hi = nlis;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (pj[tails[mid]] < pj[k])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[k] = lo ? tails[lo - 1] : NONE;
        tails[lo] = k;
        if (lo == nlis)
            nlis++;
    }
    {
        size_t k = tails[nlis - 1], m = nlis;
        while (k != NONE) {
            seq[--m] = k;
            k = prev[k];
        }
    }
    *nseq = nlis;
    free(tails);
    free(prev);
    return 0;
}

static int anchor(actx *c, size_t a0, size_t a1, size_t b0, size_t b1, int depth)
{
    size_t na, npairs = 0, nlis = 0;
    size_t *pi = NULL, *pj = NULL, *seq = NULL;
    int rc = 0;

    while (a0 < a1 && b0 < b1 && c->ka[a0] == c->kb[b0]) {
        link_anchor(c, a0, b0);
        a0++;
        b0++;
    }
    while (a0 < a1 && b0 < b1 && c->ka[a1 - 1] == c->kb[b1 - 1]) {
        link_anchor(c, a1 - 1, b1 - 1);
        a1--;
        b1--;
    }
    if (a0 == a1 || b0 == b1)
        return 0;
    if (depth > MAX_DEPTH) {
        c->bounded = 1;
        return 0;
    }
    na = a1 - a0;
    pi = malloc(na * sizeof(*pi));
    pj = malloc(na * sizeof(*pj));
    if (!pi || !pj) {
        rc = PD_ENOMEM;
        goto out;
    }
    if ((rc = unique_pairs(pi, pj, &npairs, c, a0, a1, b0, b1)))
        goto out;
    if (!npairs) {
        rc = anchor_without_pairs(c, a0, a1, b0, b1);
        goto out;
    }
    if (!(seq = malloc(npairs * sizeof(*seq)))) {
        rc = PD_ENOMEM;
        goto out;
    }
    if ((rc = increasing_run(seq, &nlis, pj, npairs)))
        goto out;
    {
        size_t ca = a0, cb = b0;
        for (size_t s = 0; s < nlis && !rc; s++) {
            size_t i = pi[seq[s]], j = pj[seq[s]];
            rc = anchor(c, ca, i, cb, j, depth + 1);
            link_anchor(c, i, j);
            ca = i + 1;
            cb = j + 1;
        }
        if (!rc)
            rc = anchor(c, ca, a1, cb, b1, depth + 1);
    }
out:
    free(pi);
    free(pj);
    free(seq);
    return rc;
}

/* ---- moves ---- */

typedef struct {
    uint64_t key;
    size_t i;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int find_moves(actx *c)
{
    size_t n = 0, na = c->A->nclauses, nb = c->B->nclauses;
    keyed *v = malloc((na + 1) * sizeof(*v));
    if (!v)
        return PD_ENOMEM;
    for (size_t i = 0; i < na; i++)
        if (c->ma[i] == NONE) {
            v[n].key = c->ka[i];
            v[n++].i = i;
        }
    qsort(v, n, sizeof(*v), cmp_keyed);
    for (size_t j = 0; j < nb; j++) {
        size_t lo = 0, hi = n;
        if (c->mb[j] != NONE)
            continue;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (v[mid].key < c->kb[j])
                lo = mid + 1;
            else
                hi = mid;
        }
        while (lo < n && v[lo].key == c->kb[j] && c->pa[v[lo].i] != NONE)
            lo++;
        if (lo < n && v[lo].key == c->kb[j]) {
            size_t i = v[lo].i;
            c->pa[i] = j;
            c->pb[j] = i;
            c->kind_a[i] = c->kind_b[j] = 'v';
        }
    }
    free(v);
    return 0;
}

/* ---- similarity pairs ---- */

typedef struct {
    double score;
    size_t i, j, dist;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

static int free_a(const actx *c, size_t i)
{
    return c->ma[i] == NONE && c->pa[i] == NONE;
}

static int free_b(const actx *c, size_t j)
{
    return c->mb[j] == NONE && c->pb[j] == NONE;
}

static int word_sets(actx *c)
{
    int rc;
    for (size_t i = 0; i < c->A->nclauses; i++)
        if (free_a(c, i) &&
            (rc = pd_word_set(&c->wa[i], &c->nwa[i], c->A->clauses[i].text, c->A->clauses[i].len)))
            return rc;
    for (size_t j = 0; j < c->B->nclauses; j++)
        if (free_b(c, j) &&
            (rc = pd_word_set(&c->wb[j], &c->nwb[j], c->B->clauses[j].text, c->B->clauses[j].len)))
            return rc;
    return 0;
}

typedef struct {
    cand *v;
    size_t n, cap;
} cand_list;

static int consider(actx *c, cand_list *l, size_t i, size_t j, double thr)
{
    size_t x = c->nwa[i], y = c->nwb[j], lo = x < y ? x : y;
    double s;
    int rc;
    if (c->A->clauses[i].is_heading != c->B->clauses[j].is_heading)
        return 0;
    if (!c->budget) {
        c->bounded = 1;
        return 0;
    }
    c->budget--;
    if (x + y == 0 || 2.0 * (double)lo / (double)(x + y) < thr)
        return 0;
    s = pd_word_set_dice(c->wa[i], x, c->wb[j], y);
    if (s < thr)
        return 0;
    if (l->n == l->cap && (rc = pd_array_grow(&l->v, &l->cap, sizeof(*l->v), 64)))
        return rc;
    l->v[l->n].score = s;
    l->v[l->n].i = i;
    l->v[l->n].j = j;
    l->v[l->n].dist = i > j ? i - j : j - i;
    l->n++;
    return 0;
}

static void take(actx *c, cand_list *l)
{
    if (l->n)
        qsort(l->v, l->n, sizeof(*l->v), cmp_cand);
    for (size_t k = 0; k < l->n; k++) {
        size_t i = l->v[k].i, j = l->v[k].j;
        if (!free_a(c, i) || !free_b(c, j))
            continue;
        c->pa[i] = j;
        c->pb[j] = i;
        c->kind_a[i] = c->kind_b[j] = 'm';
    }
    l->n = 0;
}

/* Pairs the free clauses r[0..nr) with i[0..ni), all pairs when the budget
 * allows, else within a window around the proportional position. */
static int pair_sets(actx *c, const size_t *r, size_t nr, const size_t *in, size_t ni, double thr,
                     cand_list *l)
{
    int rc = 0;
    if (!nr || !ni)
        return 0;
    if (nr <= c->budget / ni) {
        for (size_t x = 0; x < nr && !rc; x++)
            for (size_t y = 0; y < ni && !rc; y++)
                rc = consider(c, l, r[x], in[y], thr);
    } else {
        c->bounded = 1;
        for (size_t x = 0; x < nr && !rc; x++) {
            size_t mid = (size_t)((double)x * (double)ni / (double)nr);
            size_t lo = mid > WINDOW ? mid - WINDOW : 0, hi = mid + WINDOW;
            if (hi > ni)
                hi = ni;
            for (size_t y = lo; y < hi && !rc; y++)
                rc = consider(c, l, r[x], in[y], thr);
        }
    }
    if (!rc)
        take(c, l);
    return rc;
}

/* 1 when section sec is root or lies inside it. */
static int in_subtree(const pd_clause_tree *t, size_t sec, size_t root)
{
    for (int depth = 0; sec != PD_NO_SECTION && sec < t->nsections && depth < 64; depth++) {
        if (sec == root)
            return 1;
        sec = t->sections[sec].parent;
    }
    return 0;
}

/* The partner of clause k of side A (b = 0) or B (b = 1), or NONE. */
static size_t partner(const actx *c, int b, size_t k)
{
    if (b)
        return c->mb[k] != NONE ? c->mb[k] : c->pb[k];
    return c->ma[k] != NONE ? c->ma[k] : c->pa[k];
}

/* The nearest section of B holding clause j whose heading is still free. */
static size_t free_heading_over(const actx *c, const size_t *head_b, size_t j)
{
    size_t sec = c->B->clauses[j].section;
    for (int depth = 0; sec != PD_NO_SECTION && sec < c->B->nsections && depth < 64; depth++) {
        if (head_b[sec] != NONE && free_b(c, head_b[sec]))
            return head_b[sec];
        sec = c->B->sections[sec].parent;
    }
    return NONE;
}

/* A renamed section: its old heading and its new heading are left over,
 * while what the section holds (its clauses and subsections) was found
 * again, unchanged, moved or reworded, under the new heading, in place or
 * elsewhere.  The two headings pair as one renamed heading when most of
 * what was found again of the old section is under one new heading that is
 * left over, and most of what that new section holds and was found again
 * came from the old one.  Headings with nothing in common are not paired,
 * however they sit: a rewrite is headings removed and added. */
static int pair_renamed_sections(actx *c)
{
    const pd_clause_tree *A = c->A, *B = c->B;
    size_t *head_b = malloc((B->nsections + 1) * sizeof(*head_b));
    if (!head_b)
        return PD_ENOMEM;
    for (size_t s = 0; s < B->nsections; s++)
        head_b[s] = NONE;
    for (size_t j = 0; j < B->nclauses; j++)
        if (B->clauses[j].is_heading && B->clauses[j].section < B->nsections &&
            head_b[B->clauses[j].section] == NONE)
            head_b[B->clauses[j].section] = j;
    for (size_t i = 0; i < A->nclauses; i++) {
        size_t sa = A->clauses[i].section, target = NONE, votes = 0, found = 0, j, k, sb;
        size_t mine = 0, theirs = 0;
        if (!A->clauses[i].is_heading || !free_a(c, i))
            continue;
        /* majority vote over where the old section's clauses went */
        for (k = i + 1; k < A->nclauses && in_subtree(A, A->clauses[k].section, sa); k++) {
            size_t p = partner(c, 0, k), h;
            if (p == NONE)
                continue;
            h = free_heading_over(c, head_b, p);
            found++;
            if (!votes)
                target = h;
            votes += h == target ? 1 : (size_t)-1;
        }
        if (!found || target == NONE)
            continue;
        votes = 0;
        for (k = i + 1; k < A->nclauses && in_subtree(A, A->clauses[k].section, sa); k++) {
            size_t p = partner(c, 0, k);
            votes += p != NONE && free_heading_over(c, head_b, p) == target;
        }
        if (2 * votes <= found)
            continue;
        /* and most of what the new section holds came from the old one
         * (each scan is charged to the comparison budget: many old headings
         * pointing at one large new section would make this quadratic) */
        j = target;
        sb = B->clauses[j].section;
        for (k = j + 1; k < B->nclauses && in_subtree(B, B->clauses[k].section, sb); k++) {
            size_t p = partner(c, 1, k);
            if (!c->budget) {
                c->bounded = 1;
                break;
            }
            c->budget--;
            if (p == NONE)
                continue;
            theirs++;
            mine += in_subtree(A, A->clauses[p].section, sa);
        }
        if (!c->budget || 2 * mine <= theirs)
            continue;
        c->pa[i] = j;
        c->pb[j] = i;
        c->kind_a[i] = c->kind_b[j] = 'm';
    }
    free(head_b);
    return 0;
}

/* 1 when a and b share a word of five letters or more ("effective",
 * "information"): the only clauses left in a region are one clause reworded
 * only when they are about the same thing; "We do not sell your data" and
 * "Our stores do not sell tobacco" share only small words. */
static int shares_content_word(const char *a, const char *b)
{
    const char *w[64];
    size_t wl[64], n = 0;
    for (const char *p = a; *p && n < 64;) {
        size_t l = 0;
        while (isalpha((unsigned char)p[l]))
            l++;
        if (l >= 5) {
            w[n] = p;
            wl[n++] = l;
        }
        p += l ? l : 1;
    }
    for (const char *p = b; *p;) {
        size_t l = 0;
        while (isalpha((unsigned char)p[l]))
            l++;
        for (size_t k = 0; l >= 5 && k < n; k++)
            if (wl[k] == l && !strncasecmp(w[k], p, l))
                return 1;
        p += l ? l : 1;
    }
    return 0;
}

/* 1 when old clause i and new clause j sit in sections of the same path. */
static int same_section(const actx *c, size_t i, size_t j)
{
    size_t sa = c->A->clauses[i].section, sb = c->B->clauses[j].section;
    return sa < c->A->nsections && sb < c->B->nsections &&
           !strcmp(c->A->sections[sa].path, c->B->sections[sb].path);
}

static int pair_similar(actx *c, double thr)
{
    size_t na = c->A->nclauses, nb = c->B->nclauses;
    size_t *r = malloc((na + 1) * sizeof(*r)), *in = malloc((nb + 1) * sizeof(*in));
    size_t i = 0, j = 0, nr, ni;
    cand_list l = {NULL, 0, 0};
    int rc = 0;

    if (!r || !in) {
        rc = PD_ENOMEM;
        goto out;
    }
    /* pass 1: within each region between two anchors */
    while ((i < na || j < nb) && !rc) {
        nr = ni = 0;
        while (i < na && c->ma[i] == NONE) {
            if (free_a(c, i))
                r[nr++] = i;
            i++;
        }
        while (j < nb && c->mb[j] == NONE) {
            if (free_b(c, j))
                in[ni++] = j;
            j++;
        }
        rc = pair_sets(c, r, nr, in, ni, thr, &l);
        /* one clause left on each side of the region, of one kind, sharing
         * a good part of their words ("Effective date: December 15, 2022"
         * -> "Effective date: October 10, 2023"): one clause reworded */
        if (!rc) {
            size_t x = NONE, y = NONE, fx = 0, fy = 0;
            for (size_t q = 0; q < nr; q++)
                if (free_a(c, r[q]) && !fx++)
                    x = r[q];
            for (size_t q = 0; q < ni; q++)
                if (free_b(c, in[q]) && !fy++)
                    y = in[q];
            if (fx == 1 && fy == 1 && c->A->clauses[x].is_heading == c->B->clauses[y].is_heading &&
                shares_content_word(c->A->clauses[x].text, c->B->clauses[y].text) &&
                pd_word_set_dice(c->wa[x], c->nwa[x], c->wb[y], c->nwb[y]) >=
                    (same_section(c, x, y) && !c->A->clauses[x].is_heading ? LONE_REPLACED
                                                                           : LONE_PAIR)) {
                c->pa[x] = y;
                c->pb[y] = x;
                c->kind_a[x] = c->kind_b[y] = 'm';
            }
        }
        /* skip the anchor itself */
        if (i < na)
            i++;
        if (j < nb)
            j++;
    }
    /* pass 2: across sections */
    nr = ni = 0;
    for (i = 0; i < na; i++)
        if (free_a(c, i))
            r[nr++] = i;
    for (j = 0; j < nb; j++)
        if (free_b(c, j))
            in[ni++] = j;
    if (!rc && nr && ni) {
        if (nr <= c->budget / ni)
            rc = pair_sets(c, r, nr, in, ni, thr < 0.6 ? 0.6 : thr, &l);
        else
            c->bounded = 1;
    }
    if (!rc)
        rc = pair_renamed_sections(c);
out:
    free(r);
    free(in);
    free(l.v);
    return rc;
}

/* Allocates c's arrays for trees A and B and sets each clause's matching
 * key; returns 0 or PD_ENOMEM (actx_dispose frees what was allocated). */
static int actx_init(actx *c, const pd_clause_tree *A, const pd_clause_tree *B)
{
    size_t na = A->nclauses, nb = B->nclauses;
    c->A = A;
    c->B = B;
    c->budget = PD_ALIGN_MAX_COMPARISONS;
    c->ka = malloc((na + 1) * sizeof(*c->ka));
    c->kb = malloc((nb + 1) * sizeof(*c->kb));
    c->ma = malloc((na + 1) * sizeof(size_t));
    c->mb = malloc((nb + 1) * sizeof(size_t));
    c->pa = malloc((na + 1) * sizeof(size_t));
    c->pb = malloc((nb + 1) * sizeof(size_t));
    c->kind_a = calloc(na + 1, 1);
    c->kind_b = calloc(nb + 1, 1);
    c->wa = calloc(na + 1, sizeof(*c->wa));
    c->wb = calloc(nb + 1, sizeof(*c->wb));
    c->nwa = calloc(na + 1, sizeof(size_t));
    c->nwb = calloc(nb + 1, sizeof(size_t));
    if (!c->ka || !c->kb || !c->ma || !c->mb || !c->pa || !c->pb || !c->kind_a || !c->kind_b ||
        !c->wa || !c->wb || !c->nwa || !c->nwb)
        return PD_ENOMEM;
    for (size_t i = 0; i < na; i++) {
        c->ka[i] = A->clauses[i].hash ^ (A->clauses[i].is_heading ? 0x9e3779b97f4a7c15ull : 0);
        c->ma[i] = c->pa[i] = NONE;
    }
    for (size_t j = 0; j < nb; j++) {
        c->kb[j] = B->clauses[j].hash ^ (B->clauses[j].is_heading ? 0x9e3779b97f4a7c15ull : 0);
        c->mb[j] = c->pb[j] = NONE;
    }
    return 0;
}

/* Frees what c holds (trees not included). */
/* The word sets serve pairing only: freed before the changes are built,
 * which is when the alignment holds the most. */
static int free_word_sets(actx *c)
{
    if (c->wa)
        for (size_t i = 0; i < c->A->nclauses; i++) {
            free(c->wa[i]);
            c->wa[i] = NULL;
        }
    if (c->wb)
        for (size_t j = 0; j < c->B->nclauses; j++) {
            free(c->wb[j]);
            c->wb[j] = NULL;
        }
    return 0;
}

static void actx_dispose(actx *c)
{
    free_word_sets(c);
    free(c->wa);
    free(c->wb);
    free(c->nwa);
    free(c->nwb);
    free(c->ka);
    free(c->kb);
    free(c->ma);
    free(c->mb);
    free(c->pa);
    free(c->pb);
    free(c->kind_a);
    free(c->kind_b);
}

int pd_align_texts(pd_alignment **out, const char *old_md, size_t old_len, const char *new_md,
                   size_t new_len, const pd_align_options *opts)
{
    pd_align_options defaults = PD_ALIGN_OPTIONS_INIT;
    pd_clause_tree A = PD_CLAUSE_TREE_INIT, B = PD_CLAUSE_TREE_INIT;
    change_list changes = {NULL, 0, 0};
    actx c;
    pd_alignment *d = NULL;
    size_t na, nb;
    int rc;

    *out = NULL;
    if (!opts)
        opts = &defaults;
    memset(&c, 0, sizeof(c));
    if ((rc = pd_segment(&A, old_md, old_len)) || (rc = pd_segment(&B, new_md, new_len)))
        goto out;
    na = A.nclauses;
    nb = B.nclauses;
    rc = actx_init(&c, &A, &B);
    d = calloc(1, sizeof(*d));
    if (rc || !d) {
        rc = PD_ENOMEM;
        goto out;
    }
    if ((rc = anchor(&c, 0, na, 0, nb, 0)) || (rc = find_moves(&c)) || (rc = word_sets(&c)) ||
        (rc = pair_similar(&c, opts->min_similarity > 0 ? opts->min_similarity : 0.5)) ||
        (rc = free_word_sets(&c)) || (rc = pd_al_build_changes(&c, &changes)))
        goto out;
    d->changes = changes.v;
    d->nchanges = changes.n;
    changes.v = NULL;
    changes.n = 0;
    d->old_clauses = na;
    d->new_clauses = nb;
    d->bounded = c.bounded;
    *out = d;
    d = NULL;
out:
    for (size_t k = 0; k < changes.n; k++)
        pd_al_change_dispose(&changes.v[k]);
    free(changes.v);
    actx_dispose(&c);
    free(d);
    pd_clause_tree_dispose(&A);
    pd_clause_tree_dispose(&B);
    if (rc && rc != PD_ENOMEM)
        return rc;
    if (rc)
        return pd_error_set(PD_ENOMEM, "out of memory while aligning clauses");
    return 0;
}

void pd_alignment_free(pd_alignment *d)
{
    if (!d)
        return;
    for (size_t k = 0; k < d->nchanges; k++)
        pd_al_change_dispose(&d->changes[k]);
    free(d->changes);
    free(d);
}
