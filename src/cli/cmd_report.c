/* policydiff report: the store as a static HTML site (ingest/site_run.h). */
#include "cli/cli_store.h"
#include "ingest/site_run.h"
#include "util/error.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff report --html DIR [--since WHEN] [--full] [--jobs N]\n"
    "\n"
    "Writes the store as a static web site into DIR (created when missing; it must\n"
    "be empty or a site written before).  DIR/index.html lists every policy, most\n"
    "recently changed first; each policy has a page with a timeline of its versions,\n"
    "each version a page with its clause-level diff against the previous version,\n"
    "and each category (sharing, retention, ...) a page listing every change to it.\n"
    "The pages need no network: open them from disk or publish DIR as it is.\n"
    "\n"
    "Runs are incremental: a version page is written only when it is new (or its\n"
    "version or the one before it changed); the other pages are rewritten only when\n"
    "their content changes, and pages of versions gone from the store are removed.\n"
    "\n"
    "  --html DIR    where to write the site (required)\n"
    "  --since WHEN  only versions captured at or after WHEN (date or ISO time)\n"
    "  --full        rewrite every page\n"
    "  --jobs N      diff on N threads (default: one per CPU, at most 8)\n"
    "\n"
    "Example:\n"
    "  policydiff -C store report --html site --since 2020-01-01\n";

int pd_cmd_report(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"html", required_argument, NULL, 'o'}, {"since", required_argument, NULL, 's'},
        {"full", no_argument, NULL, 'f'},       {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    pd_site_options opts = PD_SITE_OPTIONS_INIT;
    pd_site_stats st;
    pd_store *s = NULL;
    const char *dir = NULL;
    char *end;
    int c, rc, exit_code;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            dir = optarg;
            break;
        case 's':
            if ((exit_code = pd_cli_parse_when(&opts.since, "report", "--since", optarg)))
                return exit_code;
            break;
        case 'f':
            opts.full = 1;
            break;
        case 'j':
            opts.jobs = (int)strtol(optarg, &end, 10);
            if (*end || opts.jobs < 1 || opts.jobs > 64)
                return pd_cli_usage("report", "--jobs takes a number from 1 to 64, not '%s'",
                                    optarg);
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("report", c, argv);
        }
    }
    if (optind < argc)
        return pd_cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (!dir || !*dir)
        return pd_cli_usage("report", "give the site's directory with --html DIR");
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_ingest_site_render(&st, s, dir, &opts))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    printf("%zu polic%s, %zu version%s: wrote %zu version page%s (%zu unchanged), %zu other "
           "page%s (%zu unchanged), removed %zu\nsite: %s/index.html\n",
           st.policies, st.policies == 1 ? "y" : "ies", st.versions, st.versions == 1 ? "" : "s",
           st.versions_written, st.versions_written == 1 ? "" : "s", st.versions_kept,
           st.pages_written, st.pages_written == 1 ? "" : "s", st.pages_unchanged, st.pages_removed,
           dir);
    exit_code = fflush(stdout) == 0 ? PD_EXIT_OK : PD_EXIT_INTERNAL;
out:
    pd_store_free(s);
    return exit_code;
}
