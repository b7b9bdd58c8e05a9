/* libFuzzer harness: the check report over any policy text (two versions
 * split at the first NUL or the middle), in every format, and the notify
 * command splitter over the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify/diff.h"
#include "fetch/notify.h"
#include "report/checkreport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nul = memchr(s, '\0', size);
    size_t cut = nul ? (size_t)(nul - s) : size / 2;
    char *a, *b, *line, **argv = NULL;
    pd_diff *d = NULL;

    if (size > 1 << 16)
        return 0;
    a = strndup(s, cut);
    {
        size_t start = nul ? cut + 1 : cut;
        b = strndup(s + start, size - start);
    }
    line = strndup(s, size);
    if (a && b && line && pd_diff_texts(&d, a, strlen(a), b, strlen(b), NULL) == 0) {
        pd_check_entry e[2];
        pd_check_report_options o = PD_CHECK_REPORT_OPTIONS_INIT;
        memset(e, 0, sizeof(e));
        e[0].name = a;
        e[0].url = b;
        e[0].status = "changed";
        e[0].diff = d;
        e[1].name = "x";
        e[1].status = "failed";
        e[1].reason = b;
        o.verbose = 1;
        for (int f = PD_CHECK_TEXT; f <= PD_CHECK_GITHUB; f++) {
            pd_buf out = PD_BUF_INIT;
            pd_check_report(&out, (pd_check_format)f, e, 2, &o);
            pd_buf_dispose(&out);
        }
    }
    if (line && pd_split_args(&argv, NULL, line) == 0)
        pd_args_free(argv);
    pd_diff_free(d);
    free(a);
    free(b);
    free(line);
    return 0;
}
