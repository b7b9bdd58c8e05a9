/* libFuzzer harness: any bytes as an Open Terms Archive declaration, as a
 * service declaration and as a single document with a name given; every
 * policy that comes out must have a valid name and a URL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_buf warnings = PD_BUF_INIT;
    pd_policy *list = NULL;
    size_t n = 0;

    for (int pass = 0; pass < 2; pass++) {
        if (pd_ota_parse_declaration(&list, &n, (const char *)data, size, pass ? "svc/doc" : NULL,
                                     &warnings) == 0) {
            for (size_t i = 0; i < n; i++) {
                char *json = NULL;
                if (pd_policy_name_check(list[i].name) != 0 || !list[i].url)
                    abort();
                if (pd_recipe_to_ota_json(&json, &list[i].recipe) == 0)
                    free(json);
            }
            pd_policy_array_free(list, n);
        }
        list = NULL;
        n = 0;
        pd_buf_dispose(&warnings);
    }
    return 0;
}
