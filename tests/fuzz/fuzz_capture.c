/* libFuzzer harness: what a store pulled from someone else's remote holds
 * and policydiff parses: capture file names of a captures branch
 * (<stem>.meta, <stem>.raw.<ext>, <stem>.text.md) and the meta files
 * (Source:, Via:, ... lines).  The input is "NAME\nMETA". */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {
        "Source", "Via", "Captured-At", "Raw-SHA256", "Wayback-Timestamp", "Summary", ""};
    char *buf = malloc(size + 1), *nl, stem[PD_STEM_MAX + 1];
    const char *suffix = NULL;
    int64_t when;
    pd_buf path = PD_BUF_INIT;

    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    nl = strchr(buf, '\n');
    if (nl)
        *nl = '\0';
    if (pd_caps_parse_stem(stem, &when, &suffix, buf) == 0) {
        /* a parsed stem is well formed and its path is where it came from */
        if (strlen(stem) != 31 && strlen(stem) != 48)
            abort();
        if (!suffix || *suffix != '.' || strncmp(buf, stem, strlen(stem)))
            abort();
        if (pd_caps_path(&path, stem, suffix) || strncmp(path.ptr, stem, 4) || path.ptr[4] != '/')
            abort();
    }
    for (size_t i = 0; nl && i < sizeof(keys) / sizeof(keys[0]); i++) {
        char *v = pd_store_meta_value(nl + 1, keys[i]);
        if (v && strchr(v, '\n'))
            abort(); /* a value is one line */
        free(v);
    }
    pd_buf_dispose(&path);
    free(buf);
    return 0;
}
