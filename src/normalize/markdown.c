/* Placeholder reader: headings and paragraphs separated by blank lines.
 * The full reader (issue 2) replaces it. */
#include "normalize/markdown.h"

#include <string.h>

int pd_markdown_read(pd_doc *out, const char *text, size_t len)
{
    size_t i = 0;
    pd_buf para = PD_BUF_INIT;
    int rc = 0;

    while (i <= len && !rc) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        if (e == i || e >= len) {
            if (e > i)
                pd_buf_put(&para, text + i, e - i);
            if (para.len) {
                const char *p = para.ptr;
                int level = 0;
                while (p[level] == '#' && level < 6)
                    level++;
                if (level && p[level] == ' ')
                    rc = pd_doc_add(out, PD_BLOCK_HEADING, level, p + level + 1,
                                    para.len - level - 1, NULL);
                else
                    rc = pd_doc_add(out, PD_BLOCK_PARAGRAPH, 0, p, para.len, NULL);
                pd_buf_clear(&para);
            }
        } else {
            if (para.len)
                pd_buf_putc(&para, ' ');
            pd_buf_put(&para, text + i, e - i);
        }
        i = e + 1;
    }
    pd_buf_dispose(&para);
    return rc;
}
