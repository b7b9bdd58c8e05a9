/*
 * render.h - pages built by client-side scripts, rendered by Debian's
 * headless chromium run as an external process (no browser code in here).
 *
 * pd_render_page() makes a fresh directory (mkdtemp under $TMPDIR) for the
 * run's profile, cache and config, starts chromium with posix_spawn in a
 * process group of its own (headless, that profile, no extensions, no sync
 * or background networking; --no-sandbox only when running as root, which
 * chromium's sandbox refuses), and drives it through the DevTools protocol
 * over a socket it inherits as descriptors 3 and 4
 * (--remote-debugging-pipe): no debugging port is ever opened.  It loads the
 * URL and waits until the page has settled:
 *
 *   - the network is idle and the page's timers have run: chromium's
 *     virtual time, with the policy "pause while network fetches are
 *     pending", given a budget of opts->settle_ms (a page that fetches its
 *     text and writes it after a setTimeout of 2 s is done in well under a
 *     second of real time, and a request still pending holds the clock);
 *   - and, when opts->wait_css is set (the policy's select selectors),
 *     until an element matches it (another budget each time the clock runs
 *     out before it appears).
 *
 * A page whose requests never end (a long poll, a chat widget) is taken
 * once opts->wait_css matches, settle_ms of real time later; without a
 * selector it fails at the deadline.  Then the DOM is serialized
 * (document.documentElement.outerHTML), prefixed with a UTF-8 byte order
 * mark (the serialization is UTF-8 whatever the page's <meta charset> still
 * says; the mark makes the normalizer read it so, also from the raw capture
 * later), and chromium is closed: Browser.close, then SIGKILL to its whole
 * process group after 5 s; the directory is removed in every case.
 *
 * Internal addresses (addr.h) are refused unless opts->allow_private: every
 * request the page makes (the document, its redirects, scripts, frames,
 * fetches) is paused by the DevTools Fetch domain and failed when its host
 * is, or resolves to, a loopback, private, link-local or other internal
 * address (one lookup per origin a render); and every response, a
 * redirect's too, is checked on the address chromium actually connected to
 * (its remoteIPAddress), so a name that resolves elsewhere the second time
 * (DNS rebinding) fails the render rather than being recorded.  The frames
 * of other sites (in processes of their own), workers and service workers
 * are attached as they start and held until they have the same checks;
 * windows the page opens are closed.  A proxy of the environment may be on
 * any address.  A refused main document, or any response from an internal
 * address, fails the render (PD_ENET, naming the address); a refused
 * subresource is only left out of the page.  (WebSocket connections are not
 * paused by the Fetch domain; their handshakes are not checked.  chromium's
 * own local-network checks refuse them from a public page.)
 *
 * The whole run is bounded by opts->timeout_ms.  The main document's HTTP
 * status, final URL (after redirects) and MIME type come back with the DOM,
 * so an error page is refused by the guard as a fetched one is.
 *
 * No printing: chromium's standard error goes to a file in the run's
 * directory, whose last line is quoted when chromium fails to start.
 * Ownership: options are borrowed; the result owns its strings and DOM
 * (pd_render_result_dispose(), safe on PD_RENDER_RESULT_INIT and after a
 * failure).
 * Errors: 0, or a negative PD_E* with pd_error_last() set:
 *   PD_EUNSUPPORTED  no chromium (not at opts->browser / $POLICYDIFF_CHROMIUM,
 *                    not on PATH), or it cannot start here (the message
 *                    says what to install or set);
 *   PD_ENET          the page did not load (net::ERR_...), did not settle,
 *                    or no element matched wait_css before the timeout;
 *                    chromium died while rendering;
 *   PD_ETOOBIG       a DOM over opts->max_dom;
 *   PD_EIO, PD_ENOMEM.
 */
#ifndef PD_RENDER_H
#define PD_RENDER_H

#include <stddef.h>

#include "util/buf.h"

typedef struct {
    const char *browser;         /* NULL: $POLICYDIFF_CHROMIUM, else chromium on PATH */
    long timeout_ms;             /* the whole run, start to DOM (60000) */
    long settle_ms;              /* virtual-time budget: the page's timers (5000) */
    const char *wait_css;        /* also wait until an element matches, or NULL */
    const char *accept_language; /* Accept-Language and the browser's language, or NULL */
    size_t max_dom;              /* refuse a larger DOM (20 MB) */
    int allow_private;           /* let the page and what it loads reach internal addresses */
} pd_render_options;

#define PD_RENDER_MAX_DOM ((size_t)20 * 1024 * 1024)
#define PD_RENDER_OPTIONS_INIT                                                                     \
    {                                                                                              \
        .browser = NULL, .timeout_ms = 60000, .settle_ms = 5000, .wait_css = NULL,                 \
        .accept_language = NULL, .max_dom = PD_RENDER_MAX_DOM, .allow_private = 0                  \
    }

typedef struct {
    long status;        /* HTTP status of the main document; 0 when none (file:) */
    char *final_url;    /* the document's URL after redirects, or NULL */
    char *content_type; /* its MIME type as chromium received it, or NULL */
    char browser[64];   /* "chromium 120.0.6099.224" */
    char note[256];     /* "" or how the wait ended when not by settling */
    pd_buf dom;         /* UTF-8 byte order mark, then the serialized DOM */
} pd_render_result;

#define PD_RENDER_RESULT_INIT                                                                      \
    {                                                                                              \
        .status = 0, .final_url = NULL, .content_type = NULL, .browser = {0}, .note = {0},         \
        .dom = PD_BUF_INIT                                                                         \
    }

/* Renders url (http, https or file) into *out (filled from
 * PD_RENDER_RESULT_INIT first). */
int pd_render_page(pd_render_result *out, const char *url, const pd_render_options *opts);
void pd_render_result_dispose(pd_render_result *r);

/* Fills opts from the environment: POLICYDIFF_CHROMIUM (the binary),
 * POLICYDIFF_RENDER_TIMEOUT_MS, POLICYDIFF_RENDER_SETTLE_MS, and
 * POLICYDIFF_ALLOW_PRIVATE=1 (allow_private, as for HTTP). */
void pd_render_options_from_env(pd_render_options *opts);

#endif
