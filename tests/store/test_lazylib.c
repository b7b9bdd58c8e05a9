/* Tests of the dlopen adapters of libgit2 (src/store/gitlib.h) and libcurl
 * (src/fetch/curllib.h), and that the CLI does not link either library. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/curllib.h"
#include "store/gitlib.h"
#include "support/testutil.h"
#include "util/error.h"

Test(gitlib, loads_every_listed_function_once)
{
    cr_assert_eq(pd_gitlib_load(), 0, "%s", pd_error_last());
    cr_assert_not_null(pd_gitlib.git_libgit2_init);
    cr_assert_not_null(pd_gitlib.git_repository_open_ext);
    cr_assert_eq(pd_gitlib_load(), 0);
    cr_assert_gt(pd_gitlib.git_libgit2_init(), 0);
    git_oid a, b;
    cr_assert_eq(pd_gitlib.git_oid_fromstr(&a, "0123456789abcdef0123456789abcdef01234567"), 0);
    pd_gitlib.git_oid_cpy(&b, &a);
    cr_assert(pd_gitlib.git_oid_equal(&a, &b));
    pd_gitlib.git_libgit2_shutdown();
}

Test(curllib, loads_and_calls_through_the_table)
{
    cr_assert_eq(pd_curllib_load(), 0, "%s", pd_error_last());
    char *e = pd_curllib.curl_easy_escape(NULL, "a b/c", 0);
    cr_assert_str_eq(e, "a%20b%2Fc");
    pd_curllib.curl_free(e);
    cr_assert_eq(pd_curllib_load(), 0);
}

/* glibc's loader lists what a program would load (what ldd shows) when
 * LD_TRACE_LOADED_OBJECTS is set, without running it. */
Test(lazylib, cli_does_not_link_libcurl_or_libgit2)
{
    pd_test_run_result r;
    const char *argv[] = {"--version", NULL};
    setenv("LD_TRACE_LOADED_OBJECTS", "1", 1);
    pd_test_run(&r, NULL, argv);
    unsetenv("LD_TRACE_LOADED_OBJECTS");
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out.ptr, "libc.so"), "not a loader trace: %s", r.out.ptr);
    cr_assert_null(strstr(r.out.ptr, "libcurl"), "%s", r.out.ptr);
    cr_assert_null(strstr(r.out.ptr, "libgit2"), "%s", r.out.ptr);
    cr_assert_null(strstr(r.out.ptr, "gnutls"), "%s", r.out.ptr);
    pd_test_run_dispose(&r);
}
