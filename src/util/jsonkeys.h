/*
 * jsonkeys.h - the first key of a JSON object that is not in a list: how
 * the readers of outside declarations (Open Terms Archive recipes and
 * service declarations) find a misspelt key and name it.
 *
 * Pure function; the returned key belongs to obj (valid while obj lives).
 */
#ifndef PD_JSONKEYS_H
#define PD_JSONKEYS_H

#include <jansson.h>

/* The first key of object obj not among known (NULL-terminated), or NULL
 * when every key is known (or obj is not an object). */
const char *pd_json_unknown_key(json_t *obj, const char *const *known);

#endif
