/*
 * summary.h - the one-line change summary the store writes on each version.
 *
 * pd_change_summary() diffs two canonical texts clause by clause, classifies
 * the changes and appends the headline (e.g. "1 high: sale (negation
 * removed)"; "first version" when old_text is NULL).  Its signature is the
 * store's pd_summarize_fn, so a CLI command hands it to
 * pd_store_set_summarizer().  Pure: no I/O.  Errors: 0 or PD_ENOMEM.
 */
#ifndef PD_SUMMARY_H
#define PD_SUMMARY_H

#include <stddef.h>

#include "util/buf.h"

int pd_change_summary(pd_buf *out, const char *old_text, size_t old_len, const char *new_text,
                      size_t new_len, void *priv);

#endif
