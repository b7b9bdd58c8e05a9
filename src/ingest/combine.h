/*
 * combine.h - a document combined from several pages, as the Wayback
 * Machine kept it: the first page's capture as listed, each other page's
 * capture nearest that time (the Wayback Machine serves the nearest one),
 * packed as one combined capture (pages.h) for pd_ingest_record().
 *
 * A page served more than PD_COMBINE_MAX_GAP seconds from the first page's
 * time is refused rather than joined: the document would mix two eras.
 *
 * No printing.  Ownership: raw is the caller's; everything else borrowed.
 * Errors: 0, or the Wayback client's error for a page (PD_ENOTFOUND: not
 * archived, or archived too far from the first page's time; PD_ENET,
 * PD_ESUSPICIOUS, ...), its message naming the page ("page 2 of 3 (URL):
 * ..."); PD_ENOMEM.
 */
#ifndef PD_COMBINE_H
#define PD_COMBINE_H

#include "fetch/wayback.h"
#include "normalize/recipe.h"
#include "util/buf.h"

#define PD_COMBINE_MAX_GAP (31 * 86400)

/* The combined capture of r's pages into raw: page 1 is first (its URL
 * first_url, as listed), pages 2.. are downloaded from wb at first's time. */
int pd_combine_wayback(pd_buf *raw, pd_wayback *wb, const pd_recipe *r,
                       const pd_wayback_capture *first, const char *first_url);

#endif
