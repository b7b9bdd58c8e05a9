/*
 * acme_store.h - the small store the site and feed tests share: policies
 * "acme/privacy", "other" and "quiet" (never recorded), and five versions
 * of the three texts each test gives, from 2020-01-01 on.
 */
#ifndef PD_TEST_ACME_STORE_H
#define PD_TEST_ACME_STORE_H

#include <stdint.h>

#include "store/store.h"

#define T0 1577836800 /* 2020-01-01T00:00:00Z */
#define DAY 86400

/* Records text as name's version captured at t (its raw capture the same
 * bytes); fails the test when it cannot. */
void pd_test_record(pd_store *st, const char *name, int64_t t, const char *text);

/* A new store at dir into *st: the three policies, then acme/privacy at
 * T0 (v1), +40 days (v2), +400 days (v3), and other at +3 days (v1) and
 * +500 days (v2). */
void pd_test_acme_store(pd_store **st, const char *dir, const char *v1, const char *v2,
                        const char *v3);

#endif
