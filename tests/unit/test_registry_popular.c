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
