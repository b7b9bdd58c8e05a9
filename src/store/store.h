/*
 * store.h - the snapshot store: every capture and every version of every
 * policy in git (src/store/DESIGN.md has the layout and its reasons).
 *
 * A store is a plain bare git repository (written through libgit2, never
 * by running git) holding, per policy NAME:
 *   refs/heads/captures/NAME  every capture: raw bytes, canonical text and
 *                             details, fanned out by year and month
 *   refs/heads/versions/NAME  the versions, derived from the captures: a
 *                             chain of commits of policies/NAME.md, one per
 *                             change, in capture order; the same captures give
 *                             the same commits whatever order they came in
 * and for everyone: main (a view: every policy's current text and
 * policies.conf, for forges and clones), policies.conf (the watched
 * policies, git-config syntax), pd-index/ (a per-policy cache of the
 * versions) and policydiff.lock (the writers' lock).  A store of the first
 * layout (one main for all policies, a raw branch) is upgraded by the first
 * run that can take the lock.
 *
 * Ownership: pd_store_open/pd_store_init hand back a pd_store the caller
 * frees with pd_store_free(); pd_policy and pd_version arrays returned
 * through out parameters belong to the caller (free with the matching
 * _free function).  Strings inside options are borrowed.
 * Errors: 0 or a negative PD_E* code with pd_error_last() set: PD_ENOTFOUND
 * (no store, unknown policy, no version at that time), PD_EINVALID (bad
 * name), PD_ELOCKED (another run holds the lock), PD_ECONFLICT (would
 * rewrite pushed history without force), PD_EIO (git or file system).
 */
#ifndef PD_STORE_H
#define PD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "normalize/recipe.h"
#include "util/buf.h"

typedef struct pd_store pd_store;

/* A recipe a policy used before its current one (an Open Terms Archive
 * <Service>.history.json entry): in force up to valid_until. */
typedef struct {
    int64_t valid_until; /* seconds since the epoch, inclusive */
    char *url;           /* its fetch URL (a combined document's first page) */
    pd_recipe recipe;
} pd_past_recipe;

typedef struct {
    char *name;
    char *url;
    pd_recipe recipe;        /* select/remove (and range selectors), filters, combined pages */
    char *etag;              /* from the last live fetch, or NULL */
    char *last_modified;     /* from the last live fetch, or NULL */
    char *wayback_url;       /* per-policy Wayback base override, or NULL */
    char *render;            /* "chromium": the page is built by client-side scripts and
                                needs a browser (OTA's executeClientScripts), or NULL */
    char *language;          /* the language asked for (Accept-Language: "fr"), or NULL */
    pd_past_recipe *history; /* earlier recipes, oldest first (valid_until ascending) */
    size_t nhistory;
    int64_t every;        /* the schedule: seconds between two fetches, 0 for every run */
    int64_t last_attempt; /* the last live fetch of a scheduled policy, or 0 */
    int allow_private;    /* 'allow-private = true': may be fetched from internal addresses */
    char *problem;        /* pd_store_policy_list: why the policy cannot be read as written
                             (a bad recipe in policies.conf; its recipe is then empty), or NULL */
} pd_policy;

/* The URL and recipe of p in force at time at: the first earlier recipe
 * whose valid_until is at or after it, else the current one.  Both borrow
 * from p; url may be NULL. */
const pd_recipe *pd_policy_recipe_at(const char **url, const pd_policy *p, int64_t at);

/* A stretch of time and the URL in force then (see pd_policy_spans). */
typedef struct {
    int64_t from, to; /* inclusive */
    const char *url;  /* borrowed from the policy */
} pd_policy_span;

/* The stretches of [from, to] by the URL in force (the policy's history),
 * oldest first, next ones with the same URL joined: where backfill lists
 * the captures of which address.  *out is the caller's to free(); none when
 * from > to. */
int pd_policy_spans(pd_policy_span **out, size_t *n, const pd_policy *p, int64_t from, int64_t to);

/* Earlier recipes from the JSON of an Open Terms Archive history file's
 * entry ([{"validUntil": ISO time, "fetch": URL, "select": ...}, ...]),
 * sorted oldest first, into *out (pd_past_recipes_free).  PD_EINVALID in
 * one line for anything else: not an array, an entry without a readable
 * validUntil or a fetch URL, a bad recipe (pd_recipe_from_ota_json). */
int pd_past_recipes_from_json(pd_past_recipe **out, size_t *n, const char *json, size_t len);
/* The same array written as compact JSON on one line; caller frees *out. */
int pd_past_recipes_to_json(char **out, const pd_past_recipe *h, size_t n);
void pd_past_recipes_free(pd_past_recipe *h, size_t n);

typedef struct {
    char commit[41]; /* hex id of the version's commit (on versions/NAME) */
    char *policy;
    int64_t captured_at; /* seconds since the epoch, UTC */
    char *source;
    char *via;     /* "live", "wayback" or "file" */
    char *summary; /* the change summary, or "" */
    char raw_sha256[65];
    char wayback_ts[15]; /* "" unless recorded from the Wayback Machine */
} pd_version;

/* Checks a language tag as policies.conf and Accept-Language take it: a
 * primary subtag of 1-8 letters, then "-" and subtags of 1-8 letters or
 * digits ("fr", "en-GB", "zh-Hant-TW").  PD_EINVALID with a message. */
int pd_language_check(const char *tag);

/* Checks a policy name: [a-z0-9._-], '/' for grouping, no "..", no leading
 * '/' or '-'.  PD_EINVALID with a message when it is not acceptable. */
int pd_policy_name_check(const char *name);

/* Creates a store in dir (created when missing). PD_EEXISTS if one is there. */
int pd_store_init(pd_store **out, const char *dir);
/* Opens the store in dir (NULL: current directory).  The empty directories
 * git does not keep (objects/, refs/heads/, ...: a store committed into
 * another repository and cloned) are created again when the store's files,
 * HEAD, config and policies.conf, are there. */
int pd_store_open(pd_store **out, const char *dir);
void pd_store_free(pd_store *s);
const char *pd_store_path(const pd_store *s);

/* Takes the store's lock (stale locks of dead processes are broken),
 * waiting up to wait_ms. PD_ELOCKED when another live run holds it. */
int pd_store_lock(pd_store *s, int wait_ms);
void pd_store_unlock(pd_store *s);

int pd_store_policy_add(pd_store *s, const pd_policy *p);
/* Removes name's whole section from policies.conf: every key (unknown ones
 * too), the header, and the blank and indented comment lines under it. */
int pd_store_policy_remove(pd_store *s, const char *name);
int pd_store_policy_get(pd_policy **out, pd_store *s, const char *name);
/* All policies, sorted by name.  A policy whose recipe cannot be read (a
 * hand-edited recipe = line that is not an OTA declaration) is listed with
 * ->problem saying so, so it never hides the others; pd_store_policy_get()
 * of it fails with PD_EINVALID and that message. */
int pd_store_policy_list(pd_policy **out, size_t *n, pd_store *s);
/* Saves the conditional-request validators of the last live fetch, with a
 * fingerprint of the policy's recipe: once select/remove change, the policy
 * is read without them (etag and last_modified NULL), so the next fetch
 * downloads and normalizes the page again instead of answering 304. */
int pd_store_policy_set_validators(pd_store *s, const char *name, const char *etag,
                                   const char *last_modified);
/* Saves at as the last live fetch attempt of every scheduled policy
 * (every > 0) among names (lastattempt in policies.conf, kept like the
 * validators); the others are left alone, so unscheduled stores never
 * change.  Unknown names are skipped. */
int pd_store_policy_set_attempts(pd_store *s, const pd_policy *p, size_t n, int64_t at);
/* The schedule's jitter of a policy: a deterministic share, from the
 * FNV-1a hash of its name, of up to a tenth of every (0 without a
 * schedule), so many policies added at once spread out. */
int64_t pd_policy_jitter(const pd_policy *p);
/* When p is next due into *due: 0 without a schedule (always due); else
 * the later of its last attempt and its newest version's capture time, plus
 * every, minus the jitter (never more than every after the last fetch);
 * 0 as well when it was never fetched.  Errors from reading the store. */
int pd_store_policy_due(int64_t *due, pd_store *s, const pd_policy *p);
void pd_policy_free(pd_policy *p);
void pd_policy_array_free(pd_policy *p, size_t n);

typedef struct {
    const char *policy;
    int64_t captured_at;
    const char *source;     /* URL or file path */
    const char *final_url;  /* where the page was read after redirects, when not source:
                               a Final-URL: line (NULL: none) */
    const char *via;        /* "live", "wayback" or "file" */
    const char *wayback_ts; /* 14-digit timestamp, or NULL */
    const char *summary;    /* one-line change summary, or NULL to compute */
    int force;              /* allow rewriting history that was pushed */
    const char *raw_ext;    /* extension of the raw file ("html", "md"...), NULL: sniff */
    const char *language;   /* the page's language ("fr"), kept as Language:, or NULL */
    const char *browser;    /* the browser that built the page ("chromium 120.0"), or NULL */
} pd_record_options;

#define PD_RECORD_OPTIONS_INIT                                                                     \
    {                                                                                              \
        .policy = NULL, .captured_at = 0, .source = NULL, .final_url = NULL, .via = "file",        \
        .wayback_ts = NULL, .summary = NULL, .force = 0, .raw_ext = NULL, .language = NULL,        \
        .browser = NULL                                                                            \
    }

typedef enum {
    PD_RECORD_UNCHANGED, /* same text as the version in effect: no commit */
    PD_RECORD_COMMITTED, /* a new version (the policy's later versions unchanged) */
    PD_RECORD_INSERTED,  /* a new version in the past; later ones of that policy re-created */
    PD_RECORD_DUPLICATE, /* this exact capture was already recorded */
} pd_record_result;

/*
 * The change summary of a new version: given the text in effect before it
 * (NULL for a policy's first version) and its own text, append one line to
 * out.  The store calls it for every version it commits or re-creates
 * without an explicit summary (the CLI passes the clause diff's headline),
 * so summaries stay right when an older capture is inserted.  Returning
 * non-zero leaves the version without a summary; nothing else fails.
 */
typedef int (*pd_summarize_fn)(pd_buf *out, const char *old_text, size_t old_len,
                               const char *new_text, size_t new_len, void *payload);
void pd_store_set_summarizer(pd_store *s, pd_summarize_fn fn, void *payload);

/* Records a capture of opts->policy: the raw bytes and text (canonical
 * Markdown) on its captures branch, then its versions derived again (a new
 * version when the text differs from the capture before it in time, and
 * from the one after).  Only that policy's chain is rewritten.  Takes the lock
 * itself (waiting PD_STORE_LOCK_WAIT_MS) unless the caller holds it.
 * A capture time more than PD_STORE_FUTURE_SLACK seconds ahead of the clock
 * is refused (PD_EINVALID): a version dated in the future would shadow every
 * real capture until then. */
#define PD_STORE_FUTURE_SLACK (36 * 3600)

int pd_store_record(pd_record_result *result, pd_store *s, const pd_record_options *opts,
                    const char *raw, size_t rawlen, const char *text, size_t textlen);

/* After a PD_RECORD_INSERTED result: how many later versions of that policy
 * were re-created and how many were dropped (no longer a change). */
void pd_store_last_rewrite(size_t *recreated, size_t *dropped, const pd_store *s);

/* How long record and the CLI wait for another run's lock. */
#define PD_STORE_LOCK_WAIT_MS 5000

/* Adds p, or replaces the policy of that name when there is one. */
int pd_store_policy_replace(pd_store *s, const pd_policy *p);

/* One version's details (no text): the commit on main that is name's
 * version in effect at time at.  PD_ENOTFOUND when there is none. */
int pd_store_version_at(pd_version *out, pd_store *s, const char *name, int64_t at);
void pd_version_dispose(pd_version *v);

/* Open Terms Archive service declarations: store/ota.h. */
/* Lowercase ASCII slug of s ("Terms of Service" -> "terms-of-service");
 * caller frees; NULL when nothing is left or out of memory. */
char *pd_ota_slug(const char *s);

/* The text of the version of name in effect at time at (appended to out). */
int pd_store_show(pd_buf *out, pd_version *version, pd_store *s, const char *name, int64_t at);

/* Versions, oldest first; name NULL for all policies; since/until inclusive
 * (INT64_MIN / INT64_MAX for no bound). */
int pd_store_log(pd_version **out, size_t *n, pd_store *s, const char *name, int64_t since,
                 int64_t until);
void pd_version_array_free(pd_version *v, size_t n);

/* The capture time of the newest version of name that a remote-tracking
 * ref (refs/remotes/R/versions/NAME, from `git fetch` or `policydiff pull`)
 * holds, in *until (INT64_MIN when none was pushed), and that ref's name in
 * remote (may be NULL).  Recording a capture older than *until that changes
 * the text would rewrite pushed history (refused without force). */
int pd_store_pushed_until(int64_t *until, char *remote, size_t size, pd_store *s, const char *name);

/* The id of name's newest version commit (the tip of versions/NAME) as 40
 * hex digits in out, or "" when it has none.  It changes whenever any of
 * name's versions does (an insertion into the past re-creates the later
 * ones), so a cache keyed on it is right.  Returns 0 or PD_EIO. */
int pd_store_policy_tip(char out[41], pd_store *s, const char *name);

/* Every policy with versions (sorted; the names belong to the caller, free
 * with pd_store_names_free). */
int pd_store_policy_names(char ***out, size_t *n, pd_store *s);
void pd_store_names_free(char **names, size_t n);

/* A store of the first layout is upgraded (under the lock) before it is
 * read or written; 0 when the store is (now) of this layout.  After it,
 * pd_store_upgraded() says what this handle's upgrade kept (returns 1 when
 * it upgraded). */
int pd_store_layout_check(pd_store *s);
int pd_store_upgraded(size_t *policies, size_t *versions, const pd_store *s);

/* Writes main (the view of every policy's newest text and policies.conf)
 * again from the version chains, e.g. after refs came in from a remote.
 * Takes the lock. */
int pd_store_view_refresh(pd_store *s);

/* Packs the store's loose objects (all: everything reachable into one pack,
 * removing the others).  Writers do it by themselves as the store grows. */
int pd_store_pack(pd_store *s, int all);

/* ---- rebuild: versions derived again from the raw captures ---- */

typedef struct {
    int64_t captured_at;
    const char *ext;        /* of the raw file: "html", "pdf", "md", ... */
    const char *source;     /* "" when unknown */
    const char *via;        /* "live", "wayback" or "file" */
    const char *wayback_ts; /* or NULL */
} pd_capture_info;

/* Derives one capture's text from its raw bytes into text.  prev is the
 * text accepted for the capture before it (NULL for the first), for the
 * guard.  Returns 0 with the text, 1 when the capture is refused (it then
 * gives no version), or a negative PD_E* code to stop. */
typedef int (*pd_rederive_fn)(pd_buf *text, const pd_capture_info *cap, const char *raw,
                              size_t rawlen, const char *prev, size_t prevlen, void *payload);

typedef struct {
    int force;   /* rewrite versions a remote already holds */
    int dry_run; /* count, write nothing */
} pd_rebuild_options;

#define PD_REBUILD_OPTIONS_INIT                                                                    \
    {                                                                                              \
        .force = 0, .dry_run = 0                                                                   \
    }

typedef struct {
    size_t captures;                  /* raw captures derived again */
    size_t refused;                   /* of which refused */
    size_t texts_changed;             /* captures whose text changed */
    size_t added, removed, unchanged; /* versions */
} pd_rebuild_stats;

/* Derives every raw capture of name again with fn and re-derives its
 * versions.  PD_ECONFLICT (nothing written) when versions a remote holds
 * would change, unless o->force. */
int pd_store_rebuild(pd_rebuild_stats *out, pd_store *s, const char *name,
                     const pd_rebuild_options *o, pd_rederive_fn fn, void *payload);

/* When a rebuild last rewrote the text of a capture: the capture's time and
 * the rebuild's (the time of its commit on the captures branch). */
typedef struct {
    int64_t captured_at, at;
} pd_text_rewrite;

/* Every capture of name whose text a rebuild changed, added or removed (a
 * capture now refused), with the time of the newest such rebuild, sorted by
 * capture time; *out (free() it) is NULL and *n 0 when none.  Read from the
 * captures branch's first-parent history (the rebuild commits only), so the
 * same store always gives the same answer and clones agree. */
int pd_store_text_rewrites(pd_text_rewrite **out, size_t *n, pd_store *s, const char *name);

/* Wayback captures refused as suspicious (an error page, a bot wall, half
 * the clauses gone) are remembered per policy, so a scheduled backfill does
 * not download them again and fail forever: note one (14-digit timestamp),
 * or ask whether one was refused before (1) or not (0).  The caller holds the
 * lock for a note.  Returns 0 or PD_EINVALID / PD_EIO. */
int pd_store_refused_note(pd_store *s, const char *name, const char *wayback_ts, const char *why);
int pd_store_refused_had(pd_store *s, const char *name, const char *wayback_ts);

/* What the last policy list left out of policies.conf: sections (a name
 * that is not a valid policy name, no url) and unknown keys (a typo such as
 * "remvoe"), one "policy \"X\": why" a line; NULL when none.  Owned by the
 * store, valid until the next list. */
const char *pd_store_skipped(const pd_store *s);

/* The times of the first and last raw captures kept for name (every
 * recorded capture, changed or not); INT64_MIN for both when there is none.
 * Returns 0, or a PD_E* code when the raw branch cannot be read. */
int pd_store_capture_times(int64_t *first, int64_t *last, pd_store *s, const char *name);

/* True (1) when a capture with this Wayback timestamp or raw SHA-256 was
 * already recorded for name (either may be NULL); 0 when not. */
int pd_store_has_capture(pd_store *s, const char *name, const char *wayback_ts,
                         const char *raw_sha256);

#endif
