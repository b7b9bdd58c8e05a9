/* Building the changes from an alignment: removed, added, moved and
 * modified clauses in new-version order, merged into runs. */
#include "align/internal.h"
#include "align/word.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    pd_op op;
    int cosmetic;
    size_t i, j;  /* clause indices (NONE for the missing side) */
    size_t pos;   /* new-side position for ordering */
    int sub;      /* 0 removed, 1 others */
    int repeated; /* added/removed, but the same clause is in the other version */
} elem;

static int cmp_elem(const void *x, const void *y)
{
    const elem *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    if (a->sub != b->sub)
        return a->sub - b->sub;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

static int within(const pd_clause_tree *t, size_t sec, size_t anc)
{
    while (sec != PD_NO_SECTION) {
        if (sec == anc)
            return 1;
        sec = t->sections[sec].parent;
    }
    return 0;
}

/* In e[0..n) (e[0] moved), finds the moved run that continues through
 * modified clauses sitting at the next old and new positions, and reorders
 * that stretch so the moved clauses come first (stable).  Returns how many
 * moved clauses lead e afterwards, or 0 when nothing was reordered. */
static size_t defer_rewrites(const pd_clause_tree *A, const pd_clause_tree *B, elem *e, size_t n,
                             size_t sa, size_t sb)
{
    size_t m = 1, last_i = e[0].i, last_j = e[0].j, stop = 1, nmoved = 1, w;
    int deferred = 0;

    while (m < n && e[m].i == last_i + 1 && e[m].j == last_j + 1 &&
           (e[m].op == PD_OP_MOVED || e[m].op == PD_OP_MODIFIED) &&
           within(A, A->clauses[e[m].i].section, sa) && within(B, B->clauses[e[m].j].section, sb)) {
        last_i = e[m].i;
        last_j = e[m].j;
        if (e[m].op == PD_OP_MOVED) {
            nmoved++;
            stop = m + 1; /* the stretch ends with a moved clause */
        } else {
            deferred = 1;
        }
        m++;
    }
    if (!deferred || nmoved < 2)
        return 0;
    /* stable partition of e[0..stop): moved first, then the rest */
    {
        elem tmp[64];
        elem *buf = stop <= 64 ? tmp : malloc(stop * sizeof(*buf));
        if (!buf)
            return 0;
        w = 0;
        for (size_t x = 0; x < stop; x++)
            if (e[x].op == PD_OP_MOVED)
                buf[w++] = e[x];
        for (size_t x = 0; x < stop; x++)
            if (e[x].op != PD_OP_MOVED)
                buf[w++] = e[x];
        memcpy(e, buf, stop * sizeof(*e));
        if (buf != tmp)
            free(buf);
    }
    return nmoved;
}

static int empty_clause(const pd_clause *cl)
{
    return cl->hash == pd_clause_hash("", 0);
}

static void join(pd_buf *b, const pd_clause *prev, const pd_clause *cl)
{
    if (b->len)
        pd_buf_putc(b, prev && prev->block == cl->block ? ' ' : '\n');
    pd_buf_put(b, cl->text, cl->len);
}

static int push_change(change_list *l, pd_aligned_change *ch)
{
    int rc;
    if (l->n == l->cap && (rc = pd_array_grow(&l->v, &l->cap, sizeof(*l->v), 16)))
        return rc;
    l->v[l->n++] = *ch;
    return 0;
}

void pd_al_change_dispose(pd_aligned_change *ch)
{
    free(ch->section);
    free(ch->old_section);
    free(ch->old_text);
    free(ch->new_text);
    pd_word_ops_free(ch->words, ch->nwords);
}

/* 1 when old clause i and new clause j are both headings of different
 * levels (a section promoted or demoted), with the levels in *from, *to. */
static int heading_levels(const pd_clause_tree *A, const pd_clause_tree *B, size_t i, size_t j,
                          int *from, int *to)
{
    int la, lb;
    if (i == NONE || j == NONE || !A->clauses[i].is_heading || !B->clauses[j].is_heading)
        return 0;
    la = A->sections[A->clauses[i].section].level;
    lb = B->sections[B->clauses[j].section].level;
    if (from)
        *from = la;
    if (to)
        *to = lb;
    return la != lb;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Sorted clause hashes of t (NULL when out of memory or empty). */
static uint64_t *sorted_hashes(const pd_clause_tree *t)
{
    uint64_t *h = t->nclauses ? malloc(t->nclauses * sizeof(*h)) : NULL;
    if (!h)
        return NULL;
    for (size_t i = 0; i < t->nclauses; i++)
        h[i] = t->clauses[i].hash;
    qsort(h, t->nclauses, sizeof(*h), cmp_u64);
    return h;
}

/* The clause is also in the other version (same normalized text): removing
 * or adding one copy of a repeated clause changes nothing a reader gets. */
static int still_there(const uint64_t *sorted, size_t n, const pd_clause *cl)
{
    /* short clauses ("No.", "None.") repeat with different meanings */
    return sorted && cl->len >= 40 &&
           bsearch(&cl->hash, sorted, n, sizeof(*sorted), cmp_u64) != NULL;
}

/* Fills e with one element per clause that changed, in no order yet
 * (ins: room for the old clauses); returns their number. */
static size_t collect_elems(elem *e, size_t *ins, const actx *c, const uint64_t *ha,
                            const uint64_t *hb)
{
    const pd_clause_tree *A = c->A, *B = c->B;
    size_t na = A->nclauses, nb = B->nclauses, ne = 0, cur = 0;
    for (size_t i = 0; i < na; i++) {
        if (c->ma[i] != NONE)
            cur = c->ma[i] + 1;
        ins[i] = cur;
    }
    for (size_t i = 0; i < na; i++) {
        const pd_clause *x = &A->clauses[i];
        if (c->ma[i] != NONE) {
            const pd_clause *y = &B->clauses[c->ma[i]];
            if (x->len != y->len || memcmp(x->text, y->text, x->len) ||
                heading_levels(A, B, i, c->ma[i], NULL, NULL))
                e[ne++] = (elem){PD_OP_MODIFIED, 1, i, c->ma[i], c->ma[i], 1, 0};
        } else if (c->pa[i] == NONE) {
            e[ne++] =
                (elem){PD_OP_REMOVED, empty_clause(x), i, NONE, ins[i], 0, still_there(hb, nb, x)};
        } else if (c->kind_a[i] == 'v') {
            e[ne++] = (elem){PD_OP_MOVED, 0, i, c->pa[i], c->pa[i], 1, 0};
        } else {
            e[ne++] = (elem){PD_OP_MODIFIED, -1, i, c->pa[i], c->pa[i], 1, 0};
        }
    }
    for (size_t j = 0; j < nb; j++)
        if (c->mb[j] == NONE && c->pb[j] == NONE)
            e[ne++] = (elem){PD_OP_ADDED, empty_clause(&B->clauses[j]),       NONE, j, j,
                             1,           still_there(ha, na, &B->clauses[j])};
    return ne;
}

/* The end of the run of elements that starts at e[k] (sections sa, sb)
 * and becomes one change; *cosmetic and *repeated: of the whole run. */
static size_t run_end(const pd_clause_tree *A, const pd_clause_tree *B, elem *e, size_t ne,
                      size_t k, size_t sa, size_t sb, int *cosmetic, int *repeated)
{
    const elem *first = &e[k];
    size_t end = k + 1, run;
    /* a moved run goes on past clauses rewritten in place inside it: they
     * are put after the run, so a moved section with an edit is one
     * moved plus one modified */
    run = first->op == PD_OP_MOVED ? defer_rewrites(A, B, e + k, ne - k, sa, sb) : 0;
    if (run) {
        end = k + run;
    } else if (first->op != PD_OP_MODIFIED) {
        /* runs of added / removed / moved clauses of one section become one change */
        while (end < ne && e[end].op == first->op) {
            const elem *p = &e[end - 1], *q = &e[end];
            if (first->op != PD_OP_ADDED &&
                (q->i != p->i + 1 || !within(A, A->clauses[q->i].section, sa)))
                break;
            if (first->op != PD_OP_REMOVED &&
                (q->j != p->j + 1 || !within(B, B->clauses[q->j].section, sb)))
                break;
            *cosmetic = *cosmetic && q->cosmetic;
            *repeated = *repeated && q->repeated;
            end++;
        }
    }
    return end;
}

/* Fills ch from elements e[k, end) (sections sa, sb), joining their texts
 * in ot and nt.  On error ch holds nothing. */
static int make_change(pd_aligned_change *ch, const pd_clause_tree *A, const pd_clause_tree *B,
                       const elem *e, size_t k, size_t end, size_t sa, size_t sb, int cosmetic,
                       pd_buf *ot, pd_buf *nt)
{
    const elem *first = &e[k];
    int rc;
    pd_buf_clear(ot);
    pd_buf_clear(nt);
    for (size_t m = k; m < end; m++) {
        if (e[m].i != NONE)
            join(ot, m > k ? &A->clauses[e[m - 1].i] : NULL, &A->clauses[e[m].i]);
        if (e[m].j != NONE)
            join(nt, m > k ? &B->clauses[e[m - 1].j] : NULL, &B->clauses[e[m].j]);
    }
    if ((rc = pd_buf_error(ot)) || (rc = pd_buf_error(nt)))
        return rc;
    ch->old_text = strdup(pd_buf_cstr(ot));
    ch->new_text = strdup(pd_buf_cstr(nt));
    ch->section = strdup(sb != NONE ? B->sections[sb].path : A->sections[sa].path);
    ch->old_section = strdup(sa != NONE ? A->sections[sa].path : "");
    ch->old_index = first->i;
    ch->new_index = first->j;
    ch->is_heading = (first->i != NONE && A->clauses[first->i].is_heading) ||
                     (first->j != NONE && B->clauses[first->j].is_heading);
    if (!ch->old_text || !ch->new_text || !ch->section || !ch->old_section) {
        pd_al_change_dispose(ch);
        return PD_ENOMEM;
    }
    if (ch->op == PD_OP_MODIFIED) {
        if ((rc = pd_word_diff(&ch->words, &ch->nwords, ch->old_text, strlen(ch->old_text),
                               ch->new_text, strlen(ch->new_text)))) {
            pd_al_change_dispose(ch);
            return rc;
        }
        if (cosmetic < 0)
            cosmetic = pd_change_is_cosmetic(ch->old_text, ch->new_text);
    }
    ch->cosmetic = cosmetic > 0;
    (void)heading_levels(A, B, first->i, first->j, &ch->old_level, &ch->new_level);
    return 0;
}

int pd_al_build_changes(actx *c, change_list *out)
{
    const pd_clause_tree *A = c->A, *B = c->B;
    size_t na = A->nclauses, nb = B->nclauses, ne = 0;
    elem *e = malloc((na + nb + 1) * sizeof(*e));
    size_t *ins = malloc((na + 1) * sizeof(*ins));
    uint64_t *ha = sorted_hashes(A), *hb = sorted_hashes(B);
    pd_buf ot = PD_BUF_INIT, nt = PD_BUF_INIT;
    int rc = 0;

    if (!e || !ins) {
        rc = PD_ENOMEM;
        goto out;
    }
    ne = collect_elems(e, ins, c, ha, hb);
    qsort(e, ne, sizeof(*e), cmp_elem);

    for (size_t k = 0; k < ne && !rc;) {
        pd_aligned_change ch;
        const elem *first = &e[k];
        size_t end, sa = NONE, sb = NONE;
        int cosmetic = first->cosmetic, repeated = first->repeated;

        memset(&ch, 0, sizeof(ch));
        ch.op = first->op;
        if (first->i != NONE)
            sa = A->clauses[first->i].section;
        if (first->j != NONE)
            sb = B->clauses[first->j].section;
        end = run_end(A, B, e, ne, k, sa, sb, &cosmetic, &repeated);
        if ((rc = make_change(&ch, A, B, e, k, end, sa, sb, cosmetic, &ot, &nt)))
            break;
        ch.repeated = repeated;
        if ((rc = push_change(out, &ch))) {
            pd_al_change_dispose(&ch);
            break;
        }
        k = end;
    }
out:
    pd_buf_dispose(&ot);
    pd_buf_dispose(&nt);
    free(e);
    free(ins);
    free(ha);
    free(hb);
    return rc;
}
