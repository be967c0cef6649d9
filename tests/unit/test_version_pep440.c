/* PEP 440 versions and specifier sets: the spec's spellings, ordering and
 * examples, the exclusion rules, and errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/req_pep440.h"
#include "depvet/core/version_pep440.h"

static struct pep440 parse_ok(const char *s)
{
    struct pep440 v;
    struct diag d;
    diag_clear(&d);
    cr_assert(pep440_parse(s, strlen(s), &v, &d), "'%s': %s", s, d.msg);
    return v;
}

static const char *norm(const char *s, char *buf, size_t len)
{
    struct pep440 v = parse_ok(s);
    size_t n = pep440_normalize(&v, buf, len);
    cr_assert_eq(n, strlen(buf), "'%s' normalized length", s);
    return buf;
}

static int cmp(const char *a, const char *b)
{
    struct pep440 x = parse_ok(a), y = parse_ok(b);
    int c = pep440_compare(&x, &y);
    cr_assert_eq(c, -pep440_compare(&y, &x), "antisymmetry %s %s", a, b);
    return c;
}

struct norm_case {
    const char *in, *want;
};

static const struct norm_case norm_table[] = {
    {"1.0", "1.0"},
    {"v1.0", "1.0"},
    {"V1.0", "1.0"},
    {"  1.0\n", "1.0"},
    {"1.0a", "1.0a0"},
    {"1.1.alpha1", "1.1a1"},
    {"1.1-beta-2", "1.1b2"},
    {"1.1_c_3", "1.1rc3"},
    {"1.1pre4", "1.1rc4"},
    {"1.1preview5", "1.1rc5"},
    {"1.0RC1", "1.0rc1"},
    {"1.0a.1", "1.0a1"},
    {"1.0-1", "1.0.post1"},
    {"1.0-r4", "1.0.post4"},
    {"1.0rev", "1.0.post0"},
    {"1.0.post", "1.0.post0"},
    {"1.0post2", "1.0.post2"},
    {"1.0_post_3", "1.0.post3"},
    {"1.0.dev", "1.0.dev0"},
    {"1.0-dev-3", "1.0.dev3"},
    {"1.0DEV4", "1.0.dev4"},
    {"1!1.0", "1!1.0"},
    {"0!1.0", "1.0"},
    {"01.002", "1.2"},
    {"1.0+ubuntu-1", "1.0+ubuntu.1"},
    {"1.0+Ubuntu_01.A", "1.0+ubuntu.1.a"},
    {"2!1.0b2.post345.dev456+abc.5", "2!1.0b2.post345.dev456+abc.5"},
    {"1.0a1-1", "1.0a1.post1"},
    {"1.0a.", "1.0a0"},
};

Test(pep440, normalizes_permitted_spellings)
{
    char buf[128];
    for (size_t i = 0; i < sizeof norm_table / sizeof norm_table[0]; i++)
        cr_expect_str_eq(norm(norm_table[i].in, buf, sizeof buf), norm_table[i].want, "in '%s'",
                         norm_table[i].in);
}

Test(pep440, normalize_truncates_and_reports_full_length)
{
    struct pep440 v = parse_ok("1.2.3rc4");
    char buf[4];
    cr_assert_eq(pep440_normalize(&v, buf, sizeof buf), 8);
    cr_assert_str_eq(buf, "1.2");
    cr_assert_eq(pep440_normalize(&v, NULL, 0), 8);
}

static const char *const bad_table[] = {
    "",        " ",        "v",         "1.",         ".1",       "1..0",     "1.0+",
    "1.0+a..b", "1.0+a_",  "1!",        "1.0a1a",     "1.0.post1.post2", "1.0-",  "a1.0",
    "1.0 a1",  "1.0\0",    "1.0dev1a1", "1.0+ab+cd",  "1.0.x",    "vv1.0",    "1.0-",
    "1.0+\xc3\xa9", "99999999999999999999999",
};

Test(pep440, rejects_malformed)
{
    for (size_t i = 0; i < sizeof bad_table / sizeof bad_table[0]; i++) {
        struct pep440 v;
        struct diag d;
        diag_clear(&d);
        size_t len = strlen(bad_table[i]);
        if (i == 15)
            len = 4;
        cr_expect_not(pep440_parse(bad_table[i], len, &v, &d), "accepted '%s'", bad_table[i]);
        cr_expect(diag_failed(&d), "no diag for '%s'", bad_table[i]);
        cr_expect_gt(d.col, 0);
    }
    struct pep440 v;
    cr_assert_not(pep440_parse("x", 1, &v, NULL));
}

Test(pep440, release_segment_cap)
{
    struct pep440 v;
    struct diag d;
    diag_clear(&d);
    cr_assert(pep440_parse("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16", 38, &v, NULL));
    cr_assert_eq(v.nrelease, 16);
    cr_assert_not(pep440_parse("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17", 41, &v, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
}

Test(pep440, error_column)
{
    struct pep440 v;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(pep440_parse("1.0$", 4, &v, &d));
    cr_assert_eq(d.col, 4);
}

/* PEP 440's "Summary of permitted suffixes and relative ordering" list. */
static const char *const order_table[] = {
    "1.dev0",      "1.0.dev456",           "1.0a1",
    "1.0a2.dev456", "1.0a12.dev456",       "1.0a12",
    "1.0b1.dev456", "1.0b2",               "1.0b2.post345.dev456",
    "1.0b2.post345", "1.0rc1.dev456",      "1.0rc1",
    "1.0",         "1.0+abc.5",            "1.0+abc.7",
    "1.0+5",       "1.0.post456.dev34",    "1.0.post456",
    "1.0.15",      "1.1.dev1",
};

Test(pep440, spec_ordering_example)
{
    size_t n = sizeof order_table / sizeof order_table[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = cmp(order_table[i], order_table[j]);
            int want = (i > j) - (i < j);
            cr_expect_eq(c > 0 ? 1 : c < 0 ? -1 : 0, want, "%s vs %s", order_table[i],
                         order_table[j]);
        }
}

Test(pep440, ordering_rules)
{
    cr_assert_gt(cmp("1.0.post1", "1.0"), 0);
    cr_assert_lt(cmp("1.0a1", "1.0"), 0);
    cr_assert_lt(cmp("1.0", "1.0.post1"), 0);
    cr_assert_gt(cmp("1!0.1", "2.0"), 0);
    cr_assert_eq(cmp("1.0", "1.0.0"), 0);
    cr_assert_eq(cmp("1.0", "1.0.0.0.0"), 0);
    cr_assert_eq(cmp("1.0rc1", "1.0c1"), 0);
    cr_assert_lt(cmp("1.0.dev1", "1.0a1"), 0);
    cr_assert_lt(cmp("1.0a1.dev1", "1.0a1"), 0);
    cr_assert_lt(cmp("1.0.post1.dev1", "1.0.post1"), 0);
    cr_assert_gt(cmp("1.0.post1.dev1", "1.0"), 0);
    cr_assert_lt(cmp("1.0", "1.0+local"), 0);
    cr_assert_lt(cmp("1.0+abc", "1.0+1"), 0);
    cr_assert_lt(cmp("1.0+2", "1.0+10"), 0);
    cr_assert_eq(cmp("1.0+0010", "1.0+10"), 0);
    cr_assert_lt(cmp("1.0+a", "1.0+a.1"), 0);
    cr_assert_eq(cmp("1.0+Ubuntu-1", "1.0+ubuntu.1"), 0);
    cr_assert_lt(cmp("1.0+abc", "1.0+abd"), 0);
    cr_assert_lt(cmp("1.0.9", "1.0.10"), 0);
    cr_assert_gt(cmp("18446744073709551615", "18446744073709551614"), 0);
}

Test(pep440, prerelease_flags)
{
    struct pep440 v = parse_ok("1.0a1");
    cr_assert(pep440_is_prerelease(&v));
    v = parse_ok("1.0.dev1");
    cr_assert(pep440_is_prerelease(&v));
    v = parse_ok("1.0.post1.dev1");
    cr_assert(pep440_is_prerelease(&v));
    v = parse_ok("1.0.post1");
    cr_assert_not(pep440_is_prerelease(&v));
    cr_assert(pep440_is_postrelease(&v));
    v = parse_ok("1.0+dev");
    cr_assert_not(pep440_is_prerelease(&v));
}

/* --- specifier sets -------------------------------------------------- */

static bool sat_pre(const char *version, const char *spec, bool pre)
{
    struct req_pep440 r;
    struct diag d;
    diag_clear(&d);
    cr_assert(req_pep440_parse(spec, strlen(spec), &r, &d), "'%s': %s (col %u)", spec, d.msg,
              d.col);
    bool m = req_pep440_matches(&r, version, pre);
    req_pep440_free(&r);
    return m;
}

static bool sat(const char *version, const char *spec)
{
    return sat_pre(version, spec, false);
}

struct sat_case {
    const char *version, *spec;
    bool want;
};

static const struct sat_case sat_table[] = {
    /* The spec's == / != examples with candidate 1.1.post1. */
    {"1.1.post1", "==1.1", false},
    {"1.1.post1", "==1.1.post1", true},
    {"1.1.post1", "==1.1.*", true},
    {"1.1.post1", "!=1.1", true},
    {"1.1.post1", "!=1.1.post1", false},
    {"1.1.post1", "!=1.1.*", false},
    {"1.0", "==1.0.0", true},
    {"1.0.0", "==1.0", true},
    {"1", "==1.0.*", true},
    {"1.1", "==1.*", true},
    {"2.0", "==1.*", false},
    {"1!1.1", "==1.*", false},
    {"1!1.1", "==1!1.*", true},
    /* ~= */
    {"1.4.9", "~=1.4.5", true},
    {"1.4.5", "~=1.4.5", true},
    {"1.4.4", "~=1.4.5", false},
    {"1.5", "~=1.4.5", false},
    {"1.5.0", "~=1.4.5", false},
    {"2.9", "~=2.2", true},
    {"3.0", "~=2.2", false},
    {"2.2.post4", "~=2.2.post3", true},
    {"2.2.post2", "~=2.2.post3", false},
    {"2.9", "~=2.2.post3", true},
    {"1.4.6", "~=1.4.5a4", true},
    {"1.4.5", "~=1.4.5a4", true},
    {"1.5", "~=1.4.5a4", false},
    {"2.2.9", "~=2.2.0", true},
    {"2.3", "~=2.2.0", false},
    {"1.4.5.3", "~=1.4.5.0", true},
    {"1.4.6", "~=1.4.5.0", false},
    /* Exclusive ordered comparisons. */
    {"1.7.1", ">1.7", true},
    {"1.7.0.post1", ">1.7", false},
    {"1.7", ">1.7", false},
    {"1.7+local", ">1.7", false},
    {"1.7.1+local", ">1.7", true},
    {"1.7.1", ">1.7.post2", true},
    {"1.7.0.post3", ">1.7.post2", true},
    {"1.7.0", ">1.7.post2", false},
    {"3.0", "<3.1", true},
    {"3.1.dev0", "<3.1", false},
    {"3.1a1", "<3.1", false},
    {"3.1a1", "<3.1rc1", false},  /* < does not let pre-releases in */
    {"3.1a1", "<=3.1rc1", true},
    {"3.0.9", "<3.1rc1", true},
    /* Inclusive comparisons use the public version. */
    {"1.0+local", "<=1.0", true},
    {"1.0+local", ">=1.0", true},
    {"1.0.post1", "<=1.0", false},
    /* Local versions for == / !=. */
    {"1.0+local", "==1.0", true},
    {"1.0+local", "==1.0+local", true},
    {"1.0", "==1.0+local", false},
    {"1.0+other", "==1.0+local", false},
    {"1.0+local", "!=1.0", false},
    /* Sets. */
    {"2.5", ">=2,<3,!=2.4.*", true},
    {"2.4.1", ">=2,<3,!=2.4.*", false},
    {"3.0", ">=2,<3,!=2.4.*", false},
    {"2.0", " >= 2 , < 3 ", true},
    {"2.0", ">=2,,<3,", true},
    {"1.0", "", true},
    /* Pre-releases only when mentioned. */
    {"2.0a1", ">=1.0", false},
    {"2.0.dev1", "", false},
    {"2.0a1", ">=1.0a1", true},
    {"2.0a1", ">=1.0,!=2.0b1", false},
    {"1.1a1", "==1.1.*", false},
    /* === */
    {"1.0", "===1.0", true},
    {"1.0.0", "===1.0", false},
    {"FooBar", "===foobar", true},
    {"foobar", "==1.0", false},
    {"foobar", "", false},
};

Test(req_pep440, matches_spec_examples)
{
    for (size_t i = 0; i < sizeof sat_table / sizeof sat_table[0]; i++)
        cr_expect_eq(sat(sat_table[i].version, sat_table[i].spec), sat_table[i].want,
                     "'%s' in '%s'", sat_table[i].version, sat_table[i].spec);
}

static const char *const probe_table[] = {
    "2.1",  "2.2",   "2.2.0",  "2.2.1", "2.9.9", "3.0",  "3.0.0a1", "2.2a1",
    "2.1.9", "2.2.post1", "2.10", "3.0.dev1", "2!2.3", "2.2+local", "2.3.dev1", "1.0",
};

/* ~=2.2 behaves as >=2.2,==2.* on every probe, with and without pre. */
Test(req_pep440, compat_is_ge_and_prefix)
{
    for (size_t i = 0; i < sizeof probe_table / sizeof probe_table[0]; i++)
        for (int pre = 0; pre < 2; pre++)
            cr_expect_eq(sat_pre(probe_table[i], "~=2.2", pre),
                         sat_pre(probe_table[i], ">=2.2,==2.*", pre), "%s pre=%d",
                         probe_table[i], pre);
}

Test(req_pep440, include_prereleases)
{
    cr_assert(sat_pre("2.0a1", ">=1.0", true));
    cr_assert(sat_pre("2.0.dev1", "", true));
    cr_assert(sat_pre("1.1a1", "==1.1.*", true));
    cr_assert_not(sat_pre("3.1a1", "<3.1", true));
    cr_assert(sat_pre("3.1a1", "<3.1rc1", true));
}

struct bad_spec {
    const char *spec;
    unsigned col;
};

static const struct bad_spec bad_spec_table[] = {
    {"1.0", 1},        {">=", 3},         {">=1.0,<", 8},   {"~=1", 3},
    {">=1.0.*", 6},    {"~=1.0.*", 6},    {"<1.0+local", 2}, {"==1.0a1.*", 3},
    {"==1.0+l.*", 3},  {">=1.0 2.0", 6},  {"=>1.0", 1},     {"===", 4},
    {">= 1.0 ,x", 9},  {"==1.0$", 6},
};

Test(req_pep440, rejects_malformed_with_column)
{
    for (size_t i = 0; i < sizeof bad_spec_table / sizeof bad_spec_table[0]; i++) {
        struct req_pep440 r;
        struct diag d;
        diag_clear(&d);
        const char *s = bad_spec_table[i].spec;
        cr_expect_not(req_pep440_parse(s, strlen(s), &r, &d), "accepted '%s'", s);
        cr_expect_eq(d.col, bad_spec_table[i].col, "'%s': col %u (%s)", s, d.col, d.msg);
        cr_expect_null(r.specs);
        cr_expect_null(r.text);
        req_pep440_free(&r);
    }
    req_pep440_free(NULL);
}

Test(req_pep440, clause_cap)
{
    char buf[64 * 6 + 16];
    size_t n = 0;
    for (int i = 0; i < 65; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s>=%d", i ? "," : "", i % 10);
    struct req_pep440 r;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(req_pep440_parse(buf, n, &r, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
}
