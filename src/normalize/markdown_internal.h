/* markdown_internal.h - what the Markdown block reader (markdown.c) and
 * its inline pass (markdown_inline.c) share. */
#ifndef PD_MARKDOWN_INTERNAL_H
#define PD_MARKDOWN_INTERNAL_H

#include "normalize/markdown.h"
#include "util/buf.h"

#include <stddef.h>

static inline int is_ascii_punct(int c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
           (c >= 123 && c <= 126);
}

static inline int is_alnum_b(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static inline int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Appends to o the inline rendering of the raw block text s: escapes,
 * emphasis, links (kept with PD_MARKDOWN_KEEP_LINKS in flags), entities. */
void pd_md_inline(pd_buf *o, const char *s, size_t n, unsigned flags);

#endif
