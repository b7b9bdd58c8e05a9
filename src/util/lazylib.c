/* lazylib.c - the one dlopen loader of the lazily loaded libraries (see lazylib.h). */
#include "util/lazylib.h"
#include "util/error.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>

int pd_lazylib_fail(pd_lazylib *lib, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(lib->failure, sizeof(lib->failure), fmt, ap);
    va_end(ap);
    return -1;
}

void *pd_lazylib_sym(pd_lazylib *lib, void *handle, const char *symbol)
{
    void *sym = dlsym(handle, symbol);
    if (!sym)
        pd_lazylib_fail(lib, "cannot load %s (%s): it lacks %s; install %s", lib->name,
                        lib->sonames[0], symbol, lib->install);
    return sym;
}

/* Opens the first soname that loads; the message names the first one and
 * the first reason dlerror() gave. */
static void *open_first(pd_lazylib *lib)
{
    char why[300] = "";
    void *h = NULL;
    for (size_t i = 0; lib->sonames[i] && !h; i++) {
        const char *e;
        if (!(h = dlopen(lib->sonames[i], RTLD_NOW | RTLD_LOCAL)) && !why[0] && (e = dlerror()))
            snprintf(why, sizeof(why), "%s", e);
    }
    if (!h)
        pd_lazylib_fail(lib, "cannot load %s (%s): %s; install %s", lib->name, lib->sonames[0], why,
                        lib->install);
    return h;
}

static void load(pd_lazylib *lib)
{
    void *h = open_first(lib);
    if (!h)
        return;
    for (size_t i = 0; lib->symbols[i]; i++)
        if (!(lib->resolved[i] = pd_lazylib_sym(lib, h, lib->symbols[i])))
            return;
    if (lib->ready && lib->ready(lib, h))
        return;
    lib->failure[0] = '\0';
}

int pd_lazylib_load(pd_lazylib *lib)
{
    pthread_mutex_lock(&lib->lock);
    if (!lib->tried) {
        lib->tried = 1;
        load(lib);
    }
    pthread_mutex_unlock(&lib->lock);
    if (lib->failure[0])
        return pd_error_set(PD_ERROR, "%s", lib->failure);
    return 0;
}
