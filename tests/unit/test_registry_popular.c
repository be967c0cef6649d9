/* Popular-name lists: names in rank order and their monthly downloads. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/registry/popular.h"

static struct popular_names parse(struct arena *a, enum ecosystem eco, const char *body,
                                  bool want_ok)
{
    struct popular_names l = {0};
    struct diag d;
    diag_clear(&d);
    cr_assert_eq(popular_parse(a, eco, "test://list", body, strlen(body), &l, &d), want_ok,
                 "%s", d.msg);
    return l;
}

Test(registry_popular, counts_per_list)
{
    struct arena *a = arena_new();
    struct popular_names l = parse(a, ECO_PYPI,
        "{\"rows\":[{\"download_count\":1450000000,\"project\":\"boto3\"},"
        "{\"project\":\"urllib3\"}]}", true);
    cr_assert_eq(l.n, 2);
    cr_expect_str_eq(l.names[0], "boto3");
    cr_expect_eq(l.monthly[0], 1450000000);
    cr_expect_eq(l.monthly[1], POPULAR_UNKNOWN);
    l = parse(a, ECO_HEX, "[{\"name\":\"jason\",\"downloads\":{\"all\":9,\"recent\":3000}},"
                          "{\"name\":\"plug\",\"downloads\":{\"all\":7}}]", true);
    cr_assert_eq(l.n, 2);
    cr_expect_eq(l.monthly[0], 1000, "Hex counts 90 days");
    cr_expect_eq(l.monthly[1], POPULAR_UNKNOWN);
    l = parse(a, ECO_NPM, "{\"objects\":[{\"package\":{\"name\":\"lodash\"},"
                          "\"downloads\":{\"monthly\":250,\"weekly\":60}}]}", true);
    cr_assert_eq(l.n, 1);
    cr_expect_eq(l.monthly[0], 250);
    parse(a, ECO_PYPI, "{\"rows\":[\"boto3\"]}", false);
    parse(a, ECO_UNKNOWN, "[]", false);
    arena_free(a);
}

/* The PyPI file holds 15,000 names; all are kept. */
Test(registry_popular, pypi_keeps_fifteen_thousand)
{
    struct arena *a = arena_new();
    size_t n = 16000, cap = n * 48 + 32, o = 0;
    char *body = malloc(cap);
    o += (size_t)snprintf(body + o, cap - o, "{\"rows\":[");
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(body + o, cap - o, "%s{\"download_count\":%zu,\"project\":\"p%zu\"}",
                              i ? "," : "", n - i, i);
    snprintf(body + o, cap - o, "]}");
    struct popular_names l = parse(a, ECO_PYPI, body, true);
    cr_expect_eq(l.n, 15000);
    cr_expect_str_eq(l.names[14999], "p14999");
    free(body);
    arena_free(a);
}

static bool js(struct arena *a, const char *body, struct popular_names *l, struct diag *d)
{
    memset(l, 0, sizeof(*l));
    diag_clear(d);
    return popular_parse_js_list(a, "test://top.js", body, strlen(body), l, d);
}

/* npm-high-impact's lists: one exported array of quoted names. */
Test(registry_popular, npm_high_impact_modules)
{
    struct arena *a = arena_new();
    struct popular_names l;
    struct diag d;
    cr_assert(js(a, "export const topDownload = [\n  'semver',\n  \"@types/node\",\n"
                    "  // a comment\n  'debug' /* and another */\n];\n", &l, &d), "%s", d.msg);
    cr_assert_eq(l.n, 3);
    cr_expect_str_eq(l.names[0], "semver");
    cr_expect_str_eq(l.names[1], "@types/node");
    cr_expect_str_eq(l.names[2], "debug");
    cr_expect_eq(l.monthly[0], POPULAR_UNKNOWN);
    cr_assert(js(a, "[]", &l, &d), "%s", d.msg);
    cr_expect_eq(l.n, 0, "an empty list reads, the caller decides");
    cr_expect_not(js(a, "export const x = [\n  'semver'\n  'debug'\n]", &l, &d));
    cr_expect_eq(d.line, 3, "the missing comma is placed: %s", d.msg);
    cr_expect_not(js(a, "export const x = ['se\\'mver']", &l, &d), "no escapes in npm names");
    cr_expect_not(js(a, "['semver'", &l, &d), "unterminated");
    cr_expect_not(js(a, "['semver']; alert(1)", &l, &d), "nothing after the list");
    cr_expect_not(js(a, "['']", &l, &d), "empty name");
    cr_expect_not(js(a, "module.exports = require('x')", &l, &d), "no array");
    cr_expect_not(js(a, "['a'] /* open", &l, &d), "unterminated comment");
    arena_free(a);
}

/* The two npm lists as one ranking: each name at its better relative
 * rank, a name in both kept once. */
Test(registry_popular, npm_lists_merge_by_relative_rank)
{
    struct arena *a = arena_new();
    const char *down[] = {"semver", "debug", "ms", "chalk", "lodash", "tslib"};
    const char *dep[] = {"lodash", "react", "chalk"};
    struct popular_names lists[2] = {{down, NULL, 6}, {dep, NULL, 3}};
    struct popular_names out = {0};
    popular_merge_ranked(a, lists, &out);
    const char *want[] = {"semver", "lodash", "debug", "ms", "react", "chalk", "tslib"};
    cr_assert_eq(out.n, 7, "lodash and chalk once each: %zu", out.n);
    for (size_t i = 0; i < out.n; i++) {
        cr_expect_str_eq(out.names[i], want[i], "rank %zu", i);
        cr_expect_eq(out.monthly[i], POPULAR_UNKNOWN);
    }
    struct popular_names none[2] = {{0}, {0}};
    popular_merge_ranked(a, none, &out);
    cr_expect_eq(out.n, 0);
    arena_free(a);
}
