/* policydiff record: commit one capture of a policy. */
#include "cli/cli_store.h"
#include "ingest/ingest.h"
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
    "A page the garbage detector refuses, as fetch does (a bot wall or captcha, an\n"
    "\"Access denied\", error, maintenance or parked page, an age gate, a login or\n"
    "cookie wall; against the version in effect then: another language, no policy\n"
    "words left, a much shorter page under another title, more than half of the\n"
    "clauses lost), is not recorded unless --force.\n"
    "\n"
    "  --date WHEN      capture time: 2021-06-30, 2021-06-30T12:00:05Z, a Wayback\n"
    "                   timestamp such as 20210630120005, or now (default)\n"
    "  --source URL     where the capture came from (default: FILE)\n"
    "  --via KIND       live, wayback or file (default: file)\n"
    "  --wayback-ts TS  the 14-digit Wayback Machine timestamp of the capture\n"
    "  --summary TEXT   a one-line change summary for the commit message\n"
    "  --force          record a page the garbage detector refuses, and rewrite\n"
    "                   history even if main was already pushed\n"
    "\n"
    "Exit codes: 0 recorded (or unchanged), 2 bad arguments, unknown policy, or a\n"
    "FILE with no policy text, 3 refused as suspicious (nothing recorded), 4 the\n"
    "store is locked, 5 internal error.\n"
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

typedef struct {
    pd_ingest_options io;
    const char *date, *name, *path;
} record_args;

/* One option into the record_args at payload. */
static int record_option(int c, const char *value, void *payload)
{
    record_args *a = payload;
    switch (c) {
    case 'd':
        a->date = value;
        return 0;
    case 's':
        a->io.source = value;
        return 0;
    case 'v':
        if (strcmp(value, "live") && strcmp(value, "wayback") && strcmp(value, "file"))
            return pd_cli_usage("record", "--via takes live, wayback or file, not '%s'", value);
        a->io.via = value;
        return 0;
    case 'w':
        a->io.wayback_ts = value;
        return 0;
    case 'm':
        a->io.summary = value;
        return 0;
    case 'f':
        a->io.force = 1;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

/* Parses argv into a: NAME, FILE and the checked options; 0 to go on, else
 * the exit code (--help: *done). */
static int parse_args(record_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {
        {"date", required_argument, NULL, 'd'},    {"source", required_argument, NULL, 's'},
        {"via", required_argument, NULL, 'v'},     {"wayback-ts", required_argument, NULL, 'w'},
        {"summary", required_argument, NULL, 'm'}, {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "record",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = record_option,
                                 .on_option_payload = a};
    pd_ingest_options *io = &a->io;
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (argc - optind != 2)
        return pd_cli_usage("record", "expected NAME and FILE");
    a->name = argv[optind];
    a->path = argv[optind + 1];
    if (pd_policy_name_check(a->name))
        return pd_cli_fail(PD_EINVALID, NULL);
    if (a->date) {
        if ((exit_code = pd_cli_parse_when(&io->captured_at, "record", "--date", a->date)))
            return exit_code;
    } else {
        io->captured_at = pd_time_now();
    }
    if (io->wayback_ts &&
        (strlen(io->wayback_ts) != 14 || strspn(io->wayback_ts, "0123456789") != 14))
        return pd_cli_usage("record", "--wayback-ts takes 14 digits (yyyyMMddhhmmss), not '%s'",
                            io->wayback_ts);
    if (!io->source)
        io->source = a->path;
    return 0;
}

/* The exit code for pd_ingest_record's rc, saying why on stderr. */
static int record_failed(int rc, const pd_ingest_result *ir, const char *name)
{
    if (rc == PD_ESUSPICIOUS && !ir->accepted && !ir->report.extracted)
        /* no text at all: nothing --force could record; the normalizer says why */
        return pd_cli_fail(PD_EEMPTY, ir->report.no_text[0] ? ir->report.no_text : NULL);
    if (rc == PD_ESUSPICIOUS && !ir->accepted) {
        /* fetch's word and reason for the same page, and its exit code */
        fprintf(stderr,
                "policydiff: %s: suspicious: %s; not recorded (--force records it anyway)\n", name,
                ir->report.reason);
        return pd_cli_exit_code(PD_ESUSPICIOUS);
    }
    return pd_cli_fail(rc, NULL);
}

/* Says what recording the capture of at did. */
static void print_outcome(const pd_ingest_result *ir, pd_store *s, const char *name, int64_t at)
{
    char iso[32];

    if (ir->forced)
        fprintf(stderr, "policydiff: %s: recorded with --force although suspicious: %s\n", name,
                ir->report.reason);
    pd_time_format_iso(iso, sizeof(iso), at);
    switch (ir->record) {
    case PD_RECORD_UNCHANGED:
        printf("%s: unchanged at %s\n", name, iso);
        break;
    case PD_RECORD_DUPLICATE:
        printf("%s: capture of %s already recorded\n", name, iso);
        break;
    case PD_RECORD_COMMITTED:
        printf("%s: new version at %s\n", name, iso);
        break;
    case PD_RECORD_INSERTED: {
        size_t recreated, dropped;
        pd_store_last_rewrite(&recreated, &dropped, s);
        printf("%s: new version at %s\n", name, iso);
        fprintf(stderr,
                "policydiff: %s: the capture of %s is older than the newest commit; inserted "
                "it into the history and re-created %zu later commit(s)",
                name, iso, recreated);
        if (dropped)
            fprintf(stderr, ", dropped %zu that no longer changed anything", dropped);
        fputc('\n', stderr);
        break;
    }
    }
}

int pd_cmd_record(pd_cli_ctx *ctx, int argc, char **argv)
{
    record_args a = {.io = PD_INGEST_OPTIONS_INIT};
    pd_ingest_result ir = PD_INGEST_RESULT_INIT;
    pd_buf raw = PD_BUF_INIT;
    pd_policy *p = NULL;
    pd_store *s = NULL;
    int rc, exit_code, done = 0;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        return exit_code;
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        goto out;
    if ((rc = pd_store_policy_get(&p, s, a.name))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if ((rc = pd_cli_read_input(&raw, a.path, PD_NORMALIZE_MAX_INPUT))) {
        /* FILE is the user's input: missing, a directory or unreadable is exit 2 */
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    a.io.kind = pd_input_kind_from_path(a.path);
    a.io.raw_ext = ext_of(a.path);
    /* the same path as fetch and backfill: normalize, guard, record */
    rc = pd_ingest_record(&ir, s, p, &a.io, pd_buf_cstr(&raw), raw.len);
    if (ir.report.warning[0])
        fprintf(stderr, "policydiff: warning: %s\n", ir.report.warning);
    if (rc) {
        exit_code = record_failed(rc, &ir, a.name);
        goto out;
    }
    print_outcome(&ir, s, a.name, a.io.captured_at);
out:
    pd_policy_free(p);
    pd_buf_dispose(&raw);
    pd_ingest_result_dispose(&ir);
    pd_store_free(s);
    return exit_code;
}
