/* Shared helpers for the Criterion unit tests. */
#ifndef DEPVET_TEST_HELPERS_H
#define DEPVET_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* ../shared/corpus/<sub>, or NULL when the corpus is not there (tests that
 * need it then cr_skip). Returned string is static per call site use. */
static inline const char *test_corpus(const char *sub, char *buf, size_t len)
{
    const char *shared = getenv("DEPVET_SHARED");
    if (!shared)
        shared = "../shared";
    snprintf(buf, len, "%s/corpus/%s", shared, sub);
    FILE *f = fopen(buf, "r");
    if (!f)
        return NULL;
    fclose(f);
    return buf;
}

/* The source tree (for fixtures under tests/). */
static inline const char *test_srcdir(void)
{
    const char *s = getenv("DEPVET_SRCDIR");
    return s ? s : ".";
}

/* A fresh folder /tmp/depvet-TAG-XXXXXX in buf (a suite's .init), and
 * removing it with what it holds (its .fini). */
static inline void test_tmpdir_make(char *buf, size_t len, const char *tag)
{
    snprintf(buf, len, "/tmp/depvet-%s-XXXXXX", tag);
    cr_assert_not_null(mkdtemp(buf), "mkdtemp %s", buf);
}

static inline void test_tmpdir_drop(const char *dir)
{
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

#endif
