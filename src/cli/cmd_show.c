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

typedef struct {
    const char *name;
    int64_t at;
} show_args;

static int at_option(int c, const char *value, void *payload)
{
    show_args *a = payload;
    /* --at, the only option: a date is the whole day, the version in effect
     * at its end */
    return pd_cli_parse_until(&a->at, "show", "--at", value);
}

/* The text of the version the show_args at payload name. */
static int print_version(pd_buf *out, pd_store *s, void *payload)
{
    const show_args *a = payload;
    int rc = pd_store_show(out, NULL, s, a->name, a->at);
    return rc ? pd_cli_fail(rc, NULL) : 0;
}

int pd_cmd_show(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"at", required_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    show_args a = {.name = NULL, .at = INT64_MAX};
    const pd_cli_options opts = {.cmd = "show",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = at_option,
                                 .on_option_payload = &a};
    int exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
    if (argc - optind != 1)
        return pd_cli_usage("show", "expected one NAME");
    a.name = argv[optind];
    if (pd_policy_name_check(a.name))
        return pd_cli_fail(PD_EINVALID, NULL);
    return pd_cli_store_print(ctx, print_version, &a);
}
