/* Fuzz PEP 440 specifier sets: the first line is the set, matched against
 * a few fixed versions and every further line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/req_pep440.h"

static const char *const fixed_table[] = {
    "0", "1.0", "1.0a1", "1.0.post1", "1!2.0", "2.0+local.7", "1.0.dev3", "not a version",
};

static size_t line_len(const char *s, size_t size)
{
    const char *nl = memchr(s, '\n', size);
    return nl ? (size_t)(nl - s) : size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    struct req_pep440 r;
    const char *s = (const char *)data;
    diag_clear(&d);
    size_t first = line_len(s, size);
    if (!req_pep440_parse(s, first, &r, &d)) {
        if (r.specs || r.text || !diag_failed(&d))
            __builtin_trap();
        return 0;
    }
    for (size_t i = 0; i < sizeof fixed_table / sizeof fixed_table[0]; i++) {
        (void)req_pep440_matches(&r, fixed_table[i], false);
        (void)req_pep440_matches(&r, fixed_table[i], true);
    }
    for (size_t pos = first + 1; pos < size;) {
        size_t n = line_len(s + pos, size - pos);
        char *v = malloc(n + 1);
        memcpy(v, s + pos, n);
        v[n] = '\0';
        bool strict = req_pep440_matches(&r, v, false);
        if (strict && !req_pep440_matches(&r, v, true))
            __builtin_trap(); /* allowing pre-releases never removes a match */
        free(v);
        pos += n + 1;
    }
    req_pep440_free(&r);
    return 0;
}
