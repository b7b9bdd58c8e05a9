/* Every classification pass over an alignment; see diff.h. */
#include "classify/diff.h"

#include "classify/internal.h"
#include "classify/reasons.h"
#include "util/lang.h"
#include "util/utf8.h"
#include "util/error.h"
#include "util/simd.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A clause added (removed) whose runs of three words are, RESTATED_PERCENT
 * of them or more, in the old (new) version is restated, not new (lost);
 * a clause of fewer runs than RESTATED_TRIGRAMS is too short to tell. */
#define RESTATED_PERCENT 95
#define RESTATED_TRIGRAMS 6

/* Puts why first in ch's flags (a cosmetic change keeps severity none). */
static int lead_reason(pd_change *ch, const char *why)
{
    char *s = strdup(why);
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

/* Adds why after the other reasons. */
static int append_reason(pd_change *ch, const char *why)
{
    char *s = strdup(why);
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
     * a modal, a number, ..., or it moved) is at least low: the headline,
     * the summary and the exit status then agree; but for a reworded
     * clause whose words and numbers the classifier finds the same (a
     * contraction spelt out, a typographic quote), which is cosmetic */
    if (ch->flags.same_words)
        ch->cosmetic = 1; /* "don't" -> "do not", a quote or a comma: the words stay */
    else if (!ch->cosmetic && ch->flags.severity == PD_SEV_NONE)
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

/* Whether each side the change has is a date stamp alone. */
static int date_stamp(const pd_change *ch)
{
    return (ch->op == PD_OP_ADDED || pd_cl_date_stamp(ch->old_text)) &&
           (ch->op == PD_OP_REMOVED || pd_cl_date_stamp(ch->new_text));
}

/* A clause whose versions are a link's words that only lead on ("read
 * more": the link's target is not in the clause's text), or nothing. */
static int link_only(const pd_change *ch)
{
    return (ch->op == PD_OP_ADDED || pd_cl_navigation(ch->old_text)) &&
           (ch->op == PD_OP_REMOVED || pd_cl_navigation(ch->new_text));
}

/* A clause added or removed that announces the document's new version,
 * where the rules found no practice stated. */
static int update_notice(const pd_change *ch)
{
    return ch->flags.guessed && (ch->op == PD_OP_ADDED || ch->op == PD_OP_REMOVED) &&
           pd_cl_update_notice(ch->op == PD_OP_ADDED ? ch->new_text : ch->old_text);
}

/* The next word at or after *p (its bytes: pd_cl_word_byte), its length
 * in *n, *p moved past it; NULL at the end.  A Markdown link's target
 * ("](https://...)") is no word of the clause: skipped. */
static const char *next_word(const char **p, size_t *n)
{
    const char *s = *p;
    while (*s && !pd_cl_word_byte((unsigned char)*s)) {
        if (s[0] == ']' && s[1] == '(')
            s += strcspn(s, ") ");
        else
            s++;
    }
    if (!*s) {
        *p = s;
        return NULL;
    }
    const char *w = s;
    while (*s && pd_cl_word_byte((unsigned char)*s))
        s++;
    *n = (size_t)(s - w);
    *p = s;
    return w;
}

/* Content words (not function words, not a link's target) in s. */
static size_t content_words(const char *s)
{
    size_t n = 0, len;
    for (const char *p = s, *w; (w = next_word(&p, &len));) {
        /* one character of three bytes or fewer outside ASCII is a dash or
         * a quote ("–", "«"), not a word */
        int mark = len <= 3 && (unsigned char)w[0] >= 0x80;
        n += !pd_cl_function_word(w, len) && !mark;
    }
    return n;
}

/* The run of words a modified clause gains or loses without replacing
 * anything, when it holds three content words or more ("... underage" ->
 * "... underage or are allowing someone underage to use your account"),
 * else NULL: such a clause says more or less than before, whatever its
 * other words. */
static const pd_word_op *words_alone(const pd_change *ch)
{
    for (size_t k = 0; k < ch->nwords; k++) {
        const pd_word_op *w = &ch->words[k];
        if (w->op == PD_WORD_EQUAL)
            continue;
        int replaces = (k > 0 && ch->words[k - 1].op != PD_WORD_EQUAL) ||
                       (k + 1 < ch->nwords && ch->words[k + 1].op != PD_WORD_EQUAL);
        /* a bold lead-in gained or dropped ("**Opting Out** - You can ...")
         * is a label, as reword.c reads it */
        const char *side = w->op == PD_WORD_DELETE ? ch->old_text : ch->new_text;
        int label = k == 0 && !strncmp(side, "**", 2);
        if (!replaces && !label && content_words(w->text) >= 3)
            return w;
    }
    return NULL;
}

/* Whether s holds a negation or an exception ("other than Public
 * Content", "cannot access", "don't", "sauf"): words that narrow what a
 * clause allows. */
static int limiting_words(const char *s)
{
    const char *prev = NULL, *w;
    size_t prevn = 0, n;
    for (const char *p = s; (w = next_word(&p, &n)); prev = w, prevn = n) {
        /* "can't" is "can" and "t" (an ASCII apostrophe is no word byte);
         * "can’t" is one word (U+2019's bytes are) */
        int nt = (n == 1 && (w[0] | 0x20) == 't' && w > s && w[-1] == '\'') ||
                 (n > 5 && !memcmp(w + n - 5, "n\xe2\x80\x99t", 5));
        int other_than =
            n == 4 && !strncasecmp(w, "than", 4) && prevn == 5 && !strncasecmp(prev, "other", 5);
        if (pd_cl_negation_word(w, n) || pd_cl_exception_word(w, n) || nt || other_than ||
            (n == 6 && !strncasecmp(w, "cannot", 6)))
            return 1;
    }
    return 0;
}

/* Which way words gained or lost outright move a clause of category cat
 * (pd_cl_more_impact): a practice that gains words (another data type,
 * another tracker, another use) allows more (worse), a right that gains
 * them gives more (better); either way round when the words are an
 * exception or a negation ("other than Public Content" removed allows
 * more, "except messages sent to businesses" added to a safeguard gives
 * less). */
static pd_impact words_alone_impact(const pd_word_op *w, unsigned cat)
{
    int added = w->op == PD_WORD_INSERT;
    return pd_cl_more_impact(added != limiting_words(w->text), cat); /* the clause says more */
}

/* Pass 3: the flag model over one clause change. */
static int model_pass(pd_change *ch, const pd_flag_model *model, const pd_flag_doc *doc)
{
    if (ch->is_heading ||
        (ch->op != PD_OP_ADDED && ch->op != PD_OP_REMOVED && ch->op != PD_OP_MODIFIED))
        return 0;
    int rc = pd_flag_model_apply_in(model, &ch->flags, ch->op, ch->old_text, ch->new_text,
                                    ch->cosmetic, doc);
    const char *stamp = NULL;
    int nav = 0; /* a link that leads on: about nothing */
    if (!rc && ch->flags.severity != PD_SEV_NONE) {
        if (date_stamp(ch))
            stamp = "date stamp only: no change in meaning";
        else if (update_notice(ch))
            stamp = "notice of an update: the changes are in the clauses";
        else if ((nav = link_only(ch)))
            stamp = "a link that leads on, no statement: navigation only";
    }
    if (stamp) {
        /* a "last updated" line added, removed or redated, a banner
         * announcing the new version, or a "read more" link says nothing
         * of what the policy does: the clauses that change say it */
        ch->flags.severity = PD_SEV_NONE;
        ch->flags.impact = PD_IMPACT_NEUTRAL;
        /* what the line is about: the document's version, or nothing */
        ch->flags.primary = nav ? PD_CAT_OTHER : PD_CAT_POLICY_CHANGE;
        ch->flags.categories = nav ? PD_CAT_OTHER : ch->flags.categories | PD_CAT_POLICY_CHANGE;
        for (size_t i = 1; i < ch->flags.nreasons; i++)
            free(ch->flags.reasons[i]); /* the model's reading went with it */
        ch->flags.nreasons = ch->flags.nreasons ? 1 : 0;
        rc = lead_reason(ch, stamp);
    }
    const pd_word_op *alone = NULL;
    /* the model's guess of no change, or a low change of no direction where
     * the rules found nothing */
    int guess =
        ch->flags.nreasons && ((ch->flags.severity == PD_SEV_NONE &&
                                !strncmp(ch->flags.reasons[0], "no change in meaning", 20)) ||
                               (ch->flags.severity == PD_SEV_LOW &&
                                ch->flags.impact == PD_IMPACT_NEUTRAL && ch->flags.guessed));
    if (!rc && ch->op == PD_OP_MODIFIED && guess && (alone = words_alone(ch))) {
        /* stops at words added or removed outright, which say which way
         * the clause moved (the same meaning in other words, a typo or a
         * date stamp are other findings and stand) */
        char why[96];
        size_t n = pd_utf8_prefix(alone->text, 60);
        snprintf(why, sizeof(why), "words %s: \"%.*s%s\"",
                 alone->op == PD_WORD_DELETE ? "removed" : "added", (int)n, alone->text,
                 alone->text[n] ? "..." : "");
        ch->flags.severity = PD_SEV_LOW;
        ch->flags.impact = words_alone_impact(alone, ch->flags.primary);
        rc = lead_reason(ch, why);
    }
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
    return pd_classify_diff_in(out, alignment, model, NULL);
}

int pd_classify_diff_in(pd_diff **out, pd_alignment *alignment, const pd_flag_model *model,
                        const pd_flag_doc *doc)
{
    /* the context (two profiles, some 2 KB) on the stack, and the changes
     * not zeroed (take_change sets every field): a diff's two large
     * allocations each made malloc consolidate its free chunks first */
    pd_classify_context ctx_room, *ctx = &ctx_room;
    pd_diff *d = calloc(1, sizeof(*d));
    size_t n = alignment->nchanges;
    int rc = 0;

    *out = NULL;
    memset(&ctx_room, 0, sizeof(ctx_room));
    if (!d || (n && !(d->changes = malloc(n * sizeof(*d->changes))))) {
        rc = PD_ENOMEM;
        goto out;
    }
    d->old_clauses = alignment->old_clauses;
    d->new_clauses = alignment->new_clauses;
    d->bounded = alignment->bounded;
    for (size_t k = 0; k < n; k++)
        take_change(&d->changes[k], &alignment->changes[k]);
    d->nchanges = n;
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
        rc = model_pass(&d->changes[k], model, doc);
    if (!rc) {
        *out = d;
        d = NULL;
    }
out:
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

/* ---- the whole versions as context ---- */

/* Runs of three words, hashed, of the clauses a side asks about: each
 * marked when the other version has it too. */
typedef struct {
    uint64_t *slot; /* open addressing; 0 is empty */
    unsigned char *seen;
    size_t mask;
} tri_set;

static uint64_t tri_mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h | 1; /* never 0 */
}

static int word_byte(unsigned char c)
{
    return pd_cl_word_byte(c);
}

/* Calls fn(ctx, hash) for each run of three words of text (lower-cased
 * letters and digits; Markdown link targets skipped); returns how many. */
static size_t each_trigram(const char *text, size_t len, void (*fn)(void *, uint64_t), void *ctx)
{
    uint32_t w[3] = {0, 0, 0};
    size_t n = 0, count = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == ']' && i + 1 < len && text[i + 1] == '(') {
            while (i < len && text[i] != ')' && text[i] != ' ')
                i++;
            continue;
        }
        if (!word_byte(c)) {
            i++;
            continue;
        }
        uint32_t h = 2166136261u;
        for (; i < len && word_byte((unsigned char)text[i]); i++) {
            c = (unsigned char)text[i];
            h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 16777619u;
        }
        w[0] = w[1];
        w[1] = w[2];
        w[2] = h;
        if (++n >= 3) {
            if (fn)
                fn(ctx, tri_mix(((uint64_t)w[0] << 32 ^ (uint64_t)w[1] << 16) ^ w[2]));
            count++;
        }
    }
    return count;
}

static size_t tri_slot(const tri_set *s, uint64_t h)
{
    size_t j = (size_t)h & s->mask;
    while (s->slot[j] && s->slot[j] != h)
        j = (j + 1) & s->mask;
    return j;
}

static void tri_add(void *ctx, uint64_t h)
{
    tri_set *s = ctx;
    s->slot[tri_slot(s, h)] = h;
}

static void tri_mark(void *ctx, uint64_t h)
{
    tri_set *s = ctx;
    size_t j = tri_slot(s, h);
    if (s->slot[j])
        s->seen[j] = 1;
}

typedef struct {
    const tri_set *set;
    size_t found;
} tri_count;

static void tri_found(void *ctx, uint64_t h)
{
    tri_count *c = ctx;
    c->found += c->set->seen[tri_slot(c->set, h)];
}

static int said_repeated(const pd_change *ch)
{
    for (size_t i = 0; i < ch->flags.nreasons; i++)
        if (!strncmp(ch->flags.reasons[i], "repeated text ", 14))
            return 1;
    return 0;
}

/* The clause a change adds (side 0) or removes (side 1), if the pass asks
 * about it, else NULL. */
static const char *asked(const pd_change *ch, int side)
{
    /* as in context.c: sale and security are judged on the clause alone,
     * and one copy of a clause repeated word for word is the aligner's
     * ("repeated text"): its place is its scope */
    unsigned cat = pd_flags_primary(&ch->flags);
    if (ch->op != (side ? PD_OP_REMOVED : PD_OP_ADDED) || ch->is_heading ||
        ch->flags.severity < PD_SEV_MEDIUM || cat == PD_CAT_SALE || cat == PD_CAT_SECURITY ||
        said_repeated(ch))
        return NULL;
    const char *text = side ? ch->old_text : ch->new_text;
    return each_trigram(text, strlen(text), NULL, NULL) >= RESTATED_TRIGRAMS ? text : NULL;
}

/* Where hay[0, n) holds needle[0, k) (k >= 1), or NULL: memchr for its
 * first byte, memcmp for the rest. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t k)
{
    const char *p = hay, *end = hay + n;
    while ((size_t)(end - p) >= k && (p = memchr(p, needle[0], (size_t)(end - p) - k + 1))) {
        if (!memcmp(p, needle, k))
            return p;
        p++;
    }
    return NULL;
}

/* Where other has, byte for byte, the 24 bytes of text that begin at the
 * first word after a third (and, failing that, two thirds) of it, or
 * NULL: a clause the other version restates has nearly all its words
 * there, and a search for a few of them spares reading the whole version
 * for the many clauses it does not have. */
static const char *probe(const char *text, size_t len, const char *other, size_t other_len)
{
    enum { PROBE = 24 };
    for (int part = 1; part <= 2; part++) {
        size_t at = len * (size_t)part / 3;
        const char *hit;
        while (at < len && text[at] != ' ')
            at++;
        while (at < len && text[at] == ' ')
            at++;
        if (at + PROBE <= len && (hit = find_bytes(other, other_len, text + at, PROBE)))
            return hit;
    }
    return NULL;
}

/* Whether the clause text (len bytes) is restated in other: RESTATED_PERCENT
 * of its runs of three words are in the stretch of other around the place
 * probe() found (twice the clause's length on each side).  0, 1 or
 * PD_ENOMEM. */
static int restated_in(const char *text, size_t len, const char *other, size_t other_len)
{
    const char *hit = probe(text, len, other, other_len);
    if (!hit)
        return 0;
    size_t n = each_trigram(text, len, NULL, NULL), cap = 64;
    while (cap < n * 2)
        cap *= 2;
    tri_set set = {calloc(cap, sizeof(uint64_t)), calloc(cap, 1), cap - 1};
    if (!set.slot || !set.seen) {
        free(set.slot);
        free(set.seen);
        return PD_ENOMEM;
    }
    each_trigram(text, len, tri_add, &set);
    size_t at = (size_t)(hit - other), from = at > 2 * len ? at - 2 * len : 0;
    size_t to = other_len - at > 2 * len ? at + 2 * len : other_len;
    each_trigram(other + from, to - from, tri_mark, &set);
    tri_count c = {&set, 0};
    each_trigram(text, len, tri_found, &c);
    free(set.slot);
    free(set.seen);
    return c.found * 100 >= n * RESTATED_PERCENT;
}

/* Side 0: clauses added against the old version; 1: removed, the new. */
static int restated(pd_diff *d, int side, const char *other, size_t other_len)
{
    for (size_t k = 0; k < d->nchanges; k++) {
        pd_change *ch = &d->changes[k];
        const char *t = asked(ch, side);
        int rc = t ? restated_in(t, strlen(t), other, other_len) : 0;
        if (rc < 0)
            return rc;
        if (!rc)
            continue;
        /* the same words, nearly all of them, in the other version: a
         * clause restated (or moved) is no new practice, nor one lost;
         * one level down, as context.c does: the other statement may be
         * narrower than this one */
        ch->flags.severity = ch->flags.severity == PD_SEV_HIGH ? PD_SEV_MEDIUM : PD_SEV_LOW;
        if (ch->flags.severity == PD_SEV_LOW)
            ch->flags.impact = PD_IMPACT_NEUTRAL;
        if ((rc = append_reason(ch, side ? "restated: the new version still says this"
                                         : "restated: the old version already says this")))
            return rc;
    }
    return 0;
}

/* Whether the word w (n bytes, ASCII letters in either case) speaks of
 * privacy.  Every word of a version is asked: the words are listed by
 * first letter, so that most words meet none of them, and a word is
 * lower-cased only in the comparison. */
static int privacy_word(const char *w, size_t n)
{
    typedef struct {
        const char *w;
        size_t n;
    } word;
#define W(s)                                                                                       \
    {                                                                                              \
        s, sizeof(s) - 1                                                                           \
    }
    static const word c[] = {W("cookie"), W("cookies"), W("confidentialité"), {NULL, 0}};
    static const word d[] = {W("datenschutz"), {NULL, 0}};
    static const word p[] = {W("privacy"),          W("personnelles"),      W("personnel"),
                             W("personenbezogene"), W("personenbezogenen"), {NULL, 0}};
    static const word t[] = {W("traceurs"), {NULL, 0}};
#undef W
    const word *words;
    switch (w[0] | 0x20) { /* a list's words begin with a lower-case ASCII letter */
    case 'c':
        words = c;
        break;
    case 'd':
        words = d;
        break;
    case 'p':
        words = p;
        break;
    case 't':
        words = t;
        break;
    default:
        return 0;
    }
    for (; words->w; words++) {
        size_t k = 0;
        if (words->n != n)
            continue;
        while (k < n && words->w[k] == (w[k] >= 'A' && w[k] <= 'Z' ? w[k] + 32 : w[k]))
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Whether the n bytes at w are the word lw (lower-case), in either case. */
static int word_is(const char *w, size_t n, const char *lw)
{
    size_t k = 0;
    while (k < n && lw[k] && (w[k] | 0x20) == lw[k])
        k++;
    return k == n && !lw[k];
}

/* What the word w (n bytes) adds to the hits; *personal: whether the word
 * before was "personal", set for the next word. */
static size_t privacy_hits(const char *w, size_t n, int *personal)
{
    size_t hits = 0;
    if (*personal) /* "personal data", "personal information"; not "personal use" */
        hits = (n == 4 && word_is(w, n, "data")) || (n == 11 && word_is(w, n, "information"));
    *personal = n == 8 && word_is(w, n, "personal");
    return hits + (n < 24 && privacy_word(w, n)); /* no listed word is that long */
}

/* Thirty-two bytes at once: every byte of a version is read for its
 * words, and a loop that branches at every byte (word or not) mispredicts
 * about once a word.  The bytes are classified in vectors (SSE2 on x86-64;
 * elsewhere GCC's and Clang's vector extensions: NEON on ARM, plain code
 * otherwise), then the loop goes on with a bit per byte. */

/* The bits set in x: no popcount instruction in the baseline. */
static unsigned count32(uint32_t x)
{
    x = x - (x >> 1 & 0x55555555u);
    x = (x & 0x33333333u) + (x >> 2 & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (x * 0x01010101u) >> 24;
}

/* block_bits(p, &first): the 32 bytes at p (34 readable): bit k set when
 * byte k is a word's (pd_cl_word_byte: ASCII letters and digits, bytes
 * from 0x80); in *first, when bytes k to k + 2 are the three ASCII letters
 * a listed word (privacy_word's, or "personal") begins with, in either
 * case: "coo", "con", "dat", "per", "pri", "tra" (not "pro", "col" or
 * "day", which many words of a policy begin with). */
#if defined(PD_SIMD)
/* The bytes of v equal to c. */
static __m128i bytes_are(__m128i v, char c)
{
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

/* x86-64: util/simd.h's masks, each half of the block in registers. */
static uint32_t block_bits(const unsigned char *p, uint32_t *first)
{
    uint32_t word = 0, pairs = 0;
    for (int h = 0; h < 2; h++) {
        __m128i x = pd_simd_load(p + 16 * h);
        __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
        __m128i lower2 = _mm_or_si128(pd_simd_load(p + 16 * h + 1), _mm_set1_epi8(0x20));
        __m128i lower3 = _mm_or_si128(pd_simd_load(p + 16 * h + 2), _mm_set1_epi8(0x20));
        __m128i co = _mm_and_si128(_mm_and_si128(bytes_are(lower, 'c'), bytes_are(lower2, 'o')),
                                   _mm_or_si128(bytes_are(lower3, 'o'), bytes_are(lower3, 'n')));
        __m128i da = _mm_and_si128(_mm_and_si128(bytes_are(lower, 'd'), bytes_are(lower2, 'a')),
                                   bytes_are(lower3, 't'));
        __m128i pe_pr = _mm_and_si128(
            bytes_are(lower, 'p'),
            _mm_or_si128(_mm_and_si128(bytes_are(lower2, 'e'), bytes_are(lower3, 'r')),
                         _mm_and_si128(bytes_are(lower2, 'r'), bytes_are(lower3, 'i'))));
        __m128i tr = _mm_and_si128(_mm_and_si128(bytes_are(lower, 't'), bytes_are(lower2, 'r')),
                                   bytes_are(lower3, 'a'));
        __m128i w =
            _mm_or_si128(_mm_or_si128(pd_simd_letters(x), pd_simd_digits(x)), pd_simd_high(x));
        word |= pd_simd_mask(w) << 16 * h;
        pairs |= pd_simd_mask(_mm_or_si128(_mm_or_si128(co, da), _mm_or_si128(pe_pr, tr)))
                 << 16 * h;
    }
    *first = pairs;
    return word;
}
#else
typedef unsigned char v16 __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));

/* Bit k set when byte k of v (a comparison's: 0 or -1) is set: the top
 * bits of each half, multiplied into its top byte. */
static uint32_t bits16(v16s v)
{
    const uint64_t tops = 0x8080808080808080ull, gather = 0x0002040810204081ull;
    uint64_t half[2];
    memcpy(half, &v, sizeof(half));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    half[0] = __builtin_bswap64(half[0]);
    half[1] = __builtin_bswap64(half[1]);
#endif
    return (uint32_t)((half[0] & tops) * gather >> 56) | (uint32_t)((half[1] & tops) * gather >> 56)
                                                             << 8;
}

static uint32_t block_bits(const unsigned char *p, uint32_t *first)
{
    v16 x[2], next[2], third[2];
    uint32_t word = 0;
    *first = 0;
    memcpy(x, p, sizeof(x));
    memcpy(next, p + 1, sizeof(next));
    memcpy(third, p + 2, sizeof(third));
    for (int h = 0; h < 2; h++) {
        v16 lower = x[h] | 0x20, lower2 = next[h] | 0x20, lower3 = third[h] | 0x20;
        word |= bits16(((v16)(lower - 'a') < 26) | ((v16)(x[h] - '0') < 10) | (x[h] > 0x7F))
                << 16 * h;
        *first |= bits16(((lower == 'c') & (lower2 == 'o') & ((lower3 == 'o') | (lower3 == 'n'))) |
                         ((lower == 'd') & (lower2 == 'a') & (lower3 == 't')) |
                         ((lower == 'p') & (((lower2 == 'e') & (lower3 == 'r')) |
                                            ((lower2 == 'r') & (lower3 == 'i')))) |
                         ((lower == 't') & (lower2 == 'r') & (lower3 == 'a')))
                  << 16 * h;
    }
    return word;
}
#endif

int pd_diff_privacy_permille(const char *md, size_t len)
{
    size_t words = 0, hits = 0;
    int personal = 0;   /* the word before was "personal" */
    uint32_t carry = 0; /* 1: the byte before the block is a word's */
    for (size_t i = 0; i < len; i += 32) {
        uint32_t first, word;
        if (len - i > 33) {
            word = block_bits((const unsigned char *)md + i, &first);
        } else { /* the last bytes, zeros after them */
            unsigned char tail[34] = {0};
            memcpy(tail, md + i, len - i);
            word = block_bits(tail, &first);
        }
        uint32_t starts = word & ~(word << 1 | carry); /* the first bytes of words */
        carry = word >> 31;
        words += count32(starts);
        /* a word is read only when it can begin a listed word, or follows
         * "personal"; in order, as "personal" sets what the next asks */
        uint32_t look = personal ? starts : starts & first;
        while (look) {
            unsigned bit = (unsigned)__builtin_ctz(look);
            uint32_t after = bit == 31 ? 0 : ~0u << (bit + 1);
            uint32_t ends = ~word & after; /* the bytes after it that are no word's */
            size_t from = i + bit, to = i + 32;
            if (ends)
                to = i + (unsigned)__builtin_ctz(ends);
            else /* the word goes on in the next bytes */
                while (to < len && pd_cl_word_byte((unsigned char)md[to]))
                    to++;
            to = to < len ? to : len;
            hits += privacy_hits(md + from, to - from, &personal);
            look = (personal ? starts : starts & first) & after;
        }
    }
    return words < 200 ? -1 : (int)(hits * 1000 / words);
}

/* An arbitration clause or an irrevocable licence added where the old
 * version already had one extends terms the user was already bound by
 * (medium, not high); one removed where the new version still has one
 * narrows them (low, not medium). */
static int terms_in_versions(pd_diff *d, const char *old_md, size_t old_len, const char *new_md,
                             size_t new_len)
{
    for (size_t k = 0; k < d->nchanges; k++) {
        pd_change *ch = &d->changes[k];
        unsigned cat = pd_flags_primary(&ch->flags);
        int gained = ch->flags.severity == PD_SEV_HIGH && ch->flags.impact == PD_IMPACT_WORSE;
        int lost = ch->flags.severity == PD_SEV_MEDIUM && ch->flags.impact == PD_IMPACT_BETTER;
        if ((cat != PD_CAT_DISPUTES && cat != PD_CAT_CONTENT_LICENSE) || !(gained || lost) ||
            (gained && ch->op == PD_OP_REMOVED) || (lost && ch->op == PD_OP_ADDED))
            continue;
        int rc = gained ? pd_cl_terms_present(cat, ch->new_text, old_md, old_len)
                        : pd_cl_terms_present(cat, ch->old_text, new_md, new_len);
        if (rc < 0)
            return rc;
        if (!rc)
            continue;
        ch->flags.severity = gained ? PD_SEV_MEDIUM : PD_SEV_LOW;
        char why[128];
        snprintf(why, sizeof(why), "%s: the %s version %s such terms elsewhere",
                 pd_category_name(cat), gained ? "old" : "new",
                 gained ? "already had" : "still has");
        if ((rc = append_reason(ch, why)))
            return rc;
    }
    return 0;
}

int pd_diff_apply_versions(pd_diff *d, const char *old_md, size_t old_len, const char *new_md,
                           size_t new_len)
{
    int rc = restated(d, 0, old_md, old_len);
    rc = rc ? rc : restated(d, 1, new_md, new_len);
    rc = rc ? rc : terms_in_versions(d, old_md, old_len, new_md, new_len);
    return rc ? pd_error_set(PD_ENOMEM, "out of memory while classifying changes") : 0;
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
        /* how much the document speaks of personal data (the flag model
         * reads clauses of a terms of service otherwise); read only when
         * there are changes for the model to weigh */
        pd_flag_doc doc = {a->nchanges ? pd_diff_privacy_permille(new_len ? new_md : old_md,
                                                                  new_len ? new_len : old_len)
                                       : -1};
        if (rc == 1)
            rc = 0;
        else if (!rc && !(rc = pd_classify_diff_in(out, a, pd_flag_model_builtin(), &doc)))
            rc = pd_diff_apply_versions(*out, old_md, old_len, new_md, new_len);
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
