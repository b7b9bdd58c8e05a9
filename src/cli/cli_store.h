/*
 * cli_store.h - what the store subcommands share: opening the store named
 * by -C (or the current directory) and parsing WHEN arguments, each
 * printing its one-line error and returning the exit code.
 */
#ifndef PD_CLI_STORE_H
#define PD_CLI_STORE_H

#include <stdint.h>

#include "cli/cli.h"
#include "store/store.h"

/* Opens the store, with the clause diff's headline as the change summary
 * of every version it records; on failure prints the error and returns the exit code. */
int pd_cli_store_open(pd_store **out, pd_cli_ctx *ctx);
/* What list, log and show do after their options: open the store, have
 * print append the output to out (0, or the exit code with the error
 * printed), write out to stdout.  The exit code. */
int pd_cli_store_print(pd_cli_ctx *ctx, int (*print)(pd_buf *out, pd_store *s, void *payload),
                       void *payload);
/* Parses a WHEN option value (its start); on failure prints "cmd: --opt: ..."
 * and returns PD_EXIT_USAGE. */
int pd_cli_parse_when(int64_t *out, const char *cmd, const char *opt, const char *when);
/* Like pd_cli_parse_when, for an inclusive upper bound: the last second of
 * the day, month or year WHEN names (pd_time_parse_span). */
int pd_cli_parse_until(int64_t *out, const char *cmd, const char *opt, const char *when);

/* Warns on stderr about each policies.conf section or key the last policy
 * list skipped (pd_store_skipped). */
void pd_cli_store_warn_skipped(const pd_store *s);

#endif
