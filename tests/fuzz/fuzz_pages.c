/* libFuzzer harness: a combined capture (ingest/pages.h), as a store
 * pulled from someone else's remote may hold it: unpacked, packed again
 * (the same pages back), and derived as a two-page document. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "ingest/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char recipe[] = "{\"select\": \"main\", \"combine\": [{\"fetch\": "
                                 "\"https://s.example/a\"}, {\"fetch\": \"https://s.example/b\"}]}";
    pd_page *pages = NULL, *again = NULL;
    size_t n = 0, n2 = 0;
    pd_buf packed = PD_BUF_INIT, text = PD_BUF_INIT;
    pd_recipe r = PD_RECIPE_INIT;
    pd_ingest_input in = PD_INGEST_INPUT_INIT;
    pd_ingest_report rep;

    if (pd_pages_unpack(&pages, &n, (const char *)data, size) == 0) {
        if (pd_pages_pack(&packed, pages, n) == 0) {
            if (pd_pages_unpack(&again, &n2, packed.ptr, packed.len) != 0 || n2 != n)
                abort();
            for (size_t i = 0; i < n; i++)
                if (again[i].len != pages[i].len || again[i].status != pages[i].status ||
                    memcmp(again[i].body, pages[i].body, pages[i].len))
                    abort();
            pd_pages_free(again, n2);
        }
        pd_pages_free(pages, n);
    }
    if (pd_recipe_from_ota_json(&r, recipe, strlen(recipe)) == 0) {
        in.raw = (const char *)data;
        in.rawlen = size;
        in.recipe = &r;
        (void)pd_ingest_derive(&text, &rep, &in);
    }
    pd_recipe_dispose(&r);
    pd_buf_dispose(&packed);
    pd_buf_dispose(&text);
    return 0;
}
