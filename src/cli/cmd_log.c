/* policydiff log: one line per recorded version. */
#include "cli/cli_store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

static const char help[] =
    "usage: policydiff log [NAME] [--since WHEN] [--until WHEN] [--format text|json]\n"
    "\n"
    "Lists the versions of NAME (or of every policy), oldest first, one per line:\n"
    "capture date, policy, change summary, separated by tabs.  --since and --until\n"
    "are inclusive: --until 2021-06-30 keeps all of that day, --until 2021 all of\n"
    "that year; a --since after --until is refused.  --format json prints an array\n"
    "of objects with the commit, policy, captured_at, source, via, summary,\n"
    "raw_sha256 and wayback_timestamp.\n"
    "\n"
    "Example:\n"
    "  policydiff log allbuy --since 2021-01-01 --format json\n";

static json_t *version_json(const pd_version *v)
{
    char iso[32];
    json_t *o = json_object();
    pd_time_format_iso(iso, sizeof(iso), v->captured_at);
    json_object_set_new(o, "commit", json_string(v->commit));
    json_object_set_new(o, "policy", json_string(v->policy));
    json_object_set_new(o, "captured_at", json_string(iso));
    json_object_set_new(o, "source", json_string(v->source));
    json_object_set_new(o, "via", json_string(v->via));
    json_object_set_new(o, "summary", json_string(v->summary));
    json_object_set_new(o, "raw_sha256", json_string(v->raw_sha256));
    json_object_set_new(o, "wayback_timestamp",
                        v->wayback_ts[0] ? json_string(v->wayback_ts) : json_null());
    return o;
}

typedef struct {
    const char *name; /* NULL: every policy */
    const char *since_arg, *until_arg;
    int64_t since, until;
    int json;
} log_args;

static int log_option(int c, const char *value, void *payload)
{
    log_args *a = payload;
    switch (c) {
    case 's':
        a->since_arg = value;
        return pd_cli_parse_when(&a->since, "log", "--since", value);
    case 'u':
        a->until_arg = value;
        return pd_cli_parse_until(&a->until, "log", "--until", value);
    case 'f':
        return pd_cli_format_text_json(&a->json, "log", value);
    default:
        return PD_CLI_NOT_MINE;
    }
}

/* Parses argv into a; 0 to go on, else the exit code (--help: *done). */
static int parse_args(log_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {{"since", required_argument, NULL, 's'},
                                             {"until", required_argument, NULL, 'u'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "log",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = log_option,
                                 .on_option_payload = a};
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (argc - optind > 1)
        return pd_cli_usage("log", "at most one NAME");
    /* a reversed range would list nothing and look like "no versions" */
    if (a->since_arg && a->until_arg && a->since > a->until)
        return pd_cli_usage("log", "--since %s is after --until %s; swap them", a->since_arg,
                            a->until_arg);
    if (optind < argc) {
        a->name = argv[optind];
        if (pd_policy_name_check(a->name))
            return pd_cli_fail(PD_EINVALID, NULL);
    }
    return 0;
}

/* Unknown names are an error unless they have history (removed policies). */
static int name_known(pd_store *s, const char *name)
{
    pd_policy *p = NULL;
    int rc;
    if ((rc = pd_store_policy_get(&p, s, name)) == PD_ENOTFOUND) {
        pd_version probe;
        if (pd_store_version_at(&probe, s, name, INT64_MAX) == 0) {
            pd_version_dispose(&probe);
            rc = 0;
        } else {
            rc = pd_error_set(PD_ENOTFOUND, "no policy named '%s' in this store", name);
        }
    }
    pd_policy_free(p);
    return rc;
}

/* The n versions v as a JSON array (or one text line each) into out. */
static int format_log(pd_buf *out, const pd_version *v, size_t n, int json)
{
    if (json) {
        json_t *arr = json_array();
        int exit_code;
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, version_json(&v[i]));
        exit_code = pd_cli_put_json(out, arr);
        json_decref(arr);
        return exit_code;
    }
    for (size_t i = 0; i < n; i++) {
        char iso[32];
        pd_time_format_iso(iso, sizeof(iso), v[i].captured_at);
        pd_buf_printf(out, "%s\t%s\t%s\n", iso, v[i].policy,
                      v[i].summary[0] ? v[i].summary : "new version");
    }
    return 0;
}

/* The versions the log_args at payload ask for, as text or JSON. */
static int print_log(pd_buf *out, pd_store *s, void *payload)
{
    const log_args *a = payload;
    pd_version *v = NULL;
    size_t n = 0;
    int rc, exit_code;

    if ((a->name && (rc = name_known(s, a->name))) ||
        (rc = pd_store_log(&v, &n, s, a->name, a->since, a->until)))
        exit_code = pd_cli_fail(rc, NULL);
    else
        exit_code = format_log(out, v, n, a->json);
    pd_version_array_free(v, n);
    return exit_code;
}

int pd_cmd_log(pd_cli_ctx *ctx, int argc, char **argv)
{
    log_args a = {.since = INT64_MIN, .until = INT64_MAX};
    int exit_code, done = 0;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        return exit_code;
    return pd_cli_store_print(ctx, print_log, &a);
}
