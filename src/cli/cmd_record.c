/* policydiff record: commit one capture of a policy. */
#include "cli/cli_store.h"
#include "normalize/normalize.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: policydiff record NAME FILE [--date WHEN] [--source URL] [--via live|wayback|file]\n"
    "                         [--wayback-ts TS] [--summary TEXT] [--force]\n"
    "\n"
    "Normalizes FILE (HTML, Markdown or text) with NAME's recipe and commits it as\n"
    "NAME's version captured at WHEN, only when the text differs from the version\n"
    "in effect then.  Recording the same capture twice adds nothing.  An older\n"
    "capture is put in its place in the history (later commits are re-created).\n"
    "\n"
    "  --date WHEN      capture time: 2021-06-30, 2021-06-30T12:00:05Z, a Wayback\n"
    "                   timestamp such as 20210630120005, or now (default)\n"
    "  --source URL     where the capture came from (default: FILE)\n"
    "  --via KIND       live, wayback or file (default: file)\n"
    "  --wayback-ts TS  the 14-digit Wayback Machine timestamp of the capture\n"
    "  --summary TEXT   a one-line change summary for the commit message\n"
    "  --force          rewrite history even if main was already pushed\n"
    "\n"
    "Example:\n"
    "  policydiff record allbuy saved/allbuy-2021-06-30.html --date 2021-06-30\n";

static const char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash) || dot == path)
        return NULL;
    return dot + 1;
}

int pd_cmd_record(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"date", required_argument, NULL, 'd'},    {"source", required_argument, NULL, 's'},
        {"via", required_argument, NULL, 'v'},     {"wayback-ts", required_argument, NULL, 'w'},
        {"summary", required_argument, NULL, 'm'}, {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    pd_record_options ro = PD_RECORD_OPTIONS_INIT;
    pd_normalize_options no = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report report;
    pd_record_result result;
    pd_buf raw = PD_BUF_INIT, text = PD_BUF_INIT;
    pd_policy *p = NULL;
    pd_store *s = NULL;
    const char *date = NULL, *path;
    char iso[32];
    int c, rc, exit_code = PD_EXIT_OK;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            date = optarg;
            break;
        case 's':
            ro.source = optarg;
            break;
        case 'v':
            if (strcmp(optarg, "live") && strcmp(optarg, "wayback") && strcmp(optarg, "file"))
                return pd_cli_usage("record", "--via takes live, wayback or file, not '%s'",
                                    optarg);
            ro.via = optarg;
            break;
        case 'w':
            ro.wayback_ts = optarg;
            break;
        case 'm':
            ro.summary = optarg;
            break;
        case 'f':
            ro.force = 1;
            break;
        case 'h':
            fputs(help, stdout);
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("record", c, argv);
        }
    }
    if (argc - optind != 2)
        return pd_cli_usage("record", "expected NAME and FILE");
    ro.policy = argv[optind];
    path = argv[optind + 1];
    if (pd_policy_name_check(ro.policy))
        return pd_cli_fail(PD_EINVALID, NULL);
    if (date) {
        if ((exit_code = pd_cli_parse_when(&ro.captured_at, "record", "--date", date)))
            return exit_code;
    } else {
        ro.captured_at = pd_time_now();
    }
    if (ro.wayback_ts && (strlen(ro.wayback_ts) != 14 || strspn(ro.wayback_ts, "0123456789") != 14))
        return pd_cli_usage("record", "--wayback-ts takes 14 digits (yyyyMMddhhmmss), not '%s'",
                            ro.wayback_ts);
    if (!ro.source)
        ro.source = path;
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        goto out;
    if ((rc = pd_store_policy_get(&p, s, ro.policy))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if ((rc = pd_cli_read_input(&raw, path, PD_NORMALIZE_MAX_INPUT))) {
        /* FILE is the user's input: missing, a directory or unreadable is exit 2 */
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    no.recipe = &p->recipe;
    no.url = p->url;
    no.kind = pd_input_kind_from_path(path);
    if ((rc = pd_normalize(&text, pd_buf_cstr(&raw), raw.len, &no, &report))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (report.warning[0])
        fprintf(stderr, "policydiff: warning: %s\n", report.warning);
    ro.raw_ext = ext_of(path);
    if ((rc = pd_store_record(&result, s, &ro, pd_buf_cstr(&raw), raw.len, text.ptr, text.len))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    pd_time_format_iso(iso, sizeof(iso), ro.captured_at);
    switch (result) {
    case PD_RECORD_UNCHANGED:
        printf("%s: unchanged at %s\n", ro.policy, iso);
        break;
    case PD_RECORD_DUPLICATE:
        printf("%s: capture of %s already recorded\n", ro.policy, iso);
        break;
    case PD_RECORD_COMMITTED:
        printf("%s: new version at %s\n", ro.policy, iso);
        break;
    case PD_RECORD_INSERTED: {
        size_t recreated, dropped;
        pd_store_last_rewrite(s, &recreated, &dropped);
        printf("%s: new version at %s\n", ro.policy, iso);
        fprintf(stderr,
                "policydiff: %s: the capture of %s is older than the newest commit; inserted "
                "it into the history and re-created %zu later commit(s)",
                ro.policy, iso, recreated);
        if (dropped)
            fprintf(stderr, ", dropped %zu that no longer changed anything", dropped);
        fputc('\n', stderr);
        break;
    }
    }
out:
    pd_policy_free(p);
    pd_buf_dispose(&raw);
    pd_buf_dispose(&text);
    pd_store_free(s);
    return exit_code;
}
