/*
 * text.c - charset decoding and inline text canonicalization (see text.h).
 *
 * Pure ASCII takes a fast path everywhere.  Non-ASCII text is decoded once
 * into an array of code points per block, repaired and mapped there, and
 * encoded back: one allocation per block, none per character.
 */
#include "normalize/text.h"
#include "util/error.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* windows-1252 bytes 0x80..0x9F; the five undefined ones map to the C1
 * control of the same value, like the WHATWG decoder. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static uint32_t cp1252(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_hi[b - 0x80] : b;
}

/* The byte a code point came from when UTF-8 was misread as windows-1252 or
 * latin-1, or -1. */
static int misread_byte(uint32_t c)
{
    if (c < 0x80)
        return -1;
    if (c <= 0xFF)
        return (int)c;
    for (int i = 0; i < 32; i++)
        if (cp1252_hi[i] == c)
            return 0x80 + i;
    return -1;
}

/* Length of the valid UTF-8 sequence at s[i], with its code point in *cp;
 * 0 when it is not valid (overlong, surrogate, truncated, > U+10FFFF). */
static size_t utf8_dec(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned char c = s[i];
    size_t n;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else
        return 0;
    if (len - i < n)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (n == 4 && v < 0x10000) ||
        v > 0x10FFFF)
        return 0;
    *cp = v;
    return n;
}

static size_t utf8_enc(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int put_cp(pd_buf *out, uint32_t c)
{
    char tmp[4];
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    return pd_buf_put(out, tmp, utf8_enc(tmp, c));
}

/* UTF-8 with invalid bytes read as windows-1252, NULs dropped.  *bad and
 * *multi (either may be NULL) count invalid bytes and valid multi-byte
 * sequences. */
static int utf8_fix(pd_buf *out, const char *data, size_t len, size_t *bad, size_t *multi)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0, run = 0, nbad = 0, nmulti = 0;
    uint32_t cp;

    if (pd_buf_grow(out, len))
        return pd_buf_error(out);
    while (i < len) {
        /* Copy valid stretches in one go. */
        size_t st = i;
        for (;;) {
            while (i + 8 <= len) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if ((w & 0x8080808080808080ULL) ||
                    ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))
                    break;
                i += 8;
            }
            if (i >= len)
                break;
            if (s[i] && s[i] < 0x80) {
                i++;
                continue;
            }
            if (s[i] >= 0x80 && (run = utf8_dec(s, len, i, &cp)) > 0) {
                nmulti++;
                i += run;
                continue;
            }
            break;
        }
        if (i > st)
            pd_buf_put(out, s + st, i - st);
        if (i >= len)
            break;
        if (s[i]) {
            nbad++;
            put_cp(out, cp1252(s[i]));
        }
        i++;
    }
    if (bad)
        *bad = nbad;
    if (multi)
        *multi = nmulti;
    return pd_buf_error(out);
}

int pd_utf8_sanitize(pd_buf *out, const char *text, size_t len)
{
    return utf8_fix(out, text, len, NULL, NULL);
}

/* ---- charset labels ---------------------------------------------------- */

static int lc(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int label_is(const char *l, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp(l, *names))
            return 1;
    return 0;
}

/* Reads a charset label at p (quotes and spaces skipped) into lab (lower
 * case); returns its length (0 when there is none). */
static size_t read_label(const char *p, const char *end, char lab[32])
{
    size_t n = 0;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'' || *p == '='))
        p++;
    while (p < end && n < 31) {
        int c = (unsigned char)*p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':'))
            break;
        lab[n++] = (char)lc(c);
        p++;
    }
    lab[n] = '\0';
    return n;
}

static const char *ci_find(const char *h, size_t hl, const char *n)
{
    size_t nl = strlen(n);
    if (hl < nl)
        return NULL;
    for (size_t i = 0; i + nl <= hl; i++) {
        size_t k = 0;
        while (k < nl && lc((unsigned char)h[i + k]) == n[k])
            k++;
        if (k == nl)
            return h + i;
    }
    return NULL;
}

/* The charset parameter of a Content-Type value. */
static int http_charset(const char *ct, char lab[32])
{
    const char *p;
    if (!ct || !(p = ci_find(ct, strlen(ct), "charset")))
        return 0;
    p += 7;
    while (*p == ' ')
        p++;
    if (*p != '=')
        return 0;
    return read_label(p + 1, p + 1 + strlen(p + 1), lab) > 0;
}

/* A <meta> charset (either form) or an XML declaration's encoding in the
 * first 8 KB. */
static int meta_charset(const char *data, size_t len, char lab[32])
{
    size_t lim = len < 8192 ? len : 8192;
    const char *p = data, *end = data + lim, *m;

    if (lim > 5 && !memcmp(data, "<?xml", 5)) {
        const char *q = memchr(data, '>', lim);
        const char *e = q ? ci_find(data, (size_t)(q - data), "encoding") : NULL;
        if (e && read_label(e + 8, q, lab))
            return 1;
    }
    while ((m = ci_find(p, (size_t)(end - p), "<meta")) != NULL) {
        const char *gt = memchr(m, '>', (size_t)(end - m));
        const char *tag_end = gt ? gt : end;
        const char *c = ci_find(m, (size_t)(tag_end - m), "charset");
        if (c) {
            c += 7;
            while (c < tag_end && (*c == ' ' || *c == '\t'))
                c++;
            if (c < tag_end && *c == '=' && read_label(c + 1, tag_end, lab))
                return 1;
        }
        p = m + 5;
    }
    return 0;
}

static const char *const utf8_names[] = {
    "utf-8",           "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
    "x-unicode20utf8", NULL};
static const char *const w1252_names[] = {
    "windows-1252",   "cp1252",     "x-cp1252", "iso-8859-1",  "iso8859-1",       "iso88591",
    "iso_8859-1",     "iso-ir-100", "latin1",   "l1",          "us-ascii",        "ascii",
    "ansi_x3.4-1968", "cp819",      "ibm819",   "csisolatin1", "iso_8859-1:1987", NULL};
static const char *const u16le_names[] = {"utf-16",    "utf-16le",        "ucs-2",       "unicode",
                                          "csunicode", "iso-10646-ucs-2", "unicodefeff", NULL};
static const char *const u16be_names[] = {"utf-16be", "unicodefffe", NULL};

/* The iconv name for a label outside the built-in decoders. */
static const char *iconv_name(const char *l)
{
    static const char *const map[][2] = {{"gb2312", "GB18030"},
                                         {"gbk", "GB18030"},
                                         {"x-gbk", "GB18030"},
                                         {"gb18030", "GB18030"},
                                         {"chinese", "GB18030"},
                                         {"shift_jis", "CP932"},
                                         {"sjis", "CP932"},
                                         {"x-sjis", "CP932"},
                                         {"ms_kanji", "CP932"},
                                         {"windows-31j", "CP932"},
                                         {"euc-kr", "CP949"},
                                         {"ks_c_5601-1987", "CP949"},
                                         {"windows-949", "CP949"},
                                         {"big5", "BIG5-HKSCS"},
                                         {"big5-hkscs", "BIG5-HKSCS"},
                                         {"iso-8859-9", "CP1254"},
                                         {"latin5", "CP1254"},
                                         {"iso-8859-11", "CP874"},
                                         {"tis-620", "CP874"},
                                         {NULL, NULL}};
    for (int i = 0; map[i][0]; i++)
        if (!strcmp(l, map[i][0]))
            return map[i][1];
    return l;
}

static int utf16_decode(pd_buf *out, const unsigned char *s, size_t len, int be)
{
    size_t i = 0;
    while (i + 1 < len) {
        uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        i += 2;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
            uint32_t v = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                i += 2;
                u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
            } else
                u = 0xFFFD;
        } else if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD;
        if (u)
            put_cp(out, u);
    }
    if (i < len)
        put_cp(out, 0xFFFD);
    return pd_buf_error(out);
}

static int w1252_decode(pd_buf *out, const unsigned char *s, size_t len)
{
    if (pd_buf_grow(out, len))
        return pd_buf_error(out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x80) {
            if (s[i])
                pd_buf_putc(out, s[i]);
        } else
            put_cp(out, cp1252(s[i]));
    }
    return pd_buf_error(out);
}

/* Replaces what is not valid UTF-8 in out[from..] with U+FFFD: glibc's iconv
 * writes UCS-4 values above U+10FFFF as old 5- and 6-byte forms. */
static int utf8_sanitize(pd_buf *out, size_t from)
{
    const unsigned char *s = (const unsigned char *)out->ptr;
    size_t i = from, len = out->len;
    pd_buf fixed = PD_BUF_INIT;
    int rc;
    while (i < len) {
        uint32_t cp;
        size_t l = utf8_dec(s, len, i, &cp);
        if (!l)
            break;
        i += l;
    }
    if (i >= len)
        return 0; /* valid: nothing to do */
    pd_buf_put(&fixed, out->ptr + from, i - from);
    while (i < len) {
        uint32_t cp;
        size_t l = utf8_dec(s, len, i, &cp);
        if (l) {
            pd_buf_put(&fixed, s + i, l);
            i += l;
        } else {
            put_cp(&fixed, 0xFFFD);
            i++;
            while (i < len && (s[i] & 0xC0) == 0x80)
                i++;
        }
    }
    if ((rc = pd_buf_error(&fixed))) {
        pd_buf_dispose(&fixed);
        return rc;
    }
    pd_buf_truncate(out, from);
    rc = pd_buf_put(out, fixed.ptr ? fixed.ptr : "", fixed.len);
    pd_buf_dispose(&fixed);
    return rc;
}

/* Returns 1 when iconv knows the charset (output appended), 0 when not. */
static int iconv_decode(pd_buf *out, const char *data, size_t len, const char *name, int *rc)
{
    iconv_t cd = iconv_open("UTF-8", name);
    size_t start = out->len;
    char tmp[8192];
    char *in = (char *)data;
    size_t inleft = len;

    *rc = 0;
    if (cd == (iconv_t)-1)
        return 0;
    while (inleft > 0) {
        char *o = tmp;
        size_t oleft = sizeof(tmp);
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        int err = r == (size_t)-1 ? errno : 0;
        /* The output of iconv is UTF-8; NULs still have to go. */
        for (char *q = tmp; q < o; q++)
            if (*q)
                pd_buf_putc(out, *q);
        if (err == EILSEQ || err == EINVAL) {
            put_cp(out, 0xFFFD);
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        } else if (err && err != E2BIG)
            break;
        if (pd_buf_error(out))
            break;
    }
    iconv_close(cd);
    *rc = pd_buf_error(out);
    if (!*rc)
        *rc = utf8_sanitize(out, start);
    return 1;
}

int pd_charset_to_utf8(pd_buf *out, const char *data, size_t len, const char *content_type,
                       char charset_used[32])
{
    const unsigned char *s = (const unsigned char *)data;
    char lab[32] = "";
    int from_meta = 0, rc;
    size_t bad = 0, multi = 0;

    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        strcpy(charset_used, "utf-8");
        return utf8_fix(out, data + 3, len - 3, NULL, NULL);
    }
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        strcpy(charset_used, "utf-16le");
        return utf16_decode(out, s + 2, len - 2, 0);
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        strcpy(charset_used, "utf-16be");
        return utf16_decode(out, s + 2, len - 2, 1);
    }
    if (!http_charset(content_type, lab) && meta_charset(data, len, lab))
        from_meta = 1;

    if (lab[0] && label_is(lab, w1252_names)) {
        strcpy(charset_used, "windows-1252");
        return w1252_decode(out, s, len);
    }
    if (lab[0] && (label_is(lab, u16le_names) || label_is(lab, u16be_names)) && !from_meta) {
        int be = label_is(lab, u16be_names);
        strcpy(charset_used, be ? "utf-16be" : "utf-16le");
        return utf16_decode(out, s, len, be);
    }
    if (lab[0] && !label_is(lab, utf8_names) && !label_is(lab, u16le_names) &&
        !label_is(lab, u16be_names) && strcmp(lab, "x-user-defined") != 0) {
        size_t before = out->len;
        if (iconv_decode(out, data, len, iconv_name(lab), &rc)) {
            if (!rc) {
                snprintf(charset_used, 32, "%s", lab);
                return 0;
            }
            pd_buf_truncate(out, before);
            return rc;
        }
    }
    /* UTF-8, declared or assumed; invalid bytes read as windows-1252. */
    rc = utf8_fix(out, data, len, &bad, &multi);
    strcpy(charset_used, bad && !multi ? "windows-1252" : "utf-8");
    return rc;
}

/* ---- canonicalization ----------------------------------------------------- */

static int is_zero_width(uint32_t c)
{
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD ||
           c == 0x180E || (c >= 0x2061 && c <= 0x2064) || c == 0x034F;
}

static int is_space_cp(uint32_t c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x85 ||
        c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
        c == 0x202F || c == 0x205F || c == 0x3000)
        return 1;
    return 0;
}

/* If the tail a[..j) ends with a misread UTF-8 sequence (a lead byte
 * character followed by its continuation characters), replaces it by the
 * character it encodes; returns the new length (j when nothing matched). */
static size_t reduce_tail(uint32_t *a, size_t j)
{
    for (size_t need = 1; need <= 3 && need < j; need++) {
        size_t p = j - 1 - need, k;
        uint32_t c = a[p], cp;
        unsigned char b[4];
        if (c < 0xC2 || c > 0xF4 || (size_t)(c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3) != need)
            continue;
        b[0] = (unsigned char)c;
        for (k = 1; k <= need; k++) {
            int v = misread_byte(a[p + k]);
            if (v < 0x80 || v > 0xBF)
                break;
            b[k] = (unsigned char)v;
        }
        if (k == need + 1 && utf8_dec(b, need + 1, 0, &cp) == need + 1) {
            a[p] = cp;
            return p + 1;
        }
    }
    return j;
}

/* Replaces misread UTF-8 runs in a[0..n) in place, in one left-to-right pass
 * that re-checks the tail after every replacement (so nested mojibake and
 * chains collapse at once); returns the new length and sets *changed. */
static size_t repair_mojibake(uint32_t *a, size_t n, int *changed)
{
    size_t i, j = 0;
    for (i = 0; i < n; i++) {
        size_t r;
        a[j++] = a[i];
        if (a[j - 1] < 0x80 || a[j - 1] >= 0x2200)
            continue;
        while ((r = reduce_tail(a, j)) != j) {
            j = r;
            *changed = 1;
        }
    }
    return j;
}

static int needs_nfc(const uint32_t *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] >= 0x300 && !(a[i] >= 0x2010 && a[i] < 0x2070))
            return 1;
    return 0;
}

/* NFC of a[0..*n) in place (the result may be longer: *cap grows). */
static int nfc(uint32_t **pa, size_t *n, size_t *cap, pd_buf *tmp, int *changed)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r;
    uint32_t *a = *pa;
    size_t i, m = 0;

    pd_buf_clear(tmp);
    for (i = 0; i < *n; i++)
        put_cp(tmp, a[i]);
    if (pd_buf_error(tmp))
        return PD_ENOMEM;
    r = utf8proc_map((const utf8proc_uint8_t *)tmp->ptr, (utf8proc_ssize_t)tmp->len, &dst,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0) {
        free(dst);
        return r == UTF8PROC_ERROR_NOMEM ? PD_ENOMEM : 0;
    }
    if ((size_t)r == tmp->len && !memcmp(dst, tmp->ptr, (size_t)r)) {
        free(dst);
        return 0;
    }
    *changed = 1;
    if ((size_t)r > *cap) {
        uint32_t *na = realloc(a, (size_t)r * sizeof(*na));
        if (!na) {
            free(dst);
            return PD_ENOMEM;
        }
        *pa = a = na;
        *cap = (size_t)r;
    }
    for (i = 0; i < (size_t)r;) {
        uint32_t cp;
        size_t l = utf8_dec(dst, (size_t)r, i, &cp);
        if (!l) {
            cp = 0xFFFD;
            l = 1;
        }
        a[m++] = cp;
        i += l;
    }
    *n = m;
    free(dst);
    return 0;
}

/* The ASCII that typographic character *c is written as (quotes, dashes,
 * the ellipsis), or NULL to keep *c (which may become the bullet, with
 * *dropped set). */
static const char *ascii_for(uint32_t *c, int *dropped)
{
    switch (*c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x02BC:
    case 0xFF07:
    case 0x00B4:
        return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0xFF02:
        return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
        return "-";
    case 0x2026:
        return "...";
    case 0xF0B7:
        /* made by the repair: a new pass sees it as the bullet */
        *c = 0x2022;
        *dropped = 1;
        return NULL;
    default:
        return NULL;
    }
}

/* Decodes text into a (room for len code points), dropping zero-width and
 * control characters (C1 kept for now: they take part in mojibake);
 * returns the number of code points. */
static size_t decode(uint32_t *a, const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t l = utf8_dec(s, len, i, &cp);
        if (!l) {
            cp = cp1252(s[i]);
            l = 1;
        }
        i += l;
        if (is_zero_width(cp) || (cp < 0x20 && !is_space_cp(cp)) || cp == 0x7F)
            continue;
        if (cp == 0xF0B7)
            cp = 0x2022; /* the Symbol font's bullet */
        a[n++] = cp;
    }
    return n;
}

/* One pass of the non-ASCII pipeline; *dropped is set when the final mapping
 * removed characters (which may make a new pass change more). */
static int canon_once(pd_buf *out, const char *text, size_t len, int *dropped)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t *a = NULL;
    size_t n = 0, cap = len ? len : 1, i;
    pd_buf tmp = PD_BUF_INIT;
    int rc = 0, space = 0, any = 0;

    *dropped = 0;
    a = malloc(cap * sizeof(*a));
    PD_CHECK_ALLOC(a);
    n = decode(a, s, len);
    /* Mojibake repair and NFC until neither changes anything. */
    for (int round = 0; round < 8; round++) {
        int changed = 0;
        n = repair_mojibake(a, n, &changed);
        if (needs_nfc(a, n)) {
            int nc = 0;
            if ((rc = nfc(&a, &n, &cap, &tmp, &nc)))
                goto out;
            if (!nc)
                break;
            changed = 1;
        } else
            break;
        if (!changed)
            break;
    }
    /* Map and collapse. */
    for (i = 0; i < n; i++) {
        uint32_t c = a[i];
        const char *rep = NULL;
        if (is_space_cp(c)) {
            space = 1;
            continue;
        }
        if (is_zero_width(c) || (c >= 0x80 && c < 0xA0) || c < 0x20 || c == 0x7F) {
            *dropped = 1;
            continue;
        }
        rep = ascii_for(&c, dropped);
        if (space && any)
            pd_buf_putc(out, ' ');
        space = 0;
        any = 1;
        if (rep)
            pd_buf_puts(out, rep);
        else
            put_cp(out, c);
    }
    rc = pd_buf_error(out);
out:
    free(a);
    pd_buf_dispose(&tmp);
    return rc;
}

static int canon_chunk(pd_buf *out, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i;
    int space = 0, any = 0, dropped, rc;
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT;

    for (i = 0; i < len; i++)
        if (s[i] >= 0x80)
            break;
    if (i == len) {
        /* Pure ASCII: drop controls, collapse white space, trim. */
        if (pd_buf_grow(out, len))
            return pd_buf_error(out);
        for (i = 0; i < len; i++) {
            unsigned char c = s[i];
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                space = 1;
                continue;
            }
            if (c < 0x20 || c == 0x7F)
                continue;
            if (space && any)
                out->ptr[out->len++] = ' ';
            space = 0;
            any = 1;
            out->ptr[out->len++] = (char)c;
        }
        out->ptr[out->len] = '\0';
        return 0;
    }
    if ((rc = canon_once(&a, text, len, &dropped)))
        goto out;
    /* A dropped character can bring together what a new pass repairs. */
    for (int round = 0; dropped && round < 4; round++) {
        pd_buf_clear(&b);
        if ((rc = canon_once(&b, a.ptr ? a.ptr : "", a.len, &dropped)))
            goto out;
        if (b.len == a.len && (!a.len || !memcmp(a.ptr, b.ptr, a.len)))
            break;
        pd_buf t = a;
        a = b;
        b = t;
    }
    rc = pd_buf_put(out, a.ptr ? a.ptr : "", a.len);
out:
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    return rc;
}

/* Long text goes in pieces cut at ASCII white space (nothing this module
 * changes spans one), so memory stays proportional to the piece. */
#define CANON_PIECE 65536

int pd_text_canonicalize(pd_buf *out, const char *text, size_t len)
{
    size_t pos = 0, start = out->len;
    int rc = 0;

    if (len <= CANON_PIECE)
        return canon_chunk(out, text, len);
    while (pos < len && !rc) {
        size_t end = len - pos > CANON_PIECE ? pos + CANON_PIECE : len, mark = out->len;
        while (end < len && !(text[end] == ' ' || (text[end] >= '\t' && text[end] <= '\r')))
            end++;
        if (mark > start)
            pd_buf_putc(out, ' ');
        rc = canon_chunk(out, text + pos, end - pos);
        if (out->len == mark + 1 && mark > start)
            pd_buf_truncate(out, mark);
        pos = end;
    }
    return rc ? rc : pd_buf_error(out);
}
