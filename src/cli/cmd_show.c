/* policydiff show: the text of a policy's version in effect at a time. */
#include "cli/cli_store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

static const char help[] =
    "usage: policydiff show NAME [--at WHEN]\n"
    "\n"
    "Prints the canonical Markdown of NAME's version in effect at WHEN (default:\n"
    "the newest).  WHEN: 2021-06-30, 2021-06-30T12:00:05Z, a Wayback timestamp\n"
    "such as 20210630120005, or now; a date without a time means the end of that\n"
    "day (month, year): what was in effect then.\n"
    "\n"
    "Example:\n"
    "  policydiff show allbuy --at 2021-06-30\n";

int pd_cmd_show(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"at", required_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    pd_buf out = PD_BUF_INIT;
    pd_store *s = NULL;
    int64_t at = INT64_MAX;
    int c, rc, exit_code = PD_EXIT_OK;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a':
            /* a date is the whole day: the version in effect at its end */
            if ((exit_code = pd_cli_parse_until(&at, "show", "--at", optarg)))
                return exit_code;
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("show", c, argv);
        }
    }
    if (argc - optind != 1)
        return pd_cli_usage("show", "expected one NAME");
    if (pd_policy_name_check(argv[optind]))
        return pd_cli_fail(PD_EINVALID, NULL);
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_store_show(&out, NULL, s, argv[optind], at)))
        exit_code = pd_cli_fail(rc, NULL);
    else
        exit_code = pd_cli_write_stdout(pd_buf_cstr(&out), out.len);
    pd_buf_dispose(&out);
    pd_store_free(s);
    return exit_code;
}
