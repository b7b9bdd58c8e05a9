/* Every classification pass over an alignment; see diff.h. */
#include "classify/diff.h"

#include "util/lang.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Puts reason first in ch's flags (a cosmetic change keeps severity none). */
static int lead_reason(pd_change *ch, const char *reason)
{
    char *s = strdup(reason);
    char **r;
    if (!s)
        return PD_ENOMEM;
    /* the reason is the structure's now: no revisiting it in context */
    free(ch->flags.context);
    ch->flags.context = NULL;
    if (ch->flags.nreasons) {
        free(ch->flags.reasons[0]);
        ch->flags.reasons[0] = s;
        return 0;
    }
    if (!(r = realloc(ch->flags.reasons, sizeof(*r)))) {
        free(s);
        return PD_ENOMEM;
    }
    r[0] = s;
    ch->flags.reasons = r;
    ch->flags.nreasons = 1;
    return 0;
}

/* Adds a reason after the others. */
static int append_reason(pd_change *ch, const char *reason)
{
    char *s = strdup(reason);
    char **r;
    if (!s)
        return PD_ENOMEM;
    if (!(r = realloc(ch->flags.reasons, (ch->flags.nreasons + 1) * sizeof(*r)))) {
        free(s);
        return PD_ENOMEM;
    }
    r[ch->flags.nreasons++] = s;
    ch->flags.reasons = r;
    return 0;
}

/* Moves what a has into ch (a keeps no pointer to it). */
static void take_change(pd_change *ch, pd_aligned_change *a)
{
    pd_flags none = PD_FLAGS_INIT;
    ch->op = a->op;
    ch->cosmetic = a->cosmetic;
    ch->section = a->section;
    ch->old_section = a->old_section;
    ch->old_text = a->old_text;
    ch->new_text = a->new_text;
    ch->words = a->words;
    ch->nwords = a->nwords;
    ch->flags = none;
    ch->is_heading = a->is_heading;
    ch->old_index = a->old_index;
    ch->new_index = a->new_index;
    a->section = a->old_section = a->old_text = a->new_text = NULL;
    a->words = NULL;
    a->nwords = 0;
}

/* Pass 1 for one change: its own words, then what the aligner saw. */
static int classify_one(pd_change *ch, const pd_aligned_change *a, pd_classify_context *ctx)
{
    int rc;
    if ((rc = pd_classify_change_in(&ch->flags, ch->op, ch->old_text, ch->new_text, ch->cosmetic,
                                    ctx)))
        return rc;
    /* a change the aligner does not call cosmetic (it touches a negation,
     * a modal, a number, ..., or it moved) is at least low, even when
     * the classifier sees the same words: the headline, the summary and
     * the exit status then agree */
    if (!ch->cosmetic && ch->flags.severity == PD_SEV_NONE)
        ch->flags.severity = PD_SEV_LOW;
    /* one copy of a clause the other version has word for word: said
     * so after the classifier's reasons, which stand (a right removed
     * from "All users" and kept for "California residents" is
     * narrowed, not moved) */
    if (a->repeated && !ch->cosmetic && (ch->op == PD_OP_REMOVED || ch->op == PD_OP_ADDED) &&
        (rc = append_reason(ch, ch->op == PD_OP_REMOVED
                                    ? "repeated text removed: the same words are still there"
                                    : "repeated text added: the same words were already there")))
        return rc;
    if (ch->op == PD_OP_MODIFIED && ch->cosmetic && !strcmp(ch->old_text, ch->new_text) &&
        a->old_level != a->new_level) {
        char why[96];
        snprintf(why, sizeof(why), "heading level %d -> %d: section structure only", a->old_level,
                 a->new_level);
        if ((rc = lead_reason(ch, why)))
            return rc;
    }
    return 0;
}

/* Pass 3: the flag model over one clause change. */
static int model_pass(pd_change *ch, const pd_flag_model *model)
{
    if (ch->is_heading ||
        (ch->op != PD_OP_ADDED && ch->op != PD_OP_REMOVED && ch->op != PD_OP_MODIFIED))
        return 0;
    int rc =
        pd_flag_model_apply(model, &ch->flags, ch->op, ch->old_text, ch->new_text, ch->cosmetic);
    if (!rc && ch->flags.severity == PD_SEV_NONE)
        ch->cosmetic = 1;
    return rc;
}

int pd_classify_diff(pd_diff **out, pd_alignment *alignment)
{
    return pd_classify_diff_with(out, alignment, pd_flag_model_builtin());
}

int pd_classify_diff_with(pd_diff **out, pd_alignment *alignment, const pd_flag_model *model)
{
    pd_classify_context *ctx = NULL;
    pd_diff *d = calloc(1, sizeof(*d));
    size_t n = alignment->nchanges;
    int rc = 0;

    *out = NULL;
    if (!d || (n && !(d->changes = calloc(n, sizeof(*d->changes))))) {
        rc = PD_ENOMEM;
        goto out;
    }
    d->old_clauses = alignment->old_clauses;
    d->new_clauses = alignment->new_clauses;
    d->bounded = alignment->bounded;
    for (size_t k = 0; k < n; k++)
        take_change(&d->changes[k], &alignment->changes[k]);
    d->nchanges = n;
    if ((rc = pd_classify_context_new(&ctx)))
        goto out;
    for (size_t k = 0; k < n && !rc; k++)
        rc = classify_one(&d->changes[k], &alignment->changes[k], ctx);
    /* pass 2: whole clauses added or removed, against what the other
     * changes state (a commitment moved into a rewritten clause) */
    for (size_t k = 0; k < n && !rc; k++) {
        pd_change *ch = &d->changes[k];
        rc = pd_classify_apply_context(&ch->flags, ctx);
        /* a section renamed: what it names is in its clauses, diffed on
         * their own ("Right To Be Forgotten" -> "Your Rights" is no loss
         * of a right), but "under 16" -> "under 13" is an age change */
        if (!rc && ch->is_heading && ch->op == PD_OP_MODIFIED && !ch->cosmetic)
            rc = pd_classify_as_title(&ch->flags);
        /* its reasons' context served this pass only (a copy of every
         * reason: as much memory as a large diff's output) */
        free(ch->flags.context);
        ch->flags.context = NULL;
    }
    for (size_t k = 0; k < n && !rc; k++)
        rc = model_pass(&d->changes[k], model);
    if (!rc) {
        *out = d;
        d = NULL;
    }
out:
    pd_classify_context_free(ctx);
    pd_diff_free(d);
    if (rc == PD_ENOMEM)
        return pd_error_set(PD_ENOMEM, "out of memory while classifying changes");
    return rc;
}

/* Two versions in different languages: one change that says so, not a
 * rewrite of every clause.  0 when the languages are the same or unknown,
 * 1 with *out set, or PD_ENOMEM. */
static int language_change(pd_diff **out, const char *old_md, size_t old_len, const char *new_md,
                           size_t new_len)
{
    /* the first 4 KB of a page say its language */
    size_t ol = old_len < 4096 ? old_len : 4096, nl = new_len < 4096 ? new_len : 4096;
    pd_lang lo = pd_lang_detect(old_md, ol, 12), ln = pd_lang_detect(new_md, nl, 12);
    char why[64];
    if (lo == PD_LANG_UNKNOWN || ln == PD_LANG_UNKNOWN || lo == ln)
        return 0;
    pd_diff *d = calloc(1, sizeof(*d));
    pd_change *ch = d ? calloc(1, sizeof(*ch)) : NULL;
    char **r = ch ? malloc(sizeof(*r)) : NULL;
    snprintf(why, sizeof(why), "language changed: %s -> %s", pd_lang_name(lo), pd_lang_name(ln));
    if (r) {
        ch->section = strdup("");
        ch->old_section = strdup("");
        ch->old_text = strndup(old_md, old_len);
        ch->new_text = strndup(new_md, new_len);
        r[0] = strdup(why);
    }
    if (!r || !ch->section || !ch->old_section || !ch->old_text || !ch->new_text || !r[0]) {
        if (ch) {
            free(ch->section);
            free(ch->old_section);
            free(ch->old_text);
            free(ch->new_text);
        }
        if (r)
            free(r[0]);
        free(r);
        free(ch);
        free(d);
        return PD_ENOMEM_SET();
    }
    ch->op = PD_OP_MODIFIED;
    ch->old_index = ch->new_index = 0;
    ch->flags = (pd_flags)PD_FLAGS_INIT;
    ch->flags.categories = ch->flags.primary = PD_CAT_OTHER;
    ch->flags.severity = PD_SEV_MEDIUM;
    ch->flags.impact = PD_IMPACT_UNCLEAR;
    ch->flags.reasons = r;
    ch->flags.nreasons = 1;
    d->changes = ch;
    d->nchanges = 1;
    d->old_clauses = d->new_clauses = 1;
    *out = d;
    return 1;
}

int pd_diff_texts(pd_diff **out, const char *old_md, size_t old_len, const char *new_md,
                  size_t new_len, const pd_align_options *opts)
{
    pd_alignment *a = NULL;
    int rc;

    *out = NULL;
    if (!(rc = pd_align_texts(&a, old_md, old_len, new_md, new_len, opts))) {
        /* a language flip rewrites most clauses: only then is it looked for */
        size_t most = a->old_clauses > a->new_clauses ? a->old_clauses : a->new_clauses;
        if (a->nchanges * 2 >= most && a->nchanges > 0)
            rc = language_change(out, old_md, old_len, new_md, new_len);
        rc = rc == 1 ? 0 : rc ? rc : pd_classify_diff(out, a);
    }
    pd_alignment_free(a);
    return rc;
}

void pd_diff_free(pd_diff *d)
{
    if (!d)
        return;
    for (size_t k = 0; k < d->nchanges; k++) {
        pd_change *ch = &d->changes[k];
        free(ch->section);
        free(ch->old_section);
        free(ch->old_text);
        free(ch->new_text);
        pd_word_ops_free(ch->words, ch->nwords);
        pd_flags_dispose(&ch->flags);
    }
    free(d->changes);
    free(d);
}
