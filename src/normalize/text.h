/*
 * text.h - text-level canonicalization shared by every input kind.
 *
 * pd_charset_to_utf8(): decodes raw bytes to UTF-8 using, in order, a BOM,
 * the HTTP Content-Type charset, an HTML <meta> charset; invalid UTF-8 is read
 * as windows-1252.  NUL bytes are dropped.
 *
 * pd_text_canonicalize(): one block's inline text to canonical form: classic
 * mojibake repaired (e.g. "PayPalâ€™s" -> "PayPal's"), Unicode NFC, nbsp and
 * other spaces to a plain space, zero-width characters dropped, typographic
 * quotes to ASCII quotes, dashes to "-", whitespace runs collapsed, trimmed.
 *
 * Both append to out (caller owns it) and return 0, PD_ENOMEM or PD_EINVALID.
 */
#ifndef PD_TEXT_H
#define PD_TEXT_H

#include <stddef.h>

#include "util/buf.h"

int pd_charset_to_utf8(pd_buf *out, const char *data, size_t len, const char *content_type,
                       char charset_used[32]);
int pd_text_canonicalize(pd_buf *out, const char *text, size_t len);

#endif
