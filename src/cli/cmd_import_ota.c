/* policydiff import-ota: policies from Open Terms Archive declarations. */
#include "cli/cli_store.h"
#include "util/error.h"

#include <getopt.h>
#include <stdio.h>

static const char help[] =
    "usage: policydiff import-ota [--name NAME] DECLARATION.json...\n"
    "\n"
    "Adds one policy per terms type of each Open Terms Archive service declaration\n"
    "({\"name\": ..., \"documents\": {\"Privacy Policy\": {\"fetch\": ..., \"select\": ...}}}),\n"
    "named <service>/<terms-type> (e.g. github/privacy-policy), with the document's\n"
    "URL and selectors (range selectors included).  A policy of that name already\n"
    "in the store is updated.  Documents policydiff cannot follow are skipped with\n"
    "a warning.\n"
    "\n"
    "  --name NAME   the service part of the names (for a single document\n"
    "                declaration {\"fetch\": ...}: the whole policy name)\n"
    "\n"
    "Example:\n"
    "  policydiff import-ota declarations/GitHub.json\n";

int pd_cmd_import_ota(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"name", required_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    pd_store *s = NULL;
    pd_buf data = PD_BUF_INIT, warnings = PD_BUF_INIT;
    pd_policy *list = NULL, *old = NULL;
    const char *name = NULL;
    size_t n = 0, total = 0;
    int c, rc, exit_code = PD_EXIT_OK;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            name = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("import-ota", c, argv);
        }
    }
    if (optind >= argc)
        return pd_cli_usage("import-ota", "expected at least one DECLARATION.json");
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    /* Check every file before writing anything. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = optind; i < argc; i++) {
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
    pd_store_free(s);
    return exit_code;
}
