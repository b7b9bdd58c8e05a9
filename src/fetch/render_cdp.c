/* render_cdp.c - the DevTools protocol over chromium's pipe: messages are
 * JSON objects ended by a NUL byte, commands {id, method, params,
 * sessionId} answered by {id, result|error}, events {method, params}
 * between them.  Loads a page and waits as render.h says. */
#define _GNU_SOURCE /* memmem */
#include "fetch/addr.h"
#include "fetch/render_internal.h"
#include "util/error.h"

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Re-budgets of virtual time while waiting for a selector, before giving up. */
#define MAX_BUDGETS 6
/* How often the selector is looked for (real ms). */
#define CSS_POLL_MS 250

static const char *str_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = s && *s ? strdup(s) : NULL;
}

/* chromium went away: says so with the last line of its standard error. */
static int browser_gone(pd_cdp *c, const char *doing)
{
    char tail[320];
    c->gone = 1;
    pd_render_stderr_tail(tail, sizeof(tail), c);
    return pd_error_set(PD_ENET, "chromium exited while %s%s%s", doing, tail[0] ? ": " : "", tail);
}

/* Sends one command (params stolen; NULL: {}) to session (NULL: the
 * browser); its id in *id. */
static int send_to(int *id, pd_cdp *c, const char *method, json_t *params, const char *session)
{
    json_t *m = json_object();
    char *s = NULL;
    size_t len, off = 0;
    int rc = 0;

    *id = c->next_id++;
    if (m) {
        json_object_set_new(m, "id", json_integer(*id));
        json_object_set_new(m, "method", json_string(method));
        json_object_set_new(m, "params", params ? params : json_object());
        if (session)
            json_object_set_new(m, "sessionId", json_string(session));
        s = json_dumps(m, JSON_COMPACT);
    } else {
        json_decref(params);
    }
    json_decref(m);
    if (!s)
        return PD_ENOMEM_SET();
    len = strlen(s) + 1; /* the NUL ends the message */
    while (off < len && !rc) {
        struct pollfd pfd = {c->fd, POLLOUT, 0};
        int64_t left = c->deadline - pd_render_now_ms();
        ssize_t w;
        if (left <= 0)
            rc = pd_error_set(PD_ENET, "chromium did not take a command within the time limit");
        else if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) > 0 &&
                 (w = send(c->fd, s + off, len - off, MSG_NOSIGNAL)) >= 0)
            off += (size_t)w;
        else if (errno == EPIPE || errno == ECONNRESET)
            rc = browser_gone(c, "taking a command");
    }
    free(s);
    return rc;
}

/* send_to() the page's session (in_session) or the browser. */
static int send_cmd(int *id, pd_cdp *c, const char *method, json_t *params, int in_session)
{
    return send_to(id, c, method, params, in_session ? c->session : NULL);
}

/* The next whole message into *msg: 0, 1 when none came before until
 * (monotonic ms), or an error. */
static int read_msg(json_t **msg, pd_cdp *c, int64_t until, size_t max)
{
    for (;;) {
        const char *nul = c->in.len ? memchr(c->in.ptr, '\0', c->in.len) : NULL;
        struct pollfd pfd = {c->fd, POLLIN, 0};
        int64_t left;
        char chunk[65536];
        ssize_t r;
        if (nul) {
            size_t n = (size_t)(nul - c->in.ptr);
            *msg = json_loadb(c->in.ptr, n, 0, NULL);
            memmove(c->in.ptr, nul + 1, c->in.len - n - 1);
            pd_buf_truncate(&c->in, c->in.len - n - 1);
            if (!*msg)
                return pd_error_set(PD_ENET, "chromium sent a message that is not JSON");
            return 0;
        }
        if ((left = until - pd_render_now_ms()) <= 0)
            return 1;
        if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
            continue;
        if ((r = recv(c->fd, chunk, sizeof(chunk), 0)) <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            return browser_gone(c, "rendering");
        }
        if (c->in.len + (size_t)r > max)
            return pd_error_set(PD_ETOOBIG, "chromium's answer is over %zu MB: the page is too big",
                                max >> 20);
        if (pd_buf_put(&c->in, chunk, (size_t)r))
            return PD_ENOMEM_SET();
    }
}

/* Remembers the first internal address refused (main: it was the page
 * itself, or a response came from one, which fails the render). */
static void note_refused(pd_cdp *c, const char *url, const char *where, const char *range, int main)
{
    if (!c->refused[0] || (main && !c->main_refused))
        snprintf(c->refused, sizeof(c->refused), "%.120s (%s: %.40s)", url, range, where);
    c->main_refused |= main;
}

/* pd_addr_url_internal() for url, one DNS lookup per origin a render (the
 * first 32; later ones each time). */
static const char *url_range(pd_cdp *c, const char *url, char *where, size_t size)
{
    const char *sep = strstr(url, "://");
    size_t n = sep ? (size_t)(sep + 3 - url) + strcspn(sep + 3, "/?#\\") : 0;
    const char *range;
    if (!n || n >= sizeof(c->dns[0].origin))
        return pd_addr_url_internal(url, where, size);
    for (size_t i = 0; i < c->ndns; i++)
        if (!strncmp(c->dns[i].origin, url, n) && !c->dns[i].origin[n]) {
            snprintf(where, size, "%s", c->dns[i].where);
            return c->dns[i].range;
        }
    range = pd_addr_url_internal(url, where, size);
    if (c->ndns < sizeof(c->dns) / sizeof(c->dns[0])) {
        memcpy(c->dns[c->ndns].origin, url, n);
        c->dns[c->ndns].origin[n] = '\0';
        c->dns[c->ndns].range = range;
        snprintf(c->dns[c->ndns].where, sizeof(c->dns[0].where), "%s", range ? where : "");
        c->ndns++;
    }
    return range;
}

/* A request the page is about to make, paused (Fetch domain): continued, or
 * failed when its host is internal.  The answer is not awaited: the
 * command's reply is an event-like message call() passes by. */
static void on_request(pd_cdp *c, json_t *p, const char *session)
{
    json_t *req = json_object_get(p, "request");
    const char *url = str_of(req, "url"), *range;
    char where[64] = "";
    int id;
    if (pd_render_now_ms() >= c->deadline) { /* no more lookups: the render is over */
        send_to(
            &id, c, "Fetch.failRequest",
            json_pack("{s:s,s:s}", "requestId", str_of(p, "requestId"), "errorReason", "TimedOut"),
            session);
        return;
    }
    if ((range = url_range(c, url, where, sizeof(where)))) {
        note_refused(c, url, where, range,
                     !strcmp(str_of(p, "resourceType"), "Document") &&
                         !strcmp(str_of(p, "frameId"), c->target));
        send_to(&id, c, "Fetch.failRequest",
                json_pack("{s:s,s:s}", "requestId", str_of(p, "requestId"), "errorReason",
                          "BlockedByClient"),
                session);
    } else {
        send_to(&id, c, "Fetch.continueRequest",
                json_pack("{s:s}", "requestId", str_of(p, "requestId")), session);
    }
}

/* A response (or a redirect's) that came from an internal address though
 * its request was let through (the name resolved elsewhere for chromium):
 * fails the render.  A proxy of the environment is where chromium connects
 * for every request behind it, wherever it is (addr.h). */
static void check_response(pd_cdp *c, json_t *resp)
{
    struct sockaddr_storage ss;
    const char *ip = str_of(resp, "remoteIPAddress"), *range;
    int port = (int)json_integer_value(json_object_get(resp, "remotePort"));
    if (c->allow_private || !resp || !*ip || !(range = pd_addr_internal_text(ip)))
        return;
    if (pd_addr_parse(&ss, ip, port) && pd_addr_is_proxy((const struct sockaddr *)&ss))
        return;
    note_refused(c, str_of(resp, "url"), ip, range, 1);
}

/* A target attached on its own (Target.setAutoAttach): a frame in another
 * process, a worker, a service worker gets the page's checks (its requests
 * paused and checked, its responses checked, its own children attached)
 * before it runs; a popup window is closed. */
static void on_attached(pd_cdp *c, json_t *p)
{
    json_t *info = json_object_get(p, "targetInfo");
    const char *child = str_of(p, "sessionId"), *type = str_of(info, "type");
    int id;
    if (!*child || !strcmp(str_of(info, "targetId"), c->target))
        return; /* the page itself, seen from the browser */
    if (!strcmp(type, "page") || !strcmp(type, "tab")) {
        send_to(&id, c, "Target.closeTarget",
                json_pack("{s:s}", "targetId", str_of(info, "targetId")), NULL);
        return;
    }
    send_to(&id, c, "Fetch.enable", json_pack("{s:[{s:s}]}", "patterns", "urlPattern", "*"), child);
    send_to(&id, c, "Network.enable", NULL, child);
    send_to(&id, c, "Target.setAutoAttach",
            json_pack("{s:b,s:b,s:b}", "autoAttach", 1, "waitForDebuggerOnStart", 1, "flatten", 1),
            child);
    send_to(&id, c, "Runtime.runIfWaitingForDebugger", NULL, child);
}

/* Keeps what an event says about the page. */
static void on_event(pd_cdp *c, json_t *m)
{
    const char *method = str_of(m, "method"), *session = str_of(m, "sessionId");
    json_t *p = json_object_get(m, "params");
    if (!strcmp(method, "Fetch.requestPaused")) {
        on_request(c, p, *session ? session : NULL);
        return;
    }
    if (!strcmp(method, "Target.attachedToTarget")) {
        on_attached(c, p);
        return;
    }
    if (!strcmp(method, "Target.detachedFromTarget")) {
        if (!strcmp(str_of(p, "sessionId"), c->session))
            c->gone = 1; /* the page's own session: a frame or worker ending is not */
        return;
    }
    if (!strcmp(method, "Network.responseReceived"))
        check_response(c, json_object_get(p, "response"));
    else if (!strcmp(method, "Network.requestWillBeSent"))
        check_response(c, json_object_get(p, "redirectResponse"));
    if (!strcmp(method, "Network.responseReceived") && !strcmp(str_of(p, "type"), "Document") &&
        !strcmp(str_of(p, "frameId"), c->target)) {
        json_t *resp = json_object_get(p, "response");
        /* a new main document (after a script's redirect too): its load is awaited */
        c->status = (long)json_integer_value(json_object_get(resp, "status"));
        set_str(&c->final_url, str_of(resp, "url"));
        set_str(&c->mime, str_of(resp, "mimeType"));
        snprintf(c->loader, sizeof(c->loader), "%s", str_of(p, "loaderId"));
        c->loaded = 0;
    } else if (!strcmp(method, "Page.lifecycleEvent") && !strcmp(str_of(p, "name"), "load") &&
               !strcmp(str_of(p, "frameId"), c->target) && c->loader[0] &&
               !strcmp(str_of(p, "loaderId"), c->loader)) {
        c->loaded = 1;
    } else if (!strcmp(method, "Emulation.virtualTimeBudgetExpired")) {
        c->settled = 1;
    } else if ((!strcmp(method, "Inspector.targetCrashed") && !strcmp(session, c->session)) ||
               (!strcmp(method, "Target.targetCrashed") &&
                !strcmp(str_of(p, "targetId"), c->target))) {
        c->gone = 1;
    }
}

/* Sends a command and reads until its answer (events handled meanwhile);
 * *result (may be NULL) gets its "result", which the caller json_decref()s. */
static int call(json_t **result, pd_cdp *c, const char *method, json_t *params, int in_session)
{
    json_t *m = NULL;
    int id, rc;
    if (result)
        *result = NULL;
    if ((rc = send_cmd(&id, c, method, params, in_session)))
        return rc;
    for (;;) {
        if ((rc = read_msg(&m, c, c->deadline, PD_RENDER_MAX_DOM * 7)) == 1)
            return pd_error_set(PD_ENET, "chromium did not answer %s within the time limit",
                                method);
        if (rc)
            return rc;
        if (json_integer_value(json_object_get(m, "id")) == id)
            break;
        on_event(c, m);
        json_decref(m);
    }
    if (json_object_get(m, "error")) {
        rc = pd_error_set(PD_ENET, "chromium: %s failed: %.200s", method,
                          str_of(json_object_get(m, "error"), "message"));
    } else if (result) {
        *result = json_incref(json_object_get(m, "result"));
    }
    json_decref(m);
    return rc;
}

/* The browser's version, a page target and a session attached to it, its
 * events on. */
static int open_page(pd_render_result *out, pd_cdp *c)
{
    json_t *r = NULL;
    const char *product;
    int rc;
    if ((rc = call(&r, c, "Browser.getVersion", NULL, 0)))
        return rc;
    product = strchr(str_of(r, "product"), '/');
    snprintf(out->browser, sizeof(out->browser), "chromium %s", product ? product + 1 : "");
    json_decref(r);
    if ((rc = call(&r, c, "Target.createTarget", json_pack("{s:s}", "url", "about:blank"), 0)))
        return rc;
    snprintf(c->target, sizeof(c->target), "%s", str_of(r, "targetId"));
    json_decref(r);
    if ((rc = call(&r, c, "Target.attachToTarget",
                   json_pack("{s:s,s:b}", "targetId", c->target, "flatten", 1), 0)))
        return rc;
    snprintf(c->session, sizeof(c->session), "%s", str_of(r, "sessionId"));
    json_decref(r);
    if (!c->target[0] || !c->session[0])
        return pd_error_set(PD_ENET, "chromium gave no page to render in");
    if ((rc = call(NULL, c, "Page.enable", NULL, 1)) ||
        (rc = call(NULL, c, "Network.enable", NULL, 1)) ||
        (rc = call(NULL, c, "Page.setLifecycleEventsEnabled", json_pack("{s:b}", "enabled", 1), 1)))
        return rc;
    if (c->allow_private)
        return 0;
    /* every request paused, to check its host: the page's, and those of
     * the frames, workers and windows it starts, each attached (and paused
     * until it has the same checks) as it starts */
    if ((rc = call(NULL, c, "Fetch.enable", json_pack("{s:[{s:s}]}", "patterns", "urlPattern", "*"),
                   1)) ||
        (rc = call(
             NULL, c, "Target.setAutoAttach",
             json_pack("{s:b,s:b,s:b}", "autoAttach", 1, "waitForDebuggerOnStart", 1, "flatten", 1),
             1)) ||
        (rc = call(
             NULL, c, "Target.setAutoAttach",
             json_pack("{s:b,s:b,s:b}", "autoAttach", 1, "waitForDebuggerOnStart", 1, "flatten", 1),
             0)))
        return rc;
    return 0;
}

/* Loads url; a page chromium cannot load (net::ERR_...) is PD_ENET. */
static int navigate(pd_cdp *c, const char *url)
{
    json_t *r = NULL;
    int rc = call(&r, c, "Page.navigate", json_pack("{s:s}", "url", url), 1);
    if (rc)
        return rc;
    if (*str_of(r, "errorText"))
        rc = pd_error_set(PD_ENET, "chromium could not load %.300s: %s", url,
                          str_of(r, "errorText"));
    else if (!c->loader[0]) /* no network response (file:, data:) */
        snprintf(c->loader, sizeof(c->loader), "%s", str_of(r, "loaderId"));
    json_decref(r);
    return rc;
}

/* Lets the page's clock run budget_ms while nothing is pending. */
static int give_budget(pd_cdp *c, long budget_ms)
{
    c->settled = 0;
    return call(NULL, c, "Emulation.setVirtualTimePolicy",
                json_pack("{s:s,s:I}", "policy", "pauseIfNetworkFetchesPending", "budget",
                          (json_int_t)budget_ms),
                1);
}

/* 1 when an element matches css, 0 when none does (or chromium cannot
 * read the selector), or an error. */
static int css_found(pd_cdp *c, const char *css)
{
    json_t *r = NULL, *s = json_string(css);
    char *quoted = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
    pd_buf expr = PD_BUF_INIT;
    int rc;
    json_decref(s);
    if (!quoted)
        return PD_ENOMEM_SET();
    pd_buf_printf(&expr,
                  "(function(){try{return !!document.querySelector(%s);}catch(e){return "
                  "false;}})()",
                  quoted);
    free(quoted);
    if (pd_buf_error(&expr))
        rc = PD_ENOMEM_SET();
    else
        rc = call(&r, c, "Runtime.evaluate",
                  json_pack("{s:s,s:b}", "expression", expr.ptr, "returnByValue", 1), 1);
    if (!rc)
        rc = json_is_true(json_object_get(json_object_get(r, "result"), "value"));
    json_decref(r);
    pd_buf_dispose(&expr);
    return rc;
}

/* What waiting for the page has seen. */
typedef struct {
    int budgets;     /* virtual-time budgets given */
    int64_t css_at;  /* when wait_css first matched (0: not yet) */
    int64_t polled;  /* when it was last looked for */
    const char *why; /* for the message at the deadline */
} wait_state;

/* One step of waiting: 1 when the page is ready, 0 to go on, or an error. */
static int wait_step(pd_render_result *out, pd_cdp *c, const pd_render_options *o, wait_state *w)
{
    int64_t now = pd_render_now_ms();
    const char *css = o->wait_css && *o->wait_css ? o->wait_css : NULL;
    int rc;
    if (c->gone)
        return browser_gone(c, "rendering");
    if (c->settled && c->loaded) {
        if (!css || (rc = css_found(c, css)) == 1)
            return 1;
        if (rc < 0)
            return rc;
        if (w->budgets >= MAX_BUDGETS)
            return pd_error_set(PD_ENET,
                                "no element matching '%.100s' appeared in the rendered page "
                                "(it ran %ld s of its timers with nothing left to load)",
                                css, (long)(o->settle_ms * w->budgets / 1000));
        w->budgets++;
        return give_budget(c, o->settle_ms);
    }
    w->why = c->loaded ? "requests were still pending" : "the page was still loading";
    if (css && c->loader[0] && now - w->polled >= CSS_POLL_MS) {
        w->polled = now;
        if ((rc = css_found(c, css)) < 0)
            return rc;
        if (rc && !w->css_at)
            w->css_at = now;
    }
    /* a page whose requests never end (a long poll, a chat widget): taken
     * once the selector is there, settle_ms later */
    if (w->css_at && now - w->css_at >= o->settle_ms) {
        snprintf(out->note, sizeof(out->note), "%s; taken %ld s after '%.80s' appeared", w->why,
                 (long)(o->settle_ms / 1000), css);
        return 1;
    }
    return 0;
}

/* Waits until the page settled (and wait_css matches), or fails at the
 * deadline. */
static int wait_ready(pd_render_result *out, pd_cdp *c, const pd_render_options *o)
{
    wait_state w = {.budgets = 1, .css_at = 0, .polled = 0, .why = "the page was still loading"};
    json_t *m = NULL;
    int rc;
    if ((rc = give_budget(c, o->settle_ms > 0 ? o->settle_ms : 5000)))
        return rc;
    while (!(rc = wait_step(out, c, o, &w))) {
        int64_t now = pd_render_now_ms();
        if (now >= c->deadline) {
            const char *css = o->wait_css && *o->wait_css ? o->wait_css : NULL;
            return pd_error_set(PD_ENET,
                                "chromium: the page did not settle within %ld s (%s)%s%.100s%s",
                                (long)(o->timeout_ms / 1000), w.why,
                                css ? "; no element matching '" : "", css ? css : "",
                                css ? "' appeared"
                                    : "; give the policy a select selector to "
                                      "wait for instead");
        }
        rc = read_msg(&m, c, now + CSS_POLL_MS < c->deadline ? now + CSS_POLL_MS : c->deadline,
                      PD_RENDER_MAX_DOM * 7);
        if (rc < 0)
            return rc;
        if (rc == 0) {
            on_event(c, m);
            json_decref(m);
        }
    }
    return rc < 0 ? rc : 0;
}

/* The DOM as HTML after a UTF-8 byte order mark, and the main document's
 * status, URL and type, into out. */
static int read_dom(pd_render_result *out, pd_cdp *c, const pd_render_options *o)
{
    json_t *r = NULL;
    const char *html;
    size_t len, max = o->max_dom ? o->max_dom : PD_RENDER_MAX_DOM;
    int rc = call(&r, c, "Runtime.evaluate",
                  json_pack("{s:s,s:b}", "expression",
                            "document.documentElement ? document.documentElement.outerHTML : ''",
                            "returnByValue", 1),
                  1);
    if (rc)
        return rc;
    html = json_string_value(json_object_get(json_object_get(r, "result"), "value"));
    len = html ? json_string_length(json_object_get(json_object_get(r, "result"), "value")) : 0;
    if (len > max) {
        rc = pd_error_set(PD_ETOOBIG, "the rendered page is %zu bytes, over the %zu-byte limit",
                          len, max);
    } else {
        pd_buf_put(&out->dom, "\xef\xbb\xbf", 3);
        pd_buf_put(&out->dom, html ? html : "", len);
        rc = pd_buf_error(&out->dom);
    }
    json_decref(r);
    if (rc)
        return rc;
    out->status = c->status;
    out->final_url = c->final_url ? strdup(c->final_url) : NULL;
    out->content_type = c->mime ? strdup(c->mime) : NULL;
    if ((c->final_url && !out->final_url) || (c->mime && !out->content_type))
        return PD_ENOMEM_SET();
    return 0;
}

/* The error of a render that met an internal address where it may not. */
static int refused_error(pd_cdp *c, const char *url)
{
    return pd_error_set(PD_ENET,
                        "%.200s: the browser was refused %s, an internal address; give "
                        "--allow-private (or allow-private = true in the policy's section of "
                        "policies.conf) for an intranet page",
                        url, c->refused);
}

int pd_cdp_render(pd_render_result *out, pd_cdp *c, const char *url, const pd_render_options *o)
{
    char why[512];
    int rc, id;
    c->allow_private = o->allow_private;
    rc = open_page(out, c);
    if (!rc)
        rc = navigate(c, url);
    if (!rc)
        rc = wait_ready(out, c, o);
    if (!rc && !c->main_refused)
        rc = read_dom(out, c, o);
    if (c->main_refused) /* whatever else went wrong: the page was not loaded for this */
        rc = refused_error(c, url);
    if (rc)
        snprintf(why, sizeof(why), "%s", pd_error_last());
    if (!c->gone) {
        /* the answer is not awaited (the process is stopped next), and
         * this does not replace the error that ended the run */
        c->deadline = pd_render_now_ms() + 1000;
        send_cmd(&id, c, "Browser.close", NULL, 0);
    }
    if (rc)
        pd_error_set(rc, "%s", why);
    return rc;
}
