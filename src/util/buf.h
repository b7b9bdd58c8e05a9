/*
 * buf.h - a growable byte buffer with an optional size cap.
 *
 * A pd_buf owns its memory; pd_buf_dispose() frees it and leaves an empty
 * buffer, pd_buf_detach() hands the memory to the caller (free() it).  The
 * content is always NUL-terminated when ptr is not NULL.  A failed growth
 * (out of memory, or past `limit` when limit is not 0) sets the sticky `oom`
 * or `toobig` flag and returns PD_ENOMEM / PD_ETOOBIG; later appends do
 * nothing, so a caller may append many times and check once.
 */
#ifndef PD_BUF_H
#define PD_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *ptr;
    size_t len;
    size_t cap;
    size_t limit; /* 0: no cap */
    int oom;
    int toobig;
} pd_buf;

#define PD_BUF_INIT                                                                                \
    {                                                                                              \
        .ptr = NULL, .len = 0, .cap = 0, .limit = 0, .oom = 0, .toobig = 0                         \
    }

int pd_buf_grow(pd_buf *b, size_t extra);
int pd_buf_put(pd_buf *b, const void *data, size_t len);
int pd_buf_puts(pd_buf *b, const char *s);
int pd_buf_putc(pd_buf *b, int c);
int pd_buf_printf(pd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pd_buf_vprintf(pd_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* 0, or the error that made the buffer fail. */
int pd_buf_error(const pd_buf *b);
void pd_buf_clear(pd_buf *b);
void pd_buf_truncate(pd_buf *b, size_t len);
/* Hands the content to the caller (never NULL unless out of memory). */
char *pd_buf_detach(pd_buf *b);
void pd_buf_dispose(pd_buf *b);
/* Always a valid C string ("" for an empty buffer). Borrowed. */
const char *pd_buf_cstr(const pd_buf *b);

/* Reads a whole file (or stdin for "-") into b, refusing more than max
 * bytes (0: no cap). */
int pd_buf_read_file(pd_buf *b, const char *path, size_t max);
/* Writes len bytes to path atomically (temporary file + rename). */
int pd_write_file_atomic(const char *path, const void *data, size_t len);

/* Grows an array of *cap elements of elem bytes each, at *arrayp (the
 * address of the array's pointer, e.g. &list->v), to twice its capacity
 * (first elements when it has none) with realloc.  Callers call it when the
 * array is full: `if (l->n == l->cap && (rc = pd_array_grow(&l->v, &l->cap,
 * sizeof(*l->v), 64))) return rc;`.  0, or PD_ENOMEM ("out of memory") with
 * the array and *cap unchanged. */
int pd_array_grow(void *arrayp, size_t *cap, size_t elem, size_t first);

#endif
