/* curllib.c - loads libcurl with dlopen and fills pd_curllib (see curllib.h). */
#include "fetch/curllib.h"
#include "util/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef PD_CURLLIB_SONAME
#define PD_CURLLIB_SONAME "libcurl.so.4"
#endif

struct pd_curllib pd_curllib;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512]; /* "" once loaded */

static void load(void)
{
    static const char *const sonames[] = {PD_CURLLIB_SONAME, "libcurl.so.4", "libcurl-gnutls.so.4"};
    char why[300] = "";
    void *h = NULL, *sym;

    for (size_t i = 0; i < sizeof(sonames) / sizeof(sonames[0]) && !h; i++) {
        const char *e;
        if (!(h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL)) && !why[0] && (e = dlerror()))
            snprintf(why, sizeof(why), "%s", e);
    }
    if (!h) {
        snprintf(failure, sizeof(failure),
                 "cannot load libcurl (" PD_CURLLIB_SONAME "): %s; install libcurl4", why);
        return;
    }
#define PD_CURLLIB_SYM(name)                                                                       \
    if (!(sym = dlsym(h, #name))) {                                                                \
        snprintf(failure, sizeof(failure),                                                         \
                 "cannot load libcurl (" PD_CURLLIB_SONAME "): it lacks %s; install "              \
                 "libcurl4",                                                                       \
                 #name);                                                                           \
        return;                                                                                    \
    }                                                                                              \
    pd_curllib.name = (__typeof__(pd_curllib.name))sym;
    PD_CURLLIB_SYMBOLS(PD_CURLLIB_SYM)
#undef PD_CURLLIB_SYM
    if (pd_curllib.curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(failure, sizeof(failure),
                 "cannot initialise libcurl (" PD_CURLLIB_SONAME "); reinstall libcurl4");
        return;
    }
    atexit(pd_curllib.curl_global_cleanup);
    failure[0] = '\0';
}

int pd_curllib_load(void)
{
    pthread_once(&once, load);
    if (failure[0])
        return pd_error_set(PD_ERROR, "%s", failure);
    return 0;
}
