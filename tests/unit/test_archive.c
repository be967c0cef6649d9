/* The in-memory archive walker: kinds, contents, problems and caps, over
 * archives the tests build themselves and the real corpus tarballs. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "archive_build.h"
#include "depvet/analysis/archive.h"
#include "depvet/core/fileio.h"
#include "helpers.h"

static struct archive_listing *open_built(struct ab *b, const struct archive_caps *caps,
                                          struct diag *d)
{
    diag_clear(d);
    return archive_listing_open(b->buf, b->used, "t.tgz", caps, d);
}

static const struct archive_problem *first_problem(const struct archive_listing *l,
                                                   enum archive_problem_kind k)
{
    for (size_t i = 0; i < l->n_problems; i++)
        if (l->problems[i].kind == k)
            return &l->problems[i];
    return NULL;
}

Test(archive, plain_tar_gz_lists_entries_and_contents)
{
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    ab_entry(&b, "package/", AE_IFDIR, NULL, 0, NULL, NULL);
    ab_file(&b, "package/package.json", "{\"name\":\"x\"}");
    ab_entry(&b, "package/empty", AE_IFREG, NULL, 0, NULL, NULL);
    ab_end(&b);
    struct diag d;
    struct archive_listing *l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_eq(l->n_items, 3);
    cr_assert_eq(l->n_problems, 0, "%s", l->n_problems ? l->problems[0].message : "");
    cr_assert(l->complete);
    cr_assert_eq(l->items[0].kind, ARCHIVE_KIND_DIR);
    const struct archive_item *pj = archive_listing_find(l, "package/package.json");
    cr_assert_not_null(pj);
    cr_assert_eq(pj->kind, ARCHIVE_KIND_FILE);
    cr_assert_eq(pj->size, 12);
    cr_assert_str_eq((const char *)pj->data, "{\"name\":\"x\"}");
    cr_assert_eq(pj->mode, 0644);
    const struct archive_item *em = archive_listing_find(l, "package/empty");
    cr_assert_not_null(em->data);
    cr_assert_eq(em->size, 0);
    cr_assert_eq(l->total_size, 12);
    cr_assert_eq(l->input_size, b.used);
    cr_assert_null(archive_listing_find(l, "nope"));
    archive_listing_free(l);
    free(b.buf);
}

Test(archive, links_special_files_and_bad_paths_are_problems)
{
    struct ab b;
    static const struct ab_item odd[] = {
        {"a/real.txt", 0, "hello", NULL, NULL},
        {"a/sym", AE_IFLNK, NULL, "/etc/passwd", NULL},
        {"a/hard", 0, NULL, NULL, "a/real.txt"},
        {"a/fifo", AE_IFIFO, NULL, NULL, NULL},
        {"a/tty", AE_IFCHR, NULL, NULL, NULL},
        {"/abs/evil", 0, "x", NULL, NULL},
        {"a/../../evil", 0, "x", NULL, NULL},
        {"./a/real.txt", 0, "again", NULL, NULL},
        {"a/..hidden", 0, "fine", NULL, NULL},
    };
    ab_begin(&b, AB_TAR, 1 << 20);
    AB_ITEMS(&b, odd);
    ab_end(&b);
    struct diag d;
    struct archive_listing *l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert(l->complete);
    cr_assert_eq(l->n_items, 9);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_SYMLINK), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_HARDLINK), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_SPECIAL), 2);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_ABSOLUTE_PATH), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_DOTDOT), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_DUPLICATE), 1);
    cr_assert_eq(l->n_problems, 7);
    const struct archive_item *sym = archive_listing_find(l, "a/sym");
    cr_assert_eq(sym->kind, ARCHIVE_KIND_SYMLINK);
    cr_assert_str_eq(sym->link_target, "/etc/passwd");
    cr_assert_null(sym->data);
    cr_assert_eq(archive_listing_find(l, "a/hard")->kind, ARCHIVE_KIND_HARDLINK);
    cr_assert_eq(archive_listing_find(l, "a/fifo")->kind, ARCHIVE_KIND_FIFO);
    cr_assert_eq(archive_listing_find(l, "a/tty")->kind, ARCHIVE_KIND_DEVICE);
    cr_assert_str_eq(first_problem(l, ARCHIVE_PROBLEM_DOTDOT)->path, "a/../../evil");
    cr_assert_str_eq(first_problem(l, ARCHIVE_PROBLEM_DUPLICATE)->path, "./a/real.txt");
    cr_assert_not_null(strstr(first_problem(l, ARCHIVE_PROBLEM_SYMLINK)->message,
                              "/etc/passwd"));
    archive_listing_free(l);
    free(b.buf);
}

Test(archive, zip_and_bzip2_are_read)
{
    struct ab b;
    static const struct ab_item wheel[] = {
        {"pkg/__init__.py", 0, "import os\n", NULL, NULL},
        {"pkg-1.0.dist-info/RECORD", 0, "pkg/__init__.py,,\n", NULL, NULL},
        {"..\\..\\win.txt", 0, "x", NULL, NULL},
        {"C:/win.txt", 0, "x", NULL, NULL},
        {"pkg/link", AE_IFLNK, NULL, "../../x", NULL},
    };
    ab_begin(&b, AB_ZIP, 1 << 20);
    AB_ITEMS(&b, wheel);
    ab_end(&b);
    struct diag d;
    struct archive_listing *l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_eq(l->n_items, 5);
    cr_assert_str_eq((const char *)archive_listing_find(l, "pkg/__init__.py")->data,
                     "import os\n");
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_DOTDOT), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_ABSOLUTE_PATH), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_SYMLINK), 1);
    cr_assert_str_eq(archive_listing_find(l, "pkg/link")->link_target, "../../x");
    archive_listing_free(l);
    free(b.buf);

    ab_begin(&b, AB_TBZ2, 1 << 20);
    ab_file(&b, "x-1.0/setup.py", "print(1)\n");
    ab_end(&b);
    l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_eq(l->n_items, 1);
    cr_assert_eq(l->items[0].size, 9);
    cr_assert(l->complete);
    archive_listing_free(l);
    free(b.buf);
}

Test(archive, bomb_of_zeros_is_refused_early)
{
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    ab_file(&b, "ok.txt", "fine");
    ab_zeros(&b, "zeros.bin", 64u << 20);
    ab_file(&b, "after.txt", "never read");
    ab_end(&b);
    cr_assert_lt(b.used, 200000);
    struct diag d;
    struct archive_listing *l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_not(l->complete);
    cr_assert_not(diag_failed(&d));
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_RATIO), 1);
    cr_assert_str_eq(first_problem(l, ARCHIVE_PROBLEM_RATIO)->path, "zeros.bin");
    cr_assert_null(archive_listing_find(l, "zeros.bin")->data);
    cr_assert_null(archive_listing_find(l, "after.txt"));
    /* Stopped within a chunk or two of the point where the ratio passed. */
    cr_assert_lt(l->total_size, (uint64_t)b.used * 100 + (1u << 20) + (256u << 10));
    cr_assert_str_eq((const char *)archive_listing_find(l, "ok.txt")->data, "fine");
    archive_listing_free(l);
    free(b.buf);
}

Test(archive, file_and_total_caps)
{
    struct ab b;
    ab_begin(&b, AB_TAR, 4 << 20);
    ab_zeros(&b, "big", 300000);
    ab_file(&b, "small", "kept");
    ab_zeros(&b, "big2", 300000);
    ab_zeros(&b, "big3", 300000);
    ab_end(&b);
    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_file_size = 100000;
    caps.max_total_size = 700000;
    struct diag d;
    struct archive_listing *l = open_built(&b, &caps, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_not(l->complete);
    cr_assert_null(archive_listing_find(l, "big")->data);
    cr_assert_eq(archive_listing_find(l, "big")->size, 300000);
    cr_assert_str_eq((const char *)archive_listing_find(l, "small")->data, "kept");
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_FILE_TOO_LARGE), 3);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_TOTAL_TOO_LARGE), 1);
    cr_assert_str_eq(first_problem(l, ARCHIVE_PROBLEM_TOTAL_TOO_LARGE)->path, "big3");
    archive_listing_free(l);
    free(b.buf);
}

Test(archive, entry_count_cap_default_and_custom)
{
    struct ab b;
    ab_begin(&b, AB_TGZ, 4 << 20);
    char path[32];
    for (unsigned i = 0; i < ARCHIVE_DEFAULT_MAX_ENTRIES + 5; i++) {
        snprintf(path, sizeof(path), "f%u", i);
        ab_entry(&b, path, AE_IFREG, NULL, 0, NULL, NULL);
    }
    ab_end(&b);
    struct diag d;
    struct archive_listing *l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_eq(l->n_items, ARCHIVE_DEFAULT_MAX_ENTRIES);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_TOO_MANY_ENTRIES), 1);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_DUPLICATE), 0);
    cr_assert_not(l->complete);
    archive_listing_free(l);

    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_entries = 10;
    l = open_built(&b, &caps, &d);
    cr_assert_eq(l->n_items, 10);
    cr_assert_str_eq(first_problem(l, ARCHIVE_PROBLEM_TOO_MANY_ENTRIES)->path, "f10");
    archive_listing_free(l);
    free(b.buf);
}

Test(archive, truncated_and_garbage_input)
{
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    for (int i = 0; i < 40; i++) {
        char path[32], text[64];
        snprintf(path, sizeof(path), "dir/file%d.js", i);
        snprintf(text, sizeof(text), "module.exports = %d * Math.random();\n", i * 7919);
        ab_file(&b, path, text);
    }
    ab_end(&b);
    struct diag d;
    diag_clear(&d);
    struct archive_listing *l = archive_listing_open(b.buf, b.used / 2, "cut.tgz", NULL, &d);
    cr_assert_not_null(l);
    cr_assert_not(l->complete);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_CORRUPT), 1);
    cr_assert(diag_failed(&d));
    cr_assert_str_eq(d.where, "cut.tgz");
    cr_assert_not_null(strstr(d.msg, "entry"), "%s", d.msg);
    archive_listing_free(l);

    /* A flipped byte in the deflate stream. */
    b.buf[b.used / 2] ^= 0x55;
    diag_clear(&d);
    l = archive_listing_open(b.buf, b.used, "flip.tgz", NULL, &d);
    if (l) {
        cr_assert(archive_listing_count(l, ARCHIVE_PROBLEM_CORRUPT) == 1 || l->complete);
        archive_listing_free(l);
    }
    free(b.buf);

    static const char junk[] = "this is not an archive at all, just some text\n";
    diag_clear(&d);
    cr_assert_null(archive_listing_open(junk, sizeof(junk) - 1, "junk", NULL, &d));
    cr_assert_eq(d.code, DIAG_UNSUPPORTED);
    diag_clear(&d);
    cr_assert_null(archive_listing_open(junk, 0, "empty", NULL, &d));
    cr_assert(diag_failed(&d));
}

Test(archive, names_are_stable)
{
    cr_assert_str_eq(archive_kind_name(ARCHIVE_KIND_SYMLINK), "symlink");
    cr_assert_str_eq(archive_problem_name(ARCHIVE_PROBLEM_DOTDOT), "dotdot");
    cr_assert_str_eq(archive_problem_name(ARCHIVE_PROBLEM_COUNT), "?");
    for (int k = 0; k < ARCHIVE_PROBLEM_COUNT; k++)
        cr_assert_neq(archive_problem_name((enum archive_problem_kind)k)[0], '?');
}

Test(archive, corpus_npm_tarballs_open_cleanly)
{
    char buf[512];
    const char *dir = test_corpus("tarballs/npm", buf, sizeof(buf));
    if (!dir)
        cr_skip("corpus tarballs not present");
    DIR *dh = opendir(dir);
    cr_assert_not_null(dh);
    int seen = 0;
    for (struct dirent *de; (de = readdir(dh));) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 4, ".tgz") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        struct diag d;
        diag_clear(&d);
        size_t len;
        char *data = file_read(path, 1 << 24, &len, &d);
        cr_assert_not_null(data, "%s", d.msg);
        struct archive_listing *l = archive_listing_open(data, len, de->d_name, NULL, &d);
        cr_assert_not_null(l, "%s: %s", de->d_name, d.msg);
        cr_assert(l->complete, "%s", de->d_name);
        cr_assert_eq(l->n_problems, 0, "%s: %s", de->d_name,
                     l->n_problems ? l->problems[0].message : "");
        const struct archive_item *pj = archive_listing_find(l, "package/package.json");
        cr_assert_not_null(pj, "%s", de->d_name);
        cr_assert_not_null(pj->data);
        for (size_t i = 0; i < l->n_items; i++)
            cr_assert_eq(l->items[i].kind, ARCHIVE_KIND_FILE);
        bool es5 = strncmp(de->d_name, "es5-ext-", 8) == 0;
        if (es5)
            cr_assert_gt(l->n_items, 800);
        if (strcmp(de->d_name, "es5-ext-0.10.54.tgz") == 0)
            cr_assert_not_null(archive_listing_find(l, "package/_postinstall.js"));
        archive_listing_free(l);
        free(data);
        seen++;
    }
    closedir(dh);
    cr_assert_eq(seen, 6);
}

Test(archive, encrypted_zip_entries_are_not_read)
{
    struct ab b;
    b.w = archive_write_new();
    b.cap = 1 << 20;
    b.used = 0;
    b.buf = malloc(b.cap);
    archive_write_set_format_zip(b.w);
    if (archive_write_set_options(b.w, "zip:encryption=zipcrypt") != ARCHIVE_OK ||
        archive_write_set_passphrase(b.w, "secret") != ARCHIVE_OK) {
        archive_write_free(b.w);
        free(b.buf);
        cr_skip("this libarchive cannot write encrypted zip");
    }
    cr_assert_eq(archive_write_open_memory(b.w, b.buf, b.cap, &b.used), ARCHIVE_OK);
    ab_file(&b, "hidden.py", "import os; os.system('x')\n");
    ab_end(&b);
    struct diag d;
    struct archive_listing *l = open_built(&b, NULL, &d);
    cr_assert_not_null(l, "%s", d.msg);
    cr_assert_eq(archive_listing_count(l, ARCHIVE_PROBLEM_ENCRYPTED), 1);
    cr_assert_null(archive_listing_find(l, "hidden.py")->data);
    archive_listing_free(l);
    free(b.buf);
}

/* Entries, kept bytes and problems of one listing equal another's. */
static void same_listing(const struct archive_listing *a, const struct archive_listing *b)
{
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert_eq(a->n_items, b->n_items);
    cr_assert_eq(a->n_problems, b->n_problems);
    cr_assert_eq(a->complete, b->complete);
    cr_assert_eq(a->total_size, b->total_size);
    for (size_t i = 0; i < a->n_items; i++) {
        cr_assert_str_eq(a->items[i].path, b->items[i].path);
        cr_assert_eq(a->items[i].size, b->items[i].size);
        cr_assert_eq(!a->items[i].data, !b->items[i].data, "%s", a->items[i].path);
        if (a->items[i].data)
            cr_assert_eq(memcmp(a->items[i].data, b->items[i].data, a->items[i].size), 0);
    }
    for (size_t i = 0; i < a->n_problems; i++) {
        cr_assert_eq(a->problems[i].kind, b->problems[i].kind);
        cr_assert_str_eq(a->problems[i].message, b->problems[i].message);
    }
}

/* The gzip layer inflated in one call reads as libarchive's stream does:
 * hostile entries, a bomb, a cut stream, two members, a trailer that lies. */
static void inflated_as_streamed(const void *buf, size_t len, const struct archive_caps *caps)
{
    struct diag d1, d2;
    diag_clear(&d1);
    diag_clear(&d2);
    struct archive_listing *a = archive_listing_open(buf, len, "t.tgz", caps, &d1);
    struct archive_listing *b = archive_listing_open_inflated(buf, len, "t.tgz", caps, &d2);
    same_listing(a, b);
    cr_assert_eq(diag_failed(&d1), diag_failed(&d2));
    archive_listing_free(a);
    archive_listing_free(b);
}

Test(archive, inflated_in_one_call_reads_the_same)
{
    static const struct ab_item odd[] = {
        {"a/real.txt", 0, "hello", NULL, NULL},
        {"a/sym", AE_IFLNK, NULL, "/etc/passwd", NULL},
        {"a/hard", 0, NULL, NULL, "a/real.txt"},
        {"a/fifo", AE_IFIFO, NULL, NULL, NULL},
        {"/abs/evil", 0, "x", NULL, NULL},
        {"a/../../evil", 0, "x", NULL, NULL},
        {"./a/real.txt", 0, "again", NULL, NULL},
    };
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    AB_ITEMS(&b, odd);
    ab_end(&b);
    inflated_as_streamed(b.buf, b.used, NULL);
    inflated_as_streamed(b.buf, b.used / 2, NULL);   /* cut */
    unsigned char *two = malloc(b.used * 2);
    memcpy(two, b.buf, b.used);
    memcpy(two + b.used, b.buf, b.used);
    inflated_as_streamed(two, b.used * 2, NULL);   /* two gzip members */
    memcpy(two, b.buf, b.used);
    two[b.used - 1] ^= 0x01;   /* the trailer's size lies */
    inflated_as_streamed(two, b.used, NULL);
    two[b.used - 1] ^= 0x01;
    two[b.used - 6] ^= 0x40;   /* and now its CRC */
    inflated_as_streamed(two, b.used, NULL);
    free(two);
    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_file_size = 3;
    inflated_as_streamed(b.buf, b.used, &caps);
    free(b.buf);
    ab_begin(&b, AB_TGZ, 1 << 20);
    ab_file(&b, "ok.txt", "fine");
    ab_zeros(&b, "zeros.bin", 64u << 20);
    ab_end(&b);
    inflated_as_streamed(b.buf, b.used, NULL);   /* past the ratio cap */
    free(b.buf);
}

static bool let_go_of_js(void *priv, const struct archive_item *it)
{
    size_t *seen = priv;
    cr_assert_not_null(it->data);
    cr_assert_eq(it->data[it->size], '\0');
    (*seen)++;
    size_t n = strlen(it->path);
    return !(n > 3 && strcmp(it->path + n - 3, ".js") == 0);
}

Test(archive, a_visitor_sees_each_file_and_may_let_it_go)
{
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    ab_file(&b, "p/a.js", "a");
    ab_file(&b, "p/b.txt", "b");
    ab_file(&b, "p/c.js", "c");
    ab_end(&b);
    struct diag d;
    diag_clear(&d);
    size_t seen = 0;
    struct archive_listing *l =
        archive_listing_visit(b.buf, b.used, "v.tgz", NULL, let_go_of_js, &seen, &d);
    cr_assert_not_null(l);
    cr_assert_eq(seen, 3);
    cr_assert_eq(l->n_items, 3);
    cr_assert_null(l->items[0].data);
    cr_assert(l->items[0].released);
    cr_assert_eq(l->items[0].size, 1);
    cr_assert_str_eq((const char *)l->items[1].data, "b");
    cr_assert_not(l->items[1].released);
    cr_assert(l->items[2].released);
    archive_listing_free(l);
    free(b.buf);
}
