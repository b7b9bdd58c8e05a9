/* pdf.c - a PDF policy into the document model; see pdf.h. */
#include "normalize/pdf.h"
#include "normalize/popplerlib_calls.h"
#include "util/error.h"
#include "util/utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The top and bottom share of a page where running headers and footers sit. */
#define MARGIN 0.08
/* A heading is at least this much larger than the body text. */
#define HEADING_RATIO 1.15
/* Levels given by size; bold body-size headings come after them. */
#define MAX_SIZE_LEVELS 5

typedef pd_pdf_line pdf_line;

typedef struct {
    pdf_line *v;
    size_t n, cap;
    int pages, empty_pages;
} pdf_lines;

static void lines_dispose(pdf_lines *L)
{
    for (size_t i = 0; i < L->n; i++)
        free(L->v[i].text);
    free(L->v);
    L->v = NULL;
    L->n = L->cap = 0;
}

static int bold_face(const char *font)
{
    static const char *const words[] = {"bold", "black", "heavy", "semibold", "demi", NULL};
    for (size_t i = 0; font && words[i]; i++)
        for (const char *p = font; *p; p++)
            if (!strncasecmp(p, words[i], strlen(words[i])))
                return 1;
    return 0;
}

/* The size and weight most characters of [c0, c1) have, from poppler's
 * runs of attributes (character offsets, end inclusive). */
static void line_face(pdf_line *ln, GList *attrs, long c0, long c1)
{
    long best = 0, boldn = 0;
    for (GList *l = attrs; l; l = l->next) {
        const PopplerTextAttributes *a = l->data;
        long lo = a->start_index > c0 ? a->start_index : c0;
        long hi = a->end_index + 1 < c1 ? a->end_index + 1 : c1;
        if (hi <= lo)
            continue;
        if (hi - lo > best) {
            best = hi - lo;
            ln->size = a->font_size;
        }
        if (bold_face(a->font_name))
            boldn += hi - lo;
    }
    ln->bold = boldn * 2 > c1 - c0;
}

/* Appends the line text[0, len) (characters [c0, c1) of the page) unless
 * it is blank. */
static int add_line(pdf_lines *L, const char *text, size_t len, long c0, long c1,
                    const PopplerRectangle *rects, long nrects, GList *attrs)
{
    pdf_line *ln;
    int rc, seen = 0;
    size_t k = 0;
    while (k < len && isspace((unsigned char)text[k]))
        k++;
    if (k == len)
        return 0;
    if (L->n == L->cap && (rc = pd_array_grow(&L->v, &L->cap, sizeof(*L->v), 256)))
        return rc;
    ln = &L->v[L->n];
    memset(ln, 0, sizeof(*ln));
    if (!(ln->text = strndup(text, len)))
        return PD_ENOMEM_SET();
    for (long c = c0; c < c1 && c < nrects; c++) {
        const PopplerRectangle *r = &rects[c];
        if (!seen++ || r->x1 < ln->x1)
            ln->x1 = r->x1;
        if (seen == 1 || r->y1 < ln->y1)
            ln->y1 = r->y1;
        if (seen == 1 || r->x2 > ln->x2)
            ln->x2 = r->x2;
        if (seen == 1 || r->y2 > ln->y2)
            ln->y2 = r->y2;
    }
    line_face(ln, attrs, c0, c1);
    L->n++;
    return 0;
}

/* The lines of one page, in poppler's reading order. */
static int page_lines(pdf_lines *L, PopplerPage *pg, int pageno)
{
    char *text = poppler_page_get_text(pg);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    GList *attrs = poppler_page_get_text_attributes(pg);
    double w = 0, h = 0;
    size_t i = 0, start = 0, len = text ? strlen(text) : 0, before = L->n;
    long c = 0, c0 = 0;
    int rc = 0;

    poppler_page_get_size(pg, &w, &h);
    if (text && !poppler_page_get_text_layout(pg, &rects, &nrects))
        nrects = 0;
    while (i <= len && !rc) {
        int32_t cp = 0;
        size_t step = i < len ? pd_utf8_next(text, len, i, &cp) : 1;
        if (i == len || cp == '\n') {
            rc = add_line(L, text + start, i - start, c0, c, rects, (long)nrects, attrs);
            start = i + step;
            c0 = c + 1;
        }
        i += step;
        c++;
    }
    for (size_t k = before; k < L->n; k++) {
        L->v[k].page = pageno;
        L->v[k].pageh = h;
    }
    if (L->n == before)
        L->empty_pages++;
    g_free(text);
    g_free(rects);
    poppler_page_free_text_attributes(attrs);
    return rc;
}

/* The text with every run of digits one '#', lower case, blanks dropped:
 * the same running header on every page ("Page 3 of 12" and "Page 4 of
 * 12" are both "page#of#"). */
static void page_key(char *out, size_t size, const char *t)
{
    size_t k = 0;
    for (; *t && k + 1 < size; t++) {
        unsigned char ch = (unsigned char)*t;
        if (isdigit(ch)) {
            if (!k || out[k - 1] != '#')
                out[k++] = '#';
        } else if (!isspace(ch)) {
            out[k++] = (char)tolower(ch);
        }
    }
    out[k] = '\0';
}

/* A page number as running headers and footers write it. */
static int page_number(const char *t)
{
    static const char *const forms[] = {
        "#",       "#/#",        "#of#",    "page#",      "page#of#",   "page#/#",   "-#-",
        "p.#",     "[#]",        "(#)",     "seite#",     "seite#von#", "page#sur#", "pag.#",
        "pagina#", "pagina#di#", "página#", "página#de#", NULL};
    char key[64];
    page_key(key, sizeof(key), t);
    for (size_t i = 0; forms[i]; i++)
        if (!strcmp(key, forms[i]))
            return 1;
    /* roman numerals of front matter */
    return key[0] && strlen(key) <= 6 && strspn(key, "ivxlc") == strlen(key);
}

/* 1 in the top band of its page, 2 in the bottom band, 0 elsewhere. */
static int band(const pdf_line *ln)
{
    if (ln->pageh <= 0)
        return 0;
    if (ln->y2 <= ln->pageh * MARGIN)
        return 1;
    if (ln->y1 >= ln->pageh * (1 - MARGIN))
        return 2;
    return 0;
}

/* On how many pages a line like i (same band, same key) comes back. */
static int pages_with(const pdf_lines *L, size_t i)
{
    char key[256], other[256];
    int pages = 0, last = -1;
    page_key(key, sizeof(key), L->v[i].text);
    for (size_t j = 0; j < L->n; j++) {
        if (band(&L->v[j]) != band(&L->v[i]) || L->v[j].page == last)
            continue;
        page_key(other, sizeof(other), L->v[j].text);
        if (!strcmp(key, other)) {
            pages++;
            last = L->v[j].page;
        }
    }
    return pages;
}

/* Marks running headers, footers and page numbers (pdf.h says which). */
static void mark_running(pdf_lines *L, double body)
{
    for (size_t i = 0; i < L->n; i++) {
        pdf_line *ln = &L->v[i];
        int b = band(ln), n;
        if (!b)
            continue;
        if (page_number(ln->text))
            ln->drop = 1;
        else if (L->pages > 1 && (n = pages_with(L, i)) >= 2 && n * 2 >= L->pages)
            ln->drop = 1;
        else if (L->pages == 1 && ln->size < body * 0.9)
            ln->drop = 1;
    }
}

/* The size most of the text is in (sizes to half a point, weighted by
 * bytes), of the lines kept so far. */
static double body_size(const pdf_lines *L)
{
    double size[64];
    size_t weight[64], n = 0, best = 0;
    for (size_t i = 0; i < L->n; i++) {
        double s = round(L->v[i].size * 2) / 2;
        size_t k = 0;
        if (L->v[i].drop)
            continue;
        while (k < n && size[k] != s)
            k++;
        if (k == n && n < 64) {
            size[n] = s;
            weight[n++] = 0;
        }
        if (k < n)
            weight[k] += strlen(L->v[i].text);
    }
    for (size_t k = 1; k < n; k++)
        if (weight[k] > weight[best])
            best = k;
    return n ? size[best] : 0;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The last character of t that is not a blank, or 0. */
static char last_char(const char *t)
{
    size_t n = strlen(t);
    while (n && isspace((unsigned char)t[n - 1]))
        n--;
    return n ? t[n - 1] : 0;
}

/* Heading levels: by size among the larger ones, then short bold lines at
 * the body size. */
static void assign_levels(pdf_lines *L, double body)
{
    double sizes[MAX_SIZE_LEVELS * 4];
    size_t n = 0;
    for (size_t i = 0; i < L->n; i++) {
        double s = round(L->v[i].size * 2) / 2;
        size_t k = 0;
        if (L->v[i].drop || s < body * HEADING_RATIO)
            continue;
        while (k < n && sizes[k] != s)
            k++;
        if (k == n && n < sizeof(sizes) / sizeof(sizes[0]))
            sizes[n++] = s;
    }
    qsort(sizes, n, sizeof(sizes[0]), cmp_desc);
    for (size_t i = 0; i < L->n; i++) {
        pdf_line *ln = &L->v[i];
        double s = round(ln->size * 2) / 2;
        char end = last_char(ln->text);
        if (ln->drop)
            continue;
        for (size_t k = 0; k < n && !ln->level; k++)
            if (s >= sizes[k])
                ln->level = (int)(k < MAX_SIZE_LEVELS ? k + 1 : MAX_SIZE_LEVELS);
        if (!ln->level && ln->bold && s >= body * 0.95 && strlen(ln->text) <= 120 && end != '.' &&
            end != ',' && end != ';')
            ln->level = (int)(n < MAX_SIZE_LEVELS ? n + 1 : MAX_SIZE_LEVELS + 1);
    }
}

static int is_bullet(int32_t cp)
{
    static const int32_t bullets[] = {0x2022, 0x25CF, 0x25E6, 0x25AA, 0x25A0, 0x2023, 0x2043,
                                      0x2013, 0x00B7, 0xF0B7, 0xF0A7, '-',    '*'};
    for (size_t i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++)
        if (cp == bullets[i])
            return 1;
    return 0;
}

/* The list marker t starts with ("• ", "1. ", "2) "): its length in bytes
 * with the blanks after it, 0 for none; *number is the item's number (0 for
 * a bullet). */
static size_t list_marker(const char *t, int *number)
{
    size_t len = strlen(t), k = 0, n, d;
    int32_t cp;
    *number = 0;
    while (k < len && isspace((unsigned char)t[k]))
        k++;
    if (k == len)
        return 0;
    n = pd_utf8_next(t, len, k, &cp);
    if (is_bullet(cp)) {
        k += n;
    } else {
        for (d = k; d < len && d - k < 3 && isdigit((unsigned char)t[d]); d++)
            ;
        if (d == k || d - k > 2 || d >= len || (t[d] != '.' && t[d] != ')'))
            return 0;
        *number = atoi(t + k);
        k = d + 1;
    }
    if (k >= len || !isspace((unsigned char)t[k]))
        return 0;
    while (k < len && isspace((unsigned char)t[k]))
        k++;
    return k < len ? k : 0;
}

/* A line ending a sentence: its last character is . ! ? or :, maybe
 * before a closing quote or bracket. */
static int ends_sentence(const char *t)
{
    size_t n = strlen(t);
    while (n && (isspace((unsigned char)t[n - 1]) || t[n - 1] == '"' || t[n - 1] == ')' ||
                 t[n - 1] == '\''))
        n--;
    return n && strchr(".!?:", t[n - 1]);
}

/* Appends line t to the block's text: a word hyphenated at the line end
 * is joined (a hyphen or soft hyphen after a letter, a lower-case letter
 * next), other line ends are one space. */
static int join(pd_buf *b, const char *t)
{
    size_t n = b->len, k;
    int32_t next = 0, before = 0;
    while (*t && isspace((unsigned char)*t))
        t++;
    while (n && isspace((unsigned char)b->ptr[n - 1]))
        n--;
    pd_buf_truncate(b, n);
    if (!n)
        return pd_buf_puts(b, t);
    pd_utf8_next(t, strlen(t), 0, &next);
    /* the hyphen: '-' (1 byte), U+2010 or a soft hyphen U+00AD */
    k = b->ptr[n - 1] == '-'                                   ? 1
        : n >= 3 && !memcmp(b->ptr + n - 3, "\xe2\x80\x90", 3) ? 3
        : n >= 2 && !memcmp(b->ptr + n - 2, "\xc2\xad", 2)     ? 2
                                                               : 0;
    if (k && n > k) {
        size_t j = n - k - 1;
        while (j && ((unsigned char)b->ptr[j] & 0xC0) == 0x80)
            j--;
        pd_utf8_next(b->ptr, n - k, j, &before);
    }
    if (k == 2 || (k && utf8proc_category(before) >= UTF8PROC_CATEGORY_LU &&
                   utf8proc_category(before) <= UTF8PROC_CATEGORY_LO &&
                   utf8proc_category(next) == UTF8PROC_CATEGORY_LL)) {
        pd_buf_truncate(b, n - k);
        return pd_buf_puts(b, t);
    }
    pd_buf_putc(b, ' ');
    return pd_buf_puts(b, t);
}

/* The block being built from lines. */
typedef struct {
    pd_doc *doc;
    pd_buf text;
    const pdf_line *first, *last;
    double maxx2;
    int level;  /* heading level, 0 for text */
    int number; /* a list item: its number, 0 for a bullet */
    int list;   /* the block is a list item */
} builder;

/* Whether line ln starts a new block after the one being built. */
static int breaks(const builder *b, const pdf_line *ln, int marker)
{
    const pdf_line *p = b->last;
    double lh, gap;
    if (!p || marker || ln->level != b->level)
        return 1;
    if (!ln->level && (fabs(ln->size - p->size) > 0.6 || ln->bold != p->bold))
        return 1;
    lh = p->y2 - p->y1 > 0 ? p->y2 - p->y1 : ln->size;
    /* the next page, or the top of the next column: goes on mid-sentence */
    if (ln->page != p->page || ln->y1 < p->y1 - lh)
        return ln->level || ends_sentence(p->text);
    gap = ln->y1 - p->y2;
    if (gap > 0.6 * lh)
        return 1;
    if (b->list) /* the item's next lines sit at or right of its marker */
        return ln->x1 < b->first->x1 - 1.0;
    if (ln->level)
        return 0;
    if (ln->x1 > p->x1 + ln->size) /* an indented first line */
        return 1;
    return ends_sentence(p->text) && p->x2 < b->maxx2 - 3 * p->size;
}

/* Adds the block built so far to the document. */
static int flush(builder *b)
{
    pd_block *blk = NULL;
    pd_block_kind kind = PD_BLOCK_PARAGRAPH;
    int rc, level = 0;
    if (b->text.len) {
        if (b->level && b->text.len <= 200)
            kind = PD_BLOCK_HEADING, level = b->level;
        else if (b->list)
            kind = PD_BLOCK_LIST_ITEM;
        if ((rc = pd_buf_error(&b->text)) ||
            (rc = pd_doc_add(&blk, b->doc, kind, level, b->text.ptr, b->text.len)))
            return rc;
        if (kind == PD_BLOCK_LIST_ITEM) {
            blk->ordered = b->number > 0;
            blk->number = b->number;
        }
    }
    pd_buf_clear(&b->text);
    b->first = b->last = NULL;
    b->maxx2 = 0;
    b->list = b->number = 0;
    return 0;
}

/* Makes the document's blocks of the lines kept. */
static int build(pd_doc *doc, const pdf_lines *L)
{
    builder b = {.doc = doc, .text = PD_BUF_INIT, .first = NULL, .last = NULL};
    int rc = 0;
    for (size_t i = 0; i < L->n && !rc; i++) {
        const pdf_line *ln = &L->v[i];
        int number = 0;
        size_t marker = ln->drop || ln->level ? 0 : list_marker(ln->text, &number);
        if (ln->drop)
            continue;
        if (breaks(&b, ln, marker != 0)) {
            if ((rc = flush(&b)))
                break;
            b.first = ln;
            b.level = ln->level;
            b.list = marker != 0;
            b.number = number;
        }
        rc = join(&b.text, ln->text + marker);
        b.last = ln;
        if (ln->x2 > b.maxx2)
            b.maxx2 = ln->x2;
    }
    if (!rc)
        rc = flush(&b);
    pd_buf_dispose(&b.text);
    return rc;
}

/* Every page's lines into L. */
static int read_pages(pdf_lines *L, PopplerDocument *pdf)
{
    int rc = 0;
    L->pages = poppler_document_get_n_pages(pdf);
    for (int i = 0; i < L->pages && !rc; i++) {
        PopplerPage *pg = poppler_document_get_page(pdf, i);
        if (!pg) {
            L->empty_pages++;
            continue;
        }
        rc = page_lines(L, pg, i);
        g_object_unref(pg);
    }
    return rc;
}

/* poppler's document of data, or an error saying why there is none. */
static int open_pdf(PopplerDocument **out, GBytes **bytes, const char *data, size_t len)
{
    GError *err = NULL;
    int rc = 0;
    if (pd_popplerlib_load())
        return pd_error_set(PD_EUNSUPPORTED, "the page is a PDF, and reading it needs %s",
                            pd_error_last());
    *bytes = g_bytes_new_static(data, len);
    if (!(*out = poppler_document_new_from_bytes(*bytes, NULL, &err))) {
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
            rc = pd_error_set(PD_EUNSUPPORTED, "the PDF is encrypted (it needs a password): "
                                               "policydiff cannot read it");
        else
            rc = pd_error_set(PD_EEMPTY, "the PDF cannot be read (%.200s): is it complete?",
                              err && err->message ? err->message : "damaged");
    }
    if (err)
        g_error_free(err);
    return rc;
}

int pd_pdf_layout(pd_doc *doc, pd_pdf_line *lines, size_t n, int pages)
{
    pdf_lines L = {.v = lines, .n = n, .cap = n, .pages = pages, .empty_pages = 0};
    double body = body_size(&L);
    mark_running(&L, body);
    body = body_size(&L);
    assign_levels(&L, body);
    return build(doc, &L);
}

int pd_pdf_read(pd_doc *doc, const char *data, size_t len, char *warning, size_t size)
{
    pdf_lines L = {.v = NULL, .n = 0, .cap = 0, .pages = 0, .empty_pages = 0};
    PopplerDocument *pdf = NULL;
    GBytes *bytes = NULL;
    size_t before = doc->len;
    int rc;

    if ((rc = open_pdf(&pdf, &bytes, data, len)) || (rc = read_pages(&L, pdf)) ||
        (rc = pd_pdf_layout(doc, L.v, L.n, L.pages)))
        goto out;
    if (doc->len == before)
        rc = pd_error_set(PD_EEMPTY,
                          "the PDF has no text (%d page%s of images, scanned?): "
                          "policydiff does not read text in images",
                          L.pages, L.pages == 1 ? "" : "s");
    else if (L.empty_pages && warning)
        snprintf(warning, size,
                 "%d of the PDF's %d pages have no text (images, scanned?): "
                 "their text is missing",
                 L.empty_pages, L.pages);
out:
    if (pdf)
        g_object_unref(pdf);
    if (bytes)
        g_bytes_unref(bytes);
    lines_dispose(&L);
    return rc;
}
