/* deps.dev answers, and merging their facts into registry records. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/registry/depsdev.h"
#include "depvet/registry/npm.h"
#include "reg_test.h"

Test(registry_depsdev, getversion_defangjs)
{
    size_t len;
    char *body = reg_corpus("depsdev/v3-getversion-npm-defangjs-1.0.7.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    cr_assert(depsdev_parse_version(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_eq(p->eco, ECO_NPM);
    cr_expect_str_eq(p->name, "defangjs");
    cr_expect_str_eq(p->license, "GPL-3.0");
    cr_expect_str_eq(p->repository, "git+https://github.com/edoardottt/defangjs.git");
    cr_expect_str_eq(p->homepage, "https://github.com/edoardottt/defangjs#readme");
    cr_expect_str_eq(p->latest_version, "1.0.7");
    cr_expect_eq(p->n_links, 4);
    cr_assert_eq(p->n_releases, 1);
    cr_expect_str_eq(p->releases[0].version, "1.0.7");
    cr_expect_eq(p->releases[0].published, 1684230511);
    cr_expect_not(p->releases[0].deprecated);
    free(body);
    body = reg_corpus("depsdev/v3alpha-getversion-npm-defangjs-1.0.7.json", &len);
    cr_assert(depsdev_parse_version(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_str_eq(p->license, "GPL-3.0");
    free(body);
    arena_free(a);
}

Test(registry_depsdev, getpackage_defangjs)
{
    size_t len;
    char *body = reg_corpus("depsdev/v3-getpackage-npm-defangjs.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    cr_assert(depsdev_parse_package(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_eq(p->n_releases, 8);
    cr_expect_str_eq(p->latest_version, "1.0.7");
    int64_t t;
    cr_assert(timeutil_parse("2022-03-10T19:53:06Z", &t));
    cr_expect_eq(p->created, t);
    cr_expect_str_eq(p->releases[0].version, "1.0.0");
    free(body);
    arena_free(a);
}

Test(registry_depsdev, dependents_and_errors)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    const char *body = "{\"dependentCount\": 1200, \"directDependentCount\": \"300\","
                       " \"indirectDependentCount\": 900}";
    cr_assert(depsdev_parse_dependents(a, "u", body, strlen(body), &p, &d), "%s", d.msg);
    cr_expect_eq(p->dependents, 1200);
    cr_expect_eq(p->direct_dependents, 300);
    cr_assert(depsdev_parse_dependents(a, "u", "{}", 2, &p, &d), "%s", d.msg);
    cr_expect_eq(p->dependents, 0, "proto3 leaves zeros out");
    const char *bad = "{\"dependentCount\": \"many\"}";
    cr_expect_not(depsdev_parse_dependents(a, "u", bad, strlen(bad), &p, &d));
    REG_EXPECT_FAIL_AT(d, "/dependentCount");
    const char *err = "{\"code\": 5, \"message\": \"package not found\"}";
    diag_clear(&d);
    cr_expect_not(depsdev_parse_version(a, "u", err, strlen(err), &p, &d));
    cr_expect_eq(d.code, DIAG_UNSUPPORTED);
    static const struct { const char *json, *ptr; } bad_table[] = {
        {"{\"versionKey\": {\"system\": 1}}", "/versionKey/system"},
        {"{\"versionKey\": {}, \"links\": [{\"label\": \"X\", \"url\": []}]}", "/links/0/url"},
        {"{\"versionKey\": {}, \"licenses\": \"MIT\"}", "/licenses"},
        {"{\"versionKey\": {}, \"publishedAt\": \"2023-13-01T00:00:00Z\"}", "/publishedAt"},
        {"{\"versionKey\": {}, \"isDeprecated\": 1}", "/isDeprecated"},
    };
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        diag_clear(&d);
        cr_expect_not(depsdev_parse_version(a, "u", bad_table[i].json,
                                            strlen(bad_table[i].json), &p, &d), "%zu", i);
        REG_EXPECT_FAIL_AT(d, bad_table[i].ptr);
    }
    diag_clear(&d);
    const char *pkg_bad = "{\"packageKey\": {}, \"versions\": [{\"versionKey\": []}, 4]}";
    cr_expect_not(depsdev_parse_package(a, "u", pkg_bad, strlen(pkg_bad), &p, &d));
    REG_EXPECT_FAIL_AT(d, "/versions/1");
    diag_clear(&d);
    cr_expect_not(depsdev_parse_package(a, "u", "{\"packageKey\"", 13, &p, &d));
    cr_expect_eq(d.code, DIAG_SYNTAX);
    arena_free(a);
}

Test(registry_depsdev, merge_into_npm_record)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *npm = NULL, *dd = NULL, *deps = NULL;
    const char *pk = "{\"name\":\"defangjs\",\"dist-tags\":{\"latest\":\"1.0.7\"},"
                     "\"versions\":{\"1.0.7\":{\"dist\":{\"integrity\":\"sha512-x\"}}}}";
    cr_assert(npm_parse_packument(a, "u", pk, strlen(pk), &npm, &d), "%s", d.msg);
    size_t len;
    char *body = reg_corpus("depsdev/v3-getversion-npm-defangjs-1.0.7.json", &len);
    cr_assert(depsdev_parse_version(a, "u", body, len, &dd, &d), "%s", d.msg);
    const char *cnt = "{\"dependentCount\": 7, \"directDependentCount\": 2}";
    cr_assert(depsdev_parse_dependents(a, "u", cnt, strlen(cnt), &deps, &d), "%s", d.msg);
    cr_assert(reg_package_merge(a, npm, dd));
    cr_assert(reg_package_merge(a, npm, deps));
    cr_expect_eq(npm->dependents, 7);
    cr_expect_eq(npm->direct_dependents, 2);
    cr_expect_str_eq(npm->license, "GPL-3.0");
    cr_expect_eq(npm->n_releases, 1);
    cr_expect_str_eq(npm->releases[0].integrity, "sha512-x");
    cr_expect_eq(npm->releases[0].published, 1684230511);
    free(body);
    arena_free(a);
}

Test(registry_depsdev, urls)
{
    struct arena *a = arena_new();
    cr_expect_str_eq(depsdev_package_url(a, DEPSDEV_BASE, ECO_NPM, "@colors/colors"),
                     "https://api.deps.dev/v3/systems/npm/packages/%40colors%2Fcolors");
    cr_expect_str_eq(depsdev_version_url(a, DEPSDEV_BASE, ECO_PYPI, "requests", "2.0"),
                     "https://api.deps.dev/v3/systems/pypi/packages/requests/versions/2.0");
    cr_expect_str_eq(depsdev_dependents_url(a, DEPSDEV_ALPHA_BASE, ECO_NPM, "ms", "2.1.3"),
                     "https://api.deps.dev/v3alpha/systems/npm/packages/ms/versions/"
                     "2.1.3:dependents");
    cr_expect_null(depsdev_package_url(a, DEPSDEV_BASE, ECO_HEX, "ash"));
    cr_expect_null(depsdev_system(ECO_HEX));
    arena_free(a);
}
