/*
 * site_internal.h - what the files of the static site (site.h) share; not
 * for other modules.
 *
 *   site_plan.c      what changed since the last run, what to make, the diff
 *                    threads, and the run itself (pd_site_render)
 *   site_pages.c     the HTML of the version, policy, index and category pages
 *   site_manifest.c  the manifest and cache files under DIR, page files
 *   site_css.c       the one style sheet
 *
 * A run fills one site_ctx: its policies (site_pol), the versions of those
 * that changed (site_ver), each with the summary its pages need.
 * Functions return 0 or a negative PD_E* code with pd_error_last() set.
 */
#ifndef PD_SITE_INTERNAL_H
#define PD_SITE_INTERNAL_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "classify/diff.h"
#include "report/feed.h"
#include "report/site.h"
#include "util/buf.h"

/* Bump when the HTML of version pages changes: older pages are rewritten.
 * 2: the Atom entry of each version is kept (SITE_DATA/e/), the feeds. */
#define SITE_FORMAT 2
#define MANIFEST_MAX ((size_t)1 << 30)
#define MAX_JOBS 8
#define SECTIONS_SHOWN 3

/* The manifest: DIR/.policydiff-site.json holds, per policy, its tip and the
 * summary the index and category pages need; DIR/.policydiff-site/ holds
 * per policy its version pages (p/<POLICY>.json) and per category its
 * rows (c/<CATEGORY>.rows).  A policy whose tip and URL did not change is
 * skipped after one look at its entry. */
#define SITE_SCHEMA "policydiff/site-2"
#define SITE_DATA ".policydiff-site"
#define ROWS_MAGIC "policydiff-site-rows 1"
#define SITE_RETRY 1 /* internal: the caches do not agree, render everything */
#define FNV_INIT 14695981039346656037ull

typedef struct {
    unsigned bit;
    pd_severity sev;
    size_t n;
    size_t first;   /* number of its first change on the version page (anchor #cN) */
    char *sections; /* the first few section paths, joined */
    char *row;      /* its row on the category's pages (made with the summary) */
    size_t rowlen;
} site_cat;

typedef struct {
    const pd_site_version *v; /* borrowed from its policy's log */
    long parent;              /* previous version of the same policy (index into vers), or -1 */
    size_t pol;
    int in_range; /* captured at or after opts->since: has a page */
    int write;    /* its page is (re)written this run */
    char *page;   /* "p/<dir>/<stamp>-<commit7>.html" */
    int first;    /* first version of its policy: no diff */
    char *headline;
    pd_severity worst;
    size_t substantive, cosmetic, clauses;
    site_cat *cats;
    size_t ncats;
} site_ver;

/* A policy.  Only a policy that changed since the last run (its tip, its
 * URL, or everything with --full) has its versions read (log, ord); the
 * others are known by the summary the manifest kept for them. */
typedef struct {
    const char *name; /* borrowed (names or policy list) */
    char *dir;
    const char *url; /* borrowed; "" when unknown */
    size_t *ord;     /* its versions, oldest first, all of them (indices into vers) */
    size_t nord;
    size_t nsite;     /* how many of them are in range */
    int64_t cap_last; /* last raw capture kept, changed or not (INT64_MIN: none) */
    char tip[41];     /* tip of its versions chain ("" when none) */
    int changed;
    pd_site_version *log; /* its versions when changed */
    size_t nlog;
    json_t *old;      /* its entry in the last manifest (borrowed), or NULL */
    json_t *oldfile;  /* its own manifest of the last run (owned), or NULL */
    json_t *oldpages; /* the pages listed there (borrowed from oldfile) */
    /* the summary the index pages need */
    int64_t first_at; /* first version in range (INT64_MIN: none) */
    int has_last;     /* last version in range: */
    int64_t last_at;
    const char *last_page, *last_headline; /* borrowed */
    int last_first;
    pd_severity last_worst;
    const char *source;           /* the newest version's source, "" (borrowed) */
    size_t cat_n[PD_CAT_COUNT];   /* rows on each category's pages */
    uint64_t cat_h[PD_CAT_COUNT]; /* and a hash of them */
} site_pol;

typedef struct {
    const pd_site_source *src;
    const char *dir;
    const pd_site_options *opts;
    site_ver *vers;
    size_t nvers;
    site_pol *pols;
    size_t npols;
    int full; /* every page is made and written */
    /* work queue of the diff threads */
    pthread_mutex_t mu;
    size_t next;
    int rc;
    char err[1024];
} site_ctx;

/* A row of a category page.  The rows of every category are kept, made,
 * in DIR/.policydiff-site/c/<CATEGORY>.rows, so that a run where one
 * policy changed merges that policy's rows with the others' without
 * reading the others' versions. */
typedef struct {
    int64_t t;
    const char *pol;
    const char *html;
    size_t hlen;
} cat_row;

/* Where finished pages go (site_emit_page: a file, counted in the stats). */
typedef struct {
    int (*emit)(void *payload, const char *rel, pd_buf *page, int if_changed);
    void *payload;
} page_sink;

typedef struct {
    site_ctx *c;
    pd_site_stats *st;
    json_t *aux; /* pages written by this run other than version pages (keys) */
} emit_state;

/* One run of pd_site_render: the context and what the steps of
 * site_plan.c hand each other. */
typedef struct {
    site_ctx c;
    pd_site_stats st;
    json_t *old; /* the last manifest (any format; borrowed), or NULL */
    int layout_ok;
    json_t *oldpols, *oldcats, *oldaux; /* borrowed from old */
    json_int_t gen;
    pd_site_policy *pl; /* from the source; the policies' names point into it */
    size_t npl;
    json_t *aux;       /* pages other than version pages written (keys) */
    json_t *jcats;     /* the manifest's "categories" */
    const char **drop; /* policies whose kept category rows go, sorted */
    size_t ndrop;
    size_t catcounts[PD_CAT_COUNT];
    size_t total;   /* versions on the site */
    json_t *allnew; /* after a manifest of the first layout: every version page */
    json_t *feeds;  /* the manifest's "feeds": the entries of each feed not per policy */
    emit_state es;
    page_sink sink;
} site_run;

extern const char site_css[];
extern const size_t site_css_len;

/* ---- site_pages.c ---- */
void site_date_only(char out[11], int64_t t);
/* Appends the page of version v of the policy in site directory dir:
 * "p/<dir>/<YYYYMMDD>-<hhmmss>-<commit7>.html". */
int site_version_page_name(pd_buf *b, const char *dir, const pd_site_version *v);
int site_version_page(pd_buf *b, site_ctx *c, const site_ver *sv, const pd_diff *d);
int site_policy_page(pd_buf *b, site_ctx *c, const site_pol *p);
/* The two index pages (by last change, by name) into the sink. */
int site_index_pages(const site_ctx *c, size_t total_versions, const page_sink *sink);
int site_cmp_rows(const void *a, const void *b);
void site_cat_row_html(pd_buf *b, const site_ver *sv, const site_cat *k, const char *dir);
void site_cat_page_name(char *out, size_t size, unsigned bit, size_t page);
size_t site_cat_npages(size_t n);
int site_category_pages(const site_ctx *c, unsigned bit, const cat_row *rows, size_t n,
                        const page_sink *sink, int if_changed);
void site_categories_index(pd_buf *b, const size_t *counts);

/* ---- site_manifest.c ---- */
int site_put_file(const char *root, const char *rel, const pd_buf *data, int if_changed,
                  int *written);
int site_make_dir(const char *path);
json_t *site_manifest_entry(const site_ver *sv, const site_ctx *c);
int site_reuse_entry(site_ver *sv, const site_ctx *c, json_t *pages);
int site_emit_page(void *payload, const char *rel, pd_buf *page, int if_changed);
int site_check_dir(const char *dir, int *fresh);
json_t *site_load_json(const char *dir, const char *rel);
size_t site_jsize(json_t *o, const char *key);
int64_t site_jtime(json_t *o, const char *key);
const char *site_jstr(json_t *o, const char *key);
void site_unlink_rel(const char *dir, const char *rel, pd_site_stats *st);
int site_rel_path(pd_buf *out, const char *kind, const char *name, const char *ext);
int site_cmp_pol_name(const void *key, const void *elem);
int site_cmp_str_pp(const void *a, const void *b);
unsigned site_cat_index(unsigned bit);
void site_old_cat(size_t *n, uint64_t *h, json_t *old, unsigned ci);
int site_category_update(site_ctx *c, unsigned bit, const char **drop, size_t ndrop, json_t *oldcat,
                         json_int_t gen, const page_sink *sink, size_t *count);
json_t *site_policy_entry(const site_pol *p);
void site_policy_from_entry(site_pol *p, json_t *e);
int site_manifest_ok(json_t *m, const pd_site_options *opts);
/* Each changed policy's manifest, the pages its versions left removed. */
int site_policy_manifests(site_run *r, json_t *jpols);
/* Pages of policies gone from the source, or left by the last run. */
int site_remove_stale(site_run *r);
/* DIR/.policydiff-site.json, written last and synced: a later run trusts it. */
int site_write_manifest(site_run *r, json_t *jpols);

/* ---- feed.c: what the site's feeds take from the feeds ---- */
/* The <entry> of version v (site directory dir) with links relative to the
 * site's root; first: v is its policy's first version (d against ""). */
int site_feed_entry(pd_buf *b, const pd_site_version *v, const char *dir, const pd_diff *d,
                    int first);
/* v's Atom <updated>: its updated, never before its capture. */
int64_t site_version_updated(const pd_site_version *v);
/* The XML declaration and <feed> up to its first entry; xml_base (may be
 * NULL) its xml:base, base the prefix of its link. */
void site_feed_head(pd_buf *b, const pd_feed_options *o, const char *xml_base, const char *base,
                    int64_t updated);

/* ---- site_feeds.c ---- */
/* SITE_DATA/e/<dir>@<stem>.xml, where the entry of the version page
 * p/<dir>/<stem>.html is kept. */
int site_entry_rel(pd_buf *out, const char *page);
/* Keeps the Atom entry of sv (its page being written). */
int site_write_entry(const site_ctx *c, const site_ver *sv, const pd_diff *d);
/* Every feed: feed.xml, low/medium/high.xml, c/<CATEGORY>.xml (their
 * entries in r->feeds), p/<POLICY>/feed.xml; rewritten only when their
 * entries change. */
int site_feeds(site_run *r);

#endif
