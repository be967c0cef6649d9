/* RFC 3339 / ISO 8601 timestamps to Unix seconds, and dates back. */
#include "depvet/core/timeutil.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Howard Hinnant's civil-from-days inverse: exact for any proleptic date. */
int64_t timeutil_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Reads exactly n digits; false when fewer are there. */
static bool digits(const char **p, unsigned n, unsigned *out)
{
    unsigned v = 0;
    for (unsigned i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (unsigned)(c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static unsigned month_days(unsigned y, unsigned m)
{
    static const unsigned char mdays_table[12] = {31, 28, 31, 30, 31, 30,
                                                  31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mdays_table[m - 1] + (m == 2 && leap);
}

/* "Z", "+HH:MM", "+HHMM", "-HH:MM" or nothing; offset in seconds east. */
static bool zone(const char **p, int64_t *offset)
{
    const char *s = *p;
    *offset = 0;
    if (*s == 'Z' || *s == 'z') {
        *p = s + 1;
        return true;
    }
    if (*s != '+' && *s != '-')
        return true;
    int sign = *s == '-' ? -1 : 1;
    s++;
    unsigned hh, mm;
    if (!digits(&s, 2, &hh))
        return false;
    if (*s == ':')
        s++;
    if (!digits(&s, 2, &mm) || hh > 23 || mm > 59)
        return false;
    *offset = sign * (int64_t)(hh * 3600 + mm * 60);
    *p = s;
    return true;
}

bool timeutil_parse(const char *s, int64_t *out)
{
    if (!s)
        return false;
    const char *p = s;
    unsigned y, mo, d, h = 0, mi = 0, sec = 0;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
        *p++ != '-' || !digits(&p, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
        return false;
    int64_t offset = 0;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return false;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &sec))
                return false;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9')
                    return false;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (h > 23 || mi > 59 || sec > 60 || !zone(&p, &offset))
            return false;
    }
    if (*p)
        return false;
    *out = timeutil_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
           sec - offset;
    return true;
}

int64_t timeutil_now(void)
{
    int64_t t;
    const char *env = getenv("DEPVET_NOW");
    if (env && env[0] && timeutil_parse(env, &t))
        return t;
    return (int64_t)time(NULL);
}

void timeutil_format_date(int64_t t, const char *unknown, char *out, size_t n)
{
    if (!n)
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!t || !gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d", &tm))
        snprintf(out, n, "%s", unknown);
}
