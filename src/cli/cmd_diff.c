/* policydiff diff: clause-level changes between two versions of a policy. */
#include "classify/diff.h"
#include "cli/cli_store.h"
#include "fetch/nearest.h"
#include "fetch/wayback.h"
#include "ingest/ingest.h"
#include "normalize/markdown.h"
#include "normalize/normalize.h"
#include "report/report.h"
#include "store/store.h"
#include "util/error.h"
#include "util/timeutil.h"
#include "util/url.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: policydiff diff [options] OLD NEW\n"
    "       policydiff [-C DIR] diff [options] NAME --from WHEN [--to WHEN]\n"
    "       policydiff diff [options] --wayback URL --from WHEN [--to WHEN]\n"
    "\n"
    "Shows which clauses of a policy were added, removed, reworded or moved.\n"
    "OLD and NEW are files (.html is normalized first, .md/.txt canonicalized;\n"
    "'-' reads one of them from standard input), or the versions of policy NAME\n"
    "in effect at two times in the store.  With --wayback, no store is needed:\n"
    "the Wayback Machine captures of URL nearest the two dates are fetched,\n"
    "normalized and compared.\n"
    "\n"
    "  --format FMT      text (default), json, markdown or html\n"
    "  --stat            one summary line instead of the changes\n"
    "  --color WHEN      auto (default: when stdout is a terminal), always, never\n"
    "  --fail-on SEV     exit 1 only for substantive changes of at least this\n"
    "                    severity: none (never), low (default), medium, high\n"
    "  --from WHEN       the old version of NAME (date, datetime or Wayback timestamp;\n"
    "                    a date means its start)\n"
    "  --to WHEN         the new version of NAME (default: now; a date means its end,\n"
    "                    so --to 2021-06-30 includes that day's captures)\n"
    "  --no-cosmetic     leave cosmetic changes out of text, markdown and html\n"
    "  --wayback URL     compare the captures of URL nearest --from and --to\n"
    "  --wayback-url BASE  the Wayback Machine to ask (default:\n"
    "                    $POLICYDIFF_WAYBACK_URL, else https://web.archive.org)\n"
    "  --allow-private   let the Wayback Machine be on a loopback or private address\n"
    "                    (a local mirror); refused by default\n"
    "\n"
    "Exit status: 0 no substantive change (cosmetic changes count as none),\n"
    "1 substantive changes at or above --fail-on, 2 bad arguments or input (or,\n"
    "with --wayback, no capture of URL), 3 the Wayback Machine could not be\n"
    "reached or served an error page instead of the capture, or a page is over a\n"
    "budget (a table repeating cells past its size, an element of more than 256\n"
    "attributes, more than 1,000,000 elements, a text run over 10 MB).\n"
    "\n"
    "Examples:\n"
    "  policydiff diff old/privacy.html new/privacy.html\n"
    "  policydiff diff --format json github/privacy --from 2021-01-01 --to 2023-06-30\n"
    "  policydiff diff --wayback https://example.com/privacy --from 2018 --to 2021-06-30\n";

typedef struct {
    pd_buf text; /* canonical Markdown */
    char label[512];
    char date[32];
    char commit[41];
    char *source;
} side;

static int load_file(side *s, const char *path)
{
    pd_buf raw = PD_BUF_INIT;
    pd_normalize_options opts = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report rep;
    int rc;

    snprintf(s->label, sizeof(s->label), "%s", strcmp(path, "-") ? path : "(stdin)");
    if ((rc = pd_cli_read_input(&raw, path, PD_NORMALIZE_MAX_INPUT)))
        goto out;
    opts.kind = pd_input_kind_from_path(path);
    if (raw.len == 0) {
        /* /dev/null is the deliberate "no version" (everything added or
         * removed); any other empty file is a mistake worth stopping on. */
        if (strcmp(path, "/dev/null"))
            rc = pd_error_set(PD_EEMPTY,
                              "%s is empty; to compare against nothing, give /dev/null instead",
                              s->label);
        goto out;
    }
    /* pd_normalize() tells binary from UTF-16 HTML itself; the Markdown
     * reader takes UTF-8 only, so a NUL there means a binary file */
    if (opts.kind == PD_INPUT_MARKDOWN && memchr(raw.ptr, '\0', raw.len < 8192 ? raw.len : 8192)) {
        rc = pd_error_set(PD_EINVALID,
                          "%s looks binary, not a web page or text; give the HTML, "
                          "Markdown or text of a policy",
                          s->label);
        goto out;
    }
    if (opts.kind == PD_INPUT_MARKDOWN) {
        /* Markdown or text: read it and write it back canonical */
        pd_doc doc = PD_DOC_INIT;
        if (!(rc = pd_markdown_read(&doc, raw.ptr, raw.len)))
            rc = pd_doc_write_markdown(&s->text, &doc);
        pd_doc_dispose(&doc);
        goto out;
    }
    rc = pd_normalize(&s->text, raw.ptr, raw.len, &opts, &rep);
    if (rc == PD_EEMPTY) {
        char why[300];
        snprintf(why, sizeof(why), "%s", pd_error_last());
        rc = pd_error_set(PD_EEMPTY,
                          "%s: no policy text found (%s); check that it is the policy page "
                          "(policydiff normalize shows what is extracted)",
                          s->label, why);
    } else if (!rc && rep.budget[0]) {
        /* over a budget (the table-span one): refused, as fetch refuses it */
        rc = pd_error_set(PD_EBUDGET, "%s: %s", s->label, rep.warning);
    } else if (!rc && rep.warning[0]) {
        fprintf(stderr, "policydiff: warning: %s: %s\n", s->label, rep.warning);
    }
out:
    pd_buf_dispose(&raw);
    return rc;
}

/* The instant a WHEN names: a date without a time is a whole period, whose
 * start is meant by --from and whose end by --to (as log --since/--until):
 * "--to 2021-06-30" includes what was captured that day. */
static int when_instant(int64_t *t, const char *when, int end)
{
    int64_t first, last;
    int rc = pd_time_parse_span(&first, &last, when);
    if (!rc)
        *t = end ? last : first;
    return rc;
}

static int load_version(side *s, pd_store *st, const char *name, const char *when, int end)
{
    pd_version v;
    int64_t t;
    int rc;

    memset(&v, 0, sizeof(v));
    if ((rc = when_instant(&t, when, end)))
        return rc;
    if ((rc = pd_store_show(&s->text, &v, st, name, t)))
        return rc;
    pd_time_format_iso(s->date, sizeof(s->date), v.captured_at);
    snprintf(s->label, sizeof(s->label), "%s@%s", name, s->date);
    memcpy(s->commit, v.commit, sizeof(s->commit));
    s->commit[40] = '\0';
    if (v.source && !(s->source = strdup(v.source)))
        rc = PD_ENOMEM_SET();
    pd_version_dispose(&v);
    return rc;
}

/* The Wayback capture of url nearest when, normalized. */
static int load_wayback(side *s, pd_wayback *w, const char *base, const char *url, const char *when,
                        int end)
{
    pd_wayback_pick pick;
    pd_wayback_capture cap;
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;
    int64_t t;
    int rc;

    memset(&cap, 0, sizeof(cap));
    if ((rc = when_instant(&t, when, end)) || (rc = pd_wayback_nearest(&pick, w, url, t)) ||
        (rc = pd_wayback_fetch(&cap, w, pick.timestamp, url)))
        goto out;
    pd_time_format_iso(s->date, sizeof(s->date), cap.time ? cap.time : pick.time);
    snprintf(s->label, sizeof(s->label), "%.400s@%s", url, s->date);
    {
        pd_buf src = PD_BUF_INIT;
        pd_buf_printf(&src, "%s/web/%s/%s", base, cap.timestamp[0] ? cap.timestamp : pick.timestamp,
                      url);
        if (!(s->source = pd_buf_detach(&src))) {
            rc = PD_ENOMEM_SET();
            goto out;
        }
    }
    /* the same judgement as record, fetch and backfill (ingest.h): a
     * capture of a bot wall, a captcha or a login page is not the policy,
     * and comparing it would report its words as changes */
    in.raw = pd_buf_cstr(&cap.body);
    in.rawlen = cap.body.len;
    in.url = url;
    in.content_type = cap.content_type;
    in.status = 200;
    rc = pd_ingest_derive(&s->text, &rep, &in);
    if (rc == PD_ESUSPICIOUS && !rep.extracted)
        rc = pd_error_set(PD_ESUSPICIOUS,
                          "the capture %s has no policy text (an error or redirect page?); "
                          "try a nearby date",
                          s->source);
    else if (rc == PD_ESUSPICIOUS)
        rc =
            pd_error_set(PD_ESUSPICIOUS, "the capture %s is not the policy (%s); try a nearby date",
                         s->source, rep.reason);
    else if (!rc && rep.warning[0])
        fprintf(stderr, "policydiff: warning: %s: %s\n", s->label, rep.warning);
out:
    pd_wayback_capture_dispose(&cap);
    return rc;
}

static int diff_wayback(side *a, side *b, const char *url, const char *base_opt, const char *from,
                        const char *to, int allow_private)
{
    pd_wayback_options wo = PD_WAYBACK_OPTIONS_INIT;
    pd_wayback *w = NULL;
    const char *base = base_opt;
    int rc;

    if (!base || !*base)
        base = getenv("POLICYDIFF_WAYBACK_URL");
    if (!base || !*base)
        base = PD_WAYBACK_DEFAULT_URL;
    pd_wayback_options_from_env(&wo);
    wo.http.allow_private |= allow_private;
    wo.base = base;
    wo.on_wait = pd_cli_wayback_wait_notice;
    wo.on_wait_payload = (void *)"diff";
    if ((rc = pd_wayback_new(&w, &wo)))
        return rc;
    if (!(rc = load_wayback(a, w, base, url, from, 0)) &&
        !(rc = load_wayback(b, w, base, url, to ? to : "now", 1)) && a->source && b->source &&
        !strcmp(a->source, b->source))
        fprintf(stderr, "policydiff: note: both dates resolve to the same capture (%s)\n", a->date);
    pd_wayback_free(w);
    return rc;
}

typedef struct {
    const char *from, *to, *color, *wayback, *wayback_base, *fmt_name;
    int fmt, stat, fail_on, no_cosmetic, allow_private;
} diff_args;

/* One option into the diff_args at payload. */
static int diff_option(int c, const char *value, void *payload)
{
    diff_args *o = payload;
    switch (c) {
    case 'f':
        o->fmt_name = value;
        if ((o->fmt = pd_format_from_name(value)) < 0)
            return pd_cli_usage("diff", "--format takes text, json, markdown or html, not '%s'",
                                value);
        return 0;
    case 's':
        o->stat = 1;
        return 0;
    case 'c':
        if (strcmp(value, "auto") && strcmp(value, "always") && strcmp(value, "never"))
            return pd_cli_usage("diff", "--color takes auto, always or never, not '%s'", value);
        o->color = value;
        return 0;
    case 'F':
        if ((o->fail_on = pd_severity_from_name(value)) < 0)
            return pd_cli_usage("diff", "--fail-on takes none, low, medium or high, not '%s'",
                                value);
        return 0;
    case 'a':
        o->from = value;
        return 0;
    case 'b':
        o->to = value;
        return 0;
    case 'n':
        o->no_cosmetic = 1;
        return 0;
    case 'W':
        o->wayback = value;
        return 0;
    case 'B':
        o->wayback_base = value;
        return 0;
    case 'P':
        o->allow_private = 1;
        return 0;
    default:
        return PD_CLI_NOT_MINE;
    }
}

/* Parses argv into o and checks the options that go together; 0 to go on,
 * else the exit code (--help: *done). */
static int parse_args(diff_args *o, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"stat", no_argument, NULL, 's'},
                                             {"color", required_argument, NULL, 'c'},
                                             {"colour", required_argument, NULL, 'c'},
                                             {"fail-on", required_argument, NULL, 'F'},
                                             {"from", required_argument, NULL, 'a'},
                                             {"to", required_argument, NULL, 'b'},
                                             {"no-cosmetic", no_argument, NULL, 'n'},
                                             {"wayback", required_argument, NULL, 'W'},
                                             {"wayback-url", required_argument, NULL, 'B'},
                                             {"allow-private", no_argument, NULL, 'P'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "diff",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = diff_option,
                                 .on_option_payload = o};
    int64_t tf, tt;
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (o->stat && o->fmt != PD_FORMAT_TEXT)
        return pd_cli_usage("diff",
                            "--stat is one text line and cannot be combined with "
                            "--format %s; drop --stat and read the summary of the "
                            "full report",
                            o->fmt_name);
    if (!o->from)
        return 0;
    /* a reversed range would report every change backwards (a removed
     * right as an added one): refuse it rather than mislead */
    if (!when_instant(&tf, o->from, 0) && tf > pd_time_now())
        return pd_cli_usage("diff",
                            "--from %s is in the future: nothing was captured "
                            "then yet",
                            o->from);
    if (!when_instant(&tf, o->from, 0) && !when_instant(&tt, o->to ? o->to : "now", 1) && tf > tt)
        return pd_cli_usage("diff", "--from %s is after --to %s; swap them", o->from,
                            o->to ? o->to : "now");
    return 0;
}

/* Loads the two sides the arguments name: Wayback captures, two versions
 * in the store (*st, the caller's to free) or two files; 0 or the exit
 * code. */
static int load_sides(side *a, side *b, pd_store **st, pd_cli_ctx *ctx, const diff_args *o,
                      int argc, char **argv)
{
    int rc;

    if (o->wayback) {
        if (argc - optind != 0)
            return pd_cli_usage("diff", "--wayback takes no OLD/NEW or NAME arguments");
        if (!o->from)
            return pd_cli_usage("diff", "--wayback needs --from WHEN (and --to WHEN, "
                                        "default now)");
        if ((rc = pd_url_check(o->wayback)) ||
            (rc =
                 diff_wayback(a, b, o->wayback, o->wayback_base, o->from, o->to, o->allow_private)))
            return pd_cli_fail(rc, NULL);
    } else if (o->from || o->to) {
        if (argc - optind != 1)
            return pd_cli_usage("diff", "with --from/--to give one policy NAME");
        if (!o->from)
            return pd_cli_usage("diff", "--to needs --from");
        if ((rc = pd_store_open(st, ctx->store_dir)) ||
            (rc = load_version(a, *st, argv[optind], o->from, 0)) ||
            (rc = load_version(b, *st, argv[optind], o->to ? o->to : "now", 1)))
            return pd_cli_fail(rc, NULL);
    } else {
        if (argc - optind != 2)
            return pd_cli_usage("diff", "give two files OLD NEW, or NAME --from WHEN");
        if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
            return pd_cli_usage("diff", "only one of OLD and NEW can be '-'");
        if ((rc = load_file(a, argv[optind])) || (rc = load_file(b, argv[optind + 1])))
            /* a missing, empty or unusable file is bad input: exit 2 */
            return pd_cli_fail(rc == PD_ENOTFOUND || rc == PD_EIO ? PD_EINVALID : rc, NULL);
    }
    return 0;
}

/* report()'s drain: what the report holds so far, written out and let go. */
static int drain_stdout(pd_buf *out, void *payload)
{
    (void)payload;
    if (fwrite(out->ptr, 1, out->len, stdout) != out->len)
        return pd_error_set(PD_EIO, "cannot write to standard output: %s", strerror(errno));
    pd_buf_clear(out);
    return 0;
}

/* Writes the report of d between a and b to stdout, as it is made (a large
 * report is not held whole); the exit code. */
static int report(const pd_diff *d, const side *a, const side *b, const diff_args *o)
{
    pd_report_options ropts = PD_REPORT_OPTIONS_INIT;
    pd_buf out = PD_BUF_INIT;
    pd_diff_summary sum;
    int rc, exit_code;

    if (o->no_cosmetic)
        ropts.show_cosmetic = 0;
    ropts.old_side.label = a->label;
    ropts.old_side.date = a->date[0] ? a->date : NULL;
    ropts.old_side.commit = a->commit[0] ? a->commit : NULL;
    ropts.old_side.source = a->source;
    ropts.new_side.label = b->label;
    ropts.new_side.date = b->date[0] ? b->date : NULL;
    ropts.new_side.commit = b->commit[0] ? b->commit : NULL;
    ropts.new_side.source = b->source;
    ropts.color = !strcmp(o->color, "always") ||
                  (!strcmp(o->color, "auto") && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
    if (o->fmt != PD_FORMAT_TEXT)
        ropts.color = 0;
    ropts.drain = drain_stdout;
    rc = o->stat ? pd_report_stat(&out, d, &ropts) : pd_report_render(&out, o->fmt, d, &ropts);
    if (rc) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if ((exit_code = pd_cli_write_stdout(out.ptr, out.len)))
        goto out;
    pd_diff_summarize(&sum, d);
    if (o->fail_on != PD_SEV_NONE && sum.substantive && (int)sum.worst >= o->fail_on)
        exit_code = PD_EXIT_CHANGES;
out:
    pd_buf_dispose(&out);
    return exit_code;
}

int pd_cmd_diff(pd_cli_ctx *ctx, int argc, char **argv)
{
    diff_args o = {
        .color = "auto", .fmt_name = "text", .fmt = PD_FORMAT_TEXT, .fail_on = PD_SEV_LOW};
    pd_align_options aopts = PD_ALIGN_OPTIONS_INIT;
    side a, b;
    pd_diff *d = NULL;
    pd_store *st = NULL;
    int rc, exit_code, done = 0;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    if ((exit_code = parse_args(&o, argc, argv, &done)) || done)
        return exit_code;
    if ((exit_code = load_sides(&a, &b, &st, ctx, &o, argc, argv)))
        goto out;
    if ((rc = pd_diff_texts(&d, pd_buf_cstr(&a.text), a.text.len, pd_buf_cstr(&b.text), b.text.len,
                            &aopts))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    /* the changes hold their own text: the inputs are not needed to report */
    pd_buf_dispose(&a.text);
    pd_buf_dispose(&b.text);
    exit_code = report(d, &a, &b, &o);
out:
    pd_diff_free(d);
    if (st)
        pd_store_free(st);
    pd_buf_dispose(&a.text);
    pd_buf_dispose(&b.text);
    free(a.source);
    free(b.source);
    return exit_code;
}
