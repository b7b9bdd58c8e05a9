/*
 * cli_transfer.h - the transfer options fetch and check share: --jobs,
 * --retries, --timeout, --max-size, --host-delay and --allow-private, over
 * the environment's POLICYDIFF_HTTP_* and POLICYDIFF_ALLOW_PRIVATE (read
 * first, so the options given win over it); and --fallback wayback.
 *
 * A command puts PD_CLI_TRANSFER_LONGOPTS into its getopt_long table, calls
 * pd_cli_transfer_init() before the loop and hands every option it does not
 * know itself to pd_cli_transfer_option().  (backfill talks to the Wayback
 * Machine with its own pace, --rate; it shares only the environment, through
 * pd_wayback_options_from_env.)
 */
#ifndef PD_CLI_TRANSFER_H
#define PD_CLI_TRANSFER_H

#include <getopt.h>

#include "fetch/http.h"
#include "ingest/watch.h"

/* getopt_long values of the transfer options (above any character). */
enum {
    PD_CLI_OPT_JOBS = 0x100,
    PD_CLI_OPT_RETRIES,
    PD_CLI_OPT_TIMEOUT,
    PD_CLI_OPT_MAX_SIZE,
    PD_CLI_OPT_HOST_DELAY,
    PD_CLI_OPT_ALLOW_PRIVATE,
};

/* The rows of a struct option table for the transfer options. */
#define PD_CLI_TRANSFER_LONGOPTS                                                                   \
    {"jobs", required_argument, NULL, PD_CLI_OPT_JOBS},                                            \
        {"retries", required_argument, NULL, PD_CLI_OPT_RETRIES},                                  \
        {"timeout", required_argument, NULL, PD_CLI_OPT_TIMEOUT},                                  \
        {"max-size", required_argument, NULL, PD_CLI_OPT_MAX_SIZE},                                \
        {"host-delay", required_argument, NULL, PD_CLI_OPT_HOST_DELAY},                            \
    {                                                                                              \
        "allow-private", no_argument, NULL, PD_CLI_OPT_ALLOW_PRIVATE                               \
    }

/* Fills o from the environment (POLICYDIFF_HTTP_*). */
void pd_cli_transfer_init(pd_http_options *o);

/* Applies option c (a PD_CLI_OPT_* or 'j') with its value to o: 0, or
 * prints "policydiff CMD: --jobs takes a number from 1 to 64, not 'x'" (and
 * the hint to run --help) and returns PD_EXIT_USAGE;
 * PD_CLI_NOT_MINE (cli.h) when c is not a transfer option. */
int pd_cli_transfer_option(pd_http_options *o, const char *cmd, int c, const char *value);

/* --fallback VALUE of fetch and check: "wayback" turns the Wayback Machine
 * fallback on (its client from the environment: POLICYDIFF_WAYBACK_URL and
 * the pacing knobs) and returns 0; anything else is a usage error
 * (PD_EXIT_USAGE, printed). */
int pd_cli_fallback_option(pd_watch_options *wo, const char *cmd, const char *value);

#endif
