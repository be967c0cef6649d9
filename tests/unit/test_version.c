/* Ecosystem-neutral version calls: ordering and requirement checks
 * dispatched to each scheme. */
#include <criterion/criterion.h>

#include "depvet/core/version.h"

Test(version, satisfies_per_ecosystem)
{
    static const struct {
        enum ecosystem eco;
        const char *req, *v;
        bool want;
    } cases[] = {
        {ECO_HEX, "~> 1.0", "1.1.0", true},
        {ECO_HEX, "~> 1.0.0", "1.1.0", false},
        {ECO_HEX, ">= 1.0.0 and < 2.0.0", "2.0.0", false},
        {ECO_HEX, "~> 2.0", "2.1.0-rc.1", false},
        {ECO_NPM, "^1.2.3", "1.9.0", true},
        {ECO_NPM, "^0.2.3", "0.3.0", false},
        {ECO_NPM, "1.x || >=3", "3.1.0", true},
        {ECO_PYPI, "~=1.4.5", "1.4.9", true},
        {ECO_PYPI, "~=1.4.5", "1.5", false},
        {ECO_PYPI, ">=2,!=2.1.*", "2.1.3", false},
        {ECO_HEX, "not a requirement", "1.0.0", false},
        {ECO_NPM, "^1.0.0", "not a version", false},
        {ECO_UNKNOWN, "*", "1.0.0", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        cr_expect_eq(version_satisfies(cases[i].eco, cases[i].req, cases[i].v), cases[i].want,
                     "%s %s %s", ecosystem_name(cases[i].eco), cases[i].req, cases[i].v);
}

/* A version parsed once answers as version_compare and
 * version_is_prerelease do on its text: the same order, equal precedence
 * under different spellings, invalid versions first and by text. */
Test(version, parsed_once_answers_as_text)
{
    static const struct {
        enum ecosystem eco;
        const char *a, *b;
        int cmp;
        bool a_pre;
    } cases[] = {
        {ECO_HEX, "1.0.0+build.1", "1.0.0+build.2", 0, false},
        {ECO_HEX, "1.0.0-rc.1", "1.0.0", -1, true},
        {ECO_HEX, "v1.0.0", "1.0.0", -1, false},       /* strict: v1.0.0 is invalid */
        {ECO_HEX, "zzz", "aaa", 1, false},             /* both invalid: by text */
        {ECO_NPM, "v1.0.0", "1.0.0", 0, false},        /* loose */
        {ECO_NPM, "2.0.0-beta.2", "2.0.0-beta.10", -1, true},
        {ECO_PYPI, "1.0", "1.0.0", 0, false},
        {ECO_PYPI, "1.0rc1", "1.0", -1, true},
        {ECO_PYPI, "not a version", "0.0.1", -1, false},
        {ECO_PYPI, "2.0.post1", "2.0", 1, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct version_val a, b;
        version_val_parse(&a, cases[i].eco, cases[i].a);
        version_val_parse(&b, cases[i].eco, cases[i].b);
        cr_expect_eq(version_val_compare(&a, &b), cases[i].cmp, "%s %s", cases[i].a, cases[i].b);
        cr_expect_eq(version_val_compare(&b, &a), -cases[i].cmp, "%s %s", cases[i].b, cases[i].a);
        cr_expect_eq(version_compare(cases[i].eco, cases[i].a, cases[i].b), cases[i].cmp);
        cr_expect_eq(version_equals_val(cases[i].a, &b), cases[i].cmp == 0, "%s", cases[i].a);
        cr_expect(version_equals_val(cases[i].b, &b));
        cr_expect_eq(version_val_prerelease(&a), cases[i].a_pre, "%s", cases[i].a);
        cr_expect_eq(version_is_prerelease(cases[i].eco, cases[i].a), cases[i].a_pre);
    }
}
