/* Ecosystem names and package-name normalisation. */
#include "depvet/core/ecosystem.h"

#include <strings.h>

static const char *const ecosystem_table[] = {
    [ECO_UNKNOWN] = "?", [ECO_HEX] = "Hex", [ECO_PYPI] = "PyPI", [ECO_NPM] = "npm",
};

const char *ecosystem_name(enum ecosystem e)
{
    return (unsigned)e < sizeof(ecosystem_table) / sizeof(*ecosystem_table)
               ? ecosystem_table[e] : "?";
}

bool ecosystem_parse(const char *s, enum ecosystem *out)
{
    for (unsigned e = ECO_HEX; e <= ECO_NPM; e++)
        if (strcasecmp(s, ecosystem_table[e]) == 0) {
            *out = (enum ecosystem)e;
            return true;
        }
    return false;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t ecosystem_normalize_name(enum ecosystem e, const char *name,
                                char *out, size_t outlen)
{
    size_t n = 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (e == ECO_PYPI && (c == '-' || c == '_' || c == '.')) {
            while (p[1] == '-' || p[1] == '_' || p[1] == '.')
                p++;
            c = '-';
        } else if (e != ECO_NPM) {
            c = lower(c);
        }
        if (n + 1 < outlen)
            out[n] = c;
        n++;
    }
    if (outlen)
        out[n < outlen ? n : outlen - 1] = '\0';
    return n;
}
