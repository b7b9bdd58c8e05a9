/*
 * shard.h - a stable share of the policies, by name, for many runners
 * (`check --shard I/N`): policy NAME belongs to shard I (1-based) of N when
 * the FNV-1a 32-bit hash of NAME, modulo N, is I-1.  The same name always
 * lands in the same shard, whatever the other names and on every machine.
 *
 * No allocation, no printing.  Errors: pd_shard_parse returns 0 or
 * PD_EINVALID with a one-line message saying what is expected.
 */
#ifndef PD_SHARD_H
#define PD_SHARD_H

#include <stdint.h>

typedef struct {
    unsigned index; /* 1..count */
    unsigned count; /* 1..PD_SHARD_MAX */
} pd_shard;

#define PD_SHARD_MAX 1000

/* Parses "I/N" (whole decimal numbers, 1 <= I <= N <= PD_SHARD_MAX). */
int pd_shard_parse(pd_shard *out, const char *s);
/* The FNV-1a 32-bit hash of s. */
uint32_t pd_shard_hash(const char *s);
/* 1 when name belongs to shard sh, else 0. */
int pd_shard_has(const pd_shard *sh, const char *name);

#endif
