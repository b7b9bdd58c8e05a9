/*
 * diff.h - a classified clause diff: the aligner's changes with their flags.
 *
 * pd_classify_diff() owns every classification pass over an alignment
 * (align/align.h), in this order:
 *   1. each change, in order, through pd_classify_change_in() with one
 *      context for the whole diff; a change the aligner does not call
 *      cosmetic is at least low (the headline, the summary and the exit
 *      status then agree), but for a reworded clause whose words and
 *      numbers the classifier finds the same ("don't" -> "do not"), which
 *      is cosmetic; a repeated clause added or removed says so after
 *      the classifier's reasons; a heading whose level alone changed leads
 *      with "heading level N -> M";
 *   2. each change through pd_classify_apply_context() (what the other
 *      changes state), and a renamed heading through pd_classify_as_title();
 *   3. each clause change through the flag model (model.h), which weighs
 *      its words, the rules' flags and what the document is (doc); severity
 *      none from it makes the change cosmetic (a typo fixed, a date, the
 *      same meaning reworded), and so does a date stamp alone or a notice
 *      of an update added or removed (terms.c); the model's guess of no
 *      change in meaning stops at three content words or more added or
 *      removed outright ("words added: ...").
 * pd_diff_texts() is the whole pipeline for two canonical Markdown texts:
 * pd_align_texts(), pd_classify_diff(), then pd_diff_apply_versions() (a
 * clause restated elsewhere in the other version); when the two are written in
 * different languages (util/lang.h: English, French, German, each
 * side clearly one of them), one modified change of the whole texts,
 * "language changed: en -> fr", medium and unclear, instead.
 *
 * Pure functions: no I/O, no printing.
 * Ownership: *out belongs to the caller, who frees it with pd_diff_free()
 * (NULL is fine); every string and array in it belongs to it.
 * pd_classify_diff() moves the strings and word diffs of the alignment into
 * *out and leaves it empty; the caller still frees it with
 * pd_alignment_free().
 * Errors: 0 or PD_ENOMEM (message in pd_error_last()).
 */
#ifndef PD_CLASSIFY_DIFF_H
#define PD_CLASSIFY_DIFF_H

#include <stddef.h>

#include "align/align.h"
#include "classify/classify.h"
#include "classify/model.h"

/* A pd_aligned_change (same fields, same meaning) and its classification. */
typedef struct {
    pd_op op;
    int cosmetic;
    char *section;     /* path of the clause in the new version (old one for removed) */
    char *old_section; /* path in the old version ("" for added) */
    char *old_text;    /* "" for added */
    char *new_text;    /* "" for removed */
    pd_word_op *words; /* word-level diff (modified only; NULL otherwise) */
    size_t nwords;
    pd_flags flags;
    int is_heading;   /* the change is a section heading (renamed, added, ...) */
    size_t old_index; /* first old clause, or (size_t)-1 */
    size_t new_index; /* first new clause, or (size_t)-1 */
} pd_change;

typedef struct {
    pd_change *changes;
    size_t nchanges;
    size_t old_clauses;
    size_t new_clauses;
    int bounded; /* 1 when a search cap was hit and a fallback was used */
} pd_diff;

int pd_classify_diff(pd_diff **out, pd_alignment *alignment);
/* pd_classify_diff() with another flag model (classify/model.h) in its
 * last pass: each change's flags revised by model, and a change the
 * model finds no change in meaning in is cosmetic.  An empty model (n 0)
 * leaves the rules' flags as they are. */
int pd_classify_diff_with(pd_diff **out, pd_alignment *alignment, const pd_flag_model *model);
/* pd_classify_diff_with() knowing the document the clauses come from
 * (doc may be NULL: unknown); pd_diff_texts() reads it off the versions. */
int pd_classify_diff_in(pd_diff **out, pd_alignment *alignment, const pd_flag_model *model,
                        const pd_flag_doc *doc);
/* Mentions of privacy, cookies and personal data (English, French,
 * German) per 1,000 words of md: 20 and more in a privacy policy, under 5
 * in most terms of service ("personal" counts before "data" or
 * "information" only: "personal use" is a terms word).  -1 for a text of
 * under 200 words. */
int pd_diff_privacy_permille(const char *md, size_t len);
/* The whole versions as context, after pd_classify_diff(): a clause added
 * (removed) of medium or high severity whose words, 95% of its runs of
 * three words, the old (new) version already (still) has elsewhere is
 * restated, not new (not lost): one level down (high to medium, medium to
 * low and neutral), with a reason saying so.  Sale and security findings
 * and one copy of a clause repeated word for word are left as they are.
 * An arbitration clause or a licence on users' content added where the old
 * version already has every kind of cue it brings (not negated) is one
 * level down too, and one removed where the new version still has them.
 * pd_diff_texts() runs it; a caller that classified an alignment of
 * pieces of the versions runs it with the versions.  0 or PD_ENOMEM. */
int pd_diff_apply_versions(pd_diff *d, const char *old_md, size_t old_len, const char *new_md,
                           size_t new_len);
int pd_diff_texts(pd_diff **out, const char *old_md, size_t old_len, const char *new_md,
                  size_t new_len, const pd_align_options *opts);
void pd_diff_free(pd_diff *d);

#endif
