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
    struct version_val x, y;
    version_val_parse(&x, eco, a);
    version_val_parse(&y, eco, b);
    return version_val_compare(&x, &y);
}

int version_val_compare(const struct version_val *a, const struct version_val *b)
{
    if (a->valid && b->valid) {
        int c = a->eco == ECO_PYPI ? pep440_compare(&a->u.p, &b->u.p)
                                   : semver_compare(&a->u.s, &b->u.s);
        return c < 0 ? -1 : c > 0;
    }
    if (a->valid != b->valid)
        return a->valid ? 1 : -1;  /* invalid versions sort first */
    int c = strcmp(a->text, b->text);
    return c < 0 ? -1 : c > 0;
}

void version_val_parse(struct version_val *out, enum ecosystem eco, const char *v)
{
    out->eco = eco;
    out->text = v;
    out->valid = eco == ECO_PYPI ? pep440_parse(v, strlen(v), &out->u.p, NULL)
                                 : semver_of(eco, v, &out->u.s);
}

/* version_compare is 0 for the same text, or for two valid versions of
 * equal precedence: one valid and one not never compare equal, so when w
 * is invalid only its own text matches and v need not be parsed. */
bool version_equals_val(const char *v, const struct version_val *w)
{
    if (strcmp(v, w->text) == 0)
        return true;
    if (!w->valid)
        return false;
    if (w->eco == ECO_PYPI) {
        struct pep440 x;
        return pep440_parse(v, strlen(v), &x, NULL) && pep440_compare(&x, &w->u.p) == 0;
    }
    struct semver x;
    return semver_of(w->eco, v, &x) && semver_compare(&x, &w->u.s) == 0;
}

bool version_is_prerelease(enum ecosystem eco, const char *v)
{
    struct version_val x;
    version_val_parse(&x, eco, v);
    return version_val_prerelease(&x);
}

bool version_val_prerelease(const struct version_val *v)
{
    return v->valid && (v->eco == ECO_PYPI ? pep440_is_prerelease(&v->u.p)
                                           : semver_is_prerelease(&v->u.s));
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
