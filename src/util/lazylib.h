/*
 * lazylib.h - one dlopen loader for the libraries policydiff loads only
 * when a command needs them: libcurl (fetch/curllib.h), libgit2
 * (store/gitlib.h) and libxml2 (normalize/xmllib.h).
 *
 * What: an adapter describes its library in a pd_lazylib (a name for
 * messages, the sonames to try, the package to install, the function names
 * from its .syms file) and calls pd_lazylib_load().  The first call opens
 * the first soname that loads, resolves every name into lib->resolved (in
 * the order of lib->symbols) and runs lib->ready, where the adapter copies
 * the pointers into its typed table and initialises the library; later
 * calls only return the outcome.  The typed tables and the call redirects
 * stay generated from each .syms file by scripts/lib/gen_lazylib.py.
 *
 * Why keep the lazy loading (measured for issue 18, Debian 12, gcc -O2,
 * 2 cores under load; minimum of 100-200 runs, median in brackets; linking
 * simulated by LD_PRELOAD of the libraries, which makes the loader open and
 * relocate them and all they depend on at start, as linking does):
 *
 *                                     lazy (today)     all three at start
 *   policydiff --version               0.83 (1.0) ms    6.0 (6.8) ms
 *   policydiff normalize (4 KB page)   2.2 (2.4) ms     6.9 (7.6) ms
 *
 * libcurl and libgit2 alone add 3.8 ms to --version (4.6 vs 0.83 ms).  A
 * loop over files (`for f in *.html; do policydiff normalize "$f"; done`,
 * the corpus scripts, git's textconv calling diff) pays that on every file:
 * normalizing one small page takes a third of the time.  `fetch` and `check`
 * load libcurl and libgit2 anyway and lose nothing.  So the lazy loading
 * stays; what went is the three copies of the loader.
 *
 * Ownership: a pd_lazylib is static storage of its adapter; the library
 * stays loaded until exit (never dlclose()d).  The first pd_lazylib_load()
 * runs under lib->lock, so every pointer is written before any caller that
 * got 0 reads it.
 * Errors: pd_lazylib_load() returns 0, or PD_ERROR with lib->failure as the
 * message (the same one on every later call): "cannot load NAME (SONAME):
 * <dlerror>; install PACKAGE", "... it lacks SYMBOL; install PACKAGE", or
 * what lib->ready wrote with pd_lazylib_fail().
 */
#ifndef PD_LAZYLIB_H
#define PD_LAZYLIB_H

#include <pthread.h>
#include <stddef.h>

typedef struct pd_lazylib pd_lazylib;

struct pd_lazylib {
    const char *name;           /* for messages: "libcurl" */
    const char *const *sonames; /* NULL-terminated; the first is named in messages */
    const char *install;        /* the package to install: "libcurl4" */
    const char *const *symbols; /* NULL-terminated function names */
    void **resolved;            /* one slot per symbol, filled in order */
    /* After every symbol resolved: fills the adapter's table and initialises
     * the library.  0, or -1 after pd_lazylib_fail().  NULL: nothing to do. */
    int (*ready)(pd_lazylib *lib, void *handle);
    /* state */
    pthread_mutex_t lock;
    int tried;
    char failure[512]; /* "" once loaded */
};

/* Designated initializer for an adapter's static pd_lazylib. */
#define PD_LAZYLIB_INIT(...)                                                                       \
    {                                                                                              \
        __VA_ARGS__, .lock = PTHREAD_MUTEX_INITIALIZER                                             \
    }

/* Expands to "name", for a list of names from a .syms X-macro. */
#define PD_LAZYLIB_NAME(name) #name,

/* Loads lib once (thread-safe); 0 or PD_ERROR with its failure message. */
int pd_lazylib_load(pd_lazylib *lib);

/* For lib->ready: dlsym(handle, symbol), or NULL after writing "cannot load
 * NAME (SONAME): it lacks SYMBOL; install PACKAGE" as lib's failure. */
void *pd_lazylib_sym(pd_lazylib *lib, void *handle, const char *symbol);

/* For lib->ready: writes lib's failure message; returns -1. */
int pd_lazylib_fail(pd_lazylib *lib, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
