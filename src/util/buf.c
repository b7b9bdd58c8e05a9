#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int pd_buf_error(const pd_buf *b)
{
    if (b->toobig)
        return PD_ETOOBIG;
    if (b->oom)
        return PD_ENOMEM;
    return 0;
}

int pd_buf_grow(pd_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->oom || b->toobig)
        return pd_buf_error(b);
    if (extra > (size_t)-1 - b->len - 1) {
        b->oom = 1;
        return PD_ENOMEM;
    }
    need = b->len + extra + 1;
    if (b->limit && need - 1 > b->limit) {
        b->toobig = 1;
        return PD_ETOOBIG;
    }
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    p = realloc(b->ptr, cap);
    if (!p) {
        b->oom = 1;
        return PD_ENOMEM;
    }
    b->ptr = p;
    b->cap = cap;
    return 0;
}

int pd_array_grow(void *arrayp, size_t *cap, size_t elem, size_t first)
{
    size_t ncap = *cap ? *cap * 2 : first;
    void *old, *p;

    /* through memcpy: *arrayp is a pointer to some element type, not void * */
    memcpy(&old, arrayp, sizeof(old));
    if (ncap < *cap || ncap > (size_t)-1 / elem || !(p = realloc(old, ncap * elem)))
        return PD_ENOMEM_SET();
    memcpy(arrayp, &p, sizeof(p));
    *cap = ncap;
    return 0;
}

int pd_buf_put(pd_buf *b, const void *data, size_t len)
{
    int rc = pd_buf_grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
    return 0;
}

int pd_buf_puts(pd_buf *b, const char *s)
{
    return pd_buf_put(b, s, strlen(s));
}

int pd_buf_putc(pd_buf *b, int c)
{
    char ch = (char)c;
    return pd_buf_put(b, &ch, 1);
}

int pd_buf_vprintf(pd_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n, rc;

    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return PD_ERROR;
    rc = pd_buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int pd_buf_printf(pd_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;
    va_start(ap, fmt);
    rc = pd_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void pd_buf_clear(pd_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void pd_buf_truncate(pd_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->ptr[len] = '\0';
    }
}

char *pd_buf_detach(pd_buf *b)
{
    char *p = b->ptr;
    if (!p)
        p = calloc(1, 1);
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

void pd_buf_dispose(pd_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->oom = b->toobig = 0;
}

const char *pd_buf_cstr(const pd_buf *b)
{
    return b->ptr ? b->ptr : "";
}

int pd_buf_read_file(pd_buf *b, const char *path, size_t max)
{
    int fd, rc = 0;
    char tmp[65536];
    ssize_t n;
    size_t saved = b->limit;

    if (strcmp(path, "-") == 0)
        fd = STDIN_FILENO;
    else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return pd_error_set(errno == ENOENT                                         ? PD_ENOTFOUND
                            : errno == EACCES || errno == ENOTDIR || errno == ELOOP ? PD_EINVALID
                                                                                    : PD_EIO,
                            "cannot open %s: %s", path, strerror(errno));
    if (max)
        b->limit = b->len + max;
    for (;;) {
        n = read(fd, tmp, sizeof(tmp));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EISDIR)
                rc = pd_error_set(PD_EINVALID, "%s is a directory; give a file", path);
            else
                rc = pd_error_set(PD_EIO, "cannot read %s: %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        if ((rc = pd_buf_put(b, tmp, (size_t)n)) != 0) {
            if (rc == PD_ETOOBIG)
                pd_error_set(rc, "%s is larger than %zu bytes; refusing to read it", path, max);
            else
                pd_error_set(rc, "out of memory reading %s", path);
            break;
        }
    }
    if (fd != STDIN_FILENO)
        close(fd);
    b->limit = saved;
    b->toobig = 0;
    if (!rc && !b->ptr)
        rc = pd_buf_grow(b, 0) ? PD_ENOMEM_SET() : 0;
    return rc;
}

int pd_write_file_atomic(const char *path, const void *data, size_t len)
{
    char tmp[4096];
    const char *p = data;
    int fd;

    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= sizeof(tmp))
        return pd_error_set(PD_EINVALID, "path too long: %s", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return pd_error_set(PD_EIO, "cannot create %s: %s", tmp, strerror(errno));
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            unlink(tmp);
            return pd_error_set(PD_EIO, "cannot write %s: %s", tmp, strerror(errno));
        }
        p += n;
        len -= (size_t)n;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        return pd_error_set(PD_EIO, "cannot write %s: %s", path, strerror(errno));
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return pd_error_set(PD_EIO, "cannot rename %s: %s", tmp, strerror(errno));
    }
    return 0;
}
