/* purl: the builder against the purl spec's rules, checked by a parser
 * written here (the spec's parsing steps: scheme, type, qualifiers after
 * '?', version after the last '@', namespace before the last '/'). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/purl.h"

struct parsed {
    char type[32], ns[256], name[256], version[256], quals[512];
};

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes s[0..n) into out; false on a bad escape or a byte the builder
 * must have encoded. */
static bool decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return false;
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_~:", c)) {
            return false;
        }
        if (k + 1 >= cap)
            return false;
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return true;
}

static bool purl_parse(const char *s, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    if (strncmp(s, "pkg:", 4) != 0)
        return false;
    s += 4;
    const char *q = strchr(s, '?');
    size_t len = q ? (size_t)(q - s) : strlen(s);
    if (q)
        snprintf(p->quals, sizeof p->quals, "%s", q + 1);
    const char *slash = memchr(s, '/', len);
    if (!slash || (size_t)(slash - s) >= sizeof p->type)
        return false;
    memcpy(p->type, s, (size_t)(slash - s));
    const char *rest = slash + 1, *end = s + len;
    const char *at = NULL;
    for (const char *c = rest; c < end; c++)
        if (*c == '@')
            at = c;
    if (at && !decode(at + 1, (size_t)(end - at - 1), p->version, sizeof p->version))
        return false;
    const char *name_end = at ? at : end, *last_slash = NULL;
    for (const char *c = rest; c < name_end; c++)
        if (*c == '/')
            last_slash = c;
    if (last_slash && !decode(rest, (size_t)(last_slash - rest), p->ns, sizeof p->ns))
        return false;
    const char *nm = last_slash ? last_slash + 1 : rest;
    return decode(nm, (size_t)(name_end - nm), p->name, sizeof p->name) && p->name[0];
}

static void check(enum ecosystem eco, const char *name, const char *version, const char *repo,
                  const char *want, const char *type, const char *ns, const char *pname)
{
    struct strbuf sb = STRBUF_INIT;
    cr_assert(purl_append(&sb, eco, name, version, repo, NULL));
    if (want)
        cr_assert_str_eq(strbuf_str(&sb), want);
    struct parsed p;
    cr_assert(purl_parse(strbuf_str(&sb), &p), "%s does not parse", strbuf_str(&sb));
    cr_assert_str_eq(p.type, type);
    cr_assert_str_eq(p.ns, ns);
    cr_assert_str_eq(p.name, pname);
    cr_assert_str_eq(p.version, version);
    strbuf_fini(&sb);
}

Test(purl, hex_plain_and_organisation)
{
    check(ECO_HEX, "phoenix", "1.7.14", "hexpm", "pkg:hex/phoenix@1.7.14", "hex", "", "phoenix");
    check(ECO_HEX, "secret_lib", "0.1.0", "hexpm:acme", "pkg:hex/acme/secret_lib@0.1.0", "hex",
          "acme", "secret_lib");
}

Test(purl, pypi_name_lower_case_and_dashes)
{
    check(ECO_PYPI, "Flask_SQLAlchemy", "3.1.1", NULL, "pkg:pypi/flask-sqlalchemy@3.1.1",
          "pypi", "", "flask-sqlalchemy");
    check(ECO_PYPI, "zope.interface", "6.0", NULL, "pkg:pypi/zope.interface@6.0", "pypi", "",
          "zope.interface");
    check(ECO_PYPI, "torch", "2.1.0+cpu", NULL, "pkg:pypi/torch@2.1.0%2Bcpu", "pypi", "", "torch");
}

Test(purl, npm_scope_is_the_encoded_namespace)
{
    check(ECO_NPM, "@babel/core", "7.24.0", NULL, "pkg:npm/%40babel/core@7.24.0", "npm", "@babel",
          "core");
    check(ECO_NPM, "left-pad", "1.3.0", NULL, "pkg:npm/left-pad@1.3.0", "npm", "", "left-pad");
    check(ECO_NPM, "JSONStream", "1.3.5", NULL, "pkg:npm/jsonstream@1.3.5", "npm", "", "jsonstream");
}

Test(purl, hostile_names_round_trip)
{
    /* '/', '@', '?', '#', '%', spaces, controls and non-ASCII are all
     * encoded, so the parser gets the name back whole. */
    check(ECO_NPM, "a b/c", "1.0.0", NULL, NULL, "npm", "", "a b/c");
    check(ECO_HEX, "x@y?z#w%", "1.0.0-rc.1", NULL, NULL, "hex", "", "x@y?z#w%");
    check(ECO_PYPI, "caf\xc3\xa9\x1b[31m", "1!2.0", NULL, NULL, "pypi", "", "caf\xc3\xa9\x1b[31m");
    check(ECO_NPM, "@evil/x@1/../y", "2.0.0", NULL, NULL, "npm", "@evil", "x@1/../y");
}

Test(purl, qualifiers_sorted_and_encoded)
{
    struct strbuf sb = STRBUF_INIT;
    struct purl_extra x = {.vcs_url = "git+https://github.com/a/b@v1", .download_url = "https://h/x.tgz"};
    cr_assert(purl_append(&sb, ECO_PYPI, "b", "1.0", NULL, &x));
    cr_assert_str_eq(strbuf_str(&sb), "pkg:pypi/b@1.0?download_url=https:%2F%2Fh%2Fx.tgz&"
                                      "vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fa%2Fb%40v1");
    strbuf_fini(&sb);
}

Test(purl, no_version_and_refusals)
{
    struct strbuf sb = STRBUF_INIT;
    cr_assert(purl_append(&sb, ECO_HEX, "plug", "", NULL, NULL));
    cr_assert_str_eq(strbuf_str(&sb), "pkg:hex/plug");
    strbuf_reset(&sb);
    cr_assert_not(purl_append(&sb, ECO_UNKNOWN, "x", "1", NULL, NULL));
    cr_assert_not(purl_append(&sb, ECO_NPM, "", "1", NULL, NULL));
    cr_assert_eq(sb.len, 0);
    strbuf_fini(&sb);
}
