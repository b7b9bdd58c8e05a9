/*
 * text.h - text-level canonicalization shared by every input kind.
 *
 * pd_charset_to_utf8(): decodes raw bytes to UTF-8.  The charset comes from,
 * in order: a byte order mark (UTF-8, UTF-16LE, UTF-16BE), the HTTP
 * Content-Type charset, an HTML <meta charset> or <meta http-equiv
 * content="...; charset=..."> (or an XML declaration) in the first 8 KB.
 * Labels follow the WHATWG encoding standard (iso-8859-1 and us-ascii are read
 * as windows-1252; a <meta> declaring UTF-16 means UTF-8).  UTF-8 (declared or
 * assumed) that is not valid has its invalid bytes read as windows-1252.
 * Other charsets go through iconv; bytes it cannot decode become U+FFFD.  NUL
 * bytes are dropped.  The output is always valid UTF-8; charset_used gets the
 * charset that was applied ("utf-8", "windows-1252", "utf-16le", ...).
 *
 * pd_text_canonicalize(): one block's inline text to canonical form: classic
 * mojibake repaired (UTF-8 that was read as windows-1252 or latin-1, found by
 * runs that decode again as valid UTF-8: "PayPalâ€™s" -> "PayPal's",
 * "Ã©" -> "é"), Unicode NFC, nbsp and other spaces to a plain space,
 * zero-width characters and soft hyphens dropped, control characters dropped,
 * typographic quotes to ASCII quotes, dashes (en, em, minus, figure, hyphen) to
 * "-", the ellipsis character to "...", whitespace runs collapsed to one
 * space, trimmed.  Invalid UTF-8 in the input is read as windows-1252.
 * Idempotent: canonicalizing the output again gives the same bytes.
 *
 * pd_utf8_sanitize(): copies text as valid UTF-8 (invalid bytes read as
 * windows-1252, NUL bytes dropped) without any other change.
 *
 * All append to out (caller owns it) and return 0, PD_ENOMEM or PD_EINVALID.
 */
#ifndef PD_TEXT_H
#define PD_TEXT_H

#include <stddef.h>

#include "util/buf.h"

int pd_charset_to_utf8(pd_buf *out, const char *data, size_t len, const char *content_type,
                       char charset_used[32]);
int pd_text_canonicalize(pd_buf *out, const char *text, size_t len);
int pd_utf8_sanitize(pd_buf *out, const char *text, size_t len);

#endif
