/* policydiff add: watch one more policy. */
#include "cli/cli_store.h"
#include "util/error.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: policydiff add NAME URL [--select CSS]... [--remove CSS]... [--recipe OTA.json]\n"
    "\n"
    "Adds a policy to the store's policies.conf.  NAME uses a-z, 0-9, '.', '_', '-',\n"
    "and '/' for grouping (e.g. github/privacy-policy).\n"
    "\n"
    "  --select CSS     keep only what matches (repeatable)\n"
    "  --remove CSS     drop what matches (repeatable)\n"
    "  --recipe FILE    one Open Terms Archive document declaration ({\"fetch\": URL,\n"
    "                   \"select\": CSS, \"remove\": CSS}; range selectors and filters\n"
    "                   included); a service declaration (\"terms\") or a document\n"
    "                   combining pages is for 'policydiff import-ota'\n"
    "\n"
    "Example:\n"
    "  policydiff add allbuy https://www.allbuy.com/policy --select main --remove .cookie-banner\n";

int pd_cmd_add(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"select", required_argument, NULL, 's'},
                                             {"remove", required_argument, NULL, 'r'},
                                             {"recipe", required_argument, NULL, 'R'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    pd_policy p;
    pd_store *s = NULL;
    int c, rc, exit_code = PD_EXIT_OK;

    memset(&p, 0, sizeof(p));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
        case 'r':
            if (!*optarg) {
                exit_code = pd_cli_usage("add", "empty selector");
                goto out;
            }
            if ((rc = pd_recipe_add_css(&p.recipe, c == 'r', optarg))) {
                exit_code = pd_cli_fail(rc, NULL);
                goto out;
            }
            break;
        case 'R':
            if ((exit_code = pd_cli_read_recipe(&p.recipe, "add", optarg)))
                goto out;
            break;
        case 'h':
            fputs(help, stdout);
            goto out;
        default:
            exit_code = pd_cli_bad_option("add", c, argv);
            goto out;
        }
    }
    if (argc - optind != 2) {
        exit_code = pd_cli_usage("add", "expected NAME and URL");
        goto out;
    }
    p.name = argv[optind];
    p.url = argv[optind + 1];
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        goto out;
    if ((rc = pd_store_policy_add(s, &p))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    printf("added %s (%s)\n", p.name, p.url);
out:
    pd_recipe_dispose(&p.recipe);
    pd_store_free(s);
    return exit_code;
}
