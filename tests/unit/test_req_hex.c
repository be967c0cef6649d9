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

static bool match(const char *req, const char *ver)
{
    bool hex = match_opt(req, ver, false);
    /* Without pre-releases, the option makes no difference. */
    if (!strchr(ver, '-'))
        cr_assert_eq(hex, match_opt(req, ver, true), "%s vs %s", req, ver);
    return hex;
}

static unsigned fail_col(const char *req)
{
    struct req_hex r;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(req_hex_parse(req, strlen(req), &r, &d), "'%s' should be rejected", req);
    cr_assert_null(r.cmp);
    cr_assert_eq(r.ncmp, 0);
    cr_assert(diag_failed(&d));
    req_hex_free(&r);
    return d.col;
}

Test(req_hex, comparison_operators)
{
    cr_assert(match("== 2.0.0", "2.0.0"));
    cr_assert_not(match("== 2.0.0", "2.0.1"));
    cr_assert(match("2.0.0", "2.0.0"), "no operator means ==");
    cr_assert(match("== 2.0.0", "2.0.0+build.1"), "build is ignored");
    cr_assert(match("!= 2.0.0", "2.0.1"));
    cr_assert_not(match("!= 2.0.0", "2.0.0"));
    cr_assert(match("> 1.0.0", "2.0.0"));
    cr_assert_not(match("> 1.0.0", "1.0.0"));
    cr_assert(match(">= 1.0.0", "1.0.0"));
    cr_assert_not(match(">= 1.0.0", "0.9.9"));
    cr_assert(match("< 1.0.0", "0.9.9"));
    cr_assert_not(match("< 1.0.0", "1.0.0"));
    cr_assert(match("<= 1.0.0", "1.0.0"));
    cr_assert_not(match("<= 1.0.0", "1.0.1"));
    cr_assert(match(">=1.0.0", "1.5.0"), "operator may touch the version");
    cr_assert(match("  ~>1.0  ", "1.5.0"));
}

Test(req_hex, approximate_operator)
{
    /* The table in Elixir's Version docs. */
    cr_assert(match("~> 2.0.0", "2.0.0"));
    cr_assert(match("~> 2.0.0", "2.0.9"));
    cr_assert_not(match("~> 2.0.0", "2.1.0"));
    cr_assert(match("~> 2.1.2", "2.1.2"));
    cr_assert_not(match("~> 2.1.2", "2.1.1"));
    cr_assert_not(match("~> 2.1.2", "2.2.0"));
    cr_assert(match("~> 2.0", "2.0.0"));
    cr_assert(match("~> 2.0", "2.99.0"));
    cr_assert_not(match("~> 2.0", "3.0.0"));
    cr_assert(match("~> 1.2", "1.9.0"));
    cr_assert_not(match("~> 1.2", "1.1.9"));
    cr_assert_not(match("~> 1.2", "2.0.0"));
    cr_assert(match("~> 1.2.3", "1.2.9"));
    cr_assert_not(match("~> 1.2.3", "1.3.0"));
    cr_assert_not(match("~> 2.0.1", "2.1.0"));
    cr_assert(match("~> 2.0.1", "2.0.1"));
    /* Never a pre-release of the upper bound, even with allow_pre. */
    cr_assert_not(match_opt("~> 2.0", "3.0.0-rc.1", true));
    cr_assert_not(match_opt("~> 2.0.0", "2.1.0-0", true));
    cr_assert(match("~> 18446744073709551615.0", "18446744073709551615.7.0"),
              "no overflow in the upper bound");
}

Test(req_hex, and_binds_tighter_than_or)
{
    const char *req = ">= 1.0.0 and < 1.5.0 or == 2.0.0 or > 3.0.0 and < 3.1.0";
    cr_assert(match(req, "1.2.0"));
    cr_assert_not(match(req, "1.5.0"));
    cr_assert(match(req, "2.0.0"));
    cr_assert_not(match(req, "2.0.1"));
    cr_assert(match(req, "3.0.5"));
    cr_assert_not(match(req, "3.1.0"));
    cr_assert(match("~> 1.0 or ~> 2.0", "2.3.0"));
    cr_assert_not(match("~> 1.0 and ~> 2.0", "2.3.0"));
}

Test(req_hex, prerelease_rule)
{
    /* Hex resolution (allow_pre: false), rows of Elixir's docs. */
    cr_assert_not(match("~> 2.1.2", "2.1.6-dev"));
    cr_assert(match_opt("~> 2.1.2", "2.1.6-dev", true));
    cr_assert(match("~> 2.1-dev", "2.2.0-dev"));
    cr_assert(match("~> 2.1.2-dev", "2.1.3-dev"));
    cr_assert(match(">= 2.1.0-dev", "2.2.3-dev"));
    cr_assert_not(match(">= 1.0.0", "2.0.0-rc.1"));
    cr_assert_not(match("> 1.0.0", "2.0.0-rc.1"));
    cr_assert(match("== 2.0.0-rc.1", "2.0.0-rc.1"));
    cr_assert_not(match("== 2.0.0-rc.1", "2.0.0-rc.2"));
    /* < and <= carry no pre-release condition in Elixir. */
    cr_assert(match("< 2.0.0", "1.5.0-rc.0"));
    cr_assert(match("< 2.0.0", "2.0.0-rc.0"));
    /* The forum example: ">= 1.11.0-0" is the way to include rcs. */
    cr_assert(match(">= 1.11.0-0", "1.11.0-rc1"));
    cr_assert(match("~> 1.11-0", "1.11.0-rc1"));
    cr_assert_not(match_opt("~> 1.11", "1.11.0-rc1", true));
}

Test(req_hex, invalid_requirements)
{
    cr_assert_eq(fail_col(""), 1);
    cr_assert_eq(fail_col("   "), 4);
    cr_assert_eq(fail_col(">= 1.2"), 7, "partial only after ~>");
    cr_assert_eq(fail_col("~> 1"), 5);
    cr_assert_eq(fail_col("== == 1.0.0"), 4);
    cr_assert_eq(fail_col(">="), 3);
    cr_assert_eq(fail_col("1.0.0 and"), 10);
    cr_assert_eq(fail_col("and 1.0.0"), 1);
    cr_assert_eq(fail_col("1.0.0 1.0.1"), 7);
    cr_assert_eq(fail_col("1.0.0 or or 2.0.0"), 10);
    cr_assert_eq(fail_col("~> 1.0 And 2.0.0"), 8);
    cr_assert_eq(fail_col("~> v1.0"), 4);
    cr_assert_eq(fail_col(">= 01.0.0"), 4);
    cr_assert_eq(fail_col("=> 1.0.0"), 1);
    cr_assert_eq(fail_col("~> 1.x"), 6);
    cr_assert_eq(fail_col("1.0.0 and >"), 12);
}

Test(req_hex, limits_and_hostile_input)
{
    struct req_hex r;
    struct diag d;
    diag_clear(&d);
    cr_assert_not(req_hex_parse("1.0.0\0", 6, &r, &d));
    diag_clear(&d);
    cr_assert_not(req_hex_parse("\xff\xfe", 2, &r, &d));

    static char big[REQ_HEX_MAX_LEN + 16];
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
    cr_assert_eq(r.ncmp, 1);
    req_hex_free(&r);
    cr_assert_null(r.cmp);
}
