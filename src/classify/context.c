/* context.c - the passes that revise a change's reasons after the whole
 * diff is classified: against what the versions state elsewhere
 * (pd_classify_apply_context) and for a change in a section title
 * (pd_classify_as_title). */
#include "classify/reasons.h"
#include "util/error.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD offsetof(reason, text)

/* A context of the n reasons r (packed as reasons.h says), or NULL. */
static struct pd_flags_context *pack(const reason *r, size_t n, unsigned topics)
{
    struct pd_flags_context *d;
    size_t size = 0, at = 0;
    for (size_t i = 0; i < n; i++)
        size += HEAD + strnlen(r[i].text, sizeof(r[i].text) - 1) + 1;
    if (!(d = malloc(sizeof(*d) + size)))
        return NULL;
    d->topics = topics;
    d->n = n;
    for (size_t i = 0; i < n; i++) {
        size_t len = strnlen(r[i].text, sizeof(r[i].text) - 1);
        memcpy(d->packed + at, &r[i], HEAD);
        memcpy(d->packed + at + HEAD, r[i].text, len);
        d->packed[at + HEAD + len] = '\0';
        at += HEAD + len + 1;
    }
    return d;
}

/* d's reasons back into Rs (which has room: d->n was checked). */
static void unpack(reasons *Rs, const struct pd_flags_context *d)
{
    size_t at = 0;
    Rs->n = d->n;
    for (size_t i = 0; i < d->n; i++) {
        size_t len = strlen((const char *)d->packed + at + HEAD);
        memcpy(&Rs->r[i], d->packed + at, HEAD);
        memcpy(Rs->r[i].text, d->packed + at + HEAD, len + 1);
        at += HEAD + len + 1;
    }
}

int pd_classify_context_new(pd_classify_context **out)
{
    *out = calloc(1, sizeof(**out));
    PD_CHECK_ALLOC(*out);
    return 0;
}

void pd_classify_context_free(pd_classify_context *c)
{
    free(c);
}

/* 1 when profile p states what a reason with this key and id is about. */
static int states(const pd_cl_profile *p, int key, int id)
{
    switch (key) {
    case KY_NEG_COMMIT:
        return pd_cl_negated(p->stance[id]) || (p->negated_any >> id & 1);
    case KY_AFF_COMMIT:
    case KY_PRACTICE:
        return p->stance[id] == PD_ST_AFFIRMED;
    case KY_TRAIN_CONTENT:
        return p->train_content;
    case KY_DATA:
        return (int)(p->data_aff >> id & 1);
    case KY_RECIP:
        return (int)(p->recip_aff >> id & 1);
    case KY_SOURCE:
        return (int)(p->source_aff >> id & 1);
    case KY_TRACK:
        return (int)(p->track_aff >> id & 1);
    case KY_INTL:
        return (int)(p->intl_aff >> id & 1);
    case KY_PURPOSE:
        return (int)(p->purpose_aff >> id & 1);
    case KY_SEC:
        return (int)(p->sec_aff >> id & 1);
    case KY_RIGHT:
        return (int)(p->rights >> id & 1);
    default:
        return 0;
    }
}

/* What a clause added or removed loses that the new version still states
 * in another clause is no loss, what it brings that the old version
 * already stated is not new: those reasons drop one level, never below
 * low, and read neutral at low, saying so.
 * Returns the number of reasons changed. */
static size_t apply_context(reasons *R, const pd_classify_context *c)
{
    size_t changed = 0;
    for (size_t i = 0; i < R->n; i++) {
        reason *r = &R->r[i];
        size_t len;
        /* sale is what users watch most and its wording is the most
         * gamed ("Do Not Sell My ..." forms, sale "except" clauses), and a
         * safeguard is often named only to deny it ("without encryption"):
         * those are always judged on the clause alone */
        if (r->key == KY_NONE || r->key == KY_SEC ||
            ((r->key == KY_NEG_COMMIT || r->key == KY_PRACTICE) && r->id == PD_K_SELL) ||
            !states(&c->side[r->loss ? 1 : 0], r->key, r->id))
            continue;
        len = strlen(r->text);
        snprintf(r->text + len, sizeof(r->text) - len, "%s",
                 r->loss ? " (still stated elsewhere)" : " (already stated before)");
        /* one level down, never to nothing: the other statement may be
         * narrower (a subgroup, an exception, a refusal) than this one */
        r->sev = r->sev == PD_SEV_HIGH ? PD_SEV_MEDIUM : PD_SEV_LOW;
        if (r->sev == PD_SEV_LOW)
            r->imp = PD_IMPACT_NEUTRAL;
        changed++;
    }
    return changed;
}

/* Replaces f's reasons by Rs (re-sorted), keeping after them the reasons
 * others appended past the classifier's own (the aligner's notes). */
static int rebuild(pd_flags *f, struct pd_flags_context *d, reasons *Rs)
{
    size_t nextra = f->nreasons - d->n;
    char **extra = NULL;
    int rc;
    if (nextra) {
        if (!(extra = malloc(nextra * sizeof(*extra))))
            return pd_error_set(PD_ENOMEM, "out of memory while classifying a change");
        memcpy(extra, f->reasons + d->n, nextra * sizeof(*extra));
    }
    for (size_t i = 0; i < d->n; i++)
        free(f->reasons[i]);
    free(f->reasons);
    f->reasons = NULL;
    f->nreasons = 0;
    rc = pd_cl_finish(f, Rs, d->topics);
    if (!rc && nextra) {
        char **r = realloc(f->reasons, (f->nreasons + nextra) * sizeof(*r));
        if (!r) {
            rc = PD_ENOMEM;
        } else {
            memcpy(r + f->nreasons, extra, nextra * sizeof(*r));
            f->reasons = r;
            f->nreasons += nextra;
            nextra = 0;
        }
    }
    for (size_t i = 0; i < nextra; i++)
        free(extra[i]);
    free(extra);
    f->context = rc ? NULL : pack(Rs->r, Rs->n, d->topics); /* in the new order */
    if (!rc && !f->context)
        rc = PD_ENOMEM;
    free(d);
    if (rc)
        return pd_error_set(rc, "out of memory while classifying a change");
    return 0;
}

int pd_classify_apply_context(pd_flags *f, const pd_classify_context *c)
{
    struct pd_flags_context *d = f->context;
    reasons Rs; /* about 10 KB: on the stack */
    if (!d || !c || d->n > f->nreasons || d->n > sizeof(Rs.r) / sizeof(Rs.r[0]))
        return 0;
    unpack(&Rs, d);
    if (!apply_context(&Rs, c))
        return 0;
    return rebuild(f, d, &Rs);
}

int pd_classify_as_title(pd_flags *f)
{
    struct pd_flags_context *d = f->context;
    reasons Rs;
    size_t changed = 0;
    if (!d || d->n > f->nreasons || d->n > sizeof(Rs.r) / sizeof(Rs.r[0]))
        return 0;
    unpack(&Rs, d);
    for (size_t i = 0; i < Rs.n; i++) {
        reason *r = &Rs.r[i];
        size_t len;
        if (r->key == KY_NONE || r->sev == PD_SEV_LOW)
            continue;
        len = strlen(r->text);
        snprintf(r->text + len, sizeof(r->text) - len, " (in a section title)");
        r->sev = PD_SEV_LOW;
        r->imp = PD_IMPACT_NEUTRAL;
        changed++;
    }
    return changed ? rebuild(f, d, &Rs) : 0;
}

int pd_cl_keep_context(pd_flags *out, const reasons *R, unsigned topics)
{
    int keyed = 0;
    for (size_t i = 0; i < R->n; i++)
        keyed |= R->r[i].key != KY_NONE && R->r[i].sev > PD_SEV_NONE;
    if (keyed && !(out->context = pack(R->r, R->n, topics)))
        return PD_ENOMEM;
    return 0;
}
