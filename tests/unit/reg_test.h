/* Helpers for the registry parser tests: corpus and fixture bodies. */
#ifndef DEPVET_TEST_REG_TEST_H
#define DEPVET_TEST_REG_TEST_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/diag.h"
#include "depvet/core/fileio.h"
#include "helpers.h"

/* Body of corpus/registry/<sub> (caller frees), or skips the test. */
static inline char *reg_corpus(const char *sub, size_t *len)
{
    char rel[512], buf[1024];
    snprintf(rel, sizeof(rel), "registry/%s", sub);
    const char *path = test_corpus(rel, buf, sizeof(buf));
    if (!path)
        cr_skip("registry corpus not present (%s)", sub);
    struct diag d;
    diag_clear(&d);
    char *body = file_read(path, FILEIO_DEFAULT_MAX, len, &d);
    cr_assert_not_null(body, "%s: %s", path, d.msg);
    return body;
}

/* Body of tests/fixtures/registry/<name> (caller frees). */
static inline char *reg_fixture(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/registry/%s", test_srcdir(), name);
    struct diag d;
    diag_clear(&d);
    char *body = file_read(path, 1 << 20, len, &d);
    cr_assert_not_null(body, "%s: %s", path, d.msg);
    return body;
}

#define REG_EXPECT_FAIL_AT(d, ptr_) do { \
        cr_expect(diag_failed(&(d))); \
        cr_expect_str_eq((d).pointer, (ptr_), "pointer %s, msg %s", (d).pointer, (d).msg); \
    } while (0)

#endif
