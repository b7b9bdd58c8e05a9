/*
 * sha256.h - SHA-256 of a byte string, as 64 lowercase hex digits.
 * Used for the Raw-SHA256 trailer of recorded captures. No allocation.
 */
#ifndef PD_SHA256_H
#define PD_SHA256_H

#include <stddef.h>

/* Writes 64 hex digits and a NUL into hex (at least 65 bytes). */
void pd_sha256_hex(char hex[65], const void *data, size_t len);

#endif
