/* Model helpers, timestamp parsing, URL escaping and typed JSON reads. */
#include <criterion/criterion.h>
#include <stdlib.h>
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

/* The release merge as it was written first (quadratic), kept here as the
 * reference the indexed merge must agree with: each src release fills the
 * first dst release of its version; the others (no version, or a version
 * dst lacks, duplicates included) are appended in src order. */
static void reference_merge(struct reg_release *d, size_t *nd, const struct reg_release *s,
                            size_t ns)
{
    size_t old = *nd;
    for (size_t i = 0; i < ns; i++) {
        bool seen = false;
        for (size_t j = 0; j < old && !seen; j++)
            if (d[j].version && s[i].version && strcmp(d[j].version, s[i].version) == 0) {
                seen = true;
                if (!d[j].published)
                    d[j].published = s[i].published;
            }
        if (!seen)
            d[(*nd)++] = s[i];
    }
}

static const char *const merge_versions[] = {"1.0.0", "1.1.0", "2.0.0", "0.1.0", "3.0.0", NULL};

/* n releases drawn from merge_versions (NULL included) with distinct dates
 * where `dated`. */
static void random_releases(struct reg_release *r, size_t n, unsigned *seed, bool dated,
                            int64_t base)
{
    for (size_t i = 0; i < n; i++) {
        memset(&r[i], 0, sizeof(r[i]));
        reg_release_init(&r[i]);
        r[i].version = merge_versions[rand_r(seed) % 6];
        r[i].published = dated && rand_r(seed) % 2 ? base + (int64_t)i : 0;
    }
}

Test(registry_model, release_merge_matches_the_reference)
{
    unsigned seed = 7;
    for (int round = 0; round < 2000; round++) {
        struct arena *a = arena_new();
        size_t nd = (size_t)(rand_r(&seed) % 7), ns = (size_t)(rand_r(&seed) % 7);
        struct reg_package *dst = reg_package_new(a, ECO_NPM, "p");
        struct reg_package *src = reg_package_new(a, ECO_NPM, "p");
        dst->releases = arena_alloc(a, (nd + 1) * sizeof(struct reg_release));
        src->releases = arena_alloc(a, (ns + 1) * sizeof(struct reg_release));
        dst->n_releases = nd;
        src->n_releases = ns;
        random_releases(dst->releases, nd, &seed, true, 1000);
        random_releases(src->releases, ns, &seed, true, 2000);
        struct reg_release want[16];
        size_t nwant = nd;
        memcpy(want, dst->releases, nd * sizeof(*want));
        reference_merge(want, &nwant, src->releases, ns);
        cr_assert(reg_package_merge(a, dst, src));
        cr_assert_eq(dst->n_releases, nwant, "round %d", round);
        for (size_t i = 0; i < nwant; i++) {
            const struct reg_release *g = &dst->releases[i];
            cr_assert(g->version == want[i].version, "round %d release %zu", round, i);
            cr_assert_eq(g->published, want[i].published, "round %d release %zu", round, i);
        }
        arena_free(a);
    }
}

/* Two answers about 200,000 releases, half of them shared: the old merge
 * compared every pair (minutes); the indexed one takes well under the
 * timeout even under sanitizers. */
Test(registry_model, merge_of_huge_release_lists_is_not_quadratic, .timeout = 20)
{
    enum { N = 200000 };
    struct arena *a = arena_new();
    struct reg_package *side[2];
    for (int k = 0; k < 2; k++) {
        side[k] = reg_package_new(a, ECO_NPM, "big");
        side[k]->n_releases = N;
        side[k]->releases = arena_alloc(a, N * sizeof(struct reg_release));
        for (size_t i = 0; i < N; i++) {
            reg_release_init(&side[k]->releases[i]);
            side[k]->releases[i].version = arena_printf(a, "%zu.0.0", i + (size_t)k * N / 2);
            side[k]->releases[i].published = k ? 0 : (int64_t)i + 1;
        }
    }
    cr_assert(reg_package_merge(a, side[0], side[1]));
    cr_assert_eq(side[0]->n_releases, N + N / 2);
    cr_assert_str_eq(side[0]->releases[N].version, arena_printf(a, "%d.0.0", N));
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
