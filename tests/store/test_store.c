/* Tests of the snapshot store library (src/store): temporary stores only. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/ota.h"
#include "store/store.h"
#include "support/testutil.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/timeutil.h"

#define T0 1609459200 /* 2021-01-01T00:00:00Z */
#define DAY 86400

static char *dir;
static pd_store *st;

static void setup(void)
{
    pd_policy p;
    char *root = pd_test_tmpdir();
    size_t n = strlen(root) + 8;
    dir = malloc(n);
    snprintf(dir, n, "%s/store", root);
    free(root);
    cr_assert_eq(pd_store_init(&st, dir), 0, "%s", pd_error_last());
    memset(&p, 0, sizeof(p));
    p.name = "acme/privacy";
    p.url = "https://acme.example/privacy";
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    p.name = "other";
    p.url = "https://other.example/tos";
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
}

static void teardown(void)
{
    char *slash;
    pd_store_free(st);
    st = NULL;
    slash = strrchr(dir, '/');
    *slash = '\0';
    pd_test_rmtree(dir);
    free(dir);
}

static pd_record_result rec_as(pd_store *s, const char *name, int64_t t, const char *text,
                               const char *raw)
{
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    o.policy = name;
    o.captured_at = t;
    o.source = "https://acme.example/privacy";
    int rc =
        pd_store_record(&r, s, &o, raw ? raw : text, strlen(raw ? raw : text), text, strlen(text));
    cr_assert_eq(rc, 0, "record %s at %lld: %s", name, (long long)t, pd_error_last());
    return r;
}

static pd_record_result rec(const char *name, int64_t t, const char *text)
{
    return rec_as(st, name, t, text, NULL);
}

/* Runs a shell command in the store, returns its output (caller frees). */
static char *sh(const char *fmt, const char *arg)
{
    char cmd[4096];
    pd_buf out = PD_BUF_INIT;
    char buf[4096];
    size_t n;
    FILE *f;
    size_t o = 0;
    /* "%s" is replaced by arg, "%%" by "%" */
    for (const char *p = fmt; *p && o + strlen(arg) + 2 < sizeof(cmd); p++) {
        if (p[0] == '%' && p[1] == 's') {
            o += (size_t)snprintf(cmd + o, sizeof(cmd) - o, "%s", arg);
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            cmd[o++] = '%';
            p++;
        } else {
            cmd[o++] = *p;
        }
    }
    cmd[o] = '\0';
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&out, buf, n);
    pclose(f);
    pd_buf_puts(&out, "");
    return pd_buf_detach(&out);
}

/* One policy's version chain, newest first. */
static char *git_log(const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "git -C '%%s' log --format='%%%%at %%%%ct %%%%s' versions/%s", name);
    return sh(cmd, dir);
}

static char *show_at(const char *name, int64_t at)
{
    pd_buf out = PD_BUF_INIT;
    int rc = pd_store_show(&out, NULL, st, name, at);
    if (rc)
        return NULL;
    pd_buf_puts(&out, "");
    return pd_buf_detach(&out);
}

TestSuite(store, .init = setup, .fini = teardown);

Test(names, accepted_and_refused)
{
    const char *good[] = {"allbuy", "github/privacy-policy", "a.b_c-d/0", "x/y/z"};
    const char *bad[] = {"",     "/abs", "-x",     "a/../b",  "..",   "A", "a b",
                         "a//b", "a/",   "a/.git", ".hidden", "a\\b", "é", "a/-/.x"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        cr_assert_eq(pd_policy_name_check(good[i]), 0, "%s refused", good[i]);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_eq(pd_policy_name_check(bad[i]), PD_EINVALID, "'%s' accepted", bad[i]);
        cr_assert(strlen(pd_error_last()) > 0);
    }
}

Test(store, init_twice_and_open_missing)
{
    pd_store *s2 = NULL;
    cr_assert_eq(pd_store_init(&s2, dir), PD_EEXISTS);
    cr_assert_null(s2);
    cr_assert_eq(pd_store_open(&s2, "/nonexistent/pd-store"), PD_ENOTFOUND);
    cr_assert(strstr(pd_error_last(), "policydiff init") != NULL);
    cr_assert_eq(pd_store_open(&s2, dir), 0);
    cr_assert_str_eq(pd_store_path(s2), pd_store_path(st));
    pd_store_free(s2);
    char *head = sh("git -C '%s' symbolic-ref HEAD", dir);
    cr_assert_str_eq(head, "refs/heads/main\n");
    free(head);
}

Test(store, policies_round_trip_through_policies_conf)
{
    pd_policy p, *got = NULL, *list = NULL;
    size_t n = 0;
    memset(&p, 0, sizeof(p));
    p.name = "allbuy";
    p.url = "https://www.allbuy.com/policy";
    cr_assert_eq(pd_recipe_add_css(&p.recipe, 0, "main#policy div[data-x='1;#']"), 0);
    cr_assert_eq(pd_recipe_add_css(&p.recipe, 1, ".cookie-banner"), 0);
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_add(st, &p), PD_EEXISTS);
    /* git itself reads the file */
    char *v = sh("git config -f '%s/policies.conf' --get-all policy.allbuy.remove", dir);
    cr_assert_str_eq(v, ".cookie-banner\n");
    free(v);
    v = sh("git config -f '%s/policies.conf' policy.allbuy.select", dir);
    cr_assert_str_eq(v, "main#policy div[data-x='1;#']\n");
    free(v);
    /* several selectors of a kind */
    cr_assert_eq(pd_recipe_add_css(&p.recipe, 1, "nav, footer"), 0);
    cr_assert_eq(pd_store_policy_replace(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_get(&got, st, "allbuy"), 0, "%s", pd_error_last());
    cr_assert_str_eq(got->url, p.url);
    cr_assert_eq(got->recipe.nselect, 1);
    cr_assert_str_eq(got->recipe.select[0].css, "main#policy div[data-x='1;#']");
    cr_assert_eq(got->recipe.nremove, 2);
    cr_assert_str_eq(got->recipe.remove[1].css, "nav, footer");
    pd_policy_free(got);
    /* hand-written multivar lines are read too */
    v = sh("printf '[policy \"hand\"]\\n\\turl = https://h\\n\\tselect = a\\n\\tselect = b\\n' "
           ">> '%s/policies.conf' && echo ok",
           dir);
    cr_assert_str_eq(v, "ok\n");
    free(v);
    cr_assert_eq(pd_store_policy_get(&got, st, "hand"), 0, "%s", pd_error_last());
    cr_assert_eq(got->recipe.nselect, 2);
    cr_assert_str_eq(got->recipe.select[1].css, "b");
    pd_policy_free(got);
    cr_assert_eq(pd_store_policy_remove(st, "hand"), 0);

    cr_assert_eq(pd_store_policy_list(&list, &n, st), 0);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(list[0].name, "acme/privacy");
    cr_assert_str_eq(list[1].name, "allbuy");
    cr_assert_str_eq(list[2].name, "other");
    pd_policy_array_free(list, n);

    cr_assert_eq(pd_store_policy_set_validators(st, "allbuy", "\"abc\"", "Tue, 01 Jun 2021"), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "allbuy"), 0);
    cr_assert_str_eq(got->etag, "\"abc\"");
    cr_assert_str_eq(got->last_modified, "Tue, 01 Jun 2021");
    pd_policy_free(got);
    cr_assert_eq(pd_store_policy_set_validators(st, "allbuy", NULL, NULL), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "allbuy"), 0);
    cr_assert_null(got->etag);
    pd_policy_free(got);

    /* a double quote or backslash in a selector survives too */
    pd_recipe_dispose(&p.recipe);
    cr_assert_eq(pd_recipe_add_css(&p.recipe, 0, "a[title=\"x\\y\"]"), 0);
    cr_assert_eq(pd_store_policy_replace(st, &p), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "allbuy"), 0);
    cr_assert_eq(got->recipe.nselect, 1);
    cr_assert_eq(got->recipe.nremove, 0);
    cr_assert_str_eq(got->recipe.select[0].css, "a[title=\"x\\y\"]");
    pd_policy_free(got);

    cr_assert_eq(pd_store_policy_remove(st, "allbuy"), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "allbuy"), PD_ENOTFOUND);
    cr_assert_eq(pd_store_policy_remove(st, "allbuy"), PD_ENOTFOUND);
    cr_assert_eq(pd_store_policy_get(&got, st, "../x"), PD_EINVALID);
    pd_recipe_dispose(&p.recipe);
}

/* The validators of a fetch belong to the recipe it was normalized with: a
 * policy whose recipe changed since (edited by hand), or whose validators
 * carry no fingerprint (an older policydiff), is read without them. */
Test(store, validators_are_dropped_when_the_recipe_changes)
{
    pd_policy p, *got = NULL;
    char *v;
    memset(&p, 0, sizeof(p));
    p.name = "shop";
    p.url = "https://shop.example/privacy";
    cr_assert_eq(pd_recipe_add_css(&p.recipe, 0, "main"), 0);
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_set_validators(st, "shop", "\"e1\"", "Tue, 01 Jun 2021"), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0);
    cr_assert_str_eq(got->etag, "\"e1\"");
    pd_policy_free(got);

    /* the same selectors written as recipe JSON are the same recipe */
    v = sh("cd '%s' && git config -f policies.conf --unset policy.shop.select && git config -f "
           "policies.conf policy.shop.recipe '{\"select\": \"main\"}' && echo ok",
           dir);
    cr_assert_str_eq(v, "ok\n");
    free(v);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0, "%s", pd_error_last());
    cr_assert_str_eq(got->etag, "\"e1\"");
    cr_assert_str_eq(got->last_modified, "Tue, 01 Jun 2021");
    pd_policy_free(got);

    /* a remove line added by hand: the validators no longer apply */
    v = sh("git config -f '%s/policies.conf' policy.shop.remove .sidebar && echo ok", dir);
    cr_assert_str_eq(v, "ok\n");
    free(v);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0);
    cr_assert_null(got->etag);
    cr_assert_null(got->last_modified);
    pd_policy_free(got);
    /* until the next fetch saves its own, for the recipe now in effect */
    cr_assert_eq(pd_store_policy_set_validators(st, "shop", "\"e2\"", NULL), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0);
    cr_assert_str_eq(got->etag, "\"e2\"");
    cr_assert_null(got->last_modified);
    pd_policy_free(got);

    /* the URL edited by hand: another page, whose validators these are not */
    cr_assert_eq(pd_store_policy_set_validators(st, "shop", "\"e2\"", NULL), 0);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0);
    cr_assert_str_eq(got->etag, "\"e2\"");
    pd_policy_free(got);
    v = sh("git config -f '%s/policies.conf' policy.shop.url https://shop.example/terms && echo ok",
           dir);
    cr_assert_str_eq(v, "ok\n");
    free(v);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0);
    cr_assert_null(got->etag);
    pd_policy_free(got);
    cr_assert_eq(pd_store_policy_set_validators(st, "shop", "\"e3\"", NULL), 0);

    /* validators without a fingerprint are not trusted */
    v = sh("git config -f '%s/policies.conf' --unset policy.shop.validatorsrecipe && echo ok", dir);
    cr_assert_str_eq(v, "ok\n");
    free(v);
    cr_assert_eq(pd_store_policy_get(&got, st, "shop"), 0);
    cr_assert_null(got->etag);
    pd_policy_free(got);
    pd_recipe_dispose(&p.recipe);
}

Test(store, range_selectors_survive)
{
    pd_policy p, *got = NULL;
    const char *json = "{\"select\": [{\"startAfter\": \"h1.title\", \"endBefore\": "
                       "\"#footer\"}, \"article\"], \"remove\": {\"startBefore\": \".ad\", "
                       "\"endAfter\": \".ad-end\"}}";
    memset(&p, 0, sizeof(p));
    p.name = "ranged";
    p.url = "https://r.example/";
    cr_assert_eq(pd_recipe_from_ota_json(&p.recipe, json, strlen(json)), 0);
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_get(&got, st, "ranged"), 0, "%s", pd_error_last());
    cr_assert_eq(got->recipe.nselect, 2);
    cr_assert_eq(got->recipe.select[0].kind, PD_SEL_RANGE);
    cr_assert_str_eq(got->recipe.select[0].start_after, "h1.title");
    cr_assert_str_eq(got->recipe.select[0].end_before, "#footer");
    cr_assert_str_eq(got->recipe.select[1].css, "article");
    cr_assert_eq(got->recipe.nremove, 1);
    cr_assert_str_eq(got->recipe.remove[0].start_before, ".ad");
    cr_assert_str_eq(got->recipe.remove[0].end_after, ".ad-end");
    pd_policy_free(got);
    pd_recipe_dispose(&p.recipe);
}

Test(store, record_commits_only_changes_with_capture_dates)
{
    cr_assert_eq(rec("acme/privacy", T0, "# P\n\nOne.\n"), PD_RECORD_COMMITTED);
    cr_assert_eq(rec("acme/privacy", T0 + DAY, "# P\n\nOne.\n"), PD_RECORD_UNCHANGED);
    cr_assert_eq(rec("acme/privacy", T0 + DAY, "# P\n\nOne.\n"), PD_RECORD_DUPLICATE);
    cr_assert_eq(rec("acme/privacy", T0 + 2 * DAY, "# P\n\nTwo.\n"), PD_RECORD_COMMITTED);
    char *log = git_log("acme/privacy");
    cr_assert_str_eq(log, "1609632000 1609632000 acme/privacy: new version\n"
                          "1609459200 1609459200 acme/privacy: new version\n");
    free(log);
    /* the file on main (the view) and the trailers of the version */
    char *body = sh("git -C '%s' show main:policies/acme/privacy.md", dir);
    cr_assert_str_eq(body, "# P\n\nTwo.\n");
    free(body);
    char *msg = sh("git -C '%s' log -1 --format=%%B versions/acme/privacy", dir);
    cr_assert(strstr(msg, "Policy: acme/privacy\n"));
    cr_assert(strstr(msg, "Capture: 20210103000000-"));
    cr_assert(strstr(msg, "Captured-At: 2021-01-03T00:00:00Z\n"));
    cr_assert(strstr(msg, "Via: file\n"));
    cr_assert(strstr(msg, "Source: https://acme.example/privacy\n"));
    cr_assert(strstr(msg, "Raw-SHA256: "));
    free(msg);
    char *conf = sh("git -C '%s' show main:policies.conf", dir);
    cr_assert(strstr(conf, "[policy \"acme/privacy\"]"));
    free(conf);
    /* every capture is on the policy's captures branch, unchanged ones included */
    char *raw = sh("git -C '%s' ls-tree -r --name-only captures/acme/privacy", dir);
    cr_assert(strstr(raw, "2021/01/20210101000000-"));
    cr_assert(strstr(raw, "2021/01/20210102000000-"));
    cr_assert(strstr(raw, "2021/01/20210103000000-"));
    cr_assert(strstr(raw, ".raw.txt\n") && strstr(raw, ".text.md\n") && strstr(raw, ".meta\n"),
              "%s", raw);
    free(raw);
    int64_t first, last;
    cr_assert_eq(pd_store_capture_times(&first, &last, st, "acme/privacy"), 0);
    cr_assert_eq(first, T0);
    cr_assert_eq(last, T0 + 2 * DAY, "the unchanged capture counts too");
    cr_assert_eq(pd_store_capture_times(&first, &last, st, "other"), 0);
    cr_assert_eq(first, INT64_MIN);
    char *fsck = sh("git -C '%s' fsck --strict 2>&1 && echo fsck-ok", dir);
    cr_assert(strstr(fsck, "fsck-ok"), "%s", fsck);
    free(fsck);
}

Test(store, show_and_log_by_time)
{
    pd_version v, *list = NULL;
    size_t n = 0;
    char *t;
    rec("acme/privacy", T0, "A\n");
    rec("other", T0 + DAY, "X\n");
    rec("acme/privacy", T0 + 2 * DAY, "B\n");
    rec("acme/privacy", T0 + 4 * DAY, "C\n");

    cr_assert_null(show_at("acme/privacy", T0 - 1));
    cr_assert_eq(pd_error_last_code(), PD_ENOTFOUND);
    cr_assert(strstr(pd_error_last(), "2021-01-01T00:00:00Z"));
    t = show_at("acme/privacy", T0);
    cr_assert_str_eq(t, "A\n");
    free(t);
    t = show_at("acme/privacy", T0 + 3 * DAY);
    cr_assert_str_eq(t, "B\n");
    free(t);
    t = show_at("acme/privacy", INT64_MAX);
    cr_assert_str_eq(t, "C\n");
    free(t);
    cr_assert_null(show_at("nobody", INT64_MAX));

    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_store_show(&b, &v, st, "other", T0 + 10 * DAY), 0);
    cr_assert_str_eq(v.policy, "other");
    cr_assert_eq(v.captured_at, T0 + DAY);
    cr_assert_str_eq(v.via, "file");
    cr_assert_str_eq(v.summary, "");
    cr_assert_eq(strlen(v.commit), 40);
    cr_assert_eq(strlen(v.raw_sha256), 64);
    pd_version_dispose(&v);
    pd_buf_dispose(&b);

    cr_assert_eq(pd_store_log(&list, &n, st, "acme/privacy", INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(list[0].captured_at, T0);
    cr_assert_eq(list[2].captured_at, T0 + 4 * DAY);
    pd_version_array_free(list, n);
    cr_assert_eq(pd_store_log(&list, &n, st, NULL, INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(n, 4);
    cr_assert_str_eq(list[1].policy, "other");
    pd_version_array_free(list, n);
    cr_assert_eq(pd_store_log(&list, &n, st, NULL, T0 + DAY, T0 + 2 * DAY), 0);
    cr_assert_eq(n, 2);
    cr_assert_eq(list[0].captured_at, T0 + DAY);
    cr_assert_eq(list[1].captured_at, T0 + 2 * DAY);
    pd_version_array_free(list, n);
    cr_assert_eq(pd_store_log(&list, &n, st, "acme/privacy", T0 + 1, T0 + 3 * DAY), 0);
    cr_assert_eq(n, 1);
    pd_version_array_free(list, n);
}

Test(store, summary_and_wayback_trailers)
{
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    pd_version v;
    pd_buf b = PD_BUF_INIT;
    o.policy = "other";
    o.captured_at = T0;
    o.source = "https://web.archive.org/web/20210101000000/https://other.example/tos";
    o.via = "wayback";
    o.wayback_ts = "20210101000000";
    o.summary = "adds a section on cookies";
    cr_assert_eq(pd_store_record(&r, st, &o, "<p>x</p>", 8, "x\n", 2), 0, "%s", pd_error_last());
    cr_assert_eq(r, PD_RECORD_COMMITTED);
    cr_assert_eq(pd_store_show(&b, &v, st, "other", T0), 0);
    cr_assert_str_eq(v.summary, "adds a section on cookies");
    cr_assert_str_eq(v.wayback_ts, "20210101000000");
    cr_assert_str_eq(v.via, "wayback");
    pd_version_dispose(&v);
    pd_buf_dispose(&b);
    char *subject = sh("git -C '%s' log -1 --format=%%s versions/other", dir);
    cr_assert_str_eq(subject, "other: adds a section on cookies\n");
    free(subject);
    char hex[65];
    pd_sha256_hex(hex, "<p>x</p>", 8);
    cr_assert_eq(pd_store_has_capture(st, "other", "20210101000000", NULL), 1);
    cr_assert_eq(pd_store_has_capture(st, "other", "20210101000001", NULL), 0);
    cr_assert_eq(pd_store_has_capture(st, "other", NULL, hex), 1);
    cr_assert_eq(pd_store_has_capture(st, "acme/privacy", NULL, hex), 0);
    hex[0] = hex[0] == 'a' ? 'b' : 'a';
    cr_assert_eq(pd_store_has_capture(st, "other", NULL, hex), 0);
    /* the same Wayback snapshot again is a duplicate */
    cr_assert_eq(pd_store_record(&r, st, &o, "<p>x</p>", 8, "x\n", 2), 0);
    cr_assert_eq(r, PD_RECORD_DUPLICATE);
}

Test(store, bad_input_writes_nothing)
{
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    o.policy = "nobody";
    o.captured_at = T0;
    cr_assert_eq(pd_store_record(&r, st, &o, "x", 1, "x\n", 2), PD_ENOTFOUND);
    o.policy = "../escape";
    cr_assert_eq(pd_store_record(&r, st, &o, "x", 1, "x\n", 2), PD_EINVALID);
    o.policy = "other";
    o.via = "carrier-pigeon";
    cr_assert_eq(pd_store_record(&r, st, &o, "x", 1, "x\n", 2), PD_EINVALID);
    o.via = "file";
    o.wayback_ts = "2021";
    cr_assert_eq(pd_store_record(&r, st, &o, "x", 1, "x\n", 2), PD_EINVALID);
    o.wayback_ts = NULL;
    cr_assert_eq(pd_store_record(&r, st, &o, "x", 1, "", 0), PD_EEMPTY);
    char *refs = sh("git -C '%s' for-each-ref | wc -l", dir);
    cr_assert_str_eq(refs, "0\n");
    free(refs);
}

Test(store, older_capture_is_inserted_in_place)
{
    size_t recreated = 9, dropped = 9;
    rec("acme/privacy", T0, "A\n");
    rec("other", T0 + 2 * DAY, "X\n");
    rec("acme/privacy", T0 + 4 * DAY, "C\n");
    char *before = sh("git -C '%s' log -1 --format=%%B versions/acme/privacy", dir);
    char *other_before = sh("git -C '%s' rev-parse versions/other captures/other", dir);
    /* B at day 3 goes between A and C */
    cr_assert_eq(rec("acme/privacy", T0 + 3 * DAY, "B\n"), PD_RECORD_INSERTED);
    pd_store_last_rewrite(&recreated, &dropped, st);
    cr_assert_eq(recreated, 1);
    cr_assert_eq(dropped, 0);
    char *log = git_log("acme/privacy");
    cr_assert_str_eq(log, "1609804800 1609804800 acme/privacy: new version\n"
                          "1609718400 1609718400 acme/privacy: new version\n"
                          "1609459200 1609459200 acme/privacy: new version\n");
    free(log);
    char *after = sh("git -C '%s' log -1 --format=%%B versions/acme/privacy", dir);
    cr_assert_str_eq(before, after, "re-created commit keeps its message");
    free(before);
    free(after);
    char *t = show_at("acme/privacy", T0 + 3 * DAY);
    cr_assert_str_eq(t, "B\n");
    free(t);
    t = show_at("acme/privacy", T0 + 2 * DAY);
    cr_assert_str_eq(t, "A\n");
    free(t);
    cr_assert_eq(rec("acme/privacy", T0 + DAY, "A2\n"), PD_RECORD_INSERTED);
    /* only that policy's chain was rewritten */
    char *other_after = sh("git -C '%s' rev-parse versions/other captures/other", dir);
    cr_assert_str_eq(other_before, other_after);
    free(other_before);
    free(other_after);
    t = show_at("other", INT64_MAX);
    cr_assert_str_eq(t, "X\n");
    free(t);
    /* the view on main holds every policy's newest text */
    t = sh("git -C '%s' show main:policies/acme/privacy.md main:policies/other.md", dir);
    cr_assert_str_eq(t, "C\nX\n");
    free(t);
    char *fsck = sh("git -C '%s' fsck --strict 2>&1 && echo fsck-ok", dir);
    cr_assert(strstr(fsck, "fsck-ok"), "%s", fsck);
    free(fsck);
}

/* The case that bent the first design: A, A again later, then B between. */
Test(store, a_capture_restoring_an_older_text_is_a_version)
{
    cr_assert_eq(rec("acme/privacy", T0, "We do not sell.\n"), PD_RECORD_COMMITTED);
    cr_assert_eq(rec("acme/privacy", T0 + 60 * DAY, "We do not sell.\n"), PD_RECORD_UNCHANGED);
    cr_assert_neq(rec("acme/privacy", T0 + 31 * DAY, "We may sell.\n"), PD_RECORD_UNCHANGED);
    char *t = show_at("acme/privacy", T0 + 70 * DAY);
    cr_assert_str_eq(t, "We do not sell.\n");
    free(t);
    t = show_at("acme/privacy", T0 + 40 * DAY);
    cr_assert_str_eq(t, "We may sell.\n");
    free(t);
    char *n = sh("git -C '%s' rev-list --count versions/acme/privacy", dir);
    cr_assert_str_eq(n, "3\n");
    free(n);
}

Test(store, insertion_drops_a_later_commit_that_became_a_no_op)
{
    size_t recreated, dropped;
    rec("acme/privacy", T0, "A\n");
    rec("acme/privacy", T0 + 4 * DAY, "B\n");
    rec("other", T0 + 5 * DAY, "X\n");
    /* B earlier: the version moves to day 2, the day-4 commit is dropped */
    cr_assert_eq(rec("acme/privacy", T0 + 2 * DAY, "B\n"), PD_RECORD_INSERTED);
    pd_store_last_rewrite(&recreated, &dropped, st);
    cr_assert_eq(dropped, 1);
    cr_assert_eq(recreated, 0);
    char *log = git_log("acme/privacy");
    cr_assert_str_eq(log, "1609632000 1609632000 acme/privacy: new version\n"
                          "1609459200 1609459200 acme/privacy: new version\n");
    free(log);
    /* the same text as the version in effect then: nothing to insert */
    cr_assert_eq(rec("acme/privacy", T0 + DAY, "A\n"), PD_RECORD_UNCHANGED);
}

/* A summarizer for the tests: "<old> -> <new>" of one-line texts. */
static int arrow_summary(pd_buf *out, const char *o, size_t olen, const char *n, size_t nlen,
                         void *payload)
{
    (void)payload;
    if (!o)
        return pd_buf_puts(out, "first");
    return pd_buf_printf(out, "%.*s -> %.*s", (int)(olen ? olen - 1 : 0), o,
                         (int)(nlen ? nlen - 1 : 0), n);
}

Test(store, newest_first_gives_the_same_history)
{
    static const char *texts[] = {"A\n", "A\n", "B\n", "A\n", "C\n", "C\n", "D\n", "A\n"};
    size_t n = sizeof(texts) / sizeof(texts[0]);
    pd_store *other = NULL;
    pd_policy p;
    char *d2, *l1, *l2;
    size_t len = strlen(dir) + 3;

    pd_store_set_summarizer(st, arrow_summary, NULL);
    for (size_t i = 0; i < n; i++)
        rec("acme/privacy", T0 + (int64_t)i * DAY, texts[i]);
    d2 = malloc(len);
    snprintf(d2, len, "%s-2", dir);
    cr_assert_eq(pd_store_init(&other, d2), 0);
    memset(&p, 0, sizeof(p));
    p.name = "acme/privacy";
    p.url = "https://acme.example/privacy";
    cr_assert_eq(pd_store_policy_add(other, &p), 0);
    p.name = "other";
    p.url = "https://other.example/tos";
    cr_assert_eq(pd_store_policy_add(other, &p), 0);
    /* summaries are recomputed for the version after each insertion */
    pd_store_set_summarizer(other, arrow_summary, NULL);
    for (size_t i = n; i-- > 0;)
        rec_as(other, "acme/privacy", T0 + (int64_t)i * DAY, texts[i], NULL);
    l1 = sh("git -C '%s' log --format='%%H %%at %%s %%T' versions/acme/privacy", dir);
    l2 = sh("git -C '%s' log --format='%%H %%at %%s %%T' versions/acme/privacy", d2);
    cr_assert_str_eq(l1, l2, "same commit ids whatever the order");
    cr_assert_eq(strlen(l1) > 0, 1);
    cr_assert(strstr(l1, "acme/privacy: C -> D") && strstr(l1, "acme/privacy: first"), "%s", l1);
    free(l1);
    free(l2);
    l1 = sh("git -C '%s' rev-list --count versions/acme/privacy", dir);
    cr_assert_str_eq(l1, "6\n");
    free(l1);
    pd_store_free(other);
    pd_test_rmtree(d2);
    free(d2);
}

/* (No .timeout on the long tests below: with several Criterion timeouts
 * running at once, Criterion itself leaks 48 bytes under LeakSanitizer;
 * meson's timeout bounds the suite.) */

/* Property: any arrival order of the same captures gives the same history
 * (commit ids, dates, texts), for random permutations with repeated and
 * restored texts, two policies interleaved. */
Test(store, any_arrival_order_gives_the_same_history)
{
    static const char *texts[] = {"A\n", "B\n", "A\n", "C\n", "C\n", "D\n", "B\n", "A\n",
                                  "E\n", "E\n", "A\n", "F\n", "G\n", "G\n", "A\n", "H\n"};
    enum { N = sizeof(texts) / sizeof(texts[0]), ORDERS = 6 };
    char *first_log = NULL, *first_other = NULL;
    unsigned seed = 20261207;
    pd_store_set_summarizer(st, arrow_summary, NULL);
    for (int round = 0; round < ORDERS; round++) {
        size_t order[2 * N];
        pd_store *s2 = NULL;
        pd_policy p;
        char d2[4200], cmd[4400];
        for (size_t i = 0; i < 2 * N; i++)
            order[i] = i;
        for (size_t i = 2 * N - 1; round && i > 0; i--) { /* round 0: in time order */
            size_t j = (size_t)rand_r(&seed) % (i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        snprintf(d2, sizeof(d2), "%s-perm%d", dir, round);
        cr_assert_eq(pd_store_init(&s2, d2), 0, "%s", pd_error_last());
        memset(&p, 0, sizeof(p));
        p.url = "https://acme.example/privacy";
        p.name = "acme/privacy";
        cr_assert_eq(pd_store_policy_add(s2, &p), 0);
        p.name = "other";
        cr_assert_eq(pd_store_policy_add(s2, &p), 0);
        pd_store_set_summarizer(s2, arrow_summary, NULL);
        for (size_t k = 0; k < 2 * N; k++) {
            size_t i = order[k] % N;
            rec_as(s2, order[k] < N ? "acme/privacy" : "other", T0 + (int64_t)i * DAY,
                   texts[order[k] < N ? i : (N - 1 - i)], NULL);
        }
        for (size_t i = 0; i < N; i++) {
            pd_buf b = PD_BUF_INIT;
            cr_assert_eq(pd_store_show(&b, NULL, s2, "acme/privacy", T0 + (int64_t)i * DAY + 1), 0);
            /* the text in effect is the capture's own: restored texts are versions */
            cr_assert_str_eq(pd_buf_cstr(&b), texts[i], "round %d, day %zu", round, i);
            pd_buf_dispose(&b);
        }
        snprintf(cmd, sizeof(cmd),
                 "git -C '%%s' log --format='%%%%H %%%%at %%%%s' "
                 "versions/acme/privacy");
        char *log = sh(cmd, d2);
        char *other = sh("git -C '%s' log --format='%%H' versions/other", d2);
        if (!first_log) {
            first_log = log;
            first_other = other;
            char *n = sh("git -C '%s' rev-list --count versions/acme/privacy", d2);
            cr_assert_str_eq(n, "13\n", "%s", first_log);
            free(n);
        } else {
            cr_assert_str_eq(log, first_log, "round %d", round);
            cr_assert_str_eq(other, first_other, "round %d", round);
            free(log);
            free(other);
        }
        pd_store_free(s2);
        pd_test_rmtree(d2);
    }
    free(first_log);
    free(first_other);
}

/* A store of the first layout (one main for every policy, a raw branch)
 * is upgraded by the first open that reads it, keeping every version and
 * every raw capture. */
Test(store, a_first_layout_store_is_upgraded)
{
    pd_store *s2 = NULL;
    pd_version *list = NULL;
    size_t n = 0, np = 0, nv = 0;
    char d2[4200];
    snprintf(d2, sizeof(d2), "%s-v1", dir);
    /* main: x@2021-01-01 "A", y@2021-01-02 "Y", x@2021-01-03 "B"; raw: three
     * captures of x (one unchanged at 01-02) and y's, x's first missing */
    const char *script =
        "set -e; git init -q --bare -b main '%s'; cd '%s';"
        "printf '[policy \"x\"]\\n\\turl = https://x.example/\\n[policy \"y\"]\\n\\turl = "
        "https://y.example/\\n' > policies.conf;"
        "conf=$(git hash-object -w policies.conf);"
        "a=$(printf 'A\\n' | git hash-object -w --stdin);"
        "b=$(printf 'B\\n' | git hash-object -w --stdin);"
        "y=$(printf 'Y\\n' | git hash-object -w --stdin);"
        "mk() { printf '100644 blob %%s\\tpolicies.conf\\n040000 tree %%s\\tpolicies\\n' "
        "$conf $(printf \"$1\" | git mktree) | git mktree; };"
        "t1=$(mk \"100644 blob $a\\tx.md\\n\");"
        "t2=$(mk \"100644 blob $a\\tx.md\\n100644 blob $y\\ty.md\\n\");"
        "t3=$(mk \"100644 blob $b\\tx.md\\n100644 blob $y\\ty.md\\n\");"
        "export GIT_AUTHOR_NAME=p GIT_AUTHOR_EMAIL=p@x GIT_COMMITTER_NAME=p "
        "GIT_COMMITTER_EMAIL=p@x;"
        "msg() { printf '%%s: new version\\n\\nPolicy: %%s\\nSource: s\\nCaptured-At: "
        "%%s\\nRaw-SHA256: %%s\\nVia: file\\n' $1 $1 $2 $3; };"
        "S1=1111111111111111111111111111111111111111111111111111111111111111;"
        "S2=2222222222222222222222222222222222222222222222222222222222222222;"
        "S3=3333333333333333333333333333333333333333333333333333333333333333;"
        "c1=$(GIT_AUTHOR_DATE='2021-01-01T00:00:00Z' GIT_COMMITTER_DATE='2021-01-01T00:00:00Z' "
        "git commit-tree $t1 -m \"$(msg x 2021-01-01T00:00:00Z $S1)\");"
        "c2=$(GIT_AUTHOR_DATE='2021-01-02T00:00:00Z' GIT_COMMITTER_DATE='2021-01-02T00:00:00Z' "
        "git commit-tree $t2 -p $c1 -m \"$(msg y 2021-01-02T00:00:00Z $S2)\");"
        "c3=$(GIT_AUTHOR_DATE='2021-01-03T00:00:00Z' GIT_COMMITTER_DATE='2021-01-03T00:00:00Z' "
        "git commit-tree $t3 -p $c2 -m \"$(msg x 2021-01-03T00:00:00Z $S3)\");"
        "git update-ref refs/heads/main $c3;"
        "r1=$(printf '<p>A again</p>' | git hash-object -w --stdin);"
        "r3=$(printf '<p>B</p>' | git hash-object -w --stdin);"
        "rt=$(printf \"100644 blob $r1\\t20210102000000-4444444444444444.html\\n100644 blob "
        "$r3\\t20210103000000-3333333333333333.html\\n\" | git mktree);"
        "rr=$(printf \"040000 tree $rt\\tx\\n\" | git mktree);"
        "root=$(printf \"040000 tree $rr\\traw\\n\" | git mktree);"
        "git update-ref refs/heads/raw $(git commit-tree $root -m raw);"
        "echo ok";
    char *out = sh(script, d2);
    cr_assert(strstr(out, "ok"), "%s", out);
    free(out);
    cr_assert_eq(pd_store_open(&s2, d2), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_log(&list, &n, s2, NULL, INT64_MIN, INT64_MAX), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_upgraded(&np, &nv, s2), 1);
    cr_assert_eq(np, 2);
    cr_assert_eq(nv, 3);
    cr_assert_eq(n, 3, "every version kept");
    cr_assert_str_eq(list[0].policy, "x");
    cr_assert_str_eq(list[1].policy, "y");
    cr_assert_str_eq(list[2].policy, "x");
    pd_version_array_free(list, n);
    pd_buf b = PD_BUF_INIT;
    cr_assert_eq(pd_store_show(&b, NULL, s2, "x", INT64_MAX), 0);
    cr_assert_str_eq(pd_buf_cstr(&b), "B\n");
    pd_buf_dispose(&b);
    pd_store_free(s2);
    /* upgraded once: main's tree was already the view's, yet main now says
     * it is the view, and the next open does not upgrade again */
    cr_assert_eq(pd_store_open(&s2, d2), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_log(&list, &n, s2, NULL, INT64_MIN, INT64_MAX), 0, "%s", pd_error_last());
    pd_version_array_free(list, n);
    cr_assert_eq(pd_store_upgraded(&np, &nv, s2), 0, "upgraded again");
    pd_store_free(s2);
    out = sh("cd '%s' && git show-ref | cut -d' ' -f2 | sort | tr '\\n' ' ' && "
             "git ls-tree -r --name-only captures/x | grep -c raw && "
             "git merge-base --is-ancestor $(git rev-list --max-parents=0 main | head -1) main "
             "&& git fsck --strict --no-dangling 2>&1 && echo fsck-ok",
             d2);
    cr_assert_str_eq(out,
                     "refs/heads/captures/x refs/heads/captures/y refs/heads/main "
                     "refs/heads/versions/x refs/heads/versions/y 3\nfsck-ok\n",
                     "%s", out);
    free(out);
    pd_test_rmtree(d2);
}

Test(store, refuses_to_rewrite_pushed_history_without_force)
{
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    int64_t until;
    char remote[128];
    rec("acme/privacy", T0, "A\n");
    rec("acme/privacy", T0 + 2 * DAY, "C\n");
    char *out = sh("git -C '%s' update-ref refs/remotes/origin/versions/acme/privacy "
                   "versions/acme/privacy~1 && echo ok",
                   dir);
    cr_assert_str_eq(out, "ok\n");
    free(out);
    cr_assert_eq(pd_store_pushed_until(&until, remote, sizeof(remote), st, "acme/privacy"), 0);
    cr_assert_eq(until, T0);
    cr_assert_str_eq(remote, "refs/remotes/origin/versions/acme/privacy");
    cr_assert_eq(pd_store_pushed_until(&until, NULL, 0, st, "other"), 0);
    cr_assert_eq(until, INT64_MIN, "a policy never pushed");
    /* appending is fine */
    cr_assert_eq(rec("acme/privacy", T0 + 3 * DAY, "D\n"), PD_RECORD_COMMITTED);
    /* inserting after the pushed commit is fine too */
    cr_assert_eq(rec("acme/privacy", T0 + DAY + 1, "B\n"), PD_RECORD_INSERTED);
    /* an older capture of another policy needs no force */
    cr_assert_eq(rec("other", T0 + 5 * DAY, "X\n"), PD_RECORD_COMMITTED);
    cr_assert_eq(rec("other", T0 - 5 * DAY, "W\n"), PD_RECORD_INSERTED);
    char *head = sh("git -C '%s' rev-parse versions/acme/privacy captures/acme/privacy", dir);
    o.policy = "acme/privacy";
    o.captured_at = T0 - DAY;
    cr_assert_eq(pd_store_record(&r, st, &o, "Z", 1, "Z\n", 2), PD_ECONFLICT);
    cr_assert(strstr(pd_error_last(), "--force"), "%s", pd_error_last());
    char *head2 = sh("git -C '%s' rev-parse versions/acme/privacy captures/acme/privacy", dir);
    cr_assert_str_eq(head, head2, "nothing written");
    o.force = 1;
    cr_assert_eq(pd_store_record(&r, st, &o, "Z", 1, "Z\n", 2), 0);
    cr_assert_eq(r, PD_RECORD_INSERTED);
    free(head);
    free(head2);
}

Test(store, index_is_rebuilt_when_missing_or_stale)
{
    char *t;
    rec("acme/privacy", T0, "A\n");
    rec("acme/privacy", T0 + DAY, "B\n");
    char *out = sh("rm -rf '%s/pd-index' && echo ok", dir);
    free(out);
    t = show_at("acme/privacy", T0);
    cr_assert_str_eq(t, "A\n");
    free(t);
    /* an outside change of the chain (here: git update-ref) is noticed */
    out = sh("git -C '%s' update-ref refs/heads/versions/acme/privacy versions/acme/privacy~1 "
             "&& echo ok",
             dir);
    cr_assert_str_eq(out, "ok\n");
    free(out);
    t = show_at("acme/privacy", INT64_MAX);
    cr_assert_str_eq(t, "A\n");
    free(t);
    /* a damaged index file is not trusted */
    out = sh("mkdir -p '%s/pd-index/v2/acme' && echo garbage > "
             "'%s/pd-index/v2/acme/privacy.idx' && echo ok",
             dir);
    free(out);
    t = show_at("acme/privacy", INT64_MAX);
    cr_assert_str_eq(t, "A\n");
    free(t);
    /* the next write derives the chain from the captures again: B is back */
    cr_assert_eq(rec("acme/privacy", T0 + 2 * DAY, "C\n"), PD_RECORD_COMMITTED);
    t = show_at("acme/privacy", T0 + DAY);
    cr_assert_str_eq(t, "B\n");
    free(t);
    t = show_at("acme/privacy", INT64_MAX);
    cr_assert_str_eq(t, "C\n");
    free(t);
}

/* A run killed after the capture was written and before its version: the
 * next write derives the missing version. */
Test(store, a_capture_without_its_version_is_derived_by_the_next_write)
{
    char *t, *out;
    rec("acme/privacy", T0, "A\n");
    char *v1 = sh("git -C '%s' rev-parse versions/acme/privacy", dir);
    rec("acme/privacy", T0 + 2 * DAY, "C\n");
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "git -C '%%s' update-ref refs/heads/versions/acme/privacy %.40s && echo ok", v1);
    out = sh(cmd, dir);
    cr_assert_str_eq(out, "ok\n");
    free(out);
    t = show_at("acme/privacy", INT64_MAX);
    cr_assert_str_eq(t, "A\n", "readers see the versions as they are");
    free(t);
    cr_assert_eq(rec("acme/privacy", T0 + 3 * DAY, "D\n"), PD_RECORD_COMMITTED);
    t = show_at("acme/privacy", T0 + 2 * DAY);
    cr_assert_str_eq(t, "C\n");
    free(t);
    out = sh("git -C '%s' rev-list --count versions/acme/privacy", dir);
    cr_assert_str_eq(out, "3\n");
    free(out);
    free(v1);
}

Test(store, lock_excludes_a_second_writer)
{
    pd_store *s2 = NULL;
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    cr_assert_eq(pd_store_open(&s2, dir), 0);
    cr_assert_eq(pd_store_lock(st, 0), 0);
    cr_assert_eq(pd_store_lock(st, 0), 0, "re-entrant for the same handle");
    cr_assert_eq(pd_store_lock(s2, 100), PD_ELOCKED);
    cr_assert(strstr(pd_error_last(), "locked"));
    o.policy = "other";
    o.captured_at = T0;
    /* record waits, then gives up (shortened by holding the lock) */
    pd_store_unlock(st);
    cr_assert_eq(pd_store_lock(s2, 100), PD_ELOCKED);
    pd_store_unlock(st);
    cr_assert_eq(pd_store_lock(s2, 100), 0);
    pd_store_unlock(s2);
    cr_assert_eq(pd_store_record(&r, s2, &o, "x", 1, "x\n", 2), 0);
    pd_store_free(s2);
}

/* Issue 19: the lock's files are never opened through a symbolic link: one
 * planted under the temporary file's predictable name (or the lock's, or the
 * guard's) must not make a run truncate or write its target. */
Test(store, the_lock_never_follows_a_symbolic_link)
{
    char victim[4096], tmp[4096], lock[4096], guard[4096];
    pd_buf after = PD_BUF_INIT;
    pd_store *s2 = NULL;
    FILE *f;
    snprintf(victim, sizeof(victim), "%s/victim.txt", dir);
    snprintf(tmp, sizeof(tmp), "%s/policydiff.lock.%ld", dir, (long)getpid());
    snprintf(lock, sizeof(lock), "%s/policydiff.lock", dir);
    snprintf(guard, sizeof(guard), "%s/policydiff.lock.guard", dir);
    f = fopen(victim, "w");
    cr_assert_not_null(f);
    fputs("precious\n", f);
    fclose(f);
    cr_assert_eq(symlink(victim, tmp), 0);
    cr_assert_eq(symlink(victim, guard), 0);
    cr_assert_eq(pd_store_lock(st, 0), 0, "%s", pd_error_last());
    pd_store_unlock(st);
    cr_assert_eq(pd_buf_read_file(&after, victim, 0), 0);
    cr_assert_str_eq(pd_buf_cstr(&after), "precious\n", "the link's target was written");
    /* a lock that is a link is said, not followed */
    cr_assert_eq(symlink(victim, lock), 0);
    cr_assert_eq(pd_store_open(&s2, dir), 0);
    cr_assert_eq(pd_store_lock(s2, 0), PD_ELOCKED);
    cr_assert(strstr(pd_error_last(), "symbolic link"), "%s", pd_error_last());
    pd_buf_clear(&after);
    cr_assert_eq(pd_buf_read_file(&after, victim, 0), 0);
    cr_assert_str_eq(pd_buf_cstr(&after), "precious\n");
    pd_buf_dispose(&after);
    pd_store_free(s2);
    unlink(lock);
}

Test(store, stale_lock_of_a_dead_process_is_broken)
{
    char path[4096];
    pid_t pid = fork();
    int status;
    FILE *f;
    cr_assert(pid >= 0);
    if (pid == 0)
        _exit(0);
    waitpid(pid, &status, 0);
    snprintf(path, sizeof(path), "%s/policydiff.lock", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "%ld\n", (long)pid);
    fclose(f);
    cr_assert_eq(pd_store_lock(st, 0), 0, "%s", pd_error_last());
    f = fopen(path, "r");
    long owner = 0;
    cr_assert_eq(fscanf(f, "%ld", &owner), 1);
    fclose(f);
    cr_assert_eq(owner, (long)getpid());
    pd_store_unlock(st);
    cr_assert_eq(access(path, F_OK), -1, "unlock removes the lock file");
}

/* Liveness is the kernel's flock on the lock file, not the pid it names: a
 * lock nobody holds is stale even when its pid is alive (reused, or this
 * very process in a fresh container) or its body is damaged; a held lock is
 * respected whatever it says. */
Test(store, lock_liveness_is_the_flock_not_the_pid, .timeout = 10)
{
    static const char *const bodies[] = {"1\n", "0\n", "garbage", "-5\n", "12x\n", ""};
    char path[4096], self[32];
    snprintf(path, sizeof(path), "%s/policydiff.lock", dir);
    snprintf(self, sizeof(self), "%ld\n", (long)getpid());
    for (size_t i = 0; i <= sizeof(bodies) / sizeof(*bodies); i++) {
        const char *body = i < sizeof(bodies) / sizeof(*bodies) ? bodies[i] : self;
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fputs(body, f);
        fclose(f);
        cr_assert_eq(pd_store_lock(st, 0), 0, "unheld lock '%s': %s", body, pd_error_last());
        pd_store_unlock(st);
        cr_assert_eq(access(path, F_OK), -1);
    }
    /* held (by another open file description), with a damaged body: waits, then
     * says so, and leaves it alone */
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("garbage", f);
    fflush(f);
    cr_assert_eq(flock(fileno(f), LOCK_EX), 0);
    cr_assert_eq(pd_store_lock(st, 60), PD_ELOCKED);
    cr_assert(strstr(pd_error_last(), "remove it"), "%s", pd_error_last());
    cr_assert_eq(access(path, F_OK), 0, "a held lock is never removed");
    fclose(f); /* released */
    cr_assert_eq(pd_store_lock(st, 0), 0, "%s", pd_error_last());
    pd_store_unlock(st);
}

/* A child records many captures; kill -9 it mid-way; the repository must
 * be valid and a second run must complete the rest. */
static void record_loop(const char *d, int from, int count)
{
    pd_store *s = NULL;
    char text[64];
    if (pd_store_open(&s, d))
        _exit(3);
    for (int i = from; i < count; i++) {
        pd_record_options o = PD_RECORD_OPTIONS_INIT;
        pd_record_result r;
        snprintf(text, sizeof(text), "version %d\n", i / 2);
        o.policy = i % 3 ? "acme/privacy" : "other";
        o.captured_at = T0 + (int64_t)i * 60;
        if (pd_store_record(&r, s, &o, text, strlen(text), text, strlen(text)))
            _exit(4);
    }
    pd_store_free(s);
}

/* What record_loop(0, total) records: one version per change of text per
 * policy. */
static size_t expected_versions(int total)
{
    size_t expected = 0;
    char last[2][64] = {"", ""};
    for (int i = 0; i < total; i++) {
        char text[64];
        int k = i % 3 ? 0 : 1;
        snprintf(text, sizeof(text), "version %d\n", i / 2);
        if (strcmp(text, last[k])) {
            expected++;
            strcpy(last[k], text);
        }
    }
    return expected;
}

Test(store, survives_sigkill_during_a_record_loop, .timeout = 300)
{
    const int total = 400;
    pid_t pid;
    int status;
    char *n, *fsck;
    pd_version *list = NULL;
    size_t count = 0;

    pd_store_free(st); /* the child opens its own */
    st = NULL;
    /* three runs killed at different points, each re-running from the start */
    for (int round = 0; round < 3; round++) {
        int threshold = 20 + 40 * round;
        pid = fork();
        cr_assert(pid >= 0);
        if (pid == 0) {
            record_loop(dir, 0, total);
            _exit(0);
        }
        /* wait until some but not all versions are there, then kill -9 */
        for (;;) {
            n = sh("git -C '%s' rev-list --count captures/acme/privacy 2>/dev/null || echo 0", dir);
            int c = atoi(n);
            free(n);
            if (c >= threshold)
                break;
            usleep(20000);
        }
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        cr_assert(WIFSIGNALED(status), "the child finished before the kill; raise total");
        fsck = sh("git -C '%s' fsck --strict 2>&1 && echo fsck-ok", dir);
        cr_assert(strstr(fsck, "fsck-ok"), "%s", fsck);
        free(fsck);
    }
    /* re-running everything completes the rest and adds no duplicates */
    pid = fork();
    if (pid == 0) {
        record_loop(dir, 0, total);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "re-run failed: %d", status);
    cr_assert_eq(pd_store_open(&st, dir), 0);
    cr_assert_eq(pd_store_log(&list, &count, st, NULL, INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(count, expected_versions(total));
    for (size_t i = 1; i < count; i++)
        cr_assert(list[i - 1].captured_at <= list[i].captured_at);
    pd_version_array_free(list, count);
    char *raws = sh("cd '%s' && (git ls-tree -r --name-only captures/acme/privacy; "
                    "git ls-tree -r --name-only captures/other) | grep -c '[.]meta$'",
                    dir);
    cr_assert_eq(atoi(raws), total, "%s", raws);
    free(raws);
    /* every version has its raw capture */
    char *orphans = sh("cd '%s' && for p in acme/privacy other; do git log "
                       "--format='%%(trailers:key=Capture,valueonly)' versions/$p | grep . | "
                       "while read c; do git ls-tree -r --name-only captures/$p | "
                       "grep -q \"$c[.]raw[.]\" || echo \"$p $c\"; done; done",
                       dir);
    cr_assert_str_eq(orphans, "", "versions without their raw capture: %s", orphans);
    free(orphans);
    fsck = sh("git -C '%s' fsck --strict 2>&1 && echo fsck-ok", dir);
    cr_assert(strstr(fsck, "fsck-ok"), "%s", fsck);
    free(fsck);
}

/* Many kills at random moments, with packing made frequent: after each,
 * git fsck --strict passes; at the end a re-run completes and every
 * version has its raw capture. */
Test(store, survives_random_sigkills_with_packing)
{
    const int total = 240, kills = 60;
    unsigned seed = 7;
    int status;
    char *out;
    pd_store_free(st);
    st = NULL;
    setenv("POLICYDIFF_PACK_LOOSE", "300", 1);
    for (int k = 0; k < kills; k++) {
        pid_t pid = fork();
        cr_assert(pid >= 0);
        if (pid == 0) {
            record_loop(dir, 0, total);
            _exit(0);
        }
        usleep(2000 + (useconds_t)(rand_r(&seed) % 60000));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        if (k % 10 == 9) {
            out = sh("git -C '%s' fsck --strict --no-dangling 2>&1 && echo fsck-ok", dir);
            cr_assert(strstr(out, "fsck-ok"), "after kill %d: %s", k, out);
            free(out);
        }
    }
    pid_t pid = fork();
    if (pid == 0) {
        record_loop(dir, 0, total);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    unsetenv("POLICYDIFF_PACK_LOOSE");
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "re-run failed: %d", status);
    out = sh("cd '%s' && ls objects/pack | grep -c '[.]pack$'; git fsck --strict --no-dangling "
             "2>&1 && echo fsck-ok",
             dir);
    cr_assert(atoi(out) >= 1, "packing ran: %s", out);
    cr_assert(strstr(out, "fsck-ok"), "%s", out);
    free(out);
    out = sh("cd '%s' && (git ls-tree -r --name-only captures/acme/privacy; git ls-tree -r "
             "--name-only captures/other) | grep -c '[.]meta$'",
             dir);
    cr_assert_eq(atoi(out), total, "%s", out);
    free(out);
    out = sh("cd '%s' && for p in acme/privacy other; do git log "
             "--format='%%(trailers:key=Capture,valueonly)' versions/$p | grep . | "
             "while read c; do git ls-tree -r --name-only captures/$p | "
             "grep -q \"$c[.]raw[.]\" || echo \"$p $c\"; done; done",
             dir);
    cr_assert_str_eq(out, "", "versions without their raw capture: %s", out);
    free(out);
    cr_assert_eq(pd_store_open(&st, dir), 0);
    pd_version *list = NULL;
    size_t count = 0;
    cr_assert_eq(pd_store_log(&list, &count, st, NULL, INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(count, expected_versions(total));
    for (size_t i = 1; i < count; i++)
        cr_assert(list[i - 1].captured_at <= list[i].captured_at);
    pd_version_array_free(list, count);
}

Test(ota, service_declaration_gives_one_policy_per_terms_type)
{
    pd_buf json = PD_BUF_INIT;
    pd_ota_service svc = PD_OTA_SERVICE_INIT;
    pd_test_read(&json, "store/fixtures/service.json");
    cr_assert_eq(pd_ota_read_service(&svc, json.ptr, json.len, NULL, 0, NULL, NULL), 0, "%s",
                 pd_error_last());
    cr_assert_str_eq(svc.service, "Example Service");
    cr_assert_eq(svc.npolicies, 3);
    cr_assert_str_eq(svc.policies[0].name, "example-service/privacy-policy");
    cr_assert_str_eq(svc.policies[0].url, "https://example.com/privacy");
    cr_assert_eq(svc.policies[0].recipe.nselect, 2);
    cr_assert_eq(svc.policies[0].recipe.select[0].kind, PD_SEL_RANGE);
    cr_assert_str_eq(svc.policies[0].recipe.select[0].start_before, "#privacy-start");
    cr_assert_eq(svc.policies[0].recipe.nremove, 1);
    cr_assert_str_eq(svc.policies[1].name, "example-service/terms-of-service");
    /* a combined document: the first page's URL, both pages in the recipe */
    cr_assert_str_eq(svc.policies[2].name, "example-service/developer-terms");
    cr_assert_str_eq(svc.policies[2].url, "https://example.com/dev1");
    cr_assert_eq(svc.policies[2].recipe.npages, 2);
    cr_assert_eq(svc.nskipped, 0);
    pd_ota_service_dispose(&svc);
    /* the file's name is the service id when given (OTA's service id) */
    cr_assert_eq(pd_ota_read_service(&svc, json.ptr, json.len, NULL, 0, "Example", NULL), 0);
    cr_assert_str_eq(svc.policies[0].name, "example/privacy-policy");
    pd_ota_service_dispose(&svc);
    pd_buf_dispose(&json);
}

/* Today's format: "terms", a history file's earlier recipes (the one in
 * force at a time), executeClientScripts as render = chromium, terms types
 * skipped with their reason, and bad input refused whole. */
Test(ota, terms_history_render_and_skips)
{
    static const char decl[] =
        "{\"name\": \"Shop\", \"importedFrom\": \"x\", \"terms\": {"
        "\"Privacy Policy\": {\"fetch\": \"https://shop.example/privacy\", \"select\": "
        "\"main\", \"executeClientScripts\": true},"
        "\"Terms of Service\": {\"fetch\": \"https://shop.example/tos.pdf\"},"
        "\"Cookies\": {\"fetch\": \"https://shop.example/c\", \"select\": \"div:has(p)\"}}}";
    static const char hist[] =
        "{\"Privacy Policy\": [{\"fetch\": \"https://shop.example/p2\", \"select\": \"#b\", "
        "\"validUntil\": \"2021-06-01T00:00:00Z\"}, {\"fetch\": \"https://shop.example/p1\", "
        "\"select\": \"#a\", \"validUntil\": \"2019-01-01T00:00:00.000Z\"}],"
        "\"Old Terms\": [{\"fetch\": \"https://shop.example/old\", \"validUntil\": "
        "\"2020-01-01T00:00:00Z\"}]}";
    pd_ota_service svc = PD_OTA_SERVICE_INIT;
    const pd_recipe *r;
    const char *url;
    int64_t t;
    cr_assert_eq(pd_ota_read_service(&svc, decl, strlen(decl), hist, strlen(hist), "Shop", NULL), 0,
                 "%s", pd_error_last());
    cr_assert_eq(svc.npolicies, 2);
    pd_policy *p = &svc.policies[0];
    cr_assert_str_eq(p->name, "shop/privacy-policy");
    cr_assert_str_eq(p->render, "chromium");
    cr_assert_eq(p->recipe.client_scripts, 0, "said by render, not in the recipe");
    cr_assert_eq(p->nhistory, 2);
    cr_assert_str_eq(p->history[0].url, "https://shop.example/p1", "oldest first");
    pd_time_parse(&t, "2018-05-01");
    r = pd_policy_recipe_at(&url, p, t);
    cr_assert_str_eq(url, "https://shop.example/p1");
    cr_assert_str_eq(r->select[0].css, "#a");
    pd_time_parse(&t, "2019-01-01T00:00:00Z");
    cr_assert_str_eq(pd_policy_recipe_at(&url, p, t)->select[0].css, "#a", "inclusive");
    pd_time_parse(&t, "2020-03-01");
    cr_assert_str_eq(pd_policy_recipe_at(&url, p, t)->select[0].css, "#b");
    pd_time_parse(&t, "2022-01-01");
    cr_assert_str_eq(pd_policy_recipe_at(&url, p, t)->select[0].css, "main");
    cr_assert_str_eq(url, "https://shop.example/privacy");
    cr_assert(pd_ota_notes(p) & PD_OTA_NOTE_RENDER);
    cr_assert(pd_ota_notes(p) & PD_OTA_NOTE_HISTORY);
    cr_assert(pd_ota_notes(&svc.policies[1]) & PD_OTA_NOTE_PDF);
    cr_assert_eq(svc.nskipped, 2);
    cr_assert_str_eq(svc.skipped[0].terms, "Cookies");
    cr_assert_eq(svc.skipped[0].reason, PD_OTA_SKIP_CSS);
    cr_assert_str_eq(svc.skipped[1].terms, "Old Terms");
    cr_assert_eq(svc.skipped[1].reason, PD_OTA_SKIP_ENDED);
    cr_assert(strstr(svc.skipped[1].why, "2020-01-01"), "%s", svc.skipped[1].why);
    pd_ota_service_dispose(&svc);
    /* a history file alone: every terms type skipped as no longer tracked */
    cr_assert_eq(pd_ota_read_service(&svc, NULL, 0, hist, strlen(hist), "Shop", NULL), 0);
    cr_assert_eq(svc.npolicies, 0);
    cr_assert_eq(svc.nskipped, 2);
    pd_ota_service_dispose(&svc);
    static const char *const bad[] = {
        "{\"name\": \"x\", \"terms\": {\"a\": {\"fetch\": \"https://x.example/\", \"selekt\": "
        "\"main\"}}}",
        "{\"name\": \"x\", \"terms\": {}, \"extra\": 1}",
        "{\"name\": \"x\", \"terms\": {\"a\": {\"fetch\": \"https://x.example/\", \"select\": "
        "\"main >\"}}}",
        "{\"name\": \"x\", \"terms\": {\"a\": {\"fetch\": \"ftp://x.example/\"}}}",
        "{\"name\": \"x\", \"terms\": {\"a\": {\"select\": \"main\"}}}",
        "{\"name\": \"x\", \"terms\": {\"a\": {\"fetch\": \"https://x.example/\", \"select\": "
        "{\"startBefore\": \"h1\"}}}}",
        "{\"name\": \"x\", \"terms\": {}, \"documents\": {}}",
        NULL};
    for (int i = 0; bad[i]; i++) {
        cr_assert_eq(pd_ota_read_service(&svc, bad[i], strlen(bad[i]), NULL, 0, "x", NULL),
                     PD_EINVALID, "accepted: %s", bad[i]);
        cr_assert_null(strchr(pd_error_last(), '\n'), "one line: %s", pd_error_last());
        cr_assert_eq(svc.npolicies, 0);
    }
    static const char bad_hist[] = "{\"Privacy Policy\": [{\"fetch\": \"https://x.example/\"}]}";
    cr_assert_eq(
        pd_ota_read_service(&svc, decl, strlen(decl), bad_hist, strlen(bad_hist), "x", NULL),
        PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "validUntil"), "%s", pd_error_last());
}

Test(ota, single_document_and_bad_input)
{
    pd_buf json = PD_BUF_INIT;
    pd_ota_service svc = PD_OTA_SERVICE_INIT;
    pd_test_read(&json, "store/fixtures/document.json");
    cr_assert_eq(pd_ota_read_service(&svc, json.ptr, json.len, NULL, 0, NULL, NULL), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "--name"));
    cr_assert_eq(pd_ota_read_service(&svc, json.ptr, json.len, NULL, 0, NULL, "github/privacy"), 0);
    cr_assert_eq(svc.npolicies, 1);
    cr_assert_str_eq(svc.policies[0].name, "github/privacy");
    cr_assert_str_eq(svc.policies[0].recipe.select[0].css, "#article-contents");
    pd_ota_service_dispose(&svc);
    const char *bad[] = {"",
                         "[]",
                         "{\"documents\": []}",
                         "{\"name\": 3, \"documents\": {}}",
                         "{\"name\": \"x\", \"documents\": {\"a\": {\"fetch\": 1}}}",
                         "{"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = pd_ota_read_service(&svc, bad[i], strlen(bad[i]), NULL, 0, NULL, NULL);
        cr_assert_eq(rc, PD_EINVALID, "'%s'", bad[i]);
        cr_assert_eq(svc.npolicies, 0);
    }
    char *s = pd_ota_slug("Terms of Service");
    cr_assert_str_eq(s, "terms-of-service");
    free(s);
    s = pd_ota_slug("  Developer's   Terms!! ");
    cr_assert_str_eq(s, "developers-terms");
    free(s);
    cr_assert_null(pd_ota_slug("!!!"));
    pd_buf_dispose(&json);
}

/* A policy's language and render lines round trip; a capture's language and
 * the browser that rendered it are trailers of its version; a language that
 * is not a tag is refused (policies.conf, and the record). */
Test(store, language_and_render_lines_and_trailers)
{
    pd_policy p, *got = NULL;
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    memset(&p, 0, sizeof(p));
    p.name = "fr/cgv";
    p.url = "https://shop.example/cgv";
    p.language = "fr-CA";
    p.render = "chromium";
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_policy_get(&got, st, "fr/cgv"), 0, "%s", pd_error_last());
    cr_assert_str_eq(got->language, "fr-CA");
    cr_assert_str_eq(got->render, "chromium");
    pd_policy_free(got);
    p.name = "fr/bad";
    p.language = "fr\r\nX-Evil: 1";
    cr_assert_eq(pd_store_policy_add(st, &p), PD_EINVALID);
    cr_assert(strstr(pd_error_last(), "not a language tag"), "%s", pd_error_last());
    for (const char *bad = "1fr\0fr-\0-fr\0fr--ca\0abcdefghi\0"; *bad; bad += strlen(bad) + 1)
        cr_assert_eq(pd_language_check(bad), PD_EINVALID, "%s", bad);
    for (const char *good = "fr\0en-GB\0zh-Hant-TW\0es-419\0"; *good; good += strlen(good) + 1)
        cr_assert_eq(pd_language_check(good), 0, "%s", good);

    o.policy = "fr/cgv";
    o.captured_at = T0;
    o.language = "fr";
    o.browser = "chromium 120.0.6099.224";
    cr_assert_eq(pd_store_record(&r, st, &o, "<p>x</p>", 8, "x\n", 2), 0, "%s", pd_error_last());
    char *body = sh("git -C '%s' log -1 --format=%%b versions/fr/cgv", dir);
    cr_assert(strstr(body, "\nLanguage: fr\nRendered-By: chromium 120.0.6099.224\n"), "%s", body);
    free(body);
    o.language = "f r";
    o.captured_at = T0 + 60;
    cr_assert_eq(pd_store_record(&r, st, &o, "<p>y</p>", 8, "y\n", 2), PD_EINVALID);
}
