/*
 * error.h - error codes and the last error message, for every module.
 *
 * Every library function that can fail returns 0 on success or one of the
 * negative PD_E* codes below, after calling pd_error_set() with a one-line
 * message that says what is wrong and, where it can, what to do.  Callers
 * pass the code up unchanged; the CLI prints pd_error_last() and maps the
 * code to an exit status.  The message is kept per thread.
 */
#ifndef PD_ERROR_H
#define PD_ERROR_H

enum {
    PD_OK = 0,
    PD_ERROR = -1,         /* generic failure */
    PD_EINVALID = -2,      /* bad input from the user or from outside */
    PD_ENOTFOUND = -3,     /* a named thing does not exist */
    PD_EEXISTS = -4,       /* it already exists */
    PD_ELOCKED = -5,       /* the store is locked by another run */
    PD_ETOOBIG = -6,       /* a size cap was hit */
    PD_ENOMEM = -7,        /* out of memory */
    PD_EIO = -8,           /* file system or git failure */
    PD_ENET = -9,          /* network failure */
    PD_ESUSPICIOUS = -10,  /* content refused as garbage (bot wall, empty, ...) */
    PD_EEMPTY = -11,       /* nothing usable came out of the input */
    PD_ECONFLICT = -12,    /* refused: would rewrite pushed history, etc. */
    PD_EUNSUPPORTED = -13, /* valid input using a feature policydiff does not have yet */
    PD_EBUDGET = -14,      /* a page or an answer over a budget (time, memory, rows): refused */
};

/* Sets the calling thread's last error; returns code so callers can
 * `return pd_error_set(PD_EINVALID, "...")`.  The arguments may quote
 * pd_error_last() ("while reading x: %s"). */
int pd_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The last message set on this thread ("" when none). Borrowed. */
const char *pd_error_last(void);

/* The code given with the last message (0 when none). */
int pd_error_last_code(void);

void pd_error_clear(void);

/* Sets "out of memory" and evaluates to PD_ENOMEM, for the sites that keep
 * the code and clean up first: `rc = PD_ENOMEM_SET(); goto out;`. */
#define PD_ENOMEM_SET() pd_error_set(PD_ENOMEM, "out of memory")

/* Returns PD_ENOMEM ("out of memory") from the calling function when ptr is
 * NULL.  Only where nothing needs freeing; otherwise use PD_ENOMEM_SET(). */
#define PD_CHECK_ALLOC(ptr)                                                                        \
    do {                                                                                           \
        if (!(ptr))                                                                                \
            return PD_ENOMEM_SET();                                                                \
    } while (0)

#endif
