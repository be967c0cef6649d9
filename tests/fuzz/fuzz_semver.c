/* Fuzz SemVer parsing in every mode; when both halves of the input parse,
 * check that ordering is antisymmetric and reflexive. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "depvet/core/version_semver.h"

static const unsigned mode_table[] = {
    0, SEMVER_LOOSE, SEMVER_PARTIAL_HEX, SEMVER_LOOSE | SEMVER_PARTIAL_NPM,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct diag d;
    for (size_t m = 0; m < sizeof(mode_table) / sizeof(mode_table[0]); m++) {
        struct semver_partial p;
        diag_clear(&d);
        if (semver_parse_partial(s, size, mode_table[m], &p, &d) == diag_failed(&d))
            __builtin_trap();
    }
    /* Split at the first newline into two versions. */
    const char *nl = memchr(s, '\n', size);
    size_t alen = nl ? (size_t)(nl - s) : size;
    size_t boff = nl ? alen + 1 : size;
    struct semver a, b;
    diag_clear(&d);
    bool pa = semver_parse(s, alen, SEMVER_LOOSE, &a, &d);
    diag_clear(&d);
    bool pb = semver_parse(s + boff, size - boff, SEMVER_LOOSE, &b, &d);
    if (pa && pb) {
        int ab = semver_compare(&a, &b), ba = semver_compare(&b, &a);
        if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0))
            __builtin_trap();
        if (semver_compare(&a, &a) != 0)
            __builtin_trap();
        char buf[600];
        semver_format(&a, buf, sizeof(buf));
    }
    return 0;
}
