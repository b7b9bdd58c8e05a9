/*
 * normalize.h - any policy page in, canonical Markdown out.
 *
 * pd_normalize() takes the raw bytes of one page (HTML in any charset,
 * Markdown, plain text, or a PDF: pdf.h), finds the policy text (with the
 * recipe's selectors, or by itself when there is none), and appends its
 * canonical Markdown to out: UTF-8 NFC, ATX headings, "-" bullets, "1." lists, GFM
 * tables, one blank line between blocks, one sentence per line.  The result
 * is deterministic and idempotent (normalizing it again gives the same bytes).
 *
 * Budgets (docs/how-it-works.md#budgets) bound what one page can cost:
 * the elements of a page and the attributes of one element are counted
 * before parsing, a text node the parser would cut is refused (html.h), and
 * rowspan repeats cells only up to the page's size again (extract.h).  The
 * first three refuse the page (PD_EBUDGET); over the table-span budget the
 * spans past it are not expanded and the text comes back with
 * report->budget naming it, for the caller to refuse (a guard-like
 * refusal: pd_ingest_derive) or print.
 *
 * No I/O, no printing.  The caller owns `out`; the function only appends.
 * Errors: PD_EEMPTY when nothing usable came out (empty input, binary data,
 * no text found, a PDF that cannot be read or has no text), PD_EUNSUPPORTED
 * for a PDF when poppler-glib cannot be loaded or the PDF is encrypted,
 * PD_EINVALID for a bad selector, PD_ETOOBIG past the input cap, PD_EBUDGET
 * over a budget, PD_ENOMEM; the message is in pd_error_last().  A
 * best-effort result returns 0 with report->warning set (and report->budget
 * when it is over the table-span budget).
 */
#ifndef PD_NORMALIZE_H
#define PD_NORMALIZE_H

#include <stddef.h>

#include "normalize/recipe.h"
#include "util/buf.h"

typedef enum {
    PD_INPUT_AUTO, /* sniff: HTML unless it looks like Markdown/plain text */
    PD_INPUT_HTML,
    PD_INPUT_MARKDOWN, /* also plain text */
} pd_input_kind;

typedef struct {
    const pd_recipe *recipe;  /* NULL or empty: find the policy automatically */
    const char *url;          /* where the page came from, or NULL */
    const char *content_type; /* HTTP Content-Type (charset hint), or NULL */
    pd_input_kind kind;
    int keep_links;   /* keep link targets as [text](url) */
    size_t max_input; /* refuse larger input (0: PD_NORMALIZE_MAX_INPUT) */
} pd_normalize_options;

#define PD_NORMALIZE_MAX_INPUT ((size_t)64 * 1024 * 1024)
#define PD_NORMALIZE_OPTIONS_INIT                                                                  \
    {                                                                                              \
        .recipe = NULL, .url = NULL, .content_type = NULL, .kind = PD_INPUT_AUTO, .keep_links = 0, \
        .max_input = 0                                                                             \
    }

typedef struct {
    char warning[256]; /* non-empty when the result is best effort */
    char budget[32];   /* the budget a best-effort result is over ("table-spans"), or "" */
    char charset[32];  /* the charset the input was read as */
    char language[16]; /* the page's language, lower case: its lang attribute's primary
                          subtag ("fr" of lang="fr-CA", on <html> or <body>), else the
                          language of the text (util/lang.h: en, fr or de); "" unknown */
    size_t blocks;     /* blocks written */
} pd_normalize_report;

int pd_normalize(pd_buf *out, const char *data, size_t len, const pd_normalize_options *opts,
                 pd_normalize_report *report);

/* Guesses the input kind from a file name (".md", ".txt", ".markdown" ->
 * PD_INPUT_MARKDOWN; ".html", ".htm" -> PD_INPUT_HTML; else PD_INPUT_AUTO). */
pd_input_kind pd_input_kind_from_path(const char *path);

#endif
