/*
 * lock.c - one writer at a time per store.
 *
 * The lock is the file policydiff.lock in the store, holding the owner's
 * pid.  It is created whole (written to a private temporary file, then
 * hard-linked into place, which fails when the lock exists), so it is never
 * seen empty.  Its owner holds an flock() on it from before it appears until
 * it is removed, so the kernel says whether a lock is live: a lock nobody
 * holds is stale (its run died), whatever pid it names - a reused pid, or
 * this very process in a fresh container, cannot keep a dead run's lock
 * alive.  A stale lock is broken under an flock() on policydiff.lock.guard
 * after checking that the name still points at the same file, so two runs
 * breaking the same stale lock cannot remove each other's fresh one.
 *
 * No file of the lock is opened through a symbolic link (O_NOFOLLOW): the
 * temporary file is created with O_EXCL (a link or leftover under its name
 * is removed first, never its target), so a link planted under a
 * predictable name cannot make a run truncate or write another file; a lock
 * that is a link is reported, not followed.
 */
#define _XOPEN_SOURCE 700
#include "store/store_internal.h"
#include "util/error.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The pid a lock file names; 0 when it is gone, -1 when unreadable, -2
 * when it is a symbolic link (never followed). */
static long read_pid(const char *path)
{
    char buf[32], *end;
    ssize_t n;
    long pid;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? 0 : errno == ELOOP ? -2 : -1;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    errno = 0;
    pid = strtol(buf, &end, 10);
    /* A lock is written whole, so anything but a positive pid and a
     * newline is damage: report it as unreadable rather than as absent. */
    if (errno || end == buf || pid <= 0 || (*end != '\0' && *end != '\n'))
        return -1;
    return pid;
}

/* 0 created (*held: the fd holding its flock), 1 held by someone else,
 * <0 error. */
static int try_create(const char *lock, const char *tmp, int *held)
{
    char buf[32];
    int fd, n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST && unlink(tmp) == 0) /* a leftover or a planted link */
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return pd_error_set(PD_EIO, "cannot create %s: %s%s", tmp, strerror(errno),
                            errno == ENOSPC || errno == EDQUOT
                                ? ": free space on the disk that holds the store, then run "
                                  "the same command again"
                                : "");
    /* held before it is visible under the lock's name */
    if (flock(fd, LOCK_EX | LOCK_NB) != 0 || write(fd, buf, (size_t)n) != n) {
        n = errno;
        close(fd);
        unlink(tmp);
        return pd_error_set(PD_EIO, "cannot write %s: %s%s", tmp, strerror(n),
                            n == ENOSPC || n == EDQUOT
                                ? ": free space on the disk that holds the store, then run "
                                  "the same command again"
                                : "");
    }
    if (link(tmp, lock) == 0) {
        unlink(tmp);
        *held = fd;
        return 0;
    }
    n = errno;
    close(fd);
    unlink(tmp);
    if (n == EEXIST)
        return 1;
    return pd_error_set(PD_EIO, "cannot create lock %s: %s", lock, strerror(n));
}

/* 1 when no process holds the lock file (its run is gone), 0 when one does
 * or the file is gone; *ino and *dev identify the file that was tested. */
static int unheld(const char *lock, ino_t *ino, dev_t *dev)
{
    struct stat st;
    int fd = open(lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), free_ = 0;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) == 0 && flock(fd, LOCK_EX | LOCK_NB) == 0) {
        free_ = 1;
        *ino = st.st_ino;
        *dev = st.st_dev;
        flock(fd, LOCK_UN);
    }
    close(fd);
    return free_;
}

static void break_if_stale(const char *lock, const char *guard)
{
    ino_t ino;
    dev_t dev;
    struct stat st;
    int fd = open(guard, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return;
    if (flock(fd, LOCK_EX) == 0) {
        /* still nobody's, and still the same file under that name */
        if (unheld(lock, &ino, &dev) && stat(lock, &st) == 0 && st.st_ino == ino &&
            st.st_dev == dev)
            unlink(lock);
        flock(fd, LOCK_UN);
    }
    close(fd);
}

int pd_store_lock(pd_store *s, int wait_ms)
{
    pd_buf lock = PD_BUF_INIT, tmp = PD_BUF_INIT, guard = PD_BUF_INIT;
    struct timespec nap = {0, 20 * 1000 * 1000};
    long waited = 0, pid = 0;
    int rc, held = -1, breaks = 0;

    if (s->lock_depth > 0) {
        s->lock_depth++;
        return 0;
    }
    pd_buf_printf(&lock, "%s/policydiff.lock", s->path);
    pd_buf_printf(&tmp, "%s/policydiff.lock.%ld", s->path, (long)getpid());
    pd_buf_printf(&guard, "%s/policydiff.lock.guard", s->path);
    if ((rc = pd_buf_error(&lock)) || (rc = pd_buf_error(&tmp)) || (rc = pd_buf_error(&guard)))
        goto out;
    for (;;) {
        ino_t ino;
        dev_t dev;
        rc = try_create(lock.ptr, tmp.ptr, &held);
        if (rc <= 0)
            break;
        pid = read_pid(lock.ptr);
        if (pid == 0)
            continue; /* removed meanwhile: try again */
        /* the flock says whether the run is alive; the pid is only named */
        if (unheld(lock.ptr, &ino, &dev)) {
            break_if_stale(lock.ptr, guard.ptr);
            if (breaks++ < 100)
                continue;
        }
        if (pid == -2) {
            rc = pd_error_set(PD_ELOCKED,
                              "%s is a symbolic link, which policydiff never creates nor "
                              "follows; remove it if no policydiff is running",
                              lock.ptr);
            break;
        }
        if (waited >= wait_ms) {
            if (pid > 0)
                rc = pd_error_set(PD_ELOCKED,
                                  "the store %s is locked by another run (pid %ld); try again "
                                  "when it has finished",
                                  s->path, pid);
            else
                rc = pd_error_set(PD_ELOCKED,
                                  "the store %s is locked (unreadable %s); remove it if no "
                                  "policydiff is running",
                                  s->path, lock.ptr);
            break;
        }
        nanosleep(&nap, NULL);
        waited += 20;
    }
    if (rc == 0) {
        s->lock_depth = 1;
        s->lock_fd = held + 1;
        pd_lock_clear_stale_git_locks(s);
        pd_store_git_errors_seen(); /* a write's error is never an older one's message */
    }
out:
    pd_buf_dispose(&lock);
    pd_buf_dispose(&tmp);
    pd_buf_dispose(&guard);
    return rc;
}

void pd_store_unlock(pd_store *s)
{
    pd_buf lock = PD_BUF_INIT;
    if (!s || s->lock_depth <= 0)
        return;
    if (s->lock_depth == 1) {
        /* the outermost release: the view of what changed, then packing
         * (both best effort: the versions are already safe) */
        if (pd_view_flush(s) || pd_pack_maybe(s))
            pd_error_clear();
    }
    if (--s->lock_depth > 0)
        return;
    pd_buf_printf(&lock, "%s/policydiff.lock", s->path);
    if (!pd_buf_error(&lock) && read_pid(lock.ptr) == (long)getpid()) /* never a link */
        unlink(lock.ptr);
    pd_buf_dispose(&lock);
    if (s->lock_fd > 0) {
        close(s->lock_fd - 1); /* releases the flock, after the name is gone */
        s->lock_fd = 0;
    }
}

static int stale_ref_lock(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    size_t n = strlen(path);
    (void)sb, (void)ftw;
    if (flag == FTW_F && n > 5 && !strcmp(path + n - 5, ".lock"))
        unlink(path);
    return 0;
}

void pd_lock_clear_stale_git_locks(pd_store *s)
{
    static const char *const names[] = {PD_CONF_NAME ".lock", "refs/heads/main.lock",
                                        "refs/heads/raw.lock", "packed-refs.lock",
                                        "pd-index/HEAD.lock"};
    pd_buf p = PD_BUF_INIT;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        pd_buf_clear(&p);
        pd_buf_printf(&p, "%s/%s", s->path, names[i]);
        if (!pd_buf_error(&p))
            unlink(p.ptr);
    }
    /* the per-policy branches (refs/heads/versions/..., captures/...) */
    pd_buf_clear(&p);
    pd_buf_printf(&p, "%s/refs/heads", s->path);
    if (!pd_buf_error(&p))
        nftw(p.ptr, stale_ref_lock, 16, FTW_PHYS);
    pd_buf_dispose(&p);
}
