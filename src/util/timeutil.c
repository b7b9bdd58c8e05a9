#include "util/timeutil.h"
#include "util/error.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t pd_time_from_civil(int y, int mo, int d, int h, int mi, int s)
{
    /* Howard Hinnant's days_from_civil algorithm (public domain arithmetic). */
    int64_t yy = (int64_t)y - (mo <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + s;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static void civil(int64_t t, struct tm *tm);

static int bad(const char *when)
{
    return pd_error_set(PD_EINVALID, "bad date '%s': use " PD_TIME_FORMS, when);
}

static int check(const char *when, int y, int mo, int d, int h, int mi, int s)
{
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi > 59 || s > 60)
        return bad(when);
    return 0;
}

/* A Wayback timestamp of n digits (4 to 14, even): YYYY[MM[DD[hh[mm[ss]]]]]. */
static int parse_timestamp(int64_t *out, int *prec, const char *when, size_t n)
{
    int y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    digits(when, 4, &y);
    if (n >= 6)
        digits(when + 4, 2, &mo);
    if (n >= 8)
        digits(when + 6, 2, &d);
    if (n >= 10)
        digits(when + 8, 2, &h);
    if (n >= 12)
        digits(when + 10, 2, &mi);
    if (n >= 14)
        digits(when + 12, 2, &s);
    if (check(when, y, mo, d, h, mi, s))
        return PD_EINVALID;
    *out = pd_time_from_civil(y, mo, d, h, mi, s);
    *prec = n == 4 ? 0 : (int)(n - 4) / 2;
    return 0;
}

/* The time of day after the date, from *pp at the separator ('T', 't' or
 * ' '): hh:mm[:ss[.fff]] and a zone (Z or +hh[:]mm); moves *pp past it.
 * Returns -1 when it is malformed. */
static int time_of_day(const char **pp, int *h, int *mi, int *s, int *tzs, int *prec)
{
    const char *p = *pp;
    p++;
    if (digits(p, 2, h) || p[2] != ':' || digits(p + 3, 2, mi))
        return -1;
    p += 5;
    *prec = 4;
    if (*p == ':') {
        *prec = 5;
        if (digits(p + 1, 2, s))
            return -1;
        p += 3;
        if (*p == '.' || *p == ',') { /* fractional seconds: ignored */
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int th = 0, tm = 0, sign = *p == '-' ? -1 : 1;
        if (digits(p + 1, 2, &th))
            return -1;
        p += 3;
        if (*p == ':')
            p++;
        if (isdigit((unsigned char)*p)) {
            if (digits(p, 2, &tm))
                return -1;
            p += 2;
        }
        if (th > 23 || tm > 59)
            return -1;
        *tzs = sign * (th * 3600 + tm * 60);
    }
    *pp = p;
    return 0;
}

/* Parses when into its start and its precision: 0 year, 1 month, 2 day,
 * 3 hour, 4 minute, 5 second. */
static int parse(int64_t *out, int *prec, const char *when)
{
    int y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, tzs = 0;
    size_t n;
    const char *p;

    if (!when || !*when)
        return bad(when ? when : "");
    if (strcmp(when, "now") == 0) {
        *out = pd_time_now();
        *prec = 5;
        return 0;
    }
    n = strlen(when);
    if (n > 4 && n < 14 && strspn(when, "0123456789") == n && n % 2)
        return pd_error_set(PD_EINVALID,
                            "bad date '%s': a Wayback timestamp has 4, 6, 8, 10, 12 or 14 digits "
                            "(YYYY, YYYYMM, YYYYMMDD, ... YYYYMMDDhhmmss), not %zu; June 2021 "
                            "is 202106 or 2021-06",
                            when, n);
    if (n == 7 && !digits(when, 4, &y) && when[4] == '-' && !digits(when + 5, 2, &mo)) {
        /* YYYY-MM: a month */
        if (check(when, y, mo, 1, 0, 0, 0))
            return PD_EINVALID;
        *out = pd_time_from_civil(y, mo, 1, 0, 0, 0);
        *prec = 1;
        return 0;
    }
    if (n >= 4 && n <= 14 && strspn(when, "0123456789") == n && n % 2 == 0)
        return parse_timestamp(out, prec, when, n);
    if (n < 10 || digits(when, 4, &y) || when[4] != '-' || digits(when + 5, 2, &mo) ||
        when[7] != '-' || digits(when + 8, 2, &d))
        return bad(when);
    p = when + 10;
    *prec = 2;
    if ((*p == 'T' || *p == 't' || *p == ' ') && time_of_day(&p, &h, &mi, &s, &tzs, prec))
        return bad(when);
    if (*p)
        return bad(when);
    if (check(when, y, mo, d, h, mi, s))
        return PD_EINVALID;
    *out = pd_time_from_civil(y, mo, d, h, mi, s) - tzs;
    return 0;
}

int pd_time_parse(int64_t *out, const char *when)
{
    int prec;
    return parse(out, &prec, when);
}

int pd_time_parse_span(int64_t *first, int64_t *last, const char *when)
{
    static const int64_t fixed[] = {0, 0, 86400, 3600, 60, 1};
    struct tm tm;
    int64_t t, next;
    int prec, rc;
    if ((rc = parse(&t, &prec, when)))
        return rc;
    if (prec >= 2) {
        next = t + fixed[prec];
    } else {
        /* a year or a month: its length from the calendar (no time zone
         * can be given with these forms, so t is UTC midnight) */
        civil(t, &tm);
        if (prec == 0)
            next = pd_time_from_civil(tm.tm_year + 1901, 1, 1, 0, 0, 0);
        else if (tm.tm_mon == 11)
            next = pd_time_from_civil(tm.tm_year + 1901, 1, 1, 0, 0, 0);
        else
            next = pd_time_from_civil(tm.tm_year + 1900, tm.tm_mon + 2, 1, 0, 0, 0);
    }
    *first = t;
    *last = next - 1;
    return 0;
}

int64_t pd_time_now(void)
{
    const char *fake = getenv("POLICYDIFF_NOW");
    int64_t t;
    if (fake && *fake && strcmp(fake, "now") && !pd_time_parse(&t, fake))
        return t;
    return (int64_t)time(NULL);
}

static const struct {
    char unit;
    int64_t seconds;
} units[] = {{'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};

int pd_duration_parse(int64_t *out, const char *s)
{
    char *end = NULL;
    long long v;
    *out = 0;
    if (s && *s >= '0' && *s <= '9') {
        errno = 0;
        v = strtoll(s, &end, 10);
        for (size_t i = 0; !errno && end && *end && !end[1] && i < sizeof(units) / sizeof(*units);
             i++)
            if (*end == units[i].unit && v > 0 && v <= INT64_MAX / 604800) {
                *out = (int64_t)v * units[i].seconds;
                return 0;
            }
    }
    return pd_error_set(PD_EINVALID,
                        "'%s' is not a period: a whole number and a unit, s, m, h, d or w "
                        "(30m, 12h, 1d, 1w)",
                        s ? s : "");
}

void pd_duration_format(char *buf, size_t size, int64_t seconds)
{
    for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
        if (seconds > 0 && seconds % units[i].seconds == 0) {
            snprintf(buf, size, "%lld%c", (long long)(seconds / units[i].seconds), units[i].unit);
            return;
        }
    snprintf(buf, size, "%llds", (long long)seconds);
}

static void civil(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    gmtime_r(&tt, tm);
}

void pd_time_format_iso(char *buf, size_t size, int64_t t)
{
    struct tm tm;
    civil(t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void pd_time_format_wayback(char *buf, size_t size, int64_t t)
{
    struct tm tm;
    civil(t, &tm);
    strftime(buf, size, "%Y%m%d%H%M%S", &tm);
}
