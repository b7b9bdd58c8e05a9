/* Tests of the Atom feeds (src/report/feed.h) over a small store made
 * here: every feed parsed with libxml2 and checked against the Atom rules
 * of RFC 4287 (required elements, RFC 3339 dates, unique ids), ids kept
 * across runs, and `policydiff feed`. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "classify/classify.h"
#include "ingest/site_run.h"
#include "report/feed.h"
#include "store/store.h"
#include "acme_store.h"
#include "support/testutil.h"
#include "util/error.h"
#include "util/timeutil.h"

#define ATOM "http://www.w3.org/2005/Atom"
#define MAX_IDS 256

static char *root;
static char store_dir[4096], site_dir[4096];
static pd_store *st;

static const char *v1 = "# Privacy\n\nWe collect your email address.\n\n"
                        "## Sharing\n\nWe do not sell your data.\n\nWe keep logs for 30 days.\n";
static const char *v2 = "# Privacy\n\nWe collect your email address and your location.\n\n"
                        "## Sharing\n\nWe may sell your data to partners.\n\n"
                        "We keep logs for 30 days.\n";
static const char *v3 = "# Privacy\n\nWe collect your email address and your location.\n\n"
                        "## Sharing\n\nWe may sell your data to partners.\n\n"
                        "We keep logs for 30 days!\n\n"
                        "Contact <script>alert('x')</script> & \"friends\" \x01.\n\n"
                        "Users aged < 13 > 2 & 'others' are \"welcome\".\n";
static const char *v4 = "# Privacy\n\nWe collect your email address and your location.\n\n"
                        "## Sharing\n\nWe may sell your data to partners and advertisers.\n\n"
                        "We keep logs for 90 days.\n";

static void record(const char *name, int64_t t, const char *text)
{
    pd_test_record(st, name, t, text);
}

static void setup(void)
{
    root = pd_test_tmpdir();
    snprintf(store_dir, sizeof(store_dir), "%s/store", root);
    snprintf(site_dir, sizeof(site_dir), "%s/site", root);
    pd_test_acme_store(&st, store_dir, v1, v2, v3);
}

static void teardown(void)
{
    pd_store_free(st);
    st = NULL;
    pd_test_rmtree(root);
    free(root);
}

TestSuite(feed, .init = setup, .fini = teardown);

/* What one feed holds, read back with libxml2. */
typedef struct {
    char *ids[MAX_IDS];
    char *updated[MAX_IDS];
    size_t n;
    char *feed_updated; /* the feed's own */
} feed_read;

static void feed_read_dispose(feed_read *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->ids[i]);
        free(f->updated[i]);
    }
    f->n = 0;
    free(f->feed_updated);
    f->feed_updated = NULL;
}

/* RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm). */
static int rfc3339(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    size_t i = 0;
    for (; shape[i]; i++)
        if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
            return 0;
    if (s[i] == '.')
        for (i++; s[i] >= '0' && s[i] <= '9'; i++)
            ;
    if (s[i] == 'Z')
        return s[i + 1] == 0;
    return (s[i] == '+' || s[i] == '-') && strlen(s + i) == 6 && s[i + 3] == ':';
}

static int is_atom(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, ATOM) &&
           !strcmp((const char *)n->name, name);
}

/* The one child called name of parent (fails when there are several);
 * NULL when none. */
static xmlNode *only_child(const xmlNode *parent, const char *name)
{
    xmlNode *found = NULL;
    for (xmlNode *c = parent->children; c; c = c->next) {
        if (!is_atom(c, name))
            continue;
        cr_assert_null(found, "<%s> has more than one <%s>", parent->name, name);
        found = c;
    }
    return found;
}

static char *text_of(const xmlNode *parent, const char *name)
{
    xmlNode *n = only_child(parent, name);
    cr_assert_not_null(n, "<%s> has no <%s>", parent->name, name);
    xmlChar *t = xmlNodeGetContent(n);
    char *s = strdup((const char *)t);
    xmlFree(t);
    cr_assert(s[0], "<%s> of <%s> is empty", name, parent->name);
    return s;
}

static void check_date(const xmlNode *parent, const char *name, char **keep)
{
    char *d = text_of(parent, name);
    cr_assert(rfc3339(d), "<%s> '%s' is not an RFC 3339 date", name, d);
    if (keep)
        *keep = d;
    else
        free(d);
}

/* An entry: id, title, updated, a link with an href; its id not seen yet. */
static void check_entry(feed_read *f, const xmlNode *e)
{
    xmlNode *link = only_child(e, "link");
    char *title = text_of(e, "title"), *id = text_of(e, "id");
    cr_assert_not_null(link, "an entry has no <link>");
    xmlChar *href = xmlGetProp(link, (const xmlChar *)"href");
    cr_assert(href && href[0], "an entry's link has no href");
    xmlFree(href);
    cr_assert(only_child(e, "content"), "entry %s has no content", id);
    for (size_t i = 0; i < f->n; i++)
        cr_assert_str_neq(f->ids[i], id, "the id %s is used twice", id);
    cr_assert_lt(f->n, MAX_IDS);
    f->ids[f->n] = id;
    check_date(e, "updated", &f->updated[f->n]);
    check_date(e, "published", NULL);
    f->n++;
    free(title);
}

/* Parses xml and checks the Atom rules; fills f with its entries. */
static void check_atom(feed_read *f, const char *xml, size_t len)
{
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "feed.xml", NULL, XML_PARSE_NONET);
    cr_assert_not_null(doc, "the feed is not well-formed XML:\n%s", xml);
    xmlNode *feed = xmlDocGetRootElement(doc);
    cr_assert(is_atom(feed, "feed"), "the root is not an Atom <feed>");
    free(text_of(feed, "id"));
    free(text_of(feed, "title"));
    free(f->feed_updated);
    check_date(feed, "updated", &f->feed_updated);
    cr_assert(only_child(feed, "author"), "the feed has no <author> (its entries have none)");
    f->n = 0;
    for (xmlNode *c = feed->children; c; c = c->next)
        if (is_atom(c, "entry"))
            check_entry(f, c);
    xmlFreeDoc(doc);
}

static void feed_of(feed_read *f, pd_buf *out, const pd_feed_options *o)
{
    int rc;
    pd_buf_clear(out);
    rc = pd_ingest_feed(out, st, o);
    cr_assert_eq(rc, 0, "feed: %s", pd_error_last());
    check_atom(f, out->ptr, out->len);
}

Test(feed, every_feed_is_valid_atom)
{
    static const char *policies[] = {"acme/privacy", "other", "quiet"};
    pd_feed_options o = PD_FEED_OPTIONS_INIT;
    feed_read f = {.n = 0};
    pd_buf out = PD_BUF_INIT;

    feed_of(&f, &out, &o);
    cr_assert_eq(f.n, 5, "every version is an entry, got %zu", f.n);
    cr_assert(strstr(out.ptr, "<id>tag:policydiff,2026:acme/privacy@20210204000000</id>"));
    cr_assert(strstr(out.ptr, "href=\"p/acme~privacy/20210204-000000-"), "%s", out.ptr);
    feed_read_dispose(&f);
    for (size_t i = 0; i < 3; i++) {
        o.policy = policies[i];
        feed_of(&f, &out, &o);
        cr_assert_eq(f.n, i == 0 ? 3 : i == 1 ? 2 : 0, "%s: %zu entries", policies[i], f.n);
        feed_read_dispose(&f);
    }
    o.policy = NULL;
    for (unsigned c = 0; c < PD_CAT_COUNT; c++) {
        o.category = 1u << c;
        feed_of(&f, &out, &o);
        feed_read_dispose(&f);
    }
    o.category = 0;
    o.base_url = "https://example.org/site";
    for (int s = PD_SEV_LOW; s <= PD_SEV_HIGH; s++) {
        o.min_severity = s;
        feed_of(&f, &out, &o);
        cr_assert_leq(f.n, 3, "no first version in a severity feed");
        for (char *p = out.ptr; (p = strstr(p, "href=\"")); p += 6)
            cr_assert(!strncmp(p + 6, "https://example.org/site/", 25), "%.60s", p);
        feed_read_dispose(&f);
    }
    pd_buf_dispose(&out);
}

Test(feed, page_text_is_escaped_once)
{
    pd_feed_options o = PD_FEED_OPTIONS_INIT;
    feed_read f = {.n = 0};
    pd_buf out = PD_BUF_INIT;

    o.policy = "acme/privacy";
    feed_of(&f, &out, &o);
    /* the HTML of the entry escapes the page's text, the XML escapes the HTML */
    cr_assert(strstr(out.ptr, "Users aged &amp;lt; 13 &amp;gt; 2 &amp;amp; &amp;#39;others"), "%s",
              out.ptr);
    cr_assert_null(strstr(out.ptr, "<script"));
    cr_assert_null(strchr(out.ptr, '\x01'), "a control character XML does not allow");
    feed_read_dispose(&f);
    pd_buf_dispose(&out);
}

Test(feed, ids_kept_across_runs_one_new_entry)
{
    pd_feed_options o = PD_FEED_OPTIONS_INIT;
    feed_read a = {.n = 0}, b = {.n = 0};
    pd_buf out = PD_BUF_INIT, first = PD_BUF_INIT;
    size_t fresh = 0;

    feed_of(&a, &out, &o);
    pd_buf_put(&first, out.ptr, out.len);
    feed_of(&b, &out, &o);
    cr_assert_eq(out.len, first.len, "the same store gives the same feed");
    cr_assert_eq(memcmp(out.ptr, first.ptr, out.len), 0);
    feed_read_dispose(&b);
    record("acme/privacy", T0 + 600 * DAY, v4);
    feed_of(&b, &out, &o);
    cr_assert_eq(b.n, a.n + 1);
    for (size_t i = 0; i < b.n; i++) {
        size_t j = 0;
        while (j < a.n && strcmp(a.ids[j], b.ids[i]))
            j++;
        if (j == a.n)
            fresh++;
        else
            cr_assert_str_eq(a.updated[j], b.updated[i], "entry %s changed", b.ids[i]);
    }
    cr_assert_eq(fresh, 1, "a reader sees one new entry, not %zu", fresh);
    cr_assert_str_eq(b.ids[0], "tag:policydiff,2026:acme/privacy@20210823000000");
    feed_read_dispose(&a);
    feed_read_dispose(&b);
    pd_buf_dispose(&out);
    pd_buf_dispose(&first);
}

Test(feed, bounded_and_bad_input)
{
    pd_feed_options o = PD_FEED_OPTIONS_INIT;
    feed_read f = {.n = 0};
    pd_buf out = PD_BUF_INIT;

    o.max_entries = 2;
    feed_of(&f, &out, &o);
    cr_assert_eq(f.n, 2);
    cr_assert(strstr(out.ptr, "<updated>2021-05-15T00:00:00Z</updated>"), "newest first");
    feed_read_dispose(&f);
    o.policy = "nope";
    cr_assert_eq(pd_ingest_feed(&out, st, &o), PD_ENOTFOUND);
    o.policy = NULL;
    o.base_url = "javascript:alert(1)";
    cr_assert_eq(pd_ingest_feed(&out, st, &o), PD_EINVALID);
    pd_buf_dispose(&out);
}

Test(feed, cli_feed)
{
    pd_test_run_result r;
    feed_read f = {.n = 0};
    const char *argv[] = {"-C", store_dir, "feed", "acme/privacy", "--severity", "low", NULL};
    const char *unknown[] = {"-C", store_dir, "feed", "nope", NULL};
    const char *badsev[] = {"-C", store_dir, "feed", "--severity", "huge", NULL};
    const char *badcat[] = {"-C", store_dir, "feed", "--category", "snacks", NULL};
    const char *const *bad[] = {unknown, badsev, badcat};

    pd_test_run(&r, NULL, argv);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    check_atom(&f, r.out.ptr, r.out.len);
    cr_assert_eq(f.n, 2);
    feed_read_dispose(&f);
    pd_test_run_dispose(&r);
    for (size_t i = 0; i < 3; i++) {
        pd_test_run(&r, NULL, bad[i]);
        cr_assert_eq(r.status, 2, "%s", bad[i][3]);
        cr_assert_eq(r.out.len, 0);
        cr_assert(r.err.len && strchr(r.err.ptr, '\n') == r.err.ptr + r.err.len - 1, "one line: %s",
                  pd_buf_cstr(&r.err));
        pd_test_run_dispose(&r);
    }
}

/* ---- the feeds of the site (report --html) ---- */

static void render(void)
{
    pd_site_stats stats;
    cr_assert_eq(pd_ingest_site_render(&stats, st, site_dir, NULL), 0, "render: %s",
                 pd_error_last());
}

static char *site_path(const char *rel)
{
    char *p = malloc(strlen(site_dir) + strlen(rel) + 2);
    sprintf(p, "%s/%s", site_dir, rel);
    return p;
}

static void site_feed(feed_read *f, const char *rel)
{
    pd_buf b = PD_BUF_INIT;
    char *p = site_path(rel);
    cr_assert_eq(pd_buf_read_file(&b, p, 1 << 26), 0, "read %s: %s", p, pd_error_last());
    check_atom(f, b.ptr, b.len);
    pd_buf_dispose(&b);
    free(p);
}

static int page_links_feed(const char *rel, const char *feed)
{
    pd_buf b = PD_BUF_INIT, want = PD_BUF_INIT;
    char *p = site_path(rel);
    int ok;
    cr_assert_eq(pd_buf_read_file(&b, p, 1 << 26), 0, "read %s", p);
    pd_buf_printf(&want, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
    ok = strstr(pd_buf_cstr(&b), pd_buf_cstr(&want)) != NULL;
    pd_buf_clear(&want);
    pd_buf_printf(&want, "type=\"application/atom+xml\" href=\"%s\">Atom feed</a>", feed);
    ok = ok && strstr(pd_buf_cstr(&b), pd_buf_cstr(&want));
    pd_buf_dispose(&b);
    pd_buf_dispose(&want);
    free(p);
    return ok;
}

Test(feed, site_feeds_are_valid_atom_and_linked)
{
    static const char *feeds[] = {
        "feed.xml",         "low.xml",         "medium.xml", "high.xml", "p/acme~privacy/feed.xml",
        "p/other/feed.xml", "p/quiet/feed.xml"};
    feed_read f = {.n = 0};
    char rel[96];

    render();
    for (size_t i = 0; i < sizeof(feeds) / sizeof(*feeds); i++) {
        site_feed(&f, feeds[i]);
        if (i == 0)
            cr_assert_eq(f.n, 5);
        feed_read_dispose(&f);
    }
    for (unsigned c = 0; c < PD_CAT_COUNT; c++) {
        snprintf(rel, sizeof(rel), "c/%s.xml", pd_category_name(1u << c));
        site_feed(&f, rel);
        feed_read_dispose(&f);
        snprintf(rel, sizeof(rel), "c/%s.html", pd_category_name(1u << c));
        char feed[96];
        snprintf(feed, sizeof(feed), "%s.xml", pd_category_name(1u << c));
        cr_assert(page_links_feed(rel, feed), "%s does not link to its feed", rel);
    }
    /* the site's entries are those `policydiff feed` prints */
    pd_feed_options o = PD_FEED_OPTIONS_INIT;
    pd_buf cmd = PD_BUF_INIT, site = PD_BUF_INIT;
    char *p = site_path("feed.xml");
    cr_assert_eq(pd_ingest_feed(&cmd, st, &o), 0, "%s", pd_error_last());
    cr_assert_eq(pd_buf_read_file(&site, p, 1 << 26), 0);
    cr_assert_str_eq(strstr(pd_buf_cstr(&site), "<entry>"), strstr(pd_buf_cstr(&cmd), "<entry>"));
    pd_buf_dispose(&cmd);
    pd_buf_dispose(&site);
    free(p);
    cr_assert(page_links_feed("index.html", "feed.xml"));
    cr_assert(page_links_feed("by-name.html", "feed.xml"));
    cr_assert(page_links_feed("p/acme~privacy/index.html", "feed.xml"));
}

/* A feed reader polls feed.xml after each run: it sees each version once. */
Test(feed, site_feed_read_twice_across_runs)
{
    feed_read a = {.n = 0}, b = {.n = 0};
    struct utimbuf old = {.actime = 1000, .modtime = 1000};
    struct stat sb;
    char *quiet = site_path("p/other/feed.xml"), *all = site_path("feed.xml");
    size_t fresh = 0;

    render();
    site_feed(&a, "feed.xml");
    cr_assert_eq(utime(quiet, &old), 0);
    cr_assert_eq(utime(all, &old), 0);
    render();
    cr_assert_eq(stat(all, &sb), 0);
    cr_assert_eq(sb.st_mtime, 1000, "feed.xml rewritten though nothing changed");
    record("acme/privacy", T0 + 600 * DAY, v4);
    render();
    site_feed(&b, "feed.xml");
    cr_assert_eq(b.n, a.n + 1);
    for (size_t i = 0; i < b.n; i++) {
        size_t j = 0;
        while (j < a.n && strcmp(a.ids[j], b.ids[i]))
            j++;
        if (j == a.n)
            fresh++;
        else
            cr_assert_str_eq(a.updated[j], b.updated[i], "entry %s changed", b.ids[i]);
    }
    cr_assert_eq(fresh, 1, "a reader sees one new entry, not %zu", fresh);
    cr_assert_eq(stat(quiet, &sb), 0);
    cr_assert_eq(sb.st_mtime, 1000, "the feed of a policy that did not change was rewritten");
    cr_assert_eq(stat(all, &sb), 0);
    cr_assert_neq(sb.st_mtime, 1000, "feed.xml not rewritten with its new entry");
    feed_read_dispose(&a);
    feed_read_dispose(&b);
    free(quiet);
    free(all);
}

/* ---- a rebuilt version is updated in place ---- */

/* Derives every capture's text again as it was recorded (its raw bytes
 * are its text here), but those captured at the times of payload, which
 * become the texts given. */
typedef struct {
    int64_t at[2];
    const char *text[2];
} rewrite_texts;

static int rederive(pd_buf *text, const pd_capture_info *cap, const char *raw, size_t rawlen,
                    const char *prev, size_t prevlen, void *payload)
{
    const rewrite_texts *w = payload;
    for (size_t i = 0; i < 2; i++)
        if (w->text[i] && cap->captured_at == w->at[i]) {
            pd_buf_puts(text, w->text[i]);
            return pd_buf_error(text);
        }
    pd_buf_put(text, raw, rawlen);
    return pd_buf_error(text);
}

#define NEWEST_REBUILT                                                                             \
    "# Privacy\n\nWe collect your email address and your location.\n\n"                            \
    "## Sharing\n\nWe may sell your data to partners.\n\nWe keep logs for 30 days!\n"

/* Rebuilds acme/privacy at the time now, the capture at `at` given text
 * (and the newest one kept as NEWEST_REBUILT when keep is set). */
static void rebuild_at(int64_t now, int64_t at, const char *text, int keep)
{
    pd_rebuild_options o = PD_REBUILD_OPTIONS_INIT;
    pd_rebuild_stats stats;
    rewrite_texts w = {.at = {at, T0 + 400 * DAY}, .text = {text, keep ? NEWEST_REBUILT : NULL}};
    char when[32];
    pd_time_format_iso(when, sizeof(when), now);
    setenv("POLICYDIFF_NOW", when, 1);
    cr_assert_eq(pd_store_rebuild(&stats, st, "acme/privacy", &o, rederive, &w), 0, "rebuild: %s",
                 pd_error_last());
    unsetenv("POLICYDIFF_NOW");
    cr_assert_eq(stats.texts_changed, 1, "%zu captures, %zu texts changed", stats.captures,
                 stats.texts_changed);
}

/* b has the ids of a; each entry's updated is a's, but those of the ids
 * in bumped, which are when. */
static void same_ids_updated(const feed_read *a, const feed_read *b, const char *const *bumped,
                             const char *when)
{
    cr_assert_eq(b->n, a->n);
    for (size_t i = 0; i < b->n; i++) {
        int bump = 0;
        cr_assert_str_eq(b->ids[i], a->ids[i], "the ids moved");
        for (size_t k = 0; bumped[k]; k++)
            bump |= !strcmp(bumped[k], b->ids[i]);
        if (bump)
            cr_assert_str_eq(b->updated[i], when, "%s", b->ids[i]);
        else
            cr_assert_str_eq(b->updated[i], a->updated[i], "%s was not rebuilt", b->ids[i]);
    }
}

Test(feed, a_rebuilt_version_gets_a_new_updated_and_keeps_its_id)
{
    static const char *const newest[] = {"tag:policydiff,2026:acme/privacy@20210204000000", NULL};
    static const char *const middle[] = {"tag:policydiff,2026:acme/privacy@20200210000000",
                                         "tag:policydiff,2026:acme/privacy@20210204000000", NULL};
    static const char *const site_feeds[] = {"feed.xml", "p/acme~privacy/feed.xml"};
    pd_feed_options o = PD_FEED_OPTIONS_INIT;
    feed_read a = {.n = 0}, b = {.n = 0}, c = {.n = 0}, sa = {.n = 0}, sb = {.n = 0};
    pd_buf out = PD_BUF_INIT, again = PD_BUF_INIT;
    char when[32], when2[32];

    feed_of(&a, &out, &o);
    render();
    site_feed(&sa, "feed.xml");
    cr_assert_str_eq(a.feed_updated, "2021-05-15T00:00:00Z", "the newest capture's");

    /* the newest version of acme/privacy rebuilt (a recipe that now drops
     * its last clause): only its entry is updated, at the rebuild's time */
    rebuild_at(T0 + 700 * DAY, T0 + 400 * DAY, NEWEST_REBUILT, 0);
    pd_time_format_iso(when, sizeof(when), T0 + 700 * DAY);
    feed_of(&b, &out, &o);
    same_ids_updated(&a, &b, newest, when);
    cr_assert_str_eq(b.feed_updated, when);
    pd_buf_put(&again, out.ptr, out.len);
    feed_read_dispose(&b);
    feed_of(&b, &out, &o);
    cr_assert(out.len == again.len && !memcmp(out.ptr, again.ptr, out.len),
              "the same store gives the same feed: the rebuild's time comes from the store");
    render();
    site_feed(&sb, "feed.xml");
    same_ids_updated(&sa, &sb, newest, when);
    cr_assert_str_eq(sb.feed_updated, when);
    cr_assert_str_eq(strstr(pd_buf_cstr(&out), "<entry>"), strstr(pd_buf_cstr(&again), "<entry>"));

    /* the middle one: its entry and the next (compared with it) move; the
     * first version's and the other policy's stay */
    rebuild_at(T0 + 800 * DAY, T0 + 40 * DAY,
               "# Privacy\n\nWe collect your email address and your phone number.\n\n"
               "## Sharing\n\nWe may sell your data to partners.\n\n"
               "We keep logs for 30 days.\n",
               1);
    pd_time_format_iso(when2, sizeof(when2), T0 + 800 * DAY);
    feed_of(&c, &out, &o);
    same_ids_updated(&b, &c, middle, when2);
    feed_read_dispose(&sb);
    render();
    for (size_t i = 0; i < 2; i++) {
        feed_read sc = {.n = 0};
        site_feed(&sc, site_feeds[i]);
        if (i == 0) {
            same_ids_updated(&sa, &sc, middle, when2);
        } else {
            /* the policy's own feed: its three entries, newest first */
            cr_assert_eq(sc.n, 3);
            cr_assert_str_eq(sc.updated[0], when2);
            cr_assert_str_eq(sc.updated[1], when2);
            cr_assert_str_eq(sc.updated[2], "2020-01-01T00:00:00Z");
            cr_assert_str_eq(sc.feed_updated, when2);
        }
        feed_read_dispose(&sc);
    }
    feed_read_dispose(&a);
    feed_read_dispose(&b);
    feed_read_dispose(&c);
    feed_read_dispose(&sa);
    pd_buf_dispose(&out);
    pd_buf_dispose(&again);
}
