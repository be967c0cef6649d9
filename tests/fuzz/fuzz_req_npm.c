/* Fuzz npm range parsing and matching against fixed versions and a
 * version taken from the input's last line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "depvet/core/req_npm.h"

static const char *const version_table[] = {
    "0.0.0", "0.1.0", "1.2.3", "1.2.3-alpha.7", "2.0.0-0", "18446744073709551615.0.0",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t rlen = nl ? (size_t)(nl - s) : size;
    struct req_npm r;
    struct diag d;
    diag_clear(&d);
    bool ok = req_npm_parse(s, rlen, &r, &d);
    if (ok == diag_failed(&d) || (!ok && r.cmp))
        __builtin_trap();
    for (size_t i = 0; ok && i < sizeof(version_table) / sizeof(version_table[0]); i++) {
        struct semver v;
        diag_clear(&d);
        if (!semver_parse(version_table[i], strlen(version_table[i]), 0, &v, &d))
            __builtin_trap();
        (void)req_npm_matches(&r, &v);
    }
    if (ok && nl) {
        struct semver v;
        diag_clear(&d);
        if (semver_parse(nl + 1, size - rlen - 1, SEMVER_LOOSE, &v, &d))
            (void)req_npm_matches(&r, &v);
    }
    req_npm_free(&r);
    return 0;
}
