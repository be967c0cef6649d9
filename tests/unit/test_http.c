/* The HTTP engine against the local mock registry. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "depvet/core/strbuf.h"
#include "depvet/net/http.h"
#include "mockreg_helper.h"

struct result {
    bool called, ok, not_modified;
    int status;
    unsigned attempts;
    char body[4096];
    size_t len;
    char etag[128];
    char err[1024];
};

static void on_done(void *ud, const struct http_response *r)
{
    struct result *res = ud;
    res->called = true;
    res->ok = r->ok;
    res->not_modified = r->not_modified;
    res->status = r->status;
    res->attempts = r->attempts;
    res->len = r->len;
    snprintf(res->body, sizeof(res->body), "%.*s", (int)r->len, r->body ? r->body : "");
    snprintf(res->etag, sizeof(res->etag), "%s", r->etag ? r->etag : "");
    diag_format(&r->err, res->err, sizeof(res->err));
}

static struct http_config fast_config(void)
{
    struct http_config c;
    http_config_defaults(&c);
    c.backoff_base_ms = 20;
    c.backoff_cap_ms = 100;
    c.timeout_ms = 2000;
    return c;
}

static struct result fetch(const struct http_config *c, const char *url, const char *etag,
                           const char *auth)
{
    struct result res = {0};
    struct diag d;
    diag_clear(&d);
    struct http_engine *e = http_engine_new(c, &d);
    cr_assert_not_null(e);
    struct http_request rq = {.url = url, .etag = etag, .auth_header = auth, .ud = &res,
                              .done = on_done};
    cr_assert(http_submit(e, &rq, &d));
    http_run(e);
    http_engine_free(e);
    cr_assert(res.called);
    return res;
}

static struct mockreg srv;

static void up(void)
{
    if (!mockreg_start(&srv, NULL, false))
        cr_skip_test("python3 or the mock registry is not available");
}

static void down(void)
{
    mockreg_stop(&srv);
}

static void fault(const char *json)
{
    char url[128];
    snprintf(url, sizeof(url), "%s/_control", srv.base);
    struct result res = {0};
    struct diag d;
    diag_clear(&d);
    struct http_config c = fast_config();
    struct http_engine *e = http_engine_new(&c, &d);
    struct http_request rq = {.method = "POST", .url = url, .body = json,
                              .body_len = strlen(json), .ud = &res, .done = on_done};
    http_submit(e, &rq, &d);
    http_run(e);
    http_engine_free(e);
    cr_assert(res.ok, "control request failed: %s", res.err);
}

static const char *url_of(const char *path)
{
    static char buf[256];
    snprintf(buf, sizeof(buf), "%s/hex.pm/api/packages/%s", srv.base, path);
    return buf;
}

TestSuite(http, .init = up, .fini = down, .timeout = 60);

Test(http, get_then_conditional_304)
{
    struct http_config c = fast_config();
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert(r.ok, "%s", r.err);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "\"name\":\"plug\""));
    cr_assert(r.etag[0]);
    struct result again = fetch(&c, url_of("plug"), r.etag, NULL);
    cr_assert(again.ok);
    cr_assert(again.not_modified);
    cr_assert_eq(again.status, 304);
    cr_assert_eq(again.len, 0);
}

Test(http, not_found_names_the_url)
{
    struct http_config c = fast_config();
    struct result r = fetch(&c, url_of("nosuchpackage"), NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert_eq(r.status, 404);
    cr_assert_eq(r.attempts, 1, "a 404 is not retried");
    cr_assert(strstr(r.err, "/hex.pm/api/packages/nosuchpackage"), "%s", r.err);
    cr_assert(strstr(r.err, "HTTP 404"), "%s", r.err);
}

Test(http, retry_after_429_is_honoured)
{
    fault("{\"path\": \"packages/plug$\", \"status\": 429, \"retry_after\": 1, \"times\": 1}");
    struct http_config c = fast_config();
    time_t t0 = time(NULL);
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert(r.ok, "%s", r.err);
    cr_assert_eq(r.attempts, 2);
    cr_assert_geq(time(NULL) - t0, 1, "waited for Retry-After");
}

Test(http, server_errors_then_success)
{
    fault("{\"path\": \"packages/plug$\", \"status\": 503, \"times\": 2}");
    struct http_config c = fast_config();
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert(r.ok, "%s", r.err);
    cr_assert_eq(r.attempts, 3);
}

Test(http, retries_exhausted)
{
    fault("{\"path\": \"packages/plug$\", \"status\": 500}");
    struct http_config c = fast_config();
    c.max_retries = 2;
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert_eq(r.attempts, 3);
    cr_assert(strstr(r.err, "HTTP 500 after 3 attempts"), "%s", r.err);
}

Test(http, connection_reset_is_retried_then_fails)
{
    fault("{\"path\": \"packages/plug$\", \"reset\": true}");
    struct http_config c = fast_config();
    c.max_retries = 1;
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert_eq(r.attempts, 2);
}

Test(http, stall_times_out)
{
    fault("{\"path\": \"packages/plug$\", \"stall\": true, \"stall_s\": 5}");
    struct http_config c = fast_config();
    c.timeout_ms = 400;
    c.max_retries = 0;
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert(strstr(r.err, "timed out"), "%s", r.err);
}

Test(http, truncated_body_fails)
{
    fault("{\"path\": \"packages/plug$\", \"truncate\": true}");
    struct http_config c = fast_config();
    c.max_retries = 1;
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert(strstr(r.err, "closed before the whole answer"), "%s", r.err);
}

Test(http, oversized_body_fails)
{
    fault("{\"path\": \"packages/plug$\", \"oversize\": 200000}");
    struct http_config c = fast_config();
    c.max_body = 100000;
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert_eq(r.attempts, 1);
    cr_assert(strstr(r.err, "larger than the 100000-byte limit"), "%s", r.err);
}

/* A header past the cap is named as such with the URL, not as curl's
 * "Out of memory": one huge line (curl refuses it itself) or many lines. */
Test(http, oversized_header_fails)
{
    static const char *const faults[] = {
        "{\"path\": \"packages/plug$\", \"big_header\": 200000, \"times\": 1}",
        "{\"path\": \"packages/plug$\", \"big_header\": 2000, \"header_lines\": 50, "
        "\"times\": 1}",
    };
    for (size_t i = 0; i < sizeof(faults) / sizeof(*faults); i++) {
        fault(faults[i]);
        struct http_config c = fast_config();
        struct result r = fetch(&c, url_of("plug"), NULL, NULL);
        cr_assert_not(r.ok, "case %zu", i);
        cr_assert_eq(r.attempts, 1, "case %zu: not retried", i);
        cr_assert(strstr(r.err, "response header larger than 65536 bytes"), "case %zu: %s", i,
                  r.err);
        cr_assert(strstr(r.err, "/hex.pm/api/packages/plug"), "case %zu: %s", i, r.err);
    }
    /* Within the cap: an answer as usual. */
    fault("{\"path\": \"packages/plug$\", \"big_header\": 1000, \"header_lines\": 20, "
          "\"times\": 1}");
    struct http_config c = fast_config();
    struct result r = fetch(&c, url_of("plug"), NULL, NULL);
    cr_assert(r.ok, "%s", r.err);
}

struct counter {
    unsigned done, ok;
};

static void count_done(void *ud, const struct http_response *r)
{
    struct counter *c = ud;
    c->done++;
    c->ok += r->ok;
}

Test(http, concurrency_is_bounded)
{
    fault("{\"path\": \"packages/plug$\", \"latency_ms\": 100}");
    struct http_config c = fast_config();
    c.concurrency = 8;
    struct diag d;
    diag_clear(&d);
    struct http_engine *e = http_engine_new(&c, &d);
    struct counter cnt = {0};
    for (int i = 0; i < 40; i++) {
        struct http_request rq = {.url = url_of("plug"), .ud = &cnt, .done = count_done};
        cr_assert(http_submit(e, &rq, &d));
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    http_run(e);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    cr_assert_eq(cnt.done, 40);
    cr_assert_eq(cnt.ok, 40);
    cr_assert_geq(ms, 450, "40 requests of 100 ms, 8 at a time, took %.0f ms", ms);
    cr_assert_lt(ms, 3900, "requests ran one after another (%.0f ms)", ms);
    cr_assert_eq(http_engine_stats(e).requests, 40);
    http_engine_free(e);
}

Test(http, post_with_body)
{
    char url[256];
    snprintf(url, sizeof(url), "%s/api.osv.dev/v1/querybatch", srv.base);
    struct result res = {0};
    struct diag d;
    diag_clear(&d);
    struct http_config c = fast_config();
    struct http_engine *e = http_engine_new(&c, &d);
    const char *body = "{\"queries\":[]}";
    struct http_request rq = {.method = "POST", .url = url, .body = body,
                              .body_len = strlen(body), .content_type = "application/json",
                              .ud = &res, .done = on_done};
    cr_assert(http_submit(e, &rq, &d));
    http_run(e);
    http_engine_free(e);
    cr_assert(res.ok, "%s", res.err);
    cr_assert_str_eq(res.body, "{\"ok\":true}");
}

Test(http, token_never_in_diagnostics)
{
    fault("{\"path\": \"packages/plug$\", \"status\": 500}");
    struct http_config c = fast_config();
    c.max_retries = 0;
    struct result r = fetch(&c, url_of("plug"), NULL, "Authorization: Bearer s3cr3t-t0ken");
    cr_assert_not(r.ok);
    cr_assert_null(strstr(r.err, "s3cr3t"), "%s", r.err);
}

Test(http_file, file_urls)
{
    char url[1200];
    snprintf(url, sizeof(url), "file://%s/tests/fixtures/mockreg/hex-plug.json", test_srcdir());
    struct http_config c = fast_config();
    struct result r = fetch(&c, url, NULL, NULL);
    cr_assert(r.ok, "%s", r.err);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "\"plug\""));
    snprintf(url, sizeof(url), "file://%s/tests/fixtures/mockreg/absent.json", test_srcdir());
    r = fetch(&c, url, NULL, NULL);
    cr_assert_not(r.ok);
    cr_assert(strstr(r.err, "no such file"), "%s", r.err);
}

/* A query picks the file recorded for it ("name?query"), else the file
 * the path names, or a folder's index.json. */
static void put_file(const char *dir, const char *name, const char *body)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(body, f);
    fclose(f);
}

static struct result fetch_file(const char *host, const char *dir, const char *tail)
{
    char url[1024];
    snprintf(url, sizeof(url), "file://%s%s%s", host, dir, tail);
    struct http_config c = fast_config();
    return fetch(&c, url, NULL, NULL);
}

/* Recorded files (NULL body: a folder) and what URLs read; NULL: fails. */
static const struct {
    const char *name, *body;
} recorded_table[] = {
    {"packages", NULL}, {"packages/plug", NULL},
    {"list", "plain"}, {"list?page=2", "two"},
    {"packages?search=depends%3Ahexpm%3Aplug&page=1", "[1]"}, {"q?a=x%2Fy", "slash"},
    {"packages/plug/index.json", "folder"}, {"packages/plug/owners", "owners"},
};

static const struct {
    const char *host, *tail, *want, *why;
} reads_table[] = {
    {"", "/list?page=2", "two", "the file recorded for the query"},
    {"localhost", "/list?page=2", "two", "localhost is this machine"},
    {"", "/list?page=3", "plain", "no file for the query: the path's file"},
    {"", "/list", "plain", "no query"},
    {"", "/packages?search=depends%3Ahexpm%3Aplug&page=1", "[1]", "an encoded query as written"},
    {"", "/packages?search=depends%3Ahexpm%3Aplug&page=2", NULL,
     "an unrecorded page of a folder fails"},
    {"", "/q?a=x/y", "slash", "a '/' in the query is %2F in the name"},
    {"", "/packages/plug", "folder", "a folder answers with its index.json"},
    {"", "/packages/plug/owners", "owners", "beside the folder's own answer"},
    {"", "/packages/plug?page=7", "folder", "no file for the query: the folder's answer"},
    {"", "/packages/%70lug", "folder", "percent-encoded paths are decoded"},
    {"elsewhere", "/list?page=2", NULL, "another host is not a local file"},
};

Test(http_file, file_urls_honour_the_query)
{
    char dir[] = "/tmp/depvet-fileurl-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    size_t n = sizeof(recorded_table) / sizeof(*recorded_table);
    for (size_t i = 0; i < n; i++) {
        char path[700];
        snprintf(path, sizeof(path), "%s/%s", dir, recorded_table[i].name);
        if (recorded_table[i].body)
            put_file(dir, recorded_table[i].name, recorded_table[i].body);
        else
            cr_assert_eq(mkdir(path, 0700), 0);
    }
    for (size_t i = 0; i < sizeof(reads_table) / sizeof(*reads_table); i++) {
        struct result r = fetch_file(reads_table[i].host, dir, reads_table[i].tail);
        if (!reads_table[i].want) {
            cr_assert_not(r.ok, "%s", reads_table[i].why);
            continue;
        }
        cr_assert(r.ok, "%s: %s", reads_table[i].why, r.err);
        cr_assert_str_eq(r.body, reads_table[i].want, "%s", reads_table[i].why);
    }
    struct result r = fetch_file("", dir, "/packages?search=depends%3Ahexpm%3Aplug&page=2");
    cr_assert(strstr(r.err, "packages?search=") && strstr(r.err, "no such file"),
              "the error names the URL asked: %s", r.err);
    for (size_t i = n; i-- > 0;) {
        char path[700];
        snprintf(path, sizeof(path), "%s/%s", dir, recorded_table[i].name);
        remove(path);
    }
    rmdir(dir);
}

Test(http_file, retry_after_parsing)
{
    cr_assert_eq(http_parse_retry_after("120", 0), 120000);
    cr_assert_eq(http_parse_retry_after("  3", 0), 3000);
    cr_assert_eq(http_parse_retry_after("soon", 0), -1);
    cr_assert_eq(http_parse_retry_after("-5", 0), -1);
    /* 2015-10-21 07:28:00 UTC = 1445412480 */
    cr_assert_eq(http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470), 10000);
    cr_assert_eq(http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412490), 0);
    cr_assert_eq(http_parse_retry_after("99999999999", 0), 86400L * 1000);
}

/* TLS: a certificate the test makes, refused without it, trusted with it. */
Test(http_tls, verification_is_always_on)
{
    char dir[] = "/tmp/depvet-tls-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 -days 1 -keyout %s/key.pem "
             "-out %s/cert.pem >/dev/null 2>&1", dir, dir);
    if (system(cmd) != 0)
        cr_skip_test("openssl is not available");
    char cert[128], key[128];
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    const char *extra[] = {"--tls", cert, key, NULL};
    struct mockreg tls;
    if (!mockreg_start(&tls, extra, true))
        cr_skip_test("mock registry not available");
    char url[256];
    snprintf(url, sizeof(url), "%s/hex.pm/api/packages/plug", tls.base);
    struct http_config c = fast_config();
    c.max_retries = 0;
    struct result r = fetch(&c, url, NULL, NULL);
    cr_assert_not(r.ok, "a self-signed certificate must be refused");
    cr_assert(strstr(r.err, "certificate"), "%s", r.err);
    c.cacert = cert;
    r = fetch(&c, url, NULL, NULL);
    cr_assert(r.ok, "with its CA trusted: %s", r.err);
    mockreg_stop(&tls);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* ---- bounds against hostile or absent registries ---------------------- */

struct tally {
    unsigned done, ok, not_tried;
    char last_err[1024];      /* of a request not tried, else of a failure */
};

static void tally_done(void *ud, const struct http_response *r)
{
    struct tally *t = ud;
    t->done++;
    t->ok += r->ok;
    t->not_tried += r->not_tried;
    if (!r->ok && (r->not_tried || t->not_tried == 0))
        diag_format(&r->err, t->last_err, sizeof(t->last_err));
}

/* A batch of GETs run to the end: what came back, the engine's stats and
 * report, and the seconds it took. */
struct many {
    struct tally t;
    struct http_stats st;
    char report[2048];
    double seconds;
};

static void run_many(const struct http_config *c, const char *url, unsigned n,
                     struct many *m)
{
    struct diag d;
    diag_clear(&d);
    struct http_engine *e = http_engine_new(c, &d);
    cr_assert_not_null(e);
    for (unsigned i = 0; i < n; i++) {
        struct http_request rq = {.url = url, .ud = &m->t, .done = tally_done};
        cr_assert(http_submit(e, &rq, &d));
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    http_run(e);
    clock_gettime(CLOCK_MONOTONIC, &b);
    m->st = http_engine_stats(e);
    struct strbuf sb = STRBUF_INIT;
    http_engine_report(e, &sb);
    snprintf(m->report, sizeof(m->report), "%s", strbuf_str(&sb));
    strbuf_fini(&sb);
    http_engine_free(e);
    cr_assert_eq(m->t.done, n, "every request is answered once");
    m->seconds = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

/* A loopback port nobody listens on. */
static int closed_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    cr_assert_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
    cr_assert_eq(getsockname(s, (struct sockaddr *)&sa, &len), 0);
    close(s);
    return ntohs(sa.sin_port);
}

Test(http, breaker_gives_up_on_an_unreachable_origin)
{
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hex.pm/api/packages/plug", closed_port());
    struct http_config c = fast_config();
    struct many m = {0};
    run_many(&c, url, 2000, &m);
    cr_assert_eq(m.t.ok, 0);
    cr_assert_geq(m.t.not_tried, 1980, "the rest fail at once (%u not tried)", m.t.not_tried);
    cr_assert_eq(m.st.breaker_skipped, m.t.not_tried);
    cr_assert_lt(m.st.attempts, 100, "%u attempts", m.st.attempts);
    cr_assert(strstr(m.report, ": 5 failures in a row (last: "), "%s", m.report);
    cr_assert(strstr(m.report, "Couldn't connect"), "%s", m.report);
    cr_assert(strstr(m.report, "requests to it skipped\n"), "%s", m.report);
    cr_assert(strstr(m.t.last_err, "not asked: http://127.0.0.1:"), "%s", m.t.last_err);
    cr_assert_lt(m.seconds, 20, "took %.1f s", m.seconds);
}

/* A streak counts requests: one flaky URL retried opens nothing, a host
 * that fails everything is given up on. */
Test(http, breaker_counts_server_errors_per_request)
{
    /* Four requests, each failing twice before it succeeds: eight 5xx in
     * a row, but from four requests only. */
    fault("{\"path\": \"packages/plug/owners$\", \"status\": 503, \"times\": 8}");
    fault("{\"path\": \"packages/plug$\", \"status\": 500}");
    struct http_config c = fast_config();
    c.concurrency = 1;
    struct many flaky = {0}, down = {0};
    run_many(&c, url_of("plug/owners"), 4, &flaky);
    cr_assert_eq(flaky.t.ok, 4, "%s", flaky.t.last_err);
    cr_assert_str_eq(flaky.report, "");
    c.concurrency = 2;
    run_many(&c, url_of("plug"), 60, &down);
    cr_assert_geq(down.t.not_tried, 50, "%u not tried", down.t.not_tried);
    cr_assert_leq(down.st.attempts, 8, "%u attempts", down.st.attempts);
    cr_assert(strstr(down.report, "5 failures in a row (last: HTTP 500)"), "%s", down.report);
}

Test(http, no_breaker_when_threshold_is_zero)
{
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", closed_port());
    struct http_config c = fast_config();
    c.breaker_threshold = 0;
    c.max_retries = 0;
    struct many m = {0};
    run_many(&c, url, 30, &m);
    cr_assert_eq(m.t.not_tried, 0);
    cr_assert_eq(m.st.attempts, 30);
    cr_assert_str_eq(m.report, "");
}

Test(http, deadline_stops_a_drip_feed_and_what_waits)
{
    fault("{\"path\": \"packages/plug$\", \"drip\": true}");
    struct http_config c = fast_config();
    c.timeout_ms = 30000;
    c.concurrency = 1;
    c.total_ms = 1500;
    struct many m = {0};
    run_many(&c, url_of("plug"), 20, &m);
    cr_assert_eq(m.t.not_tried, 20);
    cr_assert(strstr(m.t.last_err, ": the deadline of 1.5 s was reached"), "%s", m.t.last_err);
    cr_assert(strstr(m.report, "deadline of 1.5 s reached; 19 requests not made, 1 stopped in "
                     "flight\n"), "%s", m.report);
    cr_assert_lt(m.seconds, 10, "took %.1f s", m.seconds);
}

Test(http, one_memory_budget_for_every_answer_in_flight)
{
    fault("{\"path\": \"packages/plug$\", \"endless\": true}");
    struct http_config c = fast_config();
    c.body_budget = 4u << 20;
    c.max_retries = 1;
    struct many m = {0};
    run_many(&c, url_of("plug"), 8, &m);
    cr_assert_eq(m.t.ok, 0);
    cr_assert_gt(m.st.budget_waits, 0);
    cr_assert(strstr(m.report, "answers in flight filled the 4 MiB memory budget"), "%s", m.report);
    cr_assert(strstr(m.t.last_err, "4 MiB memory budget"), "%s", m.t.last_err);
}

/* One request against one hostile answer: given up on after `attempts`,
 * saying why.  A setting of 0 keeps fast_config's. */
static const struct {
    const char *fault;        /* a fault on packages/NAME, NAME = row's */
    long timeout_ms, low_speed_bytes, low_speed_s, total_ms;
    size_t body_budget;
    unsigned attempts;        /* 0: not checked */
    const char *says;
} hostile_answer_table[] = {
    {"\"drip\": true, \"drip_s\": 0.5", 30000, 100, 1, 0, 0, 0,
     "answer too slow (under 100 bytes/s for 1 s)"},
    {"\"status\": 429, \"retry_after\": 86400", 0, 0, 0, 0, 0, 1,
     "HTTP 429; the server asks to wait 86400 s, longer than the 60 s depvet waits"},
    {"\"status\": 503, \"retry_after\": 20", 0, 0, 0, 5000, 0, 1,
     "HTTP 503; no time left before the deadline to try again"},
    {"\"endless\": true", 0, 0, 0, 0, 1u << 20, 1,
     "answer larger than the 1 MiB memory budget for answers in flight"},
};

Test(http, hostile_answers_are_given_up_on)
{
    for (size_t i = 0; i < sizeof(hostile_answer_table) / sizeof(*hostile_answer_table); i++) {
        char name[16], json[256];
        snprintf(name, sizeof(name), "hostile%zu", i);
        snprintf(json, sizeof(json), "{\"path\": \"packages/%s$\", %s}", name,
                 hostile_answer_table[i].fault);
        fault(json);
        struct http_config c = fast_config();
        c.max_retries = hostile_answer_table[i].low_speed_s ? 0 : c.max_retries;
        if (hostile_answer_table[i].timeout_ms)
            c.timeout_ms = hostile_answer_table[i].timeout_ms;
        if (hostile_answer_table[i].low_speed_s) {
            c.low_speed_bytes = hostile_answer_table[i].low_speed_bytes;
            c.low_speed_s = hostile_answer_table[i].low_speed_s;
        }
        if (hostile_answer_table[i].total_ms)
            c.total_ms = hostile_answer_table[i].total_ms;
        if (hostile_answer_table[i].body_budget)
            c.body_budget = hostile_answer_table[i].body_budget;
        struct result r = fetch(&c, url_of(name), NULL, NULL);
        cr_assert_not(r.ok, "row %zu", i);
        if (hostile_answer_table[i].attempts)
            cr_assert_eq(r.attempts, hostile_answer_table[i].attempts, "row %zu", i);
        cr_assert(strstr(r.err, hostile_answer_table[i].says), "row %zu: %s", i, r.err);
    }
}
