/* Version diffs of archives built in the test: npm tgz, Hex, sdist, wheel. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/analysis/srcdiff.h"
#include "depvet/core/fileio.h"
#include "helpers.h"
#include "pkg_build.h"

static const struct srcdiff_file *find_file(const struct srcdiff *s, const char *path)
{
    for (size_t i = 0; i < s->n_files; i++)
        if (strcmp(s->files[i].path, path) == 0)
            return &s->files[i];
    return NULL;
}

static const struct srcdiff_meta *find_meta(const struct srcdiff *s, const char *kind,
                                            const char *key)
{
    for (size_t i = 0; i < s->n_meta; i++)
        if (strcmp(s->meta[i].kind, kind) == 0 && strcmp(s->meta[i].key, key) == 0)
            return &s->meta[i];
    return NULL;
}

static struct srcdiff *diff_of(struct pkg_buf a, struct pkg_buf b, bool patches)
{
    struct diag d;
    diag_clear(&d);
    struct srcdiff_options o = {.patches = patches};
    struct srcdiff *s = srcdiff_new(a.buf, a.len, "old", b.buf, b.len, "new", &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    free(a.buf);
    free(b.buf);
    return s;
}


static const struct ab_item npm_old[] = {
    {"package/package.json", 0,
     "{\"name\":\"x\",\"version\":\"1.0.0\",\"license\":\"MIT\","
     "\"dependencies\":{\"a\":\"^1.0.0\",\"gone\":\"1\"}}",
     NULL, NULL},
    {"package/index.js", 0, "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n", NULL, NULL},
    {"package/old-name.js", 0, "module.exports = 42;\n", NULL, NULL},
    {"package/removed.txt", 0, "bye\nbye\n", NULL, NULL},
    {"package/blob.bin", 0, "\x7f" "ELF\x02\x01\x01", NULL, NULL},
};

static const struct ab_item npm_new[] = {
    {"package/package.json", 0,
     "{\"name\":\"x\",\"version\":\"1.1.0\",\"license\":{\"type\":\"ISC\"},"
     "\"dependencies\":{\"a\":\"^1.2.0\",\"fresh\":\"2\"},"
     "\"scripts\":{\"postinstall\":\"node steal.js\",\"test\":\"jest\"}}",
     NULL, NULL},
    {"package/index.js", 0, "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n", NULL, NULL},
    {"package/lib/new-name.js", 0, "module.exports = 42;\n", NULL, NULL},
    {"package/added.js", 0, "a\nb\nc", NULL, NULL},
    {"package/blob.bin", 0, "\x7f" "ELF\x02\x01\x02", NULL, NULL},
    {"package/binding.gyp", 0, "{}", NULL, NULL},
};

Test(srcdiff, npm_files_counts_renames_binary)
{
    struct srcdiff *s = diff_of(PKG_PLAIN(AB_TGZ, npm_old), PKG_PLAIN(AB_TGZ, npm_new), true);
    const struct srcdiff_file *f = find_file(s, "index.js");
    cr_assert_not_null(f, "the package/ top folder is left out");
    cr_assert_eq(f->status, SRCDIFF_MODIFIED);
    cr_assert_eq(f->added, 2);
    cr_assert_eq(f->removed, 1);
    cr_assert_not_null(f->patch);
    cr_assert(strstr(f->patch, "-three\n+THREE\n") != NULL, "%s", f->patch);
    cr_assert(strstr(f->patch, "+eleven\n") != NULL);
    cr_assert(strstr(f->patch, "@@ ") != NULL);

    f = find_file(s, "lib/new-name.js");
    cr_assert_not_null(f);
    cr_assert_eq(f->status, SRCDIFF_RENAMED);
    cr_assert_str_eq(f->old_path, "old-name.js");
    cr_assert_eq(f->added + f->removed, 0);
    cr_assert_null(find_file(s, "old-name.js"), "a rename is one row");

    f = find_file(s, "removed.txt");
    cr_assert_eq(f->status, SRCDIFF_REMOVED);
    cr_assert_eq(f->removed, 2);
    f = find_file(s, "added.js");
    cr_assert_eq(f->status, SRCDIFF_ADDED);
    cr_assert_eq(f->added, 3, "a last line without newline counts");
    f = find_file(s, "blob.bin");
    cr_assert_eq(f->status, SRCDIFF_MODIFIED);
    cr_assert(f->binary);
    cr_assert_null(f->patch);
    cr_assert_str_eq(f->kind, "binary");
    cr_assert_eq(s->insertions, 2 + 3 + 1 + 1, "index.js, added.js, package.json, binding.gyp: %zu", s->insertions);

    const struct srcdiff_meta *m = find_meta(s, "dependency", "fresh");
    cr_assert_not_null(m);
    cr_assert_null(m->old_value);
    cr_assert_str_eq(m->new_value, "2");
    m = find_meta(s, "dependency", "gone");
    cr_assert_null(m->new_value);
    m = find_meta(s, "dependency", "a");
    cr_assert_str_eq(m->old_value, "^1.0.0");
    cr_assert_str_eq(m->new_value, "^1.2.0");
    m = find_meta(s, "install-script", "postinstall");
    cr_assert_str_eq(m->new_value, "node steal.js");
    cr_assert_not_null(find_meta(s, "install-script", "binding.gyp"));
    cr_assert_null(find_meta(s, "install-script", "test"), "test is not an install phase");
    m = find_meta(s, "license", "license");
    cr_assert_str_eq(m->old_value, "MIT");
    cr_assert_str_eq(m->new_value, "ISC");
    srcdiff_free(s);
}

Test(srcdiff, identical_archives_and_counts_without_patches)
{
    struct srcdiff *s = diff_of(PKG_PLAIN(AB_TGZ, npm_old), PKG_PLAIN(AB_ZIP, npm_old), false);
    cr_assert_eq(s->n_files, 0, "a tgz and a zip of the same files do not differ");
    cr_assert_eq(s->n_unchanged, 5);
    cr_assert_eq(s->n_meta, 0);
    srcdiff_free(s);
    s = diff_of(PKG_PLAIN(AB_TGZ, npm_old), PKG_PLAIN(AB_TGZ, npm_new), false);
    const struct srcdiff_file *f = find_file(s, "index.js");
    cr_assert_eq(f->added, 2);
    cr_assert_eq(f->removed, 1);
    cr_assert_null(f->patch, "no patch when not asked");
    cr_assert_eq(find_file(s, "removed.txt")->removed, 2);
    srcdiff_free(s);
}

static const char hex_meta_old[] =
    "{<<\"name\">>,<<\"demo\">>}.\n{<<\"version\">>,<<\"1.0.0\">>}.\n"
    "{<<\"licenses\">>,[<<\"MIT\">>]}.\n{<<\"build_tools\">>,[<<\"mix\">>]}.\n"
    "{<<\"requirements\">>,[{<<\"jason\">>,[{<<\"optional\">>,false},"
    "{<<\"requirement\">>,<<\"~> 1.0\">>}]}]}.\n";
static const char hex_meta_new[] =
    "{<<\"name\">>,<<\"demo\">>}.\n{<<\"version\">>,<<\"1.1.0\">>}.\n"
    "{<<\"licenses\">>,[<<\"MIT\">>]}.\n{<<\"build_tools\">>,[<<\"mix\">>,<<\"make\">>]}.\n"
    "{<<\"requirements\">>,[{<<\"jason\">>,[{<<\"optional\">>,false},"
    "{<<\"requirement\">>,<<\"~> 1.4\">>}]},{<<\"req\">>,[{<<\"optional\">>,true},"
    "{<<\"requirement\">>,<<\">= 0.1.0\">>}]}]}.\n";

static const struct ab_item hex_old[] = {
    {"lib/demo.ex", 0, "defmodule Demo do\n  def hi, do: :hi\nend\n", NULL, NULL},
    {"mix.exs", 0, "defmodule Demo.MixProject do\nend\n", NULL, NULL},
};
static const struct ab_item hex_new[] = {
    {"lib/demo.ex", 0, "defmodule Demo do\n  System.cmd(\"curl\", [])\n  def hi, do: :hi\nend\n", NULL, NULL},
    {"mix.exs", 0, "defmodule Demo.MixProject do\nend\n", NULL, NULL},
    {"priv/nif.so", 0, "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0", NULL, NULL},
};

Test(srcdiff, hex_compares_contents_and_metadata)
{
    struct srcdiff *s = diff_of(PKG_HEX(hex_meta_old, hex_old), PKG_HEX(hex_meta_new, hex_new), true);
    cr_assert(s->hex);
    cr_assert_eq(s->n_unchanged, 1, "mix.exs");
    const struct srcdiff_file *f = find_file(s, "lib/demo.ex");
    cr_assert_eq(f->added, 1);
    cr_assert_eq(f->removed, 0);
    f = find_file(s, "priv/nif.so");
    cr_assert_eq(f->status, SRCDIFF_ADDED);
    cr_assert(f->binary);
    cr_assert_null(find_file(s, "metadata.config"), "the outer tar is not listed");
    const struct srcdiff_meta *m = find_meta(s, "dependency", "jason");
    cr_assert_str_eq(m->old_value, "~> 1.0");
    cr_assert_str_eq(m->new_value, "~> 1.4");
    m = find_meta(s, "dependency", "req");
    cr_assert_str_eq(m->new_value, ">= 0.1.0 (optional)");
    cr_assert_not_null(find_meta(s, "build-tool", "make"));
    cr_assert_null(find_meta(s, "build-tool", "mix"));
    cr_assert_null(find_meta(s, "license", "license"));
    srcdiff_free(s);
}

static const struct ab_item sdist_old[] = {
    {"pkg-1.0/PKG-INFO", 0, "Metadata-Version: 2.1\nName: pkg\nLicense: MIT\n"
                            "Requires-Dist: requests>=2\n\nRequires-Dist: body-is-not-header\n", NULL, NULL},
    {"pkg-1.0/pkg/__init__.py", 0, "x = 1\n", NULL, NULL},
};
static const struct ab_item sdist_new[] = {
    {"pkg-1.1/PKG-INFO", 0, "Metadata-Version: 2.1\nName: pkg\nLicense: MIT\n"
                            "Requires-Dist: requests>=2.31\nRequires-Dist: evil; python_version>'3'\n", NULL, NULL},
    {"pkg-1.1/pkg/__init__.py", 0, "x = 1\n", NULL, NULL},
    {"pkg-1.1/setup.py", 0, "import os\nos.system('id')\n", NULL, NULL},
    {"pkg-1.1/pyproject.toml", 0, "[build-system]\n  build-backend = \"setuptools.build_meta\"\n", NULL, NULL},
};

Test(srcdiff, sdist_top_folder_and_python_metadata)
{
    struct srcdiff *s = diff_of(PKG_PLAIN(AB_TGZ, sdist_old), PKG_PLAIN(AB_TGZ, sdist_new), false);
    cr_assert_eq(s->n_unchanged, 1, "pkg/__init__.py pairs across pkg-1.0/ and pkg-1.1/");
    cr_assert_eq(find_file(s, "setup.py")->status, SRCDIFF_ADDED);
    const struct srcdiff_meta *m = find_meta(s, "dependency", "requests");
    cr_assert_str_eq(m->old_value, ">=2");
    cr_assert_str_eq(m->new_value, ">=2.31");
    m = find_meta(s, "dependency", "evil");
    cr_assert_str_eq(m->new_value, "; python_version>'3'");
    cr_assert_null(find_meta(s, "dependency", "body-is-not-header"));
    cr_assert_not_null(find_meta(s, "install-script", "setup.py"));
    cr_assert_not_null(find_meta(s, "build-tool", "setuptools.build_meta"));
    srcdiff_free(s);
}

static const struct ab_item wheel_old[] = {
    {"pkg/__init__.py", 0, "x = 1\n", NULL, NULL},
    {"pkg-1.0.dist-info/METADATA", 0, "Name: pkg\nRequires-Dist: six\n", NULL, NULL},
    {"pkg-1.0.dist-info/RECORD", 0, "pkg/__init__.py,,\n", NULL, NULL},
};
static const struct ab_item wheel_new[] = {
    {"pkg/__init__.py", 0, "x = 2\n", NULL, NULL},
    {"pkg-1.1.dist-info/METADATA", 0, "Name: pkg\nRequires-Dist: six\n", NULL, NULL},
    {"pkg-1.1.dist-info/RECORD", 0, "pkg/__init__.py,,\nzz.pth,,\n", NULL, NULL},
    {"zz.pth", 0, "import os; os.system('id')\n", NULL, NULL},
};

Test(srcdiff, wheel_dist_info_pairs_across_versions)
{
    struct srcdiff *s = diff_of(PKG_PLAIN(AB_ZIP, wheel_old), PKG_PLAIN(AB_ZIP, wheel_new), true);
    const struct srcdiff_file *f = find_file(s, "pkg-1.1.dist-info/RECORD");
    cr_assert_not_null(f);
    cr_assert_eq(f->status, SRCDIFF_MODIFIED);
    cr_assert_str_eq(f->old_path, "pkg-1.0.dist-info/RECORD");
    cr_assert_eq(f->added, 1);
    cr_assert_eq(s->n_unchanged, 1, "METADATA");
    cr_assert_not_null(find_meta(s, "install-script", "zz.pth"));
    cr_assert_null(find_meta(s, "dependency", "six"));
    srcdiff_free(s);
}

Test(srcdiff, refuses_what_is_not_an_archive)
{
    struct diag d;
    diag_clear(&d);
    struct pkg_buf a = PKG_PLAIN(AB_TGZ, npm_old);
    cr_assert_null(srcdiff_new(a.buf, a.len, "a", "nope", 4, "junk", NULL, &d));
    cr_assert(diag_failed(&d));
    diag_clear(&d);
    struct srcdiff_options o = {.eco = ECO_HEX};
    cr_assert_null(srcdiff_new(a.buf, a.len, "a", a.buf, a.len, "a", &o, &d),
                   "an npm tarball is no Hex tarball");
    cr_assert(diag_failed(&d));
    /* A truncated archive is compared as far as it was read. */
    diag_clear(&d);
    struct srcdiff *s = srcdiff_new(a.buf, a.len, "a", a.buf, a.len / 2, "half", NULL, &d);
    if (s) {
        cr_assert_gt(s->new_problems, 0);
        srcdiff_free(s);
    }
    free(a.buf);
}

Test(srcdiff, files_over_a_cap_are_not_compared)
{
    static const struct ab_item small[] = {
        {"big.txt", 0, "0123456789abcdef0123456789\n", NULL, NULL},
        {"ok.txt", 0, "a\n", NULL, NULL},
    };
    static const struct ab_item small2[] = {
        {"big.txt", 0, "0123456789abcdef0123456789!\n", NULL, NULL},
        {"ok.txt", 0, "b\n", NULL, NULL},
    };
    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_file_size = 16;
    struct pkg_buf a = PKG_PLAIN(AB_TAR, small), b = PKG_PLAIN(AB_TAR, small2);
    struct diag d;
    diag_clear(&d);
    struct srcdiff_options o = {.patches = true, .caps = &caps};
    struct srcdiff *s = srcdiff_new(a.buf, a.len, "a", b.buf, b.len, "b", &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    const struct srcdiff_file *f = find_file(s, "big.txt");
    cr_assert_not_null(f, "an unreadable file is listed, not taken as unchanged");
    cr_assert(f->uncompared);
    cr_assert_null(f->patch);
    cr_assert_gt(s->old_problems, 0);
    cr_assert_eq(find_file(s, "ok.txt")->added, 1);
    srcdiff_free(s);
    free(a.buf);
    free(b.buf);
}

/* Real npm tarballs (../shared/corpus/tarballs/npm): es5-ext 0.10.54 is the
 * release that added a postinstall script. */
Test(srcdiff, corpus_es5_ext_gains_a_postinstall)
{
    char buf[1024], a_path[1100], b_path[1100];
    const char *dir = test_corpus("tarballs/npm/es5-ext-0.10.53.tgz", buf, sizeof(buf));
    if (!dir)
        cr_skip("corpus not present");
    snprintf(a_path, sizeof(a_path), "%s", dir);
    snprintf(b_path, sizeof(b_path), "%.*s/es5-ext-0.10.54.tgz", (int)(strrchr(dir, '/') - dir), dir);
    struct diag d;
    diag_clear(&d);
    size_t al = 0, bl = 0;
    char *a = file_read(a_path, 64u << 20, &al, &d);
    char *b = file_read(b_path, 64u << 20, &bl, &d);
    cr_assert(a && b, "%s", d.msg);
    struct srcdiff_options o = {.eco = ECO_NPM};
    struct srcdiff *s = srcdiff_new(a, al, "0.10.53", b, bl, "0.10.54", &o, &d);
    cr_assert_not_null(s, "%s", d.msg);
    const struct srcdiff_meta *m = find_meta(s, "install-script", "postinstall");
    cr_assert_not_null(m);
    cr_assert_null(m->old_value);
    cr_assert_str_eq(m->new_value, "node ./_postinstall.js");
    const struct srcdiff_file *f = find_file(s, "_postinstall.js");
    cr_assert_not_null(f);
    cr_assert_eq(f->status, SRCDIFF_ADDED);
    cr_assert_gt(s->n_unchanged, 700);
    srcdiff_free(s);
    free(a);
    free(b);
}
