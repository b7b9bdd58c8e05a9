/*
 * cli.h - what every subcommand shares: exit codes, the command table,
 * error printing.  The CLI is the only place that prints or exits; each
 * subcommand lives in its own cmd_<name>.c over the library.
 */
#ifndef PD_CLI_H
#define PD_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "normalize/recipe.h"
#include "util/buf.h"

/* Exit codes, documented in --help and the README. */
enum {
    PD_EXIT_OK = 0,       /* success; for diff/check: no substantive change */
    PD_EXIT_CHANGES = 1,  /* diff/check: substantive changes at or above --fail-on */
    PD_EXIT_USAGE = 2,    /* bad arguments or bad input; nothing written */
    PD_EXIT_FETCH = 3,    /* some fetches failed or were refused as suspicious */
    PD_EXIT_LOCKED = 4,   /* another run holds the store lock */
    PD_EXIT_INTERNAL = 5, /* I/O, git or memory failure */
    PD_EXIT_DIVERGED = 6, /* push/pull: a policy's history differs here and on the remote */
};

typedef struct {
    const char *store_dir; /* -C DIR, or NULL for the current directory */
} pd_cli_ctx;

typedef struct {
    const char *name;
    int (*run)(pd_cli_ctx *ctx, int argc, char **argv);
    const char *summary;
} pd_cli_command;

/* Prints "policydiff: <msg>" (or pd_error_last() when msg is NULL) to stderr
 * and returns the exit code for the library error code. */
int pd_cli_fail(int code, const char *msg);
/* What an option callback returns for an option that is not its own: the
 * parser reports it as unknown. */
#define PD_CLI_NOT_MINE (-1)

/* A command's options, for pd_cli_parse_options(). */
typedef struct {
    const char *cmd;               /* "list", for the messages */
    const char *help;              /* what -h and --help print */
    const char *shortopts;         /* getopt letters besides 'h' ("v", "j:"); NULL: none */
    const struct option *longopts; /* with {"help", no_argument, NULL, 'h'}; NULL: only that */
    /* Takes option c (what getopt_long returned; never 'h', ':' or '?')
     * with its value (NULL for a flag): 0, an exit code to stop with (its
     * message printed), or PD_CLI_NOT_MINE.  NULL: no options but --help. */
    int (*on_option)(int c, const char *value, void *payload);
    void *on_option_payload;
} pd_cli_options;

/* Reads the options of argv (argv[0]: the command) from the start with
 * getopt_long: -h and --help print o->help on
 * stdout and set *done; every other option goes to o->on_option; an
 * unknown option, a missing value, a value given to a flag and an option
 * on_option says is not its own are usage errors (pd_cli_bad_option).
 * Returns 0 with optind at the first operand, or the exit code to end the
 * command with (PD_EXIT_OK after the help). */
int pd_cli_parse_options(int *done, const pd_cli_options *o, int argc, char **argv);

/* Exit code for a library error code. */
int pd_cli_exit_code(int code);
/* Prints a usage error and a hint to run --help; returns PD_EXIT_USAGE. */
int pd_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long (optstring starting with ':') returned
 * in c: "'--from' needs a value" for ':', else "unknown option"; returns
 * PD_EXIT_USAGE. */
int pd_cli_bad_option(const char *cmd, int c, char **argv);
/* 0 when a file can be written at path (not a directory, its directory
 * exists and is writable); else PD_EINVALID with a message saying which. */
int pd_cli_check_output_path(const char *path);
/* Writes len bytes to stdout; returns PD_EXIT_INTERNAL on a write error. */
int pd_cli_write_stdout(const char *data, size_t len);
/* Writes out to stdout, or prints the error that made it fail; the exit
 * code. */
int pd_cli_write_buf(const pd_buf *out);
/* Appends doc as JSON indented by two, keys in their order, and a newline
 * (the layout of list and log); 0, or prints "out of memory" and returns
 * the exit code.  doc stays the caller's. */
int pd_cli_put_json(pd_buf *out, const json_t *doc);
/* --format text|json (list, log): *json set for json; another value prints
 * cmd's usage error and returns PD_EXIT_USAGE. */
int pd_cli_format_text_json(int *json, const char *cmd, const char *value);
/* pd_wayback_options.on_wait for a command (payload: its name): says on stderr
 * that the Wayback Machine rate-limited us and how long we wait. */
void pd_cli_wayback_wait_notice(long wait_ms, int in_a_row, void *payload);
/* pd_http_options.on_retry for a command (payload: its name): says on stderr
 * which page is tried again, why, and after how long. */
void pd_cli_retry_notice(const char *url, const char *why, long wait_ms, int attempt, int attempts,
                         void *payload);
/* Reads a file the user named ('-': standard input) into out, at most max
 * bytes.  A path that cannot be opened or read is PD_EINVALID (exit 2) with
 * what to do added to the message ("cannot open x.html: No such file or
 * directory; check the path"); other errors keep their code. */
int pd_cli_read_input(pd_buf *out, const char *path, size_t max);
/* --recipe FILE (normalize, add): appends the Open Terms Archive document
 * declaration in path to r.  On failure prints "policydiff <cmd>: --recipe
 * FILE: why" (a service declaration or a document combining several pages
 * points to import-ota) and returns the exit code: PD_EXIT_USAGE for a file
 * that cannot be read or is not one page's declaration. */
int pd_cli_read_recipe(pd_recipe *r, const char *cmd, const char *path);
/* The recipe options of add and normalize: their getopt_long rows, the
 * lines of their help, and pd_cli_recipe_option() that takes them. */
#define PD_CLI_RECIPE_LONGOPTS                                                                     \
    {"select", required_argument, NULL, 's'}, {"remove", required_argument, NULL, 'r'},            \
    {                                                                                              \
        "recipe", required_argument, NULL, 'R'                                                     \
    }
#define PD_CLI_RECIPE_HELP                                                                         \
    "  --select CSS     keep only what matches (repeatable)\n"                                     \
    "  --remove CSS     drop what matches (repeatable)\n"                                          \
    "  --recipe FILE    one Open Terms Archive document declaration ({\"fetch\": URL,\n"           \
    "                   \"select\": CSS, \"remove\": CSS}; range selectors and filters\n"          \
    "                   included); a service declaration (\"terms\") or a document\n"              \
    "                   combining pages is for 'policydiff import-ota'\n"
/* --select or --remove CSS (c 's' or 'r') or --recipe FILE ('R') added to
 * r: 0, or the exit code with the error printed; PD_CLI_NOT_MINE for
 * another option. */
int pd_cli_recipe_option(pd_recipe *r, const char *cmd, int c, const char *value);
/* A whole decimal number from min to max into *out (fetch and check use it
 * for --jobs, --retries, --timeout, --max-size and --host-delay); -1 when s
 * is not one. */
int pd_cli_number(long *out, const char *s, long min, long max);
/* True when argv has -h or --help before a "--". */
int pd_cli_wants_help(int argc, char **argv);

#define PD_CMD(fn, name, summary) int pd_cmd_##fn(pd_cli_ctx *ctx, int argc, char **argv);
#include "cli/commands.def"
#undef PD_CMD

#endif
