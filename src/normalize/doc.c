#include "normalize/doc.h"
#include "normalize/markdown.h"
#include "normalize/sentence.h"
#include "normalize/text.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

int pd_doc_add(pd_block **out, pd_doc *doc, pd_block_kind kind, int level, const char *text,
               size_t len)
{
    pd_block *b;
    int rc;
    if (doc->len == doc->cap && (rc = pd_array_grow(&doc->blocks, &doc->cap, sizeof(*b), 32)))
        return rc;
    b = &doc->blocks[doc->len];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->level = level;
    if (text && !(b->text = dupn(text, len)))
        return PD_ENOMEM_SET();
    doc->len++;
    if (out)
        *out = b;
    return 0;
}

int pd_block_add_cell(pd_block *row, const char *text, size_t len)
{
    char **nc = realloc(row->cells, (row->ncells + 1) * sizeof(*nc));
    PD_CHECK_ALLOC(nc);
    row->cells = nc;
    nc[row->ncells] = dupn(text, len);
    PD_CHECK_ALLOC(nc[row->ncells]);
    row->ncells++;
    return 0;
}

void pd_doc_dispose(pd_doc *doc)
{
    for (size_t i = 0; i < doc->len; i++) {
        pd_block *b = &doc->blocks[i];
        free(b->text);
        for (size_t j = 0; j < b->ncells; j++)
            free(b->cells[j]);
        free(b->cells);
    }
    free(doc->blocks);
    doc->blocks = NULL;
    doc->len = doc->cap = 0;
}

/* ---- the canonical writer -------------------------------------------------- */

#define MAX_DEPTH 16

typedef struct {
    pd_buf *out;
    int any;        /* something was written */
    int list_depth; /* depth of the last list item written, -1 outside a list */
    int ind[MAX_DEPTH];
    int links;
    pd_buf t; /* canonical text of the current block */
} writer;

typedef struct {
    writer *w;
    const char *base; /* the whole canonical text */
    size_t len;
    size_t link_close; /* escape '[' before this offset (a "](" / "][" / "]:" follows) */
    int indent;        /* continuation indentation */
    int quote;         /* prefix every line with "> " */
    int first;         /* next sentence is the block's first line */
    int item_bullet;   /* first line is a bullet item's text */
    size_t done;       /* text written so far (a kept link may run past a sentence) */
} line_ctx;

static int is_alnum_b(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static void spaces(pd_buf *o, int n)
{
    static const char sp[] = "                                ";
    while (n > 0) {
        int k = n > 32 ? 32 : n;
        pd_buf_put(o, sp, (size_t)k);
        n -= k;
    }
}

/* The last position where a '[' could start a link when read back. */
static size_t find_link_close(const char *s, size_t n)
{
    size_t last = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == ']' && (s[i + 1] == '(' || s[i + 1] == '[' || s[i + 1] == ':'))
            last = i + 1;
    return last;
}

static const unsigned char esc_special[256] = {
    ['\\'] = 1, ['*'] = 1, ['|'] = 1, ['<'] = 1, ['_'] = 1, ['['] = 1, ['&'] = 1, ['!'] = 1};

/* Writes base[a, b) with inline escapes (so that the reader's inline pass
 * gives back the same text). */
static size_t esc_inline(writer *w, const char *base, size_t n, size_t a, size_t b,
                         size_t link_close, int cell)
{
    pd_buf *o = w->out;
    size_t i = a, run = a;
    (void)cell;
    while (i < b) {
        unsigned char c = (unsigned char)base[i];
        int esc = 0;
        if (!esc_special[c]) {
            i++;
            continue;
        }
        if (w->links && c == '[') {
            size_t te, end;
            if (pd_markdown_link_at(&te, &end, base, n, i)) {
                /* Link markup is written as it is, its text escaped; a link
                 * is written whole even past b (the caller continues after
                 * it). */
                pd_buf_put(o, base + run, i - run);
                pd_buf_putc(o, '[');
                esc_inline(w, base, n, i + 1, te, 0, cell);
                pd_buf_put(o, base + te, end - te);
                i = run = end;
                if (end >= b)
                    return end;
                continue;
            }
        }
        switch (c) {
        case '\\':
            if (w->links && i + 1 < b && (base[i + 1] == '[' || base[i + 1] == ']')) {
                /* an escaped bracket in link markup text stays as it is */
                i += 2;
                continue;
            }
            esc = 1;
            break;
        case '*':
        case '|':
        case '<':
            esc = 1;
            break;
        case '_':
            esc = !(i > 0 && i + 1 < n && is_alnum_b((unsigned char)base[i - 1]) &&
                    is_alnum_b((unsigned char)base[i + 1]));
            break;
        case '[':
            esc = !w->links && i < link_close;
            break;
        case '!':
            /* "![" would read back as an image */
            esc = w->links && i + 1 < n && base[i + 1] == '[';
            break;
        case '&': {
            /* only where the reader would see an entity */
            size_t k = i + 1;
            if (k < b && base[k] == '#')
                k++;
            while (k < b && k - i < 12 && is_alnum_b((unsigned char)base[k]) &&
                   (unsigned char)base[k] < 0x80)
                k++;
            esc = k < b && base[k] == ';' && k > i + 1;
            break;
        }
        default:
            break;
        }
        if (esc) {
            pd_buf_put(o, base + run, i - run);
            pd_buf_putc(o, '\\');
            run = i;
        }
        i++;
    }
    pd_buf_put(o, base + run, b - run);
    return b;
}

/* Would a line starting with s be read as something else than the text of
 * the block it continues?  (Conservative.) */
static int line_special(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    size_t i = 0;
    if (!n)
        return 0;
    if (is_digit(c)) {
        while (i < n && is_digit((unsigned char)s[i]))
            i++;
        return i < n && (s[i] == '.' || s[i] == ')' || s[i] == '\\');
    }
    if (c >= 0x80)
        return pd_markdown_bullet_len(s, n) != 0;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 0;
    return !strchr("\"'(),.;?$%&@/", c);
}

/* A list marker that opens a paragraph's text: "- ", "* ", "+ ", glyph + " ",
 * "12. ", "12) ".  Returns the length up to the text. */
static size_t para_marker(const char *s, size_t n, int *ordered, int *number)
{
    size_t i = 0, g;
    if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
        *ordered = 0;
        return 2;
    }
    if ((g = pd_markdown_bullet_len(s, n)) && g < n && s[g] == ' ') {
        *ordered = 0;
        return g + 1;
    }
    while (i < n && i < 10 && is_digit((unsigned char)s[i]))
        i++;
    /* up to 3 digits: "2019. This was the year..." opens with a year */
    if (i >= 1 && i <= 3 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') {
        int num = 0;
        for (size_t k = 0; k < i; k++)
            num = num * 10 + (s[k] - '0');
        *ordered = 1;
        *number = num;
        return i + 2;
    }
    return 0;
}

static int put_line(const char *s, size_t len, void *payload)
{
    line_ctx *x = payload;
    writer *w = x->w;
    pd_buf *o = w->out;
    size_t a = (size_t)(s - x->base), b = a + len;

    if (!x->first && a < x->done) {
        /* this sentence starts inside a link already written: go on after it */
        if (b > x->done)
            x->done = esc_inline(w, x->base, x->len, x->done, b, x->link_close, 0);
        return 0;
    }
    if (x->first) {
        x->first = 0;
        if (x->quote) {
            pd_buf_puts(o, "> ");
            if (s[0] == '>')
                pd_buf_putc(o, '\\');
        } else if (x->item_bullet) {
            if (s[0] == '-')
                pd_buf_putc(o, '\\');
        } else if (x->indent == 0) {
            /* A paragraph's first line: nothing may read as a block start. */
            size_t i = 0;
            size_t te, end;
            if (strchr("#>-+=~`", s[0]) ||
                (w->links && s[0] == '[' &&
                 !pd_markdown_link_at(&te, &end, x->base + a, x->len - a, 0)))
                pd_buf_putc(o, '\\');
            while (i < len && i < 10 && is_digit((unsigned char)s[i]))
                i++;
            if (i >= 1 && i <= 9 && i < len && (s[i] == '.' || s[i] == ')') &&
                (i + 1 == len || s[i + 1] == ' ')) {
                /* "1." alone, or "2019. ..." (a year, not a list number):
                 * escaped, so it is not read back as a list item */
                pd_buf_put(o, s, i);
                pd_buf_putc(o, '\\');
                a += i;
            }
        }
    } else if (x->quote) {
        pd_buf_puts(o, "\n> ");
        if (s[0] == '>')
            pd_buf_putc(o, '\\');
    } else if (line_special(s, len)) {
        pd_buf_putc(o, ' ');
    } else {
        pd_buf_putc(o, '\n');
        spaces(o, x->indent);
    }
    x->done = esc_inline(w, x->base, x->len, a, b, x->link_close, 0);
    return 0;
}

static void write_lines(writer *w, const char *t, size_t n, int indent, int quote, int bullet)
{
    line_ctx x = {w, t, n, 0, indent, quote, 1, bullet, 0};
    x.link_close = w->links ? 0 : find_link_close(t, n);
    pd_sentence_split(t, n, put_line, &x);
    pd_buf_putc(w->out, '\n');
}

static void block_sep(writer *w)
{
    if (w->any)
        pd_buf_putc(w->out, '\n');
    w->any = 1;
    w->list_depth = -1;
}

/* Canonical text of a block into w->t. */
static int canon(writer *w, const char *s)
{
    pd_buf_clear(&w->t);
    if (s)
        pd_text_canonicalize(&w->t, s, strlen(s));
    return pd_buf_error(&w->t);
}

static size_t strip_glyphs(const char *s, size_t n)
{
    size_t i = 0, g;
    while ((g = pd_markdown_bullet_len(s + i, n - i)) != 0 && (i + g == n || s[i + g] == ' ')) {
        i += g;
        while (i < n && s[i] == ' ')
            i++;
    }
    return i;
}

static void write_item(writer *w, int level, int ordered, int number, const char *t, size_t n)
{
    int mcol, ccol;
    size_t skip = strip_glyphs(t, n);
    t += skip;
    n -= skip;
    if (!n)
        return;
    if (w->list_depth < 0) {
        if (w->any)
            pd_buf_putc(w->out, '\n');
        w->any = 1;
        level = 0;
    }
    if (level > w->list_depth + 1)
        level = w->list_depth + 1;
    if (level < 0)
        level = 0;
    if (level >= MAX_DEPTH)
        level = MAX_DEPTH - 1;
    mcol = level ? w->ind[level - 1] : 0;
    spaces(w->out, mcol);
    if (ordered) {
        if (number < 0)
            number = 0;
        if (number > 999999999)
            number = 999999999;
        pd_buf_printf(w->out, "%d. ", number);
        ccol = mcol + snprintf(NULL, 0, "%d. ", number);
    } else {
        pd_buf_puts(w->out, "- ");
        ccol = mcol + 2;
    }
    w->ind[level] = ccol;
    w->list_depth = level;
    write_lines(w, t, n, ccol, 0, !ordered);
}

static int is_chrome(const char *t, size_t n)
{
    static const char *const chrome[] = {"top",
                                         "back to top",
                                         "return to top",
                                         "go to top",
                                         "to top",
                                         "top of page",
                                         "back to top of page",
                                         "return to top of page",
                                         "scroll to top",
                                         "page top",
                                         "trending now",
                                         "skip to content",
                                         "skip to main content",
                                         "skip navigation",
                                         NULL};
    size_t a = 0, b = n;
    char low[32];
    while (a < b && !((t[a] | 32) >= 'a' && (t[a] | 32) <= 'z'))
        a++;
    while (b > a && !((t[b - 1] | 32) >= 'a' && (t[b - 1] | 32) <= 'z'))
        b--;
    if (b - a >= sizeof(low) || b == a)
        return 0;
    /* only punctuation, arrows and spaces may surround the words */
    for (size_t i = 0; i < n; i++)
        if ((i < a || i >= b) && is_alnum_b((unsigned char)t[i]) && (unsigned char)t[i] < 0x80)
            return 0;
    for (size_t i = a; i < b; i++)
        low[i - a] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] + 32 : t[i]);
    low[b - a] = '\0';
    for (int i = 0; chrome[i]; i++)
        if (!strcmp(low, chrome[i]))
            return 1;
    return 0;
}

static void write_code(writer *w, const char *s)
{
    pd_buf c = PD_BUF_INIT;
    size_t a = 0, b, run = 0, maxrun = 0, i, fence;
    if (!s)
        return;
    pd_utf8_sanitize(&c, s, strlen(s));
    /* drop CRs */
    for (i = 0, b = 0; i < c.len; i++)
        if (c.ptr[i] != '\r')
            c.ptr[b++] = c.ptr[i];
    pd_buf_truncate(&c, b);
    /* leading blank lines and trailing white space */
    for (i = 0; i < c.len; i++) {
        if (c.ptr[i] == '\n')
            a = i + 1;
        else if (c.ptr[i] != ' ' && c.ptr[i] != '\t')
            break;
    }
    b = c.len;
    while (b > a && (c.ptr[b - 1] == ' ' || c.ptr[b - 1] == '\t' || c.ptr[b - 1] == '\n'))
        b--;
    if (b > a) {
        for (i = a; i < b; i++) {
            run = c.ptr[i] == '`' ? run + 1 : 0;
            if (run > maxrun)
                maxrun = run;
        }
        fence = maxrun >= 3 ? maxrun + 1 : 3;
        block_sep(w);
        for (i = 0; i < fence; i++)
            pd_buf_putc(w->out, '`');
        pd_buf_putc(w->out, '\n');
        pd_buf_put(w->out, c.ptr + a, b - a);
        pd_buf_putc(w->out, '\n');
        for (i = 0; i < fence; i++)
            pd_buf_putc(w->out, '`');
        pd_buf_putc(w->out, '\n');
    }
    pd_buf_dispose(&c);
}

static void write_cell(writer *w, const char *s)
{
    pd_buf_putc(w->out, ' ');
    esc_inline(w, s, strlen(s), 0, strlen(s), w->links ? 0 : find_link_close(s, strlen(s)), 1);
    pd_buf_puts(w->out, " |");
}

/* 1 when the rows [from, to) are padded to ncols cells: unless the empty
 * cells that adds are more than four times the cells the rows have (a row of
 * 1,000 cells over 10,000 rows of one), which GFM reads the same unpadded.
 * The header row is always padded (its delimiter row needs as many). */
static int padding_fits(const pd_doc *doc, char ***cells, size_t from, size_t to, size_t ncols)
{
    size_t have = 0, added = 0;
    int header = 1;
    for (size_t r = from; r < to; r++) {
        if (!cells[r - from])
            continue; /* not written */
        if (!header) {
            have += doc->blocks[r].ncells;
            added += ncols - doc->blocks[r].ncells;
        }
        header = 0;
    }
    return added <= 4 * have + 256;
}

/* Rows [from, to) of doc form one table. */
static int write_table(writer *w, const pd_doc *doc, size_t from, size_t to)
{
    size_t ncols = 0, r, k, nrows = 0;
    char ***cells = NULL;
    int rc = 0, header_done = 0, pad;

    if (!(cells = calloc(to - from, sizeof(*cells))))
        return PD_ENOMEM;
    for (r = from; r < to; r++) {
        const pd_block *b = &doc->blocks[r];
        int nonempty = 0;
        if (!b->ncells)
            continue;
        if (!(cells[r - from] = calloc(b->ncells, sizeof(char *)))) {
            rc = PD_ENOMEM;
            goto out;
        }
        for (k = 0; k < b->ncells; k++) {
            if ((rc = canon(w, b->cells[k])))
                goto out;
            if (!(cells[r - from][k] = pd_buf_detach(&w->t))) {
                rc = PD_ENOMEM;
                goto out;
            }
            if (cells[r - from][k][0])
                nonempty = 1;
        }
        if (!nonempty) { /* not written: forgotten now */
            for (k = 0; k < b->ncells; k++)
                free(cells[r - from][k]);
            free(cells[r - from]);
            cells[r - from] = NULL;
            continue;
        }
        nrows++;
        if (b->ncells > ncols)
            ncols = b->ncells;
    }
    if (!nrows)
        goto out;
    pad = padding_fits(doc, cells, from, to, ncols);
    block_sep(w);
    for (r = from; r < to; r++) {
        const pd_block *b = &doc->blocks[r];
        int nonempty = 0;
        if (!cells[r - from])
            continue;
        for (k = 0; k < b->ncells; k++)
            if (cells[r - from][k][0])
                nonempty = 1;
        if (!nonempty)
            continue;
        pd_buf_putc(w->out, '|');
        for (k = 0; k < (pad || !header_done ? ncols : b->ncells); k++)
            write_cell(w, k < b->ncells ? cells[r - from][k] : "");
        pd_buf_putc(w->out, '\n');
        if (!header_done) {
            pd_buf_putc(w->out, '|');
            for (k = 0; k < ncols; k++)
                pd_buf_puts(w->out, " --- |");
            pd_buf_putc(w->out, '\n');
            header_done = 1;
        }
    }
out:
    for (r = from; r < to; r++) {
        if (cells[r - from]) {
            for (k = 0; k < doc->blocks[r].ncells; k++)
                free(cells[r - from][k]);
            free(cells[r - from]);
        }
    }
    free(cells);
    return rc;
}

/* rank[level]: the level a heading of that level is written at; *title:
 * the index of the block written as the document's title, or (size_t)-1. */
static int heading_ranks(int rank[7], size_t *title, writer *w, const pd_doc *doc)
{
    int rc = 0, first = 0, nfirst = 0, below = 7;
    unsigned used = 0;
    size_t first_i = (size_t)-1;
    /* Heading levels are written by rank: "#" is the document's title
     * alone, and the levels the rest of the page uses, in order, become 2,
     * 3, 4... so a redesign that turns every h2 into an h3 changes nothing,
     * and neither does a title kept in one capture and not in the next (a
     * hero h1 above the policy, a banner heading): the other headings keep
     * their level either way.  The title is the first heading when it is
     * the only one at its level and every other heading is below it.  Only
     * headings with text count, so the ranks and the title are the same
     * when the output is read back (idempotence). */
    for (size_t i = 0; i < doc->len && !rc; i++) {
        const pd_block *b = &doc->blocks[i];
        int l;
        if (b->kind != PD_BLOCK_HEADING)
            continue;
        if ((rc = canon(w, b->text)) || !w->t.len)
            continue;
        l = b->level < 1 ? 1 : b->level > 6 ? 6 : b->level;
        if (!first) {
            first = l;
            first_i = i;
        }
        if (l == first)
            nfirst++;
        else if (l < below)
            below = l;
        used |= 1u << l;
    }
    *title = first && nfirst == 1 && below > first ? first_i : (size_t)-1;
    if (*title != (size_t)-1)
        used &= ~(1u << first);
    for (int l = 1, r = 1; l <= 6; l++) {
        r += (used >> l) & 1u;
        rank[l] = r > 1 ? (r > 6 ? 6 : r) : 2;
    }
    return rc;
}

/* Writes heading w->t (canonical text) at level. */
static void write_heading(writer *w, int level)
{
    size_t e;
    block_sep(w);
    pd_buf_put(w->out, "######", (size_t)level);
    pd_buf_putc(w->out, ' ');
    /* A trailing run of '#' after a space would be read as a closing
     * sequence. */
    e = w->t.len;
    while (e && w->t.ptr[e - 1] == '#')
        e--;
    if (e < w->t.len && (e == 0 || w->t.ptr[e - 1] == ' ')) {
        esc_inline(w, w->t.ptr, w->t.len, 0, e, w->links ? 0 : find_link_close(w->t.ptr, w->t.len),
                   0);
        pd_buf_putc(w->out, '\\');
        pd_buf_put(w->out, w->t.ptr + e, w->t.len - e);
    } else
        esc_inline(w, w->t.ptr, w->t.len, 0, w->t.len,
                   w->links ? 0 : find_link_close(w->t.ptr, w->t.len), 0);
    pd_buf_putc(w->out, '\n');
}

/* Writes paragraph w->t (canonical text), as a list item when it starts
 * with a marker. */
static void write_paragraph(writer *w)
{
    int ordered = 0, number = 0;
    size_t m;
    if ((m = para_marker(w->t.ptr, w->t.len, &ordered, &number)) != 0) {
        write_item(w, 0, ordered, number, w->t.ptr + m, w->t.len - m);
        return;
    }
    block_sep(w);
    write_lines(w, w->t.ptr, w->t.len, 0, 0, 0);
}

int pd_doc_write_markdown(pd_buf *out, const pd_doc *doc)
{
    writer w;
    int rc = 0, rank[7] = {2, 2, 2, 2, 2, 2, 2};
    size_t title = (size_t)-1;

    memset(&w, 0, sizeof(w));
    w.out = out;
    w.list_depth = -1;
    w.links = doc->links;
    rc = heading_ranks(rank, &title, &w, doc);
    for (size_t i = 0; i < doc->len && !rc; i++) {
        const pd_block *b = &doc->blocks[i];
        switch (b->kind) {
        case PD_BLOCK_TABLE_ROW: {
            size_t j = i + 1;
            while (j < doc->len && doc->blocks[j].kind == PD_BLOCK_TABLE_ROW &&
                   !doc->blocks[j].header)
                j++;
            rc = write_table(&w, doc, i, j);
            i = j - 1;
            break;
        }
        case PD_BLOCK_CODE:
            write_code(&w, b->text);
            break;
        case PD_BLOCK_HEADING:
            if ((rc = canon(&w, b->text)) || !w.t.len)
                break;
            write_heading(&w, i == title ? 1
                                         : rank[b->level < 1   ? 1
                                                : b->level > 6 ? 6
                                                               : b->level]);
            break;
        case PD_BLOCK_PARAGRAPH:
            if ((rc = canon(&w, b->text)) || !w.t.len || is_chrome(w.t.ptr, w.t.len))
                break;
            write_paragraph(&w);
            break;
        case PD_BLOCK_LIST_ITEM:
            if ((rc = canon(&w, b->text)) || !w.t.len)
                break;
            write_item(&w, b->level, b->ordered, b->number, w.t.ptr, w.t.len);
            break;
        case PD_BLOCK_QUOTE:
            if ((rc = canon(&w, b->text)) || !w.t.len)
                break;
            block_sep(&w);
            write_lines(&w, w.t.ptr, w.t.len, 0, 1, 0);
            break;
        }
    }
    pd_buf_dispose(&w.t);
    if (!rc)
        rc = pd_buf_error(out);
    return rc;
}
