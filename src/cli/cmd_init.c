/* policydiff init: create a store. */
#include "cli/cli.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>

static const char help[] =
    "usage: policydiff init [DIR]\n"
    "\n"
    "Creates a policydiff store in DIR (default: the -C directory, or the current\n"
    "one): a git repository with a policies.conf listing the watched policies.\n"
    "Every recorded version is a commit on its branch main; 'git log -p' works on it.\n"
    "\n"
    "Example:\n"
    "  policydiff init ~/policies && cd ~/policies\n"
    "  policydiff add allbuy https://www.allbuy.com/policy --select main\n";

int pd_cmd_init(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const pd_cli_options opts = {.cmd = "init", .help = help};
    pd_buf dir = PD_BUF_INIT;
    pd_store *s = NULL;
    int rc, exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
    if (argc - optind > 1)
        return pd_cli_usage("init", "one directory at a time");
    if (optind < argc && argv[optind][0] != '/' && ctx->store_dir)
        pd_buf_printf(&dir, "%s/%s", ctx->store_dir, argv[optind]);
    else if (optind < argc)
        pd_buf_puts(&dir, argv[optind]);
    else
        pd_buf_puts(&dir, ctx->store_dir ? ctx->store_dir : ".");
    if ((rc = pd_buf_error(&dir))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if ((rc = pd_store_init(&s, dir.ptr))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    printf("Created an empty policydiff store in %s\n", pd_store_path(s));
out:
    pd_store_free(s);
    pd_buf_dispose(&dir);
    return exit_code;
}
