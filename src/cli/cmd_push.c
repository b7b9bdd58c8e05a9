/* policydiff push: send this store's captures and versions to a remote
 * that other runners push to as well, then bring its main view up to date. */
#include "cli/cli.h"
#include "cli/cli_remote.h"
#include "cli/cli_store.h"
#include "util/error.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff [-C DIR] push [--force] [REMOTE]\n"
    "\n"
    "Sends this store's captures/NAME and versions/NAME branches to REMOTE (a\n"
    "remote configured in the store, default origin, or a path or URL, then\n"
    "tracked as origin), then writes the remote's main (every policy's newest\n"
    "text and policies.conf) again.  Many runners may push to one remote at the\n"
    "same time (each checking its own --shard): every round first fetches the\n"
    "remote into refs/remotes/REMOTE/ and takes the others' newer refs (as pull\n"
    "does), pushes only the refs that are newer here, and replaces main with\n"
    "--force-with-lease on the main it saw, so no runner's view is lost; a\n"
    "rejected push is tried again (5 times).  A policy both sides recorded\n"
    "different captures of (diverged) is not sent and is named on standard\n"
    "error, unless --force.  Runs the git program.\n"
    "\n"
    "  --force   also send diverged policies, replacing the remote's (+refspec)\n"
    "\n"
    "The same with git itself (without the retries and the view):\n"
    "  git --git-dir=STORE push REMOTE 'refs/heads/captures/*:refs/heads/captures/*' \\\n"
    "      'refs/heads/versions/*:refs/heads/versions/*'\n"
    "\n"
    "Exit codes: 0 done, 2 bad arguments or no such remote, 3 the remote cannot\n"
    "be read or kept rejecting the push, 4 the store is locked, 5 internal\n"
    "error, 6 some policies diverged (the others were pushed).\n"
    "\n"
    "Example:\n"
    "  policydiff -C store check --shard 1/3 && policydiff -C store push\n";

#define PUSH_REJECTIONS 5

/* Pushes the refs in the state given (AHEAD, or DIVERGED with '+');
 * returns git's status (-1: could not run), 0 when there was nothing. */
static int push_refs(const pd_cli_remote *r, const pd_adopt_result *res, int force, size_t *sent)
{
    const char **args = calloc(res->n + 8, sizeof(*args));
    char **specs = calloc(res->n + 1, sizeof(*specs));
    size_t k = 0, a = 0;
    int st = 0;

    *sent = 0;
    if (!args || !specs) {
        free(args);
        free(specs);
        PD_ENOMEM_SET();
        return -1;
    }
    args[a++] = "push";
    args[a++] = "--quiet";
    args[a++] = "--porcelain";
    args[a++] = r->url;
    for (size_t i = 0; i < res->n; i++) {
        const pd_ref_pair *p = &res->refs[i];
        int plus = p->state == PD_REF_DIVERGED && force;
        if (p->state != PD_REF_AHEAD && !plus)
            continue;
        size_t len = 2 * strlen(p->ref) + 32;
        if (!(specs[k] = malloc(len))) {
            st = -1;
            PD_ENOMEM_SET();
            goto out;
        }
        snprintf(specs[k], len, "%srefs/heads/%s:refs/heads/%s", plus ? "+" : "", p->ref, p->ref);
        args[a++] = specs[k++];
    }
    args[a] = NULL;
    *sent = k;
    if (k) {
        pd_buf out = PD_BUF_INIT; /* --porcelain's report: not for the user */
        st = pd_cli_git(&out, r->store, args);
        pd_buf_dispose(&out);
    }
out:
    for (size_t i = 0; i < k; i++)
        free(specs[i]);
    free(specs);
    free(args);
    return st;
}

static int push_main(const pd_cli_remote *r, const char *expect)
{
    char lease[200];
    snprintf(lease, sizeof(lease), "--force-with-lease=refs/heads/main:%s", expect);
    const char *args[] = {
        "push", "--quiet", "--porcelain", lease, r->url, "refs/heads/main:refs/heads/main", NULL};
    pd_buf out = PD_BUF_INIT;
    int st = pd_cli_git(&out, r->store, args);
    pd_buf_dispose(&out);
    return st;
}

static int force_option(int c, const char *value, void *payload)
{
    *(int *)payload = 1; /* -f, --force: the only option besides --help */
    return 0;
}

/* Parses argv: --force; the one REMOTE, if any, is argv[optind].  0 to go
 * on, else the exit code (--help: *done). */
static int parse_args(int *force, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {
        {"force", no_argument, NULL, 'f'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "push",
                                 .help = help,
                                 .shortopts = "f",
                                 .longopts = longopts,
                                 .on_option = force_option,
                                 .on_option_payload = force};
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (argc - optind > 1)
        return pd_cli_usage("push", "unexpected argument '%s'", argv[optind + 1]);
    return 0;
}

/* One push's state across its rounds. */
typedef struct {
    pd_store *s;
    pd_cli_remote remote;
    pd_adopt_result res;
    size_t pushed, adopted;
    int force, rejections, diverged, view_pushed;
} push_run;

/* Takes the remote's refs (under the store lock) and sends ours that are
 * ahead (or diverged, with --force); *sent how many, *st git's status. */
static int push_policies(push_run *p, size_t *sent, int *st)
{
    int rc, exit_code;
    /* the others' refs first: ours are then equal, newer or diverged */
    if ((exit_code = pd_cli_remote_fetch(&p->remote)))
        return exit_code;
    pd_cli_adopt_dispose(&p->res);
    if ((rc = pd_store_lock(p->s, PD_STORE_LOCK_WAIT_MS)))
        return pd_cli_fail(rc, NULL);
    exit_code = pd_cli_adopt(&p->res, &p->remote);
    pd_store_unlock(p->s);
    if (exit_code)
        return exit_code;
    p->adopted += p->res.updated;
    p->diverged = (int)p->res.diverged;
    if ((*st = push_refs(&p->remote, &p->res, p->force, sent)) < 0)
        return pd_cli_fail(PD_EIO, NULL);
    return 0;
}

/* One round: the policies' refs, then (when they are all there) main's
 * view of them.  *finished when no further round is needed. */
static int push_round(push_run *p, int *finished)
{
    size_t sent = 0;
    int rc, st = 0, exit_code;

    if ((exit_code = push_policies(p, &sent, &st)))
        return exit_code;
    if (sent) {
        if (st == 0)
            p->pushed += sent;
        else if (++p->rejections >= PUSH_REJECTIONS)
            *finished = 1;
        else
            fprintf(stderr, "policydiff push: %s moved meanwhile; trying again (%d of %d)\n",
                    p->remote.url, p->rejections + 1, PUSH_REJECTIONS);
        return 0; /* fetch again: the remote-tracking refs then know what it holds */
    }
    /* every ref is there: the view of them all, unless main has it already */
    if ((rc = pd_store_view_refresh(p->s)))
        return pd_cli_fail(rc, NULL);
    if ((exit_code = pd_cli_read_mains(&p->res, &p->remote)))
        return exit_code;
    if (!p->res.main_local[0] || !strcmp(p->res.main_local_tree, p->res.main_remote_tree)) {
        *finished = 1;
        return 0;
    }
    if ((st = push_main(&p->remote, p->res.main_remote)) < 0)
        return pd_cli_fail(PD_EIO, NULL);
    if (st == 0) {
        p->view_pushed = 1;
        *finished = 1;
        return pd_cli_remote_fetch(&p->remote);
    }
    if (++p->rejections >= PUSH_REJECTIONS) {
        *finished = 1;
        return 0;
    }
    fprintf(stderr,
            "policydiff push: another runner wrote %s's main meanwhile; taking its refs "
            "and trying again (%d of %d)\n",
            p->remote.url, p->rejections + 1, PUSH_REJECTIONS);
    return 0;
}

/* Rounds until everything is pushed or the remote rejected us too often;
 * then the summary line.  The exit code. */
static int push_all(push_run *p)
{
    int rounds = 0, finished = 0, exit_code;

    while (!finished) {
        if (++rounds > 3 * PUSH_REJECTIONS + 4)
            return pd_cli_fail(PD_ERROR, "push: the remote keeps moving; try again later");
        if ((exit_code = push_round(p, &finished)))
            return exit_code;
    }
    if (p->rejections >= PUSH_REJECTIONS) {
        fprintf(stderr,
                "policydiff push: %s rejected the push %d times (other runners pushing); "
                "run 'policydiff push' again\n",
                p->remote.url, p->rejections);
        return PD_EXIT_FETCH;
    }
    printf("pushed to %s: %zu %s sent, %zu %s taken from it, %d diverged; main %s\n", p->remote.url,
           p->pushed, p->pushed == 1 ? "ref" : "refs", p->adopted,
           p->adopted == 1 ? "policy" : "policies", p->diverged,
           p->view_pushed ? "updated" : "up to date");
    if (fflush(stdout) != 0)
        return PD_EXIT_INTERNAL;
    if (p->diverged && !p->force)
        return PD_EXIT_DIVERGED;
    return PD_EXIT_OK;
}

int pd_cmd_push(pd_cli_ctx *ctx, int argc, char **argv)
{
    push_run p = {0};
    int rc, exit_code, done = 0;

    if ((exit_code = parse_args(&p.force, argc, argv, &done)) || done)
        return exit_code;
    if ((exit_code = pd_cli_store_open(&p.s, ctx)))
        return exit_code;
    if ((rc = pd_store_layout_check(p.s))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if ((exit_code = pd_cli_remote_resolve(&p.remote, "push", pd_store_path(p.s),
                                           optind < argc ? argv[optind] : NULL)))
        goto out;
    exit_code = push_all(&p);
out:
    pd_cli_adopt_dispose(&p.res);
    pd_store_free(p.s);
    return exit_code;
}
