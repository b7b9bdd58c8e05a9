/* CSS selector parsing and matching (see select.h). */
#include "normalize/select.h"
#include "util/buf.h"
#include "util/error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Open Terms Archive recipes match images by their data: URLs (13 KB) */
#define MAX_SELECTOR_LEN 65536
#define MAX_NOT_DEPTH 8
/* Matching steps allowed for one pd_css_matches() call. */
#define MATCH_BUDGET 200000L

enum {
    S_ID,
    S_CLASS,
    S_ATTR,
    S_NOT,
    S_FIRST,
    S_LAST,
    S_ONLY,
    S_FIRST_TYPE,
    S_LAST_TYPE,
    S_ONLY_TYPE,
    S_NTH
};
enum { OP_EXISTS, OP_EQ, OP_PREFIX, OP_SUFFIX, OP_SUBSTR, OP_WORD, OP_DASH };
enum { C_NONE, C_DESC, C_CHILD, C_ADJ, C_SIB };

typedef struct {
    int kind;
    int op;
    int icase;
    long a, b;    /* S_NTH: the positions a*n+b, n >= 0 (1-based) */
    int from_end; /* S_NTH: counted from the last sibling */
    int of_type;  /* S_NTH: among the siblings of the same type */
    char *name;
    char *value;
    pd_css *inner;
} simple;

typedef struct {
    char *tag; /* NULL: any */
    simple *s;
    size_t n;
    int comb; /* how this compound relates to the previous one */
} compound;

typedef struct {
    compound *c;
    size_t n;
} complex_sel;

struct pd_css {
    complex_sel *items;
    size_t n;
};

typedef struct {
    const char *text;
    const char *p;
    int depth;
} parser;

static void free_simple(simple *s)
{
    free(s->name);
    free(s->value);
    pd_css_free(s->inner);
}

void pd_css_free(pd_css *css)
{
    if (!css)
        return;
    for (size_t i = 0; i < css->n; i++) {
        complex_sel *cx = &css->items[i];
        for (size_t j = 0; j < cx->n; j++) {
            for (size_t k = 0; k < cx->c[j].n; k++)
                free_simple(&cx->c[j].s[k]);
            free(cx->c[j].s);
            free(cx->c[j].tag);
        }
        free(cx->c);
    }
    free(css->items);
    free(css);
}

static int perr(parser *ps, const char *what)
{
    return pd_error_set(PD_EINVALID, "bad CSS selector '%.80s': %s at offset %d", ps->text, what,
                        (int)(ps->p - ps->text));
}

static int is_ident(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c >= 0x80;
}

static void skip_ws(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\f')
        ps->p++;
}

/* An identifier with backslash escapes of single characters. */
static int parse_ident(parser *ps, char **out)
{
    const char *s = ps->p;
    size_t n = 0;
    char *d;
    while (*ps->p && (is_ident((unsigned char)*ps->p) || (*ps->p == '\\' && ps->p[1]))) {
        ps->p += *ps->p == '\\' ? 2 : 1;
    }
    if (ps->p == s)
        return perr(ps, "expected a name");
    d = malloc((size_t)(ps->p - s) + 1);
    PD_CHECK_ALLOC(d);
    for (const char *q = s; q < ps->p; q++) {
        if (*q == '\\')
            q++;
        d[n++] = *q;
    }
    d[n] = '\0';
    *out = d;
    return 0;
}

static int parse_value(parser *ps, char **out)
{
    char q = *ps->p;
    const char *s;
    size_t n = 0;
    char *d;
    if (q != '"' && q != '\'')
        return parse_ident(ps, out);
    s = ++ps->p;
    while (*ps->p && *ps->p != q) {
        if (*ps->p == '\\' && ps->p[1])
            ps->p++;
        ps->p++;
    }
    if (*ps->p != q)
        return perr(ps, "unterminated string");
    d = malloc((size_t)(ps->p - s) + 1);
    PD_CHECK_ALLOC(d);
    for (const char *c = s; c < ps->p; c++) {
        if (*c == '\\' && c + 1 < ps->p)
            c++;
        d[n++] = *c;
    }
    d[n] = '\0';
    ps->p++;
    *out = d;
    return 0;
}

static int push_simple(compound *c, simple *s)
{
    simple *ns = realloc(c->s, (c->n + 1) * sizeof(*ns));
    if (!ns) {
        free_simple(s);
        return PD_ENOMEM_SET();
    }
    c->s = ns;
    c->s[c->n++] = *s;
    return 0;
}

static int parse_list(parser *ps, pd_css **out, char end);

static int parse_attr(parser *ps, simple *s)
{
    int rc;
    ps->p++; /* [ */
    skip_ws(ps);
    if ((rc = parse_ident(ps, &s->name)))
        return rc;
    for (char *c = s->name; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    skip_ws(ps);
    s->op = OP_EXISTS;
    if (*ps->p == '=') {
        s->op = OP_EQ;
        ps->p++;
    } else if (*ps->p && strchr("^$*~|", *ps->p) && ps->p[1] == '=') {
        s->op = *ps->p == '^'   ? OP_PREFIX
                : *ps->p == '$' ? OP_SUFFIX
                : *ps->p == '*' ? OP_SUBSTR
                : *ps->p == '~' ? OP_WORD
                                : OP_DASH;
        ps->p += 2;
    } else if (*ps->p != ']') {
        return perr(ps, "expected an attribute operator or ']'");
    }
    if (s->op != OP_EXISTS) {
        skip_ws(ps);
        if ((rc = parse_value(ps, &s->value)))
            return rc;
        skip_ws(ps);
        if ((*ps->p == 'i' || *ps->p == 'I' || *ps->p == 's' || *ps->p == 'S') &&
            !is_ident((unsigned char)ps->p[1])) {
            s->icase = *ps->p == 'i' || *ps->p == 'I';
            ps->p++;
            skip_ws(ps);
        }
    }
    if (*ps->p != ']')
        return perr(ps, "expected ']'");
    ps->p++;
    return 0;
}

/* The argument of :nth-child() and its kind: An+B ("2n+1", "-n+3", "n",
 * "4"), odd or even, up to the closing parenthesis. */
static int parse_anb(parser *ps, simple *s)
{
    long a = 0, b = 0, sign = 1;
    char *end;
    skip_ws(ps);
    if (!strncasecmp(ps->p, "odd", 3) || !strncasecmp(ps->p, "even", 4)) {
        a = 2;
        b = tolower((unsigned char)*ps->p) == 'o';
        ps->p += b ? 3 : 4;
    } else {
        if (*ps->p == '+' || *ps->p == '-')
            sign = *ps->p++ == '-' ? -1 : 1;
        if (isdigit((unsigned char)*ps->p)) {
            b = strtol(ps->p, &end, 10);
            if (b > 1000000)
                return perr(ps, "position too large");
            ps->p = end;
        } else if (tolower((unsigned char)*ps->p) != 'n') {
            return perr(ps, "expected a position such as 3, 2n+1, -n+2, odd or even");
        } else {
            b = 1; /* "n" alone is 1n */
        }
        b *= sign;
        if (tolower((unsigned char)*ps->p) == 'n') {
            ps->p++;
            a = b;
            b = 0;
            skip_ws(ps);
            if (*ps->p == '+' || *ps->p == '-') {
                sign = *ps->p++ == '-' ? -1 : 1;
                skip_ws(ps);
                if (!isdigit((unsigned char)*ps->p))
                    return perr(ps, "expected a number after the sign");
                b = sign * strtol(ps->p, &end, 10);
                if (b > 1000000 || b < -1000000)
                    return perr(ps, "position too large");
                ps->p = end;
            }
        }
    }
    skip_ws(ps);
    if (*ps->p != ')')
        return perr(ps, "expected ')'");
    ps->p++;
    s->kind = S_NTH;
    s->a = a;
    s->b = b;
    return 0;
}

/* Pseudo-classes of CSS that this engine does not have: valid selectors
 * (PD_EUNSUPPORTED), unlike a typo or a state no fetched page is in
 * (:hover), which can never work (PD_EINVALID). */
static int unsupported_pseudo(const char *name)
{
    static const char *const names[] = {"has",  "is",       "where",   "matches", "empty",
                                        "root", "lang",     "dir",     "scope",   "any",
                                        "link", "any-link", "defined", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcasecmp(name, names[i]))
            return 1;
    return 0;
}

static int parse_pseudo(parser *ps, simple *s)
{
    static const struct {
        const char *name;
        int kind;
    } simple_pseudo[] = {{"first-child", S_FIRST},
                         {"last-child", S_LAST},
                         {"only-child", S_ONLY},
                         {"first-of-type", S_FIRST_TYPE},
                         {"last-of-type", S_LAST_TYPE},
                         {"only-of-type", S_ONLY_TYPE},
                         {NULL, 0}};
    static const char *const nth[] = {"nth-child", "nth-last-child", "nth-of-type",
                                      "nth-last-of-type"};
    char *name = NULL;
    int rc;
    ps->p++; /* : */
    if ((rc = parse_ident(ps, &name)))
        return rc;
    for (int i = 0; simple_pseudo[i].name; i++) {
        if (!strcasecmp(name, simple_pseudo[i].name)) {
            s->kind = simple_pseudo[i].kind;
            free(name);
            return 0;
        }
    }
    if (!strcasecmp(name, "not") && *ps->p == '(') {
        free(name);
        if (ps->depth >= MAX_NOT_DEPTH)
            return perr(ps, ":not() nested too deeply");
        ps->p++;
        ps->depth++;
        s->kind = S_NOT;
        rc = parse_list(ps, &s->inner, ')');
        ps->depth--;
        if (rc)
            return rc;
        ps->p++; /* ) */
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        if (!strcasecmp(name, nth[i]) && *ps->p == '(') {
            free(name);
            ps->p++;
            s->from_end = i == 1 || i == 3;
            s->of_type = i >= 2;
            return parse_anb(ps, s);
        }
    }
    rc = unsupported_pseudo(name);
    free(name);
    if (rc)
        return pd_error_set(PD_EUNSUPPORTED,
                            "CSS selector '%.80s': this pseudo-class is valid CSS but not "
                            "supported here (offset %d); use another selector",
                            ps->text, (int)(ps->p - ps->text));
    return perr(ps, "unsupported pseudo-class");
}

static int parse_compound(parser *ps, compound *c)
{
    int rc, any = 0;
    memset(c, 0, sizeof(*c));
    if (*ps->p == '*') {
        ps->p++;
        any = 1;
    } else if (is_ident((unsigned char)*ps->p) || *ps->p == '\\') {
        if ((rc = parse_ident(ps, &c->tag)))
            return rc;
        for (char *t = c->tag; *t; t++)
            *t = (char)tolower((unsigned char)*t);
        any = 1;
    }
    for (;;) {
        simple s;
        memset(&s, 0, sizeof(s));
        if (*ps->p == '#' || *ps->p == '.') {
            s.kind = *ps->p == '#' ? S_ID : S_CLASS;
            ps->p++;
            if ((rc = parse_ident(ps, &s.value))) {
                return rc;
            }
        } else if (*ps->p == '[') {
            s.kind = S_ATTR;
            if ((rc = parse_attr(ps, &s))) {
                free_simple(&s);
                return rc;
            }
        } else if (*ps->p == ':') {
            if ((rc = parse_pseudo(ps, &s))) {
                free_simple(&s);
                return rc;
            }
        } else {
            break;
        }
        if ((rc = push_simple(c, &s)))
            return rc;
        any = 1;
    }
    if (!any)
        return perr(ps, "expected a selector");
    return 0;
}

static void free_compound(compound *c)
{
    for (size_t k = 0; k < c->n; k++)
        free_simple(&c->s[k]);
    free(c->s);
    free(c->tag);
}

static int parse_complex(parser *ps, complex_sel *cx, char end)
{
    int comb = C_NONE, rc;
    memset(cx, 0, sizeof(*cx));
    skip_ws(ps);
    for (;;) {
        compound c, *nc;
        if ((rc = parse_compound(ps, &c))) {
            free_compound(&c);
            return rc;
        }
        c.comb = comb;
        if (!(nc = realloc(cx->c, (cx->n + 1) * sizeof(*nc)))) {
            free_compound(&c);
            return PD_ENOMEM_SET();
        }
        cx->c = nc;
        cx->c[cx->n++] = c;
        {
            const char *before = ps->p;
            skip_ws(ps);
            if (*ps->p == '>' || *ps->p == '+' || *ps->p == '~') {
                comb = *ps->p == '>' ? C_CHILD : *ps->p == '+' ? C_ADJ : C_SIB;
                ps->p++;
                skip_ws(ps);
            } else if (*ps->p == ',' || *ps->p == '\0' || (end && *ps->p == end)) {
                return 0;
            } else if (ps->p > before) {
                comb = C_DESC;
            } else {
                return perr(ps, "unexpected character");
            }
        }
    }
}

static int parse_list(parser *ps, pd_css **out, char end)
{
    pd_css *css = calloc(1, sizeof(*css));
    int rc = 0;
    PD_CHECK_ALLOC(css);
    for (;;) {
        complex_sel cx, *ni;
        rc = parse_complex(ps, &cx, end);
        if (!rc && !(ni = realloc(css->items, (css->n + 1) * sizeof(*ni))))
            rc = PD_ENOMEM_SET();
        if (rc) {
            for (size_t j = 0; j < cx.n; j++)
                free_compound(&cx.c[j]);
            free(cx.c);
            goto fail;
        }
        css->items = ni;
        css->items[css->n++] = cx;
        skip_ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (end ? *ps->p == end : *ps->p == '\0')
            break;
        rc = perr(ps, end ? "expected ')'" : "unexpected character");
        goto fail;
    }
    *out = css;
    return 0;
fail:
    pd_css_free(css);
    return rc;
}

int pd_css_compile(pd_css **out, const char *text)
{
    parser ps = {text, text, 0};
    *out = NULL;
    if (!text)
        return pd_error_set(PD_EINVALID, "CSS selector missing");
    if (strlen(text) > MAX_SELECTOR_LEN)
        return pd_error_set(PD_EINVALID, "CSS selector longer than %d bytes: shorten it",
                            MAX_SELECTOR_LEN);
    skip_ws(&ps);
    if (!*ps.p)
        return pd_error_set(PD_EINVALID, "empty CSS selector: give one such as 'main' or '#id'");
    return parse_list(&ps, out, '\0');
}

/* ---- matching ---- */

static const xmlNode *elem_parent(const xmlNode *n)
{
    const xmlNode *p = n->parent;
    return p && p->type == XML_ELEMENT_NODE ? p : NULL;
}

static const xmlNode *prev_elem(const xmlNode *n)
{
    for (n = n->prev; n; n = n->prev)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static const xmlNode *next_elem(const xmlNode *n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static const char *attr_value(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && !strcasecmp((const char *)a->name, name)) {
            const xmlNode *t = a->children;
            return t && t->content ? (const char *)t->content : "";
        }
    }
    return NULL;
}

static int has_word(const char *list, const char *word, size_t wl, int icase)
{
    const char *p = list;
    if (!wl)
        return 0;
    while (*p) {
        while (*p && isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if ((size_t)(p - s) == wl && (icase ? !strncasecmp(s, word, wl) : !strncmp(s, word, wl)))
            return 1;
    }
    return 0;
}

static int str_eqn(const char *a, const char *b, size_t n, int icase)
{
    return icase ? !strncasecmp(a, b, n) : !strncmp(a, b, n);
}

static int substr_in(const char *hay, const char *needle, int icase)
{
    size_t nl = strlen(needle);
    if (!nl)
        return 0;
    for (; *hay; hay++)
        if (str_eqn(hay, needle, nl, icase))
            return 1;
    return 0;
}

static int match_attr(const simple *s, const xmlNode *n)
{
    const char *v = attr_value(n, s->name);
    size_t vl, wl;
    if (!v)
        return 0;
    if (s->op == OP_EXISTS)
        return 1;
    vl = strlen(v);
    wl = strlen(s->value);
    switch (s->op) {
    case OP_EQ:
        return vl == wl && str_eqn(v, s->value, vl, s->icase);
    case OP_PREFIX:
        return wl && vl >= wl && str_eqn(v, s->value, wl, s->icase);
    case OP_SUFFIX:
        return wl && vl >= wl && str_eqn(v + vl - wl, s->value, wl, s->icase);
    case OP_SUBSTR:
        return substr_in(v, s->value, s->icase);
    case OP_WORD:
        return has_word(v, s->value, wl, s->icase);
    case OP_DASH:
        return (vl == wl && str_eqn(v, s->value, vl, s->icase)) ||
               (vl > wl && str_eqn(v, s->value, wl, s->icase) && v[wl] == '-');
    }
    return 0;
}

static int match_list(const pd_css *css, const xmlNode *n, long *budget);

static int same_type(const xmlNode *a, const xmlNode *b)
{
    return a->name && b->name && !strcmp((const char *)a->name, (const char *)b->name);
}

/* How many element siblings come before n (after it with from_end), of
 * its type only with of_type; counting draws from *budget. */
static long count_before(const xmlNode *n, int of_type, int from_end, long *budget)
{
    long i = 0;
    for (const xmlNode *o = from_end ? next_elem(n) : prev_elem(n); o;
         o = from_end ? next_elem(o) : prev_elem(o)) {
        if (--*budget < 0)
            break;
        if (!of_type || same_type(o, n))
            i++;
    }
    return i;
}

/* 1 when pos (1-based) is a*k+b for some k >= 0. */
static int nth_matches(const simple *s, long pos)
{
    if (s->a == 0)
        return pos == s->b;
    if ((pos - s->b) % s->a)
        return 0;
    return (pos - s->b) / s->a >= 0;
}

static int match_simple(const simple *s, const xmlNode *n, long *budget)
{
    const char *v;
    switch (s->kind) {
    case S_ID:
        v = attr_value(n, "id");
        return v && !strcmp(v, s->value);
    case S_CLASS:
        v = attr_value(n, "class");
        return v && has_word(v, s->value, strlen(s->value), 0);
    case S_ATTR:
        return match_attr(s, n);
    case S_NOT:
        return !match_list(s->inner, n, budget);
    case S_FIRST:
        return !prev_elem(n);
    case S_LAST:
        return !next_elem(n);
    case S_ONLY:
        return !prev_elem(n) && !next_elem(n);
    case S_FIRST_TYPE:
    case S_LAST_TYPE:
    case S_ONLY_TYPE: {
        int ok = (s->kind == S_LAST_TYPE || !count_before(n, 1, 0, budget)) &&
                 (s->kind == S_FIRST_TYPE || !count_before(n, 1, 1, budget));
        return ok && *budget >= 0;
    }
    case S_NTH: {
        long pos = 1 + count_before(n, s->of_type, s->from_end, budget);
        return *budget >= 0 && nth_matches(s, pos);
    }
    }
    return 0;
}

static int match_compound(const compound *c, const xmlNode *n, long *budget)
{
    if (--*budget < 0)
        return 0;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (c->tag && (!n->name || strcasecmp((const char *)n->name, c->tag)))
        return 0;
    for (size_t i = 0; i < c->n; i++)
        if (!match_simple(&c->s[i], n, budget))
            return 0;
    return 1;
}

static int match_from(const complex_sel *cx, size_t idx, const xmlNode *n, long *budget)
{
    const xmlNode *o;
    if (!match_compound(&cx->c[idx], n, budget))
        return 0;
    if (idx == 0)
        return 1;
    switch (cx->c[idx].comb) {
    case C_CHILD:
        o = elem_parent(n);
        return o && match_from(cx, idx - 1, o, budget);
    case C_DESC:
        for (o = elem_parent(n); o && *budget > 0; o = elem_parent(o))
            if (match_from(cx, idx - 1, o, budget))
                return 1;
        return 0;
    case C_ADJ:
        o = prev_elem(n);
        return o && match_from(cx, idx - 1, o, budget);
    case C_SIB:
        for (o = prev_elem(n); o && *budget > 0; o = prev_elem(o))
            if (match_from(cx, idx - 1, o, budget))
                return 1;
        return 0;
    }
    return 0;
}

static int match_list(const pd_css *css, const xmlNode *n, long *budget)
{
    for (size_t i = 0; i < css->n; i++)
        if (css->items[i].n && match_from(&css->items[i], css->items[i].n - 1, n, budget))
            return 1;
    return 0;
}

int pd_css_matches(const pd_css *css, const xmlNode *node)
{
    long budget = MATCH_BUDGET;
    return pd_css_matches_budget(css, node, &budget);
}

int pd_css_matches_budget(const pd_css *css, const xmlNode *node, long *budget)
{
    long local;
    int r;
    if (!css || !node || node->type != XML_ELEMENT_NODE || *budget <= 0)
        return 0;
    /* one element never gets more than MATCH_BUDGET steps */
    local = *budget < MATCH_BUDGET ? *budget : MATCH_BUDGET;
    *budget -= local;
    r = match_list(css, node, &local);
    if (local > 0)
        *budget += local;
    return r;
}

xmlNode *pd_dom_next(xmlNode *n, const xmlNode *root, int descend)
{
    if (descend && n->children)
        return n->children;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

int pd_css_select_all(xmlNode ***out, size_t *n, const pd_css *css, xmlNode *root)
{
    size_t cap = 0;
    long budget = PD_CSS_TREE_BUDGET;
    *out = NULL;
    *n = 0;
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1)) {
        if (x->type != XML_ELEMENT_NODE || !pd_css_matches_budget(css, x, &budget))
            continue;
        if (*n == cap && pd_array_grow(out, &cap, sizeof(**out), 16)) {
            free(*out);
            *out = NULL;
            *n = 0;
            return PD_ENOMEM;
        }
        (*out)[(*n)++] = x;
    }
    return 0;
}

xmlNode *pd_css_select_first(const pd_css *css, xmlNode *root)
{
    long budget = PD_CSS_TREE_BUDGET;
    for (xmlNode *x = root; x; x = pd_dom_next(x, root, 1))
        if (x->type == XML_ELEMENT_NODE && pd_css_matches_budget(css, x, &budget))
            return x;
    return NULL;
}
