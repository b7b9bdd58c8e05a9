/* A full disk (issue 19, items 4 and 9): a record that cannot write its
 * objects or move its branches fails with a message that says the disk is
 * full and what to do, leaves nothing visible (no version without its raw
 * capture), and a later record on a disk with room works.  The full disk is
 * libpd-enospc.so (tests/support/enospc.c), preloaded into the CLI. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "support/testutil.h"
#include "util/error.h"

static char *dir;
static char store[1024], page[1024];

static void setup(void)
{
    pd_store *s = NULL;
    pd_policy p;
    FILE *f;
    dir = pd_test_tmpdir();
    snprintf(store, sizeof(store), "%.900s/store", dir);
    snprintf(page, sizeof(page), "%.900s/privacy.html", dir);
    cr_assert_eq(pd_store_init(&s, store), 0, "%s", pd_error_last());
    memset(&p, 0, sizeof(p));
    p.name = "a";
    p.url = "https://a.example/privacy";
    cr_assert_eq(pd_store_policy_add(s, &p), 0, "%s", pd_error_last());
    pd_store_free(s);
    f = fopen(page, "w");
    cr_assert_not_null(f);
    fputs("<main><h1>Privacy</h1><p>We keep your address for two years.</p></main>\n", f);
    fclose(f);
}

static void teardown(void)
{
    pd_test_rmtree(dir);
    free(dir);
}

TestSuite(full_disk, .init = setup, .fini = teardown, .timeout = 60);

/* Runs record with every write under store/sub failing (sub NULL: none). */
static void record(pd_test_run_result *r, const char *sub)
{
    const char *argv[] = {"-C", store, "record", "a", page, "--date", "2024-01-02", NULL};
    char full[1200], lib[4096], asan[4096];
    const char *build = getenv("PD_BUILD_ROOT"), *old = getenv("ASAN_OPTIONS");
    if (sub) {
        snprintf(full, sizeof(full), "%s/%s", store, sub);
        snprintf(lib, sizeof(lib), "%s/tests/store/libpd-enospc.so", build ? build : "build");
        /* a sanitized CLI accepts a library preloaded before its runtime */
        snprintf(asan, sizeof(asan), "%s%sverify_asan_link_order=0", old ? old : "",
                 old && *old ? ":" : "");
        setenv("PD_ENOSPC_DIR", full, 1);
        setenv("LD_PRELOAD", lib, 1);
        setenv("ASAN_OPTIONS", asan, 1);
    }
    pd_test_run(r, NULL, argv);
    unsetenv("PD_ENOSPC_DIR");
    unsetenv("LD_PRELOAD");
}

static size_t versions(void)
{
    pd_store *s = NULL;
    pd_version *v = NULL;
    size_t n = 0;
    cr_assert_eq(pd_store_open(&s, store), 0, "%s", pd_error_last());
    cr_assert_eq(pd_store_log(&v, &n, s, "a", INT64_MIN, INT64_MAX), 0, "%s", pd_error_last());
    pd_version_array_free(v, n);
    pd_store_free(s);
    return n;
}

/* The exit status of a git command in the store; its output in *out. */
static int git(char **out, const char *args)
{
    char cmd[4096], buf[4096];
    pd_buf b = PD_BUF_INIT;
    size_t n;
    FILE *f;
    int status;
    snprintf(cmd, sizeof(cmd), "git --git-dir='%s' %s 2>&1", store, args);
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        pd_buf_put(&b, buf, n);
    status = pclose(f);
    pd_buf_puts(&b, "");
    *out = pd_buf_detach(&b);
    return status;
}

Test(full_disk, a_record_that_cannot_write_says_so_and_leaves_nothing_visible)
{
    static const char *const subs[] = {"objects", "refs"};
    pd_test_run_result r;
    char *out;
    for (size_t i = 0; i < 2; i++) {
        record(&r, subs[i]);
        cr_assert_eq(r.status, 5, "%s: exit %d: %s", subs[i], r.status, pd_buf_cstr(&r.err));
        cr_assert(strstr(r.err.ptr, "the disk that holds the store is full"), "%s", r.err.ptr);
        cr_assert(strstr(r.err.ptr, "free space"), "%s", r.err.ptr);
        cr_assert(!strstr(r.err.ptr, "changed by someone else"), "%s", r.err.ptr);
        cr_assert_eq(strchr(r.err.ptr, '\n'), r.err.ptr + r.err.len - 1, "one line: %s", r.err.ptr);
        pd_test_run_dispose(&r);
        cr_assert_eq(versions(), 0, "a version is visible after a failed record");
    }
    cr_assert_eq(git(&out, "fsck --strict"), 0, "%s", out);
    free(out);
    /* with room again, the same record works, raw bytes and all */
    record(&r, NULL);
    cr_assert_eq(r.status, 0, "%s", pd_buf_cstr(&r.err));
    pd_test_run_dispose(&r);
    cr_assert_eq(versions(), 1);
    cr_assert_eq(git(&out, "ls-tree -r --name-only captures/a"), 0, "%s", out);
    cr_assert(strstr(out, ".raw.html"), "%s", out);
    free(out);
}
