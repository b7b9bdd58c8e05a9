/*
 * libpd-enospc.so - a full disk for one directory, for the tests: preloaded
 * (LD_PRELOAD), it makes every write(2) to a file under $PD_ENOSPC_DIR fail
 * with ENOSPC, as a full disk does; other writes go through.  libgit2 and
 * policydiff write their files with write(2).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n);

static int under_full_dir(int fd)
{
    const char *dir = getenv("PD_ENOSPC_DIR");
    char link[64], path[4096];
    ssize_t n;
    if (!dir || !*dir)
        return 0;
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    n = readlink(link, path, sizeof(path) - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    return !strncmp(path, dir, strlen(dir));
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "write");
    if (under_full_dir(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}
