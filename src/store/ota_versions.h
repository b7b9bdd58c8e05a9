/*
 * ota_versions.h - the history of an Open Terms Archive versions repository,
 * one document at a time.
 *
 * An OTA versions repository is a git repository whose files are
 * <Service>/<Terms type>.md (OTA's extracted Markdown), one commit per new
 * version of one document (a few commits touch several).  The walk reads
 * the history of its HEAD (libgit2, no git process), finds the .md files
 * each commit added or changed (against its first parent), and hands every
 * such version to a callback grouped by document (documents sorted by
 * path), each document's versions oldest first (commit time, then history
 * order), so a caller recording them takes the store's fast path.
 * Deletions and files outside <Service>/ are not versions and are skipped.
 *
 * No printing.  Ownership: everything in a pd_ota_version is borrowed for
 * the callback only.  Errors: 0, a negative PD_E* code with pd_error_last()
 * set (PD_EINVALID: not a git repository or no commit; PD_EIO: git could
 * not read it; PD_ENOMEM), or the callback's own non-zero return, passed
 * back unchanged (it stops the walk).
 */
#ifndef PD_OTA_VERSIONS_H
#define PD_OTA_VERSIONS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *service;    /* "GitHub" (the directory) */
    const char *terms_type; /* "Privacy Policy" (the file name without .md) */
    const char *path;       /* "GitHub/Privacy Policy.md" */
    char commit[41];        /* hex id of the OTA commit that recorded it */
    int64_t time;           /* the commit's (author) time, seconds since the epoch */
    const char *raw;        /* the file's bytes at that commit */
    size_t rawlen;
    size_t nth, versions;       /* 0-based place in its document's history; its length */
    size_t document, documents; /* 0-based index of its document; how many there are */
} pd_ota_version;

typedef int (*pd_ota_version_fn)(const pd_ota_version *v, void *payload);

typedef struct {
    const char *const *only; /* these services only: their directory names (any
                                case) or pd_ota_slug()s (pd_ota_service_wanted) */
    size_t nonly;            /* 0: every service */
} pd_ota_walk_options;

#define PD_OTA_WALK_OPTIONS_INIT                                                                   \
    {                                                                                              \
        .only = NULL, .nonly = 0                                                                   \
    }

typedef struct {
    size_t commits;   /* commits read */
    size_t documents; /* documents with at least one version (after only) */
    size_t versions;  /* versions handed to the callback */
} pd_ota_walk_stats;

/* Walks the versions repository at repo (a bare or a non-bare repository;
 * a bundle must be cloned first: git clone --mirror BUNDLE DIR) and calls
 * fn for each version as described above.  stats (may be NULL) is filled
 * as far as the walk went. */
int pd_ota_versions_walk(pd_ota_walk_stats *stats, const char *repo, const pd_ota_walk_options *o,
                         pd_ota_version_fn fn, void *payload);

#endif
