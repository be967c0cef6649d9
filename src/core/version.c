/* Version ordering by ecosystem: SemVer for Hex (strict) and npm (loose),
 * PEP 440 for PyPI. */
#include "depvet/core/version.h"

#include <string.h>

#include "depvet/core/version_pep440.h"
#include "depvet/core/version_semver.h"

static bool semver_of(enum ecosystem eco, const char *v, struct semver *out)
{
    struct diag d;
    diag_clear(&d);
    return semver_parse(v, strlen(v), eco == ECO_NPM ? SEMVER_LOOSE : 0, out, &d);
}

bool version_valid(enum ecosystem eco, const char *v)
{
    if (eco == ECO_PYPI) {
        struct pep440 p;
        return pep440_parse(v, strlen(v), &p, NULL);
    }
    struct semver s;
    return semver_of(eco, v, &s);
}

int version_compare(enum ecosystem eco, const char *a, const char *b)
{
    bool va, vb;
    int c = 0;
    if (eco == ECO_PYPI) {
        struct pep440 x, y;
        va = pep440_parse(a, strlen(a), &x, NULL);
        vb = pep440_parse(b, strlen(b), &y, NULL);
        if (va && vb)
            c = pep440_compare(&x, &y);
    } else {
        struct semver x, y;
        va = semver_of(eco, a, &x);
        vb = semver_of(eco, b, &y);
        if (va && vb)
            c = semver_compare(&x, &y);
    }
    if (va && vb)
        return c < 0 ? -1 : c > 0;
    if (va != vb)
        return va ? 1 : -1;  /* invalid versions sort first */
    c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
}

bool version_is_prerelease(enum ecosystem eco, const char *v)
{
    if (eco == ECO_PYPI) {
        struct pep440 p;
        return pep440_parse(v, strlen(v), &p, NULL) && pep440_is_prerelease(&p);
    }
    struct semver s;
    return semver_of(eco, v, &s) && semver_is_prerelease(&s);
}
