/* libFuzzer harness: any bytes through the normalizer, automatic and with a recipe. */
#include <libxml/parser.h>
#include <stddef.h>
#include <stdint.h>

#include "normalize/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    pd_buf out = PD_BUF_INIT;
    pd_normalize_options opts = PD_NORMALIZE_OPTIONS_INIT;
    pd_recipe recipe = PD_RECIPE_INIT;
    pd_normalize_report report;

    if (!init) {
        xmlInitParser();
        init = 1;
    }
    opts.kind = size && (data[0] & 1) ? PD_INPUT_MARKDOWN : PD_INPUT_AUTO;
    pd_normalize(&out, (const char *)data, size, &opts, &report);
    pd_buf_dispose(&out);

    pd_recipe_add_css(&recipe, 0, "main, article > div:not(.nav)");
    pd_recipe_add_css(&recipe, 1, "[class^=cookie]");
    opts.recipe = &recipe;
    opts.kind = PD_INPUT_HTML;
    pd_normalize(&out, (const char *)data, size, &opts, &report);
    pd_buf_dispose(&out);
    pd_recipe_dispose(&recipe);
    return 0;
}
