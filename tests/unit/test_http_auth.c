/* Where the HTTP engine sends a credential: the registry's own origin only,
 * never after a redirect leaves it.  The registry is a mock on 127.0.0.1,
 * "elsewhere" a second one on 127.0.0.2 that must never see the token. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/net/http.h"
#include "mockreg_helper.h"

#define TOKEN "Authorization: Bearer s3cr3t"

static struct mockreg reg, other;

static void up(void)
{
    if (!mockreg_start(&reg, NULL, false))
        cr_skip_test("python3 or the mock registry is not available");
    if (!mockreg_start_at(&other, "127.0.0.2", NULL, false)) {
        mockreg_stop(&other);   /* reaps it */
        mockreg_stop(&reg);
        cr_skip_test("127.0.0.2 is not a loopback address here");
    }
}

static void down(void)
{
    mockreg_stop(&reg);
    mockreg_stop(&other);
}

TestSuite(http_auth, .init = up, .fini = down, .timeout = 60);

struct answer {
    bool called, ok, withheld;
    int status;
    char withheld_at[300];
    char body[16384];
};

static void on_done(void *ud, const struct http_response *r)
{
    struct answer *a = ud;
    a->called = true;
    a->ok = r->ok;
    a->withheld = r->auth_withheld_at != NULL;
    snprintf(a->withheld_at, sizeof(a->withheld_at), "%s", r->auth_withheld_at ? r->auth_withheld_at : "");
    a->status = r->status;
    snprintf(a->body, sizeof(a->body), "%.*s", (int)r->len, r->body ? r->body : "");
}

/* One request; auth with origin as the registry it belongs to. */
static struct answer ask(const char *method, const char *url, const char *body, const char *auth,
                         const char *origin)
{
    struct answer a = {0};
    struct http_config c;
    http_config_defaults(&c);
    c.max_retries = 0;
    struct diag d;
    diag_clear(&d);
    struct http_engine *e = http_engine_new(&c, &d);
    cr_assert_not_null(e);
    struct http_request rq = {.method = method, .url = url, .body = body,
                              .body_len = body ? strlen(body) : 0, .auth_header = auth,
                              .auth_origin = origin, .ud = &a, .done = on_done};
    cr_assert(http_submit(e, &rq, &d));
    http_run(e);
    http_engine_free(e);
    cr_assert(a.called);
    return a;
}

/* srv's control path p with body json. */
static void control(const struct mockreg *srv, const char *p, const char *json)
{
    char url[128];
    snprintf(url, sizeof(url), "%s%s", srv->base, p);
    cr_assert(ask("POST", url, json, NULL, NULL).ok, "%s failed", url);
}

static void redirect_once(const struct mockreg *from, const char *path_re, const struct mockreg *to)
{
    char json[256];
    snprintf(json, sizeof(json), "{\"path\": \"%s\", \"redirect\": \"%s\", \"times\": 1}", path_re,
             to->base);
    control(from, "/_control", json);
}

/* How many requests srv saw for paths containing part, and how many of
 * them carried an Authorization header. */
static void seen(const struct mockreg *srv, const char *part, unsigned *n, unsigned *authed)
{
    char url[128];
    snprintf(url, sizeof(url), "%s/_log", srv->base);
    struct answer a = ask("GET", url, NULL, NULL, NULL);
    cr_assert(a.ok);
    *n = *authed = 0;
    for (const char *p = a.body; (p = strstr(p, "{\"method\""));) {
        const char *end = strchr(p, '}');
        cr_assert_not_null(end);
        char entry[2048];
        snprintf(entry, sizeof(entry), "%.*s", (int)(end - p), p);
        if (strstr(entry, part)) {
            (*n)++;
            *authed += strstr(entry, "\"auth\": true") != NULL;
        }
        p = end;
    }
}

static const char *url_at(const struct mockreg *srv, const char *name)
{
    static char buf[2][256];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof(buf[k]), "%s/hex.pm/api/packages/%s", srv->base, name);
    return buf[k];
}

/* The registry's credential on a request for plug at srv. */
static struct answer ask_plug(const struct mockreg *srv)
{
    return ask("GET", url_at(srv, "plug"), NULL, TOKEN, reg.base);
}

/* What srv saw of plug: n requests, authed of them with a credential. */
static void expect_seen(const struct mockreg *srv, unsigned n, unsigned authed, const char *why)
{
    unsigned got_n, got_authed;
    seen(srv, "/packages/plug", &got_n, &got_authed);
    cr_expect_eq(got_n, n, "%s: %u requests at %s", why, got_n, srv->base);
    cr_expect_eq(got_authed, authed, "%s: %u with the token at %s", why, got_authed, srv->base);
}

Test(http_auth, sent_to_its_own_origin)
{
    struct answer a = ask_plug(&reg);
    cr_assert(a.ok);
    cr_expect_not(a.withheld);
    expect_seen(&reg, 1, 1, "the registry's own origin gets the credential");
}

Test(http_auth, withheld_from_another_origin)
{
    struct answer a = ask_plug(&other);
    cr_assert(a.ok, "asked without the credential");
    cr_expect(a.withheld, "the answer says it was withheld");
    cr_expect_str_eq(a.withheld_at, other.base, "and where");
    expect_seen(&other, 1, 0, "127.0.0.2 must not see the token");
    /* No origin given: nowhere is the registry's. */
    a = ask("GET", url_at(&reg, "plug"), NULL, TOKEN, NULL);
    cr_expect(a.withheld);
    expect_seen(&reg, 1, 0, "a credential without its origin goes nowhere");
}

Test(http_auth, dropped_at_a_redirect_to_another_origin)
{
    redirect_once(&reg, "packages/plug$", &other);
    struct answer a = ask_plug(&reg);
    cr_assert(a.ok, "the redirect is followed (status %d)", a.status);
    cr_expect(strstr(a.body, "\"plug\""), "the other origin's answer");
    cr_expect(a.withheld);
    cr_expect_str_eq(a.withheld_at, other.base, "the redirect's origin");
    expect_seen(&other, 1, 0, "127.0.0.2 must not see the token after a redirect");
}

/* A host the request was sent to cannot send it back with the token: the
 * path it picks on the registry is its choice, not the lockfile's. */
Test(http_auth, not_restored_when_redirected_back)
{
    redirect_once(&reg, "packages/plug$", &other);
    redirect_once(&other, "packages/plug$", &reg);
    struct answer a = ask_plug(&reg);
    cr_assert(a.ok, "status %d", a.status);
    cr_expect(a.withheld);
    cr_expect_str_eq(a.withheld_at, other.base, "where it left");
    expect_seen(&reg, 2, 1, "only the first request carries the token");
    expect_seen(&other, 1, 0, "127.0.0.2 must not see the token");
}

Test(http_auth, kept_on_a_same_origin_redirect)
{
    redirect_once(&reg, "packages/plug$", &reg);
    struct answer a = ask_plug(&reg);
    cr_assert(a.ok, "status %d", a.status);
    cr_expect_not(a.withheld);
    expect_seen(&reg, 2, 2, "both hops are on the registry's origin");
}

Test(http_auth, redirect_limit_holds)
{
    char json[256];
    snprintf(json, sizeof(json), "{\"path\": \"packages/plug$\", \"redirect\": \"%s\"}", reg.base);
    control(&reg, "/_control", json);   /* every time: a loop */
    struct answer a = ask_plug(&reg);
    cr_expect_not(a.ok, "a redirect loop ends");
    cr_expect_eq(a.status, 302);
    expect_seen(&reg, 6, 6, "the first request and five redirects");
}
