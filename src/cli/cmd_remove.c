/* policydiff remove: stop watching a policy (its history stays). */
#include "cli/cli_store.h"
#include "util/error.h"

#include <getopt.h>
#include <stdio.h>

static const char help[] =
    "usage: policydiff remove NAME\n"
    "\n"
    "Removes NAME's whole [policy \"NAME\"] section from the store's policies.conf\n"
    "(every key, and the comments indented under it).  Its recorded versions stay\n"
    "in the history.\n"
    "\n"
    "Example:\n"
    "  policydiff remove allbuy\n";

int pd_cmd_remove(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    pd_store *s = NULL;
    int c, rc, exit_code = PD_EXIT_OK;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            return PD_EXIT_OK;
        }
        return pd_cli_bad_option("remove", c, argv);
    }
    if (argc - optind != 1)
        return pd_cli_usage("remove", "expected one NAME");
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_store_policy_remove(s, argv[optind])))
        exit_code = pd_cli_fail(rc, NULL);
    else
        printf("removed %s (its history stays)\n", argv[optind]);
    pd_store_free(s);
    return exit_code;
}
