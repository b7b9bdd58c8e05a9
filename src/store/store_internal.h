/*
 * store_internal.h - what the files of the store module share (not public).
 *
 * The store directory is a bare git repository; next to its HEAD and
 * objects/ live policies.conf, the lock file policydiff.lock and the
 * per-policy index pd-index/ (see index.c).  Every function returns 0 or a
 * negative PD_E* code with pd_error_set() called.
 */
#ifndef PD_STORE_INTERNAL_H
#define PD_STORE_INTERNAL_H

#include <git2.h>

#include "store/gitlib_calls.h"

#include "store/store.h"

#define PD_MAIN_REF "refs/heads/main"
#define PD_RAW_REF "refs/heads/raw"
#define PD_CONF_NAME "policies.conf"

struct pd_store {
    git_repository *repo;
    char *path;      /* the store directory (absolute) */
    char *conf_path; /* <path>/policies.conf */
    int lock_depth;  /* > 0 while this handle holds the lock */
    int lock_fd;     /* 1 + the fd holding flock() on the lock file, 0 when none */
    size_t recreated, dropped;
    char *known_policy; /* last name pd_store_policy_get found (record skips the check) */
    pd_summarize_fn summarize; /* see pd_store_set_summarizer() */
    void *summarize_priv;
    pd_buf skipped; /* policies.conf sections the last policy list skipped, one a line */
};

/* The summary of the change from blob old (zero id: none) to blob new, via
 * the summarizer; an empty string when there is none or it fails.  Returns
 * PD_EIO when either blob cannot be read (a damaged repository: nothing
 * should be written on top of it), else 0. */
int pd_store_summarize(pd_buf *out, pd_store *s, const git_oid *old_blob,
                       const git_oid *new_blob);
/* msg with its subject and Summary: trailer replaced by summary. */
int pd_store_message_with_summary(pd_buf *out, const char *msg, const char *policy,
                                  const char *summary);

/* PD_EIO with "<what>: <libgit2's message>". */
int pd_store_git_fail(const char *what);

/* The id main (or raw) points at; *unborn = 1 and a zero id when the branch
 * does not exist yet. */
int pd_store_ref_id(git_oid *out, int *unborn, pd_store *s, const char *ref);

/* "policies/<name>.md" into out. */
int pd_store_policy_path(pd_buf *out, const char *name);

/* Per-policy index of versions on main (index.c). */
typedef struct {
    int64_t time;
    git_oid commit;
    git_oid blob; /* the policy's text at that version */
} pd_idx_entry;

typedef struct {
    pd_idx_entry *v;
    size_t n, cap;
} pd_idx;

/* The versions of name on main, oldest first; rebuilds the index when it
 * does not match main (after a crash or an outside change). */
int pd_idx_load(pd_idx *out, pd_store *s, const char *name);
/* Reads name's index file as it is (the caller knows it is fresh). */
int pd_idx_read_file(pd_idx *out, pd_store *s, const char *name);
int pd_idx_push(pd_idx *idx, int64_t time, const git_oid *commit, const git_oid *blob);
/* Marks the index as not matching main (before rewriting index files). */
void pd_idx_invalidate(pd_store *s);
int pd_idx_write_file(pd_store *s, const char *name, const pd_idx *idx);
/* Records that the index files now match main at head. */
int pd_idx_set_head(pd_store *s, const git_oid *head);
void pd_idx_dispose(pd_idx *idx);
/* Index of the version in effect at time at, or -1. */
long pd_idx_find(const pd_idx *idx, int64_t at);

/* The value of trailer key in a commit message (malloc'd), or NULL. */
char *pd_store_trailer(const char *message, const char *key);

/* History rewriting (history.c): puts a commit of name's text (blob) at time
 * t, after every commit of main dated <= t, re-creating the later ones. */
typedef struct {
    const char *name;
    int64_t time;
    const git_oid *blob;
    const git_oid *conf_blob; /* policies.conf to put in the new tree, or NULL */
    const git_signature *sig;
    const char *message;
    int force;
} pd_insert_request;

int pd_history_insert(pd_store *s, const git_oid *head, const pd_insert_request *req);

/* Removes leftover libgit2 lock files of our refs and config (the caller
 * holds the store lock, so nobody else is writing them). */
void pd_lock_clear_stale_git_locks(pd_store *s);

#endif
