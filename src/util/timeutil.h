/*
 * timeutil.h - the WHEN arguments users type, and the dates we write.
 *
 * Times are int64_t seconds since the Unix epoch, UTC.  Accepted forms:
 * "now", ISO 8601 months, dates and datetimes (2021-06, 2021-06-30,
 * 2021-06-30T12:00, 2021-06-30T12:00:05Z, 2021-06-30 12:00:05+02:00), and
 * Wayback timestamps of 4, 6, 8, 10, 12 or 14 digits
 * (yyyy[MM[dd[hh[mm[ss]]]]]) where missing parts are the earliest value; an
 * odd number of digits is refused as ambiguous.  Parsing returns
 * PD_EINVALID with a message naming the accepted forms.
 */
#ifndef PD_TIMEUTIL_H
#define PD_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* The WHEN forms, for messages. */
#define PD_TIME_FORMS                                                                              \
    "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], a Wayback timestamp of 4, "       \
    "6, 8, 10, 12 or 14 digits (YYYYMMDDhhmmss or a prefix of it) or 'now'"

int pd_time_parse(int64_t *out, const char *when);
/* The whole period when names, first and last second: "2021" is all of
 * 2021, "202106" (the Wayback form) all of June, "2021-06-30" the whole day,
 * "2021-06-30T12:00" that minute; "2021-06" all of June too.  For inclusive upper bounds (--until).
 */
int pd_time_parse_span(int64_t *first, int64_t *last, const char *when);
/* The current time; POLICYDIFF_NOW (any WHEN form above) overrides it, so
 * tests move the clock of the schedule without sleeping.  Every "now" of
 * the library and the CLI goes through here. */
int64_t pd_time_now(void);
/* A period such as 30m, 12h, 1d or 1w (a positive whole number and one of
 * s, m, h, d, w) into *out in seconds; PD_EINVALID otherwise. */
int pd_duration_parse(int64_t *out, const char *s);
/* seconds in the largest unit that divides it exactly ("12h", "90m"). */
void pd_duration_format(char *buf, size_t size, int64_t seconds);
/* "2021-06-30T12:00:05Z" into buf (at least 21 bytes). */
void pd_time_format_iso(char *buf, size_t size, int64_t t);
/* "20210630120005" into buf (at least 15 bytes). */
void pd_time_format_wayback(char *buf, size_t size, int64_t t);
/* Days-from-civil: seconds for a UTC calendar time; no range checks. */
int64_t pd_time_from_civil(int y, int mo, int d, int h, int mi, int s);

#endif
