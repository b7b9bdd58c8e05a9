/* policydiff - track privacy policies and terms of service over time. */
#include "cli/cli.h"
#include "util/error.h"
#include "pd_version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const pd_cli_command commands[] = {
#define PD_CMD(fn, name, summary) {name, pd_cmd_##fn, summary},
#include "cli/commands.def"
#undef PD_CMD
};

static const char exit_codes[] = "Exit codes:\n"
                                 "  0  success; for diff and check: no substantive change\n"
                                 "  1  diff/check: substantive changes at or above --fail-on\n"
                                 "  2  bad arguments or bad input (nothing was written)\n"
                                 "  3  some fetches failed or were refused as suspicious\n"
                                 "  4  the store is locked by another run\n"
                                 "  5  internal error (I/O, git, out of memory)\n"
                                 "  6  push/pull: a policy's history diverged from the remote's\n";

static const char whens[] =
    "WHEN (--from, --to, --since, --until, --at, --date): now, 2021, 2021-06,\n"
    "2021-06-30, 2021-06-30T12:00:05Z, 2021-06-30T12:00+02:00, or a Wayback timestamp\n"
    "of 4, 6, 8, 10, 12 or 14 digits (20210630120005 or a prefix of it: 202106).  A\n"
    "date without a time is the whole period: --from and --since mean its start,\n"
    "--to, --until and --at its end.\n\n";

static void usage(FILE *f)
{
    fprintf(f, "usage: policydiff [-C DIR] <command> [options] [args]\n\nCommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\nRun 'policydiff <command> --help' for a command's options and an example.\n\n%s%s",
            whens, exit_codes);
}

int pd_cli_exit_code(int code)
{
    switch (code) {
    case 0:
        return PD_EXIT_OK;
    case PD_EINVALID:
    case PD_ENOTFOUND:
    case PD_EEXISTS:
    case PD_EEMPTY:
    case PD_ETOOBIG:
    case PD_ECONFLICT:
    case PD_EUNSUPPORTED:
        return PD_EXIT_USAGE;
    case PD_ELOCKED:
        return PD_EXIT_LOCKED;
    case PD_ENET:
    case PD_ESUSPICIOUS:
    case PD_EBUDGET:
        return PD_EXIT_FETCH;
    default:
        return PD_EXIT_INTERNAL;
    }
}

int pd_cli_fail(int code, const char *msg)
{
    const char *m = msg ? msg : pd_error_last();
    fprintf(stderr, "policydiff: %s\n", *m ? m : "unknown error");
    return pd_cli_exit_code(code);
}

int pd_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "policydiff %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'policydiff %s --help')\n", cmd);
    return PD_EXIT_USAGE;
}

int pd_cli_bad_option(const char *cmd, int c, char **argv)
{
    const char *opt = optind > 0 ? argv[optind - 1] : "?";
    /* a missing value always ends its argument, so optind has moved past it */
    if (c == ':')
        return pd_cli_usage(cmd, "'%s' needs a value", opt);
    /* optopt is 0 for an unknown long option, whose text is argv[optind-1];
     * else it is the letter or the known long option given a value it
     * does not take ("--force=x") */
    if (optopt == 0)
        return pd_cli_usage(cmd, "unknown option '%s'", opt);
    if (!strncmp(opt, "--", 2) && strchr(opt, '='))
        return pd_cli_usage(cmd, "'%.*s' takes no value", (int)(strchr(opt, '=') - opt), opt);
    return pd_cli_usage(cmd, "unknown option '-%c'", optopt);
}

int pd_cli_parse_options(int *done, const pd_cli_options *o, int argc, char **argv)
{
    static const struct option help_only[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const struct option *longopts = o->longopts ? o->longopts : help_only;
    char shortopts[32];
    int c, rc;

    *done = 0;
    snprintf(shortopts, sizeof(shortopts), ":h%s", o->shortopts ? o->shortopts : "");
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(o->help, stdout);
            *done = 1;
            return PD_EXIT_OK;
        }
        rc = PD_CLI_NOT_MINE;
        if (c != ':' && c != '?' && o->on_option)
            rc = o->on_option(c, optarg, o->on_option_payload);
        if (rc == PD_CLI_NOT_MINE)
            return pd_cli_bad_option(o->cmd, c, argv);
        if (rc)
            return rc;
    }
    return 0;
}

int pd_cli_check_output_path(const char *path)
{
    struct stat sb;
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!*path)
        return pd_error_set(PD_EINVALID, "empty file name");
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return pd_error_set(PD_EINVALID, "%s is a directory; give a file name", path);
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return pd_error_set(PD_EINVALID, "the directory %s does not exist; create it first", dir);
    if (access(dir, W_OK) != 0)
        return pd_error_set(PD_EINVALID, "cannot write in %s: %s", dir, strerror(errno));
    return 0;
}

int pd_cli_write_stdout(const char *data, size_t len)
{
    if (len && fwrite(data, 1, len, stdout) != len)
        return pd_cli_fail(PD_EIO, "cannot write to standard output");
    if (fflush(stdout) != 0 && errno != EPIPE)
        return pd_cli_fail(PD_EIO, "cannot write to standard output");
    return PD_EXIT_OK;
}

int pd_cli_write_buf(const pd_buf *out)
{
    int rc = pd_buf_error(out);
    if (rc)
        return pd_cli_fail(rc, NULL);
    return pd_cli_write_stdout(pd_buf_cstr(out), out->len);
}

int pd_cli_put_json(pd_buf *out, const json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text)
        return pd_cli_fail(PD_ENOMEM, "out of memory");
    pd_buf_puts(out, text);
    pd_buf_putc(out, '\n');
    free(text);
    return 0;
}

int pd_cli_format_text_json(int *json, const char *cmd, const char *value)
{
    if (!strcmp(value, "json"))
        *json = 1;
    else if (strcmp(value, "text"))
        return pd_cli_usage(cmd, "--format takes text or json, not '%s'", value);
    return 0;
}

void pd_cli_wayback_wait_notice(long wait_ms, int in_a_row, void *payload)
{
    long secs = (wait_ms + 999) / 1000;
    if (isatty(2))
        fputc('\n', stderr); /* keep a progress bar above the notice */
    fprintf(stderr,
            "policydiff %s: the Wayback Machine answered 429 Too Many Requests (%d in a row); "
            "waiting %ld s, then going slower\n",
            (const char *)payload, in_a_row, secs);
    fflush(stderr);
}

void pd_cli_retry_notice(const char *url, const char *why, long wait_ms, int attempt, int attempts,
                         void *payload)
{
    long secs = (wait_ms + 999) / 1000;
    fprintf(stderr, "policydiff %s: %.200s: %s; trying again in %ld s (attempt %d of %d)\n",
            (const char *)payload, url, why, secs, attempt, attempts);
    fflush(stderr);
}

int pd_cli_read_input(pd_buf *out, const char *path, size_t max)
{
    char why[1024];
    const char *hint;
    int rc = pd_buf_read_file(out, path, max);
    if (!rc || (rc != PD_ENOTFOUND && rc != PD_EINVALID && rc != PD_EIO))
        return rc;
    snprintf(why, sizeof(why), "%s", pd_error_last());
    if (!strncmp(why, "cannot open ", 12))
        hint = strstr(why, "Permission denied") ? "check the path and the file's permissions"
                                                : "check the path";
    else if (!strncmp(why, "cannot read ", 12))
        hint = "check that it is a readable file";
    else
        return pd_error_set(PD_EINVALID, "%s", why); /* "x is a directory; give a file" */
    return pd_error_set(PD_EINVALID, "%s; %s", why, hint);
}

int pd_cli_read_recipe(pd_recipe *r, const char *cmd, const char *path)
{
    pd_buf data = PD_BUF_INIT;
    const char *why;
    int rc = pd_cli_read_input(&data, path, 1 << 20);
    if (!rc)
        rc = pd_recipe_from_ota_json(r, pd_buf_cstr(&data), data.len);
    pd_buf_dispose(&data);
    if (!rc && r->npages)
        rc = pd_error_set(PD_EINVALID,
                          "this document combines pages (\"combine\": %zu); --recipe takes one "
                          "page's declaration: import the whole document with 'policydiff "
                          "import-ota SERVICE.json'",
                          r->npages);
    if (!rc)
        return PD_EXIT_OK;
    why = pd_error_last();
    if (!strncmp(why, "recipe: ", 8))
        why += 8; /* "--recipe FILE:" says it already */
    fprintf(stderr, "policydiff %s: --recipe %s: %s\n", cmd, path, why);
    return rc == PD_ENOMEM ? PD_EXIT_INTERNAL : PD_EXIT_USAGE;
}

int pd_cli_recipe_option(pd_recipe *r, const char *cmd, int c, const char *value)
{
    int rc;
    if (c == 'R')
        return pd_cli_read_recipe(r, cmd, value);
    if (c != 's' && c != 'r')
        return PD_CLI_NOT_MINE;
    if ((rc = pd_recipe_add_css(r, c == 'r', value)))
        return pd_cli_fail(rc, NULL);
    return 0;
}

int pd_cli_number(long *out, const char *s, long min, long max)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int pd_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return 0;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    pd_cli_ctx ctx = {NULL};
    int i = 1;

    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "-C")) {
            if (i + 1 >= argc || !*argv[i + 1]) {
                fprintf(stderr, "policydiff: -C needs a directory, e.g. policydiff -C ~/policies "
                                "log\n");
                return PD_EXIT_USAGE;
            }
            ctx.store_dir = argv[i + 1];
            i += 2;
        } else if (!strcmp(argv[i], "--version")) {
            printf("policydiff %s\n", PD_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "policydiff: unknown option '%s' (see 'policydiff --help')\n", argv[i]);
            return PD_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        if (i == 1) {
            usage(stderr); /* bare "policydiff": show what it can do */
            return PD_EXIT_USAGE;
        }
        fprintf(stderr, "policydiff: no command given after the options (see 'policydiff "
                        "--help')\n");
        return PD_EXIT_USAGE;
    }
    for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
        if (strcmp(argv[i], commands[c].name) == 0) {
            return commands[c].run(&ctx, argc - i, argv + i);
        }
    }
    fprintf(stderr, "policydiff: unknown command '%s' (see 'policydiff --help')\n", argv[i]);
    return PD_EXIT_USAGE;
}
