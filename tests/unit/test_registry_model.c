/* Model helpers, timestamp parsing, URL escaping and typed JSON reads. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/store/model.h"
#include "depvet/registry/regjson.h"
#include "depvet/registry/regurl.h"

Test(timeutil, formats_registries_write)
{
    static const struct { const char *s; int64_t t; } ok_table[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2024-03-16T16:21:24.461588Z", 1710606084},
        {"2023-05-16T09:48:31Z", 1684230511},
        {"2024-11-22T23:13:22.754000+00:00", 1732317202},
        {"2024-11-23T01:13:22+02:00", 1732317202},
        {"2024-11-22T18:13:22-0500", 1732317202},
        {"2018-05-07T17:59:37", 1525715977},
        {"2018-05-07 17:59:37", 1525715977},
        {"2020-05-01", 1588291200},
        {"2000-02-29T00:00Z", 951782400},
        {"1969-12-31T23:59:59Z", -1},
    };
    for (size_t i = 0; i < sizeof(ok_table) / sizeof(*ok_table); i++) {
        int64_t t = 42;
        cr_expect(timeutil_parse(ok_table[i].s, &t), "%s", ok_table[i].s);
        cr_expect_eq(t, ok_table[i].t, "%s: %lld", ok_table[i].s, (long long)t);
    }
    static const char *const bad_table[] = {
        "", "2024", "2024-13-01", "2023-02-29", "2024-01-01T", "2024-01-01T25:00Z",
        "2024-01-01T10:00:00.Z", "2024-01-01T10:00:00Zjunk", "2024-01-01T10:00+2",
        "yesterday", "２０２４-01-01",
    };
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        int64_t t = 42;
        cr_expect_not(timeutil_parse(bad_table[i], &t), "%s", bad_table[i]);
        cr_expect_eq(t, 42);
    }
    cr_expect_not(timeutil_parse(NULL, NULL));
}

Test(registry_model, merge_fills_gaps_only)
{
    struct arena *a = arena_new();
    struct reg_package *dst = reg_package_new(a, ECO_PYPI, "Django_Split.Settings");
    struct reg_package *src = reg_package_new(a, ECO_PYPI, "django-split-settings");
    dst->description = "mine";
    dst->downloads.week = 10;
    src->description = "theirs";
    src->license = "BSD";
    src->downloads.week = 99;
    src->downloads.recent = 500;
    src->downloads.recent_days = 180;
    src->dependents = 12;
    struct reg_release rs[2] = {{0}, {0}};
    reg_release_init(&rs[0]);
    reg_release_init(&rs[1]);
    rs[0].version = "1.0";
    rs[0].published = 100;
    rs[0].yanked = true;
    rs[1].version = "2.0";
    src->releases = rs;
    src->n_releases = 2;
    struct reg_release mine = {0};
    reg_release_init(&mine);
    mine.version = "1.0";
    mine.sha256 = "aa";
    dst->releases = &mine;
    dst->n_releases = 1;
    struct reg_link l = {"Source", "https://github.com/x/y"};
    src->links = &l;
    src->n_links = 1;
    cr_assert(reg_package_merge(a, dst, src));
    cr_expect_str_eq(dst->description, "mine");
    cr_expect_str_eq(dst->license, "BSD");
    cr_expect_eq(dst->downloads.week, 10);
    cr_expect_eq(dst->downloads.recent, 500);
    cr_expect_eq(dst->downloads.recent_days, 180);
    cr_expect_eq(dst->dependents, 12);
    cr_assert_eq(dst->n_releases, 2);
    cr_expect_str_eq(dst->releases[0].sha256, "aa");
    cr_expect_eq(dst->releases[0].published, 100);
    cr_expect(dst->releases[0].yanked);
    cr_expect_str_eq(dst->releases[1].version, "2.0");
    cr_expect_eq(dst->n_links, 1);
    cr_assert(reg_package_merge(a, dst, src), "merging twice adds nothing new");
    cr_expect_eq(dst->n_releases, 2);
    cr_expect_eq(dst->n_links, 1);

    struct reg_package *other = reg_package_new(a, ECO_PYPI, "django");
    cr_expect_not(reg_package_merge(a, dst, other));
    struct reg_package *npm = reg_package_new(a, ECO_NPM, "django-split-settings");
    cr_expect_not(reg_package_merge(a, dst, npm));
    cr_expect_not(reg_package_merge(a, NULL, src));
    arena_free(a);
}

Test(registry_model, links_and_names)
{
    struct reg_link l[] = {
        {"Changelog", "https://github.com/o/r/blob/main/CHANGELOG.md"},
        {"Docs", "https://o.example/docs"},
        {"Home", "https://o.example"},
        {"GitHub", "https://github.com/o/r"},
    };
    cr_expect_str_eq(reg_links_repository(l, 4), "https://github.com/o/r");
    cr_expect_str_eq(reg_links_repository(l, 1), l[0].url);
    cr_expect_str_eq(reg_links_homepage(l, 4), "https://o.example");
    cr_expect_null(reg_links_repository(l + 1, 1));
    cr_expect_null(reg_links_homepage(NULL, 0));
    cr_expect_str_eq(reg_dep_kind_name(REG_DEP_PEER), "peer");
    cr_expect_str_eq(reg_dep_kind_name((enum reg_dep_kind)42), "?");
    cr_expect_eq(reg_add_sat(INT64_MAX - 1, 5), INT64_MAX);
    cr_expect_eq(reg_add_sat(INT64_MIN + 1, -5), INT64_MIN);
    cr_expect_eq(reg_add_sat(2, 3), 5);
}

Test(registry_model, escape_and_pointers)
{
    struct arena *a = arena_new();
    cr_expect_str_eq(regurl_escape(a, "@scope/na me~x"), "%40scope%2Fna%20me~x");
    cr_expect_str_eq(regurl_escape(a, "\xc3\xa9"), "%C3%A9");
    cr_expect_str_eq(regurl_base(a, "https://x//"), "https://x");
    char p[REGJSON_PTR];
    regjson_ptr(p, "/a", "b/c~d");
    cr_expect_str_eq(p, "/a/b~1c~0d");
    regjson_ptr_idx(p, "/list", 12);
    cr_expect_str_eq(p, "/list/12");
    char long_key[600];
    memset(long_key, 'k', sizeof(long_key) - 1);
    long_key[sizeof(long_key) - 1] = '\0';
    regjson_ptr(p, "/x", long_key);
    cr_expect_lt(strlen(p), (size_t)REGJSON_PTR);
    arena_free(a);
}

Test(registry_model, typed_reads)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct regjson rj = {a, "https://x/y", &d};
    const char *j = "{\"s\":\"v\",\"n\":3,\"f\":1.5,\"big\":1e300,\"b\":true,"
                    "\"o\":{},\"ea\":[],\"eo\":{},\"nul\":null}";
    cJSON *root = regjson_open(&rj, j, strlen(j), cJSON_Object, NULL);
    cr_assert_not_null(root, "%s", d.msg);
    int64_t n = 0;
    cr_expect(regjson_int(&rj, root, "n", "", &n));
    cr_expect_eq(n, 3);
    cr_expect_null(regjson_obj(&rj, root, "ea", ""), "[] reads as no object");
    cr_expect_null(regjson_arr(&rj, root, "eo", ""), "{} reads as no array");
    cr_expect_null(regjson_str(&rj, root, "nul", ""));
    cr_expect_null(regjson_str(&rj, root, "absent", ""));
    cr_expect_not(diag_failed(&d));
    cr_expect_not(regjson_int(&rj, root, "big", "/p", &n));
    cr_expect_str_eq(d.pointer, "/p/big");
    cr_expect_str_eq(d.where, "https://x/y");
    cr_expect_str_eq(d.msg, "expected an integer, found a number");
    cr_expect_null(regjson_str(&rj, root, "s", ""), "no reads after a failure");
    diag_clear(&d);
    cr_expect_not(regjson_int(&rj, root, "f", "", &n));
    cr_expect_str_eq(d.pointer, "/f");
    diag_clear(&d);
    cr_expect(regjson_bool(&rj, root, "s", "", true));
    cr_expect_str_eq(d.msg, "expected a boolean, found a string");
    cJSON_Delete(root);
    diag_clear(&d);
    cr_expect_null(regjson_open(&rj, NULL, 0, cJSON_Object, NULL));
    cr_expect(diag_failed(&d));
    diag_clear(&d);
    cr_expect_null(regjson_open(&rj, "\"x\"", 3, cJSON_Object, NULL));
    cr_expect_str_eq(d.msg, "expected an object, found a string");
    arena_free(a);
}

Test(model, repository_urls_as_people_browse_them)
{
    static const char *const cases[][2] = {
        {"git+https://github.com/example/ms.git", "https://github.com/example/ms"},
        {"https://github.com/example/ms", "https://github.com/example/ms"},
        {"git://github.com/example/ms.git", "https://github.com/example/ms"},
        {"git+ssh://git@github.com/example/ms.git", "https://github.com/example/ms"},
        {"git@github.com:example/ms.git", "https://github.com/example/ms"},
        {"github:example/ms", "https://github.com/example/ms"},
        {"gitlab:group/proj", "https://gitlab.com/group/proj"},
        {"example/ms", "https://github.com/example/ms"},
        {"https://git.example.org:8443/a/b.git", "https://git.example.org:8443/a/b"},
        {"not a url", "not a url"},
        {"/abs/path", "/abs/path"},
    };
    struct arena *a = arena_new();
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
        cr_expect_str_eq(reg_repo_url(a, cases[i][0]), cases[i][1], "%s", cases[i][0]);
    arena_free(a);
}
