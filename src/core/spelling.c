/* Spelling tables matched in order (core/spelling.h). */
#include "depvet/core/spelling.h"

#include <string.h>

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool starts_with(const char *s, const struct spelling *w, bool caseless)
{
    if (!caseless)
        return memcmp(s, w->text, w->len) == 0;
    for (size_t k = 0; k < w->len; k++)
        if (lower(s[k]) != w->text[k])
            return false;
    return true;
}

const struct spelling *spelling_match(const struct spelling *t, size_t n, const char *s,
                                      size_t len, bool caseless)
{
    for (size_t i = 0; i < n; i++)
        if (len >= t[i].len && starts_with(s, &t[i], caseless))
            return &t[i];
    return NULL;
}
