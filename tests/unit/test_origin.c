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

Test(origin, same_origin)
{
    cr_expect(url_origin_same("https://npm.acme.example", "https://NPM.acme.example:443/a/b"));
    cr_expect(url_origin_same("http://127.0.0.1:80/x", "http://127.0.0.1/y"));
    cr_expect(url_origin_same("https://npm.acme.example./x", "https://npm.acme.example/"),
              "a trailing dot names the same host");
    cr_expect(url_origin_same("http://[::1]:8080/", "http://[0:0:0:0:0:0:0:1]:8080/"),
              "one IPv6 address, two spellings");
    cr_expect(url_origin_same("http://127.1:8080/", "http://127.0.0.1:8080/"),
              "numeric IPv4 forms as curl connects to them");
    cr_expect_not(url_origin_same("https://npm.acme.example", "http://npm.acme.example"),
                  "scheme");
    cr_expect_not(url_origin_same("https://npm.acme.example", "https://npm.acme.example:8443"),
                  "port");
    cr_expect_not(url_origin_same("http://127.0.0.1:4000", "http://127.0.0.2:4000"), "host");
    cr_expect_not(url_origin_same("https://npm.acme.example", "https://npm.acme.example.evil.io"),
                  "a longer host is another host");
    cr_expect_not(url_origin_same("https://npm.acme.example", "https://npm.acme.example@evil.io/"),
                  "userinfo cannot pose as the host");
    cr_expect_not(url_origin_same("https://x.example", "file:///x.example"));
    cr_expect_not(url_origin_same("https://x.example", "not a url"));
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
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct url_origin o;
        cr_assert(url_origin_parse(cases[i].url, &o), "%s", cases[i].url);
        cr_expect_eq(url_origin_loopback(&o), cases[i].loopback, "%s", cases[i].url);
    }
}

Test(origin, credentials_rule)
{
    cr_expect(url_credentials_allowed("https://npm.acme.example/@acme/x", "https://npm.acme.example"));
    cr_expect(url_credentials_allowed("http://127.0.0.1:4000/a", "http://127.0.0.1:4000/npm"),
              "http on loopback is a local test or proxy");
    cr_expect(url_credentials_allowed("http://[::1]:4000/a", "http://[::1]:4000"));
    cr_expect_not(url_credentials_allowed("http://npm.acme.example/x", "http://npm.acme.example"),
                  "never plain http off loopback, even when configured");
    cr_expect_not(url_credentials_allowed("http://127.0.0.2:4000/a", "http://127.0.0.1:4000"),
                  "another loopback address is another origin");
    cr_expect_not(url_credentials_allowed("http://npm.acme.example/x", "https://npm.acme.example"),
                  "no downgrade");
    cr_expect_not(url_credentials_allowed("https://evil.io/x", "https://npm.acme.example"));
    cr_expect_not(url_credentials_allowed("file:///etc/passwd", "file:///etc"), "file://");
    cr_expect_not(url_credentials_allowed(NULL, "https://npm.acme.example"));
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
