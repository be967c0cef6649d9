/* The content-addressed archive store: layout, verification on read, refs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/store/blobstore.h"

static char dir[256];

static struct blobstore *open_tmp(void)
{
    snprintf(dir, sizeof(dir), "/tmp/depvet-blob-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    struct diag d;
    diag_clear(&d);
    struct blobstore *b = blobstore_open(dir, &d);
    cr_assert_not_null(b, "%s", d.msg);
    return b;
}

static void cleanup(struct blobstore *b)
{
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    blobstore_free(b);
}

Test(blobstore, put_get_layout_and_tamper)
{
    struct blobstore *b = open_tmp();
    struct diag d;
    diag_clear(&d);
    unsigned char dg[32], want[32];
    cr_assert(blobstore_put(b, "hello", 5, dg, &d), "%s", d.msg);
    hash_buffer(HASH_SHA256, "hello", 5, want);
    cr_assert_eq(memcmp(dg, want, 32), 0);
    char path[4096], expect[4096];
    cr_assert(blobstore_path(b, dg, path, sizeof(path)));
    snprintf(expect, sizeof(expect),
             "%s/archives/sha256/2c/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", dir);
    cr_assert_str_eq(path, expect);
    cr_assert(blobstore_has(b, dg));
    cr_assert(blobstore_put(b, "hello", 5, NULL, &d), "storing twice is fine");
    size_t len = 0;
    char *got = blobstore_get(b, dg, &len, &d);
    cr_assert_not_null(got);
    cr_assert_eq(len, 5);
    cr_assert_eq(memcmp(got, "hello", 5), 0);
    free(got);

    /* A file that no longer hashes to its name is refused and removed. */
    cr_assert(file_write_atomic(path, "hellO", 5, &d));
    cr_assert_null(blobstore_get(b, dg, &len, &d));
    cr_assert(diag_failed(&d));
    cr_assert(strstr(d.msg, "does not match") != NULL);
    cr_assert_not(file_exists(path));
    diag_clear(&d);
    cr_assert_null(blobstore_get(b, dg, &len, &d), "absent");
    cr_assert_not(diag_failed(&d), "absence is no error");
    cleanup(b);
}

Test(blobstore, refs_encode_names_and_survive_junk)
{
    struct blobstore *b = open_tmp();
    struct diag d;
    diag_clear(&d);
    unsigned char dg[32], got[32];
    cr_assert(blobstore_put(b, "x", 1, dg, &d));
    cr_assert(blobstore_ref_set(b, ECO_NPM, "@scope/../pkg", "1.0.0", "pkg-1.0.0.tgz", dg, &d), "%s", d.msg);
    cr_assert(blobstore_ref_get(b, ECO_NPM, "@scope/../pkg", "1.0.0", "pkg-1.0.0.tgz", got));
    cr_assert_eq(memcmp(got, dg, 32), 0);
    cr_assert_not(blobstore_ref_get(b, ECO_NPM, "@scope/../pkg", "1.0.0", "other.tgz", got),
                  "another file of the same version is another ref");
    cr_assert_not(blobstore_ref_get(b, ECO_NPM, "@scope/../pkg", "1.0.1", "pkg-1.0.0.tgz", got));
    cr_assert_not(blobstore_ref_get(b, ECO_HEX, "@scope/../pkg", "1.0.0", "pkg-1.0.0.tgz", got));
    char p[4096];
    snprintf(p, sizeof(p), "%s/archives/refs/npm/%%40scope%%2F..%%2Fpkg/1.0.0/pkg-1.0.0.tgz", dir);
    cr_assert(file_exists(p), "names are escaped into one folder: %s", p);
    cr_assert(file_write_atomic(p, "zz", 2, &d));
    cr_assert_not(blobstore_ref_get(b, ECO_NPM, "@scope/../pkg", "1.0.0", "pkg-1.0.0.tgz", got));
    cr_assert(blobstore_ref_set(b, ECO_PYPI, "", ".", NULL, dg, &d), "empty and dot names still map");
    cr_assert(blobstore_ref_get(b, ECO_PYPI, "", ".", NULL, got));
    snprintf(p, sizeof(p), "%s/archives/refs/PyPI/%%/%%2E/%%", dir);
    cr_assert(file_exists(p), "%s", p);
    cleanup(b);
}
