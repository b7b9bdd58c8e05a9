/* policydiff normalize: print the canonical Markdown of one page. */
#include "cli/cli.h"
#include "normalize/normalize.h"
#include "util/error.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: policydiff normalize [--select CSS]... [--remove CSS]... [--recipe FILE.json]\n"
    "                            [--url URL] [--keep-links] [--as html|markdown] [FILE|-]\n"
    "\n"
    "Writes the canonical Markdown of one page (HTML, Markdown, text or a PDF) to\n"
    "stdout.  With no selector or recipe the policy text is found automatically.\n"
    "A PDF is read in reading order: running headers, footers and page numbers\n"
    "dropped, headings from font size and weight, hyphenated words joined.\n"
    "\n" PD_CLI_RECIPE_HELP "  --url URL        where the page came from\n"
    "  --keep-links     keep link targets as [text](url)\n"
    "  --as KIND        read the input as html or markdown (default: by file name and content)\n"
    "\n"
    "Exit codes: 0 written, 2 bad arguments or input (empty, binary, a selector\n"
    "that cannot work), 3 the page is over a budget (an element of more than 256\n"
    "attributes, more than 1,000,000 elements, a text run over 10 MB: nothing\n"
    "written; tables repeating cells by rowspan past the page's size: written\n"
    "with those spans not expanded), 5 internal error.\n"
    "\n"
    "Example:\n"
    "  policydiff normalize --select main --remove .cookie-banner privacy.html\n"
    "  policydiff normalize terms.pdf\n";

/* What the options asked for: the normalizer's options and the recipe. */
typedef struct {
    pd_normalize_options *opts;
    pd_recipe *recipe;
} normalize_args;

static int normalize_option(int c, const char *value, void *payload)
{
    normalize_args *a = payload;
    switch (c) {
    case 'u':
        a->opts->url = value;
        return 0;
    case 'k':
        a->opts->keep_links = 1;
        return 0;
    case 'a':
        if (!strcmp(value, "html"))
            a->opts->kind = PD_INPUT_HTML;
        else if (!strcmp(value, "markdown") || !strcmp(value, "text"))
            a->opts->kind = PD_INPUT_MARKDOWN;
        else
            return pd_cli_usage("normalize", "--as takes html or markdown, not '%s'", value);
        return 0;
    default:
        return pd_cli_recipe_option(a->recipe, "normalize", c, value);
    }
}

/* Parses argv into opts, recipe (the caller's to dispose) and *path; 0 to
 * go on, else the exit code (--help: *done). */
static int parse_args(pd_normalize_options *opts, pd_recipe *recipe, const char **path, int argc,
                      char **argv, int *done)
{
    static const struct option longopts[] = {PD_CLI_RECIPE_LONGOPTS,
                                             {"url", required_argument, NULL, 'u'},
                                             {"keep-links", no_argument, NULL, 'k'},
                                             {"as", required_argument, NULL, 'a'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    normalize_args a = {opts, recipe};
    const pd_cli_options o = {.cmd = "normalize",
                              .help = help,
                              .longopts = longopts,
                              .on_option = normalize_option,
                              .on_option_payload = &a};
    int exit_code;

    if ((exit_code = pd_cli_parse_options(done, &o, argc, argv)) || *done)
        return exit_code;
    if (optind < argc)
        *path = argv[optind++];
    if (optind < argc)
        return pd_cli_usage("normalize", "one input file at a time");
    return 0;
}

int pd_cmd_normalize(pd_cli_ctx *ctx, int argc, char **argv)
{
    pd_normalize_options opts = PD_NORMALIZE_OPTIONS_INIT;
    pd_normalize_report report;
    pd_recipe recipe = PD_RECIPE_INIT;
    pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    const char *path = "-";
    int rc, exit_code, done = 0;

    if ((exit_code = parse_args(&opts, &recipe, &path, argc, argv, &done)) || done)
        goto out;
    /* a selector that could never match is refused before any input is read */
    if (pd_recipe_check(&recipe)) {
        exit_code = pd_cli_usage("normalize", "%s", pd_error_last());
        goto out;
    }
    if (opts.kind == PD_INPUT_AUTO)
        opts.kind = pd_input_kind_from_path(path);
    if ((rc = pd_cli_read_input(&in, path, PD_NORMALIZE_MAX_INPUT))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    opts.recipe = &recipe;
    if ((rc = pd_normalize(&out, in.ptr, in.len, &opts, &report))) {
        exit_code = pd_cli_fail(rc, NULL);
        goto out;
    }
    if (report.budget[0]) /* printed as read, but fetch would refuse it */
        fprintf(stderr, "policydiff: refused (printed as read, as best effort): %s\n",
                report.warning);
    else if (report.warning[0])
        fprintf(stderr, "policydiff: warning: %s\n", report.warning);
    exit_code = pd_cli_write_stdout(out.ptr, out.len);
    if (exit_code == PD_EXIT_OK && report.budget[0])
        exit_code = PD_EXIT_FETCH;
out:
    (void)ctx;
    pd_recipe_dispose(&recipe);
    pd_buf_dispose(&in);
    pd_buf_dispose(&out);
    return exit_code;
}
