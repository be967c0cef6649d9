/* Digit grouping.  Always commas, whatever the locale: the output is the
 * same in tests, in CI logs and on every screen. */
#include "depvet/core/numfmt.h"

#include <stdio.h>
#include <string.h>

char *count_grouped(int64_t v, char *out, size_t n)
{
    if (!n)
        return out;
    char digits[32];
    /* Through unsigned, so INT64_MIN has a magnitude too. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)mag);
    char buf[48];
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    snprintf(out, n, "%s", buf);
    return out;
}
