/* The store as a static site (site_run.h): a pd_site_source over the store. */
#include "ingest/site_run.h"

#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* Every policy with versions, and every configured one, sorted by name;
 * the configured URL when there is one. */
static int site_policies(pd_site_policy **out, size_t *n, void *payload)
{
    pd_store *s = payload;
    char **names = NULL;
    pd_policy *pl = NULL;
    pd_site_policy *ps = NULL;
    size_t nnames = 0, npl = 0, np = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = pd_store_policy_names(&names, &nnames, s)) ||
        (rc = pd_store_policy_list(&pl, &npl, s)))
        goto out;
    if (!(ps = calloc(nnames + npl + 1, sizeof(*ps)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (size_t i = 0, j = 0; i < nnames || j < npl;) {
        pd_site_policy *p = &ps[np++];
        int d = i >= nnames ? 1 : j >= npl ? -1 : strcmp(names[i], pl[j].name);
        const char *name = d <= 0 ? names[i++] : pl[j].name, *url = NULL;
        if (d >= 0)
            url = pl[j++].url;
        p->name = strdup(name);
        p->url = url && *url ? strdup(url) : NULL;
        if (!p->name || (url && *url && !p->url)) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
    }
    *out = ps;
    *n = np;
    ps = NULL;
out:
    pd_site_policies_free(ps, np);
    pd_store_names_free(names, nnames);
    pd_policy_array_free(pl, npl);
    return rc;
}

static int site_tip(char out[41], const char *name, void *payload)
{
    return pd_store_policy_tip(out, payload, name);
}

static int site_capture_range(int64_t *first, int64_t *last, const char *name, void *payload)
{
    return pd_store_capture_times(first, last, payload, name);
}

/* The capture time of name's version before the one captured at t
 * (INT64_MIN when none). */
static int version_before(int64_t *out, pd_store *s, const char *name, int64_t t)
{
    pd_version *log = NULL;
    size_t n = 0;
    int rc;
    *out = INT64_MIN;
    if (t == INT64_MIN || (rc = pd_store_log(&log, &n, s, name, INT64_MIN, t - 1)))
        return t == INT64_MIN ? 0 : rc;
    if (n)
        *out = log[n - 1].captured_at;
    pd_version_array_free(log, n);
    return 0;
}

/* Each version's updated: its capture time, or the newest rebuild that
 * rewrote a capture between the version before it and itself, both
 * included (its own text, the text it is compared with, or one between
 * that a rebuild now refuses or accepts): what its diff is made of. */
static int set_updated(pd_site_version *vs, size_t n, pd_store *s, const char *name, int64_t since)
{
    pd_text_rewrite *rw = NULL;
    size_t nrw = 0, r = 0;
    int64_t lo = INT64_MIN;
    int rc;

    for (size_t i = 0; i < n; i++)
        vs[i].updated = vs[i].captured_at;
    if (!n)
        return 0;
    if ((rc = pd_store_text_rewrites(&rw, &nrw, s, name)) || !nrw)
        return rc;
    if (since != INT64_MIN && (rc = version_before(&lo, s, name, vs[0].captured_at)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        int64_t hi = vs[i].captured_at;
        while (r < nrw && rw[r].captured_at < lo)
            r++;
        for (size_t k = r; k < nrw && rw[k].captured_at <= hi; k++)
            if (rw[k].at > vs[i].updated)
                vs[i].updated = rw[k].at;
        lo = hi;
    }
out:
    free(rw);
    return rc;
}

static int site_versions(pd_site_version **out, size_t *n, const char *name, int64_t since,
                         int64_t until, void *payload)
{
    pd_version *log = NULL;
    pd_site_version *vs = NULL;
    size_t nlog = 0, i = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = pd_store_log(&log, &nlog, payload, name, since, until)))
        return rc;
    if (nlog && !(vs = calloc(nlog, sizeof(*vs)))) {
        rc = PD_ENOMEM_SET();
        goto out;
    }
    for (; i < nlog; i++) {
        memcpy(vs[i].commit, log[i].commit, sizeof(vs[i].commit));
        vs[i].captured_at = log[i].captured_at;
        vs[i].policy = strdup(log[i].policy);
        vs[i].source = strdup(log[i].source ? log[i].source : "");
        vs[i].via = strdup(log[i].via ? log[i].via : "");
        if (!vs[i].policy || !vs[i].source || !vs[i].via) {
            rc = PD_ENOMEM_SET();
            i++;
            goto out;
        }
    }
    if ((rc = set_updated(vs, nlog, payload, name, since)))
        goto out;
    *out = vs;
    *n = nlog;
    vs = NULL;
out:
    pd_site_versions_free(vs, i);
    pd_version_array_free(log, nlog);
    return rc;
}

static int site_text(pd_buf *out, const pd_site_version *v, void *payload)
{
    return pd_store_show(out, NULL, payload, v->policy, v->captured_at);
}

/* Each diff thread reads through its own handle. */
static int site_fork(void **out, void *payload)
{
    pd_store *s = NULL;
    int rc = pd_store_open(&s, pd_store_path(payload));
    *out = s;
    return rc;
}

static void site_fork_free(void *payload)
{
    pd_store_free(payload);
}

/* The store as a source for the site and the feeds. */
static pd_site_source store_source(pd_store *s)
{
    return (pd_site_source){
        .policies = site_policies,
        .tip = site_tip,
        .capture_range = site_capture_range,
        .versions = site_versions,
        .text = site_text,
        .fork = site_fork,
        .fork_free = site_fork_free,
        .payload = s,
    };
}

int pd_ingest_site_render(pd_site_stats *stats, pd_store *s, const char *dir,
                          const pd_site_options *opts)
{
    const pd_site_source src = store_source(s);
    return pd_site_render(stats, &src, dir, opts);
}

int pd_ingest_feed(pd_buf *out, pd_store *s, const pd_feed_options *opts)
{
    const pd_site_source src = store_source(s);
    return pd_feed_render(out, &src, opts);
}
