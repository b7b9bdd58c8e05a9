/* policydiff pull: take the captures and versions other runners pushed. */
#include "cli/cli.h"
#include "cli/cli_remote.h"
#include "cli/cli_store.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff [-C DIR] pull [REMOTE]\n"
    "\n"
    "Fetches every branch of REMOTE (a remote configured in the store, default\n"
    "origin, or a path or URL, then tracked as origin) into refs/remotes/REMOTE/,\n"
    "then, per policy, moves this store's captures/NAME and versions/NAME to the\n"
    "remote's when they are missing here or behind it.  A policy both sides\n"
    "recorded different captures of (diverged) is kept as it is and named on\n"
    "standard error with what to do.  A store whose policies.conf lists no policy\n"
    "(a fresh 'policydiff init' used as a clone) takes the remote main's\n"
    "policies.conf.  Then main (the view) is written again.  Versions pulled\n"
    "count as pushed: recording an older capture that would rewrite them is\n"
    "refused without --force.  Runs the git program.\n"
    "\n"
    "Prints: pulled from REMOTE: N policies updated, M unchanged, K diverged.\n"
    "\n"
    "The same with git itself:\n"
    "  git --git-dir=STORE fetch REMOTE '+refs/heads/*:refs/remotes/origin/*'\n"
    "  (then fast-forward captures/NAME and versions/NAME with git update-ref)\n"
    "\n"
    "Exit codes: 0 done, 2 bad arguments or no such remote, 3 the remote cannot\n"
    "be read, 4 the store is locked, 5 internal error, 6 some policies diverged\n"
    "(the others were pulled).\n"
    "\n"
    "Example:\n"
    "  policydiff init copy && policydiff -C copy pull /srv/policies.git\n";

/* Parses argv; the one REMOTE, if any, is argv[optind].  0 to go on, else
 * the exit code (--help: *done). */
static int parse_args(int argc, char **argv, int *done)
{
    static const pd_cli_options opts = {.cmd = "pull", .help = help};
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (argc - optind > 1)
        return pd_cli_usage("pull", "unexpected argument '%s'", argv[optind + 1]);
    return 0;
}

/* A fresh store used as a clone takes the remote's list of policies: its
 * main's policies.conf, when the store has none.  0 or the exit code. */
static int take_policies_conf(pd_store *s, const pd_cli_remote *remote, const pd_adopt_result *res)
{
    pd_policy *list = NULL;
    pd_buf conf = PD_BUF_INIT, path = PD_BUF_INIT;
    size_t nlist = 0;
    int rc, exit_code = 0;

    if ((rc = pd_store_policy_list(&list, &nlist, s))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (nlist == 0 && res->main_remote[0]) {
        char spec[300];
        int st;
        snprintf(spec, sizeof(spec), "%s:policies.conf", res->main_remote);
        {
            const char *args[] = {"cat-file", "blob", spec, NULL};
            st = pd_cli_git(&conf, pd_store_path(s), args);
        }
        if (st == 0 && conf.len) {
            pd_buf_printf(&path, "%s/policies.conf", pd_store_path(s));
            if ((rc = pd_buf_error(&path)) ||
                (rc = pd_write_file_atomic(pd_buf_cstr(&path), conf.ptr, conf.len))) {
                exit_code = pd_cli_fail(rc, NULL);
                goto out;
            }
            fprintf(stderr, "policydiff pull: took policies.conf from %s's main\n", remote->url);
        }
    }
out:
    pd_policy_array_free(list, nlist);
    pd_buf_dispose(&conf);
    pd_buf_dispose(&path);
    return exit_code;
}

int pd_cmd_pull(pd_cli_ctx *ctx, int argc, char **argv)
{
    pd_store *s = NULL;
    pd_cli_remote remote;
    pd_adopt_result res = {0};
    int rc, locked = 0, exit_code, done = 0;

    if ((exit_code = parse_args(argc, argv, &done)) || done)
        return exit_code;
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_store_layout_check(s))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if ((exit_code = pd_cli_remote_resolve(&remote, "pull", pd_store_path(s),
                                           optind < argc ? argv[optind] : NULL)) ||
        (exit_code = pd_cli_remote_fetch(&remote)))
        goto out;
    if ((rc = pd_store_lock(s, PD_STORE_LOCK_WAIT_MS))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    locked = 1;
    if ((exit_code = pd_cli_adopt(&res, &remote)) ||
        (exit_code = take_policies_conf(s, &remote, &res)))
        goto out;
    if ((rc = pd_store_view_refresh(s))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    printf("pulled from %s: %zu %s updated, %zu unchanged, %zu diverged\n", remote.url, res.updated,
           res.updated == 1 ? "policy" : "policies", res.unchanged + res.ahead, res.diverged);
    if (fflush(stdout) != 0)
        exit_code = PD_EXIT_INTERNAL;
    else if (res.diverged)
        exit_code = PD_EXIT_DIVERGED;
out:
    if (locked)
        pd_store_unlock(s);
    pd_cli_adopt_dispose(&res);
    pd_store_free(s);
    return exit_code;
}
