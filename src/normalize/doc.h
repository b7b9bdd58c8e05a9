/*
 * doc.h - the document model between extraction and canonical Markdown.
 *
 * A pd_doc is a flat list of blocks in reading order: headings, paragraphs,
 * list items (with depth and ordering) and table rows (with cells).  The HTML
 * extractor (extract.c) and the Markdown/plain-text reader (markdown.c) both
 * produce one; pd_doc_write_markdown() turns one into canonical Markdown, and
 * the segmenter reads canonical Markdown back into one.
 *
 * Ownership: the doc owns every block and every string in it; pd_doc_dispose()
 * frees them all.  Strings passed to pd_doc_add_* are copied.
 * Errors: functions return 0 or PD_ENOMEM.
 */
#ifndef PD_DOC_H
#define PD_DOC_H

#include <stddef.h>

#include "util/buf.h"

typedef enum {
    PD_BLOCK_HEADING, /* level 1..6 */
    PD_BLOCK_PARAGRAPH,
    PD_BLOCK_LIST_ITEM, /* level = nesting depth from 0; ordered, number */
    PD_BLOCK_TABLE_ROW, /* cells; header = 1 for the header row */
    PD_BLOCK_QUOTE,
    PD_BLOCK_CODE, /* preformatted text, kept verbatim */
} pd_block_kind;

typedef struct {
    pd_block_kind kind;
    int level;
    int ordered;
    int number;
    int header;
    char *text;   /* UTF-8 inline text (may hold [text](url) links); NULL for table rows */
    char **cells; /* table rows only */
    size_t ncells;
} pd_block;

typedef struct {
    pd_block *blocks;
    size_t len;
    size_t cap;
    /* 1 when block text holds [text](url) link markup to keep as is (the
     * --keep-links case); 0 (the default) when text is literal, so the
     * writer escapes brackets that would read back as a link. */
    int links;
} pd_doc;

#define PD_DOC_INIT                                                                                \
    {                                                                                              \
        .blocks = NULL, .len = 0, .cap = 0, .links = 0                                             \
    }

/* Appends a block; text is copied. Returns the new block through out (may be NULL). */
int pd_doc_add(pd_block **out, pd_doc *doc, pd_block_kind kind, int level, const char *text,
               size_t len);
/* Appends a cell to a table-row block. */
int pd_block_add_cell(pd_block *row, const char *text, size_t len);
void pd_doc_dispose(pd_doc *doc);

/*
 * Writes the canonical Markdown of doc: ATX headings, "-" bullets, "1." ordered
 * lists (nested items start at their parent's text column: 2 spaces under a
 * bullet, 3 under "1."), GFM tables (the first row is the header), "> "
 * quotes, fenced code, one blank line between blocks (list items and table
 * rows are tight), one sentence per line (a continuation line of a list item
 * is indented to the item's text).  Heading levels are ranks: "#" is the
 * title alone (the first heading, when it is the only one at its level and
 * the others are all below it), the other levels used become "##", "###",
 * ... in order, so a title kept or not moves no other heading.  Each
 * block's text goes through pd_text_canonicalize() first; blocks whose text
 * ends up empty, and
 * paragraphs that are only page chrome ("Top", "Back to top"), are dropped.
 * Characters that would change meaning when read back are escaped with "\";
 * a paragraph that starts with a list marker ("- ", "1. ", "● ") is
 * written as that list item.  pd_markdown_read() of the output gives back
 * the same blocks, so writing again gives the same bytes.  Deterministic; the
 * output ends with exactly one newline (or is empty).
 */
int pd_doc_write_markdown(pd_buf *out, const pd_doc *doc);

#endif
