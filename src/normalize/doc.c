#include "normalize/doc.h"
#include "normalize/text.h"
#include "segment/sentence.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

int pd_doc_add(pd_doc *doc, pd_block_kind kind, int level, const char *text, size_t len,
               pd_block **out)
{
    pd_block *b;
    if (doc->len == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 32;
        pd_block *nb = realloc(doc->blocks, cap * sizeof(*nb));
        if (!nb)
            return pd_error_set(PD_ENOMEM, "out of memory");
        doc->blocks = nb;
        doc->cap = cap;
    }
    b = &doc->blocks[doc->len];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->level = level;
    if (text && !(b->text = dupn(text, len)))
        return pd_error_set(PD_ENOMEM, "out of memory");
    doc->len++;
    if (out)
        *out = b;
    return 0;
}

int pd_block_add_cell(pd_block *row, const char *text, size_t len)
{
    char **nc = realloc(row->cells, (row->ncells + 1) * sizeof(*nc));
    if (!nc)
        return pd_error_set(PD_ENOMEM, "out of memory");
    row->cells = nc;
    if (!(nc[row->ncells] = dupn(text, len)))
        return pd_error_set(PD_ENOMEM, "out of memory");
    row->ncells++;
    return 0;
}

void pd_doc_dispose(pd_doc *doc)
{
    for (size_t i = 0; i < doc->len; i++) {
        pd_block *b = &doc->blocks[i];
        free(b->text);
        for (size_t j = 0; j < b->ncells; j++)
            free(b->cells[j]);
        free(b->cells);
    }
    free(doc->blocks);
    doc->blocks = NULL;
    doc->len = doc->cap = 0;
}

static int put_sentence(const char *s, size_t len, void *priv)
{
    pd_buf *out = priv;
    pd_buf_put(out, s, len);
    return pd_buf_putc(out, '\n');
}

/* Placeholder writer: headings, bullets and paragraphs, one sentence per line.
 * The canonical writer (issue 2) replaces it. */
int pd_doc_write_markdown(pd_buf *out, const pd_doc *doc)
{
    pd_buf t = PD_BUF_INIT;
    int first = 1;
    for (size_t i = 0; i < doc->len; i++) {
        const pd_block *b = &doc->blocks[i];
        if (!b->text)
            continue;
        pd_buf_clear(&t);
        pd_text_canonicalize(&t, b->text, strlen(b->text));
        if (!t.len)
            continue;
        if (!first)
            pd_buf_putc(out, '\n');
        first = 0;
        if (b->kind == PD_BLOCK_HEADING)
            pd_buf_printf(out, "%.*s ", b->level, "######");
        else if (b->kind == PD_BLOCK_LIST_ITEM)
            pd_buf_puts(out, "- ");
        pd_sentence_split(t.ptr, t.len, put_sentence, out);
    }
    pd_buf_dispose(&t);
    return pd_buf_error(out);
}
