/* cli_store.c - helpers of the store subcommands (see cli_store.h). */
#include "cli/cli_store.h"
#include "report/summary.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

int pd_cli_store_open(pd_store **out, pd_cli_ctx *ctx)
{
    size_t np, nv;
    int rc = pd_store_open(out, ctx->store_dir);
    if (rc)
        return pd_cli_fail(rc, NULL);
    pd_store_set_summarizer(*out, pd_change_summary, NULL);
    /* a store of the first layout is converted once, by whoever opens it first */
    if ((rc = pd_store_layout_check(*out))) {
        pd_store_free(*out);
        *out = NULL;
        return pd_cli_fail(rc, NULL);
    }
    if (pd_store_upgraded(&np, &nv, *out))
        fprintf(stderr,
                "policydiff: upgraded the store at %s to one history per policy (%zu "
                "polic%s, %zu version%s kept; the old history stays under main)\n",
                pd_store_path(*out), np, np == 1 ? "y" : "ies", nv, nv == 1 ? "" : "s");
    return PD_EXIT_OK;
}

int pd_cli_store_print(pd_cli_ctx *ctx, int (*print)(pd_buf *out, pd_store *s, void *payload),
                       void *payload)
{
    pd_store *s = NULL;
    pd_buf out = PD_BUF_INIT;
    int exit_code;

    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if (!(exit_code = print(&out, s, payload)))
        exit_code = pd_cli_write_buf(&out);
    pd_buf_dispose(&out);
    pd_store_free(s);
    return exit_code;
}

int pd_cli_parse_when(int64_t *out, const char *cmd, const char *opt, const char *when)
{
    int64_t last;
    if (pd_time_parse_span(out, &last, when) == 0)
        return PD_EXIT_OK;
    fprintf(stderr, "policydiff %s: %s: %s\n", cmd, opt, pd_error_last());
    return PD_EXIT_USAGE;
}

int pd_cli_parse_until(int64_t *out, const char *cmd, const char *opt, const char *when)
{
    int64_t first;
    if (pd_time_parse_span(&first, out, when) == 0)
        return PD_EXIT_OK;
    fprintf(stderr, "policydiff %s: %s: %s\n", cmd, opt, pd_error_last());
    return PD_EXIT_USAGE;
}

void pd_cli_store_warn_skipped(const pd_store *s)
{
    const char *w = pd_store_skipped(s);
    while (w && *w) {
        const char *nl = strchr(w, '\n');
        int n = nl ? (int)(nl - w) : (int)strlen(w);
        fprintf(stderr,
                "policydiff: warning: policies.conf: %.*s; it is skipped (fix or remove it)\n", n,
                w);
        w += n + (nl ? 1 : 0);
    }
}
