/* xmllib.c - loads libxml2 with the shared loader and fills pd_xmllib (see xmllib.h). */
#include "normalize/xmllib.h"
#include "util/lazylib.h"

#include <stdlib.h>

#ifndef PD_XMLLIB_SONAME
#define PD_XMLLIB_SONAME "libxml2.so.2"
#endif

struct pd_xmllib pd_xmllib;

static const char *const sonames[] = {PD_XMLLIB_SONAME, "libxml2.so.2", NULL};
static const char *const symbols[] = {PD_XMLLIB_SYMBOLS(PD_LAZYLIB_NAME) NULL};
static void *resolved[sizeof(symbols) / sizeof(symbols[0])];
/* libxml2's xmlFree: a variable holding the deallocator, not a function */
static void (**xml_free)(void *);

static int ready(pd_lazylib *lib, void *handle)
{
    void **p = resolved;
#define PD_XMLLIB_SET(name) pd_xmllib.name = (__typeof__(pd_xmllib.name))*p++;
    PD_XMLLIB_SYMBOLS(PD_XMLLIB_SET)
#undef PD_XMLLIB_SET
    if (!(xml_free = (void (**)(void *))pd_lazylib_sym(lib, handle, "xmlFree")))
        return -1;
    pd_xmllib.xmlInitParser();
    atexit(pd_xmllib.xmlCleanupParser);
    return 0;
}

static pd_lazylib lib = PD_LAZYLIB_INIT(.name = "libxml2", .sonames = sonames, .install = "libxml2",
                                        .symbols = symbols, .resolved = resolved, .ready = ready);

int pd_xmllib_load(void)
{
    return pd_lazylib_load(&lib);
}

void pd_xml_free(void *p)
{
    if (p && xml_free && *xml_free)
        (*xml_free)(p);
}
