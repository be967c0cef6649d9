/* The clock override: DEPVET_NOW replays a recorded snapshot as of its date. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <time.h>

#include "depvet/core/timeutil.h"

Test(timeutil_now, follows_depvet_now)
{
    setenv("DEPVET_NOW", "2024-11-15", 1);
    cr_assert_eq(timeutil_now(), (int64_t)1731628800);
    setenv("DEPVET_NOW", "2024-11-15T12:00:00Z", 1);
    cr_assert_eq(timeutil_now(), (int64_t)1731628800 + 12 * 3600);
}

Test(timeutil_now, system_clock_otherwise)
{
    const char *bad[] = {NULL, "", "yesterday", "2024-13-01", "1731628800"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        if (bad[i])
            setenv("DEPVET_NOW", bad[i], 1);
        else
            unsetenv("DEPVET_NOW");
        int64_t before = (int64_t)time(NULL);
        int64_t t = timeutil_now();
        cr_assert(t >= before && t <= (int64_t)time(NULL), "'%s' is not a date",
                  bad[i] ? bad[i] : "(unset)");
    }
}
