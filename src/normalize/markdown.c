/*
 * markdown.c - the Markdown / plain-text reader (see markdown.h).
 *
 * Line by line: each line is classified (blank, fence, ATX heading, setext
 * underline, thematic break, quote, list marker, table, reference
 * definition, text) and either starts a block or continues the open one.  The
 * raw text of a paragraph, list item or quote is collected joined with single
 * spaces and goes through the inline pass (escapes, emphasis, links,
 * entities; markdown_inline.c) once, when the block closes.
 */
#include "normalize/markdown_internal.h"
#include "util/error.h"

#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 16

enum { OPEN_NONE, OPEN_PARA, OPEN_ITEM, OPEN_QUOTE };

typedef struct {
    int marker_col;
    int content_col;
} md_item;

typedef struct {
    pd_doc *doc;
    unsigned flags;
    pd_buf raw; /* raw text of the open block */
    pd_buf tmp; /* inline output */
    int open;
    int level, ordered, number;
    int after_blank; /* a blank line since the open block's last line */
    md_item st[MAX_DEPTH];
    int nst;
    int rc;
} md_reader;

/* ---- small helpers ---------------------------------------------------- */

size_t pd_markdown_bullet_len(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xB7)
        return 2; /* · */
    if (len < 3)
        return 0;
    if (s[0] == 0xE2) {
        if (s[1] == 0x97 && (s[2] == 0x8F || s[2] == 0xA6 || s[2] == 0x8B))
            return 3; /* ● ◦ ○ */
        if (s[1] == 0x80 && (s[2] == 0xA2 || s[2] == 0xA3))
            return 3; /* • ‣ */
        if (s[1] == 0x96 && (s[2] == 0xAA || s[2] == 0xA0 || s[2] == 0xBA || s[2] == 0xB8))
            return 3; /* ▪ ■ ► ▸ */
        if (s[1] == 0x81 && s[2] == 0x83)
            return 3; /* ⁃ */
        if (s[1] == 0x88 && s[2] == 0x99)
            return 3; /* ∙ */
        if (s[1] == 0x9E && s[2] == 0xA2)
            return 3; /* ➢ */
        if (s[1] == 0x9D && s[2] == 0x96)
            return 3; /* ❖ */
    }
    if (s[0] == 0xEF && s[1] == 0x82 && (s[2] == 0xB7 || s[2] == 0xA7))
        return 3; /* U+F0B7, U+F0A7 (Symbol font bullets) */
    return 0;
}

/* Leading white space of a line: columns (tabs to the next multiple of 4;
 * nbsp and other Unicode spaces count 1) and bytes. */
static int lead(const char *s, size_t n, size_t *pos)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int col = 0;
    while (i < n) {
        if (u[i] == ' ') {
            col++;
            i++;
        } else if (u[i] == '\t') {
            col = (col / 4 + 1) * 4;
            i++;
        } else if (i + 1 < n && u[i] == 0xC2 && u[i + 1] == 0xA0) {
            col++;
            i += 2;
        } else if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF) {
            i += 3;
        } else if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 &&
                   ((u[i + 2] >= 0x80 && u[i + 2] <= 0x8B) || u[i + 2] == 0xAF)) {
            col++;
            i += 3;
        } else if (i + 2 < n && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
            col++;
            i += 3;
        } else
            break;
        if (col > 1000)
            col = 1000;
    }
    *pos = i;
    return col;
}

static size_t rtrim(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

static int is_sp(const char *s, size_t n, size_t i)
{
    return i >= n || s[i] == ' ' || s[i] == '\t';
}

/* Only c (at least min times) with optional spaces between. */
static int only_char(const char *s, size_t n, char c, int min, int spaces)
{
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == c)
            k++;
        else if (!(spaces && (s[i] == ' ' || s[i] == '\t')))
            return 0;
    }
    return k >= min;
}

static int thematic_break(const char *s, size_t n)
{
    return n && (s[0] == '*' || s[0] == '-' || s[0] == '_') && only_char(s, n, s[0], 3, 1);
}

/* A list marker at s: returns 1 and the marker's byte length in *mlen (the
 * content starts after it and its white space). */
static int list_marker(const char *s, size_t n, int *ordered, int *number, size_t *mlen)
{
    size_t g, i;
    if (!n)
        return 0;
    if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && is_sp(s, n, 1)) {
        *ordered = 0;
        *mlen = 1;
        return 1;
    }
    if (s[0] == '-' && n > 1 && s[1] >= 'A' && s[1] <= 'Z') {
        *ordered = 0;
        *mlen = 1;
        return 1;
    }
    if (s[0] == '\\' && n > 2 && (s[1] == '-' || s[1] == '*' || s[1] == '+') &&
        (s[2] == ' ' || s[2] == '\t')) {
        *ordered = 0;
        *mlen = 2;
        return 1;
    }
    if ((g = pd_markdown_bullet_len(s, n)) && g < n &&
        (s[g] == ' ' || s[g] == '\t' ||
         (g + 1 < n && (unsigned char)s[g] == 0xC2 && (unsigned char)s[g + 1] == 0xA0))) {
        *ordered = 0;
        *mlen = g;
        return 1;
    }
    for (i = 0; i < n && i < 10 && is_digit((unsigned char)s[i]); i++)
        ;
    if (i >= 1 && i <= 9 && i < n) {
        int num = 0;
        for (size_t k = 0; k < i; k++)
            num = num * 10 + (s[k] - '0');
        if ((s[i] == '.' || s[i] == ')') && is_sp(s, n, i + 1)) {
            *ordered = 1;
            *number = num;
            *mlen = i + 1;
            return 1;
        }
        /* an escaped marker ("1\\. ") is a list item of a pasted document; an
         * escaped year ("2019\\. ") stays text */
        if (s[i] == '\\' && i <= 3 && i + 2 < n && (s[i + 1] == '.' || s[i + 1] == ')') &&
            (s[i + 2] == ' ' || s[i + 2] == '\t')) {
            *ordered = 1;
            *number = num;
            *mlen = i + 2;
            return 1;
        }
    }
    return 0;
}

/* A fence opener: returns its length (3+) and sets *ch. */
static size_t fence_open(const char *s, size_t n, char *ch)
{
    size_t k = 0;
    if (!n || (s[0] != '`' && s[0] != '~'))
        return 0;
    while (k < n && s[k] == s[0])
        k++;
    if (k < 3)
        return 0;
    if (s[0] == '`' && memchr(s + k, '`', n - k))
        return 0;
    *ch = s[0];
    return k;
}

/* Is the '|' at s[i] escaped (odd number of backslashes before it)? */
static int escaped_at(const char *s, size_t i)
{
    size_t k = 0;
    while (k < i && s[i - 1 - k] == '\\')
        k++;
    return k & 1;
}

static int has_pipe(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '|' && !escaped_at(s, i))
            return 1;
    return 0;
}

typedef int (*cell_cb)(const char *s, size_t n, void *payload);

/* Splits a table row into trimmed cells; returns the cell count. */
static size_t split_row(const char *s, size_t n, cell_cb cb, void *payload)
{
    size_t p, i, st, count = 0;
    lead(s, n, &p);
    s += p;
    n -= p;
    n = rtrim(s, n);
    if (n && s[0] == '|') {
        s++;
        n--;
    }
    if (n && s[n - 1] == '|' && !escaped_at(s, n - 1))
        n--;
    st = 0;
    for (i = 0; i <= n; i++) {
        if (i == n || (s[i] == '|' && !escaped_at(s, i))) {
            size_t a = st, b = i;
            while (a < b && (s[a] == ' ' || s[a] == '\t'))
                a++;
            b = a + rtrim(s + a, b - a);
            if (cb && cb(s + a, b - a, payload))
                return count;
            count++;
            st = i + 1;
        }
    }
    return count;
}

static int delim_cell(const char *s, size_t n, void *payload)
{
    int *ok = payload;
    size_t a = 0, b = n;
    if (a < b && s[a] == ':')
        a++;
    if (b > a && s[b - 1] == ':')
        b--;
    if (b == a || !only_char(s + a, b - a, '-', 1, 0))
        *ok = 0;
    return 0;
}

/* A GFM delimiter row ("| --- | :-: |"): returns its cell count, or 0. */
static size_t delim_row(const char *s, size_t n)
{
    int ok = 1;
    size_t cells, p;
    lead(s, n, &p);
    if (!memchr(s, '|', n) || !memchr(s, '-', n))
        return 0;
    for (size_t i = p; i < n; i++)
        if (!strchr("|:- \t", s[i]))
            return 0;
    cells = split_row(s, n, delim_cell, &ok);
    return ok ? cells : 0;
}

/* ---- blocks -------------------------------------------------------------- */

static void flush(md_reader *r)
{
    pd_block *b;
    pd_block_kind kind;
    if (r->open == OPEN_NONE || r->rc)
        goto out;
    pd_buf_clear(&r->tmp);
    pd_md_inline(&r->tmp, pd_buf_cstr(&r->raw), r->raw.len, r->flags);
    if ((r->rc = pd_buf_error(&r->tmp)))
        goto out;
    kind = r->open == OPEN_PARA   ? PD_BLOCK_PARAGRAPH
           : r->open == OPEN_ITEM ? PD_BLOCK_LIST_ITEM
                                  : PD_BLOCK_QUOTE;
    if ((r->rc = pd_doc_add(&b, r->doc, kind, r->open == OPEN_ITEM ? r->level : 0,
                            pd_buf_cstr(&r->tmp), r->tmp.len)))
        goto out;
    if (r->open == OPEN_ITEM) {
        b->ordered = r->ordered;
        b->number = r->ordered ? r->number : 0;
    }
out:
    pd_buf_clear(&r->raw);
    r->open = OPEN_NONE;
}

static void add_text(md_reader *r, const char *s, size_t n)
{
    size_t bs = 0;
    n = rtrim(s, n);
    /* A trailing backslash is a hard line break. */
    while (bs < n && s[n - 1 - bs] == '\\')
        bs++;
    if (bs & 1)
        n = rtrim(s, n - 1);
    if (!n)
        return;
    if (r->raw.len)
        pd_buf_putc(&r->raw, ' ');
    pd_buf_put(&r->raw, s, n);
}

static void add_heading(md_reader *r, int level, const char *s, size_t n)
{
    size_t p;
    pd_block *b;
    lead(s, n, &p);
    s += p;
    n = rtrim(s, n - p);
    /* Closing sequence: unescaped #s preceded by a space, or the whole text. */
    {
        size_t e = n;
        while (e && s[e - 1] == '#')
            e--;
        if (e < n && (e == 0 || s[e - 1] == ' ' || s[e - 1] == '\t'))
            n = rtrim(s, e);
    }
    pd_buf_clear(&r->tmp);
    pd_md_inline(&r->tmp, s, n, r->flags);
    if (!r->rc)
        r->rc = pd_buf_error(&r->tmp) ? pd_buf_error(&r->tmp)
                                      : pd_doc_add(&b, r->doc, PD_BLOCK_HEADING, level,
                                                   pd_buf_cstr(&r->tmp), r->tmp.len);
}

typedef struct {
    md_reader *r;
    pd_block *row;
} cell_ctx;

static int add_cell(const char *s, size_t n, void *payload)
{
    cell_ctx *c = payload;
    pd_buf_clear(&c->r->tmp);
    pd_md_inline(&c->r->tmp, s, n, c->r->flags);
    if (pd_buf_error(&c->r->tmp))
        return c->r->rc = pd_buf_error(&c->r->tmp);
    return c->r->rc = pd_block_add_cell(c->row, pd_buf_cstr(&c->r->tmp), c->r->tmp.len);
}

static void add_row(md_reader *r, const char *s, size_t n, int header)
{
    cell_ctx c = {r, NULL};
    if (r->rc || (r->rc = pd_doc_add(&c.row, r->doc, PD_BLOCK_TABLE_ROW, 0, NULL, 0)))
        return;
    c.row->header = header;
    split_row(s, n, add_cell, &c);
}

/* The next line after position i: [*ls, *ls + *ll), returns the position
 * after its end of line. */
static size_t next_line(const char *t, size_t len, size_t i, const char **ls, size_t *ll)
{
    size_t e = i;
    while (e < len && t[e] != '\n' && t[e] != '\r')
        e++;
    *ls = t + i;
    *ll = e - i;
    if (e < len && t[e] == '\r' && e + 1 < len && t[e + 1] == '\n')
        return e + 2;
    return e < len ? e + 1 : len + 1;
}

/* Does the (indentation-stripped) line start a block other than text? */
static int starts_block(const char *c, size_t cn)
{
    int o, num;
    size_t ml, lvl = 0;
    char ch;
    while (lvl < cn && c[lvl] == '#')
        lvl++;
    if (lvl >= 1 && lvl <= 6 && is_sp(c, cn, lvl))
        return 1;
    return (cn && c[0] == '>') || fence_open(c, cn, &ch) || thematic_break(c, cn) ||
           list_marker(c, cn, &o, &num, &ml);
}

/* A link reference definition on one line, "[label]: destination" with an
 * optional "title" and nothing else (CommonMark): dropped like a link
 * target.  "[1]: We do not sell your data." is a paragraph, not a
 * definition, and so is a footnote "[^1]: ...". */
static int ref_definition(const char *c, size_t cn)
{
    size_t i = 1;
    if (!cn || c[0] != '[' || (cn > 1 && c[1] == '^'))
        return 0;
    while (i < cn && i < 1000 && c[i] != ']' && c[i] != '[')
        i++;
    if (i + 1 >= cn || c[i] != ']' || c[i + 1] != ':' || i == 1)
        return 0;
    i += 2;
    while (i < cn && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (i >= cn)
        return 0;
    if (c[i] == '<') {
        while (i < cn && c[i] != '>')
            i++;
        if (i >= cn)
            return 0;
        i++;
    } else {
        while (i < cn && c[i] != ' ' && c[i] != '\t')
            i++;
    }
    while (i < cn && (c[i] == ' ' || c[i] == '\t'))
        i++;
    if (i == cn)
        return 1;
    /* an optional title, then the end of the line */
    {
        char close = c[i] == '(' ? ')' : c[i];
        if (close != '"' && close != '\'' && close != ')')
            return 0;
        return cn - i >= 2 && c[cn - 1] == close;
    }
}

/* Reads a fenced code block whose opening line (indented col, fence of
 * flen characters fch) ends at i; returns the offset after its close. */
static size_t read_fence(md_reader *r, const char *text, size_t len, size_t i, int col, char fch,
                         size_t flen)
{
    pd_buf code = PD_BUF_INIT;
    int first = 1;
    flush(r);
    r->nst = 0;
    while (i < len) {
        const char *fl, *fc;
        size_t fll, fp, fcn, k = 0;
        size_t ni = next_line(text, len, i, &fl, &fll);
        lead(fl, fll, &fp);
        fc = fl + fp;
        fcn = rtrim(fc, fll - fp);
        while (k < fcn && fc[k] == fch)
            k++;
        i = ni;
        if (k >= flen && k == fcn)
            break;
        /* strip up to the fence's indentation */
        {
            size_t q = 0;
            int cc = 0;
            while (q < fll && fl[q] == ' ' && cc < col) {
                q++;
                cc++;
            }
            if (!first)
                pd_buf_putc(&code, '\n');
            pd_buf_put(&code, fl + q, fll - q);
            first = 0;
        }
    }
    if (pd_buf_error(&code))
        r->rc = pd_buf_error(&code);
    else
        r->rc = pd_doc_add(NULL, r->doc, PD_BLOCK_CODE, 0, pd_buf_cstr(&code), code.len);
    pd_buf_dispose(&code);
    r->after_blank = 0;
    return i;
}

/* Reads line c when it is an ATX heading or the setext underline of the
 * open paragraph; returns 1 when it was. */
static int read_heading(md_reader *r, const char *c, size_t cn)
{
    int lvl = 0;
    while (lvl < (int)cn && c[lvl] == '#')
        lvl++;
    if (lvl >= 1 && lvl <= 6 && is_sp(c, cn, (size_t)lvl)) {
        flush(r);
        r->nst = 0;
        add_heading(r, lvl, c + lvl, cn - (size_t)lvl);
        r->after_blank = 0;
        return 1;
    }
    if (r->open == OPEN_PARA && !r->after_blank &&
        (only_char(c, cn, '=', 1, 0) || only_char(c, cn, '-', 1, 0))) {
        pd_buf raw = r->raw;
        r->raw = (pd_buf)PD_BUF_INIT;
        r->open = OPEN_NONE;
        add_heading(r, c[0] == '=' ? 1 : 2, pd_buf_cstr(&raw), raw.len);
        pd_buf_dispose(&raw);
        r->nst = 0;
        return 1;
    }
    return 0;
}

/* Reads a quote line c (starting with '>'). */
static void read_quote(md_reader *r, const char *c, size_t cn)
{
    size_t q = 0;
    while (q < cn && (c[q] == '>' || c[q] == ' ' || c[q] == '\t'))
        q++;
    if (r->open != OPEN_QUOTE || r->after_blank) {
        flush(r);
        r->nst = 0;
    }
    if (q == cn) {
        flush(r);
    } else {
        r->open = OPEN_QUOTE;
        add_text(r, c + q, cn - q);
    }
    r->after_blank = 0;
}

/* Reads a list item line c (indented col) whose marker is ml bytes long;
 * o and num: ordered and its number. */
static void read_item(md_reader *r, const char *c, size_t cn, int col, size_t ml, int o, int num)
{
    size_t q = ml, g;
    int ccol = col + (int)((unsigned char)c[0] >= 0x80 ? 1 : ml), spaces = 0;
    flush(r);
    while (q < cn &&
           (c[q] == ' ' || c[q] == '\t' ||
            ((unsigned char)c[q] == 0xC2 && q + 1 < cn && (unsigned char)c[q + 1] == 0xA0))) {
        q += c[q] == ' ' || c[q] == '\t' ? 1 : 2;
        spaces++;
    }
    ccol += spaces > 4 ? 1 : spaces;
    /* "* ● item": the glyph is decoration */
    while ((g = pd_markdown_bullet_len(c + q, cn - q)) != 0 &&
           (q + g == cn || c[q + g] == ' ' || c[q + g] == '\t')) {
        q += g;
        while (q < cn && (c[q] == ' ' || c[q] == '\t'))
            q++;
    }
    while (r->nst > 0 && col < r->st[r->nst - 1].content_col)
        r->nst--;
    if (r->nst >= MAX_DEPTH)
        r->nst = MAX_DEPTH - 1;
    r->st[r->nst].marker_col = col;
    r->st[r->nst].content_col = ccol;
    r->level = r->nst++;
    r->open = OPEN_ITEM;
    r->ordered = o;
    r->number = num;
    add_text(r, c + q, cn - q);
    r->after_blank = 0;
}

/* Reads a table whose header row is line c when the line at *i is its
 * delimiter row; moves *i past the table.  Returns 1 when it read one. */
static int read_table(md_reader *r, const char *text, size_t len, size_t *i, const char *c,
                      size_t cn)
{
    const char *nl;
    size_t nll, ni = next_line(text, len, *i, &nl, &nll);
    size_t dc = delim_row(nl, nll);
    if (!dc || dc != split_row(c, cn, NULL, NULL))
        return 0;
    flush(r);
    r->nst = 0;
    add_row(r, c, cn, 1);
    *i = ni;
    while (*i < len && !r->rc) {
        const char *tl, *tc;
        size_t tll, tp, tcn, ti = next_line(text, len, *i, &tl, &tll);
        lead(tl, tll, &tp);
        tc = tl + tp;
        tcn = rtrim(tc, tll - tp);
        if (!tcn || !has_pipe(tc, tcn) || starts_block(tc, tcn))
            break;
        add_row(r, tc, tcn, 0);
        *i = ti;
    }
    r->after_blank = 0;
    return 1;
}

int pd_markdown_read_flags(pd_doc *out, const char *text, size_t len, unsigned flags)
{
    md_reader r;
    size_t i = 0;

    memset(&r, 0, sizeof(r));
    r.doc = out;
    r.flags = flags;
    if (flags & PD_MARKDOWN_KEEP_LINKS)
        out->links = 1;
    if (!text)
        len = 0;

    while (i <= len && !r.rc) {
        const char *ls, *c;
        size_t ll, p, cn, ml, flen;
        int col, o = 0, num = 0;
        char fch;

        if (i == len)
            break;
        i = next_line(text, len, i, &ls, &ll);
        col = lead(ls, ll, &p);
        c = ls + p;
        cn = rtrim(c, ll - p);

        if (!cn) { /* blank */
            flush(&r);
            r.after_blank = 1;
            continue;
        }
        /* fenced code */
        if ((flen = fence_open(c, cn, &fch)) != 0) {
            i = read_fence(&r, text, len, i, col, fch, flen);
            continue;
        }
        if (read_heading(&r, c, cn))
            continue;
        if (thematic_break(c, cn)) {
            flush(&r);
            r.nst = 0;
            r.after_blank = 0;
            continue;
        }
        if (c[0] == '>') {
            read_quote(&r, c, cn);
            continue;
        }
        if (list_marker(c, cn, &o, &num, &ml)) {
            read_item(&r, c, cn, col, ml, o, num);
            continue;
        }
        if (has_pipe(c, cn) && i < len && read_table(&r, text, len, &i, c, cn))
            continue;
        if (r.open != OPEN_PARA && r.open != OPEN_ITEM && r.open != OPEN_QUOTE &&
            ref_definition(c, cn)) {
            r.after_blank = 0;
            continue;
        }
        /* text */
        if (r.open == OPEN_NONE) {
            r.nst = 0; /* a paragraph ends the list */
            r.open = OPEN_PARA;
        }
        add_text(&r, c, cn);
        r.after_blank = 0;
    }
    flush(&r);
    pd_buf_dispose(&r.raw);
    pd_buf_dispose(&r.tmp);
    return r.rc;
}

int pd_markdown_read(pd_doc *out, const char *text, size_t len)
{
    return pd_markdown_read_flags(out, text, len, 0);
}
