/* Percent-encoding for registry URL path segments and queries. */
#include "depvet/registry/regurl.h"

#include <string.h>

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

char *regurl_escape(struct arena *a, const char *s)
{
    static const char hex_table[] = "0123456789ABCDEF";
    size_t len = s ? strlen(s) : 0;
    char *out = arena_alloc(a, len * 3 + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (unreserved(c)) {
            out[n++] = (char)c;
        } else {
            out[n++] = '%';
            out[n++] = hex_table[c >> 4];
            out[n++] = hex_table[c & 15];
        }
    }
    out[n] = '\0';
    return out;
}

char *regurl_base(struct arena *a, const char *base)
{
    size_t n = base ? strlen(base) : 0;
    while (n && base[n - 1] == '/')
        n--;
    return arena_strndup(a, base ? base : "", n);
}
