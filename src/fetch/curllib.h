/*
 * curllib.h - libcurl, loaded only when a command fetches.
 *
 * What: policydiff no longer links libcurl (and, through it, gnutls, krb5,
 * ldap, rtmp, ssh2, nghttp2...).  pd_curllib_load() dlopen()s it by its
 * soname (PD_CURLLIB_SONAME, read from the library found at build time),
 * fills the table pd_curllib with one pointer per function named in
 * curllib.syms, and runs curl_global_init() (curl_global_cleanup() runs at
 * exit).  Files that call libcurl include "fetch/curllib_calls.h" after
 * <curl/curl.h>; it defines every listed name as (pd_curllib.name), so their
 * calls read as plain libcurl calls.  curl's type-checking wrappers around
 * curl_easy_setopt()/curl_easy_getinfo() are replaced by the plain call.
 *
 * Why: process start-up.  Resolving the 48 libraries libcurl and libgit2
 * pull in cost ~6 ms on every run, also for `normalize` and `diff` of two
 * files, which use neither (figures in util/lazylib.h).
 *
 * Adding a call to a new libcurl function (e.g. curl_mime_init for a
 * webhook): add its name to curllib.syms.  Forgetting shows at build time
 * (undefined reference to curl_..., since nothing links libcurl); a name
 * listed but missing from the installed library shows as
 * pd_curllib_load()'s error.  Types, constants and macros still come from
 * the real <curl/curl.h>, which has no inline functions; no data symbol is
 * used.
 *
 * Ownership: the library stays loaded until exit (never dlclose()d); the
 * table is written once, by the shared loader (util/lazylib.h), before any
 * pointer is read.
 * Errors: pd_curllib_load() returns 0, or PD_ERROR with a one-line message
 * naming the soname, dlerror()'s reason and the package to install; it is
 * repeated on every later call.  The public functions of fetch/http.h and
 * fetch/wayback.h that reach libcurl call it, so their users need nothing
 * new.  Code calling libcurl outside those paths must call
 * pd_curllib_load() first (the pointers are NULL before).
 */
#ifndef PD_CURLLIB_H
#define PD_CURLLIB_H

#include <curl/curl.h>

#include "fetch/curllib_syms.h"

#define PD_CURLLIB_FIELD(name) __typeof__(name) *name;
struct pd_curllib {
    PD_CURLLIB_SYMBOLS(PD_CURLLIB_FIELD)
};
#undef PD_CURLLIB_FIELD

extern struct pd_curllib pd_curllib;

/* Loads and initialises libcurl once (thread-safe); 0 or PD_ERROR. */
int pd_curllib_load(void);

#endif
