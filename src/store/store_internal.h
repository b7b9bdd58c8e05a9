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

/* The summary of the change from blob old (zero id: none) to blob new, via
 * the summarizer; an empty string when there is none or it fails.  Returns
 * PD_EIO when either blob cannot be read (a damaged repository: nothing
 * should be written on top of it), else 0. */
int pd_store_summarize(pd_buf *out, pd_store *s, const git_oid *old_blob, const git_oid *new_blob);
/* msg with its subject and Summary: trailer replaced by summary. */
int pd_store_message_with_summary(pd_buf *out, const char *msg, const char *policy,
                                  const char *summary);

/* PD_EIO with "<what>: <libgit2's message>". */
int pd_store_git_fail(const char *what);
/* Notes libgit2's last error message as seen: pd_store_git_fail() then
 * never gives it again as the reason of a later failure (libgit2 keeps its
 * last message until the next error, and some failures set none). */
void pd_store_git_errors_seen(void);

/* The id main (or raw) points at; *unborn = 1 and a zero id when the branch
 * does not exist yet. */
int pd_store_ref_id(git_oid *out, int *unborn, pd_store *s, const char *ref);

/* The tip commit of policy name's raw captures into *out (the caller's,
 * git_commit_free), and its id into *tip (may be NULL); *unborn = 1 and
 * *out NULL when the policy has none yet.  0, or an error (PD_EIO). */
int pd_store_captures_tip(git_commit **out, git_oid *tip, int *unborn, pd_store *s,
                          const char *name);

/* "policies/<name>.md" into out. */
int pd_store_policy_path(pd_buf *out, const char *name);

/* The value of trailer key in a commit message (malloc'd), or NULL. */
char *pd_store_trailer(const char *message, const char *key);

/* The value of "key: value" in a capture's meta file (malloc'd), or NULL. */
char *pd_store_meta_value(const char *meta, const char *key);

/* ---- the per-policy layout (DESIGN.md) ---- */

#define PD_VERSIONS_PREFIX "refs/heads/versions/"
#define PD_CAPTURES_PREFIX "refs/heads/captures/"
/* The message of the captures commit a rebuild writes (rewrites.c finds
 * rebuilds by it). */
#define PD_REBUILD_SUBJECT "rebuild: texts derived again\n"
/* A capture's stem: <YYYYMMDDhhmmss>-<sha256:16>[-wb<YYYYMMDDhhmmss>] */
#define PD_STEM_MAX 48

/* "refs/heads/versions/<name>" (or captures/) into out. */
int pd_store_ref_name(pd_buf *out, const char *prefix, const char *name);

/* One capture of a policy, from its captures tree. */
typedef struct {
    char stem[PD_STEM_MAX + 1];
    int64_t time;
    char ext[12];
    git_oid raw, text, meta;
    unsigned has_raw : 1, has_text : 1, has_meta : 1;
} pd_cap;

typedef struct {
    pd_cap *v;
    size_t n, cap;
} pd_caps;

/* Every capture of name (sorted by stem, i.e. by time), and the captures
 * ref's tip (*unborn = 1 when the policy has none). */
int pd_caps_load(pd_caps *out, git_oid *tip, int *unborn, pd_store *s, const char *name);
void pd_caps_dispose(pd_caps *c);
/* Parses "<stem>.<suffix>" file names; 0 when name is a capture file. */
int pd_caps_parse_stem(char stem[PD_STEM_MAX + 1], int64_t *time, const char **suffix,
                       const char *fname);
/* "<YYYY>/<MM>/<stem><suffix>" into out. */
int pd_caps_path(pd_buf *out, const char *stem, const char *suffix);

struct pd_store {
    git_repository *repo;
    char *path;      /* the store directory (absolute) */
    char *conf_path; /* <path>/policies.conf */
    int lock_depth;  /* > 0 while this handle holds the lock */
    int lock_fd;     /* 1 + the fd holding flock() on the lock file, 0 when none */
    size_t recreated, dropped;
    char **dirty; /* policies whose view entry is out of date (view.c) */
    size_t ndirty;
    int conf_dirty;
    unsigned records_since_pack;                 /* records since the last packing check */
    int layout_checked;                          /* the first-layout check ran (upgrade.c) */
    size_t upgraded_policies, upgraded_versions; /* what an upgrade by this handle kept */
    char *caps_name;                             /* the captures cached for pd_store_has_capture */
    git_oid caps_tip;
    pd_caps caps;
    char *known_policy;        /* last name pd_store_policy_get found (record skips the check) */
    pd_summarize_fn summarize; /* see pd_store_set_summarizer() */
    void *summarize_payload;
    pd_buf skipped; /* policies.conf sections the last policy list skipped, one a line */
};

/* The versions index of one policy (index.c): a file of fixed-width lines,
 * read whole; entries are looked up in place. */
#define PD_IDX_LINE 144
typedef struct {
    char *data;    /* header line + n entry lines, PD_IDX_LINE bytes each */
    size_t n, cap; /* lines used after the header; lines allocated */
    int mapped;    /* data is a read-only mapping of the file (maplen bytes) */
    size_t maplen;
    git_oid vtip, ctip;              /* versions and captures tips described */
    char last_stem[PD_STEM_MAX + 1]; /* the newest capture's stem when written */
} pd_idx;

/* The index of name, brought up to date with its versions ref (rebuilt from
 * the chain when it does not match, with a zero ctip; saved when this
 * handle holds the lock).  A policy without versions gives an empty index. */
int pd_idx_load(pd_idx *out, pd_store *s, const char *name);
int pd_idx_write_file(pd_store *s, const char *name, const pd_idx *idx);
/* Saves idx, which the file held with old_n entries: the new lines and the
 * header are written in place when the file is as expected, else whole. */
int pd_idx_save(pd_store *s, const char *name, const pd_idx *idx, size_t old_n);
int pd_idx_push(pd_idx *idx, int64_t time, const git_oid *commit, const git_oid *blob,
                const char *stem);
void pd_idx_truncate(pd_idx *idx, size_t n);
void pd_idx_dispose(pd_idx *idx);
int64_t pd_idx_time(const pd_idx *idx, size_t i);
void pd_idx_commit(git_oid *out, const pd_idx *idx, size_t i);
void pd_idx_blob(git_oid *out, const pd_idx *idx, size_t i);
void pd_idx_stem(char out[PD_STEM_MAX + 1], const pd_idx *idx, size_t i);
/* Index of the version in effect at time at, or -1. */
long pd_idx_find(const pd_idx *idx, int64_t at);
/* Index of the first version at or after since. */
size_t pd_idx_lower(const pd_idx *idx, int64_t since);

/* Re-derives name's version chain from its captures (chain.c): the captures
 * sorted by time, a version wherever the text differs from the capture
 * before.  Keeps the common prefix of the old chain, re-creates the rest,
 * moves the versions ref and writes the index.  force allows dropping
 * commits a remote-tracking ref holds.  Counts what changed in *added (new
 * versions), *recreated and *dropped (old commits re-made or gone). */
typedef struct {
    size_t added, recreated, dropped, kept;
} pd_derive_stats;
int pd_chain_derive(pd_derive_stats *st, pd_store *s, const char *name, int force, int dry_run);
/* Appends one version (capture stem, text blob) on top of idx's tip: the
 * fast path when a capture is newer than every other. */
int pd_chain_append(pd_store *s, const char *name, pd_idx *idx, const pd_cap *cap);
/* The commit message of the version made from capture cap. */
int pd_chain_message(pd_buf *out, pd_store *s, const char *name, const pd_cap *cap,
                     const git_oid *prev_blob);

/* main, the view of every policy's current text (view.c): marks name as
 * changed; the view is written when the outermost lock is released (or by
 * pd_view_flush). */
void pd_view_mark(pd_store *s, const char *name);
int pd_view_flush(pd_store *s);

/* Packs loose objects once there are many (pack.c); best effort. */
int pd_pack_maybe(pd_store *s);

/* A store of the first layout (one main, a raw branch) is converted
 * (upgrade.c); 1 when s is of the first layout. */
int pd_upgrade_needed(pd_store *s);
int pd_upgrade_run(size_t *policies, size_t *versions, pd_store *s);
/* Upgrades s when it is of the first layout (takes the lock). */
int pd_upgrade_if_needed(pd_store *s);
/* PD_ECONFLICT when a remote-tracking ref of name's versions holds commit. */
int pd_chain_check_pushed(pd_store *s, const char *name, const git_oid *commit);

/* commit one tree on ref (compare-and-swap from old, NULL for a new ref). */
int pd_store_commit_ref(pd_store *s, const char *ref, const git_oid *old, const git_oid *tree,
                        const git_signature *sig, const char *msg, git_oid *new_id);

/* Removes leftover libgit2 lock files of our refs and config (the caller
 * holds the store lock, so nobody else is writing them). */
void pd_lock_clear_stale_git_locks(pd_store *s);

#endif
