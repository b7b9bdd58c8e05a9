#include "report/summary.h"
#include "classify/diff.h"
#include "report/report.h"

int pd_change_summary(pd_buf *out, const char *old_text, size_t old_len, const char *new_text,
                      size_t new_len, void *priv)
{
    pd_diff *d = NULL;
    int rc;

    (void)priv;
    if (!old_text)
        return pd_buf_puts(out, "first version");
    if ((rc = pd_diff_texts(&d, old_text, old_len, new_text, new_len, NULL)))
        return rc;
    rc = pd_diff_headline(out, d);
    pd_diff_free(d);
    return rc;
}
