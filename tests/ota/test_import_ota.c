/* Open Terms Archive declarations through the CLI ($PD_BIN): a sample of
 * today's declarations imported (or skipped with their reason), bad input
 * refused whole, and each kind fetched, backfilled from the Wayback Machine
 * imitation and rebuilt end to end, on 127.0.0.1 only. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/server.h"
#include "support/testutil.h"

static char *root, *store;

static void setup(void)
{
    pd_test_run_result r;
    size_t n;
    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "10", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    setenv("POLICYDIFF_CDX_INTERVAL_MS", "0", 1);
    setenv("POLICYDIFF_CAPTURE_INTERVAL_MS", "0", 1);
    unsetenv("POLICYDIFF_WAYBACK_URL");
    root = pd_test_tmpdir();
    n = strlen(root) + 8;
    store = malloc(n);
    snprintf(store, n, "%s/store", root);
    pd_test_run(&r, NULL, (const char *const[]){"init", store, NULL});
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
}

static void teardown(void)
{
    pd_test_rmtree(root);
    free(root);
    free(store);
}

TestSuite(ota, .init = setup, .fini = teardown, .timeout = 120);

#define RUN(r, ...) pd_test_run((r), NULL, (const char *const[]){__VA_ARGS__, NULL})

static void must(pd_test_run_result *r, int status)
{
    cr_assert_eq(r->status, status, "exit %d (wanted %d)\nstdout: %s\nstderr: %s", r->status,
                 status, pd_buf_cstr(&r->out), pd_buf_cstr(&r->err));
}

static const char *out(const pd_test_run_result *r)
{
    return pd_buf_cstr(&r->out);
}

static const char *err(const pd_test_run_result *r)
{
    return pd_buf_cstr(&r->err);
}

/* The value of policy.NAME.KEY in the store's policies.conf ("" when none;
 * the caller frees). */
static char *conf(const char *name, const char *key)
{
    char cmd[8192], buf[4096];
    pd_buf b = PD_BUF_INIT;
    size_t n;
    FILE *f;
    snprintf(cmd, sizeof(cmd), "git config -f '%s/policies.conf' 'policy.%s.%s' 2>/dev/null", store,
             name, key);
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&b, buf, n);
    pclose(f);
    pd_buf_puts(&b, "");
    return pd_buf_detach(&b);
}

static void conf_has(const char *name, const char *key, const char *part)
{
    char *v = conf(name, key);
    cr_assert(strstr(v, part), "policy.%s.%s = '%s', wanted '%s' in it", name, key, v, part);
    free(v);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Every declaration of the sample imports, or is skipped with its reason;
 * importing again changes nothing and says only the summary. */
Test(ota, sample_of_todays_declarations_imports_or_says_why)
{
    pd_test_run_result r;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", pd_test_path("ota/fixtures/contrib"));
    RUN(&r, "-C", store, "import-ota", dir);
    must(&r, 0);
    cr_assert(strstr(out(&r), "import-ota: 49 terms types in 12 declarations: 45 imported (45 "
                              "added, 0 updated, 0 unchanged), 4 skipped\n"),
              "%s", out(&r));
    cr_assert(strstr(out(&r), "skipped: no longer tracked (only in a history file) 4\n"), "%s",
              out(&r));
    cr_assert(strstr(out(&r), "imported with: render = chromium 7, PDF 1, several pages combined "
                              "6, range selectors 14, earlier recipes (history) 6, filters done "
                              "natively 4, JavaScript filters skipped 10\n"),
              "%s", out(&r));
    /* each skip: one line naming the file, the terms type and why */
    cr_assert_eq(count(err(&r), "\n"), 4, "%s", err(&r));
    cr_assert(strstr(err(&r), "Lydia.json: skipped \"Privacy Policy\": only in the history file: "
                              "Open Terms Archive stopped tracking it (its last recipe was in "
                              "force until 2021-10-27T14:36:00Z)"),
              "%s", err(&r));
    cr_assert(strstr(err(&r), "Jacksfilms.history.json: skipped \"Terms of Service\""), "%s",
              err(&r));
    /* what each added policy uses is said on its line */
    cr_assert(strstr(out(&r), "added kick/community-guidelines (https://kick.com/"
                              "community-guidelines) [render = chromium: built by scripts, "
                              "rendered by chromium]\n"),
              "%s", out(&r));
    cr_assert(strstr(out(&r), "added criteo/terms-of-service (https://www.criteo.com/wp-content/"
                              "uploads/2021/06/Criteo-Terms_Display_Jun21_EN.pdf) [PDF]\n"),
              "%s", out(&r));
    cr_assert(strstr(out(&r), "added bing/privacy-policy (https://privacy.microsoft.com/en-gb/"
                              "privacystatement) [filters skipped (JavaScript): "
                              "removeIrrelevantModulesFromPrivacyPolicy]\n"),
              "%s", out(&r));
    cr_assert(strstr(out(&r), "added ikea/terms-of-service (https://www.ikea.com/ie/en/"
                              "customer-service/terms-conditions/) [3 pages combined]\n"),
              "%s", out(&r));
    pd_test_run_dispose(&r);

    /* what policies.conf holds */
    conf_has("kick/community-guidelines", "render", "chromium");
    conf_has("gitlab/privacy-policy", "history", "\"fetch\":\"https://about.gitlab.com/privacy/\"");
    conf_has("gitlab/privacy-policy", "history", "\"validUntil\":\"2023-09-29T03:35:50Z\"");
    conf_has("airbnb/terms-of-service", "recipe",
             "{\"startBefore\":\"#EUTOS\",\"endBefore\":\"#TOS\"}");
    conf_has("telegram/terms-of-service", "recipe",
             "\"combine\":[{\"fetch\":\"https://telegram.org/tos\"");
    conf_has(
        "bing/privacy-policy", "recipe",
        "\"filter\":[\"removeIrrelevantModulesFromPrivacyPolicy\",\"removeNavigationHeaders\"");
    conf_has("facebook/privacy-policy", "recipe", "{\"removeQueryParams\":[\"h\",\"locale2\"]}");
    conf_has("github/privacy-policy", "select", "div#article-contents");

    RUN(&r, "-C", store, "import-ota", dir);
    must(&r, 0);
    cr_assert(!strstr(out(&r), "added ") && !strstr(out(&r), "updated "), "%s", out(&r));
    cr_assert(strstr(out(&r), "45 imported (0 added, 0 updated, 45 unchanged)"), "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert_eq(count(out(&r), "\n"), 45, "%s", out(&r));
    cr_assert_str_eq(err(&r), "", "policies.conf reads back without a complaint");
    pd_test_run_dispose(&r);
}

/* --only, repeated or as a comma list, by file name in any case or slug;
 * a service not among those given is bad arguments. */
Test(ota, only_some_services)
{
    pd_test_run_result r;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s", pd_test_path("ota/fixtures/contrib"));
    RUN(&r, "-C", store, "import-ota", dir, "--only", "github", "--only", "IKEA,substack");
    must(&r, 0);
    cr_assert(strstr(out(&r), "12 imported (12 added"), "%s", out(&r));
    cr_assert(!strstr(out(&r), "telegram/"), "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "import-ota", dir, "--only", "nosuch");
    must(&r, 2);
    cr_assert(strstr(err(&r), "no declaration of nosuch"), "%s", err(&r));
    cr_assert_eq(count(err(&r), "\n"), 1, "one line: %s", err(&r));
    pd_test_run_dispose(&r);
}

/* Bad input (not JSON, an unknown key, a selector that can never work) is
 * refused whole: each bad file named in one line, exit 2, nothing written. */
Test(ota, bad_input_is_refused_and_nothing_is_written)
{
    static const struct {
        const char *file, *json, *says;
    } bad[] = {
        {"Broken.json", "{\"name\": \"Broken\", \"terms\": {", "not valid JSON"},
        {"Typo.json",
         "{\"name\": \"Typo\", \"terms\": {\"Privacy Policy\": {\"fetch\": "
         "\"https://typo.example/p\", \"selector\": \"main\"}}}",
         "unknown key \"selector\" in a document declaration"},
        {"Never.json",
         "{\"name\": \"Never\", \"terms\": {\"Privacy Policy\": {\"fetch\": "
         "\"https://never.example/p\", \"select\": \"main >\"}}}",
         "bad CSS selector 'main >'"},
    };
    pd_test_run_result r;
    char dir[1024], path[16384], *before, *after;
    snprintf(dir, sizeof(dir), "%s/decl", root);
    snprintf(path, sizeof(path), "mkdir '%s' && cp '%s' '%s/'", dir,
             pd_test_path("ota/fixtures/contrib/GitHub.json"), dir);
    cr_assert_eq(system(path), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, bad[i].file);
        write_file(path, bad[i].json);
    }
    snprintf(path, sizeof(path), "%s/policies.conf", store);
    pd_buf conf_before = PD_BUF_INIT, conf_after = PD_BUF_INIT;
    cr_assert_eq(pd_buf_read_file(&conf_before, path, 0), 0);
    RUN(&r, "-C", store, "import-ota", dir);
    must(&r, 2);
    cr_assert_str_eq(out(&r), "");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert(strstr(err(&r), bad[i].file), "%s", err(&r));
        cr_assert(strstr(err(&r), bad[i].says), "%s", err(&r));
    }
    cr_assert(strstr(err(&r), "3 declarations refused as bad input (above); nothing was "
                              "imported"),
              "%s", err(&r));
    cr_assert_eq(count(err(&r), "\n"), 4, "one line each, and the verdict: %s", err(&r));
    pd_test_run_dispose(&r);
    cr_assert_eq(pd_buf_read_file(&conf_after, path, 0), 0);
    before = pd_buf_detach(&conf_before);
    after = pd_buf_detach(&conf_after);
    cr_assert_str_eq(after, before, "nothing written");
    free(before);
    free(after);
    /* without them, the rest imports */
    RUN(&r, "-C", store, "import-ota", dir, "--only", "github");
    must(&r, 0);
    cr_assert(strstr(out(&r), "3 imported (3 added"), "%s", out(&r));
    pd_test_run_dispose(&r);
}

/* Each kind fetched from the test server: range selectors in select and
 * remove, two pages combined (each with its own select), the filters done
 * natively, a PDF (tests/normalize/fixtures/pdf/terms.pdf: headings and
 * sentences) and a page built by scripts (rendered by chromium). */
Test(ota, each_kind_fetched_end_to_end)
{
    pd_test_server srv;
    pd_test_run_result r;
    char decl[8192], path[4096];
    pd_test_server_start(&srv, pd_test_path("ota/fixtures/site"), NULL);
    snprintf(decl, sizeof(decl),
             "{\"name\": \"Example Shop\", \"terms\": {"
             "\"Terms of Service\": {\"fetch\": \"%s/terms.html\", \"select\": {\"startBefore\": "
             "\"#start\", \"endBefore\": \"#end\"}, \"remove\": [\".promo\", {\"startBefore\": "
             "\"#skip-from\", \"endBefore\": \"#skip-to\"}]},"
             "\"Community Guidelines\": {\"select\": \"main\", \"remove\": \".share\", "
             "\"combine\": [{\"fetch\": \"%s/part1.html\"}, {\"fetch\": \"%s/part2.html\", "
             "\"select\": \"#rules\"}]},"
             "\"Privacy Policy\": {\"fetch\": \"%s/ms.html\", \"select\": \"main\", \"filter\": "
             "[\"removeNavigationHeaders\", \"removeModuleIDs\", \"removeInvisibleText\"]},"
             "\"Commercial Terms\": {\"fetch\": \"%s/terms.pdf\"},"
             "\"Trackers Policy\": {\"fetch\": \"%s/app.html\", \"select\": \"#root\", "
             "\"executeClientScripts\": true}}}",
             srv.base, srv.base, srv.base, srv.base, srv.base, srv.base);
    snprintf(path, sizeof(path), "%s/Example Shop.json", root);
    write_file(path, decl);
    RUN(&r, "-C", store, "import-ota", path);
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "fetch");
    pd_test_server_stop(&srv);
    /* exit 0, or 3 where there is no chromium (said below) */
    int rendered = strstr(out(&r), "example-shop/trackers-policy: new version\n") != NULL;
    must(&r, rendered ? 0 : 3);
    cr_assert(strstr(out(&r), "example-shop/terms-of-service: new version\n"), "%s", out(&r));
    cr_assert(strstr(out(&r), "example-shop/community-guidelines: new version\n"), "%s", out(&r));
    cr_assert(strstr(out(&r), "example-shop/privacy-policy: new version\n"), "%s", out(&r));
    cr_assert(strstr(out(&r), "example-shop/commercial-terms: new version\n"), "%s", out(&r));
    /* rendered by chromium (fetch/test_render.c covers it), or where there
     * is none, failed saying so */
    cr_assert(rendered || strstr(out(&r), "example-shop/trackers-policy: failed: cannot render "
                                          "the page: "),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    if (rendered) {
        RUN(&r, "-C", store, "show", "example-shop/trackers-policy");
        must(&r, 0);
        cr_assert_str_eq(out(&r), "# Trackers policy\n\nWe use one cookie to keep you signed "
                                  "in.\n");
        pd_test_run_dispose(&r);
    }
    RUN(&r, "-C", store, "show", "example-shop/terms-of-service");
    must(&r, 0);
    cr_assert_str_eq(out(&r), "# Terms of Service\n\nThese terms apply when you use the Example "
                              "Shop website and its app.\n\n## Your account\n\nYou must keep "
                              "your password secret and tell us if someone else uses your "
                              "account.\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-shop/community-guidelines");
    must(&r, 0);
    cr_assert_str_eq(out(&r), "# Community rules\n\nBe kind to other members and do not post "
                              "illegal content.\n\n# Enforcement\n\nWe may remove content that "
                              "breaks the community rules and suspend the account that posted "
                              "it.\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-shop/commercial-terms");
    must(&r, 0);
    cr_assert(strstr(out(&r), "# Terms of Service\n\nThese terms apply when you buy from Example "
                              "Shop.\nBy ordering you accept them in full, and they replace any "
                              "earlier agreement between you and us.\n\n## 1. Orders\n\nAn "
                              "order is a binding offer.\n"),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-shop/privacy-policy");
    must(&r, 0);
    cr_assert_str_eq(out(&r), "# Privacy statement\n\nWe collect the data you give us and data "
                              "about how you use our products.\n\nWe keep your data for as long "
                              "as your account is open.\n");
    pd_test_run_dispose(&r);
    /* the combined capture derives again the same */
    RUN(&r, "-C", store, "rebuild", "example-shop/community-guidelines");
    must(&r, 0);
    cr_assert(strstr(out(&r), "0 texts changed, 0 refused"), "%s", out(&r));
    pd_test_run_dispose(&r);
}

/* An earlier recipe (the history file) is the one in force for captures
 * before its validUntil: backfill lists the captures of its address for
 * its time and reads them with it; record and rebuild use it too.  A
 * combined document's second page is the capture nearest the first's. */
Test(ota, history_recipe_for_old_captures_in_backfill_record_and_rebuild)
{
    pd_test_server srv;
    pd_test_run_result r;
    char decl[4096], wayback[4096], file[4096];
    snprintf(decl, sizeof(decl), "%s", pd_test_path("ota/fixtures/wayback/Example Shop.json"));
    RUN(&r, "-C", store, "import-ota", decl);
    must(&r, 0);
    cr_assert(strstr(out(&r), "added example-shop/privacy-policy (https://shop.example/privacy) "
                              "[1 earlier recipe]\n"),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    pd_test_server_start(&srv, pd_test_path("ota/fixtures/wayback"), NULL);
    snprintf(wayback, sizeof(wayback), "%s", srv.base);
    RUN(&r, "-C", store, "backfill", "example-shop/privacy-policy", "--wayback-url", wayback);
    must(&r, 0);
    cr_assert(strstr(out(&r), "3 captures listed, 0 already recorded, 2 new versions, 1 "
                              "unchanged, 0 refused, 0 failed"),
              "%s", out(&r));
    cr_assert(strstr(err(&r), "listing captures of https://shop.example/legal/privacy (its "
                              "address from the start to 20201231000000)"),
              "%s", err(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "backfill", "example-shop/terms-of-service", "--wayback-url", wayback);
    must(&r, 0);
    pd_test_run_dispose(&r);
    pd_test_server_stop(&srv);

    /* before the validUntil: the old recipe (#legal); after: main */
    RUN(&r, "-C", store, "show", "example-shop/privacy-policy", "--at", "2020-07-01");
    must(&r, 0);
    cr_assert_str_eq(out(&r), "# Privacy notice\n\nWe collect your name and e-mail address to "
                              "deliver your orders.\n\nWe never sell your data.\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-shop/privacy-policy", "--at", "2022-06-01");
    must(&r, 0);
    cr_assert_str_eq(out(&r), "# Privacy notice\n\nWe collect your name, e-mail address and "
                              "location to deliver your orders.\n\nWe never sell your data.\n");
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-shop/terms-of-service");
    must(&r, 0);
    cr_assert(strstr(out(&r), "We never sell your data.\n\n# Cookies\n\nWe use cookies to "
                              "remember what is in your basket.\n"),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "rebuild");
    must(&r, 0);
    cr_assert(strstr(out(&r), "example-shop/privacy-policy: 3 captures derived again (0 texts "
                              "changed, 0 refused); versions: 0 added, 0 removed, 2 unchanged"),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    /* record: a saved page of 2019 is read with the recipe of 2019 */
    snprintf(file, sizeof(file), "%s", pd_test_path("ota/fixtures/wayback/snap/privacy-2020.html"));
    RUN(&r, "-C", store, "record", "example-shop/privacy-policy", file, "--date", "2019-01-01");
    must(&r, 0);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-shop/privacy-policy", "--at", "2019-01-02");
    must(&r, 0);
    cr_assert(strstr(out(&r), "We never sell your data.\n"), "%s", out(&r));
    cr_assert(!strstr(out(&r), "chrome"), "%s", out(&r));
    pd_test_run_dispose(&r);
}
