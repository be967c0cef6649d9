/* Version ordering by ecosystem: SemVer for Hex (strict) and npm (loose),
 * PEP 440 for PyPI. */
#include "depvet/core/version.h"

#include <string.h>

#include "depvet/core/req_hex.h"
#include "depvet/core/req_npm.h"
#include "depvet/core/req_pep440.h"
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

bool version_satisfies(enum ecosystem eco, const char *req, const char *v)
{
    bool ok = false;
    struct semver sv;
    if (eco == ECO_PYPI) {
        struct req_pep440 r;
        ok = req_pep440_parse(req, strlen(req), &r, NULL) && req_pep440_matches(&r, v, false);
        req_pep440_free(&r);
    } else if (eco == ECO_HEX && semver_of(eco, v, &sv)) {
        struct req_hex r;
        struct diag d;
        diag_clear(&d);
        ok = req_hex_parse(req, strlen(req), &r, &d) && req_hex_matches(&r, &sv);
        req_hex_free(&r);
    } else if (eco == ECO_NPM && semver_of(eco, v, &sv)) {
        struct req_npm r;
        struct diag d;
        diag_clear(&d);
        ok = req_npm_parse(req, strlen(req), &r, &d) && req_npm_matches(&r, &sv);
        req_npm_free(&r);
    }
    return ok;
}
