/* OSV affected ranges under each ecosystem's ordering. */
#include <criterion/criterion.h>

#include "depvet/core/osv_range.h"

#define EV(k, v) {OSV_##k, v}
#define RANGE(t, arr) {OSV_RANGE_##t, arr, sizeof(arr) / sizeof(*arr)}

Test(osv_range, introduced_fixed_semver)
{
    static const struct osv_event ev[] = {EV(INTRODUCED, "0"), EV(FIXED, "1.2.3")};
    struct osv_range r = RANGE(SEMVER, ev);
    cr_assert(osv_range_affects(ECO_NPM, &r, "1.2.2"));
    cr_assert(osv_range_affects(ECO_NPM, &r, "1.2.3-rc.1"), "pre-release of the fix is still affected");
    cr_assert_not(osv_range_affects(ECO_NPM, &r, "1.2.3"));
    cr_assert_not(osv_range_affects(ECO_NPM, &r, "2.0.0"));
    cr_assert(osv_range_affects(ECO_NPM, &r, "0.0.1"));
}

Test(osv_range, several_intervals_unsorted)
{
    static const struct osv_event ev[] = {
        EV(FIXED, "2.5.1"), EV(INTRODUCED, "2.0.0"), EV(INTRODUCED, "1.0.0"), EV(FIXED, "1.4.0"),
    };
    struct osv_range r = RANGE(ECOSYSTEM, ev);
    cr_assert_not(osv_range_affects(ECO_HEX, &r, "0.9.0"));
    cr_assert(osv_range_affects(ECO_HEX, &r, "1.0.0"));
    cr_assert(osv_range_affects(ECO_HEX, &r, "1.3.9"));
    cr_assert_not(osv_range_affects(ECO_HEX, &r, "1.4.0"));
    cr_assert_not(osv_range_affects(ECO_HEX, &r, "1.9.9"));
    cr_assert(osv_range_affects(ECO_HEX, &r, "2.5.0"));
    cr_assert_not(osv_range_affects(ECO_HEX, &r, "2.5.1"));
    cr_assert_str_eq(osv_range_next_fixed(ECO_HEX, &r, "1.1.0"), "1.4.0");
    cr_assert_str_eq(osv_range_next_fixed(ECO_HEX, &r, "2.1.0"), "2.5.1");
    cr_assert_null(osv_range_next_fixed(ECO_HEX, &r, "3.0.0"));
}

Test(osv_range, last_affected_is_inclusive)
{
    static const struct osv_event ev[] = {EV(INTRODUCED, "1.0"), EV(LAST_AFFECTED, "1.5")};
    struct osv_range r = RANGE(ECOSYSTEM, ev);
    cr_assert(osv_range_affects(ECO_PYPI, &r, "1.5"));
    cr_assert(osv_range_affects(ECO_PYPI, &r, "1.5.0"), "PEP 440: 1.5.0 == 1.5");
    cr_assert_not(osv_range_affects(ECO_PYPI, &r, "1.5.post1"));
    cr_assert_not(osv_range_affects(ECO_PYPI, &r, "1.0a1"));
}

Test(osv_range, pep440_ordering_not_string_ordering)
{
    static const struct osv_event ev[] = {EV(INTRODUCED, "0"), EV(FIXED, "1.10")};
    struct osv_range r = RANGE(ECOSYSTEM, ev);
    cr_assert(osv_range_affects(ECO_PYPI, &r, "1.9"));
    cr_assert(osv_range_affects(ECO_PYPI, &r, "1.10rc1"));
    cr_assert_not(osv_range_affects(ECO_PYPI, &r, "1.10"));
    cr_assert_not(osv_range_affects(ECO_PYPI, &r, "1!0.1"), "epoch 1 sorts after");
}

Test(osv_range, limit_caps_the_range)
{
    static const struct osv_event ev[] = {EV(INTRODUCED, "0"), EV(LIMIT, "2.0.0")};
    struct osv_range r = RANGE(ECOSYSTEM, ev);
    cr_assert(osv_range_affects(ECO_NPM, &r, "1.9.9"));
    cr_assert_not(osv_range_affects(ECO_NPM, &r, "2.0.0"));
}

Test(osv_range, git_ranges_and_empty_versions_never_match)
{
    static const struct osv_event ev[] = {EV(INTRODUCED, "0")};
    struct osv_range g = RANGE(GIT, ev);
    cr_assert_not(osv_range_affects(ECO_NPM, &g, "1.0.0"));
    struct osv_range r = RANGE(ECOSYSTEM, ev);
    cr_assert_not(osv_range_affects(ECO_NPM, &r, ""));
}

Test(osv_range, same_version_introduced_and_fixed)
{
    static const struct osv_event ev[] = {EV(FIXED, "1.0.0"), EV(INTRODUCED, "1.0.0")};
    struct osv_range r = RANGE(ECOSYSTEM, ev);
    cr_assert_not(osv_range_affects(ECO_NPM, &r, "1.0.0"));
}

Test(osv_range, explicit_versions)
{
    const char *const v[] = {"1.0", "2.0.1"};
    cr_assert(osv_versions_include(ECO_PYPI, v, 2, "1.0.0"));
    cr_assert(osv_versions_include(ECO_NPM, v, 2, "2.0.1"));
    cr_assert_not(osv_versions_include(ECO_NPM, v, 2, "2.0.2"));
}

/* Which ranges a requirement with a lower bound cannot resolve out of. */
Test(osv_range, covers_from_a_lower_bound)
{
    static const struct osv_event all[] = {EV(INTRODUCED, "0")};
    static const struct osv_event open[] = {EV(INTRODUCED, "1.5")};
    static const struct osv_event reopened[] = {EV(INTRODUCED, "0"), EV(FIXED, "1.0"),
                                                EV(INTRODUCED, "1.2")};
    static const struct osv_event closed[] = {EV(INTRODUCED, "0"), EV(LAST_AFFECTED, "2.0")};
    struct osv_range r_all = RANGE(ECOSYSTEM, all), r_open = RANGE(ECOSYSTEM, open),
                     r_re = RANGE(ECOSYSTEM, reopened), r_closed = RANGE(ECOSYSTEM, closed);
    cr_assert(osv_range_covers_from(ECO_PYPI, &r_all, NULL));
    cr_assert(osv_range_covers_from(ECO_PYPI, &r_all, "2.0"));
    cr_assert_not(osv_range_covers_from(ECO_PYPI, &r_open, NULL), "1.0 is not in it");
    cr_assert(osv_range_covers_from(ECO_PYPI, &r_open, "2.0"));
    cr_assert(osv_range_covers_from(ECO_PYPI, &r_open, "1.5"));
    cr_assert_not(osv_range_covers_from(ECO_PYPI, &r_open, "1.4"));
    cr_assert(osv_range_covers_from(ECO_PYPI, &r_re, "1.10"), "PEP 440 order, not text");
    cr_assert_not(osv_range_covers_from(ECO_PYPI, &r_re, "1.1"));
    cr_assert_not(osv_range_covers_from(ECO_PYPI, &r_closed, "1.0"), "2.1 is not in it");
    cr_assert_not(osv_range_covers_from(ECO_PYPI, &r_closed, "2.0"));
}
