/* Placeholder text canonicalizer: copies bytes and collapses white space.
 * Charset detection, mojibake repair and NFC (issue 2) replace it. */
#include "normalize/text.h"

#include <string.h>

int pd_charset_to_utf8(pd_buf *out, const char *data, size_t len, const char *content_type,
                       char charset_used[32])
{
    strcpy(charset_used, "utf-8");
    return pd_buf_put(out, data, len);
}

int pd_text_canonicalize(pd_buf *out, const char *text, size_t len)
{
    int space = 0, any = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && any)
            pd_buf_putc(out, ' ');
        space = 0;
        any = 1;
        pd_buf_putc(out, c);
    }
    return pd_buf_error(out);
}
