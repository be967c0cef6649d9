/* PyPI JSON, Simple JSON, provenance and pypistats answers. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/registry/pypi.h"
#include "depvet/registry/pypistats.h"
#include "reg_test.h"

static struct reg_package *parse_json(struct arena *a, const char *sub)
{
    size_t len;
    char *body = reg_corpus(sub, &len);
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    bool ok = pypi_parse_project(a, sub, body, len, &p, &d);
    free(body);
    cr_assert(ok, "%s: %s (%s)", sub, d.msg, d.pointer);
    return p;
}

static struct reg_package *parse_simple(struct arena *a, const char *sub)
{
    size_t len;
    char *body = reg_corpus(sub, &len);
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    bool ok = pypi_parse_simple(a, sub, body, len, &p, &d);
    free(body);
    cr_assert(ok, "%s: %s (%s)", sub, d.msg, d.pointer);
    return p;
}

Test(registry_pypi, luigi_project)
{
    struct arena *a = arena_new();
    struct reg_package *p = parse_json(a, "pypi/json-luigi.dependabot.json");
    cr_expect_eq(p->eco, ECO_PYPI);
    cr_expect_str_eq(p->name, "luigi");
    cr_expect_str_eq(p->latest_version, "3.6.0");
    cr_expect_str_eq(p->license, "Apache License 2.0");
    cr_expect_str_eq(p->repository, "https://github.com/spotify/luigi");
    cr_expect_str_eq(p->homepage, "https://github.com/spotify/luigi");
    cr_expect_eq(p->n_releases, 84);
    const struct reg_release *r = reg_package_find_release(p, "3.6.0");
    cr_assert_not_null(r);
    cr_expect_eq(r->published, 1733446683);
    cr_assert_eq(r->n_files, 1);
    cr_expect_str_eq(r->files[0].packagetype, "sdist");
    cr_expect_str_eq(r->sha256,
                     "41b14850223c619d9006b30acda733e756b883fc7e60814205576647190c96e3");
    cr_expect_str_eq(r->archive_url, r->files[0].url);
    cr_expect_eq(r->n_deps, 0);
    cr_assert_eq(p->n_owners, 1);
    cr_expect_str_eq(p->owners[0].name, "The Luigi Authors");
    cr_expect_str_eq(p->owners[0].role, "author");
    cr_expect_gt(p->created, 0);
    cr_expect_leq(p->created, r->published);
    arena_free(a);
}

Test(registry_pypi, celery_requires_dist_raw_and_split)
{
    struct arena *a = arena_new();
    struct reg_package *p = parse_json(a, "pypi/json-celery-4.4.0.dependabot.json");
    const struct reg_release *r = reg_package_find_release(p, "4.4.0");
    cr_assert_not_null(r);
    cr_assert_eq(r->n_deps, 42);
    cr_expect_str_eq(r->deps[0].raw, "pytz (>dev)");
    cr_expect_str_eq(r->deps[0].name, "pytz");
    cr_expect_str_eq(r->deps[0].requirement, "(>dev)");
    cr_expect_null(r->deps[0].marker);
    cr_expect_not(r->deps[0].optional);
    const struct reg_dep *arango = NULL;
    for (size_t i = 0; i < r->n_deps; i++)
        if (strcmp(r->deps[i].name, "pyArango") == 0)
            arango = &r->deps[i];
    cr_assert_not_null(arango);
    cr_expect_str_eq(arango->marker, "extra == 'arangodb'");
    cr_expect(arango->optional);
    cr_expect_eq(arango->kind, REG_DEP_OPTIONAL);
    cr_expect_str_eq(p->owners[0].email, "auvipy@gmail.com");
    arena_free(a);
}

Test(registry_pypi, old_shape_yanked_file_without_iso_time)
{
    struct arena *a = arena_new();
    struct reg_package *p = parse_json(a, "pypi/json-azure-cli-monitor.renovate.json");
    const struct reg_release *r = reg_package_find_release(p, "0.1.6");
    cr_assert_not_null(r);
    cr_assert_eq(r->n_files, 2);
    cr_expect_not(r->files[0].yanked);
    cr_expect(r->files[1].yanked);
    cr_expect_not(r->yanked, "one file of two yanked is not a yanked release");
    int64_t t;
    cr_assert(timeutil_parse("2018-05-07T17:59:09", &t));
    cr_expect_eq(r->published, t);
    cr_expect_str_eq(r->files[1].filename, "azure-cli-monitor-0.1.6.tar.gz");
    cr_expect_str_eq(r->archive_url, r->files[1].url);
    arena_free(a);
}

Test(registry_pypi, ownership_roles_from_version_document)
{
    struct arena *a = arena_new();
    struct reg_package *p =
        parse_json(a, "pypi/shape-only/json-ownership-ownership_single.dependabot.json");
    cr_assert_eq(p->n_owners, 1);
    cr_expect_str_eq(p->owners[0].name, "spotify");
    cr_expect_str_eq(p->owners[0].role, "Owner");
    cr_expect_not_null(reg_package_find_release(p, "2.0.0"));
    arena_free(a);
}

Test(registry_pypi, simple_urllib3_yanked_with_reason)
{
    struct arena *a = arena_new();
    struct reg_package *p = parse_simple(a, "pypi/simple-json-urllib3.osv-scanner.json");
    cr_expect_str_eq(p->name, "urllib3");
    cr_expect_str_eq(p->status, "active");
    cr_expect_not(p->deprecated);
    cr_expect_eq(p->n_releases, 105, "104 listed + 0.3, named only by a file");
    const struct reg_release *r = reg_package_find_release(p, "1.25");
    cr_assert_not_null(r);
    cr_expect(r->yanked);
    cr_expect_str_eq(r->status_reason, "Broken release");
    cr_expect_eq(r->n_files, 2);
    cr_expect_str_eq(r->archive_url, r->files[1].url);
    int64_t t;
    cr_assert(timeutil_parse("2019-04-22T14:06:44.695797Z", &t));
    cr_expect_eq(r->published, t);
    r = reg_package_find_release(p, "2.0.0");
    cr_assert_not_null(r);
    cr_expect(r->yanked);
    cr_expect(strstr(r->status_reason, "Upgrade to at least 2.0.2") != NULL);
    r = reg_package_find_release(p, "2.7.0");
    cr_assert_not_null(r);
    cr_expect_not(r->yanked);
    size_t files = 0;
    for (size_t i = 0; i < p->n_releases; i++)
        files += p->releases[i].n_files;
    cr_expect_eq(files, 190, "every file lands in a release");
    arena_free(a);
}

Test(registry_pypi, simple_idna_provenance_and_certifi_yank)
{
    struct arena *a = arena_new();
    struct reg_package *p = parse_simple(a, "pypi/simple-json-idna.osv-scanner.json");
    const struct reg_release *r = reg_package_find_release(p, "3.11");
    cr_assert_not_null(r);
    const struct reg_file *whl = NULL;
    for (size_t i = 0; i < r->n_files; i++)
        if (strcmp(r->files[i].filename, "idna-3.11-py3-none-any.whl") == 0)
            whl = &r->files[i];
    cr_assert_not_null(whl);
    cr_expect_str_eq(whl->provenance_url,
                     "https://pypi.org/integrity/idna/3.11/idna-3.11-py3-none-any.whl/provenance");
    cr_expect_str_eq(whl->requires_python, ">=3.8");
    cr_expect_eq(whl->size, 71008);
    p = parse_simple(a, "pypi/simple-json-certifi.osv-scanner.json");
    r = reg_package_find_release(p, "2022.5.18");
    cr_assert_not_null(r);
    cr_expect(r->yanked);
    cr_expect_str_eq(r->status_reason, "Incorrectly claims to support Python 3.5.");
    arena_free(a);
}

Test(registry_pypi, provenance_publishers)
{
    size_t len, n = 0;
    char *body = reg_corpus("pypi/shape-only/integrity-provenance.dependabot.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct pypi_publisher *pub = NULL;
    cr_assert(pypi_parse_provenance(a, "u", body, len, &pub, &n, &d), "%s", d.msg);
    cr_assert_eq(n, 1);
    cr_expect_str_eq(pub[0].kind, "GitHub");
    cr_expect_str_eq(pub[0].repository, "spotify/luigi");
    cr_expect_str_eq(pub[0].workflow, ".github/workflows/publish.yml");
    cr_expect_str_eq(pub[0].environment, "release");
    cr_expect_eq(pub[0].n_attestations, 1);
    const char *none = "{\"message\": \"No provenance available for x\"}";
    diag_clear(&d);
    cr_expect_not(pypi_parse_provenance(a, "u", none, strlen(none), &pub, &n, &d));
    cr_expect_eq(d.code, DIAG_UNSUPPORTED);
    arena_free(a);
    free(body);
}

Test(registry_pypi, pypistats_recent_and_overall)
{
    size_t len;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    char *body = reg_corpus("pypi/pypistats/recent-pip.hugovk-pypistats.json", &len);
    cr_assert(pypistats_parse_recent(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_expect_str_eq(p->name, "pip");
    cr_expect_eq(p->downloads.day, 2295765);
    cr_expect_eq(p->downloads.week, 15706750);
    cr_expect_eq(p->downloads.month, 67759913);
    free(body);
    body = reg_corpus("pypi/pypistats/overall-pip.hugovk-pypistats.json", &len);
    cr_assert(pypistats_parse_overall(a, "u", body, len, &p, &d), "%s", d.msg);
    cr_assert_eq(p->n_series, 2);
    int64_t may1;
    cr_assert(timeutil_parse("2020-05-01", &may1));
    cr_expect_eq(p->series[0].day, may1);
    cr_expect_eq(p->series[0].count, 2083472);
    cr_expect_eq(p->series[1].day, may1 + 86400);
    cr_expect_eq(p->downloads.recent, 2083472 + 1475979);
    cr_expect_eq(p->downloads.recent_days, 2);
    free(body);
    arena_free(a);
}

Test(registry_pypi, fixtures_wrong_types_truncation_empty)
{
    struct arena *a = arena_new();
    struct diag d;
    struct reg_package *p = NULL;
    size_t len;
    char *body = reg_fixture("pypi-bad-file-digest.json", &len);
    diag_clear(&d);
    cr_expect_not(pypi_parse_project(a, "https://pypi.org/pypi/x/json", body, len, &p, &d));
    REG_EXPECT_FAIL_AT(d, "/releases/1.0/0/digests/sha256");
    cr_expect_str_eq(d.where, "https://pypi.org/pypi/x/json");
    free(body);
    static const struct { const char *json, *ptr; } bad_table[] = {
        {"{\"info\": {\"version\": \"1\", \"requires_dist\": [\"a\", 1]}}", "/info/requires_dist/1"},
        {"{\"info\": {\"version\": \"1\", \"yanked\": \"no\"}}", "/info/yanked"},
        {"{\"info\": {}, \"releases\": {\"1\": {}}}", "/releases/1"},
        {"{\"info\": {}, \"releases\": {\"1\": [{\"size\": 1.5}]}}", "/releases/1/0/size"},
        {"{\"info\": []}", "/info"},
        {"{\"info\": {\"project_urls\": {\"a/b\": 3}}}", "/info/project_urls/a~1b"},
    };
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        diag_clear(&d);
        cr_expect_not(pypi_parse_project(a, "u", bad_table[i].json,
                                         strlen(bad_table[i].json), &p, &d), "%zu", i);
        REG_EXPECT_FAIL_AT(d, bad_table[i].ptr);
    }
    const char *simple_bad = "{\"files\": [{\"filename\": \"a-1.tar.gz\", \"yanked\": 3}]}";
    diag_clear(&d);
    cr_expect_not(pypi_parse_simple(a, "u", simple_bad, strlen(simple_bad), &p, &d));
    REG_EXPECT_FAIL_AT(d, "/files/0/yanked");
    diag_clear(&d);
    cr_expect_not(pypi_parse_simple(a, "u", "{\"files\": [", 11, &p, &d));
    cr_expect_eq(d.code, DIAG_SYNTAX);
    diag_clear(&d);
    cr_assert(pypi_parse_simple(a, "u", "{}", 2, &p, &d), "%s", d.msg);
    cr_expect_eq(p->n_releases, 0);
    diag_clear(&d);
    cr_expect_not(pypi_parse_project(a, "u", "{}", 2, &p, &d));
    REG_EXPECT_FAIL_AT(d, "/info");
    diag_clear(&d);
    const char *stats_bad = "{\"data\": [{\"date\": 1}]}";
    cr_expect_not(pypistats_parse_overall(a, "u", stats_bad, strlen(stats_bad), &p, &d));
    REG_EXPECT_FAIL_AT(d, "/data/0/date");
    const char *nf = "{\"message\": \"Not Found\"}";
    diag_clear(&d);
    cr_expect_not(pypi_parse_project(a, "u", nf, strlen(nf), &p, &d));
    cr_expect_eq(d.code, DIAG_UNSUPPORTED);
    cr_expect_str_eq(d.msg, "registry error: Not Found");
    arena_free(a);
}

Test(registry_pypi, simple_grouping_fixture)
{
    size_t len;
    char *body = reg_fixture("pypi-simple-mixed.json", &len);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct reg_package *p = NULL;
    cr_assert(pypi_parse_simple(a, "u", body, len, &p, &d), "%s (%s)", d.msg, d.pointer);
    cr_expect_str_eq(p->status, "deprecated");
    cr_expect(p->deprecated);
    cr_expect_str_eq(p->deprecation_message, "use new-pkg");
    const struct reg_release *r = reg_package_find_release(p, "1.0-2");
    cr_assert_not_null(r, "a version with a dash is matched through `versions`");
    cr_expect_eq(r->n_files, 1);
    r = reg_package_find_release(p, "2.0");
    cr_assert_not_null(r);
    cr_expect_eq(r->n_files, 2);
    cr_expect(r->yanked);
    cr_expect_null(r->status_reason);
    cr_expect_str_eq(r->sha256, "00ff");
    r = reg_package_find_release(p, "3.0");
    cr_assert_not_null(r, "listed versions without files still appear");
    cr_expect_eq(r->n_files, 0);
    cr_expect_eq(r->published, 0);
    arena_free(a);
    free(body);
}

Test(registry_pypi, split_requirement_and_urls)
{
    struct arena *a = arena_new();
    struct reg_dep dep;
    pypi_split_requirement(a, "Foo.Bar_baz [security, socks] >=1.0,<2 ; python_version < \"3.8\"",
                           &dep);
    cr_expect_str_eq(dep.name, "Foo.Bar_baz");
    cr_expect_str_eq(dep.extras, "security, socks");
    cr_expect_str_eq(dep.requirement, ">=1.0,<2");
    cr_expect_str_eq(dep.marker, "python_version < \"3.8\"");
    cr_expect_not(dep.optional);
    pypi_split_requirement(a, "pkg @ https://x/y.whl", &dep);
    cr_expect_str_eq(dep.name, "pkg");
    cr_expect_str_eq(dep.requirement, "@ https://x/y.whl");
    pypi_split_requirement(a, "", &dep);
    cr_expect_str_eq(dep.name, "");
    cr_expect_null(dep.requirement);
    cr_expect_str_eq(pypi_simple_url(a, PYPI_SIMPLE_BASE, "Django_Split..Settings"),
                     "https://pypi.org/simple/django-split-settings/");
    cr_expect_str_eq(pypi_project_url(a, PYPI_JSON_BASE, "zope.interface"),
                     "https://pypi.org/pypi/zope.interface/json");
    cr_expect_str_eq(pypi_version_url(a, PYPI_JSON_BASE "/", "a", "1.0+local"),
                     "https://pypi.org/pypi/a/1.0%2Blocal/json");
    cr_expect_str_eq(pypi_provenance_url(a, PYPI_INTEGRITY_BASE, "idna", "3.11",
                                         "idna-3.11.tar.gz"),
                     "https://pypi.org/integrity/idna/3.11/idna-3.11.tar.gz/provenance");
    cr_expect_str_eq(pypistats_recent_url(a, PYPISTATS_BASE, "pip"),
                     "https://pypistats.org/api/packages/pip/recent");
    cr_expect_str_eq(pypistats_overall_url(a, PYPISTATS_BASE, "pip"),
                     "https://pypistats.org/api/packages/pip/overall");
    arena_free(a);
}
