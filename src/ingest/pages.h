/*
 * pages.h - the raw capture of a document combined from several pages
 * (Open Terms Archive's "combine"): every page as fetched, in order, in one
 * file, so that record, rebuild and a pulled store derive the document
 * again from its raw capture as they do a single page's.
 *
 * The file (raw extension PD_PAGES_EXT) is text headers around the bytes:
 *
 *   policydiff-pages 1\n
 *   page <HTTP status> <length> <URL>\n      once per page, in order
 *   <Content-Type, or ->\n
 *   <length bytes of the page>\n
 *
 * pd_ingest_derive() reads it: each page through the normalizer with its
 * page's recipe (pd_recipe_page), the texts joined in order.
 *
 * No I/O.  Ownership: pd_pages_pack() appends to the caller's buffer;
 * pd_pages_unpack() gives an array the caller frees with pd_pages_free(),
 * whose bodies point into the raw bytes it was given (keep them alive) and
 * whose URLs and types it owns.  Errors: PD_EINVALID (a malformed file, a
 * URL or type with a line break), PD_ENOMEM.
 */
#ifndef PD_PAGES_H
#define PD_PAGES_H

#include <stddef.h>

#include "util/buf.h"

#define PD_PAGES_EXT "pages"
#define PD_PAGES_MAX 100

typedef struct {
    char *url;
    char *content_type; /* NULL when unknown */
    long status;        /* HTTP status; 0 when not HTTP */
    const char *body;
    size_t len;
} pd_page;

int pd_pages_pack(pd_buf *out, const pd_page *pages, size_t n);
/* 1 when raw (len bytes) starts as a combined capture. */
int pd_pages_is(const char *raw, size_t len);
int pd_pages_unpack(pd_page **out, size_t *n, const char *raw, size_t len);
void pd_pages_free(pd_page *pages, size_t n);

#endif
