/* HTML tree to pd_doc: the per-element table and the order of the stages
 * (see extract.h; the stages are in extract_noise.c, extract_main.c and
 * extract_emit.c, described in extract_internal.h). */
#include "normalize/extract.h"
#include "normalize/extract_internal.h"
#include "normalize/html.h"
#include "normalize/select.h"
#include "normalize/xmllib_calls.h"
#include "util/error.h"

#include <libxml/uri.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the per-element table and tag lookup ---- */

static void info_dispose(info_table *t)
{
    for (size_t i = 0; i < t->nchunks; i++)
        free(t->chunks[i]);
    free(t->chunks);
    memset(t, 0, sizeof(*t));
}

static const char *const hard_tags[] = {
    "script", "style",  "noscript", "template", "svg",   "iframe", "object",  "embed",
    "canvas", "video",  "audio",    "head",     "title", "meta",   "link",    "img",
    "input",  "select", "textarea", "math",     "map",   "source", "picture", NULL};
static const char *const soft_tags[] = {"nav",  "header", "footer", "aside", "dialog",
                                        "form", "button", "menu",   "label", NULL};

static const char *const block_tags[] = {
    "p",         "div",     "section",    "article", "main",       "header",  "footer", "nav",
    "aside",     "address", "blockquote", "center",  "details",    "summary", "dialog", "dd",
    "dl",        "dt",      "fieldset",   "figure",  "figcaption", "form",    "h1",     "h2",
    "h3",        "h4",      "h5",         "h6",      "hgroup",     "hr",      "li",     "ol",
    "ul",        "menu",    "pre",        "table",   "caption",    "tbody",   "thead",  "tfoot",
    "tr",        "td",      "th",         "body",    "html",       "legend",  "option", "listing",
    "plaintext", "xmp",     NULL};

int pd_ex_in_list(const char *name, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(name, list[i]))
            return 1;
    return 0;
}

enum { T_HARD = 1, T_SOFT = 2, T_BLOCK = 4 };
#define TAG_SLOTS 512
static struct {
    const char *name;
    unsigned bits;
} tag_table[TAG_SLOTS];
static pthread_once_t tag_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void tag_add(const char *const *list, unsigned bit)
{
    for (int i = 0; list[i]; i++) {
        unsigned h = tag_hash(list[i]) % TAG_SLOTS;
        while (tag_table[h].name && strcmp(tag_table[h].name, list[i]))
            h = (h + 1) % TAG_SLOTS;
        tag_table[h].name = list[i];
        tag_table[h].bits |= bit;
    }
}

/* The TAG_* of extract_internal.h are stored above the T_* bits. */
static void tag_init(void)
{
    static const char *const br[] = {"br", NULL}, *const a[] = {"a", NULL},
                             *const pre[] = {"pre", "listing", "xmp", "plaintext", NULL},
                             *const quote[] = {"blockquote", NULL},
                             *const list[] = {"ul", "ol", "menu", NULL}, *const li[] = {"li", NULL},
                             *const table[] = {"table", NULL}, *const thead[] = {"thead", NULL},
                             *const tr[] = {"tr", NULL}, *const td[] = {"td", NULL},
                             *const th[] = {"th", NULL};
    tag_add(hard_tags, T_HARD);
    tag_add(soft_tags, T_SOFT);
    tag_add(block_tags, T_BLOCK);
    tag_add(br, TAG_BR << 8);
    tag_add(a, TAG_A << 8);
    tag_add(pre, TAG_PRE << 8);
    tag_add(quote, TAG_QUOTE << 8);
    tag_add(list, TAG_LIST << 8);
    tag_add(li, TAG_LI << 8);
    tag_add(table, TAG_TABLE << 8);
    tag_add(thead, TAG_THEAD << 8);
    tag_add(tr, TAG_TR << 8);
    tag_add(td, TAG_TD << 8);
    tag_add(th, TAG_TH << 8);
}

static unsigned tag_bits(const char *name)
{
    unsigned h;
    pthread_once(&tag_once, tag_init);
    h = tag_hash(name) % TAG_SLOTS;
    while (tag_table[h].name) {
        if (!strcmp(tag_table[h].name, name))
            return tag_table[h].bits;
        h = (h + 1) % TAG_SLOTS;
    }
    return 0;
}

uint64_t pd_ex_count_text(const xmlChar *s)
{
    size_t a = 0, n;
    if (!s)
        return 0;
    n = strlen((const char *)s);
    while (a < n && s[a] <= ' ')
        a++;
    while (n > a && s[n - 1] <= ' ')
        n--;
    return n - a;
}

static int build_info(info_table *t, xmlNode *root)
{
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1)) {
        if (x->type == XML_ELEMENT_NODE) {
            einfo *e, *p = info_of(x->parent);
            if (t->n % INFO_CHUNK == 0) {
                einfo **nc = realloc(t->chunks, (t->nchunks + 1) * sizeof(*nc));
                PD_CHECK_ALLOC(nc);
                t->chunks = nc;
                nc[t->nchunks] = calloc(INFO_CHUNK, sizeof(einfo));
                PD_CHECK_ALLOC(nc[t->nchunks]);
                t->nchunks++;
            }
            e = at(t, t->n++);
            e->node = x;
            x->_private = e;
            e->parent = p;
            if (p)
                e->flags |= p->flags & (F_HARD | F_IN_LINK);
            if (x->name) {
                unsigned bits = tag_bits((const char *)x->name);
                if (bits & T_HARD)
                    e->flags |= F_HARD;
                e->block = (uint8_t)(((bits & T_BLOCK) != 0) + 1);
                e->soft = (bits & T_SOFT) != 0;
                e->tag = (uint8_t)(bits >> 8);
                if (e->tag == TAG_A)
                    e->flags |= F_IN_LINK;
            }
        } else if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
            einfo *p = info_of(x->parent);
            if (p) {
                uint64_t c = pd_ex_count_text(x->content);
                p->own_text += c;
                if (p->flags & F_IN_LINK)
                    p->own_link += c;
            }
        }
    }
    return 0;
}

static void clear_info(xmlNode *root)
{
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1))
        if (x->type == XML_ELEMENT_NODE)
            x->_private = NULL;
}

/* Totals bottom-up: children come after their parent in pre-order. */
static void sum_raw(info_table *t)
{
    for (size_t i = t->n; i-- > 0;) {
        einfo *e = at(t, i);
        e->raw += (e->flags & F_HARD) ? 0 : e->own_text;
        if ((e->flags & F_HARD))
            e->raw = 0;
        if (e->parent)
            e->parent->raw += e->raw;
    }
}

static void sum_clean(info_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        at(t, i)->clean = at(t, i)->clean_link = 0;
    for (size_t i = t->n; i-- > 0;) {
        einfo *e = at(t, i);
        if (e->flags & F_SKIP) {
            e->clean = e->clean_link = 0;
            continue;
        }
        e->clean += e->own_text;
        e->clean_link += e->own_link;
        if (e->parent) {
            e->parent->clean += e->clean;
            e->parent->clean_link += e->clean_link;
        }
    }
}
int pd_ex_is_block(const xmlNode *n)
{
    einfo *e = info_of(n);
    if (e && e->block)
        return e->block - 1;
    if (!n->name)
        return 0;
    return (tag_bits((const char *)n->name) & T_BLOCK) != 0;
}

int pd_ex_heading_level(const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        return name[1] - '0';
    return 0;
}

static xmlNode *find_body(xmlNode *root)
{
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1))
        if (pd_html_is(x, "body"))
            return x;
    return root;
}

static char *find_base(xmlNode *root, const char *url)
{
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1)) {
        if (pd_html_is(x, "body"))
            break;
        if (pd_html_is(x, "base")) {
            const char *h = pd_html_attr(x, "href");
            if (h && *h) {
                xmlChar *abs = url ? xmlBuildURI((const xmlChar *)h, (const xmlChar *)url) : NULL;
                char *r = strdup(abs ? (const char *)abs : h);
                if (abs)
                    pd_xml_free(abs);
                return r;
            }
        }
    }
    return url ? strdup(url) : NULL;
}

void pd_ex_warn(char *warning, const char *what, const char *arg)
{
    if (warning && !warning[0])
        snprintf(warning, 256, "%s%.200s%s", what, arg,
                 arg[0] ? "' matched nothing on the page" : "");
}

/* The error when no select selector matched: the first one names it. */
static int no_selection(const pd_recipe *r)
{
    const pd_selector *s0 = &r->select[0];
    return pd_error_set(
        PD_EEMPTY,
        "the select selectors matched nothing on the page (the first is "
        "'%.80s'): check them against the page",
        s0->kind == PD_SEL_CSS ? s0->css : (s0->start_before ? s0->start_before : s0->start_after));
}

/* Builds the element table, marks what a recipe or the noise detection
 * drops, picks where to start and emits from there. */
int pd_extract(pd_doc *out, pd_extract_report *report, htmlDocPtr doc,
               const pd_extract_options *opts)
{
    char *warning = report->warning;
    info_table t = {NULL, 0, 0};
    pd_ex_selection sel;
    xmlNode *root = xmlDocGetRootElement(doc), *body, *start;
    char *base = NULL;
    int rc = 0, fell_back = 0;

    static const pd_extract_options defaults = PD_EXTRACT_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    memset(report, 0, sizeof(*report));
    memset(&sel, 0, sizeof(sel));
    if (!root)
        return pd_error_set(PD_EEMPTY, "the page has no HTML element");
    if ((rc = build_info(&t, root)))
        goto out;
    body = find_body(root);
    base = find_base(root, opts->url);
    if (opts->recipe && (rc = pd_ex_select_recipe(&sel, root, opts->recipe, warning)))
        goto out;
    sum_raw(&t);
    if (sel.has_select) {
        if (!sel.nsel_found) {
            rc = no_selection(opts->recipe);
            goto out;
        }
        start = root;
    } else {
        pd_ex_mark_noise(&t, body);
        sum_clean(&t);
        pd_ex_mark_phrase_widgets(&t);
        sum_clean(&t);
        if ((rc = pd_ex_mark_duplicates(&t, body)))
            goto out;
        sum_clean(&t);
        start = pd_ex_add_beside(pd_ex_pick_main(body), body);
    }
    rc = pd_ex_emit(out, &fell_back, &report->spans_unexpanded, opts, base, &sel, start, body);
    if (fell_back)
        pd_ex_warn(warning, "no main content found: the whole page was kept", "");
out:
    pd_ex_selection_dispose(&sel);
    free(base);
    clear_info(root);
    info_dispose(&t);
    return rc;
}
