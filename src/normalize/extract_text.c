/* Text helpers of the extractor, public through extract.h: Cloudflare
 * e-mail decoding, tracking parameters in link targets, relative dates. */
#include "normalize/extract.h"
#include "normalize/extract_internal.h"
#include "util/error.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decoded addresses may hold numeric character references ("&#105;&#x6e;"),
 * a second layer of obfuscation: resolve the ASCII ones in place. */
static void decode_char_refs(pd_buf *b, size_t from)
{
    size_t r = from, w = from;
    while (r < b->len) {
        if (b->ptr[r] == '&' && r + 2 < b->len && b->ptr[r + 1] == '#') {
            size_t k = r + 2;
            int hex = 0;
            long v = 0;
            if (b->ptr[k] == 'x' || b->ptr[k] == 'X') {
                hex = 1;
                k++;
            }
            size_t digits = k;
            while (
                k < b->len && k - digits < 6 &&
                (hex ? hexval((unsigned char)b->ptr[k]) >= 0 : isdigit((unsigned char)b->ptr[k]))) {
                v = v * (hex ? 16 : 10) + hexval((unsigned char)b->ptr[k]);
                k++;
            }
            if (k > digits && k < b->len && b->ptr[k] == ';' && v >= 0x20 && v < 0x7f) {
                b->ptr[w++] = (char)v;
                r = k + 1;
                continue;
            }
        }
        b->ptr[w++] = b->ptr[r++];
    }
    pd_buf_truncate(b, w);
}

int pd_cfemail_decode(pd_buf *out, const char *hex)
{
    size_t n = 0, start = out->len;
    int key, hi, lo;
    while (hex[n] && hexval((unsigned char)hex[n]) >= 0)
        n++;
    if (n < 4 || n % 2)
        return pd_error_set(PD_EINVALID, "not a Cloudflare e-mail code");
    key = hexval((unsigned char)hex[0]) * 16 + hexval((unsigned char)hex[1]);
    for (size_t i = 2; i + 1 < n; i += 2) {
        int c;
        hi = hexval((unsigned char)hex[i]);
        lo = hexval((unsigned char)hex[i + 1]);
        c = (hi * 16 + lo) ^ key;
        if (c < 0x20 || c == 0x7f) {
            pd_buf_truncate(out, start);
            return pd_error_set(PD_EINVALID, "not a Cloudflare e-mail code");
        }
        pd_buf_putc(out, c);
    }
    decode_char_refs(out, start);
    return pd_buf_error(out);
}

static const char *const tracking_params[] = {
    "fbclid",        "gclid",       "dclid",   "gbraid",    "wbraid",  "msclkid",
    "mc_cid",        "mc_eid",      "_ga",     "_gl",       "_hsenc",  "_hsmi",
    "hsctatracking", "igshid",      "yclid",   "twclid",    "ttclid",  "mkt_tok",
    "oly_enc_id",    "oly_anon_id", "vero_id", "_openstat", "ref_src", "cb",
    "cachebust",     "cache_bust",  "_",       NULL};

static int is_tracking(const char *name, size_t len)
{
    char low[32];
    if (len >= sizeof(low))
        return 0;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[len] = '\0';
    if (!strncmp(low, "utm_", 4) || !strncmp(low, "pk_", 3) || !strncmp(low, "mtm_", 4))
        return 1;
    return pd_ex_in_list(low, tracking_params);
}

int pd_url_strip_tracking(pd_buf *out, const char *url)
{
    const char *q = strchr(url, '?'), *hash;
    int first = 1;
    if (!q)
        return pd_buf_puts(out, url);
    hash = strchr(q, '#');
    pd_buf_put(out, url, (size_t)(q - url));
    for (const char *p = q + 1; p < (hash ? hash : q + strlen(q));) {
        const char *end = hash ? hash : q + strlen(q), *amp = p, *eq;
        while (amp < end && *amp != '&')
            amp++;
        eq = p;
        while (eq < amp && *eq != '=')
            eq++;
        if (amp > p && !is_tracking(p, (size_t)(eq - p))) {
            pd_buf_putc(out, first ? '?' : '&');
            pd_buf_put(out, p, (size_t)(amp - p));
            first = 0;
        }
        p = amp < end ? amp + 1 : amp;
    }
    if (hash)
        pd_buf_puts(out, hash);
    return pd_buf_error(out);
}

int pd_ex_is_word_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

static int match_word(const char *s, size_t len, size_t i, const char *w, size_t *end)
{
    size_t wl = strlen(w);
    if (i + wl > len || strncasecmp(s + i, w, wl))
        return 0;
    if (i + wl < len && pd_ex_is_word_char((unsigned char)s[i + wl]))
        return 0;
    *end = i + wl;
    return 1;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] == ' ')
        i++;
    return i;
}

/* "<number|a|an|one|a few|several> <unit>s? ago" starting at i; end of "ago". */
static int match_ago(const char *s, size_t len, size_t i, size_t *end)
{
    static const char *const qty[] = {"a few", "several", "an",  "a", "one",
                                      "two",   "three",   "few", NULL};
    static const char *const units[] = {
        "seconds", "second", "secs",  "sec",  "minutes", "minute", "mins",  "min",
        "hours",   "hour",   "hrs",   "hr",   "days",    "day",    "weeks", "week",
        "months",  "month",  "years", "year", "moments", "moment", NULL};
    static const char *const lead[] = {"about", "over", "almost", "nearly", "less than", NULL};
    size_t j = i, e;
    for (int k = 0; lead[k]; k++)
        if (match_word(s, len, j, lead[k], &e)) {
            j = skip_spaces(s, len, e);
            break;
        }
    if (j < len && isdigit((unsigned char)s[j])) {
        while (j < len && isdigit((unsigned char)s[j]))
            j++;
    } else {
        int ok = 0;
        for (int k = 0; qty[k] && !ok; k++)
            if (match_word(s, len, j, qty[k], &e)) {
                j = e;
                ok = 1;
            }
        if (!ok)
            return 0;
    }
    j = skip_spaces(s, len, j);
    {
        int ok = 0;
        for (int k = 0; units[k] && !ok; k++)
            if (match_word(s, len, j, units[k], &e)) {
                j = e;
                ok = 1;
            }
        if (!ok)
            return 0;
    }
    j = skip_spaces(s, len, j);
    if (!match_word(s, len, j, "ago", &e))
        return 0;
    *end = e;
    return 1;
}

/* A quick test before the word-by-word scan: "ago", "today", "yesterday"
 * or "just now" anywhere, in any case. */
static int may_hold_date(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case 'g':
        case 'G':
            if (i > 0 && i + 1 < len && (s[i - 1] | 0x20) == 'a' && (s[i + 1] | 0x20) == 'o')
                return 1;
            break;
        case 'y':
        case 'Y':
            /* cheap letter checks first: 'y' is common, these words are not */
            if ((i >= 4 && (s[i - 1] | 0x20) == 'a' && !strncasecmp(s + i - 4, "today", 5)) ||
                (i + 9 <= len && (s[i + 1] | 0x20) == 'e' && !strncasecmp(s + i, "yesterday", 9)))
                return 1;
            break;
        case 'j':
        case 'J':
            if (i + 8 <= len && !strncasecmp(s + i, "just now", 8))
                return 1;
            break;
        }
    }
    return 0;
}

size_t pd_strip_relative_dates(char *s, size_t len)
{
    static const char *const prefixes[] = {
        "last updated", "last modified", "last edited", "last reviewed", "last changed",
        "updated",      "modified",      "edited",      "posted",        "published",
        "changed",      "reviewed",      NULL};
    size_t i = 0;
    if (!may_hold_date(s, len))
        return len;
    while (i < len) {
        size_t start = i, j = i, e;
        int pre = 0;
        if (i > 0 && pd_ex_is_word_char((unsigned char)s[i - 1])) {
            i++;
            continue;
        }
        for (int k = 0; prefixes[k]; k++)
            if (match_word(s, len, j, prefixes[k], &e)) {
                j = e;
                pre = 1;
                break;
            }
        if (pre) {
            j = skip_spaces(s, len, j);
            if (j < len && s[j] == ':')
                j = skip_spaces(s, len, j + 1);
            if (match_word(s, len, j, "on", &e))
                j = skip_spaces(s, len, e);
        }
        if (match_ago(s, len, j, &e) ||
            (pre && (match_word(s, len, j, "yesterday", &e) || match_word(s, len, j, "today", &e) ||
                     match_word(s, len, j, "just now", &e)))) {
            /* also a trailing "." or ")" left alone; drop following spaces */
            while (e < len && s[e] == ' ')
                e++;
            memmove(s + start, s + e, len - e);
            len -= e - start;
            s[len] = '\0';
            continue;
        }
        i++;
    }
    while (len && s[len - 1] == ' ')
        len--;
    s[len] = '\0';
    return len;
}
