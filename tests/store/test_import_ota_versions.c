/* import-ota --versions: an Open Terms Archive versions repository, made
 * here with git (two services, a commit touching two documents, one whose
 * change normalizes away), imported through the built CLI ($PD_BIN). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/testutil.h"

static char *root;
static char store[4096], repo[4096];

#define RUN(r, ...)                                                                                \
    do {                                                                                           \
        const char *argv_[] = {__VA_ARGS__, NULL};                                                 \
        pd_test_run(r, NULL, argv_);                                                               \
    } while (0)

static void must(pd_test_run_result *r, int status)
{
    cr_assert_eq(r->status, status, "exit %d (wanted %d)\nstdout: %s\nstderr: %s", r->status,
                 status, pd_buf_cstr(&r->out), pd_buf_cstr(&r->err));
}

/* One OTA-like commit at date: files given as "path\ncontents" pairs. */
static void commit(const char *date, const char *subject, const char *path1, const char *text1,
                   const char *path2, const char *text2)
{
    char cmd[8192];
    const char *paths[] = {path1, path2}, *texts[] = {text1, text2};
    for (int i = 0; i < 2 && paths[i]; i++) {
        char file[8300];
        FILE *f;
        snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s/%s')\"", repo, paths[i]);
        cr_assert_eq(system(cmd), 0);
        snprintf(file, sizeof(file), "%s/%s", repo, paths[i]);
        cr_assert_not_null(f = fopen(file, "w"));
        fputs(texts[i], f);
        fclose(f);
    }
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && git add -A && GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
             "git -c user.name=OTA -c user.email=bot@example.org commit -q -m '%s' "
             "-m 'This version was recorded after extracting from snapshot "
             "https://github.com/OpenTermsArchive/contrib-snapshots/commit/0123'",
             repo, date, date, subject);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

#define EX_PP "Example Service/Privacy Policy.md"
#define EX_TOS "Example Service/Terms of Service.md"
#define ACME_PP "ACME/Privacy Policy.md"

static void setup(void)
{
    root = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%s/store", root);
    snprintf(repo, sizeof(repo), "%s/contrib-versions", root);
    {
        char cmd[4200];
        snprintf(cmd, sizeof(cmd), "git init -q -b main '%s'", repo);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
    }
    commit("2021-01-10T08:00:00Z", "First record of Example Service Privacy Policy", EX_PP,
           "# Privacy\n\nWe collect your email address.\n", NULL, NULL);
    commit("2021-02-10T08:00:00Z", "First record of ACME Privacy Policy", ACME_PP,
           "# ACME privacy\n\nWe sell nothing.\n\nWe keep logs for 30 days.\n", "README.md",
           "# Versions\n\nNot a document.\n");
    /* one commit, two documents */
    commit("2021-03-10T08:00:00Z", "Update Example Service documents", EX_PP,
           "# Privacy\n\nWe collect your email address and your phone number.\n", EX_TOS,
           "# Terms\n\nBe nice.\n");
    /* a change that normalizes away: the same text */
    commit("2021-04-10T08:00:00Z", "Update ACME Privacy Policy", ACME_PP,
           "# ACME privacy\n\n\n\nWe sell nothing.   \n\nWe keep logs for 30 days.\n\n", NULL,
           NULL);
    commit("2021-05-10T08:00:00Z", "Record new changes of ACME Privacy Policy", ACME_PP,
           "# ACME privacy\n\nWe sell nothing.\n\nWe keep logs for 90 days.\n", NULL, NULL);
}

static void teardown(void)
{
    pd_test_rmtree(root);
    free(root);
}

TestSuite(ota_versions, .init = setup, .fini = teardown);

static void init_store(void)
{
    pd_test_run_result r;
    RUN(&r, "init", store);
    must(&r, 0);
    pd_test_run_dispose(&r);
}

static const char *out(pd_test_run_result *r)
{
    return pd_buf_cstr(&r->out);
}

Test(ota_versions, histories_are_imported_once)
{
    pd_test_run_result r;
    const char *o;
    init_store();
    RUN(&r, "-C", store, "import-ota", "--versions", repo);
    must(&r, 0);
    cr_assert(strstr(out(&r), "imported 3 documents (3 new policies) from 5 commits: 6 versions "
                              "read, 5 new versions, 1 unchanged, 0 already recorded"),
              "%s", out(&r));
    pd_test_run_dispose(&r);

    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert(strstr(out(&r), "acme/privacy-policy\thttps://ota.invalid/acme/privacy-policy"), "%s",
              out(&r));
    cr_assert(strstr(out(&r), "example-service/terms-of-service"), "%s", out(&r));
    pd_test_run_dispose(&r);

    /* every policy's versions, oldest first */
    RUN(&r, "-C", store, "log");
    must(&r, 0);
    o = out(&r);
    cr_assert(strstr(o, "2021-01-10") && strstr(o, "2021-05-10"), "%s", o);
    cr_assert(!strstr(o, "2021-04-10"), "the unchanged capture is no version: %s", o);
    cr_assert(strstr(o, "2021-01-10") < strstr(o, "2021-02-10"), "%s", o);
    pd_test_run_dispose(&r);

    RUN(&r, "-C", store, "log", "acme/privacy-policy", "--format", "json");
    must(&r, 0);
    o = out(&r);
    cr_assert(strstr(o, "\"captured_at\": \"2021-02-10T08:00:00Z\""), "%s", o);
    cr_assert(strstr(o, "\"captured_at\": \"2021-05-10T08:00:00Z\""), "%s", o);
    cr_assert(strstr(o, "\"source\": \"ota:contrib-versions@"), "%s", o);
    cr_assert(strstr(o, "\"via\": \"file\""), "%s", o);
    pd_test_run_dispose(&r);

    /* the commit that touched two documents gave a version of each */
    RUN(&r, "-C", store, "log", "example-service/terms-of-service");
    must(&r, 0);
    cr_assert(strstr(out(&r), "2021-03-10"), "%s", out(&r));
    pd_test_run_dispose(&r);

    RUN(&r, "-C", store, "show", "example-service/privacy-policy", "--at", "2021-02-15");
    must(&r, 0);
    cr_assert(strstr(out(&r), "We collect your email address."), "%s", out(&r));
    cr_assert(!strstr(out(&r), "phone"), "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "example-service/privacy-policy", "--at", "2021-03-11");
    must(&r, 0);
    cr_assert(strstr(out(&r), "phone number"), "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "show", "acme/privacy-policy", "--at", "2021-04-20");
    must(&r, 0);
    cr_assert(strstr(out(&r), "30 days"), "%s", out(&r));
    pd_test_run_dispose(&r);

    /* again: nothing new */
    RUN(&r, "-C", store, "import-ota", "--versions", repo);
    must(&r, 0);
    cr_assert(strstr(out(&r), "imported 3 documents (0 new policies) from 5 commits: 6 versions "
                              "read, 0 new versions, 0 unchanged, 6 already recorded"),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--format", "json");
    must(&r, 0);
    {
        size_t n = 0;
        for (const char *p = out(&r); (p = strstr(p, "\"commit\"")); p++)
            n++;
        cr_assert_eq(n, 5, "%s", out(&r));
    }
    pd_test_run_dispose(&r);
}

Test(ota_versions, only_one_service_from_a_bare_clone)
{
    pd_test_run_result r;
    char bare[4200];
    snprintf(bare, sizeof(bare), "%s/cv.git", root);
    {
        char cmd[9000];
        snprintf(cmd, sizeof(cmd), "git clone -q --mirror '%s' '%s'", repo, bare);
        cr_assert_eq(system(cmd), 0);
    }
    init_store();
    RUN(&r, "-C", store, "import-ota", "--versions", bare, "--only", "acme");
    must(&r, 0);
    cr_assert(strstr(out(&r), "imported 1 documents (1 new policies) from 5 commits: 3 versions "
                              "read, 2 new versions, 1 unchanged"),
              "%s", out(&r));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "log", "--format", "json");
    must(&r, 0);
    cr_assert(strstr(out(&r), "\"source\": \"ota:cv@"), "%s", out(&r));
    cr_assert(!strstr(out(&r), "example-service"), "%s", out(&r));
    pd_test_run_dispose(&r);
}

Test(ota_versions, mistakes)
{
    pd_test_run_result r;
    init_store();
    RUN(&r, "-C", store, "import-ota", "--versions", root);
    must(&r, 2);
    cr_assert(strstr(pd_buf_cstr(&r.err), "not a git repository"), "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "import-ota", "--versions", repo, "--only", "nosuch");
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "import-ota", "--only", "acme");
    must(&r, 2);
    pd_test_run_dispose(&r);
    RUN(&r, "-C", store, "list");
    must(&r, 0);
    cr_assert(!strstr(out(&r), "acme"), "%s", out(&r));
    pd_test_run_dispose(&r);
}
