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
    cr_assert_gt(r.req.ncmp, 0);
    cr_assert(r.req.cmp[0].set_start);
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

struct sat_case {
    int group;
    const char *version, *range;
    bool want;
};

struct same_case {
    int group;
    const char *a, *b;
};

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

enum {
    G_HYPHEN_RANGES,
    G_X_RANGES,
    G_TILDE_RANGES,
    G_CARET_RANGES,
    G_COMPARATORS_AND_UNIONS,
    G_PRERELEASE_RULE,
};

#define R1 ">=1.2.7 <1.3.0"
#define R2 "1.2.7 || >=1.2.9 <2.0.0"
#define R3 "1.x || >=2.5.0 || 5.0.0 - 7.2.3"

/* Two spellings of one range, mostly node-semver README desugarings. */
static const struct same_case same_case_table[] = {
    {G_HYPHEN_RANGES, "1.2.3 - 2.3.4", ">=1.2.3 <=2.3.4"},
    {G_HYPHEN_RANGES, "1.2 - 2.3.4", ">=1.2.0 <=2.3.4"},
    {G_HYPHEN_RANGES, "1.2.3 - 2.3", ">=1.2.3 <2.4.0-0"},
    {G_HYPHEN_RANGES, "1.2.3 - 2", ">=1.2.3 <3.0.0-0"},
    {G_HYPHEN_RANGES, "* - 2.3.4", "<=2.3.4"},
    {G_HYPHEN_RANGES, "1.2.3 - *", ">=1.2.3"},
    {G_X_RANGES, "*", ">=0.0.0"},
    {G_X_RANGES, "", ">=0.0.0"},
    {G_X_RANGES, "x", ">=0.0.0"},
    {G_X_RANGES, "X", "*"},
    {G_X_RANGES, "1.x", ">=1.0.0 <2.0.0-0"},
    {G_X_RANGES, "1.2.x", ">=1.2.0 <1.3.0-0"},
    {G_X_RANGES, "1.2.*", "1.2.X"},
    {G_X_RANGES, "1", "1.x.x"},
    {G_X_RANGES, "1", ">=1.0.0 <2.0.0-0"},
    {G_X_RANGES, "1.2", ">=1.2.0 <1.3.0-0"},
    {G_X_RANGES, ">1.2", ">=1.3.0"},
    {G_X_RANGES, ">1", ">=2.0.0"},
    {G_X_RANGES, "<=1.2", "<1.3.0-0"},
    {G_X_RANGES, "<1.2", "<1.2.0-0"},
    {G_X_RANGES, ">=1.2", ">=1.2.0"},
    {G_X_RANGES, "=1.2", "1.2"},
    {G_TILDE_RANGES, "~1.2.3", ">=1.2.3 <1.3.0-0"},
    {G_TILDE_RANGES, "~1.2", ">=1.2.0 <1.3.0-0"},
    {G_TILDE_RANGES, "~1", ">=1.0.0 <2.0.0-0"},
    {G_TILDE_RANGES, "~0.2.3", ">=0.2.3 <0.3.0-0"},
    {G_TILDE_RANGES, "~0.2", ">=0.2.0 <0.3.0-0"},
    {G_TILDE_RANGES, "~0", ">=0.0.0 <1.0.0-0"},
    {G_TILDE_RANGES, "~1.2.3-beta.2", ">=1.2.3-beta.2 <1.3.0-0"},
    {G_TILDE_RANGES, "~>1.2.3", "~1.2.3"},
    {G_TILDE_RANGES, "~ 1.2.3", "~1.2.3"},
    {G_CARET_RANGES, "^1.2.3", ">=1.2.3 <2.0.0-0"},
    {G_CARET_RANGES, "^0.2.3", ">=0.2.3 <0.3.0-0"},
    {G_CARET_RANGES, "^0.0.3", ">=0.0.3 <0.0.4-0"},
    {G_CARET_RANGES, "^1.2.3-beta.2", ">=1.2.3-beta.2 <2.0.0-0"},
    {G_CARET_RANGES, "^0.0.3-beta", ">=0.0.3-beta <0.0.4-0"},
    {G_CARET_RANGES, "^1.2.x", ">=1.2.0 <2.0.0-0"},
    {G_CARET_RANGES, "^0.0.x", ">=0.0.0 <0.1.0-0"},
    {G_CARET_RANGES, "^0.0", ">=0.0.0 <0.1.0-0"},
    {G_CARET_RANGES, "^1.x", ">=1.0.0 <2.0.0-0"},
    {G_CARET_RANGES, "^0.x", ">=0.0.0 <1.0.0-0"},
    {G_CARET_RANGES, "^ 1.2.3", "^1.2.3"},
    {G_COMPARATORS_AND_UNIONS, "> 1.2.3", ">1.2.3"},
    {G_COMPARATORS_AND_UNIONS, ">= 1.2.3   <  2", ">=1.2.3 <2.0.0-0"},
    {G_COMPARATORS_AND_UNIONS, "=1.2.3", "1.2.3"},
    {G_COMPARATORS_AND_UNIONS, "v1.2.3", "1.2.3"},
    {G_COMPARATORS_AND_UNIONS, "1.2.3+build", "1.2.3"},
    {G_COMPARATORS_AND_UNIONS, "1.2.3 ||", "*"},
    {G_COMPARATORS_AND_UNIONS, "  1.2.3  ||  2.0.0  ", "1.2.3||2.0.0"},
};

static const struct sat_case sat_case_table[] = {
    {G_HYPHEN_RANGES, "2.3.9", "1.2.3 - 2.3", 1},
    {G_HYPHEN_RANGES, "2.4.0", "1.2.3 - 2.3", 0},
    {G_HYPHEN_RANGES, "2.3.4", "1.2 - 2.3.4", 1},
    {G_HYPHEN_RANGES, "2.3.5", "1.2 - 2.3.4", 0},
    {G_HYPHEN_RANGES, "1.2.0", "1.2 - 2.3.4", 1},
    {G_X_RANGES, "0.0.0", "<*", 0},
    {G_X_RANGES, "5.0.0", ">*", 0},
    {G_X_RANGES, "5.0.0", ">=*", 1},
    {G_X_RANGES, "1.0.0-beta", "*", 0},
    {G_TILDE_RANGES, "1.2.3-beta.4", "~1.2.3-beta.2", 1},
    {G_TILDE_RANGES, "1.2.4-beta.2", "~1.2.3-beta.2", 0},
    {G_TILDE_RANGES, "1.3.0", "~1.2.3", 0},
    {G_TILDE_RANGES, "1.2.99", "~1.2.3", 1},
    {G_CARET_RANGES, "0.3.0", "^0.2.3", 0},
    {G_CARET_RANGES, "0.2.9", "^0.2.3", 1},
    {G_CARET_RANGES, "0.0.4", "^0.0.3", 0},
    {G_CARET_RANGES, "1.2.3-beta.4", "^1.2.3-beta.2", 1},
    {G_CARET_RANGES, "1.2.4-beta.2", "^1.2.3-beta.2", 0},
    {G_COMPARATORS_AND_UNIONS, "1.2.7", R1, 1},
    {G_COMPARATORS_AND_UNIONS, "1.2.8", R1, 1},
    {G_COMPARATORS_AND_UNIONS, "1.2.99", R1, 1},
    {G_COMPARATORS_AND_UNIONS, "1.2.6", R1, 0},
    {G_COMPARATORS_AND_UNIONS, "1.3.0", R1, 0},
    {G_COMPARATORS_AND_UNIONS, "1.1.0", R1, 0},
    {G_COMPARATORS_AND_UNIONS, "1.2.7", R2, 1},
    {G_COMPARATORS_AND_UNIONS, "1.2.9", R2, 1},
    {G_COMPARATORS_AND_UNIONS, "1.4.6", R2, 1},
    {G_COMPARATORS_AND_UNIONS, "1.2.8", R2, 0},
    {G_COMPARATORS_AND_UNIONS, "2.0.0", R2, 0},
    {G_COMPARATORS_AND_UNIONS, "1.2.3", R3, 1},
    {G_COMPARATORS_AND_UNIONS, "6.0.0", R3, 1},
    {G_COMPARATORS_AND_UNIONS, "2.4.0", R3, 0},
    /* README example first; the last row shows the rule is per set. */
    {G_PRERELEASE_RULE, "1.2.3-alpha.7", ">1.2.3-alpha.3", 1},
    {G_PRERELEASE_RULE, "3.4.5-alpha.9", ">1.2.3-alpha.3", 0},
    {G_PRERELEASE_RULE, "3.4.5", ">1.2.3-alpha.3", 1},
    {G_PRERELEASE_RULE, "1.2.3-alpha.2", ">1.2.3-alpha.3", 0},
    {G_PRERELEASE_RULE, "2.0.0-rc.1", "^1.0.0", 0},
    {G_PRERELEASE_RULE, "1.5.0-rc.1", "^1.0.0", 0},
    {G_PRERELEASE_RULE, "1.0.0-rc.1", "1.0.0-rc.1", 1},
    {G_PRERELEASE_RULE, "1.0.0-rc.2", ">=1.0.0-rc.1 <2.0.0", 1},
    {G_PRERELEASE_RULE, "1.0.1-rc.2", ">=1.0.0-rc.1 <2.0.0", 0},
    {G_PRERELEASE_RULE, "2.0.0-rc.1", "^1.0.0 || >=2.0.0-rc.0", 1},
};

/* Every row of one group: both spellings agree on every probe version, and
 * the single-version rows hold. */
static void check_group(int group)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof(same_case_table) / sizeof(same_case_table[0]); i++)
        if (same_case_table[i].group == group && ++n)
            same(same_case_table[i].a, same_case_table[i].b);
    for (size_t i = 0; i < sizeof(sat_case_table) / sizeof(sat_case_table[0]); i++) {
        const struct sat_case *c = &sat_case_table[i];
        if (c->group == group && ++n)
            cr_assert_eq(sat(c->version, c->range), c->want, "%s in '%s'", c->version, c->range);
    }
    cr_assert_gt(n, 0);
}

Test(req_npm, readme_hyphen_ranges)
{
    check_group(G_HYPHEN_RANGES);
}

Test(req_npm, readme_x_ranges)
{
    check_group(G_X_RANGES);
}

Test(req_npm, readme_tilde_ranges)
{
    check_group(G_TILDE_RANGES);
}

Test(req_npm, readme_caret_ranges)
{
    check_group(G_CARET_RANGES);
}

Test(req_npm, readme_comparators_and_unions)
{
    check_group(G_COMPARATORS_AND_UNIONS);
}

Test(req_npm, prerelease_rule)
{
    check_group(G_PRERELEASE_RULE);
}

/* Rejected ranges, the column the diag names, and its code. */
static const struct {
    const char *range;
    unsigned col;
    enum diag_code code;
} invalid_table[] = {
    {"1.2.3 - ", 7, DIAG_SYNTAX},
    {">=1.2.3 - 2.0.0", 9, DIAG_SYNTAX},
    {"1.2-beta", 4, DIAG_SYNTAX},
    {">=", 3, DIAG_SYNTAX},
    {">= 01.2.3", 4, DIAG_SYNTAX},
    {"^1.2.3 foo", 8, DIAG_SYNTAX},
    {"1.2.3 | 2", 7, DIAG_SYNTAX},
    {"~1.2.3-", 8, DIAG_SYNTAX},
    {"1.2.3.4", 6, DIAG_SYNTAX},
    {"1.2.3 || =>1.0.0", 11, DIAG_SYNTAX},
    {"18446744073709551616", 1, DIAG_LIMIT},
};

Test(req_npm, invalid_ranges_name_the_column)
{
    for (size_t i = 0; i < sizeof(invalid_table) / sizeof(invalid_table[0]); i++) {
        const char *range = invalid_table[i].range;
        struct req_npm r;
        struct diag d;
        diag_clear(&d);
        cr_assert_not(req_npm_parse(range, strlen(range), &r, &d), "'%s' accepted", range);
        cr_assert_null(r.req.cmp);
        cr_assert_eq(d.code, invalid_table[i].code, "'%s'", range);
        cr_assert_eq(d.line, 1);
        cr_assert_eq(d.col, invalid_table[i].col, "'%s': col %u", range, d.col);
        cr_assert(strncmp(d.msg, "range: ", 7) == 0, "%s", d.msg);
    }
}

Test(req_npm, limits_and_overflow)
{
    struct req_npm r;
    struct diag d;
    diag_clear(&d);
    static char big[SEMVER_CMP_MAX_TEXT + 2];
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
