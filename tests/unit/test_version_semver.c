/* SemVer 2.0.0 parsing (strict and npm-loose) and §11 precedence. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/version_semver.h"

static struct semver sv(const char *s, unsigned flags)
{
    struct semver v;
    struct diag d;
    diag_clear(&d);
    bool ok = semver_parse(s, strlen(s), flags, &v, &d);
    cr_assert(ok, "'%s' should parse: %s", s, d.msg);
    return v;
}

static bool parses(const char *s, unsigned flags)
{
    struct semver v;
    struct diag d;
    diag_clear(&d);
    bool ok = semver_parse(s, strlen(s), flags, &v, &d);
    cr_assert_eq(ok, !diag_failed(&d), "diag must be set exactly on failure for '%s'", s);
    return ok;
}

static unsigned fail_col(const char *s, unsigned flags)
{
    struct semver v;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(semver_parse(s, strlen(s), flags, &v, &d), "'%s' should be rejected", s);
    cr_assert_eq(d.line, 1);
    return d.col;
}

Test(semver, parses_fields)
{
    struct semver v = sv("1.22.333-alpha.1+build.5", 0);
    cr_assert_eq(v.major, 1);
    cr_assert_eq(v.minor, 22);
    cr_assert_eq(v.patch, 333);
    cr_assert_eq(v.pre_len, 7);
    cr_assert_eq(memcmp(v.pre, "alpha.1", 7), 0);
    cr_assert_eq(v.build_len, 7);
    cr_assert_eq(memcmp(v.build, "build.5", 7), 0);
    cr_assert(semver_is_prerelease(&v));

    v = sv("0.0.0", 0);
    cr_assert_eq(v.major + v.minor + v.patch, 0);
    cr_assert_null(v.pre);
    cr_assert_null(v.build);
    cr_assert_not(semver_is_prerelease(&v));

    v = sv("1.0.0+0001.x-y", 0);
    cr_assert_eq(v.build_len, 8);
    cr_assert_eq(v.pre_len, 0);

    v = sv("18446744073709551615.0.0", 0);
    cr_assert_eq(v.major, UINT64_MAX);
}

Test(semver, spec_valid_examples)
{
    const char *ok[] = {
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x.7.z.92",
        "1.0.0-x-y-z.--", "1.0.0-alpha+001", "1.0.0+20130313144700",
        "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD",
        "1.0.0-rc.1+build.1", "2.0.0-0A.is.legal", "1.2.3----RC-SNAPSHOT.12.9.1--.12+788",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        cr_assert(parses(ok[i], 0), "%s", ok[i]);
}

Test(semver, invalid_examples_with_columns)
{
    cr_assert_eq(fail_col("01.2.3", 0), 1);
    cr_assert_eq(fail_col("1.02.3", 0), 3);
    cr_assert_eq(fail_col("1.2.03", 0), 5);
    cr_assert_eq(fail_col("1.2.3-01", 0), 7);
    cr_assert_eq(fail_col("1.2.3-a..b", 0), 9);
    cr_assert_eq(fail_col("1.2", 0), 4);
    cr_assert_eq(fail_col("1.2.3-", 0), 7);
    cr_assert_eq(fail_col("1.2.3+", 0), 7);
    cr_assert_eq(fail_col("1.2.3+a.", 0), 9);
    cr_assert_eq(fail_col("1.2.3.4", 0), 6);
    cr_assert_eq(fail_col("v1.2.3", 0), 1);
    cr_assert_eq(fail_col(" 1.2.3", 0), 1);
    cr_assert_eq(fail_col("1.2.3 ", 0), 6);
    cr_assert_eq(fail_col("1.2.3-a_b", 0), 8);
    cr_assert_eq(fail_col("", 0), 1);
    cr_assert_eq(fail_col("1..3", 0), 3);
    cr_assert_eq(fail_col("1.2.x", 0), 5);
    cr_assert_eq(fail_col("18446744073709551616.0.0", 0), 1);
    cr_assert_eq(fail_col("1.99999999999999999999999.0", 0), 3);
    /* NUL inside the given length is just a bad character. */
    struct semver v;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(semver_parse("1.2.3\0", 6, 0, &v, &d));
    cr_assert_eq(d.col, 6);
    cr_assert_eq(d.code, DIAG_SYNTAX);
    diag_clear(&d);
    cr_assert_not(semver_parse("99999999999999999999.0.0", 24, 0, &v, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
}

Test(semver, loose_prefixes_and_spaces)
{
    struct semver v = sv("v1.2.3", SEMVER_LOOSE);
    cr_assert_eq(v.major, 1);
    cr_assert_eq(v.patch, 3);
    v = sv("=1.2.3", SEMVER_LOOSE);
    cr_assert_eq(v.minor, 2);
    v = sv("  v1.2.3-beta.1  ", SEMVER_LOOSE);
    cr_assert_eq(v.pre_len, 6);
    cr_assert_not(parses("v01.2.3", SEMVER_LOOSE));
    cr_assert_not(parses("1.2", SEMVER_LOOSE));
    char big[300];
    memset(big, '1', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memcpy(big, "1.2.3-", 6);
    cr_assert(parses(big, 0), "strict mode has no length cap");
    cr_assert_not(parses(big, SEMVER_LOOSE));
}

Test(semver, partial_forms)
{
    struct semver_partial p;
    struct diag d;
    diag_clear(&d);
    cr_assert(semver_parse_partial("1.x", 3, SEMVER_PARTIAL_NPM, &p, &d));
    cr_assert_eq(p.exact, 1);
    cr_assert(semver_parse_partial("1.2.*", 5, SEMVER_PARTIAL_NPM, &p, &d));
    cr_assert_eq(p.exact, 2);
    cr_assert(semver_parse_partial("X", 1, SEMVER_PARTIAL_NPM, &p, &d));
    cr_assert_eq(p.exact, 0);
    cr_assert(semver_parse_partial("2", 1, SEMVER_PARTIAL_NPM, &p, &d));
    cr_assert_eq(p.exact, 1);
    cr_assert_not(semver_parse_partial("1.2-beta", 8, SEMVER_PARTIAL_NPM, &p, &d));
    diag_clear(&d);
    cr_assert(semver_parse_partial("2.1-dev", 7, SEMVER_PARTIAL_HEX, &p, &d));
    cr_assert_eq(p.exact, 2);
    cr_assert_eq(p.v.pre_len, 3);
    cr_assert_not(semver_parse_partial("2", 1, SEMVER_PARTIAL_HEX, &p, &d));
    diag_clear(&d);
    cr_assert_not(semver_parse_partial("2.x", 3, SEMVER_PARTIAL_HEX, &p, &d));
}

static int cmp(const char *a, const char *b)
{
    struct semver va = sv(a, 0), vb = sv(b, 0);
    int r = semver_compare(&va, &vb);
    cr_assert_eq(r, -semver_compare(&vb, &va), "antisymmetry %s %s", a, b);
    return r;
}

Test(semver, spec_precedence_chain)
{
    const char *chain[] = {
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
        "1.0.1", "1.1.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0",
    };
    size_t n = sizeof(chain) / sizeof(chain[0]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int r = cmp(chain[i], chain[j]);
            int want = (i > j) - (i < j);
            cr_assert_eq(r, want, "%s vs %s: %d", chain[i], chain[j], r);
        }
}

Test(semver, identifier_rules)
{
    cr_assert_lt(cmp("1.0.0-2", "1.0.0-10"), 0);
    cr_assert_lt(cmp("1.0.0-999", "1.0.0-a"), 0, "numeric sorts before alphanumeric");
    cr_assert_lt(cmp("1.0.0-Z", "1.0.0-a"), 0, "ASCII order");
    cr_assert_lt(cmp("1.0.0-alpha", "1.0.0-alpha.0"), 0);
    cr_assert_lt(cmp("1.0.0-99999999999999999999998", "1.0.0-99999999999999999999999"), 0);
    cr_assert_lt(cmp("1.0.0-1a", "1.0.0-1b"), 0);
    cr_assert_lt(cmp("1.0.0-10", "1.0.0-9a"), 0, "9a is alphanumeric");
    cr_assert_lt(cmp("0.0.0-0", "0.0.0--"), 0);
}

Test(semver, build_metadata_ignored)
{
    cr_assert_eq(cmp("1.0.0+a", "1.0.0+b"), 0);
    cr_assert_eq(cmp("1.0.0-rc.1+x.y", "1.0.0-rc.1"), 0);
    cr_assert_lt(cmp("1.0.0-rc.1+zzz", "1.0.0+aaa"), 0);
}

Test(semver, format_round_trip)
{
    char buf[64];
    struct semver v = sv("v3.20.1-rc.1+b.7", SEMVER_LOOSE);
    cr_assert_eq(semver_format(&v, buf, sizeof(buf)), 15);
    cr_assert_str_eq(buf, "3.20.1-rc.1+b.7");
    cr_assert_eq(semver_format(&v, buf, 4), 15);
    cr_assert_str_eq(buf, "3.2");
}
