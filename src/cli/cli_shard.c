/* cli_shard.c - --shard I/N for fetch, check and list (see cli_shard.h). */
#include "cli/cli_shard.h"
#include "cli/cli.h"
#include "cli/cli_store.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int pd_cli_shard_parse(pd_shard *out, const char *cmd, const char *value)
{
    if (pd_shard_parse(out, value))
        return pd_cli_usage(cmd, "%s", pd_error_last());
    return PD_EXIT_OK;
}

int pd_cli_shard_select(char ***out, size_t *n, pd_store *s, const pd_shard *sh, char *const *names,
                        size_t nnames)
{
    pd_policy *all = NULL;
    size_t count = nnames, k = 0;
    char **sel;
    int rc;

    *out = NULL;
    *n = 0;
    if (nnames == 0) {
        if ((rc = pd_store_policy_list(&all, &count, s)))
            return pd_cli_fail(rc, NULL);
        pd_cli_store_warn_skipped(s);
    }
    sel = calloc(count ? count : 1, sizeof(*sel));
    if (!sel) {
        pd_policy_array_free(all, count);
        return pd_cli_fail(PD_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < count; i++) {
        const char *name = all ? all[i].name : names[i];
        if (!pd_shard_has(sh, name))
            continue;
        if (!(sel[k] = strdup(name))) {
            pd_store_names_free(sel, k);
            pd_policy_array_free(all, count);
            return pd_cli_fail(PD_ENOMEM, "out of memory");
        }
        k++;
    }
    pd_policy_array_free(all, count);
    *out = sel;
    *n = k;
    return PD_EXIT_OK;
}
