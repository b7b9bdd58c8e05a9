/*
 * fnv.h - FNV-1a, 64-bit: the quick hash of tokens, clause keys and the
 * site's category rows (not for content: sha256.h is).  Inline: it runs
 * once per token.
 */
#ifndef PD_FNV_H
#define PD_FNV_H

#include <stddef.h>
#include <stdint.h>

/* Where a hash starts (the FNV-1a offset basis). */
#define PD_FNV64_BASIS 0xcbf29ce484222325ull

/* h (the hash so far: PD_FNV64_BASIS to start) carried over len bytes at
 * data. */
static inline uint64_t pd_fnv64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

#endif
