/* libFuzzer harness: any bytes as a store's policies.conf, read back
 * through the config layer (libgit2's parser, then our recipe handling). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pd_store *st;
static char conf[4096], root[64];

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void cleanup(void)
{
    pd_store_free(st);
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pd_policy *list = NULL, *one = NULL;
    size_t n = 0;
    FILE *f;

    if (!st) {
        char path[4096];
        snprintf(root, sizeof(root), "/tmp/pd-fuzz-config.XXXXXX");
        if (!mkdtemp(root))
            abort();
        atexit(cleanup);
        const char *d = root;
        snprintf(path, sizeof(path), "%s/store", d);
        if (pd_store_init(&st, path))
            abort();
        snprintf(conf, sizeof(conf), "%s/policies.conf", path);
    }
    if (size > 1 << 16)
        return 0;
    f = fopen(conf, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    if (pd_store_policy_list(&list, &n, st) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (pd_policy_name_check(list[i].name))
                abort();
            if (pd_store_policy_get(&one, st, list[i].name) == 0)
                pd_policy_free(one);
        }
        pd_policy_array_free(list, n);
    }
    return 0;
}
