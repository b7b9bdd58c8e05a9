/* HTML tree to pd_doc: noise removal, main-content pick, recipes (see extract.h). */
#include "normalize/extract.h"
#include "normalize/html.h"
#include "normalize/select.h"
#include "normalize/xmllib_calls.h"
#include "util/error.h"

#include <ctype.h>
#include <libxml/uri.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- per-element information, reached through node->_private ---- */

enum {
    F_HARD = 1 << 0,     /* never text: script, style, ... (subtree) */
    F_NOISE = 1 << 1,    /* page noise (subtree) */
    F_REMOVED = 1 << 2,  /* matched a remove selector (subtree) */
    F_SELECTED = 1 << 3, /* matched a select selector */
    F_IN_LINK = 1 << 4,
    F_STRUCT = 1 << 5, /* entered with structural meaning (list, heading, ...) */
    F_DATA = 1 << 6,   /* a data table */
    F_SKIP = F_HARD | F_NOISE | F_REMOVED,
};

typedef struct einfo_s {
    xmlNode *node;
    uint32_t flags;
    struct einfo_s *parent;      /* the parent element's, or NULL */
    uint64_t own_text, own_link; /* non-space bytes of direct text children */
    uint64_t raw, clean, clean_link;
    uint8_t block; /* 1 + is_block, 0: not computed */
    uint8_t soft;  /* a tag that is page chrome (nav, header, ...) */
    uint8_t tag;   /* TAG_* */
} einfo;

/* In pre-order, in fixed-size chunks so that pointers stay valid while the
 * table grows during the one pass over the tree. */
#define INFO_CHUNK 4096
typedef struct {
    einfo **chunks;
    size_t nchunks;
    size_t n;
} info_table;

static einfo *at(const info_table *t, size_t i)
{
    return &t->chunks[i / INFO_CHUNK][i % INFO_CHUNK];
}

static void info_dispose(info_table *t)
{
    for (size_t i = 0; i < t->nchunks; i++)
        free(t->chunks[i]);
    free(t->chunks);
    memset(t, 0, sizeof(*t));
}

static einfo *info_of(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE ? (einfo *)n->_private : NULL;
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

static int in_list(const char *name, const char *const *list)
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

/* Tags the emitter treats specially, stored above the T_* bits. */
enum {
    TAG_OTHER,
    TAG_BR,
    TAG_A,
    TAG_PRE,
    TAG_QUOTE,
    TAG_LIST,
    TAG_LI,
    TAG_TABLE,
    TAG_THEAD,
    TAG_TR,
    TAG_TD,
    TAG_TH,
};

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

/* The size of a text node for density scoring: its trimmed byte length. */
static uint64_t count_text(const xmlChar *s)
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
                if (!nc)
                    return pd_error_set(PD_ENOMEM, "out of memory");
                t->chunks = nc;
                if (!(nc[t->nchunks] = calloc(INFO_CHUNK, sizeof(einfo))))
                    return pd_error_set(PD_ENOMEM, "out of memory");
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
                uint64_t c = count_text(x->content);
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

/* ---- noise detection ---- */

static void lower_copy(char *d, size_t cap, const char *s)
{
    size_t i = 0;
    for (; s && *s && i + 1 < cap; s++)
        d[i++] = (char)tolower((unsigned char)*s);
    d[i] = '\0';
}

/* Words of an id/class/label: split on anything that is not a letter or a
 * digit, and on lower-to-upper case changes (CSS-module names). */
static int has_token(const char *s, const char *tok)
{
    size_t tl = strlen(tok);
    const char *p = s;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *b = p;
        while (*p && isalnum((unsigned char)*p)) {
            p++;
            if (*p && isupper((unsigned char)*p) && islower((unsigned char)p[-1]))
                break;
        }
        if ((size_t)(p - b) == tl && !strncasecmp(b, tok, tl))
            return 1;
    }
    return 0;
}

static const char *const noise_substrings[] = {
    "cookie",         "consent",        "gdpr-banner",    "onetrust",
    "cookiebot",      "truste",         "osano",          "didomi",
    "usercentrics",   "qc-cmp",         "breadcrumb",     "share",
    "social",         "addthis",        "skip-link",      "skiplink",
    "skip-to",        "skipto",         "back-to-top",    "backtotop",
    "scroll-to-top",  "scrolltotop",    "feedback",       "table-of-content",
    "tableofcontent", "newsletter",     "subscribe",      "announcement",
    "pagination",     "edit-on-github", "edit-this-page", "edit-page",
    "sidebar",        "navbar",         "navigation",     "popup",
    "modal",          "tooltip",        "mini-toc",       "minitoc",
    "signup",         "sign-up",        "searchbar",      "search-bar",
    "carousel",       "marquee",        "countdown",      NULL};
static const char *const noise_tokens[] = {"toc",   "nav",    "menu",   "share",   "ads", "advert",
                                           "promo", "search", "rating", "helpful", NULL};
static const char *const vendor_substrings[] = {"onetrust",     "cookiebot",   "didomi",
                                                "usercentrics", "qc-cmp",      "truste",
                                                "osano",        "gdpr-banner", NULL};

static int count_words(const char *s)
{
    int n = 0;
    while (*s) {
        while (*s && !isalnum((unsigned char)*s))
            s++;
        if (*s)
            n++;
        while (*s && isalnum((unsigned char)*s))
            s++;
    }
    return n;
}

/* Parts of names that say a consent banner rather than policy text about cookies. */
static const char *const banner_words[] = {"cookie", "consent", NULL};
static const char *const noise_roles[] = {
    "navigation", "banner",  "contentinfo", "complementary", "search",  "dialog", "alertdialog",
    "menu",       "menubar", "toolbar",     "tooltip",       "tablist", "alert",  NULL};

static int style_hides(const char *style)
{
    char buf[512];
    size_t j = 0;
    for (const char *s = style; *s && j + 1 < sizeof(buf); s++)
        if (!isspace((unsigned char)*s))
            buf[j++] = (char)tolower((unsigned char)*s);
    buf[j] = '\0';
    return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

/* The trimmed, lower-cased text of a small subtree into d (cap bytes). */
static void small_text(char *d, size_t cap, xmlNode *root)
{
    size_t j = 0, nodes = 0;
    int space = 0;
    for (xmlNode *x = root; x && j + 2 < cap && ++nodes < 4000; x = pd_dom_next(x, root, 1)) {
        if (x->type != XML_TEXT_NODE || !x->content)
            continue;
        for (const xmlChar *s = x->content; *s && j + 2 < cap; s++) {
            if (isspace(*s)) {
                space = j > 0;
                continue;
            }
            if (space)
                d[j++] = ' ';
            space = 0;
            d[j++] = (char)tolower(*s);
        }
        space = j > 0;
    }
    d[j] = '\0';
}

static int starts_with(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

static int looks_like_banner(xmlNode *root)
{
    char t[2048];
    size_t nodes = 0;
    for (xmlNode *x = root; x && ++nodes < 4000; x = pd_dom_next(x, root, 1))
        if (pd_html_is(x, "button") || pd_html_is(x, "input") || pd_html_is(x, "form"))
            return 1;
    small_text(t, sizeof(t), root);
    return strstr(t, "accept") || strstr(t, "agree") || strstr(t, "got it") || strstr(t, "allow") ||
           strstr(t, "reject") || strstr(t, "decline") || strstr(t, "preferences") ||
           strstr(t, "settings");
}

/* What a block holds: whether it has a heading, how many sentence ends and
 * bytes of text outside and inside links.  0 when it holds a form control
 * (something to fill in or click besides links) or is too big to look at. */
static int prose_stats(xmlNode *root, int *heading, int *sentences, uint64_t *text, uint64_t *link)
{
    size_t nodes = 0;
    *heading = *sentences = 0;
    *text = *link = 0;
    for (xmlNode *x = root->children; x; x = pd_dom_next(x, root, 1)) {
        if (++nodes > 3000)
            return 0;
        if (x->type == XML_ELEMENT_NODE) {
            const char *n = (const char *)x->name;
            if (pd_html_is(x, "button") || pd_html_is(x, "input") || pd_html_is(x, "form") ||
                pd_html_is(x, "select") || pd_html_is(x, "textarea"))
                return 0;
            if (n && n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && !n[2])
                *heading = 1;
            continue;
        }
        if (x->type != XML_TEXT_NODE || !x->content)
            continue;
        int in_link = 0;
        for (xmlNode *up = x->parent; up && up != root; up = up->parent)
            if (pd_html_is(up, "a")) {
                in_link = 1;
                break;
            }
        for (const xmlChar *c = x->content; *c; c++) {
            if (isspace(*c))
                continue;
            if (in_link) {
                (*link)++;
                continue;
            }
            (*text)++;
            if ((*c == '.' || *c == '!' || *c == '?') && (!c[1] || isspace(c[1])))
                (*sentences)++;
        }
    }
    return 1;
}

/* A section of the policy itself that its id or class merely names after a
 * topic ("how-we-share", "social-media", "sidebar-notes"): a heading inside,
 * at least two sentences of text outside links, more text than link text,
 * and nothing to click but links.  Such a block is never noise by its name.
 * The walk is capped, so nested look-alikes cost little. */
static int looks_like_policy_section(xmlNode *root, const einfo *e)
{
    int heading, sentences;
    uint64_t text, link;
    if (e->raw < 60 || !prose_stats(root, &heading, &sentences, &text, &link))
        return 0;
    return heading && sentences >= 2 && text > link;
}

/* A collapsed panel of an accordion or of tabs, hidden until a click: the
 * policy text inside is the page's text ("<h2>Data we collect</h2><div
 * class="accordion-panel" style="display:none">...").  It is a tab panel, or
 * named like a panel, or follows a heading or a toggle, and holds prose with
 * nothing to click but links. */
static int looks_like_collapsed_text(xmlNode *x, const einfo *e)
{
    static const char *const marks[] = {"accordion", "collapse", "panel",      "tab-pane",
                                        "expand",    "toggle",   "disclosure", NULL};
    int heading, sentences, named = 0;
    uint64_t text, link;
    const char *v;
    char lc[256];
    if (e->raw < 20 || !prose_stats(x, &heading, &sentences, &text, &link) || !sentences ||
        text <= link)
        return 0;
    if ((v = pd_html_attr(x, "role")) && !strcasecmp(v, "tabpanel"))
        return 1;
    for (int k = 0; k < 2 && !named; k++) {
        if (!(v = pd_html_attr(x, k ? "class" : "id")))
            continue;
        lower_copy(lc, sizeof(lc), v);
        for (int m = 0; marks[m] && !named; m++)
            named = strstr(lc, marks[m]) != NULL;
    }
    if (named)
        return 1;
    for (xmlNode *p = x->prev; p; p = p->prev) {
        const char *n;
        if (p->type != XML_ELEMENT_NODE)
            continue;
        n = (const char *)p->name;
        return (n && n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && !n[2]) ||
               pd_html_attr(p, "aria-expanded") != NULL || pd_html_is(p, "summary");
    }
    return 0;
}

static int link_is_noise(xmlNode *a)
{
    const char *href = pd_html_attr(a, "href");
    char t[128];
    small_text(t, sizeof(t), a);
    if (href && href[0] == '#' && (starts_with(t, "skip") || starts_with(t, "jump to")))
        return 1;
    if (!strcmp(t, "back to top") || !strcmp(t, "top") || !strcmp(t, "return to top") ||
        !strcmp(t, "scroll to top") || !strcmp(t, "go to top") || !strcmp(t, "to top") ||
        !strcmp(t, "back to top ↑") || !strcmp(t, "↑ back to top") || !strcmp(t, "↑"))
        return 1;
    if (href && (!strcmp(href, "#top") || !strcmp(href, "#")) && strlen(t) < 20)
        return 1;
    if (strstr(t, "edit this page") || strstr(t, "edit on github") ||
        strstr(t, "improve this page") || strstr(t, "suggest an edit") ||
        strstr(t, "edit this article"))
        return 1;
    if (href && strstr(href, "github.com/") && (strstr(href, "/edit/") || strstr(href, "/blob/")) &&
        strlen(t) < 40 && strstr(t, "edit"))
        return 1;
    return 0;
}

static const char *const widget_phrases[] = {"did you find what you needed",
                                             "was this page helpful",
                                             "was this article helpful",
                                             "is this page helpful",
                                             "did this page help",
                                             "was this helpful",
                                             "help us improve this",
                                             "rate this page",
                                             "share this page",
                                             "share this article",
                                             NULL};
static const char *const toc_phrases[] = {"on this page",  "in this article",  "table of contents",
                                          "contents",      "in this section",  "jump to",
                                          "on this page:", "in this article:", NULL};

static int heading_level(const xmlNode *n);

/* Marks the widget that holds a phrase: the largest ancestor still small. */
static void mark_widget(xmlNode *n, uint64_t limit, int need_links)
{
    xmlNode *best = NULL;
    for (xmlNode *x = n; x && x->type == XML_ELEMENT_NODE; x = x->parent) {
        einfo *e = info_of(x);
        if (!e || e->clean > limit || pd_html_is(x, "body") || pd_html_is(x, "main") ||
            pd_html_is(x, "article"))
            break;
        if (need_links && x != n && e->clean_link * 2 < e->clean)
            break;
        best = x;
    }
    if (best && (!need_links || best != n)) {
        info_of(best)->flags |= F_NOISE;
        return;
    }
    if (!need_links)
        return;
    /* A heading followed by its list of links: drop both. */
    info_of(n)->flags |= F_NOISE;
    for (xmlNode *s = n->next; s; s = s->next) {
        einfo *e = info_of(s);
        if (!e) {
            if (s->type == XML_TEXT_NODE && count_text(s->content))
                break;
            continue;
        }
        if (e->clean && e->clean_link * 10 < e->clean * 8)
            break;
        if (heading_level(s))
            break;
        e->flags |= F_NOISE;
    }
}

static int in_article(const xmlNode *x)
{
    for (x = x->parent; x && x->type == XML_ELEMENT_NODE; x = x->parent) {
        const char *role = pd_html_attr(x, "role");
        if (pd_html_is(x, "article") || pd_html_is(x, "main") || (role && !strcmp(role, "main")))
            return 1;
    }
    return 0;
}

static void mark_noise(info_table *t, xmlNode *body)
{
    uint64_t total = info_of(body) ? info_of(body)->raw : 0;
    uint64_t guard = total / 2 > 400 ? total / 2 : 400;
    char lc[512];

    for (size_t i = 0; i < t->n; i++) {
        einfo *e = at(t, i);
        xmlNode *x = e->node;
        const char *name = (const char *)x->name, *v;
        int noise = 0;
        if (e->parent && (e->parent->flags & (F_NOISE | F_HARD)))
            e->flags |= e->parent->flags & (F_NOISE | F_HARD);
        if (e->flags & (F_NOISE | F_HARD) || !name)
            continue;
        if (x == body)
            continue;
        if (e->soft)
            noise = strcmp(name, "header") || !in_article(x);
        else if (pd_html_attr(x, "hidden") ||
                 ((v = pd_html_attr(x, "aria-hidden")) && !strcasecmp(v, "true")) ||
                 ((v = pd_html_attr(x, "style")) && style_hides(v)))
            noise = !looks_like_collapsed_text(x, e);
        else if ((v = pd_html_attr(x, "role")) && in_list(v, noise_roles))
            noise = 1;
        else if (!strcmp(name, "a") && e->raw < 200 && link_is_noise(x))
            noise = 1;
        else if (strcmp(name, "p") && strcmp(name, "li") && strcmp(name, "td") &&
                 !(name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])) {
            static const char *const attrs[] = {"id", "class", "aria-label", "data-testid", NULL};
            for (int k = 0; attrs[k] && !noise; k++) {
                if (!(v = pd_html_attr(x, attrs[k])) || !*v)
                    continue;
                lower_copy(lc, sizeof(lc), v);
                if (k != 1 && count_words(v) >= 4) {
                    /* an id or label made from a heading ("how-we-share-data"):
                     * only consent-tool names count */
                    for (int s = 0; vendor_substrings[s] && !noise; s++)
                        noise = strstr(lc, vendor_substrings[s]) != NULL;
                    continue;
                }
                for (int s = 0; noise_substrings[s] && !noise; s++) {
                    if (!strstr(lc, noise_substrings[s]))
                        continue;
                    if (in_list(noise_substrings[s], banner_words) &&
                        (e->raw > 3000 || !looks_like_banner(x)))
                        continue;
                    noise = 1;
                }
                for (int s = 0; noise_tokens[s] && !noise; s++)
                    noise = has_token(v, noise_tokens[s]);
            }
            /* a name is a hint; a section of prose under a heading wins */
            if (noise && looks_like_policy_section(x, e))
                noise = 0;
        }
        if (noise && e->raw <= guard)
            e->flags |= F_NOISE;
    }
}

/* Text-based widgets: feedback prompts and "On this page" tables of contents;
 * the short prompt around a form ("Stay updated", "Subscribe"). */
static void mark_phrase_widgets(info_table *t)
{
    char txt[64];
    for (size_t i = 0; i < t->n; i++) {
        einfo *e = at(t, i);
        xmlNode *x = e->node;
        if (pd_html_is(x, "form") && (e->flags & F_SKIP)) {
            mark_widget(x, 150, 0);
            continue;
        }
        if (!(e->flags & F_SKIP) && pd_html_is(x, "details")) {
            /* a details box of links (a table of contents) or of nothing */
            uint64_t body = 0, links = 0;
            for (xmlNode *c = x->children; c; c = c->next) {
                einfo *ce = info_of(c);
                if (ce && !pd_html_is(c, "summary")) {
                    body += ce->clean;
                    links += ce->clean_link;
                } else if (!ce && c->type == XML_TEXT_NODE) {
                    body += count_text(c->content);
                }
            }
            if (links * 10 >= body * 7)
                e->flags |= F_NOISE;
            continue;
        }
        if ((e->flags & F_SKIP) || !e->own_text || e->clean > 48)
            continue;
        small_text(txt, sizeof(txt), x);
        for (int k = 0; widget_phrases[k]; k++)
            if (starts_with(txt, widget_phrases[k]))
                mark_widget(x, 600, 0);
        for (int k = 0; toc_phrases[k]; k++)
            if (!strcmp(txt, toc_phrases[k]))
                mark_widget(x, 8000, 1);
    }
}

static int is_block(const xmlNode *n)
{
    einfo *e = info_of(n);
    if (e && e->block)
        return e->block - 1;
    if (!n->name)
        return 0;
    return (tag_bits((const char *)n->name) & T_BLOCK) != 0;
}

/* Picks the element that holds the policy text. */
static xmlNode *pick_main(xmlNode *body)
{
    xmlNode *best = NULL;
    einfo *b = info_of(body);
    uint64_t total = b ? b->clean : 0, best_len = 0;
    if (!b || !total)
        return body;
    for (int pass = 0; pass < 2 && !best; pass++) {
        for (xmlNode *x = body; x;) {
            einfo *e = info_of(x);
            const char *role;
            int cand;
            if (!e) {
                x = pd_dom_next(x, body, 1);
                continue;
            }
            if (e->flags & F_SKIP) {
                x = pd_dom_next(x, body, 0);
                continue;
            }
            role = pd_html_attr(x, "role");
            cand = pass == 0 ? (pd_html_is(x, "main") || (role && !strcasecmp(role, "main")))
                             : pd_html_is(x, "article");
            if (cand && e->clean > best_len) {
                best = x;
                best_len = e->clean;
            }
            x = pd_dom_next(x, body, 1);
        }
        if (best && best_len * 2 < total)
            best = NULL;
    }
    if (best)
        return best;
    /* Densest block: descend while one child holds most of the prose. */
    best = body;
    for (;;) {
        einfo *e = info_of(best);
        xmlNode *top = NULL;
        uint64_t top_prose = 0, prose = e->clean - e->clean_link;
        for (xmlNode *c = best->children; c; c = c->next) {
            einfo *ce = info_of(c);
            uint64_t p;
            if (!ce || (ce->flags & F_SKIP))
                continue;
            p = ce->clean - ce->clean_link;
            if (p > top_prose) {
                top_prose = p;
                top = c;
            }
        }
        if (!top || top_prose * 100 < prose * 85 || !is_block(top))
            break;
        best = top;
    }
    return best;
}

/* ---- utilities exported for tests ---- */

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
    return in_list(low, tracking_params);
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

static int is_word_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

static int match_word(const char *s, size_t len, size_t i, const char *w, size_t *end)
{
    size_t wl = strlen(w);
    if (i + wl > len || strncasecmp(s + i, w, wl))
        return 0;
    if (i + wl < len && is_word_char((unsigned char)s[i + wl]))
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
        if (i > 0 && is_word_char((unsigned char)s[i - 1])) {
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

/* ---- the emitting walk ---- */

#define MAX_LISTS 64

typedef struct {
    const xmlNode *start, *end;
    int start_after, end_after;
    int state; /* 0 before, 1 active, 2 done */
} range;

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
    range *sel_ranges;
    size_t nsel_ranges;
    range *rm_ranges;
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
                has_word = is_word_char((unsigned char)b->ptr[k]);
            if (has_word || kind == PD_BLOCK_CODE) {
                m->rc = pd_doc_add(m->doc, kind, level, b->ptr + s, b->len - s, &blk);
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

static int heading_level(const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        return name[1] - '0';
    return 0;
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
        if (pd_html_is(x, "table") || heading_level(x))
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
        if (x->type == XML_ELEMENT_NODE && (pd_html_is(x, "br") || is_block(x)))
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

static void ranges_enter(range *r, size_t n, const xmlNode *x)
{
    for (size_t i = 0; i < n; i++) {
        if (x == r[i].start && !r[i].start_after && r[i].state == 0)
            r[i].state = 1;
        if (x == r[i].end && !r[i].end_after)
            r[i].state = 2;
    }
}

static void ranges_leave(range *r, size_t n, const xmlNode *x)
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
    if (!(q = realloc(*pp, n * sz)))
        return pd_error_set(PD_ENOMEM, "out of memory");
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

/* Puts into the current row the cells carried down by rowspan from the
 * column reached on: up to the first free column, or all of them (at the
 * row's end). */
static void carry_cells(emitter *m, int all)
{
    while (m->grid_col < GRID_MAX) {
        int c = m->grid_col;
        if (m->spans[c].left > 0 && !m->spans[c].fresh) {
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
            m->rc = pd_error_set(PD_ENOMEM, "out of memory");
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
            m->rc = pd_doc_add(m->doc, PD_BLOCK_TABLE_ROW, 0, NULL, 0, &blk);
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
            m->rc = pd_error_set(PD_ENOMEM, "out of memory");
            break;
        }
        for (k = 0; k < b->ncells; k++) {
            cells[j++] = b->cells[k];
            for (int e = 1; e < cs[k]; e++)
                if (!(cells[j++] = calloc(1, 1)))
                    m->rc = pd_error_set(PD_ENOMEM, "out of memory");
        }
        free(b->cells);
        b->cells = cells;
        b->ncells = n;
    }
    table_reset(m);
}

/* Returns 1 to descend into n's children. */
static int enter(emitter *m, xmlNode *n)
{
    einfo *e;
    const char *v;
    int lvl;

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
    if (!is_block(n))
        return 1;
    if (inline_ctx(m)) {
        boundary(m);
        return 1;
    }
    e->flags |= F_STRUCT;
    if ((lvl = heading_level(n))) {
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
            if (heading_level(n)) {
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
        } else if (is_block(n)) {
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

/* ---- recipes ---- */

static int mark_css(xmlNode *root, const char *css, uint32_t flag, size_t *matched)
{
    pd_css *c = NULL;
    long budget = PD_CSS_TREE_BUDGET;
    int rc = pd_css_compile(&c, css);
    *matched = 0;
    if (rc)
        return rc;
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1)) {
        einfo *e = info_of(x);
        if (e && pd_css_matches_budget(c, x, &budget)) {
            e->flags |= flag;
            (*matched)++;
        }
    }
    pd_css_free(c);
    return 0;
}

static int resolve_range(xmlNode *root, const pd_selector *s, range *r, int *found)
{
    pd_css *a = NULL, *b = NULL;
    const char *start = s->start_before ? s->start_before : s->start_after;
    const char *end = s->end_before ? s->end_before : s->end_after;
    int rc;
    memset(r, 0, sizeof(*r));
    *found = 0;
    if (!start || !end)
        return pd_error_set(PD_EINVALID, "a range needs a start and an end selector");
    if ((rc = pd_css_compile(&a, start)) || (rc = pd_css_compile(&b, end)))
        goto out;
    r->start_after = !s->start_before;
    r->end_after = !s->end_before;
    r->start = pd_css_select_first(a, root);
    if (r->start) {
        for (xmlNode *x = pd_dom_next((xmlNode *)r->start, root, 1); x;
             x = pd_dom_next(x, root, 1)) {
            if (x->type == XML_ELEMENT_NODE && pd_css_matches(b, x)) {
                r->end = x;
                break;
            }
        }
    }
    *found = r->start && r->end;
    if (!*found)
        r->state = 2;
out:
    pd_css_free(a);
    pd_css_free(b);
    return rc;
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

static void warn(char *warning, const char *what, const char *arg)
{
    if (warning && !warning[0])
        snprintf(warning, 256, "%s%.200s%s", what, arg,
                 arg[0] ? "' matched nothing on the page" : "");
}

int pd_extract(pd_doc *out, htmlDocPtr doc, const pd_extract_options *opts, char warning[256])
{
    info_table t = {NULL, 0, 0};
    emitter m;
    xmlNode *root = xmlDocGetRootElement(doc), *body, *start;
    const pd_recipe *r;
    size_t before = out->len, nsel_matched = 0;
    int rc = 0;

    static const pd_extract_options defaults = {NULL, NULL, 0};
    if (!opts)
        opts = &defaults;
    memset(&m, 0, sizeof(m));
    if (!root)
        return pd_error_set(PD_EEMPTY, "the page has no HTML element");
    r = opts->recipe;
    if ((rc = build_info(&t, root))) {
        clear_info(root);
        info_dispose(&t);
        return rc;
    }
    m.doc = out;
    m.opts = opts;
    body = find_body(root);
    m.base = find_base(root, opts->url);
    if (r) {
        m.rm_ranges = calloc(r->nremove + 1, sizeof(range));
        m.sel_ranges = calloc(r->nselect + 1, sizeof(range));
        if (!m.rm_ranges || !m.sel_ranges) {
            rc = pd_error_set(PD_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < r->nremove; i++) {
            size_t matched;
            int found;
            if (r->remove[i].kind == PD_SEL_CSS)
                rc = mark_css(root, r->remove[i].css, F_REMOVED, &matched);
            else
                rc = resolve_range(root, &r->remove[i], &m.rm_ranges[m.nrm_ranges++], &found);
            if (rc)
                goto out;
        }
        for (size_t i = 0; i < r->nselect; i++) {
            size_t matched = 0;
            int found = 0;
            if (r->select[i].kind == PD_SEL_CSS) {
                rc = mark_css(root, r->select[i].css, F_SELECTED, &matched);
                found = matched > 0;
            } else {
                rc = resolve_range(root, &r->select[i], &m.sel_ranges[m.nsel_ranges++], &found);
            }
            if (rc)
                goto out;
            if (!found)
                warn(warning, "select '",
                     r->select[i].kind == PD_SEL_CSS
                         ? r->select[i].css
                         : (r->select[i].start_before ? r->select[i].start_before
                                                      : r->select[i].start_after));
            nsel_matched += found;
        }
        m.has_select = r->nselect > 0;
    }
    sum_raw(&t);
    if (m.has_select) {
        if (!nsel_matched) {
            const pd_selector *s0 = &r->select[0];
            rc = pd_error_set(PD_EEMPTY,
                              "the select selectors matched nothing on the page (the first is "
                              "'%.80s'): check them against the page",
                              s0->kind == PD_SEL_CSS
                                  ? s0->css
                                  : (s0->start_before ? s0->start_before : s0->start_after));
            goto out;
        }
        start = root;
    } else {
        mark_noise(&t, body);
        sum_clean(&t);
        mark_phrase_widgets(&t);
        sum_clean(&t);
        start = pick_main(body);
    }
    walk(&m, start);
    boundary(&m);
    flush(&m);
    if (!m.rc && !m.has_select && out->len == before && start != body) {
        warn(warning, "no main content found: the whole page was kept", "");
        walk(&m, body);
        flush(&m);
    }
    rc = m.rc;
out:
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
    free(m.sel_ranges);
    free(m.rm_ranges);
    free((char *)m.base);
    clear_info(root);
    info_dispose(&t);
    return rc;
}
