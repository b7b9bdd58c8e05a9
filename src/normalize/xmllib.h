/*
 * xmllib.h - libxml2, loaded only when a command parses HTML.
 *
 * What: policydiff does not link libxml2 (and, through it, ICU, libstdc++,
 * liblzma), like libcurl and libgit2 (fetch/curllib.h, store/gitlib.h).
 * pd_xmllib_load() dlopen()s it by its soname (PD_XMLLIB_SONAME, read from
 * the library found at build time), fills the table pd_xmllib with one
 * pointer per function named in xmllib.syms, runs xmlInitParser() and
 * registers xmlCleanupParser() to run at exit.  Files that call libxml2
 * include "normalize/xmllib_calls.h" after the libxml2 headers; it defines
 * every listed name as (pd_xmllib.name).  Only functions go through the
 * table: memory libxml2 hands out is released with pd_xml_free(), which
 * calls libxml2's own xmlFree.
 *
 * Why: process start-up.  Resolving libxml2 and ICU cost about 2 ms on every
 * run, also for `diff` of two Markdown files, `log`, `show` and `list`,
 * which parse no HTML (measured by scripts/bench_diff).
 *
 * Ownership: the library stays loaded until exit; the table is written once,
 * by the shared loader (util/lazylib.h), before any pointer is read.
 * Errors: pd_xmllib_load() returns 0, or PD_ERROR with a one-line message
 * naming the soname, dlerror()'s reason and the package to install.
 * pd_html_parse() calls it, and every other libxml2 call in the tree runs on
 * a document it returned, so callers need nothing new.
 */
#ifndef PD_XMLLIB_H
#define PD_XMLLIB_H

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "normalize/xmllib_syms.h"

#define PD_XMLLIB_FIELD(name) __typeof__(name) *name;
struct pd_xmllib {
    PD_XMLLIB_SYMBOLS(PD_XMLLIB_FIELD)
};
#undef PD_XMLLIB_FIELD

extern struct pd_xmllib pd_xmllib;

/* Loads and initialises libxml2 once (thread-safe); 0 or PD_ERROR. */
int pd_xmllib_load(void);
/* Frees memory libxml2 allocated (xmlBuildURI's result, ...); NULL is fine. */
void pd_xml_free(void *p);

#endif
