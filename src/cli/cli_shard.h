/*
 * cli_shard.h - `--shard I/N` of fetch, check and list: this runner's
 * stable share of the policies (util/shard.h has the rule).
 */
#ifndef PD_CLI_SHARD_H
#define PD_CLI_SHARD_H

#include <stddef.h>

#include "store/store.h"
#include "util/shard.h"

/* The help text's lines about --shard (indented for an options list). */
#define PD_CLI_SHARD_HELP                                                                          \
    "  --shard I/N           only the policies of share I of N (1 <= I <= N): a\n"                 \
    "                        policy belongs to share I when the FNV-1a 32-bit hash\n"              \
    "                        of its name, modulo N, is I-1; N runners given 1/N\n"                 \
    "                        to N/N cover every policy once (see push and pull)\n"

/* Parses --shard's value; on failure prints the usage error of cmd and
 * returns PD_EXIT_USAGE. */
int pd_cli_shard_parse(pd_shard *out, const char *cmd, const char *value);

/* The names of shard sh: of names[0..nnames) when nnames > 0, else of
 * every watched policy (sorted).  *out (possibly empty) belongs to the
 * caller: pd_store_names_free.  On failure prints the error and returns
 * the exit code. */
int pd_cli_shard_select(char ***out, size_t *n, pd_store *s, const pd_shard *sh, char *const *names,
                        size_t nnames);

#endif
