/*
 * report_internal.h - helpers shared by the renderers of src/report/ (not
 * for other modules).
 */
#ifndef PD_REPORT_INTERNAL_H
#define PD_REPORT_INTERNAL_H

#include <jansson.h>

/* A JSON string from possibly invalid UTF-8 (bad bytes become U+FFFD); NULL
 * when out of memory.  The caller owns the reference. */
json_t *pd_report_json_str(const char *s);

#endif
