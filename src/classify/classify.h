/*
 * classify.h - flag a clause change by its kind: practice, severity, impact.
 *
 * Rules and lexicons only (no model): pd_classify_change() looks at the old
 * and new text of one change and fills pd_flags with the categories it
 * touches, how severe it is, whether it is worse or better for the user, and
 * short human-readable reasons.  Pure function over in-memory text.
 *
 * Ownership: pd_flags owns its reasons; pd_flags_dispose() frees them.
 * Errors: 0 or PD_ENOMEM.
 */
#ifndef PD_CLASSIFY_H
#define PD_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "align/align.h" /* pd_op */
#include "util/buf.h"

enum {
    PD_CAT_COLLECTION = 1u << 0,
    PD_CAT_USE = 1u << 1,
    PD_CAT_SHARING = 1u << 2,
    PD_CAT_SALE = 1u << 3,
    PD_CAT_RETENTION = 1u << 4,
    PD_CAT_SECURITY = 1u << 5,
    PD_CAT_USER_RIGHTS = 1u << 6,
    PD_CAT_TRACKING = 1u << 7,
    PD_CAT_CHILDREN = 1u << 8,
    PD_CAT_INTERNATIONAL = 1u << 9,
    PD_CAT_POLICY_CHANGE = 1u << 10,
    PD_CAT_CONTACT = 1u << 11,
    PD_CAT_AI = 1u << 12,
    PD_CAT_OTHER = 1u << 13,
    /* terms of service: clauses that are not about personal data */
    PD_CAT_DISPUTES = 1u << 14,        /* arbitration, class-action waivers, law, venue */
    PD_CAT_CONTENT_LICENSE = 1u << 15, /* licences users grant on their content */
    PD_CAT_LIABILITY = 1u << 16,       /* limits, indemnities, warranties */
    PD_CAT_TERMINATION = 1u << 17,     /* suspension and deletion of accounts */
    PD_CAT_PAYMENT = 1u << 18,         /* fees, auto-renewal, refunds */
};
#define PD_CAT_COUNT 19
#define PD_CAT_OTHER_INDEX 13
/* The terms-of-service categories. */
#define PD_CAT_TERMS                                                                               \
    (PD_CAT_DISPUTES | PD_CAT_CONTENT_LICENSE | PD_CAT_LIABILITY | PD_CAT_TERMINATION |            \
     PD_CAT_PAYMENT)

typedef enum { PD_SEV_NONE, PD_SEV_LOW, PD_SEV_MEDIUM, PD_SEV_HIGH } pd_severity;
typedef enum { PD_IMPACT_NEUTRAL, PD_IMPACT_BETTER, PD_IMPACT_WORSE, PD_IMPACT_UNCLEAR } pd_impact;

#define PD_FLAGS_FOUND 48

typedef struct {
    unsigned categories; /* PD_CAT_* bits */
    pd_severity severity;
    pd_impact impact;
    char **reasons; /* reasons[0] is the key reason (the most severe) */
    size_t nreasons;
    unsigned primary;                 /* the main category (one PD_CAT_* bit); 0 when unknown */
    int guessed;                      /* 1: the rules found no specific statement changed (their
                                       * severity and impact are defaults); the flag model decides */
    struct pd_flags_context *context; /* private: what pd_classify_apply_context needs */
    /* private: what the rules' lexicon found in the clause the change
     * leaves (the old clause for a removal), each once, for the flag
     * model (model.h): lexicon class << 8 | entry */
    uint16_t found[PD_FLAGS_FOUND];
    unsigned nfound;
    /* private: what a modified clause names that the other version does
     * not (a data type, recipient, purpose, tracker, place or safeguard;
     * its lexicon key plus one, 0 none): never the same meaning (model.h) */
    unsigned found_changed;
    /* private: a modified clause whose words and numbers are the same
     * (punctuation, spacing, quotes or contractions only): cosmetic */
    int same_words;
} pd_flags;

#define PD_FLAGS_INIT                                                                              \
    {                                                                                              \
        .categories = 0, .severity = PD_SEV_NONE, .impact = PD_IMPACT_NEUTRAL, .reasons = NULL,    \
        .nreasons = 0, .primary = 0, .guessed = 0, .context = NULL, .nfound = 0,                   \
        .found_changed = 0                                                                         \
    }

/* old_text is "" for PD_OP_ADDED, new_text is "" for PD_OP_REMOVED.
 * cosmetic: the aligner judged the change cosmetic (severity stays none). */
int pd_classify_change(pd_flags *out, pd_op op, const char *old_text, const char *new_text,
                       int cosmetic);
void pd_flags_dispose(pd_flags *f);

/*
 * The other changes of a diff, as context: in a restructured policy a
 * removed clause may take "we do not sell" or "the right to deletion" with
 * it while the new version states it in another clause, and an added
 * clause may state what the old version stated elsewhere.  Two passes over
 * the changes of one diff: each change goes through
 * pd_classify_change_in(ctx), which also adds what its old and new sides
 * state to ctx; then each goes through pd_classify_apply_context(), where a
 * reason about something present or absent (a commitment, a practice, a
 * right, a data type, a recipient, a purpose, a place, a safeguard) that
 * the other changes contradict stays, one severity level lower (high to
 * medium, medium to low; the other statement may be narrower), with
 * " (still stated elsewhere)" or " (already stated before)" after it.  Sale
 * and security safeguards are never revisited.
 * Changes of wording inside a clause (a negation removed, an exception
 * added, a period lengthened) are judged on the clause alone.  Nothing is
 * read twice: ctx merges the profiles the first pass computes anyway.
 * Clauses the versions share are not looked at (a removed copy of a clause
 * still there word for word is the aligner's "repeated text").
 * Errors: 0 or PD_ENOMEM.
 */
typedef struct pd_classify_context pd_classify_context;
int pd_classify_context_new(pd_classify_context **out);
void pd_classify_context_free(pd_classify_context *ctx);
/* Revisits f, classified by pd_classify_change_in(ctx) like every other
 * change of its diff; does nothing for changes without such reasons. */
int pd_classify_apply_context(pd_flags *f, const pd_classify_context *ctx);
/* A section heading renamed: what it names (a right, a practice, a data
 * type) is said by its clauses, diffed on their own, so those reasons drop
 * to low "(in a section title)"; what changes in its wording (a negation, an
 * age, a period) stays as it is.  f must come from pd_classify_change_in()
 * with a context. */
int pd_classify_as_title(pd_flags *f);
/* pd_classify_change() with a context (may be NULL). */
int pd_classify_change_in(pd_flags *out, pd_op op, const char *old_text, const char *new_text,
                          int cosmetic, pd_classify_context *ctx);

/* Names used in JSON and text output ("user-rights", "high", "worse", ...). */
const char *pd_category_name(unsigned bit);
/* The PD_CAT_* bit for a name, or 0. */
unsigned pd_category_from_name(const char *name);
const char *pd_severity_name(pd_severity s);
const char *pd_impact_name(pd_impact i);
/* Parses "none|low|medium|high"; -1 when unknown. */
int pd_severity_from_name(const char *name);

/* The main category of f: f->primary, or when that is 0 (flags read back
 * from JSON) the most telling of f->categories; PD_CAT_OTHER when none. */
unsigned pd_flags_primary(const pd_flags *f);

/*
 * One-line headline for a diff, leading with the worst, e.g.
 * "2 high: sale (negation removed), retention (12 months -> 10 years); 1 low: contact".
 * "no substantive change" when every flag is severity none.
 */
int pd_headline(pd_buf *out, const pd_flags *const *flags, size_t n);

#endif
