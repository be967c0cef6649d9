/* pkgdiff on two local archives: both are scanned, and the hits new in the
 * later one carry the diff's paths (no "package/" or "pkg-1.1/" folder),
 * so an sdist's unchanged hit is not new because its folder names the
 * version. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/engine/pkgdiff.h"
#include "helpers.h"
#include "pkg_build.h"

#define HOOK "from setuptools import setup\nfrom setuptools.command.install import install\n" \
             "class I(install):\n    pass\nsetup(name='pkg', cmdclass={'install': I})\n"

static const struct ab_item sdist_old[] = {
    {"pkg-1.0/setup.py", 0, HOOK, NULL, NULL},
    {"pkg-1.0/pkg/__init__.py", 0, "x = 1\n", NULL, NULL},
};
static const struct ab_item sdist_new[] = {
    {"pkg-1.1/setup.py", 0, HOOK, NULL, NULL},
    {"pkg-1.1/pkg/__init__.py", 0, "import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n", NULL,
     NULL},
};

static char dir[64];

static const char *put(const char *name, struct pkg_buf b)
{
    static char paths[2][128];
    static int k;
    char *p = paths[k++ % 2];
    snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(p, b.buf, b.len, &d), "%s", d.msg);
    free(b.buf);
    return p;
}

static void setup_dir(void)
{
    test_tmpdir_make(dir, sizeof(dir), "pkgdiff");
}

static void drop_dir(void)
{
    test_tmpdir_drop(dir);
}

TestSuite(pkgdiff, .init = setup_dir, .fini = drop_dir);

Test(pkgdiff, local_archives_are_scanned_with_the_diffs_paths)
{
    const char *a = put("pkg-1.0.tar.gz", PKG_PLAIN(AB_TGZ, sdist_old));
    const char *b = put("pkg-1.1.tar.gz", PKG_PLAIN(AB_TGZ, sdist_new));
    char cache[96];
    snprintf(cache, sizeof(cache), "%s/no-cache", dir);
    struct pkgdiff_request q = {.eco = ECO_UNKNOWN, .cache_dir = cache};
    struct arena *ar = arena_new();
    struct pkgdiff_result res;
    struct diag d;
    diag_clear(&d);
    cr_assert(pkgdiff_files(&q, a, b, ar, &res, &d), "%s", d.msg);
    cr_assert(res.scanned, "scan: %s", res.scan_error);
    cr_expect_str_eq(res.diff->old_top, "pkg-1.0/");
    cr_expect_str_eq(res.diff->new_top, "pkg-1.1/");
    bool decoded = false;
    for (size_t i = 0; i < res.n_new_hits; i++) {
        const struct scan_hit *h = &res.new_hits[i];
        cr_expect_neq(strcmp(h->rule, "py-setup-cmdclass"), 0,
                      "the hook both versions have is not new");
        cr_expect_null(strstr(h->file, "pkg-1.1/"), "%s: the diff's path", h->file);
        decoded |= strcmp(h->file, "pkg/__init__.py") == 0;
    }
    cr_expect(decoded, "the new hit is on pkg/__init__.py");
    srcdiff_free(res.diff);
    arena_free(ar);
}

Test(pkgdiff, a_missing_file_is_an_error)
{
    struct pkgdiff_request q = {.eco = ECO_UNKNOWN};
    struct arena *ar = arena_new();
    struct pkgdiff_result res;
    struct diag d;
    diag_clear(&d);
    cr_expect_not(pkgdiff_files(&q, "/nonexistent/a.tgz", "/nonexistent/b.tgz", ar, &res, &d));
    cr_expect(diag_failed(&d));
    cr_expect_null(res.diff);
    arena_free(ar);
}
