/* Placeholder normalizer: parses HTML with libxml2 and writes the text of
 * block elements as paragraphs.  The real extractor (issue 2) replaces it. */
#include "normalize/normalize.h"
#include "normalize/doc.h"
#include "normalize/text.h"
#include "util/error.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

pd_input_kind pd_input_kind_from_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot)
        return PD_INPUT_AUTO;
    if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".txt") || !strcasecmp(dot, ".markdown"))
        return PD_INPUT_MARKDOWN;
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
        return PD_INPUT_HTML;
    return PD_INPUT_AUTO;
}

static int is_block(const char *n)
{
    static const char *const blocks[] = {"p",   "li",      "h1",      "h2",         "h3",
                                         "h4",  "h5",      "h6",      "td",         "th",
                                         "div", "section", "article", "blockquote", NULL};
    for (int i = 0; blocks[i]; i++)
        if (!strcasecmp(n, blocks[i]))
            return 1;
    return 0;
}

static void walk(xmlNode *n, pd_buf *cur, pd_doc *doc)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            pd_buf_puts(cur, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (!strcasecmp(name, "script") || !strcasecmp(name, "style"))
                continue;
            if (is_block(name) && cur->len) {
                pd_doc_add(doc, PD_BLOCK_PARAGRAPH, 0, cur->ptr, cur->len, NULL);
                pd_buf_clear(cur);
            }
            pd_buf_putc(cur, ' ');
            walk(n->children, cur, doc);
            if (is_block(name) && cur->len) {
                pd_doc_add(doc, PD_BLOCK_PARAGRAPH, 0, cur->ptr, cur->len, NULL);
                pd_buf_clear(cur);
            }
        }
    }
}

int pd_normalize(pd_buf *out, const char *data, size_t len, const pd_normalize_options *opts,
                 pd_normalize_report *report)
{
    pd_buf utf8 = PD_BUF_INIT, cur = PD_BUF_INIT;
    pd_doc doc = PD_DOC_INIT;
    htmlDocPtr hd;
    char cs[32];
    size_t before = out->len;
    int rc;

    if (!len)
        return pd_error_set(PD_EEMPTY, "the input is empty: give a policy page (HTML, Markdown "
                                       "or text)");
    if ((rc = pd_charset_to_utf8(&utf8, data, len, opts ? opts->content_type : NULL, cs)))
        return rc;
    hd = htmlReadMemory(utf8.ptr, (int)utf8.len, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET);
    if (hd) {
        walk(xmlDocGetRootElement(hd), &cur, &doc);
        if (cur.len)
            pd_doc_add(&doc, PD_BLOCK_PARAGRAPH, 0, cur.ptr, cur.len, NULL);
        xmlFreeDoc(hd);
    }
    rc = pd_doc_write_markdown(out, &doc);
    if (report) {
        memset(report, 0, sizeof(*report));
        strcpy(report->charset, cs);
        report->blocks = doc.len;
    }
    pd_doc_dispose(&doc);
    pd_buf_dispose(&utf8);
    pd_buf_dispose(&cur);
    if (!rc && out->len == before)
        rc = pd_error_set(PD_EEMPTY, "no text found in the input");
    return rc;
}
