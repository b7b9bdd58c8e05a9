/* policydiff import-ota: policies from Open Terms Archive declarations, and
 * histories from an OTA versions repository (--versions). */
#include "cli/cli_store.h"
#include "ingest/ingest.h"
#include "store/ota_versions.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "usage: policydiff import-ota [--name NAME] DECLARATION.json...\n"
    "       policydiff import-ota --versions REPO [--only SERVICE] [--guard]\n"
    "                             [DECLARATION.json...]\n"
    "\n"
    "Adds one policy per terms type of each Open Terms Archive service declaration\n"
    "({\"name\": ..., \"documents\": {\"Privacy Policy\": {\"fetch\": ..., \"select\": ...}}}),\n"
    "named <service>/<terms-type> (e.g. github/privacy-policy), with the document's\n"
    "URL and selectors (range selectors included).  A policy of that name already\n"
    "in the store is updated.  Documents policydiff cannot follow are skipped with\n"
    "a warning.\n"
    "\n"
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
    "https://ota.invalid/<name> (give DECLARATION.json files too, or add the policy\n"
    "first, for its real URL); an existing policy is kept as it is.  Importing\n"
    "again adds nothing.  REPO is a bare or non-bare git repository; clone a\n"
    "bundle first (git clone --mirror contrib-versions.bundle DIR).\n"
    "\n"
    "  --name NAME       the service part of the names (for a single document\n"
    "                    declaration {\"fetch\": ...}: the whole policy name)\n"
    "  --versions REPO   import the history of an OTA versions repository\n"
    "  --only SERVICE    only that service's documents (its directory name, any\n"
    "                    case, or its slug such as github)\n"
    "  --guard           leave out versions the garbage detector refuses (a bot\n"
    "                    wall, more than half the clauses gone...), as record does\n"
    "\n"
    "Exit codes: 0 imported, 2 bad arguments or input (not a repository, no\n"
    "document), 4 the store is locked, 5 internal error.\n"
    "\n"
    "Examples:\n"
    "  policydiff import-ota declarations/GitHub.json\n"
    "  git clone --mirror contrib-versions.bundle ota-versions.git\n"
    "  policydiff import-ota --versions ota-versions.git --only GitHub\n";

/* Adds or updates one policy per document of each declaration file; the
 * store is locked.  Every file is checked before anything is written. */
static int import_declarations(pd_store *s, int argc, char **argv, const char *name)
{
    pd_buf data = PD_BUF_INIT, warnings = PD_BUF_INIT;
    pd_policy *list = NULL, *old = NULL;
    size_t n = 0, total = 0;
    int rc, exit_code = PD_EXIT_OK;

    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < argc; i++) {
            pd_buf_clear(&data);
            pd_buf_clear(&warnings);
            if ((rc = pd_cli_read_input(&data, argv[i], 8 << 20)) ||
                (rc = pd_ota_parse_declaration(&list, &n, pd_buf_cstr(&data), data.len, name,
                                               &warnings))) {
                fprintf(stderr, "policydiff import-ota: %s: %s\n", argv[i], pd_error_last());
                exit_code = pd_cli_exit_code(rc);
                goto out;
            }
            if (pass == 1) {
                if (warnings.len)
                    fprintf(stderr, "policydiff import-ota: %s: %s", argv[i],
                            pd_buf_cstr(&warnings));
                for (size_t k = 0; k < n; k++) {
                    int existed = pd_store_policy_get(&old, s, list[k].name) == 0;
                    pd_policy_free(old);
                    old = NULL;
                    if ((rc = pd_store_policy_replace(s, &list[k]))) {
                        exit_code = pd_cli_fail(rc, NULL);
                        goto out;
                    }
                    printf("%s %s (%s)\n", existed ? "updated" : "added", list[k].name,
                           list[k].url);
                    total++;
                }
            }
            pd_policy_array_free(list, n);
            list = NULL;
            n = 0;
        }
    }
    if (!total) {
        fprintf(stderr, "policydiff import-ota: no document could be imported\n");
        exit_code = PD_EXIT_USAGE;
    }
out:
    pd_policy_array_free(list, n);
    pd_buf_dispose(&data);
    pd_buf_dispose(&warnings);
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

static int import_versions(pd_store *s, const char *repo, const char *only, int guard)
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
    rc = pd_ota_versions_walk(&st, repo, &wo, import_version, &im);
    if (rc && !im.exit_code) {
        fprintf(stderr, "policydiff import-ota: %s: %s\n", repo, pd_error_last());
        im.exit_code = pd_cli_exit_code(rc);
    }
    if (!rc && !st.versions) {
        fprintf(stderr,
                "policydiff import-ota: %s: no version found (%zu commits; the files of a "
                "versions repository are <Service>/<Terms type>.md)%s\n",
                repo, st.commits, only ? ", or no such service" : "");
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

/* What the options asked for. */
typedef struct {
    const char *name, *versions, *only;
    int guard;
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
        a->only = value;
        return 0;
    case 'g':
        a->guard = 1;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

int pd_cmd_import_ota(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"name", required_argument, NULL, 'n'}, {"versions", required_argument, NULL, 'V'},
        {"only", required_argument, NULL, 'o'}, {"guard", no_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    import_args a = {NULL, NULL, NULL, 0};
    const pd_cli_options opts = {.cmd = "import-ota",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = import_option,
                                 .on_option_payload = &a};
    pd_store *s = NULL;
    int rc, exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
    if (!a.versions && (a.only || a.guard))
        return pd_cli_usage("import-ota", "--only and --guard go with --versions REPO");
    if (!a.versions && optind >= argc)
        return pd_cli_usage("import-ota", "expected at least one DECLARATION.json");
    if (a.only && !*a.only)
        return pd_cli_usage("import-ota", "--only takes a service name");
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    /* held for the whole import: the view (main) is written once, at the unlock */
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (optind < argc && (exit_code = import_declarations(s, argc - optind, argv + optind, a.name)))
        goto out;
    if (a.versions)
        exit_code = import_versions(s, a.versions, a.only, a.guard);
    pd_store_unlock(s);
out:
    pd_store_free(s);
    return exit_code;
}
