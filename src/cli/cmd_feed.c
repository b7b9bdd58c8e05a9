/* policydiff feed: one Atom feed of the store on standard output
 * (ingest/site_run.h, report/feed.h). */
#include "cli/cli_store.h"
#include "classify/classify.h"
#include "ingest/site_run.h"
#include "util/error.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff feed [NAME] [--severity SEV] [--category C] [--base-url URL]\n"
    "\n"
    "Prints an Atom 1.0 feed of the store's versions to standard output: of every\n"
    "policy, or of NAME only.  Each entry is one version: its headline, reasons and\n"
    "clause changes as the site's version page shows them (`report --html`), a link\n"
    "to that page, and an id made of the policy name and the capture time, so a feed\n"
    "reader shows each version once.  The newest 50 versions that pass the filters\n"
    "are listed, newest first.\n"
    "\n"
    "  --severity SEV  only versions with a change of at least SEV (low, medium, high)\n"
    "  --category C    only versions that changed category C (sharing, retention, ...)\n"
    "  --base-url URL  where the site is published: links become absolute (default:\n"
    "                  relative to the site's root)\n"
    "\n"
    "Example:\n"
    "  policydiff -C store feed --severity high --base-url https://example.org/policies/\n";

static int feed_option(int c, const char *value, void *payload)
{
    pd_feed_options *o = payload;
    switch (c) {
    case 's':
        o->min_severity = pd_severity_from_name(value);
        if (o->min_severity < 0)
            return pd_cli_usage("feed", "--severity takes none, low, medium or high, not '%s'",
                                value);
        return 0;
    case 'c':
        if (!(o->category = pd_category_from_name(value)))
            return pd_cli_usage("feed",
                                "unknown category '%s' (the names of the site's c/ pages: "
                                "sharing, retention, user-rights, ...)",
                                value);
        return 0;
    case 'b':
        o->base_url = value;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

int pd_cmd_feed(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"severity", required_argument, NULL, 's'},
                                             {"category", required_argument, NULL, 'c'},
                                             {"base-url", required_argument, NULL, 'b'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    pd_feed_options fo = PD_FEED_OPTIONS_INIT;
    const pd_cli_options opts = {.cmd = "feed",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = feed_option,
                                 .on_option_payload = &fo};
    pd_buf out = PD_BUF_INIT;
    pd_store *s = NULL;
    int rc, exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
    if (optind < argc)
        fo.policy = argv[optind++];
    if (optind < argc)
        return pd_cli_usage("feed", "unexpected argument '%s'", argv[optind]);
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_ingest_feed(&out, s, &fo))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    exit_code = pd_cli_write_buf(&out);
out:
    pd_buf_dispose(&out);
    pd_store_free(s);
    return exit_code;
}
