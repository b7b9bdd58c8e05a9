/* Noise detection (see extract_internal.h): page chrome, consent banners,
 * hidden elements, skip and edit links, feedback and share widgets, tables
 * of contents, the prompt around a form.  Only sets F_NOISE. */
#include "normalize/extract_internal.h"
#include "normalize/html.h"
#include "normalize/select.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

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
                                           "promo", "search", "rating", "helpful", "cta", NULL};
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
            if (s->type == XML_TEXT_NODE && pd_ex_count_text(s->content))
                break;
            continue;
        }
        if (e->clean && e->clean_link * 10 < e->clean * 8)
            break;
        if (pd_ex_heading_level(s))
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

/* Names that say page furniture which may hold a box of the policy. */
static const char *const box_substrings[] = {"sidebar", NULL};

/* What the id, class, label or test id of x say: 0 nothing, 1 page noise,
 * 2 only a sidebar (which may hold a box of the policy). */
static int name_says(xmlNode *x, const einfo *e)
{
    static const char *const attrs[] = {"id", "class", "aria-label", "data-testid", NULL};
    char lc[512];
    const char *v;
    int noise = 0, box = 0;
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
            if (pd_ex_in_list(noise_substrings[s], banner_words) &&
                (e->raw > 3000 || !looks_like_banner(x)))
                continue;
            if (pd_ex_in_list(noise_substrings[s], box_substrings)) {
                box = 1;
                continue;
            }
            noise = 1;
        }
        for (int s = 0; noise_tokens[s] && !noise; s++)
            noise = has_token(v, noise_tokens[s]);
    }
    return noise ? 1 : box ? 2 : 0;
}

/* A button that opens a section of the policy (an accordion's toggle, in a
 * heading or a summary, or naming the panel it controls): its text is the
 * section's title.  Generic toggles ("Menu", "Show more") are not. */
static int is_section_toggle(xmlNode *x)
{
    static const char *const generic[] = {"menu",
                                          "toggle menu",
                                          "close",
                                          "open",
                                          "show more",
                                          "show less",
                                          "read more",
                                          "more",
                                          "less",
                                          "expand",
                                          "collapse",
                                          "expand all",
                                          "collapse all",
                                          "toggle navigation",
                                          NULL};
    char t[200];
    size_t n;
    int steps = 0;
    for (xmlNode *up = x->parent; up && up->type == XML_ELEMENT_NODE && ++steps < 8;
         up = up->parent) {
        if (pd_ex_heading_level(up) || pd_html_is(up, "summary"))
            return 1;
        if (pd_ex_is_block(up))
            break;
    }
    if (!pd_html_attr(x, "aria-controls") && !pd_html_attr(x, "aria-expanded"))
        return 0;
    small_text(t, sizeof(t), x);
    n = strlen(t);
    return n >= 3 && n < 160 && !pd_ex_in_list(t, generic) && !starts_with(t, "toggle");
}

void pd_ex_mark_noise(info_table *t, xmlNode *body)
{
    uint64_t total = info_of(body) ? info_of(body)->raw : 0;
    uint64_t guard = total / 2 > 400 ? total / 2 : 400;

    for (size_t i = 0; i < t->n; i++) {
        einfo *e = at(t, i);
        xmlNode *x = e->node;
        const char *name = (const char *)x->name, *v;
        int noise = 0, boxes = 0;
        if (e->parent && (e->parent->flags & (F_NOISE | F_HARD)))
            e->flags |= e->parent->flags & (F_NOISE | F_HARD);
        if (e->flags & (F_NOISE | F_HARD) || !name)
            continue;
        if (x == body)
            continue;
        if (e->soft) {
            if (!strcmp(name, "aside"))
                boxes = 1;
            else if (!strcmp(name, "button"))
                noise = !is_section_toggle(x);
            else
                noise = strcmp(name, "header") || !in_article(x);
        } else if (pd_html_attr(x, "hidden") ||
                   ((v = pd_html_attr(x, "aria-hidden")) && !strcasecmp(v, "true")) ||
                   ((v = pd_html_attr(x, "style")) && style_hides(v))) {
            noise = !looks_like_collapsed_text(x, e);
        } else if ((v = pd_html_attr(x, "role")) && pd_ex_in_list(v, noise_roles)) {
            /* a call-out in the text ("alert" in Bootstrap's markup) */
            if (!strcmp(v, "complementary") || (!strcmp(v, "alert") && in_article(x)))
                boxes = 1;
            else
                noise = 1;
        } else if (!strcmp(name, "a") && e->raw < 200 && link_is_noise(x)) {
            noise = 1;
        } else if (strcmp(name, "p") && strcmp(name, "li") && strcmp(name, "td") &&
                   !(name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])) {
            int says = name_says(x, e);
            noise = says == 1;
            boxes = says == 2;
            /* a name is a hint; a section of prose under a heading wins */
            if (noise && looks_like_policy_section(x, e))
                noise = 0;
        }
        if (boxes) {
            /* an aside, a sidebar: what is policy prose in it stays (an EU
             * representative's notice, a summary table, a contact list),
             * navigation, promotion and banners go; a consent tool's name
             * is noise whatever its text */
            if (name_says(x, e) == 1)
                noise = 1;
            else
                noise = e->raw > guard || !pd_ex_keep_policy_boxes(x);
        }
        if (noise && e->raw <= guard)
            e->flags |= F_NOISE;
    }
}

/* Text-based widgets: feedback prompts and "On this page" tables of contents;
 * the short prompt around a form ("Stay updated", "Subscribe"). */
void pd_ex_mark_phrase_widgets(info_table *t)
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
                    body += pd_ex_count_text(c->content);
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
