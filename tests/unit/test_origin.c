/* URL origins and where a private registry's token may go. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/engine/fetchplan.h"
#include "depvet/net/origin.h"

Test(origin, parts_with_default_ports_and_case)
{
    struct url_origin o;
    cr_assert(url_origin_parse("HTTPS://Registry.NPMjs.org/x/-/x-1.tgz?a#b", &o));
    cr_expect_str_eq(o.scheme, "https");
    cr_expect_str_eq(o.host, "registry.npmjs.org");
    cr_expect_eq(o.port, 443);
    cr_assert(url_origin_parse("http://user:pw@127.0.0.2:8080/p", &o));
    cr_expect_str_eq(o.host, "127.0.0.2", "userinfo is not the host");
    cr_expect_eq(o.port, 8080);
    cr_assert(url_origin_parse("http://[::1]/p", &o));
    cr_expect_str_eq(o.host, "[::1]");
    cr_expect_eq(o.port, 80);
    cr_expect_not(url_origin_parse("registry.npmjs.org/x", &o), "no scheme guessing");
    cr_expect_not(url_origin_parse("file:///home/u/x.tgz", &o), "file:// has no host");
    cr_expect_not(url_origin_parse("", &o));
    cr_expect_not(url_origin_parse(NULL, &o));
    cr_expect_not(url_origin_parse("https://a b.example/", &o), "a space in the host");
}

/* Pairs of URLs and whether they share an origin, with why. */
static const struct {
    const char *a, *b;
    bool same;
    const char *why;
} same_origin_table[] = {
    {"https://npm.acme.example", "https://NPM.acme.example:443/a/b", true, "case, default port"},
    {"HTTPS://[::1]:443/x", "https://[::1]/", true, "an IPv6 literal with its default port"},
    {"http://127.0.0.1:80/x", "http://127.0.0.1/y", true, "http's default port"},
    {"https://npm.acme.example./x", "https://npm.acme.example/", true, "a trailing dot"},
    {"http://127.0.0./", "http://127.0.0.0/", false,
     "a numeric name with a dot is no address to curl (found by fuzz-origin)"},
    {"http://127.0.0./", "http://127.0.0/", false, "nor the same as one without it"},
    {"https://a../", "https://a./", false, "two dots are not one"},
    {"http://[::1]:8080/", "http://[0:0:0:0:0:0:0:1]:8080/", true,
     "one IPv6 address, two spellings (curl's parser normalises them)"},
    {"http://127.1:8080/", "http://127.0.0.1:8080/", true, "numeric IPv4 forms as curl connects"},
    {"http://2130706434/", "http://127.0.0.2/", true, "a decimal IPv4 address"},
    {"https://npm%2eacme.example/", "https://npm.acme.example", false,
     "a percent-encoded host has no origin (fuzz-origin: it did not equal itself written out)"},
    {"https://npm.acme.example:0443/", "https://npm.acme.example", true, "a port with a leading 0"},
    {"https://evil.io\\@npm.acme.example/", "https://npm.acme.example", true,
     "curl connects to the host after the '@' (a browser would not): it is the host compared"},
    {"https://u:p@npm.acme.example/x", "https://npm.acme.example/", true, "userinfo is no part"},
    {"https://npm.acme.example", "http://npm.acme.example", false, "scheme"},
    {"https://npm.acme.example", "https://npm.acme.example:8443", false, "port"},
    {"http://127.0.0.1:4000", "http://127.0.0.2:4000", false, "host"},
    {"https://npm.acme.example", "https://npm.acme.example.evil.io", false, "a longer host"},
    {"https://npm.acme.example", "https://npm.acme.example@evil.io/", false,
     "userinfo cannot pose as the host"},
    {"https://npm.acme.example", "https://npm.acme.example:443@evil.io/", false,
     "nor userinfo that looks like a port"},
    {"https://npm.acme.example", "https://evil.io#@npm.acme.example/", false,
     "nor a fragment that looks like userinfo"},
    {"https://npm.acme.example", "https://evil.io?@npm.acme.example/", false, "nor a query"},
    {"https://x.example", "file:///x.example", false, "file:// has no origin"},
    {"https://x.example", "not a url", false, "unreadable"},
};

Test(origin, same_origin)
{
    for (size_t i = 0; i < sizeof(same_origin_table) / sizeof(*same_origin_table); i++) {
        const char *a = same_origin_table[i].a, *b = same_origin_table[i].b;
        bool want = same_origin_table[i].same;
        cr_expect_eq(url_origin_same(a, b), want, "%s vs %s: %s", a, b, same_origin_table[i].why);
        cr_expect_eq(url_origin_same(b, a), want, "%s vs %s (swapped)", b, a);
    }
}

Test(origin, formatted)
{
    char out[64];
    cr_expect(url_origin_format("HTTPS://u:p@NPM.acme.example./x?y", out, sizeof(out)));
    cr_expect_str_eq(out, "https://npm.acme.example:443", "no userinfo, path or query");
    cr_expect(url_origin_format("http://[::1]:8080/", out, sizeof(out)));
    cr_expect_str_eq(out, "http://[::1]:8080");
    cr_expect_not(url_origin_format("file:///etc/passwd", out, sizeof(out)));
    cr_expect_str_eq(out, "");
    cr_expect_not(url_origin_format("https://npm.acme.example/", out, 10), "too long for out");
    cr_expect_str_eq(out, "");
}

Test(origin, loopback)
{
    static const struct {
        const char *url;
        bool loopback;
    } cases[] = {
        {"http://127.0.0.1:1/", true},  {"http://127.255.0.9/", true},
        {"http://localhost:9/", true},  {"http://LOCALHOST/", true},
        {"http://[::1]:9/", true},      {"http://128.0.0.1/", false},
        {"http://[::2]/", false},       {"http://localhost.evil.io/", false},
        {"http://10.0.0.1/", false},    {"http://127.example/", false},
        {"http://[::ffff:127.0.0.1]/", false},   /* IPv4-mapped: not taken as loopback */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct url_origin o;
        cr_assert(url_origin_parse(cases[i].url, &o), "%s", cases[i].url);
        cr_expect_eq(url_origin_loopback(&o), cases[i].loopback, "%s", cases[i].url);
    }
}

/* A request URL, the registry URL its token belongs to, and whether the
 * token may go with it. */
static const struct {
    const char *url, *registry;
    bool allowed;
    const char *why;
} credentials_table[] = {
    {"https://npm.acme.example/@acme/x", "https://npm.acme.example", true, "its own origin"},
    {"http://127.0.0.1:4000/a", "http://127.0.0.1:4000/npm", true, "http on loopback (a test)"},
    {"http://[::1]:4000/a", "http://[::1]:4000", true, "http on IPv6 loopback"},
    {"http://localhost:4000/a", "http://localhost:4000", true, "http on localhost"},
    {"http://npm.acme.example/x", "http://npm.acme.example", false,
     "never plain http off loopback, even when configured"},
    {"http://127.0.0.2:4000/a", "http://127.0.0.1:4000", false, "another loopback address"},
    {"http://127.0.0.1:4001/a", "http://127.0.0.1:4000", false, "another port"},
    {"http://npm.acme.example/x", "https://npm.acme.example", false, "no downgrade"},
    {"https://evil.io/x", "https://npm.acme.example", false, "another host"},
    {"https://npm.acme.example@evil.io/x", "https://npm.acme.example", false, "userinfo"},
    {"file:///etc/passwd", "file:///etc", false, "file://"},
    {NULL, "https://npm.acme.example", false, "no URL"},
    {"https://npm.acme.example/x", NULL, false, "no registry"},
};

Test(origin, credentials_rule)
{
    for (size_t i = 0; i < sizeof(credentials_table) / sizeof(*credentials_table); i++)
        cr_expect_eq(url_credentials_allowed(credentials_table[i].url, credentials_table[i].registry),
                     credentials_table[i].allowed, "%s for %s: %s",
                     credentials_table[i].url ? credentials_table[i].url : "(null)",
                     credentials_table[i].registry ? credentials_table[i].registry : "(null)",
                     credentials_table[i].why);
}

static struct private_registry priv_of(enum ecosystem eco, const char *url)
{
    struct private_registry p;
    memset(&p, 0, sizeof(p));
    p.eco = eco;
    snprintf(p.url, sizeof(p.url), "%s", url);
    snprintf(p.token_env, sizeof(p.token_env), "DEPVET_TEST_ORIGIN_TOKEN");
    return p;
}

Test(origin, auth_origin_of_private_registries)
{
    struct engine_config cfg;
    engine_config_init(&cfg);
    snprintf(cfg.base_url[SRC_HEX_REPO], sizeof(cfg.base_url[0]), "https://repo.hex.pm");
    struct private_registry npm = priv_of(ECO_NPM, "https://npm.acme.example/npm");
    npm.auth = AUTH_BEARER;
    cr_expect_eq(fetchplan_auth_origin(&cfg, &npm, "https://npm.acme.example/@acme/x/-/x-1.tgz"),
                 npm.url);
    cr_expect_null(fetchplan_auth_origin(&cfg, &npm, "https://registry.npmjs.org/@acme/x/-/x-1.tgz"));
    cr_expect_null(fetchplan_auth_origin(&cfg, NULL, "https://npm.acme.example/x"));
    /* hex.pm's organisations: API on hex.pm, tarballs on repo.hex.pm. */
    struct private_registry hex = priv_of(ECO_HEX, "https://hex.pm/api/repos/acme");
    const char *tar = "https://repo.hex.pm/repos/acme/tarballs/acme_core-0.1.0.tar";
    cr_expect_eq(fetchplan_auth_origin(&cfg, &hex, tar), engine_config_url(&cfg, SRC_HEX_REPO));
    snprintf(cfg.base_url[SRC_HEX_REPO], sizeof(cfg.base_url[0]), "https://hexpm.mirror.example");
    cr_expect_null(fetchplan_auth_origin(&cfg, &hex,
                                         "https://hexpm.mirror.example/repos/acme/tarballs/a.tar"),
                   "a public mirror is not the organisation's registry");
    cr_expect_null(fetchplan_auth_origin(&cfg, &npm, "https://hexpm.mirror.example/x"),
                   "the Hex repository counts for Hex entries only");

    setenv("DEPVET_TEST_ORIGIN_TOKEN", "t0k", 1);
    char out[FETCH_TOKEN_MAX * 2];
    const char *origin = "unset";
    cr_expect_not(fetchplan_auth_header(&cfg, &npm, "https://evil.io/x", out, sizeof(out), &origin));
    cr_expect_null(origin);
    cr_expect_str_eq(out, "", "no header for another origin");
    cr_expect(fetchplan_auth_header(&cfg, &npm, "https://npm.acme.example/x", out, sizeof(out),
                                    &origin));
    cr_expect_str_eq(out, "Authorization: Bearer t0k");
    cr_expect_eq(origin, npm.url);
    unsetenv("DEPVET_TEST_ORIGIN_TOKEN");
}

/* Found by fuzz-origin: libcurl decodes a percent-encoded host without
 * normalising it ("%3000" reads as "000", while "000" reads as 0.0.0.0),
 * so such an origin did not equal itself written out.  It has none now:
 * no credential goes to it and it equals nothing. */
Test(origin, percent_encoded_host_has_no_origin)
{
    struct url_origin o;
    cr_expect_not(url_origin_parse("http:/%3000", &o));
    cr_expect_not(url_origin_parse("https://npm.acme%2eexample/x", &o));
    cr_expect_not(url_origin_same("https://npm.acme%2eexample/", "https://npm.acme.example/"));
    cr_expect_not(url_credentials_allowed("https://npm.acme%2eexample/x", "https://npm.acme.example"));
    cr_assert(url_origin_parse("https://u%40x:p%25@npm.acme.example/a%2Fb", &o),
              "a '%' in the userinfo or the path is no part of the host");
    cr_expect_str_eq(o.host, "npm.acme.example");
}
