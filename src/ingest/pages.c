/* pages.c - the raw capture of a combined document; see pages.h. */
#include "ingest/pages.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC "policydiff-pages 1\n"

int pd_pages_is(const char *raw, size_t len)
{
    return raw && len >= sizeof(MAGIC) - 1 && !memcmp(raw, MAGIC, sizeof(MAGIC) - 1);
}

int pd_pages_pack(pd_buf *out, const pd_page *pages, size_t n)
{
    pd_buf_puts(out, MAGIC);
    for (size_t i = 0; i < n; i++) {
        const char *ct =
            pages[i].content_type && *pages[i].content_type ? pages[i].content_type : "-";
        if (strpbrk(pages[i].url, "\r\n ") || strpbrk(ct, "\r\n"))
            return pd_error_set(PD_EINVALID, "page %zu: a URL or type with a blank or line break",
                                i + 1);
        pd_buf_printf(out, "page %ld %zu %s\n%s\n", pages[i].status, pages[i].len, pages[i].url,
                      ct);
        pd_buf_put(out, pages[i].body ? pages[i].body : "", pages[i].len);
        pd_buf_putc(out, '\n');
    }
    return pd_buf_error(out);
}

void pd_pages_free(pd_page *pages, size_t n)
{
    if (!pages)
        return;
    for (size_t i = 0; i < n; i++) {
        free(pages[i].url);
        free(pages[i].content_type);
    }
    free(pages);
}

/* The line at *p (before end) without its newline; *p moves past it. */
static int next_line(const char **line, size_t *len, const char **p, const char *end)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    if (!nl)
        return pd_error_set(PD_EINVALID, "combined capture: a header line is cut off");
    *line = *p;
    *len = (size_t)(nl - *p);
    *p = nl + 1;
    return 0;
}

/* "page <status> <length> <url>" and the type line into pg. */
static int page_header(pd_page *pg, const char **p, const char *end)
{
    const char *line = NULL, *type = NULL;
    size_t len = 0, tlen = 0;
    char head[64], *q;
    int rc;
    if ((rc = next_line(&line, &len, p, end)) || (rc = next_line(&type, &tlen, p, end)))
        return rc;
    if (len < 9 || strncmp(line, "page ", 5))
        return pd_error_set(PD_EINVALID, "combined capture: expected a page header");
    memcpy(head, line, len < sizeof(head) - 1 ? len : sizeof(head) - 1);
    head[len < sizeof(head) - 1 ? len : sizeof(head) - 1] = '\0';
    pg->status = strtol(head + 5, &q, 10);
    if (*q != ' ' || pg->status < 0 || pg->status > 999)
        return pd_error_set(PD_EINVALID, "combined capture: a bad status");
    pg->len = (size_t)strtoull(q + 1, &q, 10);
    if (*q != ' ' || q == head + len || pg->len > (size_t)(end - *p))
        return pd_error_set(PD_EINVALID, "combined capture: a bad page length");
    pg->url = strndup(line + (q + 1 - head), len - (size_t)(q + 1 - head));
    if (!(tlen == 1 && *type == '-'))
        pg->content_type = strndup(type, tlen);
    if (!pg->url || (!(tlen == 1 && *type == '-') && !pg->content_type))
        return PD_ENOMEM_SET();
    return 0;
}

int pd_pages_unpack(pd_page **out, size_t *n, const char *raw, size_t len)
{
    const char *p = raw + sizeof(MAGIC) - 1, *end = raw + len;
    pd_page *v = NULL;
    size_t count = 0;
    int rc = 0;

    *out = NULL;
    *n = 0;
    if (!pd_pages_is(raw, len))
        return pd_error_set(PD_EINVALID, "not a combined capture");
    if (!(v = calloc(PD_PAGES_MAX, sizeof(*v))))
        return PD_ENOMEM_SET();
    while (p < end && !rc) {
        if (count == PD_PAGES_MAX) {
            rc = pd_error_set(PD_EINVALID, "combined capture: more than %d pages", PD_PAGES_MAX);
            break;
        }
        if ((rc = page_header(&v[count], &p, end)))
            break;
        v[count].body = p;
        p += v[count++].len;
        if (p >= end || *p++ != '\n')
            rc = pd_error_set(PD_EINVALID, "combined capture: a page is cut off");
    }
    if (!rc && !count)
        rc = pd_error_set(PD_EINVALID, "combined capture: no page");
    if (rc) {
        pd_pages_free(v, count + (count < PD_PAGES_MAX));
        return rc;
    }
    *out = v;
    *n = count;
    return 0;
}
