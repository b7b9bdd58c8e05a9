/* Emission (see extract_internal.h): an iterative walk over the kept tree
 * that turns headings, paragraphs, lists, data tables, quotes, preformatted
 * text and links into pd_doc blocks. */
#include "normalize/extract_internal.h"
#include "normalize/html.h"
#include "normalize/select.h"
#include "normalize/xmllib_calls.h"
#include "util/error.h"

#include <ctype.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LISTS 64

/* Table grids: columns a rowspan is tracked in, colspan kept per cell. */
#define GRID_MAX 64
#define COLSPAN_MAX 64
#define ROWSPAN_MAX 1000

typedef struct {
    pd_doc *doc;
    const pd_extract_options *opts;
    const char *base;
    pd_buf cur;
    pd_buf cell;
    pd_buf tmp;
    int rc;
    /* context */
    int heading;
    int pre;
    int quote;
    struct {
        int ordered;
        int next;
    } lists[MAX_LISTS];
    int nlists;
    int li_open;
    int li_pending;
    int li_number;
    int li_ordered;
    int li_level;
    int table_depth;  /* data tables entered */
    int layout_depth; /* layout tables entered (walked as blocks) */
    int in_cell;
    int in_row;
    int row_header;
    int in_thead;
    pd_block row;
    /* links */
    int link_open;
    pd_buf *link_buf;
    size_t link_start;
    char *link_url;
    const xmlNode *link_node;
    const xmlNode *heading_node;
    const xmlNode *row_node;
    const xmlNode *cell_node;
    int row_any;
    /* the data table being walked, laid out on a grid: cells carried down
     * into later rows by rowspan, and the colspan of every cell of every row
     * written (decided at the table's end: see finish_table) */
    struct {
        char *text;
        int left; /* rows still to carry it into */
        int cols;
        int fresh; /* set in the row that declared it */
    } spans[GRID_MAX];
    int grid_col;
    size_t span_bytes;    /* repeated by rowspan so far, against opts->span_budget */
    size_t span_budget;   /* bytes rowspan may repeat in this page */
    size_t unexpanded;    /* cells not repeated: over the budget */
    unsigned char *cspan; /* colspan of each cell of the current row */
    size_t ncspan, capcspan;
    struct {
        size_t block;
        size_t off; /* into tcspan */
    } * trows;
    size_t ntrows, captrows;
    unsigned char *tcspan;
    size_t ntcspan, captcspan;
    /* selection */
    int has_select;
    int sel_depth;
    pd_ex_range *sel_ranges;
    size_t nsel_ranges;
    pd_ex_range *rm_ranges;
    size_t nrm_ranges;
    /* stacks for leave(): which elements pushed what */
} emitter;

static int emitting(const emitter *m)
{
    int on = !m->has_select || m->sel_depth > 0;
    for (size_t i = 0; !on && i < m->nsel_ranges; i++)
        on = m->sel_ranges[i].state == 1;
    for (size_t i = 0; on && i < m->nrm_ranges; i++)
        on = m->rm_ranges[i].state != 1;
    return on;
}

static pd_buf *target(emitter *m)
{
    return m->in_cell ? &m->cell : &m->cur;
}

static void put_space(pd_buf *b)
{
    if (b->len && b->ptr[b->len - 1] != ' ' && b->ptr[b->len - 1] != '\n' &&
        b->ptr[b->len - 1] != '[')
        pd_buf_putc(b, ' ');
}

static int is_ws(const char *p)
{
    unsigned char c = (unsigned char)*p;
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           (c == 0xc2 && (unsigned char)p[1] == 0xa0);
}

/* Appends text with white space (nbsp included) collapsed to single spaces. */
static void put_text(emitter *m, const char *s)
{
    pd_buf *b = target(m);
    size_t n = strlen(s);
    char *w;
    if (m->pre && !m->in_cell) {
        pd_buf_put(b, s, n);
        return;
    }
    if (pd_buf_grow(b, n + 1))
        return;
    w = b->ptr + b->len;
    for (const char *p = s; *p;) {
        if (is_ws(p)) {
            p += (unsigned char)*p == 0xc2 ? 2 : 1;
            if (w > b->ptr && w[-1] != ' ' && w[-1] != '\n' && w[-1] != '[')
                *w++ = ' ';
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    b->len = (size_t)(w - b->ptr);
}

static void close_link(emitter *m)
{
    pd_buf *b = m->link_buf;
    if (!m->link_open)
        return;
    m->link_open = 0;
    if (b->len > m->link_start + 1) {
        int trail = 0;
        if (b->ptr[b->len - 1] == ' ') {
            pd_buf_truncate(b, b->len - 1);
            trail = 1;
        }
        if (b->len > m->link_start + 1) {
            pd_buf_printf(b, "](%s)", m->link_url);
            if (trail)
                pd_buf_putc(b, ' ');
        } else {
            pd_buf_truncate(b, m->link_start);
        }
    } else {
        pd_buf_truncate(b, m->link_start);
    }
    free(m->link_url);
    m->link_url = NULL;
}

/* Finishes the current block of inline text. */
static void flush(emitter *m)
{
    pd_buf *b = &m->cur;
    size_t len;
    pd_block *blk = NULL;
    pd_block_kind kind = PD_BLOCK_PARAGRAPH;
    int level = 0;

    if (m->link_open && m->link_buf == &m->cur)
        close_link(m);
    if (!b->len || m->rc)
        return;
    if (m->pre) {
        kind = PD_BLOCK_CODE;
        len = b->len;
        while (len && (b->ptr[len - 1] == '\n' || b->ptr[len - 1] == ' '))
            len--;
        b->ptr[len] = '\0';
        b->len = len;
    } else {
        len = pd_strip_relative_dates(b->ptr, b->len);
        while (len && b->ptr[len - 1] == ' ')
            len--;
        b->ptr[len] = '\0';
        b->len = len;
        if (m->heading) {
            kind = PD_BLOCK_HEADING;
            level = m->heading;
        } else if (m->li_pending) {
            kind = PD_BLOCK_LIST_ITEM;
            level = m->li_level;
        } else if (m->quote) {
            kind = PD_BLOCK_QUOTE;
        }
    }
    {
        size_t s = 0;
        while (s < b->len && (b->ptr[s] == ' ' || b->ptr[s] == '\n'))
            s++;
        if (s < b->len) {
            int has_word = 0;
            for (size_t k = s; k < b->len && !has_word; k++)
                has_word = pd_ex_is_word_char((unsigned char)b->ptr[k]);
            if (has_word || kind == PD_BLOCK_CODE) {
                m->rc = pd_doc_add(&blk, m->doc, kind, level, b->ptr + s, b->len - s);
                if (!m->rc && kind == PD_BLOCK_LIST_ITEM) {
                    blk->ordered = m->li_ordered;
                    blk->number = m->li_number;
                    m->li_pending = 0;
                }
            }
        }
    }
    pd_buf_clear(b);
}

static void boundary(emitter *m)
{
    if (m->in_cell) {
        put_space(&m->cell);
    } else if (m->heading) {
        put_space(&m->cur);
    } else if (m->pre) {
        if (m->cur.len && m->cur.ptr[m->cur.len - 1] != '\n')
            pd_buf_putc(&m->cur, '\n');
    } else {
        flush(m);
    }
}

/* A data table has two rows or more, one of several cells, and no block
 * structure in its cells that only makes sense as text (headings, nested
 * tables).  A table of one row is page layout (a logo beside a notice). */
static int is_data_table(xmlNode *table)
{
    size_t seen = 0;
    int maxcells = 0, rows = 0;
    for (xmlNode *x = table->children ? table->children : NULL; x; x = pd_dom_next(x, table, 1)) {
        if (++seen > 50000)
            return 0;
        if (x->type != XML_ELEMENT_NODE)
            continue;
        if (pd_html_is(x, "table") || pd_ex_heading_level(x))
            return 0;
        if (pd_html_is(x, "tr")) {
            int c = 0;
            for (xmlNode *k = x->children; k; k = k->next)
                c += pd_html_is(k, "td") || pd_html_is(k, "th");
            if (c > maxcells)
                maxcells = c;
            rows += c > 0;
        }
    }
    return maxcells >= 2 && rows >= 2;
}

static void start_link(emitter *m, xmlNode *a)
{
    const char *href = pd_html_attr(a, "href");
    pd_buf *b = target(m);
    xmlChar *abs = NULL;
    const char *u;
    /* same-page anchors ("#section") are navigation, not a target worth keeping */
    if (!href || !*href || *href == '#' || !strncasecmp(href, "javascript:", 11) || m->link_open ||
        m->pre)
        return;
    pd_buf_clear(&m->tmp);
    if (strstr(href, "/cdn-cgi/l/email-protection#")) {
        pd_buf_puts(&m->tmp, "mailto:");
        if (pd_cfemail_decode(&m->tmp, strchr(href, '#') + 1))
            return;
    } else {
        if (m->base)
            abs = xmlBuildURI((const xmlChar *)href, (const xmlChar *)m->base);
        u = abs ? (const char *)abs : href;
        pd_url_strip_tracking(&m->tmp, u);
        if (abs)
            pd_xml_free(abs);
    }
    /* keep Markdown link syntax intact: spaces and parentheses are
     * percent-encoded, which names the same target */
    {
        pd_buf enc = PD_BUF_INIT;
        for (size_t i = 0; i < m->tmp.len; i++) {
            char c = m->tmp.ptr[i];
            if (c == ' ' || c == '(' || c == ')' || c == '<' || c == '>')
                pd_buf_printf(&enc, "%%%02X", (unsigned char)c);
            else
                pd_buf_putc(&enc, c);
        }
        if (pd_buf_error(&enc)) {
            pd_buf_dispose(&enc);
            m->rc = PD_ENOMEM;
            return;
        }
        if (!enc.len) {
            pd_buf_dispose(&enc);
            return;
        }
        m->link_url = pd_buf_detach(&enc);
    }
    if (!m->link_url) {
        m->rc = PD_ENOMEM;
        return;
    }
    m->link_open = 1;
    m->link_buf = b;
    m->link_start = b->len;
    pd_buf_putc(b, '[');
}

/* Does a <br> end a line of its own ("<b>Title</b><br>We collect..."), or
 * only wrap a sentence that goes on ("personal data<br>to anyone")?  A line
 * ends when what came before ends like a sentence or a label (. : ; ! ?),
 * or what follows starts like a new line (a capital, a digit, a symbol). */
static int br_ends_line(const pd_buf *cur, xmlNode *br)
{
    size_t i = cur->len, steps = 0;
    while (i > 0 && (cur->ptr[i - 1] == ' ' || cur->ptr[i - 1] == '\n'))
        i--;
    if (i == 0)
        return 0; /* nothing before it on this line */
    if (strchr(".:;!?", cur->ptr[i - 1]))
        return 1;
    for (xmlNode *x = pd_dom_next(br, NULL, 0); x && steps < 64; x = pd_dom_next(x, NULL, 1)) {
        steps++;
        if (x->type == XML_ELEMENT_NODE && (pd_html_is(x, "br") || pd_ex_is_block(x)))
            return 1; /* another break, or a block: this line is complete */
        if (x->type != XML_TEXT_NODE || !x->content)
            continue;
        for (const xmlChar *c = x->content; *c; c++) {
            if (isspace(*c))
                continue;
            return !(*c >= 'a' && *c <= 'z');
        }
    }
    return 1;
}

static int inline_ctx(const emitter *m)
{
    return m->in_cell || m->heading || m->pre;
}

static int has_cfemail_inside(xmlNode *a)
{
    size_t nodes = 0;
    for (xmlNode *x = a->children; x && ++nodes < 4000; x = pd_dom_next(x, a, 1))
        if (x->type == XML_ELEMENT_NODE && pd_html_attr(x, "data-cfemail"))
            return 1;
    return 0;
}

static void ranges_enter(pd_ex_range *r, size_t n, const xmlNode *x)
{
    for (size_t i = 0; i < n; i++) {
        if (x == r[i].start && !r[i].start_after && r[i].state == 0)
            r[i].state = 1;
        if (x == r[i].end && !r[i].end_after)
            r[i].state = 2;
    }
}

static void ranges_leave(pd_ex_range *r, size_t n, const xmlNode *x)
{
    for (size_t i = 0; i < n; i++) {
        if (x == r[i].start && r[i].start_after && r[i].state == 0)
            r[i].state = 1;
        if (x == r[i].end && r[i].end_after)
            r[i].state = 2;
    }
}

static void list_push(emitter *m, xmlNode *n)
{
    int ordered = pd_html_is(n, "ol");
    int start = 1;
    const char *v = ordered ? pd_html_attr(n, "start") : NULL;
    if (v) {
        long l = strtol(v, NULL, 10);
        if (l > -1000000 && l < 1000000)
            start = (int)l;
    }
    if (m->nlists < MAX_LISTS) {
        m->lists[m->nlists].ordered = ordered;
        m->lists[m->nlists].next = start;
    }
    m->nlists++;
}

static void li_start(emitter *m, xmlNode *n)
{
    int top = m->nlists ? (m->nlists < MAX_LISTS ? m->nlists : MAX_LISTS) - 1 : -1;
    const char *v = pd_html_attr(n, "value");
    m->li_open++;
    m->li_pending = 1;
    m->li_level = m->nlists ? m->nlists - 1 : 0;
    if (m->li_level > 16)
        m->li_level = 16;
    m->li_ordered = top >= 0 ? m->lists[top].ordered : 0;
    m->li_number = top >= 0 ? m->lists[top].next : 1;
    if (v && m->li_ordered) {
        long l = strtol(v, NULL, 10);
        if (l > -1000000 && l < 1000000)
            m->li_number = (int)l;
    }
    if (top >= 0)
        m->lists[top].next = m->li_number + 1;
}

/* Grows *p (of *cap elements of size sz) to hold at least need. */
static int grow(void *p, size_t *cap, size_t need, size_t sz)
{
    void **pp = p;
    size_t n = *cap ? *cap : 16;
    void *q;
    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    q = realloc(*pp, n * sz);
    PD_CHECK_ALLOC(q);
    *pp = q;
    *cap = n;
    return 0;
}

static int span_attr(const xmlNode *n, const char *name, int max)
{
    const char *v = n ? pd_html_attr(n, name) : NULL;
    long l;
    if (!v)
        return 1;
    l = strtol(v, NULL, 10);
    if (l == 0 && !strcmp(name, "rowspan"))
        return max; /* rowspan="0": to the end of the table */
    return l < 1 ? 1 : l > max ? max : (int)l;
}

/* Appends a cell of cols grid columns to the current row. */
static void row_cell(emitter *m, const char *text, size_t len, int cols)
{
    if (m->rc)
        return;
    if (!(m->rc = pd_block_add_cell(&m->row, text, len)) &&
        !(m->rc = grow(&m->cspan, &m->capcspan, m->ncspan + 1, 1)))
        m->cspan[m->ncspan++] = (unsigned char)cols;
    m->grid_col += cols;
}

/* Charges one repetition of span c (its text and a cell separator) to the
 * page's span budget; 0 when it is over, after dropping the span: it is not
 * repeated into this row or any later one. */
static int span_affordable(emitter *m, int c)
{
    size_t cost = strlen(m->spans[c].text) + 3;
    if (m->span_bytes + cost <= m->span_budget) {
        m->span_bytes += cost;
        return 1;
    }
    m->unexpanded += (size_t)m->spans[c].left;
    free(m->spans[c].text);
    m->spans[c].text = NULL;
    m->spans[c].left = 0;
    return 0;
}

/* Puts into the current row the cells carried down by rowspan from the
 * column reached on: up to the first free column, or all of them (at the
 * row's end). */
static void carry_cells(emitter *m, int all)
{
    while (m->grid_col < GRID_MAX) {
        int c = m->grid_col;
        if (m->spans[c].left > 0 && !m->spans[c].fresh && span_affordable(m, c)) {
            row_cell(m, m->spans[c].text, strlen(m->spans[c].text), m->spans[c].cols);
            continue;
        }
        if (!all)
            return;
        m->grid_col++;
    }
}

/* One row of the grid done: spans carried into it count down. */
static void spans_next_row(emitter *m)
{
    for (int c = 0; c < GRID_MAX; c++) {
        if (m->spans[c].left <= 0)
            continue;
        if (m->spans[c].fresh) {
            m->spans[c].fresh = 0;
        } else if (--m->spans[c].left == 0) {
            free(m->spans[c].text);
            m->spans[c].text = NULL;
        }
    }
    m->grid_col = 0;
}

static void end_cell(emitter *m)
{
    size_t s = 0, len = m->cell.len;
    int cols = span_attr(m->cell_node, "colspan", COLSPAN_MAX);
    int rows = span_attr(m->cell_node, "rowspan", ROWSPAN_MAX);
    int col;
    if (m->link_open && m->link_buf == &m->cell)
        close_link(m);
    len = m->cell.len;
    while (s < len && m->cell.ptr[s] == ' ')
        s++;
    while (len > s && m->cell.ptr[len - 1] == ' ')
        len--;
    if (len > s)
        m->row_any = 1;
    carry_cells(m, 0);
    col = m->grid_col;
    row_cell(m, m->cell.len ? m->cell.ptr + s : "", len - s, cols);
    if (rows > 1 && col < GRID_MAX && !m->rc) {
        free(m->spans[col].text);
        if (!(m->spans[col].text = malloc(len - s + 1))) {
            m->rc = PD_ENOMEM_SET();
        } else {
            if (len > s)
                memcpy(m->spans[col].text, m->cell.ptr + s, len - s);
            m->spans[col].text[len - s] = '\0';
            m->spans[col].left = rows - 1;
            m->spans[col].cols = cols;
            m->spans[col].fresh = 1;
        }
    }
    pd_buf_clear(&m->cell);
    m->in_cell = 0;
    m->cell_node = NULL;
}

static void row_dispose(pd_block *row)
{
    for (size_t j = 0; j < row->ncells; j++)
        free(row->cells[j]);
    free(row->cells);
    memset(row, 0, sizeof(*row));
}

static void end_row(emitter *m)
{
    pd_block *blk;
    if (m->in_cell)
        end_cell(m);
    carry_cells(m, 1);
    spans_next_row(m);
    if (m->row_any && !m->rc) {
        m->rc = grow(&m->trows, &m->captrows, m->ntrows + 1, sizeof(*m->trows));
        if (!m->rc)
            m->rc = grow(&m->tcspan, &m->captcspan, m->ntcspan + m->ncspan, 1);
        if (!m->rc)
            m->rc = pd_doc_add(&blk, m->doc, PD_BLOCK_TABLE_ROW, 0, NULL, 0);
        if (!m->rc) {
            m->trows[m->ntrows].block = m->doc->len - 1;
            m->trows[m->ntrows++].off = m->ntcspan;
            if (m->ncspan)
                memcpy(m->tcspan + m->ntcspan, m->cspan, m->ncspan);
            m->ntcspan += m->ncspan;
            blk->cells = m->row.cells;
            blk->ncells = m->row.ncells;
            blk->header = m->row_header;
            m->row.cells = NULL;
            m->row.ncells = 0;
        }
    }
    row_dispose(&m->row);
    m->ncspan = 0;
    m->in_row = 0;
    m->row_any = 0;
    m->row_node = NULL;
}

static void table_reset(emitter *m)
{
    for (int c = 0; c < GRID_MAX; c++) {
        free(m->spans[c].text);
        m->spans[c].text = NULL;
        m->spans[c].left = 0;
    }
    m->grid_col = 0;
    m->ncspan = m->ntrows = m->ntcspan = 0;
}

/* Charges the empty cells that expanding the table's colspans adds to the
 * page's span budget; 0 when they are over it (they are then not added). */
static int colspans_affordable(emitter *m)
{
    size_t extra = 0;
    for (size_t r = 0; r < m->ntrows; r++) {
        const pd_block *b = &m->doc->blocks[m->trows[r].block];
        for (size_t k = 0; k < b->ncells; k++)
            extra += (size_t)m->tcspan[m->trows[r].off + k] - 1;
    }
    if (m->span_bytes + extra * 3 <= m->span_budget) {
        m->span_bytes += extra * 3;
        return 1;
    }
    m->unexpanded += extra;
    return 0;
}

/* At a data table's end: a colspan only moves cells to the columns they
 * belong under when rows disagree on their number of cells ("Name" spanning
 * two columns over rows of three cells).  Where every row of several cells
 * has as many cells, colspans are only the page's styling and are ignored;
 * otherwise each spanned column gets an empty cell. */
static void finish_table(emitter *m)
{
    size_t width = 0, r, k;
    int differ = 0, spans = 0;
    for (r = 0; r < m->ntrows; r++) {
        const pd_block *b = &m->doc->blocks[m->trows[r].block];
        for (k = 0; k < b->ncells; k++)
            spans |= m->tcspan[m->trows[r].off + k] > 1;
        if (b->ncells < 2)
            continue;
        if (width && b->ncells != width)
            differ = 1;
        width = b->ncells;
    }
    if (spans && differ && !colspans_affordable(m)) {
        table_reset(m);
        return;
    }
    for (r = 0; spans && differ && r < m->ntrows && !m->rc; r++) {
        pd_block *b = &m->doc->blocks[m->trows[r].block];
        const unsigned char *cs = m->tcspan + m->trows[r].off;
        size_t n = 0, j = 0;
        char **cells;
        for (k = 0; k < b->ncells; k++)
            n += cs[k];
        if (n == b->ncells)
            continue;
        if (!(cells = calloc(n, sizeof(*cells)))) {
            m->rc = PD_ENOMEM_SET();
            break;
        }
        for (k = 0; k < b->ncells; k++) {
            cells[j++] = b->cells[k];
            for (int e = 1; e < cs[k]; e++)
                if (!(cells[j++] = calloc(1, 1)))
                    m->rc = PD_ENOMEM_SET();
        }
        free(b->cells);
        b->cells = cells;
        b->ncells = n;
    }
    table_reset(m);
}

/* A block element met outside a heading, a cell or pre: opens what it
 * means (heading, pre, quote, list, item, data table, row, cell), or ends
 * the block of text before it. */
static void enter_block(emitter *m, xmlNode *n, einfo *e)
{
    int lvl;

    e->flags |= F_STRUCT;
    if ((lvl = pd_ex_heading_level(n))) {
        flush(m);
        m->heading = lvl;
        m->heading_node = n;
    } else if (e->tag == TAG_PRE) {
        flush(m);
        m->pre++;
    } else if (e->tag == TAG_QUOTE) {
        flush(m);
        m->quote++;
    } else if (e->tag == TAG_LIST) {
        flush(m);
        list_push(m, n);
    } else if (e->tag == TAG_LI) {
        flush(m);
        li_start(m, n);
    } else if (e->tag == TAG_TABLE) {
        flush(m);
        if (is_data_table(n)) {
            e->flags |= F_DATA;
            if (!m->table_depth++)
                table_reset(m);
        }
    } else if (e->tag == TAG_THEAD) {
        m->in_thead++;
    } else if (e->tag == TAG_TR && m->table_depth && !m->in_row) {
        flush(m);
        m->in_row = 1;
        m->row_node = n;
        m->row_header = 1;
        m->row_any = 0;
    } else if ((e->tag == TAG_TD || e->tag == TAG_TH) && m->in_row && !m->in_cell) {
        m->in_cell = 1;
        m->cell_node = n;
        if (e->tag == TAG_TD && !m->in_thead)
            m->row_header = 0;
        pd_buf_clear(&m->cell);
    } else {
        e->flags &= ~(uint32_t)F_STRUCT;
        boundary(m);
    }
}

/* Returns 1 to descend into n's children. */
static int enter(emitter *m, xmlNode *n)
{
    einfo *e;
    const char *v;

    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content && emitting(m))
            put_text(m, (const char *)n->content);
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || !(e = info_of(n)) || !n->name)
        return 0;
    ranges_enter(m->sel_ranges, m->nsel_ranges, n);
    ranges_enter(m->rm_ranges, m->nrm_ranges, n);
    if (e->flags & F_SKIP)
        return 0;
    if (e->flags & F_SELECTED) {
        if (!m->sel_depth)
            boundary(m);
        m->sel_depth++;
    }
    if (n->properties && (v = pd_html_attr(n, "data-cfemail")) && *v) {
        if (emitting(m)) {
            pd_buf *b = target(m);
            size_t before = b->len;
            if (pd_cfemail_decode(b, v))
                pd_buf_truncate(b, before);
        }
        return 0;
    }
    if (e->tag == TAG_BR) {
        /* A line break ends a line of prose: on old pages "<b>Title</b><br>
         * line<br>line" is the only structure there is, and joining the lines
         * would make one giant clause.  Inside a table cell, a heading or a
         * list item the text stays one block (a space). */
        if (m->pre && !m->in_cell)
            pd_buf_putc(&m->cur, '\n');
        else if (!m->in_cell && !m->heading && !m->li_open && !m->link_open && emitting(m) &&
                 br_ends_line(&m->cur, n))
            boundary(m);
        else
            put_space(target(m));
        return 0;
    }
    if (e->tag == TAG_A) {
        const char *href = pd_html_attr(n, "href");
        int cf = href && strstr(href, "/cdn-cgi/l/email-protection#");
        if (emitting(m) && m->opts->keep_links && !m->link_open) {
            start_link(m, n);
            if (m->link_open)
                m->link_node = n;
        }
        if (cf && emitting(m) && !has_cfemail_inside(n)) {
            pd_buf *b = target(m);
            size_t before = b->len;
            if (pd_cfemail_decode(b, strchr(href, '#') + 1))
                pd_buf_truncate(b, before);
            else
                return 0;
        }
        return 1;
    }
    if (!pd_ex_is_block(n))
        return 1;
    if (inline_ctx(m)) {
        boundary(m);
        return 1;
    }
    enter_block(m, n, e);
    return 1;
}

static void leave(emitter *m, xmlNode *n)
{
    einfo *e;
    if (n->type != XML_ELEMENT_NODE || !(e = info_of(n)) || !n->name)
        return;
    if (!(e->flags & F_SKIP)) {
        if (n == m->link_node) {
            close_link(m);
            m->link_node = NULL;
        }
        if (e->flags & F_STRUCT) {
            if (pd_ex_heading_level(n)) {
                if (n == m->heading_node) {
                    flush(m);
                    m->heading = 0;
                    m->heading_node = NULL;
                }
            } else if (e->tag == TAG_PRE) {
                flush(m);
                m->pre--;
            } else if (e->tag == TAG_QUOTE) {
                flush(m);
                m->quote--;
            } else if (e->tag == TAG_LIST) {
                flush(m);
                m->nlists--;
            } else if (e->tag == TAG_LI) {
                flush(m);
                m->li_open--;
                m->li_pending = 0;
            } else if (e->tag == TAG_TABLE) {
                if (m->in_row)
                    end_row(m);
                flush(m);
                if ((e->flags & F_DATA) && !--m->table_depth)
                    finish_table(m);
            } else if (e->tag == TAG_THEAD) {
                m->in_thead--;
            } else if (e->tag == TAG_TR) {
                if (n == m->row_node)
                    end_row(m);
            } else if (e->tag == TAG_TD || e->tag == TAG_TH) {
                if (n == m->cell_node)
                    end_cell(m);
            }
        } else if (pd_ex_is_block(n)) {
            boundary(m);
        }
        if (e->flags & F_SELECTED) {
            m->sel_depth--;
            if (!m->sel_depth)
                boundary(m);
        }
    }
    ranges_leave(m->sel_ranges, m->nsel_ranges, n);
    ranges_leave(m->rm_ranges, m->nrm_ranges, n);
}

static void walk(emitter *m, xmlNode *root)
{
    xmlNode *n = root;
    int down = enter(m, n);
    while (n && !m->rc) {
        if (down && n->children) {
            n = n->children;
            down = enter(m, n);
            continue;
        }
        for (;;) {
            leave(m, n);
            if (n == root)
                return;
            if (n->next) {
                n = n->next;
                down = enter(m, n);
                break;
            }
            n = n->parent;
            if (!n)
                return;
        }
    }
}

int pd_ex_emit(pd_doc *out, int *fell_back, size_t *unexpanded, const pd_extract_options *opts,
               const char *base, pd_ex_selection *sel, xmlNode *start, xmlNode *fallback)
{
    emitter m;
    size_t before = out->len;
    memset(&m, 0, sizeof(m));
    m.doc = out;
    m.opts = opts;
    m.span_budget = opts->span_budget ? opts->span_budget : PD_EXTRACT_SPAN_BUDGET(0);
    m.base = base;
    m.has_select = sel->has_select;
    m.sel_ranges = sel->sel_ranges;
    m.nsel_ranges = sel->nsel_ranges;
    m.rm_ranges = sel->rm_ranges;
    m.nrm_ranges = sel->nrm_ranges;
    *fell_back = 0;
    walk(&m, start);
    boundary(&m);
    flush(&m);
    if (!m.rc && !m.has_select && out->len == before && start != fallback) {
        *fell_back = 1;
        walk(&m, fallback);
        flush(&m);
    }
    if (m.link_open)
        free(m.link_url);
    row_dispose(&m.row);
    table_reset(&m);
    free(m.cspan);
    free(m.trows);
    free(m.tcspan);
    pd_buf_dispose(&m.cur);
    pd_buf_dispose(&m.cell);
    pd_buf_dispose(&m.tmp);
    *unexpanded = m.unexpanded;
    return m.rc;
}
