/* libFuzzer harness: any bytes through the CDX JSON parser, then sort/dedupe. */
#include <stddef.h>
#include <stdint.h>

#include "fetch/guard.h"
#include "fetch/wayback.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_cdx_result r = {0};
    pd_guard_input in = {200, (const char *)data, size, (const char *)data, size, NULL, 0};

    if (pd_cdx_parse(&r, (const char *)data, size) == 0)
        pd_cdx_sort_unique(&r);
    pd_cdx_result_dispose(&r);
    pd_wayback_error_page((const char *)data, size);
    pd_guard_check(NULL, 0, &in);
    return 0;
}
