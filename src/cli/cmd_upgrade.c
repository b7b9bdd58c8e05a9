/* policydiff upgrade: convert a store of the first layout now. */
#include "cli/cli_store.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: policydiff upgrade\n"
    "\n"
    "Converts a store of the first layout (one main branch for every policy and a\n"
    "raw branch) to one history per policy, keeping every version and every raw\n"
    "capture; main becomes the view of every policy's current text, on top of the\n"
    "old history.  Any command that opens such a store does it by itself; this one\n"
    "does only that.  Nothing happens to a store that is already converted.\n"
    "\n"
    "Example:\n"
    "  policydiff -C store upgrade\n";

int pd_cmd_upgrade(pd_cli_ctx *ctx, int argc, char **argv)
{
    pd_store *s = NULL;
    size_t np, nv;
    int exit_code;
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(help, stdout);
        return PD_EXIT_OK;
    }
    if (argc > 1)
        return pd_cli_usage("upgrade", "takes no arguments");
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if (!pd_store_upgraded(&np, &nv, s))
        printf("the store at %s already keeps one history per policy\n", pd_store_path(s));
    pd_store_free(s);
    return PD_EXIT_OK;
}
