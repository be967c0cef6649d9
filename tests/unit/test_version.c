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
