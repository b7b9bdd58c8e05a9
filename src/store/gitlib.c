/* gitlib.c - loads libgit2 with dlopen and fills pd_gitlib (see gitlib.h). */
#include "store/gitlib.h"
#include "util/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#ifndef PD_GITLIB_SONAME
#define PD_GITLIB_SONAME "libgit2.so.1.5"
#endif

struct pd_gitlib pd_gitlib;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512]; /* "" once loaded */

static void load(void)
{
    static const char *const sonames[] = {PD_GITLIB_SONAME, "libgit2.so.1.5", "libgit2.so"};
    char why[300] = "";
    void *h = NULL, *sym;

    for (size_t i = 0; i < sizeof(sonames) / sizeof(sonames[0]) && !h; i++) {
        const char *e;
        if (!(h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL)) && !why[0] && (e = dlerror()))
            snprintf(why, sizeof(why), "%s", e);
    }
    if (!h) {
        snprintf(failure, sizeof(failure),
                 "cannot load libgit2 (" PD_GITLIB_SONAME "): %s; install libgit2-1.5", why);
        return;
    }
#define PD_GITLIB_SYM(name)                                                                        \
    if (!(sym = dlsym(h, #name))) {                                                                \
        snprintf(failure, sizeof(failure),                                                         \
                 "cannot load libgit2 (" PD_GITLIB_SONAME "): it lacks %s; install "               \
                 "libgit2-1.5",                                                                    \
                 #name);                                                                           \
        return;                                                                                    \
    }                                                                                              \
    pd_gitlib.name = (__typeof__(pd_gitlib.name))sym;
    PD_GITLIB_SYMBOLS(PD_GITLIB_SYM)
#undef PD_GITLIB_SYM
    failure[0] = '\0';
}

int pd_gitlib_load(void)
{
    pthread_once(&once, load);
    if (failure[0])
        return pd_error_set(PD_ERROR, "%s", failure);
    return 0;
}
