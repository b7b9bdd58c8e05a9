/*
 * ota.h - Open Terms Archive service declarations into policies.
 *
 * A service declaration is <Service>.json, {"name": "GitHub", "terms":
 * {"Privacy Policy": {"fetch": URL, "select": ..., "remove": ..., "filter":
 * ..., "executeClientScripts": true, "combine": [...]}, ...}} ("documents"
 * before OTA's engine 5), beside it <Service>.history.json with the earlier
 * recipes of each terms type ({"Privacy Policy": [{"validUntil": TIME,
 * "fetch": ..., ...}]}) and <Service>.filters.js (JavaScript, never run).
 * Each terms type is one policy, <service>/<terms-type> (slugs, see
 * pd_ota_slug): the service is the file's name (OTA's service id, which also
 * names the folders of its versions repository), or the declared name when
 * there is no file name.  The policy holds the document's URL (a combined
 * document's first page), its recipe, render = chromium when it needs
 * client-side scripts, and its earlier recipes.
 *
 * What cannot be imported is told apart from what is wrong:
 *   - a terms type policydiff cannot follow is skipped with a reason
 *     (pd_ota_skip_reason) and a line saying why; the others are imported;
 *   - bad input (not JSON, an unknown key, a value of the wrong type, a
 *     selector that can never work, a URL that is not http(s), a history
 *     entry without validUntil) makes the whole file PD_EINVALID, with a
 *     one-line message naming the file's part and what to do.
 *
 * No printing.  Ownership: a pd_ota_service owns everything in it (free
 * with pd_ota_service_dispose(); safe on PD_OTA_SERVICE_INIT and after a
 * failure).  Errors: 0, PD_EINVALID (above), PD_ENOMEM, PD_EIO (a file that
 * cannot be read), PD_ENOTFOUND (no declarations in a folder).
 */
#ifndef PD_OTA_H
#define PD_OTA_H

#include <stddef.h>

#include "store/store.h"

typedef enum {
    PD_OTA_SKIP_CSS,   /* a selector is valid CSS the selector engine lacks */
    PD_OTA_SKIP_NAME,  /* the terms type or service makes no policy name */
    PD_OTA_SKIP_ENDED, /* only in a history file: Open Terms Archive stopped tracking it */
    PD_OTA_SKIP_TWICE, /* another declaration of this import makes the same policy */
    PD_OTA_SKIP_REASONS
} pd_ota_skip_reason;

typedef struct {
    char *terms; /* the terms type as declared */
    pd_ota_skip_reason reason;
    char *why; /* one line */
} pd_ota_skip;

typedef struct {
    char *service;       /* the service id (file name) or declared name */
    pd_policy *policies; /* one per terms type imported, in the declaration's order */
    size_t npolicies;
    pd_ota_skip *skipped;
    size_t nskipped;
} pd_ota_service;

#define PD_OTA_SERVICE_INIT                                                                        \
    {                                                                                              \
        .service = NULL, .policies = NULL, .npolicies = 0, .skipped = NULL, .nskipped = 0          \
    }

/*
 * Reads one service declaration (json, len) and its history file (history,
 * hlen; NULL when there is none) into out.  id is the service id (the file
 * name without .json), or NULL to use the declared name.  name_override
 * (--name) replaces the service part of the names; a single document
 * declaration ({"fetch": ...}) needs it as its whole policy name.  A history
 * without a declaration (json NULL) gives only skipped terms types.
 */
int pd_ota_read_service(pd_ota_service *out, const char *json, size_t len, const char *history,
                        size_t hlen, const char *id, const char *name_override);
void pd_ota_service_dispose(pd_ota_service *s);

/* What an imported policy uses that policydiff does not do in full yet, or
 * does its own way (a bit set, for the import's summary). */
enum {
    PD_OTA_NOTE_RENDER = 1 << 0,         /* render = chromium: rendered by chromium */
    PD_OTA_NOTE_PDF = 1 << 1,            /* a .pdf: read as a PDF */
    PD_OTA_NOTE_COMBINE = 1 << 2,        /* several pages combined into one document */
    PD_OTA_NOTE_RANGE = 1 << 3,          /* range selectors */
    PD_OTA_NOTE_HISTORY = 1 << 4,        /* earlier recipes */
    PD_OTA_NOTE_FILTER_NATIVE = 1 << 5,  /* filters done natively (or without effect) */
    PD_OTA_NOTE_FILTER_SKIPPED = 1 << 6, /* filters that cannot run: skipped */
};
unsigned pd_ota_notes(const pd_policy *p);
/* The names of p's filters (current recipe and its pages) that cannot run,
 * ", " between them, appended to out. */
void pd_ota_skipped_filters(pd_buf *out, const pd_policy *p);
/* 1 when url's path ends in ".pdf" (any case). */
int pd_ota_is_pdf_url(const char *url);

/* ---- files ---- */

typedef struct {
    char *id;          /* the service id: the file name without .json */
    char *declaration; /* path of <id>.json, or NULL (a history file alone) */
    char *history;     /* path of <id>.history.json, or NULL */
} pd_ota_file;

/*
 * The declarations named by paths (files and folders), sorted by id: a
 * folder gives each <id>.json in it with its <id>.history.json; a file
 * <id>.json comes with the history file beside it; a history file given
 * joins its declaration (alone, it gives a history without a declaration).
 * Other files (<id>.filters.js, ...) are counted in *ignored.  A path that
 * is neither a readable file nor a folder is PD_EINVALID; a folder without
 * declarations PD_ENOTFOUND.  Free with pd_ota_files_free().
 */
int pd_ota_files(pd_ota_file **out, size_t *n, size_t *ignored, const char *const *paths,
                 size_t npaths);
void pd_ota_files_free(pd_ota_file *f, size_t n);

/* 1 when the service id (a declaration's file name, a versions
 * repository's folder) is one of only[0..nonly), in any case or as a slug
 * (so "honkai-star-rail" names "Honkai- Star Rail"); 1 as well when nonly
 * is 0. */
int pd_ota_service_wanted(const char *id, const char *const *only, size_t nonly);

#endif
