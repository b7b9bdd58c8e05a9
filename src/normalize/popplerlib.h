/*
 * popplerlib.h - poppler-glib, loaded only when a page is a PDF.
 *
 * What: policydiff reads PDF policies through poppler-glib (Debian's
 * libpoppler-glib8) and does not link it: pd_popplerlib_load() dlopen()s it
 * by its soname (PD_POPPLERLIB_SONAME, read from the library found at
 * build time) with the shared loader (util/lazylib.h), and fills the table
 * pd_popplerlib with one pointer per function named in popplerlib.syms
 * (the few glib functions among them resolve through poppler-glib's own
 * dependencies).  Files that call it include "normalize/popplerlib_calls.h"
 * after <poppler.h>; it defines every listed name as (pd_popplerlib.name).
 *
 * Why lazily, like libcurl, libgit2 and libxml2: poppler-glib brings
 * poppler, glib, gobject, gio, cairo, freetype, fontconfig, lcms, nss and
 * more (51 libraries on Debian 12); linking them would cost every run
 * of every command (normalize of an HTML page, diff, log) their start-up,
 * for the rare PDF policy.  A machine without it still runs everything else
 * and says what to install for a PDF.
 *
 * Ownership: the library stays loaded until exit; the table is written
 * once, before any pointer is read.
 * Errors: pd_popplerlib_load() returns 0, or PD_ERROR with a one-line
 * message naming the soname, dlerror()'s reason and the package to install
 * (repeated on every later call).
 */
#ifndef PD_POPPLERLIB_H
#define PD_POPPLERLIB_H

#include <poppler.h>

#include "normalize/popplerlib_syms.h"

#define PD_POPPLERLIB_FIELD(name) __typeof__(name) *name;
struct pd_popplerlib {
    PD_POPPLERLIB_SYMBOLS(PD_POPPLERLIB_FIELD)
};
#undef PD_POPPLERLIB_FIELD

extern struct pd_popplerlib pd_popplerlib;

/* Loads poppler-glib once (thread-safe); 0 or PD_ERROR. */
int pd_popplerlib_load(void);

#endif
