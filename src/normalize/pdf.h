/*
 * pdf.h - a PDF policy read into the document model (doc.h), through
 * poppler-glib (popplerlib.h, loaded on first use).
 *
 * pd_pdf_read() takes each page's text in poppler's reading order (columns
 * read one after the other), one line at a time with its box, font size
 * and weight, and makes blocks of it as a reader sees them:
 *
 *   - running headers and footers dropped: a line in the top or bottom 8%
 *     of its page whose text (digits aside) comes back on at least two
 *     pages and half of them; page numbers there ("3", "3 / 12", "Page 3
 *     of 12", "- 3 -", "Seite 3 von 12", "page 3 sur 12") on any page; on
 *     a one-page document, a line there in a font smaller than the body's;
 *   - headings from font size and weight: the body size is the size most
 *     characters have; lines at least 15% larger are headings, level 1 for
 *     the largest size, 2 for the next, ...; a short bold line at the body
 *     size (no sentence-ending punctuation) is the level after those;
 *   - paragraphs: lines joined until a vertical gap of more than about
 *     half a line, a change of size, weight or indent, or a short line that
 *     ends a sentence; a paragraph goes on across a page break when its
 *     last line ended mid-sentence;
 *   - a word hyphenated at a line end is joined ("extra-" + "ordinary"
 *     is "extraordinary": a hyphen or soft hyphen after a letter, a lower-
 *     case letter next); other line ends are one space;
 *   - a line starting with a bullet (•, ●, ◦, ▪, –, -, *, ...) or a number
 *     or letter and "." or ")" starts a list item.
 *
 * The canonical Markdown writer (doc.h) then puts one sentence a line, as
 * for HTML.
 *
 * No I/O beyond the bytes given; no printing.  Ownership: data is borrowed
 * for the call; blocks are appended to doc (the caller's).  warning (size
 * bytes, may be NULL) says when the result is partial (pages without text).
 * Errors: PD_EUNSUPPORTED (poppler-glib cannot be loaded: the message says
 * what to install; an encrypted PDF), PD_EEMPTY (a PDF poppler cannot read,
 * or one without text: a scanned document), PD_ENOMEM.
 */
#ifndef PD_PDF_H
#define PD_PDF_H

#include <stddef.h>

#include "normalize/doc.h"

int pd_pdf_read(pd_doc *doc, const char *data, size_t len, char *warning, size_t size);

/* One line of a page as poppler laid it out, for the layout step. */
typedef struct {
    char *text;            /* UTF-8, without a line break */
    double x1, y1, x2, y2; /* its box, in points from the page's top left */
    double size;           /* the font size most of its characters have */
    int bold;              /* most of its characters are in a bold face */
    int page;              /* 0-based, in reading order */
    double pageh;          /* its page's height */
    int drop;              /* set by the layout: a running header or footer, a page number */
    int level;             /* set by the layout: its heading level, 0 for text */
} pd_pdf_line;

/* The layout step of pd_pdf_read() alone, on lines already read (for the
 * tests and the fuzzer): marks running lines and heading levels in lines
 * and appends the blocks to doc.  0 or PD_ENOMEM. */
int pd_pdf_layout(pd_doc *doc, pd_pdf_line *lines, size_t n, int pages);

#endif
