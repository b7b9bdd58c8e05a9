/* labelled.c - load and score the labelled change set (see labelled.h). */
#include "labelled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

pd_op pd_label_op(const char *name)
{
    if (strcmp(name, "added") == 0)
        return PD_OP_ADDED;
    if (strcmp(name, "removed") == 0)
        return PD_OP_REMOVED;
    if (strcmp(name, "moved") == 0)
        return PD_OP_MOVED;
    return PD_OP_MODIFIED;
}

int pd_impact_from_label(const char *name)
{
    static const char *const names[] = {"neutral", "better", "worse", "unclear"};
    for (int i = 0; i < 4; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static unsigned parse_cats(char *list, unsigned *first, int *bad)
{
    unsigned cats = 0;
    *first = 0;
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ')
            tok++;
        unsigned b = pd_category_from_name(tok);
        if (!b)
            *bad = 1;
        if (!*first)
            *first = b;
        cats |= b;
    }
    return cats;
}

int pd_labels_load(const char *path, pd_label **out, size_t *n, char *err, size_t errlen)
{
    pd_buf b = PD_BUF_INIT;
    *out = NULL;
    *n = 0;
    if (pd_buf_read_file(&b, path, 1 << 22)) {
        snprintf(err, errlen, "cannot read %s", path);
        return -1;
    }
    size_t cap = 0;
    int lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(b.ptr, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *f[7];
        int nf = 0;
        char *p = line;
        f[nf++] = p;
        while ((p = strchr(p, '\t')) && nf < 7) {
            *p++ = '\0';
            f[nf++] = p;
        }
        if (nf != 7) {
            snprintf(err, errlen, "%s:%d: expected 7 tab-separated fields, got %d", path, lineno,
                     nf);
            goto fail;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 128;
            pd_label *nl = realloc(*out, cap * sizeof(pd_label));
            if (!nl)
                goto fail;
            *out = nl;
        }
        pd_label *l = &(*out)[*n];
        memset(l, 0, sizeof(*l));
        int bad = 0;
        l->op = pd_label_op(f[0]);
        l->cats = parse_cats(f[3], &l->first, &bad);
        l->severity = pd_severity_from_name(f[4]);
        l->impact = pd_impact_from_label(f[5]);
        l->cosmetic = atoi(f[6]);
        l->line = lineno;
        if (bad || l->severity < 0 || l->impact < 0) {
            snprintf(err, errlen, "%s:%d: unknown category, severity or impact", path, lineno);
            goto fail;
        }
        l->old_text = strdup(f[1]);
        l->new_text = strdup(f[2]);
        (*n)++;
        if (!l->old_text || !l->new_text)
            goto fail;
    }
    pd_buf_dispose(&b);
    return 0;
fail:
    pd_buf_dispose(&b);
    pd_labels_free(*out, *n);
    *out = NULL;
    *n = 0;
    return -1;
}

void pd_labels_free(pd_label *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(l[i].old_text);
        free(l[i].new_text);
    }
    free(l);
}

static int popcount(unsigned x)
{
    int c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

void pd_label_score_add(pd_label_score *s, const pd_label *l, const pd_flags *f, int *ok_cat,
                        int *ok_sev, int *ok_imp)
{
    s->n++;
    if (!l->cats) {
        *ok_cat = 1;
    } else {
        int inter = popcount(l->cats & f->categories);
        int uni = popcount(l->cats | f->categories);
        *ok_cat = (f->categories & l->first) && 2 * inter >= uni;
        s->primary_ok += pd_flags_primary(f) == l->first;
    }
    if (!l->cats)
        s->primary_ok++;
    *ok_sev = (int)f->severity == l->severity;
    *ok_imp = (int)f->impact == l->impact;
    s->cat_ok += *ok_cat;
    s->sev_ok += *ok_sev;
    s->imp_ok += *ok_imp;
    if (l->severity == PD_SEV_NONE) {
        s->cosmetic_n++;
        s->cosmetic_flagged += f->severity != PD_SEV_NONE;
    }
}
