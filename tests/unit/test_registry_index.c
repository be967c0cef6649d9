/* Every JSON answer in the registry corpus INDEX.tsv through the parser its
 * URL calls for: 2xx answers parse, error answers fail with a clear diag. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/fileio.h"
#include "depvet/registry/depsdev.h"
#include "depvet/registry/hexpm.h"
#include "depvet/registry/npm.h"
#include "depvet/registry/pypi.h"
#include "depvet/registry/pypistats.h"
#include "helpers.h"

enum route {
    R_NONE, R_HEX_PKG, R_HEX_REL, R_HEX_OWNERS, R_PYPI_JSON, R_PYPI_SIMPLE,
    R_PYPI_PROV, R_STATS_RECENT, R_STATS_OVERALL, R_NPM_PACKUMENT, R_NPM_VERSION,
    R_NPM_POINT, R_NPM_RANGE, R_DD_PKG, R_DD_VER,
};

static bool has(const char *s, const char *sub)
{
    return strstr(s, sub) != NULL;
}

static size_t slashes(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '/';
    return n;
}

/* URL shape -> parser; R_NONE for answers other modules read (OSV, deps.dev
 * graphs and queries, repo.hex.pm protobuf, HTML). */
static enum route route_of(const char *url, const char *ctype)
{
    if (!has(ctype, "json"))
        return R_NONE;
    if (has(url, "hex.pm/api/"))
        return has(url, "/owners") ? R_HEX_OWNERS
             : has(url, "/releases/") ? R_HEX_REL : R_HEX_PKG;
    if (has(url, "pypi.org/pypi/"))
        return R_PYPI_JSON;
    if (has(url, "pypi.org/simple/"))
        return R_PYPI_SIMPLE;
    if (has(url, "pypi.org/integrity/"))
        return R_PYPI_PROV;
    if (has(url, "pypistats.org/"))
        return has(url, "/recent") ? R_STATS_RECENT : R_STATS_OVERALL;
    if (has(url, "api.npmjs.org/downloads/"))
        return has(url, "/range/") ? R_NPM_RANGE : R_NPM_POINT;
    if (has(url, "registry.npmjs.org/"))
        return slashes(url) > 3 ? R_NPM_VERSION : R_NPM_PACKUMENT;
    if (has(url, "api.deps.dev/") && has(url, "/systems/") &&
        !strchr(strstr(url, "/systems/"), ':'))
        return has(url, "/versions/") ? R_DD_VER : R_DD_PKG;
    return R_NONE;
}

static bool run(enum route r, struct arena *a, const char *url, const char *b,
                size_t n, struct diag *d)
{
    struct reg_package *p = NULL;
    struct reg_release *rel = NULL;
    struct reg_person *people = NULL;
    struct pypi_publisher *pubs = NULL;
    size_t count = 0;
    switch (r) {
    case R_HEX_PKG: return hexpm_parse_package(a, url, b, n, &p, d);
    case R_HEX_REL: return hexpm_parse_release(a, url, b, n, &rel, d);
    case R_HEX_OWNERS: return hexpm_parse_owners(a, url, b, n, &people, &count, d);
    case R_PYPI_JSON: return pypi_parse_project(a, url, b, n, &p, d);
    case R_PYPI_SIMPLE: return pypi_parse_simple(a, url, b, n, &p, d);
    case R_PYPI_PROV: return pypi_parse_provenance(a, url, b, n, &pubs, &count, d);
    case R_STATS_RECENT: return pypistats_parse_recent(a, url, b, n, &p, d);
    case R_STATS_OVERALL: return pypistats_parse_overall(a, url, b, n, &p, d);
    case R_NPM_PACKUMENT: return npm_parse_packument(a, url, b, n, &p, d);
    case R_NPM_VERSION: return npm_parse_version(a, url, b, n, &rel, d);
    case R_NPM_POINT: return npm_parse_downloads_point(a, url, b, n, &p, d);
    case R_NPM_RANGE: return npm_parse_downloads_range(a, url, b, n, &p, d);
    case R_DD_PKG: return depsdev_parse_package(a, url, b, n, &p, d);
    case R_DD_VER: return depsdev_parse_version(a, url, b, n, &p, d);
    case R_NONE: break;
    }
    return false;
}

Test(registry_index, every_json_answer_parses)
{
    char buf[1024], dir[1024];
    const char *index = test_corpus("registry/INDEX.tsv", buf, sizeof(buf));
    if (!index)
        cr_skip("registry corpus not present");
    snprintf(dir, sizeof(dir), "%.*s", (int)(strlen(index) - strlen("INDEX.tsv")), index);
    FILE *f = fopen(index, "r");
    cr_assert_not_null(f);
    char line[4096];
    unsigned ok = 0, errors = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#')
            continue;
        char file[512], method[16], url[1024], status[16], ctype[256];
        if (sscanf(line, "%511[^\t]\t%15[^\t]\t%1023[^\t]\t%15[^\t]\t%255[^\t]",
                   file, method, url, status, ctype) != 5)
            continue;
        enum route r = route_of(url, ctype);
        if (r == R_NONE)
            continue;
        char path[2048];
        snprintf(path, sizeof(path), "%s%s", dir, file);
        struct diag d;
        diag_clear(&d);
        size_t len;
        char *body = file_read(path, FILEIO_DEFAULT_MAX, &len, &d);
        cr_assert_not_null(body, "%s: %s", path, d.msg);
        struct arena *a = arena_new();
        bool good = run(r, a, url, body, len, &d);
        if (status[0] == '2') {
            char msg[1400];
            diag_format(&d, msg, sizeof(msg));
            cr_expect(good, "%s (%s): %s", file, url, msg);
            ok++;
        } else {
            cr_expect(!good, "%s: error answer accepted", file);
            cr_expect_eq(d.code, DIAG_UNSUPPORTED, "%s", file);
            cr_expect(strstr(d.msg, "registry error") != NULL, "%s: %s", file, d.msg);
            cr_expect_str_eq(d.where, url);
            errors++;
        }
        arena_free(a);
        free(body);
    }
    fclose(f);
    cr_expect_geq(ok, 35, "only %u answers routed", ok);
    cr_expect_eq(errors, 2);
}
