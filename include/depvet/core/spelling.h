/* Tables of spellings (operators, labels) with the code each stands for,
 * matched in table order, so a table lists its longer spellings first:
 * the lexers of requirement, marker and version strings share them. */
#ifndef DEPVET_CORE_SPELLING_H
#define DEPVET_CORE_SPELLING_H

#include <stdbool.h>
#include <stddef.h>

struct spelling {
    const char *text;          /* lower case where matched caselessly */
    unsigned char len;
    unsigned char code;
};

#define SPELLING_COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* The first of t's n rows that s[0..len) starts with, or NULL; caseless
 * compares s in lower case. */
const struct spelling *spelling_match(const struct spelling *t, size_t n, const char *s,
                                      size_t len, bool caseless);

#endif
