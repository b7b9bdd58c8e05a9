/* shard.c - a stable share of the policies by name (see shard.h). */
#include "util/shard.h"
#include "util/error.h"

#include <string.h>

/* A whole decimal number from 1 to PD_SHARD_MAX, digits only. */
static int whole(unsigned *out, const char *s, const char *end)
{
    unsigned long v = 0;
    if (s == end || end - s > 4)
        return -1;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    if (v < 1 || v > PD_SHARD_MAX)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int pd_shard_parse(pd_shard *out, const char *s)
{
    const char *slash = s ? strchr(s, '/') : NULL;
    pd_shard sh;
    if (!slash || whole(&sh.index, s, slash) || whole(&sh.count, slash + 1, strchr(s, '\0')) ||
        sh.index > sh.count)
        return pd_error_set(PD_EINVALID,
                            "--shard takes I/N, this runner's share I of N runners, with "
                            "1 <= I <= N <= %d (e.g. 2/3), not '%s'",
                            PD_SHARD_MAX, s ? s : "");
    *out = sh;
    return 0;
}

uint32_t pd_shard_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

int pd_shard_has(const pd_shard *sh, const char *name)
{
    return pd_shard_hash(name) % sh->count == sh->index - 1;
}
