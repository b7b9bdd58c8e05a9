/* libFuzzer harness: charset decoding and text canonicalization.  The first
 * byte picks a declared charset; the output must be valid UTF-8 without NUL
 * bytes, and canonicalizing must be idempotent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "normalize/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const pd_buf *b)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)pd_buf_cstr(b);
    utf8proc_ssize_t i = 0, n = (utf8proc_ssize_t)b->len;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t l = utf8proc_iterate(p + i, n - i, &c);
        if (l <= 0 || c == 0)
            abort();
        i += l;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {NULL,
                                        "text/html; charset=utf-8",
                                        "text/html; charset=ISO-8859-1",
                                        "text/html; charset=\"windows-1252\"",
                                        "text/html; charset=utf-16",
                                        "text/html; charset=utf-16be",
                                        "text/html; charset=shift_jis",
                                        "text/html; charset=koi8-r",
                                        "text/html; charset=bogus-charset"};
    pd_buf u = PD_BUF_INIT, c1 = PD_BUF_INIT, c2 = PD_BUF_INIT;
    char cs[32];
    const char *ct = size ? types[data[0] % (sizeof(types) / sizeof(types[0]))] : NULL;

    if (pd_charset_to_utf8(&u, (const char *)data + (size ? 1 : 0), size ? size - 1 : 0, ct, cs) ==
        0) {
        check_utf8(&u);
        if (!memchr(cs, '\0', 32))
            abort();
    }
    /* canonicalization of raw bytes (invalid UTF-8 included) and of the result */
    pd_text_canonicalize(&c1, (const char *)data, size);
    check_utf8(&c1);
    pd_text_canonicalize(&c2, pd_buf_cstr(&c1), c1.len);
    if (c1.len != c2.len || memcmp(pd_buf_cstr(&c1), pd_buf_cstr(&c2), c1.len) != 0)
        abort();
    pd_buf_dispose(&u);
    pd_buf_dispose(&c1);
    pd_buf_dispose(&c2);
    return 0;
}
