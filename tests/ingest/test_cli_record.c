/* policydiff record through the ingest path ($PD_BIN): it refuses what the
 * garbage guard refuses, as fetch does, unless --force. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/server.h"
#include "support/testutil.h"

static char *root, *store;

static void setup(void)
{
    pd_test_run_result r;
    size_t n;
    root = pd_test_tmpdir();
    n = strlen(root) + 8;
    store = malloc(n);
    snprintf(store, n, "%s/store", root);
    pd_test_run(&r, NULL, (const char *const[]){"init", store, NULL});
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    pd_test_run(&r, NULL,
                (const char *const[]){"-C", store, "add", "allbuy",
                                      "https://www.allbuy.example/privacy", NULL});
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
}

static void teardown(void)
{
    pd_test_rmtree(root);
    free(root);
    free(store);
}

TestSuite(record, .init = setup, .fini = teardown, .timeout = 120);

static void must(pd_test_run_result *r, int status)
{
    cr_assert_eq(r->status, status, "exit %d (wanted %d)\nstdout: %s\nstderr: %s", r->status,
                 status, pd_buf_cstr(&r->out), pd_buf_cstr(&r->err));
}

/* policydiff -C store record allbuy tests/ingest/fixtures/<file> --date date [--force] */
static void record(pd_test_run_result *r, const char *file, const char *date, int force)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", pd_test_path(file));
    pd_test_run(r, NULL,
                (const char *const[]){"-C", store, "record", "allbuy", path, "--date", date,
                                      force ? "--force" : NULL, NULL});
}

/* The number of versions `policydiff log allbuy` lists. */
static int log_lines(void)
{
    pd_test_run_result r;
    int n = 0;
    pd_test_run(&r, NULL, (const char *const[]){"-C", store, "log", "allbuy", NULL});
    must(&r, 0);
    for (const char *c = pd_buf_cstr(&r.out); *c; c++)
        n += *c == '\n';
    pd_test_run_dispose(&r);
    return n;
}

/* A refusal: exit 3, nothing on stdout, one line on stderr with the
 * guard's reason and what --force does. */
static void refused(pd_test_run_result *r, const char *reason)
{
    const char *err = pd_buf_cstr(&r->err);
    must(r, 3);
    cr_assert_str_eq(pd_buf_cstr(&r->out), "");
    cr_assert(strstr(err, reason), "stderr: %s", err);
    cr_assert(strstr(err, "--force records it anyway"), "stderr: %s", err);
    cr_assert(strchr(err, '\n') == err + strlen(err) - 1, "one line: %s", err);
}

Test(record, a_shrunk_capture_is_refused_over_a_long_history_unless_forced)
{
    pd_test_run_result r;
    record(&r, "ingest/fixtures/long.md", "2021-01-01", 0);
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "allbuy: new version at 2021-01-01"));
    pd_test_run_dispose(&r);
    cr_assert_eq(log_lines(), 1);

    /* a two-line file over thirteen clauses */
    record(&r, "ingest/fixtures/two-lines.txt", "2021-02-01", 0);
    refused(&r, "allbuy: suspicious: lost 11 of 13 clauses since the last version (use --force "
                "if it really shrank)");
    pd_test_run_dispose(&r);
    /* a saved error page is named as one (it also lost 10 of 13 clauses) */
    record(&r, "ingest/fixtures/error-page.html", "2021-02-01", 0);
    refused(&r, "allbuy: suspicious: error page instead of the policy");
    pd_test_run_dispose(&r);
    cr_assert_eq(log_lines(), 1);

    record(&r, "ingest/fixtures/two-lines.txt", "2021-02-01", 1);
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "allbuy: new version at 2021-02-01"));
    cr_assert(strstr(pd_buf_cstr(&r.err), "lost 11 of 13 clauses"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    cr_assert_eq(log_lines(), 2);
}

/* Issue 16: after a real version, record refuses what is not the policy. */
Test(record, wrong_pages_after_a_real_version_are_refused)
{
    static const char *const wrong[][2] = {
        {"ingest/fixtures/home.html", "allbuy: suspicious: no longer a policy"},
        {"ingest/fixtures/error-page.html", "allbuy: suspicious: error page instead of the policy"},
        {"ingest/fixtures/error-de.html", "allbuy: suspicious: error page instead of the policy"},
        {"ingest/fixtures/summary.html",
         "allbuy: suspicious: a much shorter page under another title"},
        {"ingest/fixtures/long-fr.md", "allbuy: suspicious: language changed from en to fr"},
    };
    pd_test_run_result r;
    record(&r, "ingest/fixtures/long.md", "2021-01-01", 0);
    must(&r, 0);
    pd_test_run_dispose(&r);
    for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
        record(&r, wrong[i][0], "2021-02-01", 0);
        refused(&r, wrong[i][1]);
        pd_test_run_dispose(&r);
    }
    cr_assert_eq(log_lines(), 1);
}

Test(record, walls_are_refused_unless_forced)
{
    pd_test_run_result r;
    record(&r, "ingest/fixtures/cloudflare.html", "2021-01-01", 0);
    refused(&r, "allbuy: suspicious: bot wall (a Cloudflare challenge page)");
    pd_test_run_dispose(&r);
    record(&r, "ingest/fixtures/login.html", "2021-01-01", 0);
    refused(&r, "allbuy: suspicious: login wall instead of the policy");
    pd_test_run_dispose(&r);
    /* nothing was recorded: log lists no version */
    cr_assert_eq(log_lines(), 0);

    record(&r, "ingest/fixtures/login.html", "2021-01-01", 1);
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "allbuy: new version at 2021-01-01"));
    pd_test_run_dispose(&r);
    cr_assert_eq(log_lines(), 1);
}

/* A file with no text has nothing --force could record: bad input (exit 2)
 * with the normalizer's reason, as before. */
Test(record, a_file_without_text_is_bad_input)
{
    pd_test_run_result r;
    char path[4096];
    FILE *f;
    snprintf(path, sizeof(path), "%s/empty.html", root);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    pd_test_run(&r, NULL,
                (const char *const[]){"-C", store, "record", "allbuy", path, "--force", NULL});
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "the input is empty"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    cr_assert_eq(log_lines(), 0);
}

/* record and fetch judge a page the same way: the same exit code and the
 * same reason for the same bot wall. */
Test(record, the_same_verdict_as_fetch)
{
    pd_test_run_result r;
    pd_test_server srv;
    pd_buf page = PD_BUF_INIT;
    char site[4096], file[4200], url[256], reason[512];
    const char *p, *e;

    setenv("POLICYDIFF_HTTP_BACKOFF_MS", "5", 1);
    setenv("POLICYDIFF_HTTP_HOST_DELAY_MS", "0", 1);
    snprintf(site, sizeof(site), "%s/site", root);
    snprintf(file, sizeof(file), "%s/privacy.html", site);
    cr_assert_eq(mkdir(site, 0700), 0);
    pd_test_read(&page, "ingest/fixtures/cloudflare.html");
    cr_assert_eq(pd_write_file_atomic(file, page.ptr, page.len), 0);
    pd_buf_dispose(&page);
    pd_test_server_start(&srv, site, NULL);
    snprintf(url, sizeof(url), "%s/privacy.html", srv.base);
    pd_test_run(&r, NULL, (const char *const[]){"-C", store, "add", "shop", url, NULL});
    must(&r, 0);
    pd_test_run_dispose(&r);

    pd_test_run(&r, NULL, (const char *const[]){"-C", store, "fetch", "shop", NULL});
    pd_test_server_stop(&srv);
    must(&r, 3);
    p = strstr(pd_buf_cstr(&r.out), "shop: suspicious: ");
    cr_assert_not_null(p, "%s", pd_buf_cstr(&r.out));
    p += strlen("shop: suspicious: ");
    e = strchr(p, '\n');
    snprintf(reason, sizeof(reason), "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
    pd_test_run_dispose(&r);

    pd_test_run(&r, NULL, (const char *const[]){"-C", store, "record", "shop", file, NULL});
    must(&r, 3);
    cr_assert(strstr(pd_buf_cstr(&r.err), reason), "fetch said '%s', record: %s", reason,
              pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
}

/* A PDF policy records as a page does: headings and one sentence a line,
 * its raw capture kept as .pdf, and rebuild reads it again the same. */
Test(record, a_pdf_policy_records_with_headings_and_sentences)
{
    pd_test_run_result r;
    record(&r, "normalize/fixtures/pdf/terms.pdf", "2024-03-01", 0);
    must(&r, 0);
    pd_test_run_dispose(&r);
    pd_test_run(&r, NULL, (const char *const[]){"-C", store, "show", "allbuy", NULL});
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out),
                     "## 2. Delivery\n\nWe deliver within the European Union only.\nIf a parcel "
                     "is lost,"),
              "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    pd_test_run(&r, NULL,
                (const char *const[]){"-C", store, "rebuild", "allbuy", "--dry-run", NULL});
    must(&r, 0);
    cr_assert(strstr(pd_buf_cstr(&r.out), "0 texts changed, 0 refused"), "%s", pd_buf_cstr(&r.out));
    pd_test_run_dispose(&r);
    cr_assert_eq(log_lines(), 1);
}
