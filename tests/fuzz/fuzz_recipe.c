/* libFuzzer harness: any bytes as an Open Terms Archive declaration, read,
 * written back, and read again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize/recipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_recipe r = PD_RECIPE_INIT, r2 = PD_RECIPE_INIT;
    char *json = NULL;
    if (pd_recipe_from_ota_json(&r, (const char *)data, size) == 0 &&
        pd_recipe_to_ota_json(&json, &r) == 0) {
        if (pd_recipe_from_ota_json(&r2, json, strlen(json)) != 0 || r2.nselect != r.nselect ||
            r2.nremove != r.nremove)
            abort();
        free(json);
    }
    pd_recipe_dispose(&r);
    pd_recipe_dispose(&r2);
    return 0;
}
