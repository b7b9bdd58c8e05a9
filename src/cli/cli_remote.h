/*
 * cli_remote.h - what push and pull share: running the git program on the
 * store (posix_spawnp, never a shell), naming the remote, fetching its refs
 * into refs/remotes/R/, and adopting the policies' refs that moved there.
 *
 * A store is a bare repository; per policy NAME its refs are
 * refs/heads/captures/NAME and refs/heads/versions/NAME.  Adopting compares
 * each with refs/remotes/R/<same>: a local ref that is missing or an
 * ancestor of the remote one moves to it (compare-and-swap with
 * `git update-ref`); one that is ahead is kept (push sends it); one that
 * diverged is kept and reported.
 *
 * Functions print their own one-line errors (prefixed "policydiff CMD:")
 * and return an exit code (cli.h); ownership is stated per function.
 */
#ifndef PD_CLI_REMOTE_H
#define PD_CLI_REMOTE_H

#include <stddef.h>

#include "store/store.h"
#include "util/buf.h"

/* Runs git --git-dir=git_dir args... (args NULL-terminated).  Its standard
 * output is appended to out (at most 64 MB), or goes to our standard error
 * when out is NULL; its standard error is ours.  Returns git's exit status
 * (0-255), or -1 when git could not be started (message in pd_error_last). */
int pd_cli_git(pd_buf *out, const char *git_dir, const char *const *args);

typedef struct {
    const char *cmd;   /* "push" or "pull", for messages */
    const char *store; /* the store's path (its git directory) */
    const char *url;   /* what git is given: a remote name, a path or a URL */
    char name[128];    /* R of refs/remotes/R/ */
} pd_cli_remote;

/* Names the remote arg (NULL: "origin"): a remote configured in the store
 * (remote.<arg>.url) tracks into refs/remotes/<arg>/, a path or URL into
 * refs/remotes/origin/.  PD_EXIT_USAGE when it is neither. */
int pd_cli_remote_resolve(pd_cli_remote *r, const char *cmd, const char *store, const char *arg);

/* git fetch --quiet --no-tags URL '+refs/heads/ *:refs/remotes/R/ *'.
 * PD_EXIT_FETCH when the remote cannot be read. */
int pd_cli_remote_fetch(const pd_cli_remote *r);

typedef enum {
    PD_REF_SAME,     /* both equal, or only the remote has none and we have none */
    PD_REF_ADOPTED,  /* ours was missing or behind: moved to theirs */
    PD_REF_AHEAD,    /* theirs is missing or behind ours: push sends it */
    PD_REF_DIVERGED, /* both recorded captures the other lacks */
} pd_ref_state;

typedef struct {
    char *ref;          /* "captures/NAME" or "versions/NAME" */
    char local[65];     /* "" when missing (before adopting) */
    char remote[65];    /* "" when missing */
    pd_ref_state state; /* after adopting */
} pd_ref_pair;

typedef struct {
    pd_ref_pair *refs;
    size_t n;
    size_t policies, updated, unchanged, ahead, diverged; /* per policy */
    char main_local[65], main_local_tree[65];             /* "" when missing */
    char main_remote[65], main_remote_tree[65];           /* "" when missing */
} pd_adopt_result;

/* Adopts the remote's captures and versions refs (the caller holds the
 * store lock), prints one line on stderr per diverged policy, and fills
 * res (pd_cli_adopt_dispose).  Returns PD_EXIT_OK or the exit code of an
 * error. */
int pd_cli_adopt(pd_adopt_result *res, const pd_cli_remote *r);
/* Reads the ids and trees of refs/heads/main and refs/remotes/R/main again. */
int pd_cli_read_mains(pd_adopt_result *res, const pd_cli_remote *r);
void pd_cli_adopt_dispose(pd_adopt_result *res);

#endif
