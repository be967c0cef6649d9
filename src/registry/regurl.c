/* Percent-encoding for registry URL path segments and queries. */
#include "depvet/registry/regurl.h"

#include <string.h>

#include "depvet/core/hash.h"

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

char *regurl_unescape(struct arena *a, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    char *out = arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        int hi = s[i] == '%' && i + 2 < len + 1 ? hash_hex_value(s[i + 1]) : -1;
        int lo = hi >= 0 ? hash_hex_value(s[i + 2]) : -1;
        if (lo >= 0 && (hi | lo)) {
            out[n++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            out[n++] = s[i];
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
