/* policydiff import-ota: policies from Open Terms Archive declarations, and
 * histories from an OTA versions repository (--versions). */
#include "cli/cli_store.h"
#include "ingest/ingest.h"
#include "store/ota.h"
#include "store/ota_versions.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "usage: policydiff import-ota [--only SERVICE]... [--name NAME] DECLARATIONS...\n"
    "       policydiff import-ota --versions REPO [--only SERVICE]... [--guard]\n"
    "                             [DECLARATIONS...]\n"
    "\n"
    "Adds one policy per terms type of each Open Terms Archive service declaration\n"
    "(<Service>.json: {\"name\": ..., \"terms\": {\"Privacy Policy\": {\"fetch\": ...,\n"
    "\"select\": ...}}}, or \"documents\" as before OTA's engine 5), named\n"
    "<service>/<terms-type> after the file (e.g. github/privacy-policy), with the\n"
    "document's URL, selectors (range selectors included), filters and combined\n"
    "pages, and the earlier recipes of <Service>.history.json beside it (the one in\n"
    "force at a capture's date is used by record, backfill and rebuild).\n"
    "DECLARATIONS are files or folders (a folder: every <Service>.json in it).\n"
    "A policy already in the store is updated (its wayback setting kept); one\n"
    "whose declaration did not change is left alone.  Policies added or updated\n"
    "are printed, then a summary of what was imported and skipped, and why.\n"
    "\n"
    "A page built by scripts (executeClientScripts) gets render = chromium: fetch\n"
    "and check render it in headless chromium (backfill with --render).  A PDF\n"
    "is read as a PDF (headings, paragraphs, lists).  JavaScript filters cannot\n"
    "run: the common ones that only remove elements are done natively, the\n"
    "others are listed and skipped.  A terms type that cannot be followed\n"
    "(CSS the selector engine lacks, one only in a history file) is skipped with\n"
    "its reason; the others are imported.\n"
    "Bad input (not JSON, an unknown key, a selector that can never work, a\n"
    "URL that is not http(s)) is refused: every bad file is named and nothing is\n"
    "written.\n"
    "\n"
    "With --versions, records the history of an Open Terms Archive versions\n"
    "repository (files <Service>/<Terms type>.md, one commit per new version): one\n"
    "policy per document, one capture per commit that touched it, captured at the\n"
    "commit's date, read as Markdown as record reads a .md file, with source\n"
    "ota:<repo>@<commit> (via file).  Each document's history is recorded oldest\n"
    "first.  Every version OTA recorded with some text is recorded (OTA chose\n"
    "it); with --guard the garbage detector judges each against the version\n"
    "before it, as record does, and leaves out what it refuses.  Two documents\n"
    "whose names make one policy (a service renamed from Tp-link to TP-Link) give\n"
    "one history.  A policy missing from the store is added with the placeholder URL\n"
    "https://ota.invalid/<name> (give DECLARATIONS too, or add the policy\n"
    "first, for its real URL); an existing policy is kept as it is.  Importing\n"
    "again adds nothing.  REPO is a bare or non-bare git repository; clone a\n"
    "bundle first (git clone --mirror contrib-versions.bundle DIR).\n"
    "\n"
    "  --only SERVICE    only that service (its file or folder name, any case, or\n"
    "                    its slug such as github); repeat it or give a comma list\n"
    "  --name NAME       the service part of the names (for a single document\n"
    "                    declaration {\"fetch\": ...}: the whole policy name)\n"
    "  --versions REPO   import the history of an OTA versions repository\n"
    "  --guard           leave out versions the garbage detector refuses (a bot\n"
    "                    wall, more than half the clauses gone...), as record does\n"
    "\n"
    "Exit codes: 0 imported (terms types skipped for a feature policydiff lacks\n"
    "included: the summary says which and why), 2 bad arguments or bad input (a\n"
    "declaration that is not JSON, has an unknown key or a selector that can\n"
    "never work; not a repository; no such service): nothing written, 4 the\n"
    "store is locked, 5 internal error.\n"
    "\n"
    "Examples:\n"
    "  policydiff import-ota declarations/GitHub.json\n"
    "  policydiff import-ota declarations/ --only GitHub,Ikea\n"
    "  git clone --mirror contrib-versions.bundle ota-versions.git\n"
    "  policydiff import-ota --versions ota-versions.git --only GitHub\n";

#define MAX_DECLARATION (8 << 20)

/* What a declarations import read and did, for the summary. */
typedef struct {
    pd_ota_file *files; /* the declaration files named */
    size_t nfiles;
    pd_ota_service *svc; /* one per declaration file wanted (or stdin) */
    const char **path;   /* its file (in files), for messages */
    size_t n;
    pd_policy *have; /* the store's policies before the import, sorted by name */
    size_t nhave;
    size_t ignored, bad;
    size_t added, updated, unchanged;
    size_t skipped[PD_OTA_SKIP_REASONS];
    size_t notes[8]; /* per PD_OTA_NOTE_* bit */
} decl_import;

/* Reads one declaration (and its history) into im->svc[im->n]; bad input
 * is said on stderr and counted, and the import goes on reading. */
static int read_one(decl_import *im, const char *path, const char *hpath, const char *id,
                    const char *name)
{
    pd_buf data = PD_BUF_INIT, hist = PD_BUF_INIT;
    pd_ota_service *svc = &im->svc[im->n];
    int rc = 0;

    im->path[im->n] = path ? path : hpath;
    if ((path && (rc = pd_cli_read_input(&data, path, MAX_DECLARATION))) ||
        (hpath && (rc = pd_cli_read_input(&hist, hpath, MAX_DECLARATION))) ||
        (rc = pd_ota_read_service(svc, path ? pd_buf_cstr(&data) : NULL, data.len,
                                  hpath ? pd_buf_cstr(&hist) : NULL, hist.len, id, name))) {
        fprintf(stderr, "policydiff import-ota: %s: %s\n",
                rc == PD_EINVALID && hpath && !path ? hpath : im->path[im->n], pd_error_last());
        im->bad++;
        rc = rc == PD_EINVALID ? 0 : rc;
    } else {
        im->n++;
    }
    pd_buf_dispose(&data);
    pd_buf_dispose(&hist);
    return rc;
}

/* Reads every declaration named (files, folders, '-'), as --only wants.
 * Returns 0 or the exit code. */
static int read_all(decl_import *im, char **paths, int npaths, const char *const *only,
                    size_t nonly, const char *name)
{
    const char **named = calloc((size_t)npaths + 1, sizeof(*named));
    size_t nnamed = 0, wanted = 0;
    int rc = 0, exit_code = PD_EXIT_OK, stdin_given = 0;

    if (!named)
        return pd_cli_fail(PD_ENOMEM, NULL);
    for (int i = 0; i < npaths; i++) {
        if (!strcmp(paths[i], "-"))
            stdin_given = 1;
        else
            named[nnamed++] = paths[i];
    }
    if ((rc = pd_ota_files(&im->files, &im->nfiles, &im->ignored, named, nnamed))) {
        fprintf(stderr, "policydiff import-ota: %s\n", pd_error_last());
        exit_code = pd_cli_exit_code(rc);
        goto out;
    }
    im->svc = calloc(im->nfiles + 1, sizeof(*im->svc));
    im->path = calloc(im->nfiles + 1, sizeof(*im->path));
    if (!im->svc || !im->path) {
        exit_code = pd_cli_fail(PD_ENOMEM, NULL);
        goto out;
    }
    if (stdin_given && !(rc = read_one(im, "-", NULL, NULL, name)))
        wanted++;
    for (size_t i = 0; i < im->nfiles && !rc; i++) {
        const pd_ota_file *f = &im->files[i];
        if (!pd_ota_service_wanted(f->id, only, nonly))
            continue;
        wanted++;
        rc = read_one(im, f->declaration, f->history, f->id, name);
    }
    if (rc)
        exit_code = pd_cli_fail(rc, NULL);
    else if (!wanted)
        exit_code = pd_cli_usage("import-ota", "no declaration of %s%s among those given", only[0],
                                 nonly > 1 ? " or the other --only services" : "");
out:
    free(named);
    return exit_code;
}

/* 1 when p and q would be written the same (URL, recipe, render, history;
 * the recipe's own fetch is the URL, and policies.conf does not keep it). */
static int same_policy(const pd_policy *p, const pd_policy *q)
{
    char *a = NULL, *b = NULL, *ha = NULL, *hb = NULL;
    pd_recipe pr = p->recipe, qr = q->recipe;
    pr.fetch = qr.fetch = NULL;
    int same = !strcmp(p->url, q->url) && !p->render == !q->render &&
               (!p->render || !strcmp(p->render, q->render)) && p->nhistory == q->nhistory &&
               !pd_recipe_to_ota_json(&a, &pr) && !pd_recipe_to_ota_json(&b, &qr) &&
               !strcmp(a, b) && !pd_past_recipes_to_json(&ha, p->history, p->nhistory) &&
               !pd_past_recipes_to_json(&hb, q->history, q->nhistory) && !strcmp(ha, hb);
    free(a);
    free(b);
    free(ha);
    free(hb);
    return same;
}

/* The notes of an added or updated policy, after its line. */
static void print_notes(const pd_policy *p, unsigned notes)
{
    pd_buf skipped = PD_BUF_INIT;
    const char *sep = " [";
    if (notes & PD_OTA_NOTE_RENDER)
        printf("%srender = chromium: built by scripts, rendered by chromium", sep), sep = "; ";
    if (notes & PD_OTA_NOTE_PDF)
        printf("%sPDF", sep), sep = "; ";
    if (notes & PD_OTA_NOTE_COMBINE)
        printf("%s%zu pages combined", sep, p->recipe.npages), sep = "; ";
    if (notes & PD_OTA_NOTE_HISTORY)
        printf("%s%zu earlier recipe%s", sep, p->nhistory, p->nhistory == 1 ? "" : "s"), sep = "; ";
    pd_ota_skipped_filters(&skipped, p);
    if (skipped.len)
        printf("%sfilters skipped (JavaScript): %s", sep, pd_buf_cstr(&skipped)), sep = "; ";
    if (*sep == ';')
        putchar(']');
    pd_buf_dispose(&skipped);
}

static int cmp_policy_name(const void *key, const void *elem)
{
    return strcmp(key, ((const pd_policy *)elem)->name);
}

/* Adds, updates or leaves alone one policy; counts it. */
static int write_policy(decl_import *im, pd_store *s, pd_policy *p)
{
    const pd_policy *old =
        im->nhave ? bsearch(p->name, im->have, im->nhave, sizeof(*im->have), cmp_policy_name)
                  : NULL;
    unsigned notes = pd_ota_notes(p);
    int rc;

    for (int bit = 0; bit < 8; bit++)
        im->notes[bit] += (notes >> bit) & 1;
    if (old && same_policy(old, p)) {
        im->unchanged++;
        return PD_EXIT_OK;
    }
    if (old) { /* kept: the wayback base, allow-private, the language, the validators
                  (checked against the recipe) and the schedule */
        p->wayback_url = old->wayback_url;
        p->language = old->language;
        p->etag = old->etag;
        p->last_modified = old->last_modified;
        p->every = old->every;
        p->last_attempt = old->last_attempt;
        p->allow_private = old->allow_private;
    }
    rc = pd_store_policy_replace(s, p);
    p->wayback_url = p->language = p->etag = p->last_modified = NULL;
    if (rc)
        return pd_cli_fail(rc, NULL);
    printf("%s %s (%s)", old ? "updated" : "added", p->name, p->url);
    print_notes(p, notes);
    putchar('\n');
    *(old ? &im->updated : &im->added) += 1;
    return PD_EXIT_OK;
}

/* 1 when an earlier service of this import already made the policy name. */
static int made_before(const decl_import *im, size_t upto, size_t k, const char *name)
{
    for (size_t i = 0; i <= upto; i++)
        for (size_t j = 0; j < (i == upto ? k : im->svc[i].npolicies); j++)
            if (!strcmp(im->svc[i].policies[j].name, name))
                return 1;
    return 0;
}

static const char *const skip_names[PD_OTA_SKIP_REASONS] = {
    [PD_OTA_SKIP_CSS] = "CSS the selector engine does not support",
    [PD_OTA_SKIP_NAME] = "no policy name can be made",
    [PD_OTA_SKIP_ENDED] = "no longer tracked (only in a history file)",
    [PD_OTA_SKIP_TWICE] = "a policy name another declaration makes",
};

/* Writes every policy read, says what was skipped; returns the exit code. */
static int write_all(decl_import *im, pd_store *s)
{
    int exit_code = PD_EXIT_OK, rc;
    /* read once: a lookup per policy would parse policies.conf each time */
    if ((rc = pd_store_policy_list(&im->have, &im->nhave, s)))
        return pd_cli_fail(rc, NULL);
    for (size_t i = 0; i < im->n && !exit_code; i++) {
        pd_ota_service *svc = &im->svc[i];
        for (size_t k = 0; k < svc->nskipped; k++) {
            fprintf(stderr, "policydiff import-ota: %s: skipped \"%s\": %s\n", im->path[i],
                    svc->skipped[k].terms, svc->skipped[k].why);
            im->skipped[svc->skipped[k].reason]++;
        }
        for (size_t k = 0; k < svc->npolicies && !exit_code; k++) {
            if (made_before(im, i, k, svc->policies[k].name)) {
                fprintf(stderr,
                        "policydiff import-ota: %s: skipped %s: an earlier declaration of this "
                        "import makes the same policy\n",
                        im->path[i], svc->policies[k].name);
                im->skipped[PD_OTA_SKIP_TWICE]++;
                continue;
            }
            exit_code = write_policy(im, s, &svc->policies[k]);
        }
    }
    return exit_code;
}

/* The summary on stdout: counts, the skipped by reason, what the imported use. */
static void summarize(const decl_import *im)
{
    static const char *const note_names[8] = {"render = chromium",          "PDF",
                                              "several pages combined",     "range selectors",
                                              "earlier recipes (history)",  "filters done natively",
                                              "JavaScript filters skipped", NULL};
    size_t skipped = 0, imported = im->added + im->updated + im->unchanged;
    const char *sep = "skipped: ";
    for (int r = 0; r < PD_OTA_SKIP_REASONS; r++)
        skipped += im->skipped[r];
    printf("import-ota: %zu terms types in %zu declarations: %zu imported (%zu added, %zu "
           "updated, %zu unchanged), %zu skipped\n",
           imported + skipped, im->n, imported, im->added, im->updated, im->unchanged, skipped);
    for (int r = 0; r < PD_OTA_SKIP_REASONS; r++)
        if (im->skipped[r])
            printf("%s%s %zu", sep, skip_names[r], im->skipped[r]), sep = ", ";
    if (*sep == ',')
        putchar('\n');
    sep = "imported with: ";
    for (int bit = 0; note_names[bit]; bit++)
        if (im->notes[bit])
            printf("%s%s %zu", sep, note_names[bit], im->notes[bit]), sep = ", ";
    if (*sep == ',')
        putchar('\n');
}

/* Adds or updates one policy per terms type of each declaration; the store
 * is locked.  Every file is read and checked before anything is written. */
static int import_declarations(pd_store *s, char **paths, int npaths, const char *const *only,
                               size_t nonly, const char *name)
{
    decl_import im;
    int exit_code;

    memset(&im, 0, sizeof(im));
    if ((exit_code = read_all(&im, paths, npaths, only, nonly, name)))
        goto out;
    if (im.bad) {
        fprintf(stderr,
                "policydiff import-ota: %zu declaration%s refused as bad input (above); nothing "
                "was imported: fix %s, or leave %s out with --only\n",
                im.bad, im.bad == 1 ? "" : "s", im.bad == 1 ? "it" : "them",
                im.bad == 1 ? "it" : "them");
        exit_code = PD_EXIT_USAGE;
        goto out;
    }
    exit_code = write_all(&im, s);
    if (!exit_code)
        summarize(&im);
out:
    for (size_t i = 0; i < im.n; i++)
        pd_ota_service_dispose(&im.svc[i]);
    free(im.svc);
    free(im.path);
    pd_ota_files_free(im.files, im.nfiles);
    pd_policy_array_free(im.have, im.nhave);
    return exit_code;
}

/* ---- --versions: an OTA versions repository's histories ---- */

typedef struct {
    pd_store *s;
    int guard;
    char repo_name[128]; /* for the source: ota:<repo_name>@<commit> */
    char *policy;        /* the current document's policy, NULL: skipped */
    pd_buf prev;         /* the text of its last version recorded (the guard's reference) */
    int has_prev;
    pd_buf text, source;
    size_t documents, new_policies, skipped_documents;
    size_t read, committed, unchanged, duplicates, refused, doubted, empty, failed;
    char **names; /* the policies of the documents so far, to tell of two in one */
    size_t nnames;
    time_t progress_at;
    int exit_code; /* set when the walk was stopped */
} versions_import;

/* "ota-versions" for /tmp/ota-versions.git/, "cv" for cv/.git */
static void repo_name_of(char *out, size_t size, const char *path)
{
    char *abs = realpath(path, NULL), *p, *base;
    size_t len;
    snprintf(out, size, "%s", "versions");
    if (!abs)
        return;
    len = strlen(abs);
    while (len > 1 && abs[len - 1] == '/')
        abs[--len] = '\0';
    if (len > 5 && !strcmp(abs + len - 5, "/.git")) {
        len -= 5;
        abs[len] = '\0';
    }
    base = (p = strrchr(abs, '/')) ? p + 1 : abs;
    len = strlen(base);
    if (len > 4 && !strcmp(base + len - 4, ".git"))
        base[len - 4] = '\0';
    if (*base)
        snprintf(out, size, "%s", base);
    free(abs);
}

/* The policy of a document's first version: named, and in policies.conf. */
static int start_document(versions_import *im, const pd_ota_version *v)
{
    char *service = pd_ota_slug(v->service), *terms = pd_ota_slug(v->terms_type);
    pd_policy *old = NULL;
    pd_buf url = PD_BUF_INIT;
    int rc = 0;

    free(im->policy);
    im->policy = NULL;
    pd_buf_clear(&im->prev);
    im->has_prev = 0;
    im->documents++;
    if (service && terms) {
        size_t n = strlen(service) + strlen(terms) + 2;
        if (!(im->policy = malloc(n))) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
        snprintf(im->policy, n, "%s/%s", service, terms);
    }
    if (!im->policy || pd_policy_name_check(im->policy)) {
        if (!service || !terms)
            pd_error_set(PD_EINVALID, "no policy name can be made of it");
        fprintf(stderr, "policydiff import-ota: %s: skipped: %s\n", v->path, pd_error_last());
        free(im->policy);
        im->policy = NULL;
        im->skipped_documents++;
        goto out;
    }
    for (size_t i = 0; i < im->nnames; i++)
        if (!strcmp(im->names[i], im->policy)) {
            /* a renamed service (Tp-link, then TP-Link): one history, in time order */
            fprintf(stderr,
                    "policydiff import-ota: %s: an earlier document also makes %s; their "
                    "versions are recorded as one history\n",
                    v->path, im->policy);
            break;
        }
    {
        char **nn = realloc(im->names, (im->nnames + 1) * sizeof(*nn));
        if (!nn || !(nn[im->nnames] = strdup(im->policy))) {
            if (nn)
                im->names = nn;
            rc = PD_ENOMEM_SET();
            goto out;
        }
        im->names = nn;
        im->nnames++;
    }
    rc = pd_store_policy_get(&old, im->s, im->policy);
    if (rc == PD_ENOTFOUND) {
        pd_policy p = {0};
        pd_buf_printf(&url, "https://ota.invalid/%s", im->policy);
        if ((rc = pd_buf_error(&url)))
            goto out;
        p.name = im->policy;
        p.url = url.ptr;
        if ((rc = pd_store_policy_add(im->s, &p)))
            goto out;
        im->new_policies++;
    }
out:
    pd_policy_free(old);
    pd_buf_dispose(&url);
    free(service);
    free(terms);
    return rc;
}

/* Derives v's text into im->text, as record reads a .md file.  0 to record
 * it (*doubted: the guard doubts it), 1 to skip it (counted), else an error
 * code that stops the import (im->exit_code set). */
static int derive_version(int *doubted, versions_import *im, const pd_ota_version *v,
                          const char *iso)
{
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;
    int rc;

    pd_buf_clear(&im->text);
    in.raw = v->raw;
    in.rawlen = v->rawlen;
    in.kind = PD_INPUT_MARKDOWN;
    in.previous = im->has_prev ? pd_buf_cstr(&im->prev) : NULL;
    in.prevlen = im->has_prev ? im->prev.len : 0;
    rc = pd_ingest_derive(&im->text, &rep, &in);
    if (rc == PD_ESUSPICIOUS && !rep.extracted) {
        im->empty++;
        return 1;
    }
    if (rc == PD_ESUSPICIOUS && im->guard) {
        if (im->refused++ < 20)
            fprintf(stderr,
                    "policydiff import-ota: %s: version of %s (%.12s) refused as suspicious: "
                    "%s; not recorded\n",
                    im->policy, iso, v->commit, rep.reason);
        return 1;
    }
    *doubted = rc == PD_ESUSPICIOUS; /* OTA recorded it: so does the import, unless --guard */
    if (rc && rc != PD_ESUSPICIOUS) {
        if (rc == PD_ENOMEM) {
            im->exit_code = pd_cli_fail(rc, NULL);
            return rc;
        }
        fprintf(stderr, "policydiff import-ota: %s: version of %s (%.12s) skipped: %s\n",
                im->policy, iso, v->commit, pd_error_last());
        im->failed++;
        return 1;
    }
    return 0;
}

/* Records im->text as v's version and counts the outcome; keeps the text
 * as the previous one for the next version's guard. */
static int record_version(versions_import *im, const pd_ota_version *v, const char *iso,
                          int doubted)
{
    pd_record_options ro = PD_RECORD_OPTIONS_INIT;
    pd_record_result res;
    int rc;

    pd_buf_clear(&im->source);
    pd_buf_printf(&im->source, "ota:%s@%s", im->repo_name, v->commit);
    if ((rc = pd_buf_error(&im->source))) {
        im->exit_code = pd_cli_fail(rc, NULL);
        return rc;
    }
    ro.policy = im->policy;
    ro.captured_at = v->time;
    ro.source = im->source.ptr;
    ro.via = "file";
    ro.raw_ext = "md";
    rc = pd_store_record(&res, im->s, &ro, v->raw, v->rawlen, im->text.ptr, im->text.len);
    if (rc == PD_EINVALID) {
        /* e.g. a commit dated in the future: this version only */
        fprintf(stderr, "policydiff import-ota: %s: version of %s (%.12s) skipped: %s\n",
                im->policy, iso, v->commit, pd_error_last());
        im->failed++;
        return 0;
    }
    if (rc) {
        fprintf(stderr, "policydiff import-ota: %s: version of %s (%.12s): %s\n", im->policy, iso,
                v->commit, pd_error_last());
        im->exit_code = pd_cli_exit_code(rc);
        return rc;
    }
    if (doubted && res != PD_RECORD_DUPLICATE)
        im->doubted++;
    switch (res) {
    case PD_RECORD_COMMITTED:
    case PD_RECORD_INSERTED:
        im->committed++;
        break;
    case PD_RECORD_UNCHANGED:
        im->unchanged++;
        break;
    case PD_RECORD_DUPLICATE:
        im->duplicates++;
        break;
    }
    pd_buf_clear(&im->prev);
    pd_buf_put(&im->prev, im->text.ptr, im->text.len);
    if ((rc = pd_buf_error(&im->prev))) {
        im->exit_code = pd_cli_fail(rc, NULL);
        return rc;
    }
    im->has_prev = 1;
    return 0;
}

static int import_version(const pd_ota_version *v, void *payload)
{
    versions_import *im = payload;
    char iso[32];
    time_t now;
    int rc, doubted = 0;

    if (v->nth == 0 && (rc = start_document(im, v))) {
        im->exit_code = pd_cli_fail(rc, NULL);
        return rc;
    }
    now = time(NULL);
    if (now - im->progress_at >= 5) {
        im->progress_at = now;
        fprintf(stderr, "policydiff import-ota: %zu/%zu documents, %zu versions read\n",
                v->document + 1, v->documents, im->read);
    }
    im->read++;
    if (!im->policy)
        return 0;
    pd_time_format_iso(iso, sizeof(iso), v->time);
    if ((rc = derive_version(&doubted, im, v, iso)))
        return rc == 1 ? 0 : rc;
    return record_version(im, v, iso, doubted);
}

static int import_versions(pd_store *s, const char *repo, const char *const *only, size_t nonly,
                           int guard)
{
    pd_ota_walk_options wo = PD_OTA_WALK_OPTIONS_INIT;
    pd_ota_walk_stats st;
    versions_import im = {.s = s,
                          .guard = guard,
                          .prev = PD_BUF_INIT,
                          .text = PD_BUF_INIT,
                          .source = PD_BUF_INIT,
                          .progress_at = time(NULL)};
    int rc;

    repo_name_of(im.repo_name, sizeof(im.repo_name), repo);
    wo.only = only;
    wo.nonly = nonly;
    rc = pd_ota_versions_walk(&st, repo, &wo, import_version, &im);
    if (rc && !im.exit_code) {
        fprintf(stderr, "policydiff import-ota: %s: %s\n", repo, pd_error_last());
        im.exit_code = pd_cli_exit_code(rc);
    }
    if (!rc && !st.versions) {
        fprintf(stderr,
                "policydiff import-ota: %s: no version found (%zu commits; the files of a "
                "versions repository are <Service>/<Terms type>.md)%s\n",
                repo, st.commits, nonly ? ", or no such service" : "");
        im.exit_code = PD_EXIT_USAGE;
    }
    printf("%s %zu documents (%zu new policies) from %zu commits: %zu versions read, "
           "%zu new versions, %zu unchanged, %zu already recorded",
           rc ? "stopped after" : "imported", im.documents - im.skipped_documents, im.new_policies,
           st.commits, im.read, im.committed, im.unchanged, im.duplicates);
    if (im.refused)
        printf(", %zu refused as suspicious", im.refused);
    if (im.doubted)
        printf(", %zu recorded although the garbage detector doubts them (--guard leaves "
               "them out)",
               im.doubted);
    if (im.empty)
        printf(", %zu without text", im.empty);
    if (im.failed)
        printf(", %zu skipped", im.failed);
    if (im.skipped_documents)
        printf(", %zu documents skipped", im.skipped_documents);
    putchar('\n');
    free(im.policy);
    for (size_t i = 0; i < im.nnames; i++)
        free(im.names[i]);
    free(im.names);
    pd_buf_dispose(&im.prev);
    pd_buf_dispose(&im.text);
    pd_buf_dispose(&im.source);
    return im.exit_code;
}

/* --only SERVICE, repeated or a comma list: appended to *only (the names
 * point into copy, which the caller frees, one per option). */
static int add_only(char ***only, size_t *nonly, char ***copies, size_t *ncopies, const char *arg)
{
    char *dup = strdup(arg), **nc, **no, *save = NULL;
    if (!dup || !(nc = realloc(*copies, (*ncopies + 1) * sizeof(*nc)))) {
        free(dup);
        return pd_cli_fail(PD_ENOMEM, NULL);
    }
    *copies = nc;
    nc[(*ncopies)++] = dup;
    for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        if (!*t)
            continue;
        if (!(no = realloc(*only, (*nonly + 1) * sizeof(*no))))
            return pd_cli_fail(PD_ENOMEM, NULL);
        *only = no;
        no[(*nonly)++] = t;
    }
    return PD_EXIT_OK;
}

typedef struct {
    const char *name, *versions;
    char **only, **copies;
    size_t nonly, ncopies;
    int guard, only_given;
} import_args;

static int import_option(int c, const char *value, void *payload)
{
    import_args *a = payload;
    switch (c) {
    case 'n':
        a->name = value;
        return 0;
    case 'V':
        a->versions = value;
        return 0;
    case 'o':
        a->only_given = 1;
        return add_only(&a->only, &a->nonly, &a->copies, &a->ncopies, value);
    case 'g':
        a->guard = 1;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

/* Parses argv into a; 0 to go on, else the exit code (--help: *done). */
static int parse_args(import_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {
        {"name", required_argument, NULL, 'n'}, {"versions", required_argument, NULL, 'V'},
        {"only", required_argument, NULL, 'o'}, {"guard", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "import-ota",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = import_option,
                                 .on_option_payload = a};
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (!a->versions && a->guard)
        return pd_cli_usage("import-ota", "--guard goes with --versions REPO");
    if (!a->versions && optind >= argc)
        return pd_cli_usage("import-ota",
                            "expected at least one declaration (a <Service>.json or a folder)");
    if (a->only_given && !a->nonly)
        return pd_cli_usage("import-ota", "--only takes a service name");
    return PD_EXIT_OK;
}

int pd_cmd_import_ota(pd_cli_ctx *ctx, int argc, char **argv)
{
    import_args a = {NULL, NULL, NULL, NULL, 0, 0, 0, 0};
    pd_store *s = NULL;
    int rc, done = 0, exit_code;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        goto out;
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        goto out;
    /* held for the whole import: the view (main) is written once, at the unlock */
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (optind < argc)
        exit_code = import_declarations(s, argv + optind, argc - optind,
                                        (const char *const *)a.only, a.nonly, a.name);
    if (!exit_code && a.versions)
        exit_code = import_versions(s, a.versions, (const char *const *)a.only, a.nonly, a.guard);
    pd_store_unlock(s);
out:
    pd_store_free(s);
    for (size_t i = 0; i < a.ncopies; i++)
        free(a.copies[i]);
    free(a.copies);
    free(a.only);
    return exit_code;
}
