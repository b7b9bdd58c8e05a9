/* A policy's language: add --language and fetch/check --language send
 * Accept-Language; the page's language goes into the capture's details. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/server.h"
#include "support/testutil.h"
#include "util/buf.h"
#include "util/error.h"

static char *dir;
static char store[1024], site[1024];
static pd_test_server srv;

static void run(pd_test_run_result *r, const char *const *argv)
{
    pd_test_run(r, NULL, argv);
}

static void setup(void)
{
    pd_test_run_result r;
    FILE *f;
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(site, sizeof(site), "%.900s/site", dir);
    cr_assert_eq(mkdir(site, 0700), 0);
    char path[1100];
    snprintf(path, sizeof(path), "%s/cgv.html", site);
    cr_assert(f = fopen(path, "w"));
    fputs("<html lang=\"fr-FR\"><body><main><h1>Conditions</h1><p>Nous collectons vos "
          "données pour fournir le service.</p></main></body></html>",
          f);
    fclose(f);
    pd_test_server_start(&srv, site, NULL);
    run(&r, (const char *const[]){"init", store, NULL});
    cr_assert_eq(r.status, 0, "init: %s", r.err.ptr);
    pd_test_run_dispose(&r);
}

static void teardown(void)
{
    pd_test_server_stop(&srv);
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(language, .init = setup, .fini = teardown, .timeout = 120);

static void add(const char *name, const char *path, const char *language)
{
    pd_test_run_result r;
    char url[512];
    snprintf(url, sizeof(url), "%s%s", srv.base, path);
    if (language)
        run(&r, (const char *const[]){"-C", store, "add", name, url, "--language", language, NULL});
    else
        run(&r, (const char *const[]){"-C", store, "add", name, url, NULL});
    cr_assert_eq(r.status, 0, "add: %s", r.err.ptr);
    pd_test_run_dispose(&r);
}

/* What the server saw: the recorded text of /_echo, which answers the
 * request's head. */
static void shown(pd_buf *out, const char *name)
{
    pd_test_run_result r;
    run(&r, (const char *const[]){"-C", store, "show", name, NULL});
    cr_assert_eq(r.status, 0, "show: %s", r.err.ptr);
    pd_buf_puts(out, pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
}

Test(language, accept_language_from_the_policy_else_from_the_option)
{
    pd_test_run_result r;
    pd_buf b = PD_BUF_INIT;
    add("fr", "/_echo?fr", "fr");
    add("plain", "/_echo?plain", NULL);
    run(&r, (const char *const[]){"-C", store, "fetch", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    shown(&b, "fr");
    cr_assert(strstr(b.ptr, "Accept-Language: fr"), "%s", b.ptr);
    pd_buf_clear(&b);
    shown(&b, "plain");
    cr_assert(!strstr(b.ptr, "Accept-Language"), "%s", b.ptr);
    pd_buf_clear(&b);
    /* the option asks for the others: the policy's own line wins */
    run(&r, (const char *const[]){"-C", store, "check", "--language", "de-AT", NULL});
    cr_assert_neq(r.status, 2, "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    shown(&b, "plain");
    cr_assert(strstr(b.ptr, "Accept-Language: de-AT"), "%s", b.ptr);
    pd_buf_clear(&b);
    shown(&b, "fr");
    cr_assert(strstr(b.ptr, "Accept-Language: fr"), "%s", b.ptr);
    pd_buf_dispose(&b);
    /* not a language tag: a usage error, nothing fetched */
    run(&r, (const char *const[]){"-C", store, "fetch", "--language", "fr;q=1", NULL});
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err.ptr, "not a language tag"), "%s", r.err.ptr);
    pd_test_run_dispose(&r);
    run(&r, (const char *const[]){"-C", store, "add", "x", "https://x.example/", "--language", "",
                                  NULL});
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
}

Test(language, the_page_language_is_in_the_capture_details)
{
    pd_test_run_result r;
    char cmd[1400];
    FILE *p;
    char line[256];
    int found = 0;
    add("cgv", "/cgv.html", "fr");
    run(&r, (const char *const[]){"-C", store, "fetch", NULL});
    cr_assert_eq(r.status, 0, "%s%s", r.out.ptr, r.err.ptr);
    pd_test_run_dispose(&r);
    snprintf(cmd, sizeof(cmd), "git --git-dir='%s' log -1 --format=%%b versions/cgv", store);
    cr_assert(p = popen(cmd, "r"));
    while (fgets(line, sizeof(line), p))
        found |= !strcmp(line, "Language: fr\n");
    pclose(p);
    cr_assert(found, "no Language: fr trailer");
}
