/* Fuzz PEP 440 versions: every line must parse or fail with a diag; a
 * parsed version normalizes to text that parses back to the same text and
 * compares equal; compare is antisymmetric between consecutive lines. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "depvet/core/version_pep440.h"

static size_t line_len(const char *s, size_t size)
{
    const char *nl = memchr(s, '\n', size);
    return nl ? (size_t)(nl - s) : size;
}

static int sign(int c)
{
    return (c > 0) - (c < 0);
}

static void check_roundtrip(const struct pep440 *v)
{
    char a[PEP440_MAX_LEN * 2], b[PEP440_MAX_LEN * 2];
    size_t n = pep440_normalize(v, a, sizeof a);
    if (n >= sizeof a)
        return; /* numbers printed out can outgrow the input cap */
    struct pep440 w;
    if (!pep440_parse(a, n, &w, NULL)) {
        if (n <= PEP440_MAX_LEN)
            __builtin_trap();
        return;
    }
    size_t m = pep440_normalize(&w, b, sizeof b);
    if (m != n || memcmp(a, b, n) != 0 || pep440_compare(v, &w) != 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct pep440 prev;
    bool have_prev = false;
    for (size_t pos = 0; pos <= size;) {
        size_t n = line_len(s + pos, size - pos);
        struct pep440 v;
        struct diag d;
        diag_clear(&d);
        if (pep440_parse(s + pos, n, &v, &d)) {
            check_roundtrip(&v);
            (void)pep440_is_prerelease(&v);
            if (have_prev && sign(pep440_compare(&v, &prev)) != -sign(pep440_compare(&prev, &v)))
                __builtin_trap();
            if (pep440_compare(&v, &v) != 0)
                __builtin_trap();
            prev = v;
            have_prev = true;
        } else if (!diag_failed(&d) || d.col == 0) {
            __builtin_trap();
        }
        pos += n + 1;
    }
    return 0;
}
