/*
 * site.h - the "report" stage for people: a store rendered as a static site.
 *
 * pd_site_render() writes into dir:
 *   index.html            every policy, most recently changed first
 *   by-name.html          the same list sorted by name
 *   style.css             the one shared style sheet (light and dark)
 *   p/<POLICY>/index.html one page per policy: an inline SVG timeline (one
 *                         mark per version, shaped and coloured by its worst
 *                         severity) and the list of versions
 *   p/<POLICY>/<V>.html   one page per version: the clause-level diff
 *                         against the previous version (align.h), side by
 *                         side with word highlights, cosmetic changes folded
 *   c/<CATEGORY>.html     one page per category (classify.h) listing every
 *                         version that changed it, newest first, in pages of
 *                         PD_SITE_ROWS_PER_PAGE rows (c/<CATEGORY>-2.html...)
 *   feed.xml              Atom 1.0 feed (report/feed.h) of every policy's
 *                         versions, newest first, at most PD_FEED_MAX_ENTRIES
 *   low.xml, medium.xml, high.xml  the same of versions with a change of at
 *                         least that severity
 *   p/<POLICY>/feed.xml   the feed of one policy
 *   c/<CATEGORY>.xml      the feed of the versions that changed a category
 *   .policydiff-site.json the manifest: per policy the tip of its versions
 *                         and the summary the index and category pages need
 *   .policydiff-site/p/<POLICY>.json  its version pages, each with the commit
 *                         and parent commit it was made from (headline, worst
 *                         severity, categories)
 *   .policydiff-site/c/<CATEGORY>.rows  the rows of that category's pages
 *   .policydiff-site/e/<POLICY>@<page>.xml  the Atom entry of a version page
 * <POLICY> is the policy name with '/' written as '~' (and a leading '.' as
 * "~."), so every policy is one directory.  Pages are self-contained: no
 * scripts, no external fonts or assets; every text from the store is
 * escaped.
 *
 * Incremental: a policy whose tip and URL are those of the last run is
 * skipped (its versions are not read); of a policy that changed, a version
 * page is written only when its manifest does not already list it for the
 * same commit and parent (or opts->full is set); category pages are made
 * again only when a changed policy's rows in them changed, the indexes
 * from the per-policy summaries; pages are written only when their bytes
 * change; pages of versions that left the store are removed.  A feed is
 * made again only when the entries it lists change (the manifest keeps
 * them); the entries are kept with their version pages.  Feeds link with
 * xml:base: opts->base_url, or relative to where the feed is.  A manifest
 * of another layout (or another since) makes one full render.  Diffs of new
 * versions run on opts->jobs threads, each reading texts through its own
 * payload (pd_site_source.fork).  A manifest of another base_url also
 * makes one full render.
 *
 * The data comes from a pd_site_source (below): report does not read the
 * store itself; the orchestration floor hands it the policies, their
 * versions and their texts (ingest/site_run.h does it from the store).
 * The source is asked lazily: the tip and last capture of every policy,
 * the versions of the policies that changed, and the texts of the versions
 * whose page is made.
 *
 * dir must be missing, empty, or a site written before (it has the
 * manifest): anything else is refused with PD_EEXISTS, so the renderer
 * never mixes its files with somebody else's.
 *
 * Ownership: everything is borrowed; arrays a source callback hands back
 * are the renderer's, which frees them with pd_site_policies_free() and
 * pd_site_versions_free() (so the source allocates them with malloc).
 * Errors: 0 or a negative PD_E* code with pd_error_last() set (PD_EIO for
 * the file system, or what a source callback returned; PD_EEXISTS as above, PD_ENOMEM).
 */
#ifndef PD_SITE_H
#define PD_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define PD_SITE_MANIFEST ".policydiff-site.json"
#define PD_SITE_ROWS_PER_PAGE 500

typedef struct {
    int64_t since;        /* only versions captured at or after this (INT64_MIN: all) */
    int full;             /* rewrite every page */
    int jobs;             /* diff threads; 0: one per CPU, at most 8 */
    const char *base_url; /* http(s) address the site is published at (the
                             feeds' xml:base), or NULL: links relative */
} pd_site_options;

#define PD_SITE_OPTIONS_INIT                                                                       \
    {                                                                                              \
        .since = INT64_MIN, .full = 0, .jobs = 0, .base_url = NULL                                 \
    }

typedef struct {
    size_t policies;         /* policies on the site */
    size_t versions;         /* versions on the site */
    size_t versions_written; /* version pages (re)written this run */
    size_t versions_kept;    /* version pages left as they were */
    size_t pages_written;    /* index, policy, category pages and style.css written */
    size_t pages_unchanged;  /* the same, already up to date */
    size_t pages_removed;    /* stale version or category pages removed */
} pd_site_stats;

/* A policy on the site: every policy with versions, and every configured
 * one (with or without versions). */
typedef struct {
    char *name; /* "github/privacy" */
    char *url;  /* its configured URL, or NULL when none */
} pd_site_policy;

/* One version of a policy. */
typedef struct {
    char commit[41]; /* what its page is named and cached by */
    char *policy;
    int64_t captured_at; /* seconds since the epoch, UTC */
    char *source;        /* where it was captured from, "" when unknown */
    char *via;           /* "live", "wayback", "file", or "" */
    /* when what its page and feed entry say last changed (the Atom
     * <updated>): its capture time, or a later rebuild that rewrote its
     * text or the text it is compared with; 0: captured_at */
    int64_t updated;
} pd_site_version;

/* Where the site's data comes from.  Every callback returns 0 or a
 * negative PD_E* code with pd_error_last() set, and gets payload last. */
typedef struct {
    /* Every policy, sorted by name. */
    int (*policies)(pd_site_policy **out, size_t *n, void *payload);
    /* An id that changes whenever any of name's versions does ("" when it
     * has none): the site's cache is keyed on it. */
    int (*tip)(char out[41], const char *name, void *payload);
    /* The first and last capture of name, changed or not (INT64_MIN when
     * none). */
    int (*capture_range)(int64_t *first, int64_t *last, const char *name, void *payload);
    /* name's versions captured in [since, until], oldest first. */
    int (*versions)(pd_site_version **out, size_t *n, const char *name, int64_t since,
                    int64_t until, void *payload);
    /* Appends the text (canonical Markdown) of version v to out. */
    int (*text)(pd_buf *out, const pd_site_version *v, void *payload);
    /* A payload for text() on another thread, freed with fork_free; NULL
     * when text() may be called from several threads with payload. */
    int (*fork)(void **out, void *payload);
    void (*fork_free)(void *payload);
    void *payload;
} pd_site_source;

/* Renders the data of src into the directory dir (created when missing).
 * stats may be NULL. */
int pd_site_render(pd_site_stats *stats, const pd_site_source *src, const char *dir,
                   const pd_site_options *opts);

void pd_site_policies_free(pd_site_policy *p, size_t n);
void pd_site_versions_free(pd_site_version *v, size_t n);

/* The directory name of a policy on the site ("github/privacy" ->
 * "github~privacy"); caller frees; NULL when out of memory. */
char *pd_site_policy_dir(const char *name);

#endif
