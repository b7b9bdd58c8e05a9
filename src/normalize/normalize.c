/* pd_normalize(): sniff, decode, parse, extract, write canonical Markdown. */
#include "normalize/normalize.h"
#include "normalize/doc.h"
#include "normalize/extract.h"
#include "normalize/html.h"
#include "normalize/markdown.h"
#include "normalize/pdf.h"
#include "normalize/text.h"
#include "normalize/xmllib_calls.h"
#include "util/error.h"
#include "util/lang.h"

#include <ctype.h>
#include <stdio.h>
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

static int has_prefix(const char *d, size_t len, const char *magic, size_t mlen)
{
    return len >= mlen && !memcmp(d, magic, mlen);
}

/* Names the kind of binary data, or NULL when the bytes look like text. */
static const char *binary_kind(const char *d, size_t len)
{
    size_t n = len < 8192 ? len : 8192, bad = 0;
    if (has_prefix(d, len, "\x89PNG", 4))
        return "a PNG image";
    if (has_prefix(d, len, "\x1f\x8b", 2))
        return "gzip-compressed data";
    if (has_prefix(d, len, "GIF87a", 6) || has_prefix(d, len, "GIF89a", 6))
        return "a GIF image";
    if (has_prefix(d, len, "\xff\xd8\xff", 3))
        return "a JPEG image";
    if (has_prefix(d, len, "PK\x03\x04", 4))
        return "a ZIP archive";
    if (has_prefix(d, len, "\xff\xfe", 2) || has_prefix(d, len, "\xfe\xff", 2))
        return NULL; /* UTF-16 text: NUL bytes are expected */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)d[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f)
            bad++;
    }
    if (bad * 10 > n)
        return "binary data";
    return NULL;
}

static int looks_like_html(const char *d, size_t len)
{
    size_t i = 0, n = len < 4096 ? len : 4096;
    if (has_prefix(d, len, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < n && isspace((unsigned char)d[i]))
        i++;
    if (i + 1 < n && d[i] == '<' && (isalpha((unsigned char)d[i + 1]) || d[i + 1] == '!'))
        return 1;
    for (size_t k = i; k < n; k++) {
        static const char *const tags[] = {"<html", "<body", "<head", "<div", "<p>", "<!doctype"};
        if (d[k] != '<')
            continue;
        /* the input is not NUL-terminated: compare only what is there */
        for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++) {
            size_t l = strlen(tags[t]);
            if (n - k >= l && !strncasecmp(d + k, tags[t], l))
                return 1;
        }
    }
    return 0;
}

/* The primary subtag of the lang attribute of <html>, else of <body>, lower
 * case, into out ("" when neither has one that reads as a language). */
static void page_lang(char *out, size_t size, htmlDocPtr hd)
{
    const xmlNode *root = hd ? xmlDocGetRootElement(hd) : NULL, *n;
    const char *lang = root ? pd_html_attr(root, "lang") : NULL;
    size_t k = 0;
    for (n = root ? root->children : NULL; n && !(lang && *lang); n = n->next)
        if (n->type == XML_ELEMENT_NODE && pd_html_is(n, "body"))
            lang = pd_html_attr(n, "lang");
    while (lang && isspace((unsigned char)*lang))
        lang++;
    for (; lang && k + 1 < size && isalpha((unsigned char)lang[k]) && k < 8; k++)
        out[k] = (char)tolower((unsigned char)lang[k]);
    out[k] = '\0';
    if (lang && lang[k] && lang[k] != '-' && lang[k] != '_' && !isspace((unsigned char)lang[k]))
        out[0] = '\0'; /* "x.y", "en!": not a language tag */
}

/* The page's language, when its lang attribute (page_lang) gave none: the
 * text's (report.language). */
static void set_language(pd_normalize_report *report, const char *text, size_t len)
{
    pd_lang l;
    if (report->language[0])
        return;
    l = pd_lang_detect(text, len < 4096 ? len : 4096, 3);
    if (l != PD_LANG_UNKNOWN)
        snprintf(report->language, sizeof(report->language), "%s", pd_lang_name(l));
}

static int has_nul(const char *d, size_t len)
{
    return memchr(d, '\0', len) != NULL;
}

/* Parses utf8 into *hd and extracts its blocks into doc (read_html). */
static int read_tree(pd_doc *doc, pd_normalize_report *report, htmlDocPtr *hd, pd_buf *utf8,
                     const pd_normalize_options *opts)
{
    pd_extract_options xo = PD_EXTRACT_OPTIONS_INIT;
    pd_extract_report xr;
    int truncated = 0, rc;

    xo.recipe = opts->recipe;
    xo.url = opts->url;
    xo.keep_links = opts->keep_links;
    xo.span_budget = PD_EXTRACT_SPAN_BUDGET(utf8->len);
    rc = pd_html_parse(hd, &truncated, utf8->ptr ? utf8->ptr : "", utf8->len);
    pd_buf_dispose(utf8); /* the tree has its own copy */
    if (rc)
        return rc;
    if (truncated)
        snprintf(report->warning, sizeof(report->warning),
                 "the page nests elements too deeply (or is malformed past repair): text "
                 "after that point was dropped");
    if ((rc = pd_extract(doc, &xr, *hd, &xo)))
        return rc;
    if (xr.spans_unexpanded) {
        snprintf(report->budget, sizeof(report->budget), "table-spans");
        snprintf(report->warning, sizeof(report->warning),
                 "the page's tables repeat cells by rowspan past the table-span budget (%zu "
                 "bytes, the page's size plus 64 KB): %zu cells were not repeated",
                 xo.span_budget, xr.spans_unexpanded);
    } else if (!report->warning[0]) {
        snprintf(report->warning, sizeof(report->warning), "%s", xr.warning);
    }
    return 0;
}

/* Parses the UTF-8 page in utf8 and extracts its blocks into doc; its lang
 * attribute, the warning and the budget of a best-effort result go in
 * report.  utf8 is let go once parsed, and the tree once read: a page of
 * many tiny elements costs its tree many times its size. */
static int read_html(pd_doc *doc, pd_normalize_report *report, pd_buf *utf8,
                     const pd_normalize_options *opts)
{
    htmlDocPtr hd = NULL;
    int rc = read_tree(doc, report, &hd, utf8, opts);
    page_lang(report->language, sizeof(report->language), hd);
    pd_html_free(hd);
    return rc;
}
/* A PDF: its text through pdf.h, the same writer. */
static int normalize_pdf(pd_buf *out, const char *data, size_t len,
                         const pd_normalize_options *opts, pd_normalize_report *report)
{
    pd_doc doc = PD_DOC_INIT;
    size_t before = out->len;
    int rc;
    snprintf(report->charset, sizeof(report->charset), "pdf");
    if ((rc = pd_pdf_read(&doc, data, len, report->warning, sizeof(report->warning))) ||
        (rc = pd_doc_write_markdown(out, &doc)))
        goto out;
    report->blocks = doc.len;
    set_language(report, pd_buf_cstr(out) + before, out->len - before);
    if (opts->recipe && (opts->recipe->nselect || opts->recipe->nremove) && !report->warning[0])
        snprintf(report->warning, sizeof(report->warning),
                 "the input is a PDF: selectors apply to HTML only and were not used");
    if (out->len == before)
        rc = pd_error_set(PD_EEMPTY, "no text found in the PDF");
out:
    pd_doc_dispose(&doc);
    if (rc)
        pd_buf_truncate(out, before);
    return rc;
}

int pd_normalize(pd_buf *out, const char *data, size_t len, const pd_normalize_options *opts,
                 pd_normalize_report *report)
{
    static const pd_normalize_options defaults = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report local;
    pd_buf utf8 = PD_BUF_INIT;
    pd_doc doc = PD_DOC_INIT;
    size_t before = out->len, max;
    const char *bin;
    pd_input_kind kind;
    char cs[32] = "utf-8";
    int rc = 0;

    doc.links = opts && opts->keep_links;

    if (!opts)
        opts = &defaults;
    if (!report)
        report = &local;
    memset(report, 0, sizeof(*report));
    max = opts->max_input ? opts->max_input : PD_NORMALIZE_MAX_INPUT;
    if (!data || !len)
        return pd_error_set(PD_EEMPTY,
                            "the input is empty: give a policy page (HTML, Markdown or text)");
    if (len > max)
        return pd_error_set(PD_ETOOBIG, "the input is %zu bytes, over the %zu-byte limit", len,
                            max);
    if (has_prefix(data, len, "%PDF-", 5))
        return normalize_pdf(out, data, len, opts, report);
    if ((bin = binary_kind(data, len)))
        return pd_error_set(PD_EEMPTY, "the input is %s, not a page: give HTML, Markdown or text",
                            bin);
    kind = opts->kind;
    if (kind == PD_INPUT_AUTO)
        kind = looks_like_html(data, len) ? PD_INPUT_HTML : PD_INPUT_MARKDOWN;
    if ((rc = pd_charset_to_utf8(&utf8, data, len, opts->content_type, cs)))
        goto out;
    snprintf(report->charset, sizeof(report->charset), "%s", cs);
    if (has_nul(data, len) && !has_prefix(data, len, "\xff\xfe", 2) &&
        !has_prefix(data, len, "\xfe\xff", 2))
        snprintf(report->warning, sizeof(report->warning), "NUL bytes in the input were dropped");
    if (kind == PD_INPUT_HTML) {
        if ((rc = read_html(&doc, report, &utf8, opts)))
            goto out;
    } else {
        if ((rc = pd_markdown_read_flags(&doc, utf8.ptr ? utf8.ptr : "", utf8.len,
                                         opts->keep_links ? PD_MARKDOWN_KEEP_LINKS : 0)))
            goto out;
        if (opts->recipe && (opts->recipe->nselect || opts->recipe->nremove) && !report->warning[0])
            snprintf(report->warning, sizeof(report->warning),
                     "the input was read as Markdown or text: selectors apply to HTML only and "
                     "were not used (give --as html if it is a web page)");
    }
    if ((rc = pd_doc_write_markdown(out, &doc)))
        goto out;
    report->blocks = doc.len;
    set_language(report, pd_buf_cstr(out) + before, out->len - before);
    if (out->len == before && report->warning[0] && kind == PD_INPUT_HTML &&
        strstr(report->warning, "too deeply"))
        rc = pd_error_set(PD_EEMPTY, "no text found before the HTML parser gave up: the page "
                                     "nests elements more than 256 deep or is malformed past "
                                     "repair");
    else if (out->len == before)
        rc = pd_error_set(PD_EEMPTY,
                          kind == PD_INPUT_HTML
                              ? "no text found in the page: it may need JavaScript, or give "
                                "--select for the part that holds the policy"
                              : "no text found in the input");
out:
    pd_doc_dispose(&doc);
    pd_buf_dispose(&utf8);
    if (rc)
        pd_buf_truncate(out, before);
    return rc;
}
