/*
 * feed.h - versions of the store as an Atom 1.0 feed (RFC 4287).
 *
 * pd_feed_render() reads policies, versions and texts from a
 * pd_site_source (site.h; ingest/site_run.h makes one over the store),
 * diffs each version against the one before it and writes one Atom
 * document: the newest opts->max_entries versions (PD_FEED_MAX_ENTRIES by
 * default) that pass the filters, newest first.  Each entry has:
 *   id         tag:policydiff,2026:<POLICY>@<YYYYMMDDhhmmss of the capture>
 *              (the policy name and the capture time, so a version rebuilt
 *              from the same capture keeps its id)
 *   title      "<POLICY>: <headline>" (the headline of the site's pages)
 *   published  the capture time (RFC 3339, UTC)
 *   updated    the capture time, or when a rebuild (policydiff rebuild)
 *              last rewrote what the entry is made of: the version's text,
 *              the text of the version before it, or a capture between the
 *              two (pd_site_version.updated; the store gives it from its
 *              history, never the clock), so a reader shows the rebuilt
 *              entry again, in place (same id)
 *   link       the site's page of the version, p/<POLICY>/<page>.html,
 *              after opts->base_url (relative to the site's root without it)
 *   category   one per category the version changed
 *   content    type="html": the headline, the severity and the changes as
 *              the site's version page shows them (report_internal.h's one
 *              renderer)
 * The feed's updated is the latest updated of its entries (1970-01-01T00:00:00Z
 * when it has none), so the same store always gives the same bytes.
 * Every text is escaped for XML; characters XML 1.0 does not allow are
 * dropped.
 *
 * Ownership: everything is borrowed; out is appended to.
 * Errors: 0 or a negative PD_E* code with pd_error_last() set: PD_ENOTFOUND
 * for an opts->policy the source does not know, PD_EINVALID for an
 * opts->base_url that is not http(s), what a source callback returned,
 * PD_ENOMEM.
 */
#ifndef PD_REPORT_FEED_H
#define PD_REPORT_FEED_H

#include <stddef.h>

#include "report/site.h"
#include "util/buf.h"

#define PD_FEED_MAX_ENTRIES 50

typedef struct {
    const char *policy;   /* only this policy's versions; NULL: every policy */
    unsigned category;    /* only versions that changed this PD_CAT_* bit; 0: any */
    int min_severity;     /* only versions whose worst change is at least this; -1: any */
    const char *base_url; /* "https://example.org/site/": links made absolute; NULL: relative */
    size_t max_entries;   /* 0: PD_FEED_MAX_ENTRIES */
} pd_feed_options;

#define PD_FEED_OPTIONS_INIT                                                                       \
    {                                                                                              \
        .policy = NULL, .category = 0, .min_severity = -1, .base_url = NULL, .max_entries = 0      \
    }

/* Appends the feed of src that opts selects to out. */
int pd_feed_render(pd_buf *out, const pd_site_source *src, const pd_feed_options *opts);

#endif
