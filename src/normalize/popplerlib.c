/* popplerlib.c - loads poppler-glib with the shared loader and fills
 * pd_popplerlib (see popplerlib.h). */
#include "normalize/popplerlib.h"
#include "util/lazylib.h"

#ifndef PD_POPPLERLIB_SONAME
#define PD_POPPLERLIB_SONAME "libpoppler-glib.so.8"
#endif

struct pd_popplerlib pd_popplerlib;

static const char *const sonames[] = {PD_POPPLERLIB_SONAME, "libpoppler-glib.so.8", NULL};
static const char *const symbols[] = {PD_POPPLERLIB_SYMBOLS(PD_LAZYLIB_NAME) NULL};
static void *resolved[sizeof(symbols) / sizeof(symbols[0])];

static int ready(pd_lazylib *lib, void *handle)
{
    void **p = resolved;
    (void)lib;
    (void)handle;
#define PD_POPPLERLIB_SET(name) pd_popplerlib.name = (__typeof__(pd_popplerlib.name))*p++;
    PD_POPPLERLIB_SYMBOLS(PD_POPPLERLIB_SET)
#undef PD_POPPLERLIB_SET
    return 0;
}

static pd_lazylib lib =
    PD_LAZYLIB_INIT(.name = "poppler-glib", .sonames = sonames, .install = "libpoppler-glib8",
                    .symbols = symbols, .resolved = resolved, .ready = ready);

int pd_popplerlib_load(void)
{
    return pd_lazylib_load(&lib);
}
