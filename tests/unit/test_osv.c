/* OSV records: reading, severity, links, matching, alias merging, CVSS
 * scores, and the real records of the shared corpus. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/analysis/cvss.h"
#include "depvet/analysis/osv.h"
#include "depvet/core/fileio.h"
#include "helpers.h"

/* Each test runs in its own process: the suite's arena is its own. */
static struct arena *arena;

static void arena_setup(void)
{
    arena = arena_new();
}

static void arena_teardown(void)
{
    arena_free(arena);
}

TestSuite(osv, .init = arena_setup, .fini = arena_teardown);

static struct osv_record *parse_ok(const char *json)
{
    struct diag d;
    diag_clear(&d);
    struct osv_record *rec = NULL;
    char msg[2048];
    bool ok = osv_parse(arena, "test.json", json, strlen(json), &rec, &d);
    diag_format(&d, msg, sizeof(msg));
    cr_assert(ok, "%s", msg);
    cr_assert_not_null(rec);
    return rec;
}

static struct diag parse_bad(const char *json)
{
    struct diag d;
    diag_clear(&d);
    struct osv_record *rec = (struct osv_record *)1;
    cr_assert_not(osv_parse(arena, "bad.json", json, strlen(json), &rec, &d), "%s", json);
    cr_assert_null(rec);
    cr_assert(diag_failed(&d));
    cr_assert_str_eq(d.where, "bad.json");
    return d;
}

static const char ghsa_json[] =
    "{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"modified\":\"2024-04-03T16:46:30Z\","
    "\"published\":\"2024-04-01T00:00:00Z\",\"aliases\":[\"CVE-2024-1\"],"
    "\"summary\":\"Bad thing in Foo\","
    "\"details\":\"### Impact\\n\\nAn attacker can\\ndo things.\\n\\n### Patches\\n\\nUpgrade.\","
    "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
    "\"affected\":["
    " {\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Foo_Bar\"},"
    "  \"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.4\"}]}]},"
    " {\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"foo.bar\"},"
    "  \"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0\"},{\"fixed\":\"2.0.3\"}]},"
    "             {\"type\":\"GIT\",\"repo\":\"x\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"abc\"}]}]},"
    " {\"package\":{\"ecosystem\":\"Go\",\"name\":\"example.com/foo\"},"
    "  \"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}],"
    "\"references\":[{\"type\":\"WEB\",\"url\":\"https://example.com/x\"},"
    "  {\"type\":\"ADVISORY\",\"url\":\"https://nvd.nist.gov/vuln/detail/CVE-2024-1\"},"
    "  {\"type\":\"ADVISORY\",\"url\":\"https://github.com/advisories/GHSA-aaaa-bbbb-cccc\"}],"
    "\"database_specific\":{\"severity\":\"MODERATE\"}}";

Test(osv, reads_the_fields)
{
    struct osv_record *r = parse_ok(ghsa_json);
    cr_assert_str_eq(r->id, "GHSA-aaaa-bbbb-cccc");
    cr_assert_str_eq(r->modified, "2024-04-03T16:46:30Z");
    cr_assert_eq(r->modified_at, 1712162790);
    cr_assert_str_eq(r->published, "2024-04-01T00:00:00Z");
    cr_assert_null(r->withdrawn);
    cr_assert_eq(r->n_aliases, 1);
    cr_assert_str_eq(r->aliases[0], "CVE-2024-1");
    cr_assert_str_eq(r->summary, "Bad thing in Foo");
    cr_assert_str_eq(r->details, "An attacker can\ndo things.", "headings skipped");
    cr_assert_eq(r->severity, OSV_SEV_MEDIUM, "GitHub's rating wins over the CVSS score");
    cr_assert_str_eq(r->link, "https://github.com/advisories/GHSA-aaaa-bbbb-cccc");
    cr_assert_eq(r->n_affected, 2, "the Go entry is dropped");
    cr_assert_eq(r->affected[0].eco, ECO_PYPI);
    cr_assert_str_eq(r->affected[0].name, "Foo_Bar");
    cr_assert_str_eq(r->affected[0].key, "foo-bar");
    cr_assert_eq(r->affected[1].n_ranges, 2);
    cr_assert_eq(r->affected[1].ranges[1].type, OSV_RANGE_GIT);
    cr_assert_eq(r->affected[1].ranges[0].n_events, 2);
    cr_assert_eq(r->affected[1].ranges[0].events[1].kind, OSV_FIXED);
    cr_assert_str_eq(r->affected[1].ranges[0].events[1].version, "2.0.3");
}

Test(osv, matching_normalises_names_and_finds_the_next_fix)
{
    struct osv_record *r = parse_ok(ghsa_json);
    const char *fix = "unset";
    cr_assert(osv_record_affects(r, ECO_PYPI, "FOO-bar", "1.2", &fix));
    cr_assert_str_eq(fix, "1.4", "the fix of the range holding 1.2, not 2.0.3");
    cr_assert(osv_record_affects(r, ECO_PYPI, "foo__bar", "2.0.1", &fix));
    cr_assert_str_eq(fix, "2.0.3");
    cr_assert_not(osv_record_affects(r, ECO_PYPI, "foo-bar", "1.4", &fix));
    cr_assert_null(fix);
    cr_assert_not(osv_record_affects(r, ECO_PYPI, "foo-bar", "1.9", NULL));
    cr_assert_not(osv_record_affects(r, ECO_PYPI, "foo-baz", "1.2", NULL));
    cr_assert_not(osv_record_affects(r, ECO_NPM, "Foo_Bar", "1.2", NULL), "other ecosystem");
    cr_assert_not(osv_record_affects(r, ECO_PYPI, "foo-bar", "", NULL));
}

Test(osv, versions_list_and_malicious_severity)
{
    struct osv_record *r = parse_ok(
        "{\"id\":\"MAL-2025-1\",\"modified\":\"2025-01-01T00:00:00Z\","
        "\"details\":\"\\n---\\n_-= Per source details =-_\\n\\n## Source: x\\nEvil.\","
        "\"database_specific\":{\"severity\":\"LOW\"},"
        "\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"@Evil/Pkg\"},"
        "\"versions\":[\"1.0.0\",\"1.0.1\"]}]}");
    cr_assert_eq(r->severity, OSV_SEV_CRITICAL, "MAL- ids are malicious packages");
    cr_assert_str_eq(r->link, "https://osv.dev/vulnerability/MAL-2025-1");
    cr_assert_str_eq(r->details, "Evil.", "rules, markers and headings skipped");
    const char *fix = "unset";
    cr_assert(osv_record_affects(r, ECO_NPM, "@Evil/Pkg", "1.0.1", &fix));
    cr_assert_null(fix, "no fix known");
    cr_assert_not(osv_record_affects(r, ECO_NPM, "@evil/pkg", "1.0.1", NULL),
                  "npm names are compared as written");
    cr_assert_not(osv_record_affects(r, ECO_NPM, "@Evil/Pkg", "1.0.2", NULL));
}

Test(osv, withdrawn_records_affect_nothing)
{
    struct osv_record *r = parse_ok(
        "{\"id\":\"MAL-2026-2\",\"modified\":\"2026-01-01T00:00:00Z\","
        "\"withdrawn\":\"2026-01-02T00:00:00Z\",\"affected\":[{\"package\":"
        "{\"ecosystem\":\"PyPI\",\"name\":\"fastapi\"},\"versions\":[\"0.1\"]}]}");
    cr_assert_str_eq(r->withdrawn, "2026-01-02T00:00:00Z");
    cr_assert_not(osv_record_affects(r, ECO_PYPI, "fastapi", "0.1", NULL));
}

Test(osv, severity_from_cvss_or_default)
{
    struct osv_record *r = parse_ok(
        "{\"id\":\"PYSEC-1\",\"modified\":\"2021-12-16T19:24:01.272993Z\","
        "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N\"},"
        "{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N\"}]}");
    cr_assert_eq(r->severity, OSV_SEV_CRITICAL, "the higher of 5.4 and 9.1");
    r = parse_ok("{\"id\":\"PYSEC-2\",\"modified\":\"2021-12-16\","
                    "\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N\"}]}");
    cr_assert_eq(r->severity, OSV_SEV_MEDIUM, "unscored: medium");
    cr_assert_null(r->summary);
    cr_assert_null(r->details);
    cr_assert_eq(r->n_affected, 0);
}

Test(osv, cvss3_base_scores)
{
    static const struct {
        const char *v;
        double score;
    } cases[] = {
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
        {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N", 5.4},
        {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1},
        {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0},
        {"CVSS:3.1/AV:L/AC:H/PR:H/UI:N/S:C/C:N/I:N/A:H/E:P", 5.3},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        double s = -1;
        cr_assert(cvss3_base_score(cases[i].v, &s), "%s", cases[i].v);
        cr_assert(fabs(s - cases[i].score) < 1e-9, "%s: %.1f, expected %.1f",
                  cases[i].v, s, cases[i].score);
    }
    double s;
    cr_assert_not(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", &s), "A missing");
    cr_assert_not(cvss3_base_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", &s));
    cr_assert_not(cvss3_base_score("CVSS:4.0/AV:N/AC:L", &s));
    cr_assert_not(cvss3_base_score(NULL, &s));
    cr_assert_not(cvss3_base_score("CVSS:3.1/", &s));
}

Test(osv, errors_name_the_field)
{
    static const struct {
        const char *json;
        const char *pointer;
        enum diag_code code;
    } cases[] = {
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"aliases\":[\"a\",2]}", "/aliases/1", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"aliases\":\"a\"}", "/aliases", DIAG_SYNTAX},
        {"{\"id\":7,\"modified\":\"2024-01-01\"}", "/id", DIAG_SYNTAX},
        {"{\"id\":\"\",\"modified\":\"2024-01-01\"}", "/id", DIAG_UNSUPPORTED},
        {"{\"modified\":\"2024-01-01\"}", "/id", DIAG_UNSUPPORTED},
        {"{\"id\":\"X-1\"}", "/modified", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"yesterday\"}", "/modified", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"affected\":{}}", "/affected", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"affected\":[{\"package\":"
         "{\"ecosystem\":\"npm\",\"name\":\"a\"},\"ranges\":[{\"type\":\"SEMVER\","
         "\"events\":[{\"introduced\":\"0\"},{\"fixed\":1}]}]}]}",
         "/affected/0/ranges/0/events/1/fixed", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"affected\":[{\"package\":"
         "{\"ecosystem\":\"Hex\"}}]}", "/affected/0/package", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"affected\":[{\"package\":"
         "{\"ecosystem\":\"Hex\",\"name\":\"plug\"},\"ranges\":[{\"events\":[]}]}]}",
         "/affected/0/ranges/0", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"affected\":[{\"package\":"
         "{\"ecosystem\":\"Hex\",\"name\":\"plug\"},\"versions\":[null]}]}",
         "/affected/0/versions/0", DIAG_SYNTAX},
        {"{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"severity\":{}}", "/severity", DIAG_SYNTAX},
        {"[1,2]", "", DIAG_SYNTAX},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct diag d = parse_bad(cases[i].json);
        cr_assert_str_eq(d.pointer, cases[i].pointer, "case %zu: %s", i, d.msg);
        cr_assert_eq(d.code, cases[i].code, "case %zu", i);
    }
    struct diag d = parse_bad("{\"id\":\"X-1\",\n\"modified\":");
    cr_assert_eq(d.line, 2, "truncated JSON has a line");
    parse_bad("");
    parse_bad("{\"id\":\"X\0\"}");
}

Test(osv, aliases_merge_one_issue)
{
    struct osv_record *ghsa = parse_ok(
        "{\"id\":\"GHSA-1\",\"modified\":\"2024-01-01\",\"aliases\":[\"CVE-9\"],"
        "\"database_specific\":{\"severity\":\"HIGH\"}}");
    struct osv_record *pysec = parse_ok(
        "{\"id\":\"PYSEC-7\",\"modified\":\"2024-01-01\",\"aliases\":[\"CVE-9\",\"GHSA-1\"],"
        "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]}");
    struct osv_record *other = parse_ok("{\"id\":\"PYSEC-8\",\"modified\":\"2024-01-01\"}");
    struct osv_record *via_id = parse_ok("{\"id\":\"CVE-9\",\"modified\":\"2024-01-01\"}");
    struct osv_match_list l;
    osv_match_list_init(&l, arena, ECO_PYPI);
    osv_match_list_add(&l, ghsa, "1.10");
    osv_match_list_add(&l, other, NULL);
    osv_match_list_add(&l, pysec, "1.9");
    osv_match_list_add(&l, via_id, NULL);
    cr_assert_eq(l.len, 2);
    struct osv_match *m = &l.items[0];
    cr_assert_eq(m->rec, ghsa);
    cr_assert_eq(m->n_ids, 3);
    cr_assert_str_eq(m->ids[0], "GHSA-1");
    cr_assert_str_eq(m->ids[1], "CVE-9");
    cr_assert_str_eq(m->ids[2], "PYSEC-7");
    cr_assert_eq(m->severity, OSV_SEV_CRITICAL, "the highest of the merged records");
    cr_assert_str_eq(m->next_fixed, "1.10", "PEP 440 order: 1.10 > 1.9");
    cr_assert_eq(l.items[1].rec, other);
    cr_assert_null(l.items[1].next_fixed);
    for (int s = OSV_SEV_LOW; s <= OSV_SEV_CRITICAL; s++) {
        enum osv_severity back;
        cr_assert(osv_severity_parse(osv_severity_name((enum osv_severity)s), &back));
        cr_assert_eq((int)back, s);
    }
    enum osv_severity back;
    cr_assert_not(osv_severity_parse("severe", &back));
}

/* ---- the shared corpus ------------------------------------------------------ */

struct tally {
    size_t records, entries, listed, listed_ok, fixed, fixed_ok, bounds, bounds_ok;
    size_t withdrawn, withdrawn_hits;
};

/* Every listed version must match, every fixed version must not; the
 * introduced and last_affected bounds of evaluable ranges must match too. */
static void check_entry(const struct osv_record *r, const struct osv_affected *af,
                        const char *path, struct tally *t)
{
    t->entries++;
    for (size_t v = 0; v < af->n_versions; v++) {
        bool ok = osv_record_affects(r, af->eco, af->name, af->versions[v], NULL);
        t->listed++;
        t->listed_ok += ok;
        if (!ok)
            cr_log_warn("osv corpus: %s: listed %s@%s does not match", path, af->name,
                        af->versions[v]);
    }
    for (size_t i = 0; i < af->n_ranges; i++) {
        const struct osv_range *rg = &af->ranges[i];
        if (rg->type == OSV_RANGE_GIT)
            continue;
        for (size_t e = 0; e < rg->n_events; e++) {
            const struct osv_event *ev = &rg->events[e];
            bool want = ev->kind != OSV_FIXED;
            if (ev->kind == OSV_LIMIT || strcmp(ev->version, "0") == 0)
                continue;
            bool ok = osv_record_affects(r, af->eco, af->name, ev->version, NULL) == want;
            size_t *n = want ? &t->bounds : &t->fixed, *k = want ? &t->bounds_ok : &t->fixed_ok;
            (*n)++;
            *k += ok;
            if (!ok)
                cr_log_warn("osv corpus: %s: %s %s@%s %s", path, want ? "bound" : "fixed",
                            af->name, ev->version, want ? "does not match" : "matches");
        }
    }
}

static void check_file(const char *path, bool withdrawn, struct tally *t)
{
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *buf = file_read(path, FILEIO_DEFAULT_MAX, &len, &d);
    cr_assert_not_null(buf, "%s", path);
    struct arena *a = arena_new();
    struct osv_record *r;
    char msg[2048];
    bool ok = osv_parse(a, path, buf, len, &r, &d);
    diag_format(&d, msg, sizeof(msg));
    cr_expect(ok, "%s", msg);
    if (ok) {
        t->records++;
        cr_expect_gt(r->n_affected, 0, "%s has no Hex, PyPI or npm entry", path);
        if (withdrawn)
            cr_expect_not_null(r->withdrawn, "%s", path);
        t->withdrawn += r->withdrawn != NULL;
        for (size_t i = 0; i < r->n_affected; i++) {
            if (!r->withdrawn) {
                check_entry(r, &r->affected[i], path, t);
                continue;
            }
            for (size_t v = 0; v < r->affected[i].n_versions; v++)
                t->withdrawn_hits += osv_record_affects(r, r->affected[i].eco, r->affected[i].name,
                                                        r->affected[i].versions[v], NULL);
        }
    }
    arena_free(a);
    free(buf);
}

static void walk(const char *dir, bool withdrawn, struct tally *t)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%.3000s/%.255s", dir, de->d_name);
        size_t n = strlen(path);
        if (file_is_dir(path))
            walk(path, withdrawn, t);
        else if (n > 5 && strcmp(path + n - 5, ".json") == 0)
            check_file(path, withdrawn, t);
    }
    closedir(d);
}

/* The folders the evaluation covers.  mirego-elixir-security-advisories
 * holds GitHub's own YAML dump, not OSV, so it adds no record here; its Hex
 * advisories that exist as OSV are the ones under github-advisory-database. */
static const char *const corpus_dir_table[] = {
    "github-advisory-database", "pypa-advisory-database",
    "mirego-elixir-security-advisories", "malicious",
};

Test(osv_corpus, records_match_what_they_list)
{
    char buf[1024];
    const char *root = test_corpus("osv", buf, sizeof(buf));
    if (!root || !file_is_dir(root))
        cr_skip("corpus osv not present");
    struct tally t = {0};
    char dir[1200];
    for (size_t i = 0; i < sizeof(corpus_dir_table) / sizeof(*corpus_dir_table); i++) {
        snprintf(dir, sizeof(dir), "%s/%s", root, corpus_dir_table[i]);
        if (file_is_dir(dir))
            walk(dir, false, &t);
    }
    printf("osv corpus: %zu records (%zu withdrawn, %zu matches from them), %zu affected "
           "entries; listed versions %zu/%zu match, fixed versions %zu/%zu do not, "
           "range bounds %zu/%zu match\n", t.records, t.withdrawn, t.withdrawn_hits,
           t.entries, t.listed_ok, t.listed, t.fixed_ok, t.fixed, t.bounds_ok, t.bounds);
    cr_expect_eq(t.withdrawn_hits, 0);
    cr_expect_gt(t.records, 150, "corpus records read");
    cr_expect_eq(t.listed_ok, t.listed);
    cr_expect_eq(t.fixed_ok, t.fixed);
    cr_expect_eq(t.bounds_ok, t.bounds);
}

Test(osv_corpus, withdrawn_reports_match_nothing)
{
    char buf[1024];
    const char *root = test_corpus("osv/malicious-withdrawn", buf, sizeof(buf));
    if (!root || !file_is_dir(root))
        cr_skip("corpus osv/malicious-withdrawn not present");
    struct tally t = {0};
    walk(root, true, &t);
    cr_expect_eq(t.records, 6);
    cr_expect_eq(t.withdrawn_hits, 0);
}
