/* Fuzz Hex requirement parsing and matching against fixed versions and a
 * version taken from the input's last line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "depvet/core/req_hex.h"

static const char *const version_table[] = {
    "0.0.0", "1.0.0", "1.2.3", "1.2.3-rc.1", "2.0.0-0", "18446744073709551615.0.0",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t rlen = nl ? (size_t)(nl - s) : size;
    struct req_hex r;
    struct diag d;
    diag_clear(&d);
    bool ok = req_hex_parse(s, rlen, &r, &d);
    if (ok == diag_failed(&d) || (!ok && r.req.cmp))
        __builtin_trap();
    for (size_t i = 0; ok && i < sizeof(version_table) / sizeof(version_table[0]); i++) {
        struct semver v;
        diag_clear(&d);
        if (!semver_parse(version_table[i], strlen(version_table[i]), 0, &v, &d))
            __builtin_trap();
        bool strict = req_hex_matches(&r, &v);
        /* allow_pre only ever widens the match. */
        if (strict && !req_hex_matches_opt(&r, &v, true))
            __builtin_trap();
    }
    if (ok && nl) {
        struct semver v;
        diag_clear(&d);
        if (semver_parse(nl + 1, size - rlen - 1, 0, &v, &d))
            (void)req_hex_matches(&r, &v);
    }
    req_hex_free(&r);
    return 0;
}
