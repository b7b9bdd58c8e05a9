/* xmllib.c - loads libxml2 with dlopen and fills pd_xmllib (see xmllib.h). */
#include "normalize/xmllib.h"
#include "util/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef PD_XMLLIB_SONAME
#define PD_XMLLIB_SONAME "libxml2.so.2"
#endif

struct pd_xmllib pd_xmllib;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512]; /* "" once loaded */
/* libxml2's xmlFree: a variable holding the deallocator, not a function */
static void (**xml_free)(void *);

static void load(void)
{
    static const char *const sonames[] = {PD_XMLLIB_SONAME, "libxml2.so.2"};
    char why[300] = "";
    void *h = NULL, *sym;

    for (size_t i = 0; i < sizeof(sonames) / sizeof(sonames[0]) && !h; i++) {
        const char *e;
        if (!(h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL)) && !why[0] && (e = dlerror()))
            snprintf(why, sizeof(why), "%s", e);
    }
    if (!h) {
        snprintf(failure, sizeof(failure),
                 "cannot load libxml2 (" PD_XMLLIB_SONAME "): %s; install libxml2", why);
        return;
    }
#define PD_XMLLIB_SYM(name)                                                                        \
    if (!(sym = dlsym(h, #name))) {                                                                \
        snprintf(failure, sizeof(failure),                                                         \
                 "cannot load libxml2 (" PD_XMLLIB_SONAME "): it lacks %s; install libxml2",       \
                 #name);                                                                           \
        return;                                                                                    \
    }                                                                                              \
    pd_xmllib.name = (__typeof__(pd_xmllib.name))sym;
    PD_XMLLIB_SYMBOLS(PD_XMLLIB_SYM)
#undef PD_XMLLIB_SYM
    if (!(xml_free = (void (**)(void *))dlsym(h, "xmlFree"))) {
        snprintf(failure, sizeof(failure),
                 "cannot load libxml2 (" PD_XMLLIB_SONAME "): it lacks xmlFree; install libxml2");
        return;
    }
    pd_xmllib.xmlInitParser();
    atexit(pd_xmllib.xmlCleanupParser);
    failure[0] = '\0';
}

int pd_xmllib_load(void)
{
    pthread_once(&once, load);
    if (failure[0])
        return pd_error_set(PD_ERROR, "%s", failure);
    return 0;
}

void pd_xml_free(void *p)
{
    if (p && xml_free && *xml_free)
        (*xml_free)(p);
}
