/* libxml2 HTML parser adapter (see html.h). */
#include "normalize/html.h"
#include "normalize/xmllib_calls.h"
#include "util/error.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The index just past the first occurrence of needle (n bytes) in s[i, len),
 * case-insensitive for ASCII letters, or len when there is none. */
static size_t skip_past(const char *s, size_t len, size_t i, const char *needle, size_t n)
{
    for (; i + n <= len; i++) {
        const char *lt = memchr(s + i, needle[0], len - i - n + 1);
        if (!lt)
            return len;
        i = (size_t)(lt - s);
        if (!strncasecmp(s + i, needle, n))
            return i + n;
    }
    return len;
}

/* Reads the attributes of a start tag from s[i] (just after its name) to
 * its '>' (or the end); returns the index after it and counts them in
 * *attrs.  Names end at space, '=', '/' or '>'; a value is quoted (to the
 * matching quote) or runs to space or '>', as libxml2 reads them. */
static size_t read_attributes(size_t *attrs, const char *s, size_t len, size_t i)
{
    *attrs = 0;
    while (i < len) {
        size_t start;
        while (i < len && (is_space(s[i]) || s[i] == '/'))
            i++;
        if (i >= len || s[i] == '>')
            return i < len ? i + 1 : len;
        start = i;
        while (i < len && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
            i++;
        if (i == start) { /* a stray '=' */
            i++;
            continue;
        }
        (*attrs)++;
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len || s[i] != '=')
            continue;
        i++;
        while (i < len && is_space(s[i]))
            i++;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            const char *q = memchr(s + i + 1, s[i], len - i - 1);
            i = q ? (size_t)(q - s) + 1 : len;
        } else {
            while (i < len && !is_space(s[i]) && s[i] != '>')
                i++;
        }
    }
    return len;
}

void pd_html_cost_of(pd_html_cost *out, const char *s, size_t len)
{
    size_t i = 0;
    memset(out, 0, sizeof(*out));
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        size_t name, attrs;
        if (!lt)
            break;
        i = (size_t)(lt - s) + 1;
        if (i < len && s[i] == '!') {
            if (len - i >= 3 && s[i + 1] == '-' && s[i + 2] == '-')
                i = skip_past(s, len, i + 3, "-->", 3);
            else
                i = skip_past(s, len, i, ">", 1);
            continue;
        }
        if (i >= len || !is_alpha(s[i]))
            continue; /* an end tag, "a < b" in text: no attributes counted */
        name = i;
        while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
            i++;
        out->elements++;
        /* script and style hold raw text: "<" in them opens no tag */
        if ((i - name == 6 && !strncasecmp(s + name, "script", 6)) ||
            (i - name == 5 && !strncasecmp(s + name, "style", 5))) {
            const char *close = i - name == 6 ? "</script" : "</style";
            i = read_attributes(&attrs, s, len, i);
            i = skip_past(s, len, i, close, strlen(close));
        } else {
            i = read_attributes(&attrs, s, len, i);
        }
        if (attrs > out->max_attributes)
            out->max_attributes = attrs;
    }
}

/* PD_EBUDGET when the page would cost the parser more than its budgets. */
static int check_cost(const char *utf8, size_t len)
{
    pd_html_cost c;
    pd_html_cost_of(&c, utf8, len);
    if (c.max_attributes > PD_HTML_MAX_ATTRIBUTES)
        return pd_error_set(PD_EBUDGET,
                            "the page has an element with %zu attributes, over the attribute "
                            "budget (%d an element; parsing costs time quadratic in them): "
                            "refused",
                            c.max_attributes, PD_HTML_MAX_ATTRIBUTES);
    if (c.elements > PD_HTML_MAX_ELEMENTS)
        return pd_error_set(PD_EBUDGET,
                            "the page has %zu elements, over the element budget (%d a page; "
                            "each costs the parser 200-700 bytes of memory): refused",
                            c.elements, PD_HTML_MAX_ELEMENTS);
    return 0;
}

int pd_html_parse(htmlDocPtr *out, int *truncated, const char *utf8, size_t len)
{
    htmlParserCtxtPtr ctxt;
    htmlDocPtr doc;
    int rc, huge_text;

    *out = NULL;
    if (truncated)
        *truncated = 0;
    if (len > (size_t)INT_MAX)
        return pd_error_set(PD_ETOOBIG, "the page is larger than 2 GB: give a smaller page");
    if ((rc = check_cost(utf8, len)))
        return rc;
    if (pd_xmllib_load())
        return PD_ERROR;
    ctxt = htmlNewParserCtxt();
    PD_CHECK_ALLOC(ctxt);
    doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD);
    /* without XML_PARSE_HUGE, libxml2 stops at a text node over 10,000,000
     * bytes and keeps what came before: a cut, never to be recorded as is */
    huge_text = ctxt->lastError.message && strstr(ctxt->lastError.message, "huge text node");
    /* a fatal error (too deep, out of memory) stops the parser early */
    if (doc && truncated && ctxt->lastError.level == XML_ERR_FATAL)
        *truncated = 1;
    htmlFreeParserCtxt(ctxt);
    if (huge_text) {
        if (doc)
            xmlFreeDoc(doc);
        return pd_error_set(PD_EBUDGET,
                            "the page has a run of text over %d bytes without markup, over the "
                            "text-run budget (the HTML parser's limit; it would be cut): refused",
                            PD_HTML_MAX_TEXT_RUN);
    }
    if (!doc)
        return pd_error_set(PD_EEMPTY, "the HTML parser found no document in the input");
    if (!xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        return pd_error_set(PD_EEMPTY, "the HTML parser found no element in the input");
    }
    *out = doc;
    return 0;
}

void pd_html_free(htmlDocPtr doc)
{
    if (doc)
        xmlFreeDoc(doc);
}

const char *pd_html_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (a->name && !strcasecmp((const char *)a->name, name)) {
            const xmlNode *t = a->children;
            return t && t->content ? (const char *)t->content : "";
        }
    }
    return NULL;
}

int pd_html_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}
