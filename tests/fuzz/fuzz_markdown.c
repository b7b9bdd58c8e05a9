/* libFuzzer harness: the Markdown reader and the canonical writer.  Writing
 * what was read must be a fixed point: write(read(write(read(x)))) must equal
 * write(read(x)), for any bytes x, with and without keep-links. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void normalize_md(pd_buf *out, const char *s, size_t n, unsigned flags)
{
    pd_doc doc = PD_DOC_INIT;
    if (pd_markdown_read_flags(&doc, s, n, flags) == 0)
        pd_doc_write_markdown(out, &doc);
    pd_doc_dispose(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT;
    /* the last byte picks plain or keep-links reading */
    unsigned flags = size && (data[size - 1] & 1) ? PD_MARKDOWN_KEEP_LINKS : 0;

    normalize_md(&a, (const char *)data, size, flags);
    normalize_md(&b, pd_buf_cstr(&a), a.len, flags);
    if (a.len != b.len || memcmp(pd_buf_cstr(&a), pd_buf_cstr(&b), a.len) != 0) {
        fprintf(stderr, "not idempotent:\n--- first\n%s\n--- second\n%s\n", pd_buf_cstr(&a),
                pd_buf_cstr(&b));
        abort();
    }
    if (a.len && a.ptr[a.len - 1] != '\n')
        abort();
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    return 0;
}
