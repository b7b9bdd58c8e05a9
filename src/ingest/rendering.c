/* rendering.c - a policy's page rendered by the browser; see rendering.h. */
#include "ingest/rendering.h"
#include "util/error.h"

const char *pd_rendering_wait_css(const pd_recipe *r)
{
    const pd_selector *sel = r && r->nselect ? &r->select[0] : NULL;
    if (!sel)
        return NULL;
    if (sel->kind == PD_SEL_CSS)
        return sel->css;
    return sel->start_before ? sel->start_before : sel->start_after;
}

int pd_rendering_wayback(pd_render_result *out, const pd_wayback *wb, const char *timestamp,
                         const char *url, const pd_recipe *r, const char *language,
                         const pd_render_options *o)
{
    pd_render_options ro = *o;
    pd_buf u = PD_BUF_INIT;
    int rc;
    if ((rc = pd_wayback_render_url(&u, wb, timestamp, url))) {
        pd_buf_dispose(&u);
        return rc;
    }
    ro.wait_css = pd_rendering_wait_css(r);
    ro.accept_language = language;
    ro.allow_private |= pd_wayback_allows_private(wb);
    rc = pd_render_page(out, u.ptr, &ro);
    pd_buf_dispose(&u);
    if (!rc && out->status == 200)
        return 0;
    if (!rc)
        rc = pd_error_set(PD_ENET,
                          "capture %s of %.200s: the Wayback Machine answered HTTP %ld "
                          "to the browser",
                          timestamp, url, out->status);
    pd_render_result_dispose(out);
    return rc;
}
