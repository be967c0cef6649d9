/* Fuzz npm ranges: the first line is the range, matched against a few
 * fixed versions and against every further line that parses as one. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "depvet/core/req_npm.h"

static const char *const fixed_table[] = {
    "0.0.0", "0.1.0", "1.2.3", "1.2.3-alpha.7", "2.0.0-0", "18446744073709551615.0.0",
};

static size_t line_len(const char *s, size_t size)
{
    const char *nl = memchr(s, '\n', size);
    return nl ? (size_t)(nl - s) : size;
}

static void try_version(const struct req_npm *r, const char *s, size_t len, unsigned flags)
{
    struct semver v;
    struct diag d;
    diag_clear(&d);
    if (semver_parse(s, len, flags, &v, &d))
        (void)req_npm_matches(r, &v);
    else if (!diag_failed(&d))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t first = line_len(s, size);
    struct req_npm r;
    struct diag d;
    diag_clear(&d);
    if (!req_npm_parse(s, first, &r, &d)) {
        if (r.req.cmp || !diag_failed(&d))
            __builtin_trap();
        return 0;
    }
    for (size_t i = 0; i < sizeof(fixed_table) / sizeof(fixed_table[0]); i++)
        try_version(&r, fixed_table[i], strlen(fixed_table[i]), 0);
    for (size_t pos = first + 1; pos < size;) {
        size_t n = line_len(s + pos, size - pos);
        try_version(&r, s + pos, n, SEMVER_LOOSE);
        pos += n + 1;
    }
    req_npm_free(&r);
    return 0;
}
