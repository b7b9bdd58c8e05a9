/* Atom feeds of the store's versions (feed.h).  The words of an entry are
 * those of the site's version page: html.c renders the changes. */
#define _XOPEN_SOURCE 700
#include "report/feed.h"
#include "report/report.h"
#include "report/report_internal.h"
#include "report/site_internal.h"
#include "util/error.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

#define FEED_TAG "tag:policydiff,2026:"

typedef struct {
    int64_t t, updated;
    const char *policy; /* borrowed from the versions read */
    char *xml;          /* the <entry> element */
} feed_entry;

typedef struct {
    feed_entry *v;
    size_t n, cap;
} feed_list;

/* What a version changed: its headline, worst severity and categories. */
typedef struct {
    pd_buf headline;
    pd_severity worst;
    unsigned cats;
    int first;
} feed_summary;

/* Appends s as XML text or attribute value: markup characters escaped,
 * bad UTF-8 as U+FFFD, characters XML 1.0 does not allow dropped. */
static void xml_text(pd_buf *b, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = pd_utf8_next(s, len, i, &cp);
        if (cp == '&')
            pd_buf_puts(b, "&amp;");
        else if (cp == '<')
            pd_buf_puts(b, "&lt;");
        else if (cp == '>')
            pd_buf_puts(b, "&gt;");
        else if (cp == '"')
            pd_buf_puts(b, "&quot;");
        else if (cp == 0xFFFD && n == 1)
            pd_buf_puts(b, "\xef\xbf\xbd");
        else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
                 cp == 0xFFFF)
            ;
        else
            pd_buf_put(b, s + i, n);
        i += n;
    }
}

/* The policy name inside a tag URI: what RFC 4151 allows kept, the rest
 * percent-encoded. */
static void tag_name(pd_buf *b, const char *s)
{
    static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "-._~!$'()*+,;=:/";
    for (; *s; s++) {
        if (strchr(keep, *s))
            pd_buf_put(b, s, 1);
        else
            pd_buf_printf(b, "%%%02X", (unsigned char)*s);
    }
}

static void put_time(pd_buf *b, const char *elem, int64_t t)
{
    char iso[32];
    pd_time_format_iso(iso, sizeof(iso), t);
    pd_buf_printf(b, "<%s>%s</%s>\n", elem, iso, elem);
}

static int summarize(feed_summary *s, const pd_diff *d, int first)
{
    pd_diff_summary ds;

    s->first = first;
    s->cats = 0;
    if (first) {
        s->worst = PD_SEV_NONE;
        pd_buf_printf(&s->headline, "first recorded version (%zu clause%s)", d->new_clauses,
                      d->new_clauses == 1 ? "" : "s");
        return pd_buf_error(&s->headline);
    }
    pd_diff_summarize(&ds, d);
    s->worst = ds.worst;
    for (size_t k = 0; k < d->nchanges; k++)
        if (!d->changes[k].cosmetic)
            s->cats |= d->changes[k].flags.categories;
    return pd_diff_headline(&s->headline, d);
}

static int wanted(const feed_summary *s, const pd_feed_options *o)
{
    if (o->category && !(s->cats & o->category))
        return 0;
    if (o->min_severity > 0 && (s->first || (int)s->worst < o->min_severity))
        return 0;
    return 1;
}

/* The HTML of an entry: the headline with its badge, the categories and
 * the changes as the version page shows them. */
static int entry_html(pd_buf *h, const feed_summary *s, const pd_diff *d, const char *base)
{
    pd_buf cat_href = PD_BUF_INIT;
    pd_report_html_style cards = {.layout = PD_REPORT_HTML_CARDS, .cat_href = NULL};
    int rc;

    pd_buf_printf(&cat_href, "%sc/", base);
    if ((rc = pd_buf_error(&cat_href)))
        goto out;
    cards.cat_href = pd_buf_cstr(&cat_href);
    pd_buf_puts(h, "<p class=\"headline\">");
    if (s->first)
        pd_buf_puts(h, "<span class=\"sev sev-first\"><span aria-hidden=\"true\">"
                       "\xe2\x97\x87</span> first</span>");
    else
        pd_report_html_sev_badge(h, s->worst, NULL);
    pd_buf_puts(h, " ");
    pd_report_html_escape(h, pd_buf_cstr(&s->headline), 0);
    pd_buf_puts(h, "</p>\n");
    if (s->first) {
        pd_buf_puts(h, "<p>This is the first version recorded for this policy; later versions "
                       "are compared with it.</p>\n");
    } else {
        if (s->cats) {
            pd_buf_puts(h, "<p class=\"cats\">Categories touched: ");
            pd_report_categories_text(h, s->cats);
            pd_buf_puts(h, "</p>\n");
        }
        pd_report_html_changes(h, d, &cards);
    }
    rc = pd_buf_error(h);
out:
    pd_buf_dispose(&cat_href);
    return rc;
}

/* One <entry> for version v of policy (site directory dir). */
static int entry_xml(pd_buf *b, const pd_site_version *v, const char *dir, const feed_summary *s,
                     const pd_diff *d, const char *base)
{
    pd_buf html = PD_BUF_INIT, page = PD_BUF_INIT;
    char ts[16];
    int rc;

    pd_time_format_wayback(ts, sizeof(ts), v->captured_at);
    pd_buf_puts(b, "<entry>\n<id>" FEED_TAG);
    tag_name(b, v->policy);
    pd_buf_printf(b, "@%s</id>\n<title type=\"text\">", ts);
    xml_text(b, v->policy);
    pd_buf_puts(b, ": ");
    xml_text(b, pd_buf_cstr(&s->headline));
    pd_buf_puts(b, "</title>\n");
    put_time(b, "published", v->captured_at);
    put_time(b, "updated", site_version_updated(v));
    if ((rc = site_version_page_name(&page, dir, v)))
        goto out;
    pd_buf_puts(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_text(b, base);
    xml_text(b, pd_buf_cstr(&page));
    pd_buf_puts(b, "\"/>\n");
    for (unsigned i = 0; i < PD_CAT_COUNT; i++)
        if (s->cats & (1u << i))
            pd_buf_printf(b, "<category term=\"%s\"/>\n", pd_category_name(1u << i));
    if ((rc = entry_html(&html, s, d, base)))
        goto out;
    pd_buf_puts(b, "<content type=\"html\">");
    xml_text(b, pd_buf_cstr(&html));
    pd_buf_puts(b, "</content>\n</entry>\n");
    rc = pd_buf_error(b);
out:
    pd_buf_dispose(&html);
    pd_buf_dispose(&page);
    return rc;
}

int site_feed_entry(pd_buf *b, const pd_site_version *v, const char *dir, const pd_diff *d,
                    int first)
{
    feed_summary s = {.headline = PD_BUF_INIT, .worst = PD_SEV_NONE, .cats = 0, .first = 0};
    int rc = summarize(&s, d, first);
    if (!rc)
        rc = entry_xml(b, v, dir, &s, d, "");
    pd_buf_dispose(&s.headline);
    return rc;
}

int64_t site_version_updated(const pd_site_version *v)
{
    return v->updated > v->captured_at ? v->updated : v->captured_at;
}

static int list_add(feed_list *l, const pd_site_version *v, const char *policy, pd_buf *xml)
{
    int rc;
    if (l->n == l->cap && (rc = pd_array_grow(&l->v, &l->cap, sizeof(*l->v), 16)))
        return rc;
    if (!(l->v[l->n].xml = pd_buf_detach(xml)))
        return PD_ENOMEM_SET();
    l->v[l->n].t = v->captured_at;
    l->v[l->n].updated = site_version_updated(v);
    l->v[l->n++].policy = policy;
    return 0;
}

/* Diffs version i of vs against the one before it (texts in old and cur)
 * and adds its entry to l when the filters keep it. */
static int version_entry(feed_list *l, const pd_site_version *vs, size_t i, const pd_buf *old,
                         const pd_buf *cur, const char *dir, const char *policy,
                         const pd_feed_options *o, const char *base)
{
    pd_align_options ao = PD_ALIGN_OPTIONS_INIT;
    feed_summary s = {.headline = PD_BUF_INIT, .worst = PD_SEV_NONE, .cats = 0, .first = 0};
    pd_diff *d = NULL;
    pd_buf xml = PD_BUF_INIT;
    int rc;

    if ((rc = pd_diff_texts(&d, i ? pd_buf_cstr(old) : "", i ? old->len : 0, pd_buf_cstr(cur),
                            cur->len, &ao)) ||
        (rc = summarize(&s, d, i == 0)))
        goto out;
    if (!wanted(&s, o))
        goto out;
    if ((rc = entry_xml(&xml, &vs[i], dir, &s, d, base)))
        goto out;
    rc = list_add(l, &vs[i], policy, &xml);
out:
    pd_diff_free(d);
    pd_buf_dispose(&s.headline);
    pd_buf_dispose(&xml);
    return rc;
}

/* The versions of the policies the feed reads, each array as the source
 * gave it, and every version once in cand, newest first. */
typedef struct {
    size_t pol, i; /* logs[pol][i] */
    int64_t t;
    const char *policy;
} feed_cand;

typedef struct {
    pd_site_version **logs;
    size_t *nlogs;
    size_t npol;
    feed_cand *cand;
    size_t ncand;
} feed_versions;

static int cmp_cand(const void *x, const void *y)
{
    const feed_cand *a = x, *b = y;
    if (a->t != b->t)
        return a->t > b->t ? -1 : 1;
    return strcmp(a->policy, b->policy);
}

static void feed_versions_dispose(feed_versions *fv)
{
    for (size_t i = 0; i < fv->npol; i++)
        pd_site_versions_free(fv->logs[i], fv->nlogs[i]);
    free(fv->logs);
    free(fv->nlogs);
    free(fv->cand);
}

/* Reads the versions of pl[first..end). */
static int read_versions(feed_versions *fv, const pd_site_source *src, const pd_site_policy *pl,
                         size_t first, size_t end)
{
    size_t n = end - first, total = 0;
    int rc;

    fv->logs = calloc(n + 1, sizeof(*fv->logs));
    fv->nlogs = calloc(n + 1, sizeof(*fv->nlogs));
    PD_CHECK_ALLOC(fv->logs);
    PD_CHECK_ALLOC(fv->nlogs);
    for (size_t i = 0; i < n; i++, fv->npol++) {
        if ((rc = src->versions(&fv->logs[i], &fv->nlogs[i], pl[first + i].name, INT64_MIN,
                                INT64_MAX, src->payload)))
            return rc;
        total += fv->nlogs[i];
    }
    fv->cand = malloc((total + 1) * sizeof(*fv->cand));
    PD_CHECK_ALLOC(fv->cand);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < fv->nlogs[i]; k++)
            fv->cand[fv->ncand++] = (feed_cand){
                .pol = i, .i = k, .t = fv->logs[i][k].captured_at, .policy = pl[first + i].name};
    qsort(fv->cand, fv->ncand, sizeof(*fv->cand), cmp_cand);
    return 0;
}

/* Diffs the versions newest first, each against the one before it, until
 * max entries passed the filters: only the versions the feed may show are
 * read and diffed. */
static int collect(feed_list *l, const pd_site_source *src, const feed_versions *fv,
                   const pd_feed_options *o, const char *base, size_t max)
{
    pd_buf old = PD_BUF_INIT, cur = PD_BUF_INIT;
    char *dir = NULL;
    int rc = 0;

    for (size_t c = 0; c < fv->ncand && l->n < max; c++) {
        size_t i = fv->cand[c].i;
        const pd_site_version *vs = fv->logs[fv->cand[c].pol];
        pd_buf_clear(&old);
        pd_buf_clear(&cur);
        free(dir);
        if (!(dir = pd_site_policy_dir(vs[i].policy))) {
            rc = PD_ENOMEM_SET();
            break;
        }
        if ((rc = src->text(&cur, &vs[i], src->payload)) ||
            (i && (rc = src->text(&old, &vs[i - 1], src->payload))) ||
            (rc = version_entry(l, vs, i, &old, &cur, dir, vs[i].policy, o, base)))
            break;
    }
    free(dir);
    pd_buf_dispose(&old);
    pd_buf_dispose(&cur);
    return rc;
}

void site_feed_head(pd_buf *b, const pd_feed_options *o, const char *xml_base, const char *base,
                    int64_t updated)
{
    char *dir = o->policy ? pd_site_policy_dir(o->policy) : NULL;

    pd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    if (xml_base && *xml_base) {
        pd_buf_puts(b, " xml:base=\"");
        xml_text(b, xml_base);
        pd_buf_puts(b, "\"");
    }
    pd_buf_puts(b, ">\n<id>" FEED_TAG "feed");
    if (o->policy) {
        pd_buf_puts(b, "/policy/");
        tag_name(b, o->policy);
    }
    if (o->category)
        pd_buf_printf(b, "/category/%s", pd_category_name(o->category));
    if (o->min_severity > 0)
        pd_buf_printf(b, "/severity/%s", pd_severity_name((pd_severity)o->min_severity));
    pd_buf_puts(b, "</id>\n<title type=\"text\">policydiff: ");
    xml_text(b, o->policy ? o->policy : "every policy");
    if (o->category)
        pd_buf_printf(b, ", changes to %s", pd_category_name(o->category));
    if (o->min_severity > 0)
        pd_buf_printf(b, ", %s severity%s", pd_severity_name((pd_severity)o->min_severity),
                      o->min_severity < PD_SEV_HIGH ? " and above" : "");
    pd_buf_puts(b, "</title>\n");
    put_time(b, "updated", updated);
    pd_buf_puts(b, "<author><name>policydiff</name></author>\n<generator>policydiff</generator>\n"
                   "<link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_text(b, base);
    if (dir) {
        pd_buf_puts(b, "p/");
        xml_text(b, dir);
        pd_buf_puts(b, "/index.html\"/>\n");
    } else if (o->category) {
        pd_buf_printf(b, "c/%s.html\"/>\n", pd_category_name(o->category));
    } else {
        pd_buf_puts(b, "index.html\"/>\n");
    }
    free(dir);
}

/* The base of links: opts->base_url ending in '/', or "". */
static int link_base(pd_buf *out, const char *url)
{
    if (!url || !*url)
        return 0;
    if (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))
        return pd_error_set(PD_EINVALID,
                            "bad base URL '%s': give the http(s) address the site is published at",
                            url);
    pd_buf_puts(out, url);
    if (url[strlen(url) - 1] != '/')
        pd_buf_puts(out, "/");
    return pd_buf_error(out);
}

/* The policies the feed reads: all, or the one asked for. */
static int select_policies(size_t *first, size_t *end, const pd_site_policy *pl, size_t n,
                           const char *name)
{
    *first = 0;
    *end = n;
    if (!name)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(pl[i].name, name)) {
            *first = i;
            *end = i + 1;
            return 0;
        }
    }
    return pd_error_set(PD_ENOTFOUND, "no policy named '%s'; `policydiff list` shows them", name);
}

int pd_feed_render(pd_buf *out, const pd_site_source *src, const pd_feed_options *opts)
{
    pd_site_policy *pl = NULL;
    feed_list l = {.v = NULL, .n = 0, .cap = 0};
    pd_buf base = PD_BUF_INIT;
    feed_versions fv = {.logs = NULL, .nlogs = NULL, .npol = 0, .cand = NULL, .ncand = 0};
    size_t npl = 0, first, end, max = opts->max_entries ? opts->max_entries : PD_FEED_MAX_ENTRIES;
    int rc;

    if ((rc = link_base(&base, opts->base_url)) || (rc = src->policies(&pl, &npl, src->payload)) ||
        (rc = select_policies(&first, &end, pl, npl, opts->policy)) ||
        (rc = read_versions(&fv, src, pl, first, end)) ||
        (rc = collect(&l, src, &fv, opts, pd_buf_cstr(&base), max)))
        goto out;
    {
        int64_t updated = 0; /* the newest entry's, a rebuilt one's when later */
        for (size_t i = 0; i < l.n && i < max; i++)
            if (l.v[i].updated > updated)
                updated = l.v[i].updated;
        site_feed_head(out, opts, NULL, pd_buf_cstr(&base), updated);
    }
    for (size_t i = 0; i < l.n && i < max; i++)
        pd_buf_puts(out, l.v[i].xml);
    pd_buf_puts(out, "</feed>\n");
    rc = pd_buf_error(out);
out:
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i].xml);
    free(l.v);
    feed_versions_dispose(&fv);
    pd_buf_dispose(&base);
    pd_site_policies_free(pl, npl);
    return rc;
}
