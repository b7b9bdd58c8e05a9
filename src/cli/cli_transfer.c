/* The transfer options of fetch and check (see cli_transfer.h). */
#include "cli/cli_transfer.h"
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

void pd_cli_transfer_init(pd_http_options *o)
{
    pd_http_options_from_env(o);
}

int pd_cli_transfer_option(pd_http_options *o, const char *cmd, int c, const char *value)
{
    long v;
    switch (c) {
    case 'j':
    case PD_CLI_OPT_JOBS:
        if (pd_cli_number(&v, value, 1, 64))
            return pd_cli_usage(cmd, "--jobs takes a number from 1 to 64, not '%s'", value);
        o->jobs = (int)v;
        return 0;
    case PD_CLI_OPT_RETRIES:
        if (pd_cli_number(&v, value, 0, 10))
            return pd_cli_usage(cmd, "--retries takes a number from 0 to 10, not '%s'", value);
        o->retries = (int)v;
        return 0;
    case PD_CLI_OPT_TIMEOUT:
        if (pd_cli_number(&v, value, 1, 3600))
            return pd_cli_usage(cmd, "--timeout takes seconds, from 1 to 3600, not '%s'", value);
        o->timeout_ms = v * 1000;
        return 0;
    case PD_CLI_OPT_MAX_SIZE:
        if (pd_cli_number(&v, value, 1, 1024))
            return pd_cli_usage(cmd, "--max-size takes megabytes, from 1 to 1024, not '%s'", value);
        o->max_body = (size_t)v * 1024 * 1024;
        return 0;
    case PD_CLI_OPT_HOST_DELAY:
        if (pd_cli_number(&v, value, 0, 60000))
            return pd_cli_usage(cmd, "--host-delay takes milliseconds, from 0 to 60000, not '%s'",
                                value);
        o->host_delay_ms = v;
        return 0;
    case PD_CLI_OPT_ALLOW_PRIVATE:
        o->allow_private = 1;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

int pd_cli_fallback_option(pd_watch_options *wo, const char *cmd, const char *value)
{
    const char *base = getenv("POLICYDIFF_WAYBACK_URL");
    if (strcmp(value, "wayback"))
        return pd_cli_usage(cmd, "--fallback takes wayback, not '%s'", value);
    wo->fallback_wayback = 1;
    pd_wayback_options_from_env(&wo->wayback);
    wo->wayback.base = base && *base ? base : NULL;
    return 0;
}
