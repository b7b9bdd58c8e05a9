/* Tests of the static site (src/report/site.c) over small stores made here. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "ingest/site_run.h"
#include "report/site.h"
#include "store/store.h"
#include "acme_store.h"
#include "support/testutil.h"
#include "util/error.h"
#include "util/timeutil.h"

static char *root;
static char store_dir[4096], site_dir[4096];
static pd_store *st;

static const char *v1 = "# Privacy\n\nWe collect your email address.\n\n"
                        "## Sharing\n\nWe do not sell your data.\n\nWe keep logs for 30 days.\n";
static const char *v2 = "# Privacy\n\nWe collect your email address and your location.\n\n"
                        "## Sharing\n\nWe may sell your data to partners.\n\n"
                        "We keep logs for 30 days.\n";
static const char *v3 = "# Privacy\n\nWe collect your email address and your location.\n\n"
                        "## Sharing\n\nWe may sell your data to partners.\n\n"
                        "We keep logs for 30 days!\n\n"
                        "Contact <script>alert('x')</script> & \"friends\".\n\n"
                        "Users aged < 13 > 2 & 'others' are \"welcome\".\n";

static void record(const char *name, int64_t t, const char *text)
{
    pd_test_record(st, name, t, text);
}

static void setup(void)
{
    root = pd_test_tmpdir();
    snprintf(store_dir, sizeof(store_dir), "%s/store", root);
    snprintf(site_dir, sizeof(site_dir), "%s/site", root);
    pd_test_acme_store(&st, store_dir, v1, v2, v3);
}

static void teardown(void)
{
    pd_store_free(st);
    st = NULL;
    pd_test_rmtree(root);
    free(root);
}

static void render(pd_site_stats *stats, const pd_site_options *o)
{
    int rc = pd_ingest_site_render(stats, st, site_dir, o);
    cr_assert_eq(rc, 0, "render: %s", pd_error_last());
}

static char *site_file(const char *rel)
{
    pd_buf b = PD_BUF_INIT;
    char path[12400];
    snprintf(path, sizeof(path), "%s/%s", site_dir, rel);
    char *s;
    cr_assert_eq(pd_buf_read_file(&b, path, 1 << 26), 0, "read %s: %s", path, pd_error_last());
    s = pd_buf_detach(&b);
    return s ? s : strdup("");
}

static int exists(const char *rel)
{
    char path[12400];
    struct stat sb;
    snprintf(path, sizeof(path), "%s/%s", site_dir, rel);
    return stat(path, &sb) == 0;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* "p/<dir>/<YYYYMMDD-HHMMSS>-<commit7>.html" of a version. */
static void version_page(char *out, size_t size, const pd_version *v)
{
    char ts[16];
    char *d = pd_site_policy_dir(v->policy);
    pd_time_format_wayback(ts, sizeof(ts), v->captured_at);
    snprintf(out, size, "p/%s/%.8s-%.6s-%.7s.html", d, ts, ts + 8, v->commit);
    free(d);
}

/* ---- link checker: every local href and src of every page resolves ---- */

static size_t pages_seen, links_checked;

static void check_links_in(const char *path)
{
    pd_buf b = PD_BUF_INIT;
    char dirpart[8192], target[16400];
    const char *attrs[] = {"href=\"", "src=\""};
    const char *slash = strrchr(path, '/');

    snprintf(dirpart, sizeof(dirpart), "%.*s", (int)(slash - path), path);
    cr_assert_eq(pd_buf_read_file(&b, path, 1 << 26), 0);
    for (size_t a = 0; a < 2; a++) {
        for (const char *p = pd_buf_cstr(&b); (p = strstr(p, attrs[a]));) {
            const char *v = p + strlen(attrs[a]), *end = strchr(v, '"');
            char url[8192];
            struct stat sb;
            cr_assert_not_null(end);
            snprintf(url, sizeof(url), "%.*s", (int)(end - v), v);
            p = end;
            if (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8) || url[0] == '#')
                continue;
            cr_assert(!strstr(url, "://"), "%s: non-local link %s", path, url);
            char *hash = strchr(url, '#');
            if (hash)
                *hash = 0;
            snprintf(target, sizeof(target), "%s/%s", dirpart, url);
            cr_assert_eq(stat(target, &sb), 0, "%s: broken link %s", path, url);
            links_checked++;
        }
    }
    pd_buf_dispose(&b);
}

static int walk_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_F && strlen(path) > 5 && !strcmp(path + strlen(path) - 5, ".html")) {
        check_links_in(path);
        pages_seen++;
    }
    return 0;
}

static void check_all_links(void)
{
    pages_seen = links_checked = 0;
    cr_assert_eq(nftw(site_dir, walk_cb, 16, FTW_PHYS), 0);
    cr_assert_gt(pages_seen, 0);
    cr_assert_gt(links_checked, pages_seen);
}

static int no_script_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_F && strstr(path, ".html")) {
        pd_buf b = PD_BUF_INIT;
        cr_assert_eq(pd_buf_read_file(&b, path, 1 << 26), 0);
        cr_assert_null(strstr(pd_buf_cstr(&b), "<script"), "%s has a <script>", path);
        cr_assert_null(strstr(pd_buf_cstr(&b), "<2>"), "%s has an unescaped URL", path);
        pd_buf_dispose(&b);
    }
    return 0;
}

TestSuite(site, .init = setup, .fini = teardown);

Test(site, every_version_has_a_page_and_links_resolve)
{
    pd_site_stats s;
    pd_version *v = NULL;
    size_t n = 0;
    char rel[8192];

    render(&s, NULL);
    cr_assert_eq(pd_store_log(&v, &n, st, NULL, INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(n, 5);
    cr_assert_eq(s.versions, 5);
    cr_assert_eq(s.policies, 3);
    cr_assert_eq(s.versions_written, 5);
    for (size_t i = 0; i < n; i++) {
        version_page(rel, sizeof(rel), &v[i]);
        cr_assert(exists(rel), "missing %s", rel);
    }
    pd_version_array_free(v, n);
    cr_assert(exists("index.html"));
    cr_assert(exists("by-name.html"));
    cr_assert(exists("style.css"));
    cr_assert(exists("c/index.html"));
    cr_assert(exists("p/acme~privacy/index.html"));
    cr_assert(exists("p/quiet/index.html"));
    cr_assert(exists(PD_SITE_MANIFEST));
    check_all_links();
}

/* "Last capture" is the last capture kept, changed or not: a policy whose
 * text has not changed since its last version was still captured later. */
Test(site, index_shows_the_last_capture_not_the_last_change)
{
    pd_record_options o = PD_RECORD_OPTIONS_INIT;
    pd_record_result r;
    pd_site_stats s;
    char raw[512], want[64];
    struct tm tm;
    time_t later = (time_t)(T0 + 700 * DAY);
    snprintf(raw, sizeof(raw), "%s<!-- fetched again -->", v3);
    o.policy = "acme/privacy";
    o.captured_at = T0 + 700 * DAY;
    o.source = "https://acme.example/privacy";
    cr_assert_eq(pd_store_record(&r, st, &o, raw, strlen(raw), v3, strlen(v3)), 0, "%s",
                 pd_error_last());
    cr_assert_neq(r, PD_RECORD_COMMITTED, "same text: no new version");
    render(&s, NULL);
    gmtime_r(&later, &tm);
    strftime(want, sizeof(want), "<td class=\"nowrap\">%Y-%m-%d</td>", &tm);
    char *index = site_file("index.html");
    cr_assert(strstr(index, want), "no %s in the index", want);
    free(index);
}

Test(site, timeline_has_one_mark_per_version)
{
    char *page;
    render(NULL, NULL);
    page = site_file("p/acme~privacy/index.html");
    cr_assert_eq(count(page, "<svg"), 1);
    cr_assert_eq(count(page, "class=\"mark "), 3, "%s", page);
    cr_assert_eq(count(page, "<title"), 5); /* page, svg, three marks */
    free(page);
    page = site_file("p/other/index.html");
    cr_assert_eq(count(page, "class=\"mark "), 2);
    free(page);
    page = site_file("p/quiet/index.html");
    cr_assert_eq(count(page, "class=\"mark "), 0);
    free(page);
}

Test(site, pages_are_self_contained_and_responsive)
{
    char *page;
    render(NULL, NULL);
    page = site_file("index.html");
    cr_assert(strstr(page, "name=\"viewport\""));
    cr_assert(strstr(page, "href=\"style.css\""));
    cr_assert_null(strstr(page, "<script"));
    cr_assert_null(strstr(page, "//fonts."));
    /* sorted by last change: other (day 500) before acme (day 400) */
    cr_assert_lt(strstr(page, "p/other/index.html") - page,
                 strstr(page, "p/acme~privacy/index.html") - page);
    free(page);
    page = site_file("by-name.html");
    cr_assert_lt(strstr(page, "p/acme~privacy/index.html") - page,
                 strstr(page, "p/other/index.html") - page);
    free(page);
    page = site_file("style.css");
    cr_assert(strstr(page, "prefers-color-scheme:dark"));
    cr_assert(strstr(page, "@media (max-width"));
    cr_assert_null(strstr(page, "url("));
    free(page);
}

Test(site, version_page_shows_the_diff)
{
    pd_version *v = NULL;
    size_t n = 0;
    char rel[8192];
    char *page;

    render(NULL, NULL);
    cr_assert_eq(pd_store_log(&v, &n, st, "acme/privacy", INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(n, 3);
    version_page(rel, sizeof(rel), &v[1]);
    page = site_file(rel);
    cr_assert(strstr(page, "<del>"), "%s", page);
    cr_assert(strstr(page, "<ins>"));
    cr_assert(strstr(page, "Sharing"));
    cr_assert(strstr(page, "class=\"sev sev-"));
    cr_assert(strstr(page, "rel=\"prev\""));
    free(page);
    /* the third version has a cosmetic change: folded away */
    version_page(rel, sizeof(rel), &v[2]);
    page = site_file(rel);
    cr_assert(strstr(page, "<details class=\"cosmetic\">"), "%s", page);
    cr_assert_null(strstr(page, "<details class=\"cosmetic\" open"));
    free(page);
    version_page(rel, sizeof(rel), &v[0]);
    page = site_file(rel);
    cr_assert(strstr(page, "first recorded version"));
    free(page);
    pd_version_array_free(v, n);
}

Test(site, hostile_text_is_escaped)
{
    pd_version *v = NULL;
    size_t n = 0;
    char rel[8192];
    char *page;

    render(NULL, NULL);
    cr_assert_eq(nftw(site_dir, no_script_cb, 16, FTW_PHYS), 0);
    cr_assert_eq(pd_store_log(&v, &n, st, "acme/privacy", INT64_MIN, INT64_MAX), 0);
    version_page(rel, sizeof(rel), &v[2]);
    page = site_file(rel);
    /* the Markdown reader may drop the inline tag; what is left is escaped */
    cr_assert(strstr(page, "&amp; &quot;friends&quot;"), "%s", page);
    cr_assert(strstr(page, "aged &lt; 13 &gt; 2 &amp; &#39;others&#39; are &quot;welcome&quot;"),
              "%s", page);
    free(page);
    pd_version_array_free(v, n);
}

static void age_all(const char *dir);
static int age_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    struct utimbuf t = {1000000000, 1000000000};
    (void)sb;
    (void)ftw;
    if (flag == FTW_F)
        utime(path, &t);
    return 0;
}
static void age_all(const char *dir)
{
    cr_assert_eq(nftw(dir, age_cb, 16, FTW_PHYS), 0);
}

static time_t mtime_of(const char *rel)
{
    char path[12400];
    struct stat sb;
    snprintf(path, sizeof(path), "%s/%s", site_dir, rel);
    cr_assert_eq(stat(path, &sb), 0, "%s", path);
    return sb.st_mtime;
}

Test(site, incremental_run_writes_only_the_new_version_page)
{
    pd_site_stats s;
    pd_version *v = NULL;
    size_t n = 0;
    char rel[8192];
    char *manifest;

    render(&s, NULL);
    render(&s, NULL);
    cr_assert_eq(s.versions_written, 0);
    cr_assert_eq(s.versions_kept, 5);
    cr_assert_eq(s.pages_written, 0, "nothing changed, nothing rewritten");
    age_all(site_dir);
    record("acme/privacy", T0 + 600 * DAY, v1);
    render(&s, NULL);
    cr_assert_eq(s.versions_written, 1);
    cr_assert_eq(s.versions_kept, 5);
    cr_assert_eq(pd_store_log(&v, &n, st, NULL, INT64_MIN, INT64_MAX), 0);
    cr_assert_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        version_page(rel, sizeof(rel), &v[i]);
        if (i == n - 1)
            cr_assert_neq(mtime_of(rel), 1000000000, "new page written");
        else
            cr_assert_eq(mtime_of(rel), 1000000000, "%s rewritten", rel);
    }
    manifest = site_file(PD_SITE_MANIFEST);
    cr_assert(strstr(manifest, v[n - 1].commit));
    free(manifest);
    pd_version_array_free(v, n);
    cr_assert_neq(mtime_of("p/acme~privacy/index.html"), 1000000000);
    cr_assert_eq(mtime_of("p/other/index.html"), 1000000000, "unchanged policy page kept");
    check_all_links();

    /* --full rewrites every version page */
    pd_site_options o = PD_SITE_OPTIONS_INIT;
    o.full = 1;
    render(&s, &o);
    cr_assert_eq(s.versions_written, 6);
}

Test(site, inserted_history_replaces_stale_pages)
{
    pd_site_stats s;
    char *d;
    DIR *dh;
    struct dirent *e;
    size_t html = 0;
    char path[12400];

    render(&s, NULL);
    /* a capture older than the newest: later commits are re-created */
    record("other", T0 + 100 * DAY, v3);
    render(&s, NULL);
    cr_assert_gt(s.pages_removed, 0);
    d = pd_site_policy_dir("other");
    snprintf(path, sizeof(path), "%s/p/%s", site_dir, d);
    free(d);
    dh = opendir(path);
    cr_assert_not_null(dh);
    while ((e = readdir(dh)))
        html += strstr(e->d_name, ".html") != NULL;
    closedir(dh);
    cr_assert_eq(html, 3 + 1, "three versions and the policy page");
    check_all_links();
}

Test(site, since_limits_the_versions)
{
    pd_site_stats s;
    pd_site_options o = PD_SITE_OPTIONS_INIT;
    char *page;
    o.since = T0 + 100 * DAY;
    render(&s, &o);
    cr_assert_eq(s.versions, 2);
    page = site_file("p/acme~privacy/index.html");
    cr_assert_eq(count(page, "class=\"mark "), 1);
    free(page);
    check_all_links();
}

Test(site, refuses_a_foreign_directory)
{
    char path[12400];
    FILE *f;
    cr_assert_eq(mkdir(site_dir, 0755), 0);
    snprintf(path, sizeof(path), "%s/notes.txt", site_dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("mine\n", f);
    fclose(f);
    cr_assert_eq(pd_ingest_site_render(NULL, st, site_dir, NULL), PD_EEXISTS);
    cr_assert(strstr(pd_error_last(), "not empty"));
}

Test(site, policy_dir_names)
{
    char *d = pd_site_policy_dir("github/privacy-policy");
    cr_assert_str_eq(d, "github~privacy-policy");
    free(d);
    d = pd_site_policy_dir(".hidden");
    cr_assert_str_eq(d, "~.hidden");
    free(d);
}

Test(site, cli_report)
{
    pd_test_run_result r;
    const char *argv[] = {"-C", store_dir, "report", "--html", site_dir, "--jobs", "2", NULL};
    const char *bad[] = {"-C", store_dir, "report", NULL};
    pd_test_run(&r, NULL, argv);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    cr_assert(strstr(pd_buf_cstr(&r.out), "index.html"));
    pd_test_run_dispose(&r);
    cr_assert(exists("index.html"));
    pd_test_run(&r, NULL, bad);
    cr_assert_eq(r.status, 2);
    pd_test_run_dispose(&r);
}

/* ---- incremental == full ---- */

static const char *cmp_other;
static size_t cmp_files;

static int same_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    pd_buf a = PD_BUF_INIT, b = PD_BUF_INIT;
    char other[12400];
    (void)sb;
    (void)ftw;
    /* the manifest and its data are the renderer's own, not the site */
    if (strstr(path, "/.policydiff-site"))
        return 0;
    if (flag != FTW_F)
        return 0;
    snprintf(other, sizeof(other), "%s%s", cmp_other, path + strlen(site_dir));
    cr_assert_eq(pd_buf_read_file(&a, path, 1 << 26), 0);
    cr_assert_eq(pd_buf_read_file(&b, other, 1 << 26), 0, "%s missing in the full render", other);
    cr_assert(a.len == b.len && !memcmp(a.ptr, b.ptr, a.len), "%s differs from %s", path, other);
    cmp_files++;
    pd_buf_dispose(&a);
    pd_buf_dispose(&b);
    return 0;
}

static size_t count_files_cb_n;
static int count_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_F && !strstr(path, "/.policydiff-site"))
        count_files_cb_n++;
    return 0;
}

/* The site in site_dir equals a --full render of the same store, file by file. */
static void assert_same_as_full(void)
{
    char full[4200];
    pd_site_options o = PD_SITE_OPTIONS_INIT;
    size_t nfull;
    snprintf(full, sizeof(full), "%s/full", root);
    o.full = 1;
    pd_test_rmtree(full);
    cr_assert_eq(pd_ingest_site_render(NULL, st, full, &o), 0, "%s", pd_error_last());
    cmp_other = full;
    cmp_files = 0;
    cr_assert_eq(nftw(site_dir, same_cb, 16, FTW_PHYS), 0);
    count_files_cb_n = 0;
    cr_assert_eq(nftw(full, count_cb, 16, FTW_PHYS), 0);
    nfull = count_files_cb_n;
    cr_assert_eq(cmp_files, nfull, "the full render has %zu files, the incremental %zu", nfull,
                 cmp_files);
}

Test(site, incremental_run_touches_only_the_changed_policy_and_equals_full)
{
    pd_site_stats s;
    pd_version *v = NULL;
    size_t n = 0;
    char rel[8192];
    pd_policy p;

    render(&s, NULL);
    age_all(site_dir);
    record("other", T0 + 700 * DAY, v3);
    render(&s, NULL);
    cr_assert_eq(s.versions_written, 1);
    cr_assert_eq(s.versions_kept, 5);
    /* other's policy page, the two indexes and the categories it touched */
    cr_assert_neq(mtime_of("p/other/index.html"), 1000000000);
    cr_assert_neq(mtime_of("index.html"), 1000000000);
    cr_assert_eq(mtime_of("p/acme~privacy/index.html"), 1000000000, "unchanged policy kept");
    cr_assert_eq(pd_store_log(&v, &n, st, "acme/privacy", INT64_MIN, INT64_MAX), 0);
    for (size_t i = 0; i < n; i++) {
        version_page(rel, sizeof(rel), &v[i]);
        cr_assert_eq(mtime_of(rel), 1000000000, "%s rewritten", rel);
    }
    pd_version_array_free(v, n);
    cr_assert_eq(mtime_of("c/retention.html"), 1000000000, "category not touched kept");
    cr_assert_neq(mtime_of("c/children.html"), 1000000000, "category touched made again");
    assert_same_as_full();

    /* history inserted into the past of one policy */
    record("acme/privacy", T0 + 20 * DAY, v2);
    render(&s, NULL);
    cr_assert_gt(s.pages_removed, 0);
    assert_same_as_full();

    /* a capture without a change: only the indexes' last capture moves */
    record("acme/privacy", T0 + 800 * DAY, v3);
    render(&s, NULL);
    cr_assert_eq(s.versions_written, 0);
    assert_same_as_full();

    /* a policy removed from the store's list keeps its versions; a new
     * watched policy without versions gets a page; a URL change shows */
    memset(&p, 0, sizeof(p));
    p.name = "newcomer";
    p.url = "https://new.example/";
    cr_assert_eq(pd_store_policy_add(st, &p), 0, "%s", pd_error_last());
    p.name = "quiet";
    p.url = "https://quiet.example/moved";
    cr_assert_eq(pd_store_policy_replace(st, &p), 0, "%s", pd_error_last());
    render(&s, NULL);
    cr_assert(exists("p/newcomer/index.html"));
    assert_same_as_full();
    render(&s, NULL);
    cr_assert_eq(s.pages_written, 0, "nothing changed, nothing rewritten");
    cr_assert_eq(s.versions_written, 0);
}

Test(site, old_manifest_renders_fully_once)
{
    pd_site_stats s;
    char path[12400];
    FILE *f;
    render(&s, NULL);
    snprintf(path, sizeof(path), "%s/%s", site_dir, PD_SITE_MANIFEST);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"schema\":\"policydiff/site-1\",\"format\":1,\"pages\":{\"p/gone/x-1234567.html\":{}},"
          "\"aux\":{\"p/gone/index.html\":true}}",
          f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/p/gone", site_dir);
    cr_assert_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/p/gone/index.html", site_dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    render(&s, NULL);
    cr_assert_eq(s.versions_written, 5);
    cr_assert(!exists("p/gone/index.html"), "pages the old manifest listed are cleaned");
    render(&s, NULL);
    cr_assert_eq(s.versions_written, 0);
    assert_same_as_full();
}
