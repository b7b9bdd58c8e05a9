/* policydiff add: watch one more policy. */
#include "cli/cli_store.h"
#include "util/error.h"
#include "util/timeutil.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: policydiff add NAME URL [--select CSS]... [--remove CSS]... [--recipe OTA.json]\n"
    "                      [--every PERIOD] [--render] [--language LANG]\n"
    "\n"
    "Adds a policy to the store's policies.conf.  NAME uses a-z, 0-9, '.', '_', '-',\n"
    "and '/' for grouping (e.g. github/privacy-policy).\n"
    "\n" PD_CLI_RECIPE_HELP
    "  --every PERIOD   fetch it at most this often: 30m, 12h, 1d, 1w (check and fetch\n"
    "                   skip it until due, with a per-policy jitter of up to a tenth\n"
    "                   of the period; --all ignores it); default: every run\n"
    "  --render         the page is built by client-side scripts: fetch, check and\n"
    "                   backfill --render load it in headless chromium (render =\n"
    "                   chromium in policies.conf)\n"
    "  --language LANG  ask for this language (Accept-Language: LANG; a tag such as\n"
    "                   fr or en-GB): language = LANG in policies.conf\n"
    "\n"
    "Example:\n"
    "  policydiff add allbuy https://www.allbuy.com/policy --select main --remove .cookie-banner\n"
    "  policydiff add acme/terms https://acme.example/terms --every 1d\n"
    "  policydiff add shop/cgv https://shop.example/cgv --language fr --render\n";

static int add_option(int c, const char *value, void *payload)
{
    pd_policy *p = payload;
    if (c == 'e') {
        if (pd_duration_parse(&p->every, value))
            return pd_cli_usage("add", "--every: %s", pd_error_last());
        return 0;
    }
    if ((c == 's' || c == 'r') && !*value)
        return pd_cli_usage("add", "empty selector");
    if (c == 'J') {
        p->render = "chromium";
        return 0;
    }
    if (c == 'l') {
        if (pd_language_check(value))
            return pd_cli_usage("add", "--language: %s", pd_error_last());
        p->language = (char *)value;
        return 0;
    }
    return pd_cli_recipe_option(&p->recipe, "add", c, value);
}

int pd_cmd_add(pd_cli_ctx *ctx, int argc, char **argv)
{
    static const struct option longopts[] = {PD_CLI_RECIPE_LONGOPTS,
                                             {"every", required_argument, NULL, 'e'},
                                             {"render", no_argument, NULL, 'J'},
                                             {"language", required_argument, NULL, 'l'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    pd_policy p;
    pd_store *s = NULL;
    const pd_cli_options opts = {.cmd = "add",
                                 .help = help,
                                 .longopts = longopts,
                                 .on_option = add_option,
                                 .on_option_payload = &p};
    int rc, exit_code, done;

    memset(&p, 0, sizeof(p));
    if ((exit_code = pd_cli_parse_options(&done, &opts, argc, argv)) || done)
        goto out;
    if (argc - optind != 2) {
        exit_code = pd_cli_usage("add", "expected NAME and URL");
        goto out;
    }
    p.name = argv[optind];
    p.url = argv[optind + 1];
    if ((exit_code = pd_cli_store_open(&s, ctx)))
        goto out;
    if ((rc = pd_store_policy_add(s, &p))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    printf("added %s (%s)\n", p.name, p.url);
out:
    pd_recipe_dispose(&p.recipe);
    pd_store_free(s);
    return exit_code;
}
