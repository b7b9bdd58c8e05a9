/* policydiff rebuild: derive versions again from the raw captures. */
#include "cli/cli_store.h"
#include "ingest/ingest.h"
#include "util/error.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff rebuild [NAME...] [--dry-run] [--force]\n"
    "\n"
    "Derives every raw capture of each NAME (default: every policy with captures)\n"
    "again with today's normalizer, guard and the policy's recipe in force at the\n"
    "capture's time (an earlier one of its history for an old capture), and\n"
    "re-derives its versions from them.  Says how many versions were added, removed\n"
    "and kept.  A capture the guard now refuses gives no version (its raw bytes\n"
    "stay).\n"
    "\n"
    "  --dry-run   say what would change, write nothing\n"
    "  --force     also rewrite versions already pushed to a remote\n"
    "\n"
    "Example:\n"
    "  policydiff rebuild github/privacy --dry-run\n";

typedef struct {
    const pd_policy *policy;
} rederive_payload;

/* One raw capture -> its text, as fetch/record would derive it today. */
static int rederive(pd_buf *text, const pd_capture_info *cap, const char *raw, size_t rawlen,
                    const char *prev, size_t prevlen, void *payload)
{
    rederive_payload *pl = payload;
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;
    char fake[32];
    int rc;
    snprintf(fake, sizeof(fake), "capture.%s", cap->ext);
    in.raw = raw;
    in.rawlen = rawlen;
    /* the recipe in force at the capture's time (the policy's history) */
    in.recipe = pd_policy_recipe_at(&in.url, pl->policy, cap->captured_at);
    in.kind = pd_input_kind_from_path(fake);
    in.previous = prev;
    in.prevlen = prevlen;
    rc = pd_ingest_derive(text, &rep, &in);
    if (rc == 0)
        return 0;
    /* refused or nothing usable: this capture gives no version */
    if (rc == PD_ESUSPICIOUS || rc == PD_EEMPTY || rc == PD_EINVALID || rc == PD_EUNSUPPORTED ||
        rc == PD_EBUDGET || rc == PD_ETOOBIG) {
        pd_buf_clear(text);
        return 1;
    }
    return rc;
}

static int rebuild_one(pd_store *s, const char *name, const pd_rebuild_options *o,
                       pd_rebuild_stats *total)
{
    pd_policy *p = NULL;
    pd_rebuild_stats st;
    rederive_payload pl;
    int rc;
    if ((rc = pd_store_policy_get(&p, s, name)))
        return pd_cli_fail(rc, NULL);
    pl.policy = p;
    rc = pd_store_rebuild(&st, s, name, o, rederive, &pl);
    pd_policy_free(p);
    if (rc)
        return pd_cli_fail(rc, NULL);
    printf("%s: %zu capture%s derived again (%zu text%s changed, %zu refused); versions: %zu "
           "added, %zu removed, %zu unchanged%s\n",
           name, st.captures, st.captures == 1 ? "" : "s", st.texts_changed,
           st.texts_changed == 1 ? "" : "s", st.refused, st.added, st.removed, st.unchanged,
           o->dry_run ? " (dry run: nothing written)" : "");
    total->captures += st.captures;
    total->added += st.added;
    total->removed += st.removed;
    total->unchanged += st.unchanged;
    return PD_EXIT_OK;
}

/* --dry-run and --force into the pd_rebuild_options at payload. */
static int rebuild_option(int c, const char *value, void *payload)
{
    pd_rebuild_options *o = payload;
    if (c == 'n')
        o->dry_run = 1;
    else if (c == 'f')
        o->force = 1;
    else
        return PD_CLI_NOT_MINE;
    return 0;
}

int pd_cmd_rebuild(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"dry-run", no_argument, NULL, 'n'},
                                             {"force", no_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    pd_rebuild_options o = PD_REBUILD_OPTIONS_INIT;
    const pd_cli_options opts = {.cmd = "rebuild",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = rebuild_option,
                                 .on_option_payload = &o};
    pd_rebuild_stats total;
    pd_policy *list = NULL;
    size_t n = 0, rebuilt = 0;
    pd_store *s = NULL;
    int rc, exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
    for (int i = optind; i < argc; i++)
        if (pd_policy_name_check(argv[i]))
            return pd_cli_fail(PD_EINVALID, NULL);
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    memset(&total, 0, sizeof(total));
    if (optind < argc) {
        for (int i = optind; i < argc && !exit_code; i++, rebuilt++)
            exit_code = rebuild_one(s, argv[i], &o, &total);
    } else {
        if ((rc = pd_store_policy_list(&list, &n, s))) {
            exit_code = pd_cli_fail(rc, NULL);
            goto out;
        }
        for (size_t i = 0; i < n && !exit_code; i++, rebuilt++)
            exit_code = rebuild_one(s, list[i].name, &o, &total);
    }
    if (!exit_code && rebuilt > 1)
        printf("rebuild: %zu policies, %zu captures; versions: %zu added, %zu removed, %zu "
               "unchanged\n",
               rebuilt, total.captures, total.added, total.removed, total.unchanged);
out:
    pd_policy_array_free(list, n);
    pd_store_free(s);
    return exit_code;
}
