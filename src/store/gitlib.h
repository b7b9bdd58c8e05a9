/*
 * gitlib.h - libgit2, loaded only when a command opens a store.
 *
 * What: policydiff no longer links libgit2 (and, through it, mbedtls,
 * pcre2, http-parser, libssh2...).  pd_gitlib_load() dlopen()s it by its
 * soname (PD_GITLIB_SONAME, read from the library found at build time) and
 * fills the table pd_gitlib with one pointer per function named in
 * gitlib.syms.  Files that call libgit2 include "store/gitlib_calls.h"
 * (store_internal.h does) after <git2.h>; it defines every listed name as
 * (pd_gitlib.name), so their calls read as plain libgit2 calls.
 *
 * Why: process start-up.  Resolving the 48 libraries libcurl and libgit2
 * pull in cost ~6 ms on every run, also for `normalize` and `diff` of two
 * files, which use neither (figures in util/lazylib.h).
 *
 * Adding a call to a new libgit2 function: add its name to gitlib.syms.
 * Forgetting shows at build time (undefined reference to git_..., since
 * nothing links libgit2); a name listed but missing from the installed
 * library shows as pd_gitlib_load()'s error.  Types, constants and macros
 * still come from the real <git2.h>; it has no inline functions calling
 * exported ones, and no data symbol is used.
 *
 * Ownership: the library stays loaded until exit (never dlclose()d); the
 * table is written once, by the shared loader (util/lazylib.h), before any
 * pointer is read.
 * Errors: pd_gitlib_load() returns 0, or PD_ERROR with a one-line message
 * naming the soname, dlerror()'s reason and the package to install; it is
 * repeated on every later call.  pd_store_open() and pd_store_init() call
 * it, so users of store.h need nothing new.  Code calling libgit2 outside
 * those paths must call pd_gitlib_load() first (the pointers are NULL
 * before).
 */
#ifndef PD_GITLIB_H
#define PD_GITLIB_H

#include <git2.h>

#include "store/gitlib_syms.h"

#define PD_GITLIB_FIELD(name) __typeof__(name) *name;
struct pd_gitlib {
    PD_GITLIB_SYMBOLS(PD_GITLIB_FIELD)
};
#undef PD_GITLIB_FIELD

extern struct pd_gitlib pd_gitlib;

/* Loads libgit2 once (thread-safe); 0 or PD_ERROR, see above. */
int pd_gitlib_load(void);

#endif
