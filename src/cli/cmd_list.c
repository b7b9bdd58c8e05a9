/* policydiff list: the watched policies. */
#include "cli/cli_shard.h"
#include "cli/cli_store.h"
#include "util/error.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] = "usage: policydiff list [--format text|json] [--shard I/N]\n"
                           "\n"
                           "Lists the store's policies, one per line: NAME, a tab, URL.\n"
                           "With --format json: an array of {name, url, recipe}.\n"
                           "\n"
                           "  --format FMT          text (default) or json\n" PD_CLI_SHARD_HELP "\n"
                           "Example:\n"
                           "  policydiff -C ~/policies list\n"
                           "  policydiff -C ~/policies list --shard 1/3\n";

typedef struct {
    pd_shard shard;
    int json, sharded;
} list_args;

/* Parses argv into a; 0 to go on, else the exit code (--help: *done). */
static int parse_args(list_args *a, int argc, char **argv, int *done)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"shard", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c, rc;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "json"))
                a->json = 1;
            else if (strcmp(optarg, "text"))
                return pd_cli_usage("list", "--format takes text or json, not '%s'", optarg);
            break;
        case 's':
            if ((rc = pd_cli_shard_parse(&a->shard, "list", optarg)))
                return rc;
            a->sharded = 1;
            break;
        case 'h':
            fputs(help, stdout);
            *done = 1;
            return PD_EXIT_OK;
        default:
            return pd_cli_bad_option("list", c, argv);
        }
    }
    if (optind < argc)
        return pd_cli_usage("list", "unexpected argument '%s'", argv[optind]);
    return 0;
}

/* The policies of a's shard as a JSON array of {name, url, recipe} into
 * out; 0 or the exit code. */
static int format_json(pd_buf *out, const pd_policy *list, size_t n, const list_args *a)
{
    json_t *arr = json_array();
    char *text;
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
        json_array_append_new(arr, o);
    }
    text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    if (!text)
        return pd_cli_fail(PD_ENOMEM, "out of memory");
    pd_buf_puts(out, text);
    pd_buf_putc(out, '\n');
    free(text);
    return 0;
}

int pd_cmd_list(pd_cli_ctx *ctx, int argc, char **argv)
{
    list_args a = {0};
    pd_policy *list = NULL;
    pd_store *s = NULL;
    pd_buf out = PD_BUF_INIT;
    size_t n = 0;
    int rc, exit_code, done = 0;

    if ((exit_code = parse_args(&a, argc, argv, &done)) || done)
        return exit_code;
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        return exit_code;
    if ((rc = pd_store_policy_list(&list, &n, s))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    pd_cli_store_warn_skipped(s);
    for (size_t i = 0; i < n; i++)
        if (list[i].problem)
            fprintf(stderr, "policydiff list: warning: %s\n", list[i].problem);
    if (a.json) {
        if ((exit_code = format_json(&out, list, n, &a)))
            goto out;
    } else {
        for (size_t i = 0; i < n; i++)
            if (!a.sharded || pd_shard_has(&a.shard, list[i].name))
                pd_buf_printf(&out, "%s\t%s\n", list[i].name, list[i].url);
    }
    if ((rc = pd_buf_error(&out)))
        exit_code = pd_cli_fail(rc, NULL);
    else
        exit_code = pd_cli_write_stdout(pd_buf_cstr(&out), out.len);
out:
    pd_buf_dispose(&out);
    pd_policy_array_free(list, n);
    pd_store_free(s);
    return exit_code;
}
