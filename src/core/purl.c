/* Package URLs: the identifiers SBOM and vulnerability tools match
 * packages by, so each ecosystem's name rules follow the purl spec's
 * type definitions exactly. */
#include "depvet/core/purl.h"

#include <stdbool.h>
#include <string.h>

static const char *const purl_type_table[] = {
    [ECO_UNKNOWN] = NULL, [ECO_HEX] = "hex", [ECO_PYPI] = "pypi", [ECO_NPM] = "npm",
};

const char *purl_type(enum ecosystem eco)
{
    return (unsigned)eco < sizeof purl_type_table / sizeof *purl_type_table
               ? purl_type_table[eco] : NULL;
}

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

void purl_encode(struct strbuf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (unreserved(*p)) {
            strbuf_putc(out, (char)*p);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            strbuf_append(out, e, 3);
        }
    }
}

/* The name as the type's rules write it: Hex, PyPI and npm names are not
 * case sensitive (lower case), and PyPI reads '_' as '-'. */
static void encode_name(struct strbuf *out, enum ecosystem eco, const char *name, size_t n)
{
    struct strbuf tmp = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (eco == ECO_PYPI && c == '_')
            c = '-';
        strbuf_putc(&tmp, c);
    }
    purl_encode(out, strbuf_str(&tmp));
    strbuf_fini(&tmp);
}

/* npm "@scope/name": the scope is the namespace, '@' encoded. */
static void put_path(struct strbuf *out, enum ecosystem eco, const char *name, const char *repo)
{
    const char *slash = eco == ECO_NPM && name[0] == '@' ? strchr(name, '/') : NULL;
    if (slash && slash[1]) {
        encode_name(out, eco, name, (size_t)(slash - name));
        strbuf_putc(out, '/');
        name = slash + 1;
    } else if (eco == ECO_HEX && repo && strncmp(repo, "hexpm:", 6) == 0 && repo[6]) {
        encode_name(out, eco, repo + 6, strlen(repo + 6));
        strbuf_putc(out, '/');
    }
    encode_name(out, eco, name, strlen(name));
}

static void put_qualifiers(struct strbuf *out, const struct purl_extra *x)
{
    if (!x)
        return;
    /* Sorted by key, as the spec's canonical form has them. */
    const struct { const char *key, *value; } q[] = {
        {"download_url", x->download_url},
        {"repository_url", x->repository_url},
        {"vcs_url", x->vcs_url},
    };
    char sep = '?';
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        if (!q[i].value || !q[i].value[0])
            continue;
        strbuf_putc(out, sep);
        strbuf_puts(out, q[i].key);
        strbuf_putc(out, '=');
        purl_encode(out, q[i].value);
        sep = '&';
    }
}

bool purl_append(struct strbuf *out, enum ecosystem eco, const char *name, const char *version,
                 const char *repo, const struct purl_extra *extra)
{
    const char *type = purl_type(eco);
    if (!type || !name || !name[0])
        return false;
    strbuf_puts(out, "pkg:");
    strbuf_puts(out, type);
    strbuf_putc(out, '/');
    put_path(out, eco, name, repo);
    if (version && version[0]) {
        strbuf_putc(out, '@');
        purl_encode(out, version);
    }
    put_qualifiers(out, extra);
    return true;
}
