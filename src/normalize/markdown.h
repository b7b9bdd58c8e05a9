/*
 * markdown.h - read Markdown or plain text into the document model.
 *
 * pd_markdown_read() parses UTF-8 Markdown (or plain text, such as policies
 * extracted by other tools) into blocks: ATX and setext headings; "-", "*",
 * "+" and glyph bullets ("●", "•", "▪", ... also after a marker, as in
 * "  * ● item"); "1." and "1)" ordered items; escaped markers ("\-", "1\.")
 * and "-Word" as real list items; nesting by indentation; GFM tables; "> "
 * quotes; fenced code; paragraphs, where soft wraps and hard line breaks
 * (two trailing spaces, a trailing backslash) become one space.  Inline:
 * backslash escapes, **bold** / *em* / _em_ markers dropped, [text](url)
 * links and <autolinks> kept as their text (as [text](url) with
 * PD_MARKDOWN_KEEP_LINKS), images and HTML tags and comments dropped, HTML
 * entities decoded.  Thematic breaks and link reference definitions are
 * dropped.  Any line starting with a list marker starts a new item, even
 * inside a paragraph (plain-text policies put items on hard-broken lines).
 * Page chrome such as repeated "Top" links is dropped by the writer
 * (pd_doc_write_markdown()).  It reads back exactly what
 * pd_doc_write_markdown() writes, so normalizing twice is a no-op.
 *
 * The text is expected to be UTF-8 (see pd_charset_to_utf8()); invalid bytes
 * are passed through and fixed by the writer's canonicalization.
 *
 * Ownership: blocks are appended to out (caller owns and disposes it).
 * Errors: 0 or PD_ENOMEM.
 */
#ifndef PD_MARKDOWN_H
#define PD_MARKDOWN_H

#include <stddef.h>

#include "normalize/doc.h"

/* Keep link targets: link text comes out as "[text](url)" and out->links is
 * set. */
#define PD_MARKDOWN_KEEP_LINKS 1u

int pd_markdown_read(pd_doc *out, const char *text, size_t len);
int pd_markdown_read_flags(pd_doc *out, const char *text, size_t len, unsigned flags);

/* Byte length of the bullet glyph ("●", "•", "◦", "▪", "■", "○", "►",
 * "▸", "‣", "⁃", "∙", "·", "➢", "❖", U+F0B7, U+F0A7) at s, or 0. */
size_t pd_markdown_bullet_len(const char *s, size_t len);

/* When s[i] is the "[" of an inline link "[text](url)" or a reference link
 * "[text][ref]" (link text without "["), returns 1 and sets *text_end to the
 * index of its "]" and *end past its last byte; returns 0 otherwise.  Shared
 * by the reader and the writer so both agree on what is a link. */
int pd_markdown_link_at(size_t *text_end, size_t *end, const char *s, size_t len, size_t i);

#endif
