/* `depvet diff --archives` output, text and JSON, byte for byte against
 * golden files in tests/fixtures/srcdiff/ (written from the libgit2-based
 * diff before linediff.h replaced it, so they prove the output did not
 * change).  DEPVET_GOLDEN_UPDATE=1 rewrites them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/srcdiff.h"
#include "depvet/cli/diff_print.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "helpers.h"
#include "pkg_build.h"

/* Code-like text: functions of a few lines, blank lines and closing
 * braces repeated, so the diff meets ties a line-matching diff must break
 * the same way every time. */
static char *gen_code(unsigned seed, unsigned n_funcs, unsigned edit_every)
{
    struct strbuf sb = STRBUF_INIT;
    unsigned x = seed;
    for (unsigned i = 0; i < n_funcs; i++) {
        x = x * 1103515245u + 12345u;
        unsigned r = (x >> 16) & 0x7fff;
        bool edit = edit_every && r % edit_every == 0;
        strbuf_printf(&sb, "function f%u(a, b) {\n", i);
        strbuf_printf(&sb, "    var t = a + %u;\n", edit && r % 3 == 0 ? i * 7 : i);
        if (!(edit && r % 3 == 1))
            strbuf_puts(&sb, "    if (t > b) {\n        return b;\n    }\n");
        if (edit && r % 3 == 2)
            strbuf_printf(&sb, "    t = t * %u;\n    }\n\n", r % 11);
        strbuf_puts(&sb, "    return t;\n}\n\n");
    }
    return sb.buf;
}

static struct ab_item old_items[] = {
    {"package/package.json", 0, "{\"name\":\"g\",\"version\":\"1.0.0\",\"license\":\"MIT\"}", NULL, NULL},
    {"package/lib/code.js", 0, NULL, NULL, NULL},
    {"package/lib/braces.js", 0, "a\n}\n}\n}\nb\n}\n}\nc\n", NULL, NULL},
    {"package/noeol.txt", 0, "one\ntwo\nthree", NULL, NULL},
    {"package/eol-gone.txt", 0, "x\ny\n", NULL, NULL},
    {"package/crlf.txt", 0, "a\r\nb\r\nc\r\n", NULL, NULL},
    {"package/removed.md", 0, "# gone\n\ntext\n", NULL, NULL},
    {"package/empty-gone", 0, "", NULL, NULL},
    {"package/moved.js", 0, "module.exports = 1;\n", NULL, NULL},
    {"package/odd name \"q\" \xc3\xa9.txt", 0, "1\n2\n", NULL, NULL},
    {"package/tab\tname.txt", 0, "t\n", NULL, NULL},
    {"package/link", AE_IFLNK, NULL, "lib/code.js", NULL},
    {"package/long.c", 0,
     "static int a_function_whose_name_and_arguments_run_past_eighty_columns_of_text(int x, int y)   \n"
     "{\n    int a = 1;\n    int b = 2;\n    int c = 3;\n    int d = 4;\n    return a;\n}\n",
     NULL, NULL},
    {"package/many.txt", 0, NULL, NULL, NULL},
};

static struct ab_item new_items[] = {
    {"package/package.json", 0,
     "{\"name\":\"g\",\"version\":\"1.1.0\",\"license\":\"MIT\",\"scripts\":{\"postinstall\":\"node x.js\"}}",
     NULL, NULL},
    {"package/lib/code.js", 0, NULL, NULL, NULL},
    {"package/lib/braces.js", 0, "a\n}\n}\n}\n}\nb\n}\nc\n}\n", NULL, NULL},
    {"package/noeol.txt", 0, "one\nTWO\nthree\nfour", NULL, NULL},
    {"package/eol-gone.txt", 0, "x\ny", NULL, NULL},
    {"package/crlf.txt", 0, "a\r\nB\r\nc\r\n", NULL, NULL},
    {"package/added.py", 0, "import os\nprint(os.environ)\n", NULL, NULL},
    {"package/empty-new", 0, "", NULL, NULL},
    {"package/lib/moved.js", 0, "module.exports = 1;\n", NULL, NULL},
    {"package/odd name \"q\" \xc3\xa9.txt", 0, "1\n2\n3\n", NULL, NULL},
    {"package/tab\tname.txt", 0, "T\n", NULL, NULL},
    {"package/link", AE_IFLNK, NULL, "lib/other.js", NULL},
    {"package/long.c", 0,
     "static int a_function_whose_name_and_arguments_run_past_eighty_columns_of_text(int x, int y)   \n"
     "{\n    int a = 1;\n    int b = 2;\n    int c = 3;\n    int d = 5;\n    return a;\n}\n",
     NULL, NULL},
    {"package/many.txt", 0, NULL, NULL, NULL},
};

/* Every tenth line changed, a few inserted and deleted: hunks that merge
 * (gaps of up to six lines) and hunks that do not. */
static char *gen_many(bool newer)
{
    struct strbuf sb = STRBUF_INIT;
    for (unsigned i = 0; i < 400; i++) {
        if (newer && i % 37 == 5)
            continue;
        if (newer && i % 10 == 3)
            strbuf_printf(&sb, "line %u changed\n", i);
        else
            strbuf_printf(&sb, "line %u\n", i);
        if (newer && i % 53 == 7)
            strbuf_printf(&sb, "inserted after %u\nline %u\n", i, i - 1);
    }
    return sb.buf;
}

static char *read_golden(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/fixtures/srcdiff/%s", test_srcdir(), name);
    struct diag d;
    diag_clear(&d);
    return file_read(path, 64 << 20, len, &d);
}

static void check_golden(const char *name, const char *got, size_t got_len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/fixtures/srcdiff/%s", test_srcdir(), name);
    if (getenv("DEPVET_GOLDEN_UPDATE")) {
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f, "%s", path);
        fwrite(got, 1, got_len, f);
        fclose(f);
        return;
    }
    size_t len = 0;
    char *want = read_golden(name, &len);
    cr_assert_not_null(want, "golden file %s", path);
    size_t at = 0;
    while (at < len && at < got_len && want[at] == got[at])
        at++;
    cr_assert(at == len && at == got_len,
              "%s differs at byte %zu (want %zu bytes, got %zu):\n--- want\n%.300s\n--- got\n%.300s",
              name, at, len, got_len, want + (at > 120 ? at - 120 : 0), got + (at > 120 ? at - 120 : 0));
    free(want);
}

static struct srcdiff *golden_diff(unsigned context, bool spool)
{
    char *code_old = gen_code(7, 300, 0), *code_new = gen_code(7, 300, 5);
    char *many_old = gen_many(false), *many_new = gen_many(true);
    size_t n = sizeof(old_items) / sizeof(old_items[0]);
    old_items[1].text = code_old;
    new_items[1].text = code_new;
    old_items[n - 1].text = many_old;
    new_items[n - 1].text = many_new;
    struct pkg_buf a = PKG_PLAIN(AB_TGZ, old_items), b = PKG_PLAIN(AB_TGZ, new_items);
    struct diag d;
    diag_clear(&d);
    struct srcdiff_options o = {.patches = true, .context = context, .spool = spool};
    struct srcdiff *s = srcdiff_new(a.buf, a.len, "old.tgz", b.buf, b.len, "new.tgz", &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    free(a.buf);
    free(b.buf);
    free(code_old);
    free(code_new);
    free(many_old);
    free(many_new);
    return s;
}

/* The same bytes whether the patches are kept in memory or spooled. */
static void golden_pair(const char *stem, unsigned context, bool spool)
{
    struct srcdiff *s = golden_diff(context, spool);
    struct diff_heading h = {.from = "old.tgz", .to = "new.tgz"};
    char *buf = NULL, name[64];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diff_print_text(f, s, &h, DIFF_VIEW_FULL, false);
    fclose(f);
    snprintf(name, sizeof(name), "%s.txt", stem);
    check_golden(name, buf, len);
    free(buf);
    f = open_memstream(&buf, &len);
    diff_print_json(f, s, &h, DIFF_VIEW_FULL);
    fclose(f);
    snprintf(name, sizeof(name), "%s.json", stem);
    check_golden(name, buf, len);
    free(buf);
    srcdiff_free(s);
}

Test(srcdiff_golden, text_and_json_as_before)
{
    golden_pair("npm", 0, false);
    golden_pair("npm", 0, true);
}

Test(srcdiff_golden, one_line_of_context)
{
    golden_pair("npm-u1", 1, true);
}

Test(srcdiff_golden, whole_files_as_context)
{
    golden_pair("npm-u10000", 10000, false);
    golden_pair("npm-u10000", 10000, true);
}

/* The text a diff prints, from two archives built from the tables. */
static char *printed(struct pkg_buf a, struct pkg_buf b, const struct archive_caps *caps,
                     size_t *len)
{
    struct diag d;
    diag_clear(&d);
    struct srcdiff_options o = {.patches = true, .spool = true, .caps = caps};
    struct srcdiff *s = srcdiff_new(a.buf, a.len, "old", b.buf, b.len, "new", &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    struct diff_heading h = {.from = "old", .to = "new"};
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    diff_print_text(f, s, &h, DIFF_VIEW_FULL, false);
    diff_print_json(f, s, &h, DIFF_VIEW_FULL);
    fclose(f);
    srcdiff_free(s);
    free(a.buf);
    free(b.buf);
    return buf;
}

/* A .tgz pair is streamed (the newer read file by file), a zip pair read
 * whole: the same files must print the same. */
static void streamed_as_whole(const struct ab_item *o, size_t on, const struct ab_item *n,
                              size_t nn, const struct archive_caps *caps)
{
    size_t l1, l2;
    char *streamed = printed(pkg_plain(AB_TGZ, o, on), pkg_plain(AB_TGZ, n, nn), caps, &l1);
    char *whole = printed(pkg_plain(AB_ZIP, o, on), pkg_plain(AB_ZIP, n, nn), caps, &l2);
    cr_assert(l1 == l2 && memcmp(streamed, whole, l1) == 0, "streamed:\n%s\nwhole:\n%s",
              streamed, whole);
    free(streamed);
    free(whole);
}

#define STREAMED_AS_WHOLE(o, n, caps) \
    streamed_as_whole((o), sizeof(o) / sizeof((o)[0]), (n), sizeof(n) / sizeof((n)[0]), (caps))

static const struct ab_item top_old[] = {
    {"pkg/a.js", 0, "1\n2\n3\n", NULL, NULL},
    {"pkg/b.js", 0, "same\n", NULL, NULL},
    {"pkg/package.json", 0, "{\"scripts\":{\"install\":\"node a.js\"}}", NULL, NULL},
    {"pkg/big.txt", 0, "0123456789012345678901234567890123456789\n", NULL, NULL},
    {"pkg/lib/x.js", 0, "x\n", NULL, NULL},
    {"pkg/lib/same.js", 0, "s\n", NULL, NULL},
};

/* The first file says "pkg/", a later one is outside it: read again. */
static const struct ab_item top_broken[] = {
    {"pkg/a.js", 0, "1\n2\nthree\n", NULL, NULL},
    {"pkg/b.js", 0, "same\n", NULL, NULL},
    {"other/c.js", 0, "c\n", NULL, NULL},
    {"pkg/package.json", 0, "{\"scripts\":{\"install\":\"node b.js\"}}", NULL, NULL},
};

/* No top folder at all on the newer side. */
static const struct ab_item no_top[] = {
    {"a.js", 0, "1\n2\n3\n4\n", NULL, NULL},
    {"dir/b.js", 0, "same\n", NULL, NULL},
};

/* The same path twice (the first counts), a file over the size cap, a
 * link, a rename. */
static const struct ab_item odd_new[] = {
    {"pkg/a.js", 0, "1\n2\n3\nfour\n", NULL, NULL},
    {"pkg/a.js", 0, "other\n", NULL, NULL},
    {"pkg/moved/b.js", 0, "same\n", NULL, NULL},
    {"pkg/package.json", 0, "{\"scripts\":{\"install\":\"node a.js\"}}", NULL, NULL},
    {"pkg/big.txt", 0, "012345678901234567890123456789012345678901234567890123456789\n", NULL,
     NULL},
    {"pkg/link", AE_IFLNK, NULL, "a.js", NULL},
    {"pkg/lib/x.js", 0, "x\ny\n", NULL, NULL},
    {"pkg/lib/same.js", 0, "s\n", NULL, NULL},
};

Test(srcdiff_golden, streamed_as_read_whole)
{
    STREAMED_AS_WHOLE(top_old, top_old, NULL);
    STREAMED_AS_WHOLE(top_old, top_broken, NULL);
    STREAMED_AS_WHOLE(top_old, no_top, NULL);
    STREAMED_AS_WHOLE(no_top, top_old, NULL);
    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_file_size = 50;
    STREAMED_AS_WHOLE(top_old, odd_new, &caps);
    STREAMED_AS_WHOLE(odd_new, top_old, &caps);
}
