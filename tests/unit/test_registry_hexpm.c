/* hex.pm answers: recorded corpus bodies and hand-made fixtures. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/registry/hexpm.h"
#include "reg_test.h"

#define ASH_URL "https://hex.pm/api/packages/ash"

Test(registry_hexpm, ash_retirements_owners_downloads)
{
    size_t len;
    char *body = reg_corpus("hex/api-package-ash.osv-dev.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    cr_assert(hexpm_parse_package(a, ASH_URL, body, len, &p, &d), "%s", d.msg);
    cr_expect_eq(p->eco, ECO_HEX);
    cr_expect_str_eq(p->name, "ash");
    cr_expect_str_eq(p->license, "MIT");
    cr_expect_str_eq(p->latest_version, "3.21.3");
    cr_expect_str_eq(p->repository, "https://github.com/ash-project/ash");
    cr_expect_str_eq(p->homepage, "https://ash-hq.org");
    cr_expect_eq(p->created, 1575473131);
    cr_expect_eq(p->downloads.total, 1363912);
    cr_expect_eq(p->downloads.recent, 303551);
    cr_expect_eq(p->downloads.recent_days, 90);
    cr_expect_eq(p->downloads.week, 17874);
    cr_expect_eq(p->downloads.day, 2334);
    cr_assert_eq(p->n_owners, 1);
    cr_expect_str_eq(p->owners[0].name, "ash-project");
    cr_expect_str_eq(p->owners[0].email, "ash-project@zachdaniel.dev");
    const struct reg_release *r = reg_package_find_release(p, "3.6.3");
    cr_assert_not_null(r);
    cr_expect(r->retired);
    cr_expect_str_eq(r->status_reason, "security");
    cr_expect_str_eq(r->status_message, "CVE-2025-48044");
    r = reg_package_find_release(p, "3.14.0");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->status_message, "Use 3.14.1\n  instead");
    r = reg_package_find_release(p, "3.21.3");
    cr_assert_not_null(r);
    cr_expect_not(r->retired);
    int64_t t;
    cr_assert(timeutil_parse("2026-03-25T04:17:47.783471Z", &t));
    cr_expect_eq(r->published, t);
    size_t retired = 0;
    for (size_t i = 0; i < p->n_releases; i++)
        retired += p->releases[i].retired;
    cr_expect_eq(retired, 10);
    arena_free(a);
    free(body);
}

Test(registry_hexpm, certifi_and_sparse_downloads)
{
    size_t len;
    char *body = reg_corpus("hex/api-package-certifi.renovate.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    cr_assert(hexpm_parse_package(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_eq(p->downloads.total, 20861717);
    cr_expect_eq(p->downloads.recent, 3725020);
    cr_expect_eq(p->downloads.week, 438801);
    cr_expect_eq(p->downloads.day, 5846);
    cr_assert_eq(p->n_owners, 1);
    cr_expect_str_eq(p->owners[0].name, "benoitc");
    free(body);

    body = reg_corpus("hex/api-package-renovate_test_package.renovate.json", &len);
    cr_assert(hexpm_parse_package(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_eq(p->downloads.total, REG_UNKNOWN);
    cr_expect_eq(p->downloads.day, REG_UNKNOWN);
    const struct reg_release *r = reg_package_find_release(p, "0.1.1");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->status_reason, "invalid");
    cr_expect_str_eq(r->status_message, "test retirement invalid reason");
    free(body);

    body = reg_corpus("hex/api-package-shimmer.gleam-packages.json", &len);
    cr_assert(hexpm_parse_package(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_eq(p->downloads.total, 17);
    cr_expect_eq(p->downloads.recent, 1);
    cr_expect_eq(p->downloads.week, REG_UNKNOWN);
    cr_expect_eq(p->n_releases, 2);
    arena_free(a);
    free(body);
}

Test(registry_hexpm, release_publisher_requirements)
{
    size_t len;
    char *body = reg_corpus("hex/api-release-shimmer-0.0.3.gleam-packages.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_release *r = NULL;
    cr_assert(hexpm_parse_release(a, "u", body, len, &r, &d), "%s", d.msg);
    cr_expect_str_eq(r->version, "0.0.3");
    cr_expect_str_eq(r->publisher.name, "harryet");
    cr_expect_str_eq(r->publisher.email, "h.bairstow22@gmail.com");
    cr_expect_str_eq(r->sha256,
                     "a895b55c4c3749eb32328f02b15bbd3acc205dd874fabd135d7be5d12eda59a8");
    cr_expect_not(r->retired);
    cr_expect_eq(r->downloads, 5);
    cr_assert_eq(r->n_build_tools, 1);
    cr_expect_str_eq(r->build_tools[0], "gleam");
    cr_assert_eq(r->n_deps, 8);
    const struct reg_dep *gun = NULL;
    for (size_t i = 0; i < r->n_deps; i++)
        if (strcmp(r->deps[i].name, "gun") == 0)
            gun = &r->deps[i];
    cr_assert_not_null(gun);
    cr_expect_str_eq(gun->requirement, "> 1.3.0 and < 3.0.0");
    cr_expect_str_eq(gun->app, "gun");
    cr_expect_not(gun->optional);
    cr_expect_eq(gun->kind, REG_DEP_RUNTIME);
    arena_free(a);
    free(body);
}

Test(registry_hexpm, owners_doc_sample)
{
    size_t len, n = 0;
    char *body = reg_corpus("hex/docs-sample-api-owners-plug.apiary.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_person *o = NULL;
    cr_assert(hexpm_parse_owners(a, "u", body, len, &o, &n, &d), "%s", d.msg);
    cr_assert_eq(n, 1);
    cr_expect_str_eq(o[0].name, "ericmj");
    cr_expect_str_eq(o[0].role, "full");
    arena_free(a);
    free(body);
}

Test(registry_hexpm, fixture_release_with_retirement_and_download_pairs)
{
    size_t len;
    char *body = reg_fixture("hex-release-retired.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_release *r = NULL;
    cr_assert(hexpm_parse_release(a, "u", body, len, &r, &d), "%s", d.msg);
    cr_expect(r->retired);
    cr_expect_str_eq(r->status_reason, "renamed");
    cr_expect_str_eq(r->status_message, "use tiny_http");
    cr_expect_eq(r->downloads, 12);
    cr_expect_null(r->publisher.name);
    cr_assert_eq(r->n_deps, 1);
    cr_expect(r->deps[0].optional);
    cr_expect_eq(r->deps[0].kind, REG_DEP_OPTIONAL);
    cr_expect_str_eq(r->sha256, "abcdef");
    arena_free(a);
    free(body);
}

Test(registry_hexpm, wrong_types_name_the_field)
{
    size_t len;
    char *body = reg_fixture("hex-package-bad-types.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    cr_expect_not(hexpm_parse_package(a, ASH_URL, body, len, &p, &d));
    cr_expect_null(p);
    REG_EXPECT_FAIL_AT(d, "/downloads/all");
    cr_expect_str_eq(d.where, ASH_URL);
    free(body);

    static const struct { const char *json, *ptr; } bad_table[] = {
        {"{\"name\": 5}", "/name"},
        {"{\"name\": \"x\", \"meta\": {\"licenses\": [\"MIT\", 3]}}", "/meta/licenses/1"},
        {"{\"name\": \"x\", \"releases\": [{\"version\": \"1\", \"inserted_at\": \"soon\"}]}",
         "/releases/0/inserted_at"},
        {"{\"name\": \"x\", \"retirements\": {\"1/0\": 7}}", "/retirements/1~10"},
        {"{\"name\": \"x\", \"meta\": {\"links\": {\"GitHub\": {}}}}", "/meta/links/GitHub"},
        {"{\"name\": \"x\", \"owners\": [\"bob\"]}", "/owners/0"},
        {"[1]", ""},
    };
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        diag_clear(&d);
        cr_expect_not(hexpm_parse_package(a, "u", bad_table[i].json,
                                          strlen(bad_table[i].json), &p, &d));
        REG_EXPECT_FAIL_AT(d, bad_table[i].ptr);
    }
    diag_clear(&d);
    const char *rel = "{\"version\": \"1\", \"requirements\": {\"a\": {\"optional\": \"yes\"}}}";
    struct reg_release *r;
    cr_expect_not(hexpm_parse_release(a, "u", rel, strlen(rel), &r, &d));
    REG_EXPECT_FAIL_AT(d, "/requirements/a/optional");
    arena_free(a);
}

Test(registry_hexpm, truncated_empty_and_error_bodies)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    const char *trunc = "{\"name\": \"ash\", \"releases\": [{\"vers";
    cr_expect_not(hexpm_parse_package(a, "u", trunc, strlen(trunc), &p, &d));
    cr_expect_eq(d.code, DIAG_SYNTAX);
    cr_expect_gt(d.col, 0);
    diag_clear(&d);
    cr_assert(hexpm_parse_package(a, "u", "{}", 2, &p, &d), "%s", d.msg);
    cr_expect_null(p->name);
    cr_expect_eq(p->n_releases, 0);
    cr_expect_eq(p->downloads.total, REG_UNKNOWN);
    diag_clear(&d);
    const char *err = "{\"message\":\"Page not found\",\"status\":404}";
    cr_expect_not(hexpm_parse_package(a, "u", err, strlen(err), &p, &d));
    cr_expect_eq(d.code, DIAG_UNSUPPORTED);
    cr_expect_str_eq(d.msg, "registry error: Page not found");
    diag_clear(&d);
    size_t n = 9;
    struct reg_person *o;
    cr_expect_not(hexpm_parse_owners(a, "u", err, strlen(err), &o, &n, &d));
    cr_expect_eq(d.code, DIAG_UNSUPPORTED);
    cr_expect_eq(n, 9);
    diag_clear(&d);
    const char *page = "[{\"name\":\"a\"},{\"name\":\"b\"}]";
    cr_assert(hexpm_parse_search_page(a, "u", page, strlen(page), &n, &d), "%s", d.msg);
    cr_expect_eq(n, 2);
    arena_free(a);
}

Test(registry_hexpm, urls)
{
    struct arena *a = arena_new();
    cr_expect_str_eq(hexpm_package_url(a, HEXPM_API_BASE "/", "ash"),
                     "https://hex.pm/api/packages/ash");
    cr_expect_str_eq(hexpm_release_url(a, HEXPM_API_BASE, "a b", "1.0.0-rc+1"),
                     "https://hex.pm/api/packages/a%20b/releases/1.0.0-rc%2B1");
    cr_expect_str_eq(hexpm_owners_url(a, HEXPM_API_BASE, "plug"),
                     "https://hex.pm/api/packages/plug/owners");
    cr_expect_str_eq(hexpm_dependents_url(a, HEXPM_API_BASE, "ecto", 2),
                     "https://hex.pm/api/packages?search=depends%3Ahexpm%3Aecto"
                     "&sort=name&page=2");
    arena_free(a);
}
