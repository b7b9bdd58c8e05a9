/* Pages built by scripts, rendered by headless chromium (fetch/render.h):
 * the adapter against pd-testserver (waits, language, status, clean-up),
 * and fetch, check and backfill --render through the CLI.  Skipped, with
 * the reason, where chromium is missing or cannot start. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/render.h"
#include "fetch/server.h"
#include "support/testutil.h"
#include "util/error.h"

static char *dir;
static char store[1024], tmp[1024];
static pd_test_server srv;

/* "" when chromium renders here, else why not (said by the skip). */
static const char *chromium_missing(void)
{
    static char why[600];
    static int probed;
    pd_render_result r = PD_RENDER_RESULT_INIT;
    pd_render_options o = PD_RENDER_OPTIONS_INIT;
    int rc;
    if (probed)
        return why;
    probed = 1;
    o.timeout_ms = 60000;
    rc = pd_render_page(&r, "data:text/html,<p>probe</p>", &o);
    if (rc == PD_EUNSUPPORTED || (rc && strstr(pd_error_last(), "exited")))
        snprintf(why, sizeof(why), "%s", pd_error_last());
    else
        cr_assert_eq(rc, 0, "the probe failed: %s", pd_error_last());
    pd_render_result_dispose(&r);
    return why;
}

#define NEED_CHROMIUM()                                                                            \
    do {                                                                                           \
        if (*chromium_missing())                                                                   \
            cr_skip_test("chromium cannot render here: %s", chromium_missing());                   \
    } while (0)

static void setup(void)
{
    pd_test_run_result r;
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    setenv("POLICYDIFF_CDX_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CAPTURE_INTERVAL_MS", "0", 1);
    unsetenv("POLICYDIFF_CHROMIUM");
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(tmp, sizeof(tmp), "%.900s/tmp", dir);
    cr_assert_eq(mkdir(tmp, 0700), 0);
    /* chromium's run directories go here: the tests see them removed */
    setenv("TMPDIR", tmp, 1);
    pd_test_server_start(&srv, pd_test_path("fetch/fixtures/render"), NULL);
    pd_test_run(&r, NULL, (const char *const[]){"init", store, NULL});
    cr_assert_eq(r.status, 0, "init: %s", r.err.ptr);
    pd_test_run_dispose(&r);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    unsetenv("TMPDIR");
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(render, .init = setup, .fini = teardown, .timeout = 240);

/* Nothing is left in $TMPDIR: every run's directory was removed. */
static void tmp_is_empty(void)
{
    DIR *d = opendir(tmp);
    struct dirent *e;
    cr_assert(d);
    while ((e = readdir(d)))
        cr_assert(!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."), "left behind: %s",
                  e->d_name);
    closedir(d);
}

static void run(pd_test_run_result *r, const char *const *args)
{
    const char *argv[32] = {"-C", store};
    size_t n = 2;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pd_test_run(r, NULL, argv);
}

static void url_of(char *out, size_t size, const char *path)
{
    snprintf(out, size, "%s%s", srv.base, path);
}

/* A port that takes connections and never answers (the kernel completes
 * them; nobody accepts): a request to it stays pending. */
static int silent_port(int *fd)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t len = sizeof(a);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert((*fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
    cr_assert_eq(bind(*fd, (struct sockaddr *)&a, sizeof(a)), 0);
    cr_assert_eq(listen(*fd, 16), 0);
    cr_assert_eq(getsockname(*fd, (struct sockaddr *)&a, &len), 0);
    return ntohs(a.sin_port);
}

Test(render, the_adapter_waits_asks_for_the_language_and_cleans_up)
{
    pd_render_result r = PD_RENDER_RESULT_INIT;
    pd_render_options o = PD_RENDER_OPTIONS_INIT;
    char url[256];
    int fd;
    NEED_CHROMIUM();
    o.allow_private = 1; /* the server is on 127.0.0.1 */
    /* written by a script 1.5 s after its data came: the page's clock runs
     * ahead while nothing is pending */
    url_of(url, sizeof(url), "/app.html");
    o.wait_css = "#policy";
    cr_assert_eq(pd_render_page(&r, url, &o), 0, "%s", pd_error_last());
    cr_assert_eq(r.status, 200);
    cr_assert(!strncmp(r.dom.ptr, "\xef\xbb\xbf", 3), "the DOM starts with a byte order mark");
    cr_assert(strstr(r.dom.ptr, "<h2>Sharing</h2><p>We do not sell"), "%s", r.dom.ptr);
    cr_assert(!strncmp(r.browser, "chromium ", 9), "%s", r.browser);
    cr_assert_str_eq(r.note, "");
    pd_render_result_dispose(&r);
    /* a request that never ends: taken once the selector is there */
    snprintf(url, sizeof(url), "%s/pending.html?port=%d", srv.base, silent_port(&fd));
    o.wait_css = "#terms";
    o.settle_ms = 1000;
    cr_assert_eq(pd_render_page(&r, url, &o), 0, "%s", pd_error_last());
    cr_assert(strstr(r.note, "requests were still pending"), "%s", r.note);
    cr_assert(strstr(r.dom.ptr, "fourteen days"));
    pd_render_result_dispose(&r);
    /* ... and without one, an error at the deadline, never a half page */
    o.wait_css = NULL;
    o.timeout_ms = 3000;
    cr_assert_eq(pd_render_page(&r, url, &o), PD_ENET);
    cr_assert(strstr(pd_error_last(), "did not settle within 3 s"), "%s", pd_error_last());
    cr_assert_eq(r.dom.len, 0);
    /* a selector that never appears fails once the page's timers ran out */
    url_of(url, sizeof(url), "/nothing.html");
    o.wait_css = "main";
    o.timeout_ms = 60000;
    o.settle_ms = 500;
    cr_assert_eq(pd_render_page(&r, url, &o), PD_ENET);
    cr_assert(strstr(pd_error_last(), "no element matching 'main' appeared"), "%s",
              pd_error_last());
    /* the language, the status */
    url_of(url, sizeof(url), "/_echo");
    o.wait_css = NULL;
    o.accept_language = "fr-CA";
    cr_assert_eq(pd_render_page(&r, url, &o), 0, "%s", pd_error_last());
    cr_assert(strstr(r.dom.ptr, "Accept-Language: fr-CA"), "%s", r.dom.ptr);
    pd_render_result_dispose(&r);
    url_of(url, sizeof(url), "/missing.html");
    cr_assert_eq(pd_render_page(&r, url, &o), 0, "%s", pd_error_last());
    cr_assert_eq(r.status, 404);
    pd_render_result_dispose(&r);
    close(fd);
    tmp_is_empty();
}

Test(render, a_page_built_by_a_script_records_its_text_through_chromium)
{
    pd_test_run_result r;
    char url[256];
    NEED_CHROMIUM();
    url_of(url, sizeof(url), "/app.html");
    run(&r, (const char *const[]){"add", "shop", url, "--render", "--select", "#policy", NULL});
    cr_assert_eq(r.status, 0, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"add", "plain", url, NULL});
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"fetch", NULL});
    cr_assert(strstr(r.out.ptr, "shop: new version\n"), "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"show", "shop", NULL});
    cr_assert_str_eq(r.out.ptr, "# Example Shop Privacy Policy\n\n## What we collect\n\nWe collect "
                                "your e-mail address and your orders.\nWe keep them for two "
                                "years.\n\n## Sharing\n\nWe do not sell your personal "
                                "information to anyone.\n");
    pd_test_run_dispose(&r);
    /* read as plain HTML, the same page has no policy text */
    run(&r, (const char *const[]){"show", "plain", NULL});
    cr_assert(!strstr(r.out.ptr, "We collect"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    pd_test_run(&r, NULL,
                (const char *const[]){"-C", store, "log", "shop", "--format", "json", NULL});
    cr_assert(strstr(r.out.ptr, "\"via\": \"live\""), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    /* check renders too: the same text, nothing to report */
    run(&r, (const char *const[]){"check", "shop", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert_str_eq(r.out.ptr, "");
    pd_test_run_dispose(&r);
    tmp_is_empty();
}

/* The browser may not reach internal addresses unless allowed: neither the
 * page itself (by address, by a name that resolves to one) nor what it
 * loads; the policy fails saying so, and nothing is recorded. */
Test(render, internal_addresses_are_refused_to_the_browser_unless_allowed)
{
    pd_render_result r = PD_RENDER_RESULT_INIT;
    pd_render_options o = PD_RENDER_OPTIONS_INIT;
    pd_test_run_result t;
    char url[256], page[1100], path[1024];
    FILE *f;
    NEED_CHROMIUM();
    url_of(url, sizeof(url), "/app.html");
    cr_assert_eq(pd_render_page(&r, url, &o), PD_ENET);
    cr_assert(strstr(pd_error_last(), "the browser was refused http://127.0.0.1:"), "%s",
              pd_error_last());
    cr_assert(strstr(pd_error_last(), "(loopback: 127.0.0.1), an internal address; give "
                                      "--allow-private"),
              "%s", pd_error_last());
    cr_assert_eq(r.dom.len, 0);
    cr_assert_eq(pd_test_server_count(&srv, "/app.html"), 0, "no request reached the server");
    snprintf(url, sizeof(url), "http://localhost:%d/app.html", srv.port);
    cr_assert_eq(pd_render_page(&r, url, &o), PD_ENET);
    cr_assert(strstr(pd_error_last(), "(loopback: localhost)"), "%s", pd_error_last());
    cr_assert_eq(pd_test_server_count(&srv, "/app.html"), 0);
    /* a page elsewhere that loads a script from an internal address: the
     * page is rendered without it, and the request never left */
    snprintf(path, sizeof(path), "%.900s/page.html", dir);
    cr_assert((f = fopen(path, "w")));
    fprintf(f, "<h1>Privacy</h1><p>We keep your data.</p><script src=\"%s/secret.js\"></script>",
            srv.base);
    fclose(f);
    snprintf(page, sizeof(page), "file://%s", path);
    cr_assert_eq(pd_render_page(&r, page, &o), 0, "%s", pd_error_last());
    cr_assert(strstr(r.dom.ptr, "We keep your data."), "%s", r.dom.ptr);
    cr_assert(!strstr(r.dom.ptr, "internal secret"), "%s", r.dom.ptr);
    cr_assert_eq(pd_test_server_count(&srv, "/secret.js"), 0);
    pd_render_result_dispose(&r);
    /* allowed: the same page gets it (so the refusal above is what kept it out) */
    o.allow_private = 1;
    cr_assert_eq(pd_render_page(&r, page, &o), 0, "%s", pd_error_last());
    cr_assert(strstr(r.dom.ptr, "internal secret 7f3a"), "%s", r.dom.ptr);
    pd_render_result_dispose(&r);
    /* through the CLI: the policy fails with what to do, nothing recorded;
     * allow-private = true in its section lets it through */
    url_of(url, sizeof(url), "/app.html");
    run(&t, (const char *const[]){"add", "shop", url, "--render", "--select", "#policy", NULL});
    pd_test_run_dispose(&t);
    unsetenv("POLICYDIFF_ALLOW_PRIVATE");
    run(&t, (const char *const[]){"fetch", NULL});
    cr_assert_eq(t.status, 3, "%s%s", t.out.ptr, t.err.ptr);
    cr_assert(strstr(t.out.ptr, "shop: failed: ") && strstr(t.out.ptr, "an internal address"), "%s",
              t.out.ptr);
    pd_test_run_dispose(&t);
    run(&t, (const char *const[]){"log", "shop", NULL});
    cr_assert_str_eq(t.out.ptr, "");
    pd_test_run_dispose(&t);
    run(&t, (const char *const[]){"fetch", "--allow-private", NULL});
    cr_assert(strstr(t.out.ptr, "shop: new version\n"), "%s%s", t.out.ptr, t.err.ptr);
    pd_test_run_dispose(&t);
    setenv("POLICYDIFF_ALLOW_PRIVATE", "1", 1);
    tmp_is_empty();
}

/* What a page cannot be kept from by looking at names first: a name that
 * resolves to an internal address for chromium only (--host-resolver-rules
 * stands in for DNS rebinding), and a frame of another site, in a process
 * of its own, that loads from an internal address.  chromium's own
 * local-network checks are turned off, so only policydiff's stand. */
Test(render, a_rebound_name_and_a_frame_of_another_site_are_refused_too)
{
    pd_render_result r = PD_RENDER_RESULT_INIT;
    pd_render_options o = PD_RENDER_OPTIONS_INIT;
    char url[256], wrapper[1100], path[1024], page[1100];
    FILE *f;
    NEED_CHROMIUM();
    snprintf(wrapper, sizeof(wrapper), "%.900s/chromium-rebinding", dir);
    cr_assert((f = fopen(wrapper, "w")));
    fprintf(f, "#!/bin/sh\nexec chromium --host-resolver-rules='MAP *.test 127.0.0.1' "
               "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,"
               "PrivateNetworkAccessSendPreflights \"$@\"\n");
    fclose(f);
    cr_assert_eq(chmod(wrapper, 0755), 0);
    o.browser = wrapper;
    /* our lookup of page.test finds nothing; chromium's finds 127.0.0.1 */
    snprintf(url, sizeof(url), "http://page.test:%d/app.html", srv.port);
    cr_assert_eq(pd_render_page(&r, url, &o), PD_ENET);
    cr_assert(strstr(pd_error_last(), "(loopback: 127.0.0.1), an internal address"), "%s",
              pd_error_last());
    cr_assert_eq(r.dom.len, 0, "nothing of the page is kept");
    /* a frame of another site asks an internal address from its own process */
    snprintf(path, sizeof(path), "%.900s/framed.html", dir);
    cr_assert((f = fopen(path, "w")));
    fprintf(f,
            "<h1>Privacy</h1><p>We keep your data.</p><iframe src=\"http://widget.test:%d/"
            "frame.html\"></iframe>",
            srv.port);
    fclose(f);
    snprintf(page, sizeof(page), "file://%s", path);
    pd_render_page(&r, page, &o);
    pd_render_result_dispose(&r);
    cr_assert_eq(pd_test_server_count(&srv, "/frame.html"), 1, "the frame loaded");
    cr_assert_eq(pd_test_server_count(&srv, "/secret.js"), 0,
                 "the frame's request to 127.0.0.1 never left");
    tmp_is_empty();
}

/* Without chromium (POLICYDIFF_CHROMIUM names a missing file) the policy
 * fails, saying so, and no version is recorded: never the page as plain
 * HTML. */
Test(render, without_chromium_the_policy_fails_clearly_and_records_nothing)
{
    pd_test_run_result r;
    char url[256];
    url_of(url, sizeof(url), "/app.html");
    run(&r, (const char *const[]){"add", "shop", url, "--render", NULL});
    pd_test_run_dispose(&r);
    setenv("POLICYDIFF_CHROMIUM", "/nonexistent/chromium", 1);
    run(&r, (const char *const[]){"fetch", NULL});
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "shop: failed: cannot render the page: no chromium at "
                                "/nonexistent/chromium (POLICYDIFF_CHROMIUM): install Debian's "
                                "chromium"),
              "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"check", "--format", "json", NULL});
    cr_assert_eq(r.status, 3, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "no chromium at /nonexistent/chromium"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    unsetenv("POLICYDIFF_CHROMIUM");
    run(&r, (const char *const[]){"log", "shop", NULL});
    cr_assert_str_eq(r.out.ptr, "");
    pd_test_run_dispose(&r);
}

/* backfill --render: each capture rendered as the archive serves it to a
 * browser (its script and data the captures nearest it). */
Test(render, backfill_renders_wayback_captures_when_asked)
{
    pd_test_run_result r;
    NEED_CHROMIUM();
    run(&r, (const char *const[]){"add", "shop", "https://app.example/privacy.html", "--render",
                                  "--select", "#policy", NULL});
    pd_test_run_dispose(&r);
    run(&r,
        (const char *const[]){"add", "asis", "https://app.example/privacy.html", "--render", NULL});
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"backfill", "shop", "--wayback-url", srv.base, "--render", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    cr_assert(strstr(r.out.ptr, "1 new versions"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"show", "shop", NULL});
    cr_assert(strstr(r.out.ptr, "We do not sell your personal information to anyone.\n"), "%s",
              r.out.ptr);
    pd_test_run_dispose(&r);
    /* without --render: read as archived, and said so */
    run(&r, (const char *const[]){"backfill", "asis", "--wayback-url", srv.base, NULL});
    cr_assert(strstr(r.err.ptr, "give --render to render them"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    tmp_is_empty();
}
