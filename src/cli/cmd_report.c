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
    "usage: policydiff report --html DIR [--since WHEN] [--full] [--jobs N] [--base-url URL]\n"
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
    "Atom feeds come with the pages: DIR/feed.xml (every policy), low.xml,\n"
    "medium.xml and high.xml (versions with a change of at least that severity),\n"
    "p/NAME/feed.xml and c/CATEGORY.xml, each of the newest 50 versions; the pages\n"
    "link to theirs.  See `policydiff feed --help` for what an entry holds.\n"
    "\n"
    "  --html DIR    where to write the site (required)\n"
    "  --since WHEN  only versions captured at or after WHEN (date or ISO time)\n"
    "  --full        rewrite every page\n"
    "  --jobs N      diff on N threads (default: one per CPU, at most 8)\n"
    "  --base-url URL  the http(s) address DIR is published at: the feeds' links\n"
    "                become absolute (default: relative to each feed)\n"
    "\n"
    "Example:\n"
    "  policydiff -C store report --html site --since 2020-01-01\n";

/* What the options asked for. */
typedef struct {
    pd_site_options site;
    const char *dir;
} report_args;

static int report_option(int c, const char *value, void *payload)
{
    report_args *a = payload;
    char *end;
    switch (c) {
    case 'o':
        a->dir = value;
        return 0;
    case 's':
        return pd_cli_parse_when(&a->site.since, "report", "--since", value);
    case 'f':
        a->site.full = 1;
        return 0;
    case 'b':
        if (strncmp(value, "https://", 8) && strncmp(value, "http://", 7))
            return pd_cli_usage("report", "--base-url takes an http(s) address, not '%s'", value);
        a->site.base_url = value;
        return 0;
    case 'j':
        a->site.jobs = (int)strtol(value, &end, 10);
        if (*end || a->site.jobs < 1 || a->site.jobs > 64)
            return pd_cli_usage("report", "--jobs takes a number from 1 to 64, not '%s'", value);
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

int pd_cmd_report(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {{"html", required_argument, NULL, 'o'},
                                             {"since", required_argument, NULL, 's'},
                                             {"full", no_argument, NULL, 'f'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"base-url", required_argument, NULL, 'b'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    report_args a = {.site = PD_SITE_OPTIONS_INIT, .dir = NULL};
    const pd_cli_options opts = {.cmd = "report",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = report_option,
                                 .on_option_payload = &a};
    const char *dir;
    pd_site_stats st;
    pd_store *s = NULL;
    int rc, exit_code, done;

    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        return exit_code;
    if (optind < argc)
        return pd_cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (!(dir = a.dir) || !*dir)
        return pd_cli_usage("report", "give the site's directory with --html DIR");
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_ingest_site_render(&st, s, dir, &a.site))) {
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
