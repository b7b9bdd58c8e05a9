/* combine.c - a combined document from the Wayback Machine; see combine.h. */
#include "ingest/combine.h"
#include "ingest/pages.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Page i (1-based for messages) of r downloaded at first's time into got. */
static int other_page(pd_wayback_capture *got, pd_wayback *wb, const pd_recipe *r, size_t i,
                      const pd_wayback_capture *first)
{
    const char *url = r->pages[i].fetch;
    char at[32], served[32];
    int64_t gap;
    int rc = pd_wayback_fetch(got, wb, first->timestamp, url);
    if (rc)
        return pd_error_set(rc, "page %zu of %zu (%.200s): %s", i + 1, r->npages, url,
                            pd_error_last());
    gap = got->time > first->time ? got->time - first->time : first->time - got->time;
    if (gap > PD_COMBINE_MAX_GAP) {
        pd_time_format_iso(at, sizeof(at), first->time);
        pd_time_format_iso(served, sizeof(served), got->time);
        return pd_error_set(PD_ENOTFOUND,
                            "page %zu of %zu (%.200s): its nearest capture (%s) is more than %d "
                            "days from the first page's (%s): not joined",
                            i + 1, r->npages, url, served, PD_COMBINE_MAX_GAP / 86400, at);
    }
    return 0;
}

int pd_combine_wayback(pd_buf *raw, pd_wayback *wb, const pd_recipe *r,
                       const pd_wayback_capture *first, const char *first_url)
{
    pd_wayback_capture *got = calloc(r->npages ? r->npages : 1, sizeof(*got));
    pd_page *pages = calloc(r->npages ? r->npages : 1, sizeof(*pages));
    int rc = 0;

    if (!got || !pages) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0; i < r->npages && !rc; i++) {
        const pd_wayback_capture *c = i ? &got[i] : first;
        if (i && (rc = other_page(&got[i], wb, r, i, first)))
            break;
        /* the page's own address (relative links), not the Wayback Machine's */
        pages[i].url = (char *)(i ? r->pages[i].fetch : first_url);
        pages[i].content_type = c->content_type;
        pages[i].status = 200;
        pages[i].body = pd_buf_cstr(&c->body);
        pages[i].len = c->body.len;
    }
    if (!rc)
        rc = pd_pages_pack(raw, pages, r->npages);
out:
    for (size_t i = 1; got && i < r->npages; i++)
        pd_wayback_capture_dispose(&got[i]);
    free(got);
    free(pages);
    return rc;
}
