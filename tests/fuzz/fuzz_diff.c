/* libFuzzer harness: any bytes, split at the first NUL (or in half), as two
 * Markdown versions through the clause aligner and every renderer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "classify/diff.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nul = memchr(s, '\0', size);
    size_t alen = nul ? (size_t)(nul - s) : size / 2;
    size_t boff = nul ? alen + 1 : alen;
    pd_report_options o = PD_REPORT_OPTIONS_INIT;
    pd_diff *d = NULL;

    if (pd_diff_texts(&d, s, alen, s + boff, size - boff, NULL) == 0) {
        for (int f = PD_FORMAT_TEXT; f <= PD_FORMAT_HTML; f++) {
            pd_buf b = PD_BUF_INIT;
            pd_report_render(&b, (pd_format)f, d, &o);
            pd_buf_dispose(&b);
        }
        pd_diff_free(d);
    }
    return 0;
}
