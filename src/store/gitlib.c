/* gitlib.c - loads libgit2 with the shared loader and fills pd_gitlib (see gitlib.h). */
#include "store/gitlib.h"
#include "util/lazylib.h"

#ifndef PD_GITLIB_SONAME
#define PD_GITLIB_SONAME "libgit2.so.1.5"
#endif

struct pd_gitlib pd_gitlib;

static const char *const sonames[] = {PD_GITLIB_SONAME, "libgit2.so.1.5", "libgit2.so", NULL};
static const char *const symbols[] = {PD_GITLIB_SYMBOLS(PD_LAZYLIB_NAME) NULL};
static void *resolved[sizeof(symbols) / sizeof(symbols[0])];

static int ready(pd_lazylib *lib, void *handle)
{
    void **p = resolved;
    (void)lib;
    (void)handle;
#define PD_GITLIB_SET(name) pd_gitlib.name = (__typeof__(pd_gitlib.name))*p++;
    PD_GITLIB_SYMBOLS(PD_GITLIB_SET)
#undef PD_GITLIB_SET
    return 0;
}

static pd_lazylib lib =
    PD_LAZYLIB_INIT(.name = "libgit2", .sonames = sonames, .install = "libgit2-1.5",
                    .symbols = symbols, .resolved = resolved, .ready = ready);

int pd_gitlib_load(void)
{
    return pd_lazylib_load(&lib);
}
