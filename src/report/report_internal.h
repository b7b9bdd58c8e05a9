/*
 * report_internal.h - helpers shared by the renderers of src/report/ (not
 * for other modules).
 */
#ifndef PD_REPORT_INTERNAL_H
#define PD_REPORT_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"

/* A JSON string from possibly invalid UTF-8 (bad bytes become U+FFFD); NULL
 * when out of memory.  The caller owns the reference. */
json_t *pd_report_json_str(const char *s);

/* Appends s[0..len) as Markdown text that reads back as exactly those
 * characters: specials escaped, '&' as &amp;, line breaks as <br>; lead:
 * the text opens a line (a leading list marker or indent is neutralized).
 * Returns whether anything was written. */
int pd_report_md_escape(pd_buf *b, const char *s, size_t len, int lead);

#endif
