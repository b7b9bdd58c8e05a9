/*
 * render_internal.h - what render.c (the chromium process and its
 * directory) and render_cdp.c (the DevTools protocol over the pipe) share.
 * Not a public header: fetch/render.h is.
 */
#ifndef PD_RENDER_INTERNAL_H
#define PD_RENDER_INTERNAL_H

#include <stdint.h>
#include <sys/types.h>

#include "fetch/render.h"
#include "util/buf.h"

/* One DevTools session with a running chromium. */
typedef struct {
    int fd;            /* our end of the socket chromium has as 3 and 4 */
    pid_t pid;         /* chromium, leader of its own process group */
    int64_t deadline;  /* monotonic ms: the whole run ends here */
    pd_buf in;         /* bytes read that do not make a whole message yet */
    int next_id;       /* of the next command */
    char session[128]; /* the page's session id (flattened attach) */
    char target[128];  /* the page's target id (also its main frame id) */
    char loader[128];  /* the loader of the main document awaited */
    int loaded;        /* the main frame fired its load event */
    int settled;       /* the virtual-time budget ran out: nothing pending */
    int gone;          /* the page crashed or the browser went away */
    int allow_private; /* internal addresses allowed (else paused and failed) */
    char refused[200]; /* the first internal address refused, "URL (range)" */
    int main_refused;  /* that was the main document (or a response came from one) */
    struct {
        char origin[160];  /* "https://cdn.example:443": scheme and authority */
        const char *range; /* its host's internal range, or NULL */
        char where[64];
    } dns[32]; /* the hosts looked up for paused requests (one lookup each) */
    size_t ndns;
    long status;       /* of the main document's response */
    char *final_url;   /* of that response (owned) */
    char *mime;        /* of that response (owned) */
    char errlog[1100]; /* chromium's standard error, a file in the run directory */
} pd_cdp;

/* Monotonic milliseconds. */
int64_t pd_render_now_ms(void);

/* Drives the session: loads url, waits as render.h says, and fills out
 * (status, final URL, MIME type, browser, note, DOM).  The caller starts
 * and stops chromium. */
int pd_cdp_render(pd_render_result *out, pd_cdp *c, const char *url, const pd_render_options *o);

/* The last line of chromium's standard error that says something (dbus
 * noise skipped) into out, or "" (for messages). */
void pd_render_stderr_tail(char *out, size_t size, const pd_cdp *c);

#endif
