/* libFuzzer harness: the PDF path.  Input starting "%PDF-" goes through
 * pd_normalize() (poppler-glib reads it, then the layout); anything else is
 * read as lines (a page, a position, a size, bold or not, a text) and goes
 * through the layout step alone (pd_pdf_layout), where the heuristics are:
 * running lines, heading levels, paragraphs, hyphens, list markers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/doc.h"
#include "normalize/normalize.h"
#include "normalize/pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 256

/* One line from 6 bytes of layout and up to 64 bytes of text. */
static size_t next_line(pd_pdf_line *ln, const uint8_t *d, size_t n)
{
    size_t len;
    if (n < 7)
        return 0;
    memset(ln, 0, sizeof(*ln));
    ln->page = d[0] % 4;
    ln->pageh = 842;
    ln->y1 = (double)((d[1] << 8 | d[2]) % 860);
    ln->x1 = d[3] * 2.0;
    ln->size = 4 + d[4] % 28 + (d[4] & 0x80 ? 0.5 : 0);
    ln->bold = d[5] & 1;
    ln->y2 = ln->y1 + ln->size;
    len = d[6] % 64;
    if (len > n - 7)
        len = n - 7;
    ln->x2 = ln->x1 + (double)len * ln->size / 2;
    if (!(ln->text = malloc(len + 1)))
        return 0;
    for (size_t i = 0; i < len; i++)
        ln->text[i] = d[7 + i] ? (char)d[7 + i] : ' ';
    ln->text[len] = '\0';
    return 7 + len;
}

static void layout(const uint8_t *data, size_t size)
{
    pd_pdf_line lines[MAX_LINES];
    pd_doc doc = PD_DOC_INIT;
    pd_buf out = PD_BUF_INIT;
    size_t n = 0, used, at = 0;
    int pages = 1;
    while (n < MAX_LINES && (used = next_line(&lines[n], data + at, size - at))) {
        if (lines[n].page + 1 > pages)
            pages = lines[n].page + 1;
        at += used;
        n++;
    }
    if (!pd_pdf_layout(&doc, lines, n, pages))
        pd_doc_write_markdown(&out, &doc);
    for (size_t i = 0; i < n; i++)
        free(lines[i].text);
    pd_doc_dispose(&doc);
    pd_buf_dispose(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_normalize_options opts = PD_NORMALIZE_OPTIONS_INIT;
    pd_buf out = PD_BUF_INIT;
    if (size >= 5 && !memcmp(data, "%PDF-", 5)) {
        pd_normalize(&out, (const char *)data, size, &opts, NULL);
        pd_buf_dispose(&out);
    } else {
        layout(data, size);
    }
    return 0;
}
