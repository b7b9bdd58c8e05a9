/* Boxed parts of the policy (see extract_internal.h): asides, cards and
 * call-outs whose text is policy prose, told from navigation, promotion and
 * banners by what they say; and sections the page holds twice (a mobile and
 * a desktop copy of the same text).  Only sets F_NOISE and F_OUTSIDE. */
#include "normalize/extract_internal.h"
#include "normalize/html.h"
#include "normalize/select.h"
#include "util/error.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- what a box says ---- */

/* Words that only policy text uses, and words it often uses. */
static const char *const strong_words[] = {"privacy",
                                           "personal data",
                                           "personal information",
                                           "data protection",
                                           "protection officer",
                                           "representative",
                                           "controller",
                                           "processor",
                                           "processing",
                                           "gdpr",
                                           "supervisory",
                                           "retention",
                                           "retain",
                                           "consent",
                                           "your rights",
                                           "right to",
                                           "legal basis",
                                           "lawful basis",
                                           "legitimate interest",
                                           "opt out",
                                           "opt-out",
                                           "data subject",
                                           "erasure",
                                           "deletion",
                                           "ccpa",
                                           "cpra",
                                           "coppa",
                                           "lgpd",
                                           "pipeda",
                                           "données personnelles",
                                           "protection des données",
                                           "responsable du traitement",
                                           "représentant",
                                           "datenschutz",
                                           "personenbezogen",
                                           "verantwortliche",
                                           "vertreter",
                                           NULL};
static const char *const weak_words[] = {
    "data",    "information", "contact",   "e-mail",           "email",      "address", "post",
    "account", "collect",     "share",     "delete",           "keep",       "months",  "years",
    "law",     "request",     "policy",    "notice",           "cookie",     "reach",   "write",
    "@",       "access",      "your data", "your information", "third part", NULL};
/* Link or button texts that sell something or take the reader elsewhere. */
static const char *const cta_prefixes[] = {
    "shop",    "buy",      "order now", "get started", "start",   "try ",           "sign up",
    "signup",  "register", "download",  "get the app", "install", "book a",         "subscribe",
    "explore", "discover", "join",      "upgrade",     "claim",   "request a demo", NULL};
/* What a consent banner asks the reader to click. */
static const char *const banner_answers[] = {
    "accept", "accept all", "accept cookies", "got it",  "ok",   "okay",    "agree", "i agree",
    "allow",  "allow all",  "reject all",     "decline", "deny", "dismiss", NULL};

typedef struct {
    uint64_t text, link;
    int sentences, items, rows, controls, cta, banner, alone, truncated;
    char low[2048]; /* the lower-cased text, spaces collapsed (its start) */
    size_t nlow;
} box_stats;

static void low_put(box_stats *s, const xmlChar *t)
{
    for (; *t && s->nlow + 2 < sizeof(s->low); t++) {
        if (isspace(*t)) {
            if (s->nlow && s->low[s->nlow - 1] != ' ')
                s->low[s->nlow++] = ' ';
            continue;
        }
        s->low[s->nlow++] = (char)tolower(*t);
    }
    s->low[s->nlow] = '\0';
}

/* The trimmed, lower-cased text of a small element into d (cap bytes). */
static void label_of(char *d, size_t cap, xmlNode *root)
{
    size_t j = 0, nodes = 0;
    for (xmlNode *x = root; x && j + 2 < cap && ++nodes < 200; x = pd_dom_next(x, root, 1)) {
        if (x->type != XML_TEXT_NODE || !x->content)
            continue;
        for (const xmlChar *c = x->content; *c && j + 2 < cap; c++) {
            if (isspace(*c)) {
                if (j && d[j - 1] != ' ')
                    d[j++] = ' ';
                continue;
            }
            d[j++] = (char)tolower(*c);
        }
        if (j && d[j - 1] != ' ')
            d[j++] = ' ';
    }
    while (j && d[j - 1] == ' ')
        j--;
    d[j] = '\0';
}

static int starts_with_any(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strncmp(s, list[i], strlen(list[i])))
            return 1;
    return 0;
}

static int equals_any(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(s, list[i]))
            return 1;
    return 0;
}

/* A link to write to or call someone: contact data, not navigation. */
static int is_contact_link(const xmlNode *a)
{
    const char *h = pd_html_attr(a, "href");
    return h && (!strncasecmp(h, "mailto:", 7) || !strncasecmp(h, "tel:", 4));
}

/* 1 when a control sits in a heading or a summary (an accordion's toggle). */
static int in_heading(const xmlNode *x)
{
    for (int up = 0; x && up < 4 && x->type == XML_ELEMENT_NODE; up++, x = x->parent)
        if (pd_ex_heading_level(x) || pd_html_is(x, "summary"))
            return 1;
    return 0;
}

/* A link standing alone (an item of a list of links, a button), not a few
 * words within a sentence. */
static int stands_alone(const xmlNode *a)
{
    for (int k = 0; k < 2; k++) {
        const xmlNode *s = k ? a->next : a->prev;
        if (s && (s->type == XML_TEXT_NODE || s->type == XML_CDATA_SECTION_NODE) &&
            pd_ex_count_text(s->content))
            return 0;
    }
    return 1;
}

/* Walks the subtree of root minus what skip marks (a bounded walk). */
static void stats_of(box_stats *s, xmlNode *root, uint32_t skip)
{
    size_t nodes = 0;
    memset(s, 0, offsetof(box_stats, low));
    s->nlow = 0;
    s->low[0] = '\0';
    for (xmlNode *x = root->children; x;) {
        if (++nodes > 3000) {
            s->truncated = 1;
            return;
        }
        if (x->type == XML_ELEMENT_NODE) {
            einfo *e = info_of(x);
            const char *role = pd_html_attr(x, "role");
            char lab[64];
            if (e && (e->flags & skip)) {
                x = pd_dom_next(x, root, 0);
                continue;
            }
            if (pd_html_is(x, "li"))
                s->items++;
            else if (pd_html_is(x, "tr"))
                s->rows++;
            if (pd_html_is(x, "input")) {
                const char *t = pd_html_attr(x, "type");
                s->controls += !t || strcasecmp(t, "hidden");
            } else if (pd_html_is(x, "select") || pd_html_is(x, "textarea") ||
                       pd_html_is(x, "form") ||
                       ((pd_html_is(x, "button") || (role && !strcasecmp(role, "button"))) &&
                        !in_heading(x))) {
                s->controls++;
            }
            if (pd_html_is(x, "a") || pd_html_is(x, "button") ||
                (role && !strcasecmp(role, "button"))) {
                label_of(lab, sizeof(lab), x);
                if (equals_any(lab, banner_answers))
                    s->banner = 1;
                if (pd_html_is(x, "a") && !is_contact_link(x)) {
                    s->cta |= starts_with_any(lab, cta_prefixes);
                    s->alone += stands_alone(x);
                }
            }
            if (s->controls || s->banner || s->cta || s->alone >= 2)
                return; /* not a box of prose: no need to read on */
        } else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content) {
            einfo *pe = info_of(x->parent);
            int in_link = pe && (pe->flags & F_IN_LINK);
            /* the link it is in: contact data when it is mailto: or tel: */
            int steps = 0;
            for (xmlNode *up = x->parent; in_link && up && up != root && ++steps < 32;
                 up = up->parent)
                if (pd_html_is(up, "a")) {
                    in_link = !is_contact_link(up);
                    break;
                }
            for (const xmlChar *c = x->content; *c; c++) {
                if (isspace(*c))
                    continue;
                if (in_link) {
                    s->link++;
                    continue;
                }
                s->text++;
                if ((*c == '.' || *c == '!' || *c == '?') && (!c[1] || isspace(c[1])))
                    s->sentences++;
            }
            low_put(s, x->content);
            if (s->nlow && s->nlow + 2 < sizeof(s->low) && s->low[s->nlow - 1] != ' ') {
                s->low[s->nlow++] = ' ';
                s->low[s->nlow] = '\0';
            }
        }
        x = pd_dom_next(x, root, 1);
    }
}

/* A box of policy prose: text rather than links, nothing to fill in, to
 * accept or to buy, no list of links, sentences or a list or a table, and
 * the words of a policy (one that only a policy uses, and two others). */
static int is_policy_box(xmlNode *x, uint32_t skip)
{
    box_stats s;
    int strong = 0, weak = 0;
    stats_of(&s, x, skip);
    if (s.truncated || s.text < 40 || s.link * 2 > s.text || s.controls || s.banner || s.cta ||
        s.alone >= 2)
        return 0;
    if (!s.sentences && s.items < 2 && s.rows < 2)
        return 0;
    for (int i = 0; strong_words[i]; i++)
        strong += strstr(s.low, strong_words[i]) != NULL;
    for (int i = 0; weak_words[i]; i++)
        weak += strstr(s.low, weak_words[i]) != NULL;
    return strong >= 1 && strong + weak >= 3;
}

/* ---- page furniture that may hold policy boxes ---- */

/* Keeps the policy boxes under x (an aside, a sidebar): x whole when it is
 * one, else the children that are or hold one, the others marked noise.
 * Returns 1 when something under x is kept. */
static int keep_boxes(xmlNode *x, int depth, int *budget)
{
    int kept = 0;
    if (--*budget < 0)
        return 0;
    if (is_policy_box(x, F_HARD))
        return 1;
    if (depth >= 4)
        return 0;
    for (xmlNode *c = x->children, *title = NULL; c; c = c->next) {
        einfo *ce = info_of(c);
        if (!ce || (ce->flags & F_HARD))
            continue;
        if (ce->raw >= 40 && keep_boxes(c, depth + 1, budget)) {
            kept = 1;
            if (title) /* the box's heading, just before it */
                info_of(title)->flags &= ~(uint32_t)F_NOISE;
        } else {
            ce->flags |= F_NOISE;
        }
        title = pd_ex_heading_level(c) ? c : NULL;
    }
    return kept;
}

int pd_ex_keep_policy_boxes(xmlNode *x)
{
    int budget = 200;
    return keep_boxes(x, 0, &budget);
}

/* ---- boxes beside the chosen content ---- */

static int is_main_like(const xmlNode *x)
{
    const char *role = pd_html_attr(x, "role");
    return pd_html_is(x, "main") || pd_html_is(x, "article") || (role && !strcasecmp(role, "main"));
}

/* Like keep_boxes over the cleaned tree; marks (when mark) what it does not
 * keep with F_OUTSIDE. */
static int prune(xmlNode *x, int depth, int mark, int *budget)
{
    einfo *e = info_of(x);
    int kept = 0;
    if (!e || (e->flags & F_SKIP) || e->clean < 40 || --*budget < 0)
        return 0;
    if (e->clean - e->clean_link >= 40 && is_policy_box(x, F_SKIP))
        return 1;
    if (depth >= 3)
        return 0;
    for (xmlNode *c = x->children, *title = NULL; c; c = c->next) {
        einfo *ce = info_of(c);
        if (!ce || (ce->flags & F_SKIP))
            continue;
        if (prune(c, depth + 1, mark, budget)) {
            kept = 1;
            if (title) /* the box's heading, just before it */
                info_of(title)->flags &= ~(uint32_t)F_OUTSIDE;
        } else if (mark) {
            ce->flags |= F_OUTSIDE;
        }
        title = pd_ex_heading_level(c) ? c : NULL;
    }
    return kept;
}

xmlNode *pd_ex_add_beside(xmlNode *start, xmlNode *body)
{
    int levels = 0, budget = 400;
    xmlNode *a = start;
    if (start == body || is_main_like(start))
        return start;
    /* how far up a box is found: at most three levels, never to the body,
     * never past the article or main that holds the content */
    for (int lvl = 1; lvl <= 3; lvl++) {
        xmlNode *p = a->parent;
        einfo *pe = info_of(p);
        if (!pe || p == body || (pe->flags & F_SKIP))
            break;
        for (xmlNode *c = p->children; c; c = c->next)
            if (c != a && c->type == XML_ELEMENT_NODE && prune(c, 0, 0, &budget))
                levels = lvl;
        a = p;
        if (is_main_like(p))
            break;
    }
    a = start;
    for (int lvl = 1; lvl <= levels; lvl++) {
        xmlNode *p = a->parent;
        budget = 400;
        for (xmlNode *c = p->children; c; c = c->next) {
            einfo *ce = info_of(c);
            if (c == a || !ce || (ce->flags & F_SKIP))
                continue;
            if (!prune(c, 0, 1, &budget))
                ce->flags |= F_OUTSIDE;
        }
        a = p;
    }
    return a;
}

/* ---- sections the page holds twice ---- */

#define HASH_BASE 1099511628211ull

static uint64_t pow_base(uint64_t n)
{
    uint64_t r = 1, b = HASH_BASE;
    while (n) {
        if (n & 1)
            r *= b;
        b *= b;
        n >>= 1;
    }
    return r;
}

/* The hash of every element's kept text (its bytes other than spaces and
 * controls), and
 * how many headings it holds, bottom-up. */
static void hash_text(info_table *t)
{
    for (size_t i = t->n; i-- > 0;) {
        einfo *e = at(t, i);
        uint64_t h = 0, n = 0;
        uint32_t heads = 0;
        if (e->flags & F_SKIP) {
            e->hash = e->hlen = 0;
            e->heads = 0;
            continue;
        }
        for (xmlNode *c = e->node->children; c; c = c->next) {
            einfo *ce = info_of(c);
            if (ce) {
                if (ce->flags & F_SKIP)
                    continue;
                h = h * pow_base(ce->hlen) + ce->hash;
                n += ce->hlen;
                heads += ce->heads;
            } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                       c->content) {
                for (const xmlChar *s = c->content; *s; s++)
                    if (*s > ' ') {
                        h = h * HASH_BASE + *s;
                        n++;
                    }
            }
        }
        e->hash = h;
        e->hlen = n;
        e->heads = heads + (pd_ex_heading_level(e->node) != 0);
    }
}

/* 1 when a is an ancestor of x (looked for 256 levels up). */
static int is_ancestor(const xmlNode *a, const xmlNode *x)
{
    int steps = 0;
    for (x = x->parent; x && ++steps < 256; x = x->parent)
        if (x == a)
            return 1;
    return 0;
}

/* A section of at least this many bytes of text (spaces aside) that comes
 * twice, the second copy right after the first (no heading between them,
 * and less text than half a copy), is one section shown in two layouts.
 * The same text far apart, or under a heading of its own, is the policy
 * saying it twice (two documents on one page, the same clause for two
 * states). */
#define DUP_MIN 300

typedef struct {
    einfo *e;
    uint64_t end;       /* kept text up to the end of its latest copy */
    uint64_t end_heads; /* headings up to there */
} dup_slot;

static uint64_t text_bytes(const xmlChar *s)
{
    uint64_t n = 0;
    for (; s && *s; s++)
        n += *s > ' ';
    return n;
}

int pd_ex_mark_duplicates(info_table *t, xmlNode *body)
{
    size_t cap = 16, n = 0;
    uint64_t pos = 0, heads = 0; /* kept text and headings before x */
    dup_slot *slots;
    hash_text(t);
    for (size_t i = 0; i < t->n; i++)
        n += !(at(t, i)->flags & F_SKIP) && at(t, i)->hlen >= DUP_MIN;
    if (n < 2)
        return 0;
    while (cap < n * 2)
        cap *= 2;
    slots = calloc(cap, sizeof(*slots));
    PD_CHECK_ALLOC(slots);
    for (xmlNode *x = body; x;) {
        einfo *e = info_of(x);
        dup_slot *d;
        size_t h;
        if (!e) {
            if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE)
                pos += text_bytes(x->content);
            x = pd_dom_next(x, body, 1);
            continue;
        }
        if ((e->flags & F_SKIP) || e->hlen < DUP_MIN) {
            pos += e->hlen;
            heads += e->heads;
            x = pd_dom_next(x, body, 0);
            continue;
        }
        if (e->parent && e->parent->hash == e->hash && e->parent->hlen == e->hlen) {
            /* a wrapper's only content: its wrapper stands for it */
            heads += pd_ex_heading_level(x) != 0;
            x = pd_dom_next(x, body, 1);
            continue;
        }
        /* one slot per text, where its latest copy ended: the next copy is
         * compared with that one only */
        for (h = (size_t)(e->hash ^ (e->hash >> 29)) & (cap - 1); slots[h].e;
             h = (h + 1) & (cap - 1))
            if (slots[h].e->hash == e->hash && slots[h].e->hlen == e->hlen)
                break;
        d = &slots[h];
        if (!d->e || (d->e->flags & F_NOISE) || is_ancestor(d->e->node, x) ||
            pos - d->end >= e->hlen / 2 || heads != d->end_heads) {
            d->e = e;
            d->end = pos + e->hlen;
            d->end_heads = heads + e->heads;
            heads += pd_ex_heading_level(x) != 0;
            x = pd_dom_next(x, body, 1);
            continue;
        }
        /* keep the copy with more headings (the other one's are buttons
         * or plain text), the first one when they have as many */
        if (d->e->heads < e->heads) {
            d->e->flags |= F_NOISE;
            d->e = e;
        } else {
            e->flags |= F_NOISE;
        }
        /* a third copy right after this one is one too */
        d->end = pos + e->hlen;
        d->end_heads = heads + e->heads;
        pos += e->hlen;
        heads += e->heads;
        x = pd_dom_next(x, body, 0);
    }
    free(slots);
    return 0;
}
