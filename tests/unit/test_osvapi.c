/* The OSV querybatch request and answer. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/registry/osvapi.h"

Test(osvapi, request_body_and_urls)
{
    struct osvapi_query q[] = {{ECO_PYPI, "Jinja2", "2.10"}, {ECO_NPM, "@a/b\"c", "1.0.0"}};
    char *body = osvapi_batch_body(q, 2);
    cr_expect_str_eq(body, "{\"queries\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Jinja2\"},"
                           "\"version\":\"2.10\"},{\"package\":{\"ecosystem\":\"npm\",\"name\":"
                           "\"@a/b\\\"c\"},\"version\":\"1.0.0\"}]}");
    free(body);
    struct arena *a = arena_new();
    cr_expect_str_eq(osvapi_batch_url(a, "https://api.osv.dev"),
                     "https://api.osv.dev/v1/querybatch");
    cr_expect_str_eq(osvapi_vuln_url(a, "https://api.osv.dev", "GHSA-x9v3-aa:1"),
                     "https://api.osv.dev/v1/vulns/GHSA-x9v3-aa:1");
    cr_expect_null(osvapi_vuln_url(a, "https://api.osv.dev", "../../etc/passwd"));
    cr_expect_null(osvapi_vuln_url(a, "https://api.osv.dev", "A?b=c"));
    cr_expect_null(osvapi_vuln_url(a, "https://api.osv.dev", ""));
    arena_free(a);
}

Test(osvapi, answers_per_query)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct osvapi_result r[3];
    const char *ok = "{\"results\":[{\"vulns\":[{\"id\":\"GHSA-1\",\"modified\":"
                     "\"2026-01-02T00:00:00Z\"},{\"id\":\"MAL-2\"}]},{},"
                     "{\"vulns\":[{\"id\":\"X\"}],\"next_page_token\":\"t\"}]}";
    cr_assert(osvapi_parse_batch(a, "u", ok, strlen(ok), 3, r, &d), "%s", d.msg);
    cr_expect_eq(r[0].n_vulns, 2);
    cr_expect_str_eq(r[0].vulns[1].id, "MAL-2");
    cr_expect_eq(r[0].vulns[0].modified, 1767312000);
    cr_expect_eq(r[0].vulns[1].modified, 0);
    cr_expect_eq(r[1].n_vulns, 0);
    cr_expect(r[2].more, "a page token says the list is partial");
    arena_free(a);
}

Test(osvapi, malformed_answers_name_the_pointer)
{
    static const struct {
        const char *body;
        size_t n;
        const char *says;
    } cases[] = {
        {"{\"results\":[{}]}", 2, "field /results): 1 results for 2 queries"},
        {"{\"results\":[{\"vulns\":[{\"id\":7}]}]}", 1, "/results/0/vulns/0/id"},
        {"{\"results\":[{\"vulns\":[{}]}]}", 1, "field /results/0/vulns/0): an advisory without an id"},
        {"{\"results\":[3]}", 1, "field /results/0): expected an object"},
        {"{\"results\":[{\"vulns\":[", 1, "u:1:"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct arena *a = arena_new();
        struct diag d;
        diag_clear(&d);
        struct osvapi_result r[2];
        cr_expect_not(osvapi_parse_batch(a, "u", cases[i].body, strlen(cases[i].body),
                                         cases[i].n, r, &d), "%s", cases[i].body);
        char msg[1024];
        diag_format(&d, msg, sizeof(msg));
        cr_expect(strstr(msg, cases[i].says), "'%s' lacks '%s'", msg, cases[i].says);
        arena_free(a);
    }
}
