/* Tests of the shared dlopen loader (src/util/lazylib.h), of its adapters
 * for libgit2 (src/store/gitlib.h) and libcurl (src/fetch/curllib.h), and
 * that the CLI does not link either library. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/curllib.h"
#include "store/gitlib.h"
#include "support/testutil.h"
#include "util/error.h"
#include "util/lazylib.h"

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

static int ready_calls;

static int count_ready(pd_lazylib *lib, void *handle)
{
    (void)lib;
    (void)handle;
    ready_calls++;
    return 0;
}

Test(lazylib, resolves_in_order_and_runs_ready_once)
{
    static const char *const sonames[] = {"libpolicydiff-none.so.9", "libc.so.6", NULL};
    static const char *const symbols[] = {"strlen", "strcmp", NULL};
    static void *resolved[2];
    static pd_lazylib lib =
        PD_LAZYLIB_INIT(.name = "libc", .sonames = sonames, .install = "libc6", .symbols = symbols,
                        .resolved = resolved, .ready = count_ready);
    cr_assert_eq(pd_lazylib_load(&lib), 0, "%s", pd_error_last());
    cr_assert_eq(pd_lazylib_load(&lib), 0);
    cr_assert_eq(ready_calls, 1);
    cr_assert_eq(((size_t(*)(const char *))resolved[0])("four"), 4);
    cr_assert_not_null(resolved[1]);
}

Test(lazylib, names_the_soname_and_the_package)
{
    static const char *const sonames[] = {"libpolicydiff-none.so.9", NULL};
    static const char *const symbols[] = {NULL};
    static pd_lazylib lib = PD_LAZYLIB_INIT(.name = "libnone", .sonames = sonames,
                                            .install = "libnone9", .symbols = symbols);
    cr_assert_eq(pd_lazylib_load(&lib), PD_ERROR);
    cr_assert_not_null(strstr(pd_error_last(), "cannot load libnone (libpolicydiff-none.so.9): "),
                       "%s", pd_error_last());
    cr_assert_not_null(strstr(pd_error_last(), "; install libnone9"), "%s", pd_error_last());
    pd_error_clear();
    cr_assert_eq(pd_lazylib_load(&lib), PD_ERROR, "the failure is kept");
    cr_assert_not_null(strstr(pd_error_last(), "cannot load libnone"));
}

Test(lazylib, names_a_missing_function)
{
    static const char *const sonames[] = {"libc.so.6", NULL};
    static const char *const symbols[] = {"strlen", "pd_no_such_function", NULL};
    static void *resolved[2];
    static pd_lazylib lib = PD_LAZYLIB_INIT(.name = "libc", .sonames = sonames, .install = "libc6",
                                            .symbols = symbols, .resolved = resolved);
    cr_assert_eq(pd_lazylib_load(&lib), PD_ERROR);
    cr_assert_str_eq(pd_error_last(),
                     "cannot load libc (libc.so.6): it lacks pd_no_such_function; install libc6");
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
