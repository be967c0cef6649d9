/* npm ranges: node-semver's README desugarings, pre-release rule, errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/req_npm.h"

static struct req_npm parse_ok(const char *range)
{
    struct req_npm r;
    struct diag d;
    diag_clear(&d);
    cr_assert(req_npm_parse(range, strlen(range), &r, &d), "'%s': %s (col %u)", range, d.msg,
              d.col);
    cr_assert_gt(r.ncmp, 0);
    cr_assert(r.cmp[0].set_start);
    return r;
}

static bool sat(const char *version, const char *range)
{
    struct req_npm r = parse_ok(range);
    struct semver v;
    struct diag d;
    diag_clear(&d);
    cr_assert(semver_parse(version, strlen(version), SEMVER_LOOSE, &v, &d), "%s", version);
    bool m = req_npm_matches(&r, &v);
    req_npm_free(&r);
    return m;
}

static const char *const probe_table[] = {
    "0.0.0", "0.0.1", "0.0.3", "0.0.4", "0.0.4-0", "0.1.0", "0.1.9", "0.2.0", "0.2.3",
    "0.2.4", "0.3.0", "0.3.0-alpha", "0.9.9", "1.0.0-rc.1", "1.0.0", "1.1.9", "1.2.0-0",
    "1.2.0", "1.2.2", "1.2.3-alpha", "1.2.3-beta.2", "1.2.3-beta.4", "1.2.3", "1.2.4-beta.2",
    "1.2.4", "1.2.99", "1.3.0-0", "1.3.0", "1.9.9", "2.0.0-0", "2.0.0", "2.3.0", "2.3.4",
    "2.3.5", "2.3.9", "2.4.0-0", "2.4.0", "2.9.9", "3.0.0-beta", "3.0.0", "3.4.5-alpha.9",
    "3.4.5", "99.0.0",
};

/* Two spellings of one range agree on every probe version. */
static void same(const char *a, const char *b)
{
    struct req_npm ra = parse_ok(a), rb = parse_ok(b);
    for (size_t i = 0; i < sizeof(probe_table) / sizeof(probe_table[0]); i++) {
        struct semver v;
        struct diag d;
        diag_clear(&d);
        cr_assert(semver_parse(probe_table[i], strlen(probe_table[i]), 0, &v, &d));
        cr_assert_eq(req_npm_matches(&ra, &v), req_npm_matches(&rb, &v),
                     "'%s' and '%s' disagree on %s", a, b, probe_table[i]);
    }
    req_npm_free(&ra);
    req_npm_free(&rb);
}

Test(req_npm, readme_hyphen_ranges)
{
    same("1.2.3 - 2.3.4", ">=1.2.3 <=2.3.4");
    same("1.2 - 2.3.4", ">=1.2.0 <=2.3.4");
    same("1.2.3 - 2.3", ">=1.2.3 <2.4.0-0");
    same("1.2.3 - 2", ">=1.2.3 <3.0.0-0");
    same("* - 2.3.4", "<=2.3.4");
    same("1.2.3 - *", ">=1.2.3");
    cr_assert(sat("2.3.9", "1.2.3 - 2.3"));
    cr_assert_not(sat("2.4.0", "1.2.3 - 2.3"));
    cr_assert(sat("2.3.4", "1.2 - 2.3.4"));
    cr_assert_not(sat("2.3.5", "1.2 - 2.3.4"));
    cr_assert(sat("1.2.0", "1.2 - 2.3.4"));
}

Test(req_npm, readme_x_ranges)
{
    same("*", ">=0.0.0");
    same("", ">=0.0.0");
    same("x", ">=0.0.0");
    same("X", "*");
    same("1.x", ">=1.0.0 <2.0.0-0");
    same("1.2.x", ">=1.2.0 <1.3.0-0");
    same("1.2.*", "1.2.X");
    same("1", "1.x.x");
    same("1", ">=1.0.0 <2.0.0-0");
    same("1.2", ">=1.2.0 <1.3.0-0");
    same(">1.2", ">=1.3.0");
    same(">1", ">=2.0.0");
    same("<=1.2", "<1.3.0-0");
    same("<1.2", "<1.2.0-0");
    same(">=1.2", ">=1.2.0");
    same("=1.2", "1.2");
    cr_assert_not(sat("0.0.0", "<*"));
    cr_assert_not(sat("5.0.0", ">*"));
    cr_assert(sat("5.0.0", ">=*"));
    cr_assert_not(sat("1.0.0-beta", "*"), "* does not match pre-releases");
}

Test(req_npm, readme_tilde_ranges)
{
    same("~1.2.3", ">=1.2.3 <1.3.0-0");
    same("~1.2", ">=1.2.0 <1.3.0-0");
    same("~1", ">=1.0.0 <2.0.0-0");
    same("~0.2.3", ">=0.2.3 <0.3.0-0");
    same("~0.2", ">=0.2.0 <0.3.0-0");
    same("~0", ">=0.0.0 <1.0.0-0");
    same("~1.2.3-beta.2", ">=1.2.3-beta.2 <1.3.0-0");
    same("~>1.2.3", "~1.2.3");
    same("~ 1.2.3", "~1.2.3");
    cr_assert(sat("1.2.3-beta.4", "~1.2.3-beta.2"));
    cr_assert_not(sat("1.2.4-beta.2", "~1.2.3-beta.2"));
    cr_assert_not(sat("1.3.0", "~1.2.3"));
    cr_assert(sat("1.2.99", "~1.2.3"));
}

Test(req_npm, readme_caret_ranges)
{
    same("^1.2.3", ">=1.2.3 <2.0.0-0");
    same("^0.2.3", ">=0.2.3 <0.3.0-0");
    same("^0.0.3", ">=0.0.3 <0.0.4-0");
    same("^1.2.3-beta.2", ">=1.2.3-beta.2 <2.0.0-0");
    same("^0.0.3-beta", ">=0.0.3-beta <0.0.4-0");
    same("^1.2.x", ">=1.2.0 <2.0.0-0");
    same("^0.0.x", ">=0.0.0 <0.1.0-0");
    same("^0.0", ">=0.0.0 <0.1.0-0");
    same("^1.x", ">=1.0.0 <2.0.0-0");
    same("^0.x", ">=0.0.0 <1.0.0-0");
    same("^ 1.2.3", "^1.2.3");
    cr_assert_not(sat("0.3.0", "^0.2.3"));
    cr_assert(sat("0.2.9", "^0.2.3"));
    cr_assert_not(sat("0.0.4", "^0.0.3"));
    cr_assert(sat("1.2.3-beta.4", "^1.2.3-beta.2"));
    cr_assert_not(sat("1.2.4-beta.2", "^1.2.3-beta.2"));
}

Test(req_npm, readme_comparators_and_unions)
{
    const char *r = ">=1.2.7 <1.3.0";
    cr_assert(sat("1.2.7", r));
    cr_assert(sat("1.2.8", r));
    cr_assert(sat("1.2.99", r));
    cr_assert_not(sat("1.2.6", r));
    cr_assert_not(sat("1.3.0", r));
    cr_assert_not(sat("1.1.0", r));
    r = "1.2.7 || >=1.2.9 <2.0.0";
    cr_assert(sat("1.2.7", r));
    cr_assert(sat("1.2.9", r));
    cr_assert(sat("1.4.6", r));
    cr_assert_not(sat("1.2.8", r));
    cr_assert_not(sat("2.0.0", r));
    cr_assert(sat("1.2.3", "1.x || >=2.5.0 || 5.0.0 - 7.2.3"));
    cr_assert(sat("6.0.0", "1.x || >=2.5.0 || 5.0.0 - 7.2.3"));
    cr_assert_not(sat("2.4.0", "1.x || >=2.5.0 || 5.0.0 - 7.2.3"));
    same("> 1.2.3", ">1.2.3");
    same(">= 1.2.3   <  2", ">=1.2.3 <2.0.0-0");
    same("=1.2.3", "1.2.3");
    same("v1.2.3", "1.2.3");
    same("1.2.3+build", "1.2.3");
    same("1.2.3 ||", "*");
    same("  1.2.3  ||  2.0.0  ", "1.2.3||2.0.0");
}

Test(req_npm, prerelease_rule)
{
    cr_assert(sat("1.2.3-alpha.7", ">1.2.3-alpha.3"));
    cr_assert_not(sat("3.4.5-alpha.9", ">1.2.3-alpha.3"));
    cr_assert(sat("3.4.5", ">1.2.3-alpha.3"));
    cr_assert_not(sat("1.2.3-alpha.2", ">1.2.3-alpha.3"));
    cr_assert_not(sat("2.0.0-rc.1", "^1.0.0"));
    cr_assert_not(sat("1.5.0-rc.1", "^1.0.0"));
    cr_assert(sat("1.0.0-rc.1", "1.0.0-rc.1"));
    cr_assert(sat("1.0.0-rc.2", ">=1.0.0-rc.1 <2.0.0"));
    cr_assert_not(sat("1.0.1-rc.2", ">=1.0.0-rc.1 <2.0.0"));
    /* The rule is per set. */
    cr_assert(sat("2.0.0-rc.1", "^1.0.0 || >=2.0.0-rc.0"));
}

static unsigned fail_col(const char *range)
{
    struct req_npm r;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(req_npm_parse(range, strlen(range), &r, &d), "'%s' should be rejected", range);
    cr_assert_null(r.cmp);
    cr_assert(diag_failed(&d));
    cr_assert_eq(d.line, 1);
    cr_assert(strstr(d.msg, "range: "), "%s", d.msg);
    return d.col;
}

Test(req_npm, invalid_ranges_name_the_column)
{
    cr_assert_eq(fail_col("1.2.3 - "), 7);
    cr_assert_eq(fail_col(">=1.2.3 - 2.0.0"), 9);
    cr_assert_eq(fail_col("1.2-beta"), 4);
    cr_assert_eq(fail_col(">="), 3);
    cr_assert_eq(fail_col(">= 01.2.3"), 4);
    cr_assert_eq(fail_col("^1.2.3 foo"), 8);
    cr_assert_eq(fail_col("1.2.3 | 2"), 7);
    cr_assert_eq(fail_col("~1.2.3-"), 8);
    cr_assert_eq(fail_col("1.2.3.4"), 6);
    cr_assert_eq(fail_col("1.2.3 || =>1.0.0"), 11);
    cr_assert_eq(fail_col("18446744073709551616"), 1);
}

Test(req_npm, limits_and_overflow)
{
    struct req_npm r;
    struct diag d;
    diag_clear(&d);
    static char big[REQ_NPM_MAX_LEN + 2];
    memset(big, ' ', sizeof(big) - 1);
    cr_assert_not(req_npm_parse(big, sizeof(big) - 1, &r, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
    char many[2048] = "";
    for (int i = 0; i < 70; i++)
        strcat(many, "^1.0.0 ");
    diag_clear(&d);
    cr_assert_not(req_npm_parse(many, strlen(many), &r, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
    diag_clear(&d);
    cr_assert_not(req_npm_parse("1.0.0\0", 6, &r, &d));

    cr_assert(sat("18446744073709551615.5.0", "^18446744073709551615.0.0"));
    cr_assert_not(sat("18446744073709551615.0.0", ">18446744073709551615"));
    cr_assert(sat("18446744073709551615.9.9", "<=18446744073709551615"));
    req_npm_free(NULL);
    cr_assert_not(req_npm_matches(NULL, &(struct semver){0}));
}
