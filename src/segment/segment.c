/* Clause tree: blocks from the Markdown reader, sentences from the splitter,
 * sections from the headings. */
#include "segment/segment.h"

#include "normalize/doc.h"
#include "normalize/markdown.h"
#include "normalize/sentence.h"
#include "util/error.h"
#include "util/fnv.h"
#include "util/utf8.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int is_punct_cp(utf8proc_int32_t cp)
{
    if (cp < 128)
        return (cp >= '!' && cp <= '/' && cp != '$' && cp != '%' && cp != '+' && cp != '&' &&
                cp != '#') ||
               (cp >= ':' && cp <= '@' && cp != '<' && cp != '=' && cp != '>') ||
               (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~') || cp == '#';
    return pd_utf8_in(cp, PD_UCAT(UTF8PROC_CATEGORY_PC) | PD_UCAT(UTF8PROC_CATEGORY_PD) |
                              PD_UCAT(UTF8PROC_CATEGORY_PS) | PD_UCAT(UTF8PROC_CATEGORY_PE) |
                              PD_UCAT(UTF8PROC_CATEGORY_PI) | PD_UCAT(UTF8PROC_CATEGORY_PF) |
                              PD_UCAT(UTF8PROC_CATEGORY_PO) | PD_UCAT(UTF8PROC_CATEGORY_CF));
}

/* White space, and the C1 controls U+0080-U+009F (the only controls, Cc,
 * above ASCII). */
static int is_space_cp(utf8proc_int32_t cp)
{
    return pd_utf8_is_space(cp) || (cp >= 0x80 && cp <= 0x9F);
}

static int is_digit_cp(utf8proc_int32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static int normalize_visible(pd_buf *out, const char *s, size_t len);

/* 1 when s is a "[ref]: target" link reference definition. */
static int is_link_definition(const char *s, size_t len)
{
    size_t i = 1;
    if (!len || s[0] != '[')
        return 0;
    while (i < len && s[i] != ']' && s[i] != '[')
        i++;
    if (i + 1 >= len || s[i] != ']' || s[i + 1] != ':' || i == 1)
        return 0;
    for (i += 2; i < len && s[i] == ' '; i++)
        ;
    if (i == len)
        return 0;
    for (; i < len; i++)
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
            return 0;
    return 1;
}

/* Position of the bracket closing the one opened at s[i] ('(' or '['),
 * counting nested pairs, on the same line; len when there is none. */
static size_t scan_close(const char *s, size_t len, size_t i)
{
    char open = s[i], close = open == '(' ? ')' : ']';
    int depth = 1;
    for (size_t j = i + 1; j < len && s[j] != '\n'; j++) {
        if (s[j] == open)
            depth++;
        else if (s[j] == close && --depth == 0)
            return j;
    }
    return len;
}

/* scan_close() for every opening bracket at once, in one pass with a stack
 * per kind (long clauses: scanning from each opener would be quadratic).
 * Returns an array of len entries (NULL when out of memory). */
static size_t *match_all(const char *s, size_t len)
{
    size_t *m = malloc((len + 1) * sizeof(*m)), *st = malloc((len + 1) * sizeof(*st) * 2);
    size_t n[2] = {0, 0};
    if (!m || !st) {
        free(m);
        free(st);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        int k = s[i] == '(' || s[i] == ')' ? 0 : 1;
        m[i] = len;
        if (s[i] == '\n') {
            n[0] = n[1] = 0; /* brackets never close across lines */
        } else if (s[i] == '(' || s[i] == '[') {
            st[k * len + n[k]++] = i;
        } else if ((s[i] == ')' || s[i] == ']') && n[k]) {
            m[st[k * len + --n[k]]] = i;
        }
    }
    free(st);
    return m;
}

int pd_clause_visible(pd_buf *out, const char *s, size_t len)
{
    size_t i = 0, last = 0, *match = NULL;

    if (is_link_definition(s, len))
        return pd_buf_error(out);
    if (len > 4096 && !(match = match_all(s, len)))
        return PD_ENOMEM;
    while (i + 1 < len) {
        if (s[i] == ']' && (s[i + 1] == '(' || s[i + 1] == '[')) {
            size_t j = match ? match[i + 1] : scan_close(s, len, i + 1);
            if (j < len) {
                pd_buf_put(out, s + last, i + 1 - last);
                last = i = j + 1;
                continue;
            }
        }
        i++;
    }
    free(match);
    pd_buf_put(out, s + last, len - last);
    return pd_buf_error(out);
}

int pd_clause_normalize(pd_buf *out, const char *s, size_t len)
{
    pd_buf vis = PD_BUF_INIT;
    int rc;

    if (memchr(s, ']', len)) {
        if ((rc = pd_clause_visible(&vis, s, len))) {
            pd_buf_dispose(&vis);
            return rc;
        }
        rc = normalize_visible(out, pd_buf_cstr(&vis), vis.len);
        pd_buf_dispose(&vis);
        return rc;
    }
    return normalize_visible(out, s, len);
}

/* ASCII bytes that normalize_visible copies as they are (lowercased):
 * neither space nor punctuation.  Built from is_space_cp/is_punct_cp so the
 * two paths cannot disagree. */
enum { ASCII_WORD = 1 };
static unsigned char ascii_class[128];

static void ascii_class_init(void)
{
    for (int c = 0; c < 128; c++)
        ascii_class[c] = !is_space_cp(c) && !is_punct_cp(c) && c != 0 ? ASCII_WORD : 0;
}

static int normalize_visible(pd_buf *out, const char *s, size_t len)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    size_t i = 0, start, o;
    utf8proc_int32_t cp, prev = 0, nx;
    int pending_space = 0;
    char *p;
    int rc;

    /* an invalid byte becomes U+FFFD (3 bytes): at most 3 bytes per input byte */
    pthread_once(&once, ascii_class_init);
    if ((rc = pd_buf_grow(out, 3 * len + 8)))
        return rc;
    p = out->ptr;
    start = o = out->len;
    while (i < len) {
        size_t n;
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80 && ascii_class[b] == ASCII_WORD) {
            /* the common case, a plain ASCII letter or symbol: no decoding */
            if (pending_space) {
                p[o++] = ' ';
                pending_space = 0;
            }
            p[o++] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
            prev = b;
            i++;
            continue;
        }
        n = pd_utf8_next(s, len, i, &cp);
        if (is_space_cp(cp) || is_punct_cp(cp)) {
            if ((cp == '.' || cp == ',') && is_digit_cp(prev) && i + 1 < len &&
                (pd_utf8_next(s, len, i + 1, &nx), is_digit_cp(nx))) {
                p[o++] = (char)cp;
                prev = cp;
                i += n;
                continue;
            }
            pending_space = o > start;
            prev = cp;
            i += n;
            continue;
        }
        if (pending_space) {
            p[o++] = ' ';
            pending_space = 0;
        }
        if (cp < 128) {
            p[o++] = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        } else {
            utf8proc_ssize_t k =
                utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)p + o);
            o += (size_t)(k > 0 ? k : 0);
        }
        prev = cp;
        i += n;
    }
    out->len = o;
    p[o] = '\0';
    return 0;
}

uint64_t pd_clause_hash(const char *s, size_t len)
{
    pd_buf b = PD_BUF_INIT;
    uint64_t h;
    pd_clause_normalize(&b, s, len);
    h = pd_fnv64(PD_FNV64_BASIS, b.ptr ? b.ptr : "", b.len);
    pd_buf_dispose(&b);
    return h;
}

typedef struct {
    pd_clause_tree *t;
    size_t cap;
    size_t section;
    size_t block;
    int kind;
    int heading;
    pd_buf scratch;
} seg_ctx;

/* Length of a leading section or item marker ("7.1 ", "3. ", "2) ", "A. ",
 * "K) ", "IV. ", "(b) ", "(iv) "), spaces included, or 0: renumbered
 * sections and items keep matching.  A bare number is not a marker: in
 * "13 and older" or "30 days notice" it is the point of the heading.
 * Outside headings (items == 1) only the parenthesized "(b) " form counts. */
static size_t marker_len(const char *s, size_t len, int items)
{
    size_t i = 0;
    if (i < len && s[i] == '(') {
        i++;
        while (i < len && i < 6 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
            i++;
        if (i < 2 || i >= len || s[i] != ')')
            return 0;
        i++;
    } else if (items) {
        return 0;
    } else if (i < len && s[i] >= '0' && s[i] <= '9') {
        int dotted = 0;
        while (i < len && ((s[i] >= '0' && s[i] <= '9') ||
                           (s[i] == '.' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9'))) {
            dotted |= s[i] == '.';
            i++;
        }
        if (i < len && (s[i] == '.' || s[i] == ')'))
            i++;
        else if (!dotted)
            return 0;
    } else if (i < len && s[i] >= 'A' && s[i] <= 'Z' && i + 1 < len &&
               (s[i + 1] == '.' || s[i + 1] == ')')) {
        i += 2; /* "A. ", "K) " */
    } else {
        while (i < len && i < 6 && s[i] && strchr("IVXLCDM", s[i]))
            i++;
        if (!i || i >= len || s[i] != '.')
            return 0;
        i++;
    }
    if (!i || i >= len || s[i] != ' ')
        return 0;
    while (i < len && s[i] == ' ')
        i++;
    return i < len ? i : 0;
}

static int add_clause(const char *s, size_t len, void *payload)
{
    seg_ctx *c = payload;
    pd_clause_tree *t = c->t;
    pd_clause *cl;
    int rc;

    while (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
        len--;
    while (len && (*s == ' ' || *s == '\n')) {
        s++;
        len--;
    }
    if (!len)
        return 0;
    if (t->nclauses == c->cap &&
        (rc = pd_array_grow(&t->clauses, &c->cap, sizeof(*t->clauses), 64)))
        return rc;
    cl = &t->clauses[t->nclauses];
    if (!(cl->text = malloc(len + 1)))
        return PD_ENOMEM;
    memcpy(cl->text, s, len);
    cl->text[len] = '\0';
    cl->len = len;
    pd_buf_clear(&c->scratch);
    {
        size_t skip = marker_len(s, len, !c->heading);
        rc = pd_clause_normalize(&c->scratch, s + skip, len - skip);
    }
    if (rc) {
        free(cl->text);
        return PD_ENOMEM;
    }
    cl->hash = pd_fnv64(PD_FNV64_BASIS, pd_buf_cstr(&c->scratch), c->scratch.len);
    cl->section = c->section;
    cl->block = c->block;
    cl->is_heading = c->heading;
    cl->block_kind = c->kind;
    t->nclauses++;
    return 0;
}

static int add_section(pd_clause_tree *t, size_t *cap, const char *title, int level)
{
    pd_section *sec;
    size_t parent = t->nsections ? t->nsections - 1 : PD_NO_SECTION;
    pd_buf path = PD_BUF_INIT;

    while (parent != PD_NO_SECTION && t->sections[parent].level >= level)
        parent = t->sections[parent].parent;
    if (t->nsections == *cap && pd_array_grow(&t->sections, cap, sizeof(*t->sections), 16))
        return PD_ENOMEM;
    if (parent != PD_NO_SECTION && t->sections[parent].path[0]) {
        pd_buf_puts(&path, t->sections[parent].path);
        pd_buf_puts(&path, " > ");
    }
    pd_buf_puts(&path, title);
    if (pd_buf_error(&path)) {
        pd_buf_dispose(&path);
        return PD_ENOMEM;
    }
    sec = &t->sections[t->nsections];
    sec->title = strdup(title);
    sec->path = pd_buf_detach(&path);
    if (!sec->path)
        sec->path = strdup("");
    sec->level = level;
    sec->parent = parent;
    if (!sec->title || !sec->path) {
        free(sec->title);
        free(sec->path);
        return PD_ENOMEM;
    }
    t->nsections++;
    return 0;
}

int pd_segment(pd_clause_tree *out, const char *md, size_t len)
{
    pd_doc doc = PD_DOC_INIT;
    seg_ctx c;
    size_t seccap = 0;
    pd_buf row = PD_BUF_INIT;
    int rc;

    memset(&c, 0, sizeof(c));
    c.t = out;
    if ((rc = pd_markdown_read(&doc, md, len)))
        goto out;
    if ((rc = add_section(out, &seccap, "", 0)))
        goto out;
    const pd_block *table_hdr = NULL; /* the header row of the table being read */
    for (size_t b = 0; b < doc.len; b++) {
        const pd_block *blk = &doc.blocks[b];
        c.block = b;
        c.kind = (int)blk->kind;
        c.heading = 0;
        if (blk->kind != PD_BLOCK_TABLE_ROW)
            table_hdr = NULL; /* a table ends with its last row */
        if (blk->kind == PD_BLOCK_HEADING) {
            int level = blk->level < 1 ? 1 : blk->level;
            const char *title = blk->text ? blk->text : "";
            if ((rc = add_section(out, &seccap, title, level)))
                goto out;
            c.section = out->nsections - 1;
            c.heading = 1;
            if ((rc = add_clause(title, strlen(title), &c)))
                goto out;
        } else if (blk->kind == PD_BLOCK_TABLE_ROW) {
            /* a data row carries its column names ("Sold in the last 12
             * months: No"): "No" -> "Yes" alone says nothing */
            const pd_block *hdr = NULL;
            if (blk->header)
                table_hdr = blk;
            else if (table_hdr && table_hdr->ncells == blk->ncells)
                hdr = table_hdr;
            pd_buf_clear(&row);
            for (size_t i = 0; i < blk->ncells; i++) {
                const char *cell = blk->cells[i] ? blk->cells[i] : "";
                const char *name = hdr && hdr->cells[i] ? hdr->cells[i] : "";
                if (i)
                    pd_buf_puts(&row, " | ");
                if (*name && *cell)
                    pd_buf_printf(&row, "%s: ", name);
                pd_buf_puts(&row, cell);
            }
            if ((rc = pd_buf_error(&row)))
                goto out;
            if ((rc = add_clause(pd_buf_cstr(&row), row.len, &c)))
                goto out;
        } else if (blk->text) {
            if ((rc = pd_sentence_split(blk->text, strlen(blk->text), add_clause, &c)))
                goto out;
        }
    }
    out->nblocks = doc.len;
out:
    if (rc) {
        pd_clause_tree_dispose(out);
        rc = pd_error_set(PD_ENOMEM, "out of memory while splitting clauses");
    }
    pd_buf_dispose(&row);
    pd_buf_dispose(&c.scratch);
    pd_doc_dispose(&doc);
    return rc;
}

void pd_clause_tree_dispose(pd_clause_tree *t)
{
    for (size_t i = 0; i < t->nsections; i++) {
        free(t->sections[i].title);
        free(t->sections[i].path);
    }
    for (size_t i = 0; i < t->nclauses; i++)
        free(t->clauses[i].text);
    free(t->sections);
    free(t->clauses);
    memset(t, 0, sizeof(*t));
}
