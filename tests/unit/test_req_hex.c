/* Hex / Elixir requirements: parsing, ~> expansion, and/or, pre-releases. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/req_hex.h"

static bool match_opt(const char *req, const char *ver, bool allow_pre)
{
    struct req_hex r;
    struct semver v;
    struct diag d;
    diag_clear(&d);
    cr_assert(req_hex_parse(req, strlen(req), &r, &d), "'%s': %s", req, d.msg);
    cr_assert(semver_parse(ver, strlen(ver), 0, &v, &d), "'%s': %s", ver, d.msg);
    bool m = req_hex_matches_opt(&r, &v, allow_pre);
    req_hex_free(&r);
    return m;
}

static unsigned fail_col(const char *req)
{
    struct req_hex r;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(req_hex_parse(req, strlen(req), &r, &d), "'%s' should be rejected", req);
    cr_assert_null(r.req.cmp);
    cr_assert_eq(r.req.ncmp, 0);
    cr_assert(diag_failed(&d));
    req_hex_free(&r);
    return d.col;
}

struct hex_case {
    int group;
    const char *req, *version;
    bool hex;       /* allow_pre: false, as Hex resolves */
    bool allow_pre; /* Elixir's default */
};

enum { G_OPS, G_TILDE, G_ANDOR, G_PRE };
#define ANDOR ">= 1.0.0 and < 1.5.0 or == 2.0.0 or > 3.0.0 and < 3.1.0"

static const struct hex_case hex_case_table[] = {
    {G_OPS, "== 2.0.0", "2.0.0", 1, 1},
    {G_OPS, "== 2.0.0", "2.0.1", 0, 0},
    {G_OPS, "2.0.0", "2.0.0", 1, 1},
    {G_OPS, "== 2.0.0", "2.0.0+build.1", 1, 1},
    {G_OPS, "!= 2.0.0", "2.0.1", 1, 1},
    {G_OPS, "!= 2.0.0", "2.0.0", 0, 0},
    {G_OPS, "! 2.0.0", "2.0.0", 0, 0},
    {G_OPS, "> 1.0.0", "2.0.0", 1, 1},
    {G_OPS, "> 1.0.0", "1.0.0", 0, 0},
    {G_OPS, ">= 1.0.0", "1.0.0", 1, 1},
    {G_OPS, ">= 1.0.0", "0.9.9", 0, 0},
    {G_OPS, "< 1.0.0", "0.9.9", 1, 1},
    {G_OPS, "< 1.0.0", "1.0.0", 0, 0},
    {G_OPS, "<= 1.0.0", "1.0.0", 1, 1},
    {G_OPS, "<= 1.0.0", "1.0.1", 0, 0},
    {G_OPS, ">=1.0.0", "1.5.0", 1, 1},
    {G_OPS, "  ~>1.0  ", "1.5.0", 1, 1},
    {G_OPS, "\t== 1.0.0\t", "1.0.0", 1, 1},
    /* The table in Elixir's Version docs, and its upper bounds. */
    {G_TILDE, "~> 2.0.0", "2.0.0", 1, 1},
    {G_TILDE, "~> 2.0.0", "2.0.9", 1, 1},
    {G_TILDE, "~> 2.0.0", "2.1.0", 0, 0},
    {G_TILDE, "~> 2.1.2", "2.1.2", 1, 1},
    {G_TILDE, "~> 2.1.2", "2.1.1", 0, 0},
    {G_TILDE, "~> 2.1.2", "2.2.0", 0, 0},
    {G_TILDE, "~> 2.0", "2.0.0", 1, 1},
    {G_TILDE, "~> 2.0", "2.99.0", 1, 1},
    {G_TILDE, "~> 2.0", "3.0.0", 0, 0},
    {G_TILDE, "~> 1.2", "1.9.0", 1, 1},
    {G_TILDE, "~> 1.2", "1.1.9", 0, 0},
    {G_TILDE, "~> 1.2", "2.0.0", 0, 0},
    {G_TILDE, "~> 1.2.3", "1.2.9", 1, 1},
    {G_TILDE, "~> 1.2.3", "1.3.0", 0, 0},
    {G_TILDE, "~> 2.0.1", "2.1.0", 0, 0},
    {G_TILDE, "~> 2.0.1", "2.0.1", 1, 1},
    /* Never a pre-release of the upper bound, even with allow_pre. */
    {G_TILDE, "~> 2.0", "3.0.0-rc.1", 0, 0},
    {G_TILDE, "~> 2.0.0", "2.1.0-0", 0, 0},
    {G_TILDE, "~> 18446744073709551615.0", "18446744073709551615.7.0", 1, 1},
    {G_ANDOR, ANDOR, "1.2.0", 1, 1},
    {G_ANDOR, ANDOR, "1.5.0", 0, 0},
    {G_ANDOR, ANDOR, "2.0.0", 1, 1},
    {G_ANDOR, ANDOR, "2.0.1", 0, 0},
    {G_ANDOR, ANDOR, "3.0.5", 1, 1},
    {G_ANDOR, ANDOR, "3.1.0", 0, 0},
    {G_ANDOR, "~> 1.0 or ~> 2.0", "2.3.0", 1, 1},
    {G_ANDOR, "~> 1.0 and ~> 2.0", "2.3.0", 0, 0},
    /* Rows of the allow_pre table in Elixir's docs. */
    {G_PRE, "~> 2.1.2", "2.1.6-dev", 0, 1},
    {G_PRE, "~> 2.1-dev", "2.2.0-dev", 1, 1},
    {G_PRE, "~> 2.1.2-dev", "2.1.3-dev", 1, 1},
    {G_PRE, ">= 2.1.0-dev", "2.2.3-dev", 1, 1},
    {G_PRE, ">= 1.0.0", "2.0.0-rc.1", 0, 1},
    {G_PRE, "> 1.0.0", "2.0.0-rc.1", 0, 1},
    {G_PRE, "== 2.0.0-rc.1", "2.0.0-rc.1", 1, 1},
    {G_PRE, "== 2.0.0-rc.1", "2.0.0-rc.2", 0, 0},
    /* < and <= carry no pre-release condition in Elixir. */
    {G_PRE, "< 2.0.0", "1.5.0-rc.0", 1, 1},
    {G_PRE, "< 2.0.0", "2.0.0-rc.0", 1, 1},
    /* The forum example: ">= 1.11.0-0" is the way to take rcs. */
    {G_PRE, ">= 1.11.0-0", "1.11.0-rc1", 1, 1},
    {G_PRE, "~> 1.11-0", "1.11.0-rc1", 1, 1},
    {G_PRE, "~> 1.11", "1.11.0-rc1", 0, 0},
};

/* Runs the rows of one group, each with and without allow_pre. */
static void check_group(int group)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof(hex_case_table) / sizeof(hex_case_table[0]); i++) {
        const struct hex_case *c = hex_case_table;
        if (c[i].group != group)
            continue;
        n++;
        cr_assert_eq(match_opt(c[i].req, c[i].version, false), c[i].hex, "'%s' vs %s (Hex)",
                     c[i].req, c[i].version);
        cr_assert_eq(match_opt(c[i].req, c[i].version, true), c[i].allow_pre,
                     "'%s' vs %s (allow_pre)", c[i].req, c[i].version);
    }
    cr_assert_gt(n, 0);
}

Test(req_hex, comparison_operators)
{
    check_group(G_OPS);
}

Test(req_hex, approximate_operator)
{
    check_group(G_TILDE);
}

Test(req_hex, and_binds_tighter_than_or)
{
    check_group(G_ANDOR);
}

Test(req_hex, prerelease_rule)
{
    check_group(G_PRE);
}

Test(req_hex, invalid_requirements)
{
    static const struct {
        const char *req;
        unsigned col;
    } t[] = {
        {"", 1},          {"   ", 4},          {">= 1.2", 7},      {"~> 1", 5},
        {"== == 1.0.0", 4}, {">=", 3},         {"1.0.0 and", 10},  {"and 1.0.0", 1},
        {"1.0.0 1.0.1", 7}, {"1.0.0 or or 2.0.0", 10}, {"~> 1.0 And 2.0.0", 8},
        {"~> v1.0", 4},   {">= 01.0.0", 4},    {"=> 1.0.0", 1},    {"~> 1.x", 6},
        {"1.0.0 and >", 12},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        cr_assert_eq(fail_col(t[i].req), t[i].col, "'%s'", t[i].req);
}

Test(req_hex, limits_and_hostile_input)
{
    struct req_hex r;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(req_hex_parse("1.0.0\0", 6, &r, &d));
    diag_clear(&d);
    cr_assert_not(req_hex_parse("\xff\xfe", 2, &r, &d));

    static char big[SEMVER_CMP_MAX_TEXT + 16];
    memset(big, ' ', sizeof(big) - 1);
    memcpy(big, "1.0.0", 5);
    diag_clear(&d);
    cr_assert_not(req_hex_parse(big, sizeof(big) - 1, &r, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);

    /* 70 "~> x.y or" clauses make 140 comparators: over the cap. */
    char many[1024] = "";
    for (int i = 0; i < 70; i++)
        strcat(many, i ? " or ~> 1.0" : "~> 1.0");
    diag_clear(&d);
    cr_assert_not(req_hex_parse(many, strlen(many), &r, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);

    req_hex_free(NULL);
    cr_assert_not(req_hex_matches(NULL, &(struct semver){0}));
}

Test(req_hex, owns_its_text)
{
    char text[] = "== 1.0.0-rc.1";
    struct req_hex r;
    struct diag d;
    diag_clear(&d);
    cr_assert(req_hex_parse(text, strlen(text), &r, &d));
    memset(text, 'q', strlen(text));
    struct semver v = {1, 0, 0, "rc.1", 4, NULL, 0};
    cr_assert(req_hex_matches(&r, &v));
    cr_assert_eq(r.req.ncmp, 1);
    req_hex_free(&r);
    cr_assert_null(r.req.cmp);
}
