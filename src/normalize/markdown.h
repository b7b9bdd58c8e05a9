/*
 * markdown.h - read Markdown or plain text into the document model.
 *
 * pd_markdown_read() parses UTF-8 Markdown (or plain text, such as policies
 * extracted by other tools) into blocks: ATX and setext headings, "-", "*",
 * "+" and "●" bullets, "1." and "1)" ordered items, escaped markers ("\-",
 * "1\.") as real list items, GFM tables, paragraphs.  It reads back exactly
 * what pd_doc_write_markdown() writes, so normalizing twice is a no-op.
 *
 * Ownership: blocks are appended to out (caller owns and disposes it).
 * Errors: 0 or PD_ENOMEM.
 */
#ifndef PD_MARKDOWN_H
#define PD_MARKDOWN_H

#include <stddef.h>

#include "normalize/doc.h"

int pd_markdown_read(pd_doc *out, const char *text, size_t len);

#endif
