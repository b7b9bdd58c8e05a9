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
 *   .policydiff-site.json the manifest: per policy the tip of its versions
 *                         and the summary the index and category pages need
 *   .policydiff-site/p/<POLICY>.json  its version pages, each with the commit
 *                         and parent commit it was made from (headline, worst
 *                         severity, categories)
 *   .policydiff-site/c/<CATEGORY>.rows  the rows of that category's pages
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
 * change; pages of versions that left the store are removed.  A manifest
 * of another layout (or another since) makes one full render.  Diffs of new
 * versions run on opts->jobs threads, each with its own store handle.
 *
 * The store is read without its lock: a record running at the same time
 * shows up on the next run (pages are named by commit, so nothing mixes).
 *
 * dir must be missing, empty, or a site written before (it has the
 * manifest): anything else is refused with PD_EEXISTS, so the renderer
 * never mixes its files with somebody else's.
 *
 * Layering: the one part of report that reads the store itself (meson.build
 * lets report use store for it; src/README.md).  The plan is for the
 * orchestration floor to read the versions and hand report the data.
 * Ownership: everything is borrowed; the store handle is only read.
 * Errors: 0 or a negative PD_E* code with pd_error_last() set (PD_EIO for
 * the file system or git, PD_EEXISTS as above, PD_ENOMEM).
 */
#ifndef PD_SITE_H
#define PD_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define PD_SITE_MANIFEST ".policydiff-site.json"
#define PD_SITE_ROWS_PER_PAGE 500

typedef struct {
    int64_t since; /* only versions captured at or after this (INT64_MIN: all) */
    int full;      /* rewrite every page */
    int jobs;      /* diff threads; 0: one per CPU, at most 8 */
} pd_site_options;

#define PD_SITE_OPTIONS_INIT                                                                       \
    {                                                                                              \
        INT64_MIN, 0, 0                                                                            \
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

/* Renders the store s into the directory dir (created when missing).
 * stats may be NULL. */
int pd_site_render(pd_site_stats *stats, pd_store *s, const char *dir, const pd_site_options *opts);

/* The directory name of a policy on the site ("github/privacy" ->
 * "github~privacy"); caller frees; NULL when out of memory. */
char *pd_site_policy_dir(const char *name);

#endif
