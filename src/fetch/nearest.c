/* nearest.c - the Wayback capture nearest a date; see nearest.h. */
#include "fetch/nearest.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <string.h>

static int64_t dist(int64_t a, int64_t b)
{
    return a > b ? a - b : b - a;
}

const pd_capture *pd_cdx_closest(const pd_cdx_result *r, int64_t when)
{
    const pd_capture *best = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const pd_capture *c = &r->items[i];
        if (!best || dist(c->time, when) < dist(best->time, when) ||
            (dist(c->time, when) == dist(best->time, when) && c->time < best->time))
            best = c;
    }
    return best;
}

int pd_wayback_nearest(pd_wayback_pick *out, pd_wayback *w, const char *url, int64_t when)
{
    static const int64_t windows[] = {31 * 86400LL, 400 * 86400LL, -1};
    int rc = 0;

    memset(out, 0, sizeof(*out));
    for (size_t k = 0; k < sizeof(windows) / sizeof(windows[0]); k++) {
        pd_cdx_result r;
        char from[16], to[16];
        const pd_capture *best;
        int64_t lo = when - windows[k], hi = when + windows[k];

        memset(&r, 0, sizeof(r));
        if (windows[k] >= 0) {
            pd_time_format_wayback(from, sizeof(from), lo < 0 ? 0 : lo);
            pd_time_format_wayback(to, sizeof(to), hi);
            rc = pd_wayback_list(&r, w, url, from, to, PD_EVERY_DAY);
        } else {
            rc = pd_wayback_list(&r, w, url, NULL, NULL, PD_EVERY_CHANGE);
        }
        if (rc) {
            pd_cdx_result_dispose(&r);
            return rc;
        }
        best = pd_cdx_closest(&r, when);
        if (best) {
            memcpy(out->timestamp, best->timestamp, sizeof(out->timestamp));
            out->timestamp[14] = '\0';
            out->time = best->time;
        }
        pd_cdx_result_dispose(&r);
        if (best)
            return 0;
    }
    return pd_error_set(PD_ENOTFOUND,
                        "the Wayback Machine has no capture of %.300s answering 200; check the "
                        "URL (scheme and trailing slash do not matter, the path does)",
                        url);
}
