/*
 * markdown_inline.c - the inline pass of the Markdown reader (markdown.c):
 * escapes, emphasis, links, autolinks and entities of one block's raw text.
 */
#include "normalize/markdown_internal.h"

#include <stdint.h>
#include <string.h>

#define SCAN_LIMIT 4096

/* pd_markdown_link_at() that also adds the bytes it looked at to *cost. */
static int link_scan(const char *s, size_t n, size_t i, size_t *text_end, size_t *end, size_t *cost)
{
    size_t j = i + 1, k;
    int depth;
    if (i >= n || s[i] != '[')
        return 0;
    while (j < n && j - i < SCAN_LIMIT) {
        if (s[j] == '\\' && j + 1 < n)
            j += 2;
        else if (s[j] == '[')
            return 0;
        else if (s[j] == ']')
            break;
        else
            j++;
    }
    *cost += j - i;
    if (j >= n || s[j] != ']' || j + 1 >= n)
        return 0;
    if (s[j + 1] == '(') {
        depth = 1;
        for (k = j + 2; k < n && k - j < SCAN_LIMIT; k++) {
            if (s[k] == '\\' && k + 1 < n)
                k++;
            else if (s[k] == '(')
                depth++;
            else if (s[k] == ')' && --depth == 0)
                break;
        }
        *cost += k - j;
        if (k >= n || s[k] != ')' || k - j >= SCAN_LIMIT)
            return 0;
        *text_end = j;
        *end = k + 1;
        return 1;
    }
    if (s[j + 1] == '[') {
        for (k = j + 2; k < n && k - j < 1000; k++) {
            if (s[k] == '\\' && k + 1 < n)
                k++;
            else if (s[k] == '[')
                return 0;
            else if (s[k] == ']')
                break;
        }
        *cost += k - j;
        if (k >= n || s[k] != ']' || k - j >= 1000)
            return 0;
        *text_end = j;
        *end = k + 1;
        return 1;
    }
    return 0;
}

int pd_markdown_link_at(size_t *text_end, size_t *end, const char *s, size_t n, size_t i)
{
    size_t cost = 0;
    return link_scan(s, n, i, text_end, end, &cost);
}

/* ---- inline pass -------------------------------------------------------- */

static void put_cp(pd_buf *o, uint32_t c)
{
    char t[4];
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        pd_buf_putc(o, (int)c);
        return;
    }
    if (c < 0x800) {
        t[0] = (char)(0xC0 | (c >> 6));
        t[1] = (char)(0x80 | (c & 0x3F));
        pd_buf_put(o, t, 2);
    } else if (c < 0x10000) {
        t[0] = (char)(0xE0 | (c >> 12));
        t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        t[2] = (char)(0x80 | (c & 0x3F));
        pd_buf_put(o, t, 3);
    } else {
        t[0] = (char)(0xF0 | (c >> 18));
        t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        t[3] = (char)(0x80 | (c & 0x3F));
        pd_buf_put(o, t, 4);
    }
}

/* An HTML entity at s (s[0] == '&'): returns its length and the code point. */
static size_t entity(const char *s, size_t n, uint32_t *cp)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } names[] = {{"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},
                 {"apos", '\''},    {"nbsp", 0xA0},     {"copy", 0xA9},    {"reg", 0xAE},
                 {"trade", 0x2122}, {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013},
                 {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C}, {"rdquo", 0x201D},
                 {"bull", 0x2022},  {"middot", 0xB7},   {"laquo", 0xAB},   {"raquo", 0xBB},
                 {"shy", 0xAD},     {"zwj", 0x200D},    {"zwnj", 0x200C},  {"euro", 0x20AC},
                 {"sect", 0xA7},    {"para", 0xB6},     {"deg", 0xB0},     {NULL, 0}};
    size_t i = 1;
    if (n > 3 && s[1] == '#') {
        uint32_t v = 0;
        int hex = s[2] == 'x' || s[2] == 'X', digits = 0;
        for (i = hex ? 3 : 2; i < n && digits < 8; i++, digits++) {
            int c = (unsigned char)s[i], d;
            if (is_digit(c))
                d = c - '0';
            else if (hex && ((c | 32) >= 'a' && (c | 32) <= 'f'))
                d = (c | 32) - 'a' + 10;
            else
                break;
            v = v * (hex ? 16 : 10) + (uint32_t)d;
        }
        if (!digits || i >= n || s[i] != ';')
            return 0;
        *cp = v;
        return i + 1;
    }
    while (i < n && i < 10 && ((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
        i++;
    if (i >= n || s[i] != ';' || i == 1)
        return 0;
    for (int k = 0; names[k].name; k++)
        if (strlen(names[k].name) == i - 1 && !memcmp(names[k].name, s + 1, i - 1)) {
            *cp = names[k].cp;
            return i + 1;
        }
    return 0;
}

/* "<...>" at s: autolink (its inside is kept), HTML tag or comment (dropped).
 * Returns the length consumed (0: a literal '<'); *keep and *keep_len give what
 * to emit. */
static size_t angle(const char *s, size_t n, const char **keep, size_t *keep_len)
{
    size_t i = 1, lim = n < SCAN_LIMIT ? n : SCAN_LIMIT;
    *keep = NULL;
    *keep_len = 0;
    if (lim > 4 && !memcmp(s, "<!--", 4)) {
        for (i = 4; i + 3 <= lim; i++)
            if (!memcmp(s + i, "-->", 3))
                return i + 3;
        return 0;
    }
    /* autolink: scheme:rest or local@domain */
    {
        size_t k = 1;
        int at = 0, colon = 0;
        while (k < lim && s[k] != '>' && s[k] != '<' && s[k] != ' ' && s[k] != '\t') {
            if (s[k] == '@')
                at = 1;
            if (s[k] == ':' && k > 2 && !colon)
                colon = 1;
            k++;
        }
        if (k < lim && s[k] == '>' && k > 1 && (at || colon) &&
            ((s[1] | 32) >= 'a' && (s[1] | 32) <= 'z')) {
            *keep = s + 1;
            *keep_len = k - 1;
            return k + 1;
        }
    }
    /* tag */
    if (i < lim && s[i] == '/')
        i++;
    if (i >= lim || !((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
        return 0;
    while (i < lim && (is_alnum_b((unsigned char)s[i]) || s[i] == '-') &&
           (unsigned char)s[i] < 0x80)
        i++;
    if (i < lim && s[i] != '>' && s[i] != ' ' && s[i] != '/' && s[i] != '\t')
        return 0;
    while (i < lim && s[i] != '>' && s[i] != '<')
        i++;
    if (i >= lim || s[i] != '>')
        return 0;
    if ((s[1] | 32) == 'b' && (s[2] | 32) == 'r') {
        *keep = " ";
        *keep_len = 1;
    }
    return i + 1;
}

static const unsigned char inline_special[256] = {
    ['\\'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, ['!'] = 1, ['<'] = 1, ['&'] = 1};

/* Writes the backslash escape at s[i] (the text ends at lim); returns the
 * offset after it. */
static size_t put_escape(pd_buf *o, const char *s, size_t i, size_t lim, int keep_links)
{
    size_t g;
    if (i + 1 < lim && is_ascii_punct((unsigned char)s[i + 1])) {
        if (keep_links && (s[i + 1] == '[' || s[i + 1] == ']'))
            pd_buf_putc(o, '\\');
        pd_buf_putc(o, s[i + 1]);
        return i + 2;
    }
    if (i + 1 < lim && (g = pd_markdown_bullet_len(s + i + 1, lim - i - 1))) {
        pd_buf_put(o, s + i + 1, g);
        return i + 1 + g;
    }
    pd_buf_putc(o, '\\');
    return i + 1;
}

/* Drops the run of '*' or '_' at s[i] when it is emphasis, writes it when
 * it is literal ("a * b", snake_case, 2*3); returns the offset after it. */
static size_t put_emphasis(pd_buf *o, const char *s, size_t n, size_t i, size_t lim)
{
    char c = s[i];
    size_t r = i;
    int prev, next, literal;
    while (r < lim && s[r] == c)
        r++;
    prev = i ? (unsigned char)s[i - 1] : -1;
    next = r < n ? (unsigned char)s[r] : -1;
    if (prev < 0 || next < 0)
        literal = 0;
    else if ((prev == ' ' || prev == '\t') && (next == ' ' || next == '\t'))
        literal = 1;
    else if (c == '_' && r - i == 1 && is_alnum_b(prev) && is_alnum_b(next))
        literal = 1;
    else if (c == '*' && is_digit(prev) && is_digit(next))
        literal = 1;
    else
        literal = 0;
    if (literal)
        pd_buf_put(o, s + i, r - i);
    return r;
}

void pd_md_inline(pd_buf *o, const char *s, size_t n, unsigned flags)
{
    size_t i = 0, pend_at = (size_t)-1, pend_to = 0, cost = 0;
    /* Links and comments are looked for ahead; past this budget (only
     * pathological text reaches it) they are not recognized any more. */
    size_t budget = 16 * n + 65536;
    int keep_links = (flags & PD_MARKDOWN_KEEP_LINKS) != 0;

    while (i < n) {
        size_t lim = pend_at != (size_t)-1 ? pend_at : n;
        unsigned char c = (unsigned char)s[i];
        if (i == pend_at) {
            if (keep_links)
                pd_buf_put(o, s + i, pend_to - i);
            i = pend_to;
            pend_at = (size_t)-1;
            continue;
        }
        if (c == '\\') {
            i = put_escape(o, s, i, lim, keep_links);
            continue;
        }
        if (c == '*' || c == '_') {
            i = put_emphasis(o, s, n, i, lim);
            continue;
        }
        if (pend_at == (size_t)-1 && cost < budget &&
            (c == '[' || (c == '!' && i + 1 < n && s[i + 1] == '['))) {
            size_t te, end, at = c == '!' ? i + 1 : i;
            if (link_scan(s, n, at, &te, &end, &cost)) {
                if (c == '!') {
                    i = end; /* images are dropped */
                    continue;
                }
                if (keep_links)
                    pd_buf_putc(o, '[');
                pend_at = te;
                pend_to = end;
                i = at + 1;
                continue;
            }
        }
        if (c == '<' && cost < budget) {
            const char *keep;
            size_t kl, l = angle(s + i, lim - i, &keep, &kl);
            /* only an unclosed comment scans far more than it consumes */
            if (!l && lim - i > 4 && !memcmp(s + i, "<!--", 4))
                cost += lim - i < SCAN_LIMIT ? lim - i : SCAN_LIMIT;
            if (l) {
                pd_buf_put(o, keep, kl);
                i += l;
                continue;
            }
        }
        if (c == '&') {
            uint32_t cp;
            size_t l = entity(s + i, lim - i, &cp);
            if (l) {
                put_cp(o, cp);
                i += l;
                continue;
            }
        }
        /* Ordinary bytes up to the next one that may mean something. */
        {
            size_t e = i + 1;
            while (e < lim && !inline_special[(unsigned char)s[e]])
                e++;
            pd_buf_put(o, s + i, e - i);
            i = e;
        }
    }
}
