/* policydiff remove: stop watching a policy (its history stays). */
#include "cli/cli_store.h"
#include "util/error.h"

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
    static const pd_cli_options opts = {.cmd = "remove", .help = help};
    pd_store *s = NULL;
    int rc, exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
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
