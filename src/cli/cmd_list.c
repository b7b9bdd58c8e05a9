/* policydiff list: the watched policies. */
#include "cli/cli_shard.h"
#include "cli/cli_store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static const char help[] = "usage: policydiff list [--format text|json] [--shard I/N]\n"
                           "\n"
                           "Lists the store's policies, one per line: NAME, a tab, URL; for a\n"
                           "policy with a schedule (add --every) a tab, every PERIOD, and when it\n"
                           "is next due (\"due now\" or \"next YYYY-MM-DDTHH:MM:SSZ\").\n"
                           "With --format json: an array of {name, url, recipe}, with every\n"
                           "(seconds) and next_due (ISO time, null when due now) when scheduled.\n"
                           "\n"
                           "  --format FMT          text (default) or json\n" PD_CLI_SHARD_HELP "\n"
                           "Example:\n"
                           "  policydiff -C ~/policies list\n"
                           "  policydiff -C ~/policies list --shard 1/3\n";

typedef struct {
    pd_shard shard;
    int json, sharded;
} list_args;

static int list_option(int c, const char *value, void *payload)
{
    list_args *a = payload;
    if (c == 'f')
        return pd_cli_format_text_json(&a->json, "list", value);
    if (c != 's')
        return PD_CLI_NOT_MINE;
    a->sharded = 1;
    return pd_cli_shard_parse(&a->shard, "list", value);
}

/* Parses argv into a; 0 to go on, else the exit code (--help: *done). */
static int parse_args(list_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"shard", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const pd_cli_options opts = {.cmd = "list",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = list_option,
                                 .on_option_payload = a};
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &opts, argc, argv)) || *done)
        return exit_code;
    if (optind < argc)
        return pd_cli_usage("list", "unexpected argument '%s'", argv[optind]);
    return 0;
}

/* The policies of a's shard as a JSON array of {name, url, recipe} into
 * out; 0 or the exit code. */
static int format_json(pd_buf *out, const pd_policy *list, const int64_t *due, size_t n,
                       const list_args *a)
{
    json_t *arr = json_array();
    int exit_code;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object(), *rj = NULL;
        char *r = NULL;
        if (a->sharded && !pd_shard_has(&a->shard, list[i].name)) {
            json_decref(o);
            continue;
        }
        json_object_set_new(o, "name", json_string(list[i].name));
        json_object_set_new(o, "url", json_string(list[i].url));
        if (pd_recipe_to_ota_json(&r, &list[i].recipe) == 0)
            rj = json_loads(r, 0, NULL);
        free(r);
        json_object_set_new(o, "recipe", rj ? rj : json_null());
        if (list[i].every > 0) {
            char when[32];
            json_object_set_new(o, "every", json_integer(list[i].every));
            pd_time_format_iso(when, sizeof(when), due[i]);
            json_object_set_new(o, "next_due",
                                due[i] > pd_time_now() ? json_string(when) : json_null());
        }
        json_array_append_new(arr, o);
    }
    exit_code = pd_cli_put_json(out, arr);
    json_decref(arr);
    return exit_code;
}

/* One policy's text line: NAME, URL, and its schedule when it has one. */
static void print_line(pd_buf *out, const pd_policy *p, int64_t due)
{
    char every[32], when[32];
    if (p->every <= 0) {
        pd_buf_printf(out, "%s\t%s\n", p->name, p->url);
        return;
    }
    pd_duration_format(every, sizeof(every), p->every);
    pd_time_format_iso(when, sizeof(when), due);
    pd_buf_printf(out, "%s\t%s\tevery %s\t%s%s\n", p->name, p->url, every,
                  due > pd_time_now() ? "next " : "due now", due > pd_time_now() ? when : "");
}

/* The policies of the list_args' shard at payload, as text or JSON. */
static int print_list(pd_buf *out, pd_store *s, void *payload)
{
    const list_args *a = payload;
    pd_policy *list = NULL;
    int64_t *due = NULL;
    size_t n = 0;
    int rc, exit_code = 0;

    if ((rc = pd_store_policy_list(&list, &n, s)))
        return pd_cli_fail(rc, NULL);
    pd_cli_store_warn_skipped(s);
    for (size_t i = 0; i < n; i++)
        if (list[i].problem)
            fprintf(stderr, "policydiff list: warning: %s\n", list[i].problem);
    if (n && !(due = calloc(n, sizeof(*due)))) {
        exit_code = pd_cli_fail(PD_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = pd_store_policy_due(&due[i], s, &list[i]))) {
            exit_code = pd_cli_fail(rc, NULL);
            goto out;
        }
    if (a->json) {
        exit_code = format_json(out, list, due, n, a);
    } else {
        for (size_t i = 0; i < n; i++)
            if (!a->sharded || pd_shard_has(&a->shard, list[i].name))
                print_line(out, &list[i], due[i]);
    }
out:
    free(due);
    pd_policy_array_free(list, n);
    return exit_code;
}

int pd_cmd_list(pd_cli_ctx *ctx, int argc, char **argv)
{
    list_args a = {0};
    int exit_code, done = 0;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        return exit_code;
    return pd_cli_store_print(ctx, print_list, &a);
}
