/* Placeholder classifier: every change gets neutral flags until the rule
 * engine lands (issue 6). */
#include "classify/classify.h"
#include "util/error.h"

#include <stdlib.h>

int pd_classify_change(pd_flags *out, pd_op op, const char *old_text, const char *new_text,
                       int cosmetic)
{
    pd_flags init = PD_FLAGS_INIT;
    *out = init;
    out->severity = cosmetic ? PD_SEV_NONE : PD_SEV_LOW;
    out->categories = cosmetic ? 0 : PD_CAT_OTHER;
    return 0;
}

void pd_flags_dispose(pd_flags *f)
{
    for (size_t i = 0; i < f->nreasons; i++)
        free(f->reasons[i]);
    free(f->reasons);
    f->reasons = NULL;
    f->nreasons = 0;
}

int pd_headline(pd_buf *out, const pd_flags *const *flags, size_t n)
{
    size_t subst = 0;
    for (size_t i = 0; i < n; i++)
        subst += flags[i]->severity != PD_SEV_NONE;
    if (!subst)
        return pd_buf_puts(out, "no substantive change");
    return pd_buf_printf(out, "%zu change%s", subst, subst == 1 ? "" : "s");
}
