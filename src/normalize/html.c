/* libxml2 HTML parser adapter (see html.h). */
#include "normalize/html.h"
#include "normalize/xmllib_calls.h"
#include "util/error.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

int pd_html_parse(htmlDocPtr *out, int *truncated, const char *utf8, size_t len)
{
    htmlParserCtxtPtr ctxt;
    htmlDocPtr doc;
    *out = NULL;
    if (truncated)
        *truncated = 0;
    if (len > (size_t)INT_MAX)
        return pd_error_set(PD_ETOOBIG, "the page is larger than 2 GB: give a smaller page");
    if (pd_xmllib_load())
        return PD_ERROR;
    ctxt = htmlNewParserCtxt();
    PD_CHECK_ALLOC(ctxt);
    doc = htmlCtxtReadMemory(ctxt, utf8, (int)len, NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NODEFDTD);
    /* a fatal error (too deep, out of memory) stops the parser early */
    if (doc && truncated && ctxt->lastError.level == XML_ERR_FATAL)
        *truncated = 1;
    htmlFreeParserCtxt(ctxt);
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
