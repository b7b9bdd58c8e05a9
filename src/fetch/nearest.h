/*
 * nearest.h - the Wayback capture nearest a date, for "what changed between
 * these two dates" without a store.
 *
 * pd_wayback_nearest() asks the CDX server for url's captures answering 200
 * within 31 days of when (one per day), then within 400 days, then over the
 * whole history (one per distinct body), and keeps the capture closest to
 * when; on a tie the earlier one.  Each step is one paced CDX query of the
 * pd_wayback client, so a date with captures nearby costs one request.
 *
 * No printing.  Errors: 0, PD_ENOTFOUND (no capture of url at all), or the
 * client's errors (PD_ENET, PD_EINVALID, PD_ENOMEM) with pd_error_last() set.
 */
#ifndef PD_NEAREST_H
#define PD_NEAREST_H

#include <stdint.h>

#include "fetch/wayback.h"

typedef struct {
    char timestamp[15]; /* as listed by the CDX server */
    int64_t time;       /* the capture time */
} pd_wayback_pick;

int pd_wayback_nearest(pd_wayback_pick *out, pd_wayback *w, const char *url, int64_t when);

/* The closest of r's captures to when (earlier on a tie); NULL when r is empty. */
const pd_capture *pd_cdx_closest(const pd_cdx_result *r, int64_t when);

#endif
