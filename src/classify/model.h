/*
 * model.h - the last classification pass: a linear model over the words of
 * a change and what the rules said of it.
 *
 * The rules (classify.h) read what a clause states; on real policies they
 * miss wording they do not know.  The model weighs features of one change:
 * the word stems of the clause ("w:arbitr"), the stems added and removed
 * ("+:sell", "-:sell"), the rules' severity, impact and categories
 * ("rs:high", "rc:sale"), what the rules' lexicon found in the clause
 * ("x:data.health_data": the same for "données de santé"; trained into
 * the category and impact heads only), the operation, the size of the edit and whether
 * it only fixes a typo, a number or a date.  Three heads score every
 * category, severity and impact; the highest of each wins.  Its weights are
 * trained by scripts/train_flags on labelled real changes and generated
 * into model_weights.c; where the model overrules the rules, the flags say
 * so with a reason quoting the words that weighed most.
 *
 * Pure functions: no I/O, no printing.
 * Ownership: pd_flag_model_builtin() is static; a model from
 * pd_flag_model_parse() is the caller's, freed with pd_flag_model_free().
 * Errors: 0, PD_ENOMEM, or PD_EINVALID for a malformed weights text
 * (message in pd_error_last()).
 */
#ifndef PD_CLASSIFY_MODEL_H
#define PD_CLASSIFY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "classify/classify.h"
#include "util/buf.h"

/* Classes, in order: the PD_CAT_COUNT categories (bit order), the four
 * severities (pd_severity order), the four impacts (pd_impact order). */
#define PD_MODEL_CLASSES (PD_CAT_COUNT + 4 + 4)

/* A model's rows by the hash of their names (FNV-1a), for model.c's
 * lookups: an open-addressing table at most two thirds full, so that a
 * feature (a few hundred per change) is found or ruled out in a probe or
 * two.  A slot is four bytes: the row + 1 in its low bits (rows; 0: an
 * empty slot), the hash's bits above those in the others, so that a probe
 * rules out another name without reading it, and the table (32 KB for the
 * built-in model) stays in the cache beside the weights.  The built-in
 * model's is generated with its weights (scripts/train_flags), so that no
 * process builds it again; a parsed model's is built as it is read. */
typedef struct {
    const uint32_t *slot;
    const uint16_t *len; /* each row's name's length (65535: that or more) */
    size_t n;            /* features indexed */
    size_t mask;         /* slots - 1 */
    uint32_t rows;       /* the bits of a slot that hold its row + 1 */
} pd_flag_index;

typedef struct {
    const char *const *names;                   /* sorted (strcmp) */
    const int16_t (*weights)[PD_MODEL_CLASSES]; /* thousandths */
    size_t n;
    void *owned;                /* private: what pd_flag_model_free() releases */
    const pd_flag_index *index; /* private: NULL for none (names are then searched) */
} pd_flag_model;

/* The model built into the library (trained on the development sets). */
const pd_flag_model *pd_flag_model_builtin(void);
/* Reads weights in the text form scripts/train_flags writes:
 *   "pd-flag-model 1" line, a "classes NAME..." line naming the
 *   PD_MODEL_CLASSES classes in the order above, then one line per feature:
 *   NAME TAB w1 ... wN (integers, thousandths), sorted by NAME. */
int pd_flag_model_parse(pd_flag_model **out, const char *text, size_t len);
void pd_flag_model_free(pd_flag_model *m);

/* What the whole document says of a change's clause: how much of it
 * speaks of personal data (a terms of service or community rules speak
 * little of it, and there most clauses are about something else).
 * privacy_permille: mentions of privacy, cookies and personal data per
 * 1,000 words of the version (pd_diff_privacy_permille), -1 unknown. */
typedef struct {
    int privacy_permille;
} pd_flag_doc;

/* Appends the features of a change to out, one per line (training reads
 * them).  rules: the flags the rules gave the change; doc may be NULL
 * (unknown). */
int pd_flag_features(pd_buf *out, pd_op op, const char *old_text, const char *new_text,
                     int cosmetic, const pd_flags *rules);
int pd_flag_features_in(pd_buf *out, pd_op op, const char *old_text, const char *new_text,
                        int cosmetic, const pd_flags *rules, const pd_flag_doc *doc);

/* Revises f (the rules' flags for this change) with model m: severity,
 * impact and main category; a reason naming the deciding words leads when
 * the model changed any of them.  Severity none means no change in
 * meaning (the caller treats the change as cosmetic). */
int pd_flag_model_apply(const pd_flag_model *m, pd_flags *f, pd_op op, const char *old_text,
                        const char *new_text, int cosmetic);
/* pd_flag_model_apply() knowing the document (doc may be NULL). */
int pd_flag_model_apply_in(const pd_flag_model *m, pd_flags *f, pd_op op, const char *old_text,
                           const char *new_text, int cosmetic, const pd_flag_doc *doc);

#endif
