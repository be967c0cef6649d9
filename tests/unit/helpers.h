/* Shared helpers for the Criterion unit tests. */
#ifndef DEPVET_TEST_HELPERS_H
#define DEPVET_TEST_HELPERS_H

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

#endif
