/* Timestamps as registries write them (RFC 3339 / ISO 8601), to Unix seconds. */
#ifndef DEPVET_CORE_TIMEUTIL_H
#define DEPVET_CORE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.frac]][Z|+HH:MM|+HHMM]" (a
 * space may replace the T; no zone means UTC, as PyPI's upload_time) into
 * Unix seconds UTC, fraction dropped.  Out-of-range fields, trailing text or
 * NULL: false and *out untouched. */
bool timeutil_parse(const char *s, int64_t *out);

/* "YYYY-MM-DD" (UTC) of Unix seconds t into out; `unknown` when t is 0. */
void timeutil_format_date(int64_t t, const char *unknown, char *out, size_t n);

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
int64_t timeutil_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The clock depvet reads facts against: DEPVET_NOW when it holds a date
 * or timestamp timeutil_parse() accepts (a recorded snapshot replays as of
 * its own date), else the system clock. */
int64_t timeutil_now(void);

#endif
