/* curllib.c - loads libcurl with the shared loader and fills pd_curllib (see curllib.h). */
#include "fetch/curllib.h"
#include "util/lazylib.h"

#include <stdlib.h>

#ifndef PD_CURLLIB_SONAME
#define PD_CURLLIB_SONAME "libcurl.so.4"
#endif

struct pd_curllib pd_curllib;

static const char *const sonames[] = {PD_CURLLIB_SONAME, "libcurl.so.4", "libcurl-gnutls.so.4",
                                      NULL};
static const char *const symbols[] = {PD_CURLLIB_SYMBOLS(PD_LAZYLIB_NAME) NULL};
static void *resolved[sizeof(symbols) / sizeof(symbols[0])];

static int ready(pd_lazylib *lib, void *handle)
{
    void **p = resolved;
    (void)handle;
#define PD_CURLLIB_SET(name) pd_curllib.name = (__typeof__(pd_curllib.name))*p++;
    PD_CURLLIB_SYMBOLS(PD_CURLLIB_SET)
#undef PD_CURLLIB_SET
    if (pd_curllib.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return pd_lazylib_fail(lib, "cannot initialise libcurl (%s); reinstall libcurl4",
                               sonames[0]);
    atexit(pd_curllib.curl_global_cleanup);
    return 0;
}

static pd_lazylib lib =
    PD_LAZYLIB_INIT(.name = "libcurl", .sonames = sonames, .install = "libcurl4",
                    .symbols = symbols, .resolved = resolved, .ready = ready);

int pd_curllib_load(void)
{
    return pd_lazylib_load(&lib);
}
