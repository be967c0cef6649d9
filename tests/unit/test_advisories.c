/* The advisory database: store rows and their incremental updates, the
 * importer over files, folders and zips, matching with aliases merged, and
 * the shared corpus imported whole. */
#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/engine/osvdb.h"
#include "depvet/store/advisories.h"
#include "helpers.h"

static struct store *mem_store(void)
{
    struct diag d;
    diag_clear(&d);
    struct store *s = store_open(":memory:", &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

static void put(struct store *s, const char *id, int64_t at, const char *withdrawn,
                const char *key, enum advisory_put_result want)
{
    struct advisory_pkg pkgs[] = {{ECO_PYPI, key}, {ECO_PYPI, key}};
    const char *aliases[] = {"CVE-1"};
    char body[128];
    snprintf(body, sizeof(body), "{\"id\":\"%s\",\"at\":%lld}", id, (long long)at);
    struct advisory_entry e = {
        .id = id, .modified = "2024-01-01T00:00:00Z", .modified_at = at,
        .withdrawn = withdrawn, .aliases = aliases, .n_aliases = 1,
        .summary = "s", .severity = "high", .link = "https://x", .body = body,
        .body_len = strlen(body), .pkgs = pkgs, .n_pkgs = 2,
    };
    struct diag d;
    diag_clear(&d);
    enum advisory_put_result res;
    cr_assert(store_begin(s, &d));
    cr_assert(advisories_put(s, &e, &res, &d), "%s", d.msg);
    cr_assert(store_commit(s, &d));
    cr_assert_eq(res, want, "%s at %lld", id, (long long)at);
}

Test(advisories, incremental_rows_and_index)
{
    struct store *s = mem_store();
    cr_assert_geq(store_schema_version(s), 2);
    put(s, "PYSEC-1", 100, NULL, "foo-bar", ADVISORY_ADDED);
    put(s, "PYSEC-1", 100, NULL, "foo-bar", ADVISORY_UNCHANGED);
    put(s, "PYSEC-1", 50, NULL, "other", ADVISORY_UNCHANGED);
    put(s, "PYSEC-1", 200, NULL, "baz", ADVISORY_UPDATED);
    put(s, "PYSEC-2", 100, "2024-02-01T00:00:00Z", "baz", ADVISORY_ADDED);
    put(s, "PYSEC-3", 100, NULL, "baz", ADVISORY_ADDED);
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct advisory_body *b;
    cr_assert_eq(advisories_for_package(s, a, ECO_PYPI, "foo_bar", &b, &d), 0,
                 "the update replaced the index entries");
    size_t n = advisories_for_package(s, a, ECO_PYPI, "Baz", &b, &d);
    cr_assert_eq(n, 2, "withdrawn left out");
    cr_assert_str_eq(b[0].id, "PYSEC-1");
    cr_assert_str_eq(b[0].body, "{\"id\":\"PYSEC-1\",\"at\":200}");
    cr_assert_eq(b[0].len, strlen(b[0].body));
    cr_assert_str_eq(b[1].id, "PYSEC-3");
    cr_assert_eq(advisories_for_package(s, a, ECO_NPM, "baz", &b, &d), 0);
    struct advisory_stats st;
    cr_assert(advisories_stats(s, &st, &d));
    cr_assert_eq(st.total, 3);
    cr_assert_eq(st.withdrawn, 1);
    cr_assert_eq(st.per_eco[ECO_PYPI], 3);
    cr_assert_eq(st.packages[ECO_PYPI], 1);
    cr_assert_eq(st.per_eco[ECO_HEX], 0);
    cr_assert_str_eq(st.newest_modified, "2024-01-01T00:00:00Z");
    arena_free(a);
    store_close(s);
}

/* ---- the importer on files written here ------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(path, text, strlen(text), &d), "%s", d.msg);
}

static const char ghsa_rec[] =
    "{\"id\":\"GHSA-xxxx\",\"modified\":\"2024-03-01T00:00:00Z\",\"aliases\":[\"CVE-2024-7\"],"
    "\"database_specific\":{\"severity\":\"HIGH\"},\"affected\":[{\"package\":"
    "{\"ecosystem\":\"PyPI\",\"name\":\"Requests\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
    "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.31.0\"}]}]}]}";
static const char pysec_rec[] =
    "{\"id\":\"PYSEC-2024-9\",\"modified\":\"2024-03-02T00:00:00Z\",\"aliases\":[\"CVE-2024-7\"],"
    "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"requests\"},"
    "\"versions\":[\"2.30.0\"],\"ranges\":[{\"type\":\"ECOSYSTEM\","
    "\"events\":[{\"introduced\":\"2.0\"},{\"fixed\":\"2.32.0\"}]}]}]}";
static const char mal_rec[] =
    "{\"id\":\"MAL-2024-5\",\"modified\":\"2024-03-03T00:00:00Z\",\"affected\":[{\"package\":"
    "{\"ecosystem\":\"PyPI\",\"name\":\"requests\"},\"versions\":[\"2.30.0\"]}]}";
static const char go_rec[] =
    "{\"id\":\"GO-1\",\"modified\":\"2024-03-03T00:00:00Z\",\"affected\":[{\"package\":"
    "{\"ecosystem\":\"Go\",\"name\":\"x\"}}]}";

struct reports {
    unsigned malformed, skipped;
    char last[1024];
};

static void on_report(void *ud, const struct diag *d, bool malformed)
{
    struct reports *r = ud;
    if (malformed)
        r->malformed++;
    else
        r->skipped++;
    diag_format(d, r->last, sizeof(r->last));
}

/* A fresh in-memory store with path imported into it. */
static struct store *import_new(const char *path, struct reports *rep,
                               struct osvdb_import_summary *sum)
{
    struct store *s = mem_store();
    struct diag d;
    diag_clear(&d);
    cr_assert(osvdb_import(s, path, on_report, rep, sum, &d), "%s: %s", path, d.msg);
    return s;
}

/* Compares a summary with "records/added/updated/unchanged/ignored/
 * skipped/malformed". */
static void expect_counts(const struct osvdb_import_summary *s, const char *want)
{
    char got[128];
    snprintf(got, sizeof(got), "%u/%u/%u/%u/%u/%u/%u", s->records, s->added, s->updated,
             s->unchanged, s->ignored, s->skipped, s->malformed);
    cr_assert_str_eq(got, want);
}

static char *temp_dir(void)
{
    char *dir = strdup("/tmp/depvet-adv-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static void rm_rf(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(advisories, import_folder_match_and_merge)
{
    char *dir = temp_dir();
    char sub[1100];
    snprintf(sub, sizeof(sub), "%s/pypi/requests", dir);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s' '%s/.hidden'", sub, dir);
    cr_assert_eq(system(cmd), 0);
    write_file(sub, "GHSA-xxxx.json", ghsa_rec);
    write_file(sub, "PYSEC-2024-9.json", pysec_rec);
    write_file(sub, "MAL-2024-5.json", mal_rec);
    write_file(dir, "GO-1.json", go_rec);
    write_file(dir, "README.md", "not a record");
    write_file(dir, "broken.json", "{\"id\":\"X-1\",\"modified\":\"2024-01-01\",\"aliases\":7}");
    write_file(dir, "noid.json", "{\"modified\":\"2024-01-01\"}");
    snprintf(sub, sizeof(sub), "%s/.hidden", dir);
    write_file(sub, "bad.json", "{");

    struct osvdb_import_summary sum;
    struct reports rep = {0};
    struct store *s = import_new(dir, &rep, &sum);
    expect_counts(&sum, "6/3/0/0/1/1/1");
    cr_assert_eq(rep.malformed + rep.skipped, 2, "each one reported");
    cr_assert(strstr(rep.last, "noid.json"), "%s", rep.last);

    struct diag d;
    diag_clear(&d);
    cr_assert(osvdb_import(s, dir, NULL, NULL, &sum, &d), "%s", d.msg);
    expect_counts(&sum, "6/0/0/3/1/1/1");

    struct arena *a = arena_new();
    struct osv_match *m;
    size_t n = osvdb_match(s, a, ECO_PYPI, "REQUESTS", "2.30.0", &m, &d);
    cr_assert_eq(n, 2, "GHSA and PYSEC share CVE-2024-7: one issue, plus the MAL report");
    cr_assert_str_eq(m[0].rec->id, "GHSA-xxxx");
    cr_assert_eq(m[0].n_ids, 3);
    cr_assert_str_eq(m[0].next_fixed, "2.32.0", "fixed by both sources' account");
    cr_assert_eq(m[0].severity, OSV_SEV_HIGH);
    cr_assert_str_eq(m[1].rec->id, "MAL-2024-5");
    cr_assert_eq(m[1].severity, OSV_SEV_CRITICAL);
    cr_assert_null(m[1].next_fixed);
    n = osvdb_match(s, a, ECO_PYPI, "requests", "2.31.0", &m, &d);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(m[0].rec->id, "PYSEC-2024-9");
    cr_assert_eq(osvdb_match(s, a, ECO_PYPI, "requests", "2.32.0", &m, &d), 0);
    cr_assert_eq(osvdb_match(s, a, ECO_PYPI, "x", "1.0", &m, &d), 0);

    /* A matcher answers a series the same way, also inside a transaction
     * of the caller's, and leaves the store usable for writes after. */
    static const char *const pins[][2] = {
        {"requests", "2.30.0"}, {"requests", "2.31.0"}, {"requests", "2.32.0"}, {"x", "1"},
    };
    static const size_t want[] = {2, 1, 0, 0};
    for (int in_txn = 0; in_txn < 2; in_txn++) {
        if (in_txn)
            cr_assert(store_begin(s, &d));
        struct osvdb_matcher *mt = osvdb_matcher_new(s, &d);
        cr_assert_not_null(mt, "%s", d.msg);
        for (int round = 0; round < 2; round++)
            for (size_t i = 0; i < 4; i++)
                cr_assert_eq(osvdb_matcher_match(mt, a, ECO_PYPI, pins[i][0], pins[i][1], &m, &d),
                             want[i], "%s@%s", pins[i][0], pins[i][1]);
        osvdb_matcher_free(mt);
        if (in_txn)
            cr_assert(store_commit(s, &d), "%s", d.msg);
    }
    osvdb_matcher_free(NULL);
    cr_assert_not(diag_failed(&d));
    arena_free(a);

    /* A newer copy of one record replaces it. */
    snprintf(sub, sizeof(sub), "%s/pypi/requests", dir);
    write_file(sub, "MAL-2024-5.json",
               "{\"id\":\"MAL-2024-5\",\"modified\":\"2024-04-01T00:00:00Z\","
               "\"withdrawn\":\"2024-04-01T00:00:00Z\",\"affected\":[{\"package\":"
               "{\"ecosystem\":\"PyPI\",\"name\":\"requests\"},\"versions\":[\"2.30.0\"]}]}");
    cr_assert(osvdb_import(s, dir, NULL, NULL, &sum, &d), "%s", d.msg);
    expect_counts(&sum, "6/0/1/2/1/1/1");
    a = arena_new();
    cr_assert_eq(osvdb_match(s, a, ECO_PYPI, "requests", "2.30.0", &m, &d), 1,
                 "withdrawn now");
    arena_free(a);
    store_close(s);
    rm_rf(dir);
    free(dir);
}

static void zip_add(struct archive *w, const char *name, const char *text)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)strlen(text));
    cr_assert_eq(archive_write_header(w, e), ARCHIVE_OK);
    cr_assert_eq(archive_write_data(w, text, strlen(text)), (la_ssize_t)strlen(text));
    archive_entry_free(e);
}

Test(advisories, import_zip_export)
{
    char *dir = temp_dir();
    char path[1100];
    snprintf(path, sizeof(path), "%s/all.zip", dir);
    struct archive *w = archive_write_new();
    archive_write_set_format_zip(w);
    cr_assert_eq(archive_write_open_filename(w, path), ARCHIVE_OK);
    zip_add(w, "GHSA-xxxx.json", ghsa_rec);
    zip_add(w, "MAL-2024-5.json", mal_rec);
    zip_add(w, "notes.txt", "ignored");
    zip_add(w, "broken.json", "{\"id\":\"Y\",\"modified\":\"2024-01-01\",\"affected\":[1]}");
    archive_write_close(w);
    archive_write_free(w);

    struct osvdb_import_summary sum;
    struct reports rep = {0};
    struct store *s = import_new(path, &rep, &sum);
    expect_counts(&sum, "3/2/0/0/0/0/1");
    cr_assert(strstr(rep.last, "all.zip:broken.json"), "%s", rep.last);
    cr_assert(strstr(rep.last, "/affected/0"), "%s", rep.last);

    /* A damaged zip: the import fails whole and writes nothing. */
    struct diag d;
    diag_clear(&d);
    struct store *s2 = mem_store();
    write_file(dir, "bad.zip", "PK\003\004garbage");
    snprintf(path, sizeof(path), "%s/bad.zip", dir);
    cr_assert_not(osvdb_import(s2, path, NULL, NULL, &sum, &d));
    cr_assert(diag_failed(&d));
    struct advisory_stats st;
    diag_clear(&d);
    cr_assert(advisories_stats(s2, &st, &d));
    cr_assert_eq(st.total, 0);
    diag_clear(&d);
    cr_assert_not(osvdb_import(s2, "/nonexistent/osv", NULL, NULL, &sum, &d));
    store_close(s2);
    store_close(s);
    rm_rf(dir);
    free(dir);
}

/* The evaluation: every malicious report under osv/malicious is a
 * critical match for each version it lists, once imported; the report
 * withdrawn later (@ctrl/plex, MAL-2026-4377) matches nothing. */
Test(advisories, corpus_import_malicious_are_critical)
{
    char buf[1024];
    const char *root = test_corpus("osv", buf, sizeof(buf));
    if (!root || !file_is_dir(root))
        cr_skip("corpus osv not present");
    struct osvdb_import_summary sum;
    struct reports rep = {0};
    struct store *s = import_new(root, &rep, &sum);
    struct diag d;
    diag_clear(&d);
    cr_assert_eq(sum.malformed, 0);
    cr_assert_eq(sum.skipped, 2, "the two per-source reports without an id");
    struct advisory_stats st;
    cr_assert(advisories_stats(s, &st, &d));
    cr_assert_gt(st.per_eco[ECO_HEX], 0);
    cr_assert_gt(st.per_eco[ECO_PYPI], 0);
    cr_assert_gt(st.per_eco[ECO_NPM], 0);

    char dir[1200];
    snprintf(dir, sizeof(dir), "%s/malicious", root);
    struct store *mal = import_new(dir, &rep, &sum);
    struct arena *a = arena_new();
    struct advisory_body *bodies;
    size_t pins = 0, critical = 0;
    /* Walk the reports themselves: each listed version is a pin. */
    struct osv_match *m;
    struct diag pd;
    diag_clear(&pd);
    char listing[1300];
    snprintf(listing, sizeof(listing), "find '%s' -name 'MAL-*.json' | sort", dir);
    FILE *p = popen(listing, "r");
    cr_assert_not_null(p);
    char path[2048];
    while (fgets(path, sizeof(path), p)) {
        path[strcspn(path, "\n")] = '\0';
        size_t len;
        char *text = file_read(path, FILEIO_DEFAULT_MAX, &len, &pd);
        struct osv_record *rec;
        cr_assert(text && osv_parse(a, path, text, len, &rec, &pd), "%s", path);
        for (size_t i = 0; i < rec->n_affected; i++)
            for (size_t v = 0; v < rec->affected[i].n_versions; v++) {
                pins++;
                size_t n = osvdb_match(mal, a, rec->affected[i].eco, rec->affected[i].name,
                                       rec->affected[i].versions[v], &m, &d);
                bool found = false;
                for (size_t k = 0; k < n; k++)
                    found = found || (strcmp(m[k].rec->id, rec->id) == 0 &&
                                      m[k].severity == OSV_SEV_CRITICAL);
                critical += found;
                cr_expect(found, "%s@%s", rec->affected[i].name, rec->affected[i].versions[v]);
            }
        free(text);
    }
    pclose(p);
    printf("osv eval: %zu of %zu malicious package@version pins are critical matches\n",
           critical, pins);
    cr_expect_gt(pins, 30);
    cr_expect_eq(critical, pins);
    cr_expect_eq(advisories_for_package(s, a, ECO_NPM, "@ctrl/plex", &bodies, &d), 0,
                 "the withdrawn copy is newer and wins");
    cr_expect_eq(osvdb_match(s, a, ECO_NPM, "@ctrl/plex", "6.0.0", &m, &d), 0);
    arena_free(a);
    store_close(mal);
    store_close(s);
}
