/*
 * site_run.h - the store as a static site: reads what the site needs from
 * the store and hands it to the renderer of report/site.h, which never sees
 * the store.
 *
 * Ownership: everything is borrowed; the store handle is only read (each
 * diff thread opens its own handle on the same directory).  The store is
 * read without its lock: a record running at the same time shows up on the
 * next run (pages are named by commit, so nothing mixes).
 * Errors: those of pd_site_render() (report/site.h) and pd_feed_render()
 * (report/feed.h); PD_EIO for git.
 */
#ifndef PD_INGEST_SITE_RUN_H
#define PD_INGEST_SITE_RUN_H

#include "report/feed.h"
#include "report/site.h"
#include "store/store.h"

/* Renders the store s into the directory dir as pd_site_render() does.
 * stats may be NULL. */
int pd_ingest_site_render(pd_site_stats *stats, pd_store *s, const char *dir,
                          const pd_site_options *opts);

/* Appends the Atom feed of the store s that opts selects to out, as
 * pd_feed_render() does (the store read in this thread only). */
int pd_ingest_feed(pd_buf *out, pd_store *s, const pd_feed_options *opts);

#endif
