/* Config files: keys, types and locations in errors, what a project's
 * file may not set, private registries and their tokens, paged counts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/engine/config.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/net/http.h"

static bool read_cfg(struct engine_config *c, const char *text, bool user, struct diag *d)
{
    engine_config_init(c);
    diag_clear(d);
    return engine_config_read_buf(c, text, strlen(text), "config.toml", user, d);
}

Test(config, user_file_sets_everything)
{
    struct engine_config c;
    struct diag d;
    cr_assert(read_cfg(&c,
                       "concurrency = 4\ncacert = \"/etc/corp.pem\"\ntheme = \"light\"\n"
                       "[registries]\nhex = \"http://127.0.0.1:9/hex/\"\n"
                       "[environment]\npython_version = \"3.9\"\n\"sys.platform\" = \"win32\"\n"
                       "[private_packages]\nnames = [\"acme-core\"]\nprefixes = [\"@acme/\"]\n",
                       true, &d), "%s", d.msg);
    cr_assert_eq(c.concurrency, 4);
    cr_assert_str_eq(c.cacert, "/etc/corp.pem");
    cr_assert_str_eq(c.theme, "light");
    cr_assert_str_eq(engine_config_url(&c, SRC_HEX_API), "http://127.0.0.1:9/hex");
    cr_assert_str_eq(engine_config_url(&c, SRC_PYPI), "https://pypi.org");
    struct pep508_env env;
    engine_config_marker_env(&c, &env);
    cr_assert_str_eq(env.var[PEP508_PYTHON_VERSION], "3.9");
    cr_assert_str_eq(env.var[PEP508_SYS_PLATFORM], "win32");
    cr_assert_str_eq(env.var[PEP508_OS_NAME], "posix");
    cr_assert(engine_config_is_private_name(&c, "acme-core"));
    cr_assert_not(engine_config_is_private_name(&c, "acme-core2"));
    cr_assert(engine_config_is_private_name(&c, "@acme/widgets"));
    cr_assert_not(engine_config_is_private_name(&c, "@acmex/widgets"));
}

Test(config, errors_name_line_and_column)
{
    static const struct {
        const char *text;
        unsigned line, col;
        const char *msg;
    } cases[] = {
        {"concurrency = \"many\"\n", 1, 15, "'concurrency' must be an integer"},
        {"concurrency = 0\n", 1, 15, "from 1 to 256"},
        {"\ncolour = 1\n", 2, 10, "unknown key 'colour'"},
        {"[registries]\nhexx = \"x\"\n", 2, 8, "unknown registry 'hexx'"},
        {"[environment]\nextra = \"x\"\n", 2, 9, "not a PEP 508 marker variable"},
        {"[[private]]\necosystem = \"cargo\"\n", 1, 1, "ecosystem = \"hex\""},
        {"[[private]]\necosystem = \"hex\"\nurl = \"x\"\n", 1, 1, "needs url and organisation"},
        {"[[private]]\necosystem = \"npm\"\nscope = \"@a\"\nurl = \"x\"\nauth = \"digest\"\n",
         5, 8, "\"raw\", \"bearer\" or \"basic\""},
        {"[private_packages]\nnames = [\"\"]\n", 2, 10, "an empty name"},
        {"[policy]\ncriteria = \"safe\"\n", 2, 12, "'criteria' must be"},
        {"[policy]\nunreviewed = \"severe\"\n", 2, 14, "must be a severity"},
        {"[policy]\nmin_release_age = \"a week\"\n", 2, 19, "must be an age"},
        {"[policy]\ncolour = 1\n", 2, 10, "unknown key 'colour' in [policy]"},
        {"[policy.packages]\nplug = \"none\"\n", 2, 8, "ECOSYSTEM:NAME"},
        {"[policy.packages]\n\"gem:rails\" = \"none\"\n", 2, 15, "unknown ecosystem"},
        {"[[private]]\necosystem = \"pypi\"\nindex = \"i\"\nurl = \"u\"\napi = \"xml\"\n",
         5, 7, "\"json\" or \"simple\""},
        {"[[private]]\necosystem = \"hex\"\norganisation = \"a\"\nurl = \"u\"\napi = \"simple\"\n",
         5, 7, "unknown key 'api'"},
        {"a = [\n", 2, 1, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct engine_config c;
        struct diag d;
        cr_assert_not(read_cfg(&c, cases[i].text, true, &d), "case %zu accepted", i);
        cr_expect_eq(d.line, cases[i].line, "case %zu: line %u", i, d.line);
        if (cases[i].col)
            cr_expect_eq(d.col, cases[i].col, "case %zu: col %u", i, d.col);
        cr_expect(strstr(d.msg, cases[i].msg), "case %zu: %s", i, d.msg);
    }
}

Test(config, project_file_cannot_redirect_requests)
{
    static const char *const refused[] = {
        "[registries]\nhex = \"https://evil.example\"\n",
        "[[private]]\necosystem = \"hex\"\norganisation = \"a\"\nurl = \"u\"\ntoken_env = \"AWS_SECRET_ACCESS_KEY\"\n",
        "cacert = \"/tmp/evil.pem\"\n",
        "cache = \"/tmp\"\n",
        "concurrency = 256\n",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
        struct engine_config c;
        struct diag d;
        cr_assert_not(read_cfg(&c, refused[i], false, &d), "case %zu accepted", i);
        cr_expect(strstr(d.msg, "may only be set in your own config file"), "%s", d.msg);
    }
    struct engine_config c;
    struct diag d;
    cr_assert(read_cfg(&c, "theme = \"light\"\n[private_packages]\nprefixes = [\"acme_\"]\n"
                           "[environment]\npython_version = \"3.10\"\n", false, &d), "%s", d.msg);
}

Test(config, private_registry_matching)
{
    struct engine_config c;
    struct diag d;
    cr_assert(read_cfg(&c,
                       "[[private]]\necosystem = \"hex\"\norganisation = \"acme\"\n"
                       "url = \"https://hex.pm/api/repos/acme/\"\ntoken_env = \"T_HEX\"\n"
                       "[[private]]\necosystem = \"npm\"\nscope = \"@acme\"\n"
                       "url = \"https://npm.acme.example\"\ntoken_env = \"T_NPM\"\n"
                       "[[private]]\necosystem = \"pypi\"\nindex = \"https://pypi.acme.example/\"\n"
                       "url = \"https://pypi.acme.example\"\ntoken_env = \"T_PY\"\n",
                       true, &d), "%s", d.msg);
    const struct private_registry *p =
        engine_config_private(&c, ECO_HEX, "acme_core", "hexpm:acme", NULL);
    cr_assert(p);
    cr_assert_str_eq(p->url, "https://hex.pm/api/repos/acme");
    cr_assert_null(engine_config_private(&c, ECO_HEX, "acme_core", "hexpm", NULL));
    cr_assert_null(engine_config_private(&c, ECO_HEX, "x", "hexpm:acmeco", NULL));
    cr_assert(engine_config_private(&c, ECO_NPM, "@acme/ui", NULL, NULL));
    cr_assert_null(engine_config_private(&c, ECO_NPM, "@acmeco/ui", NULL, NULL));
    cr_assert_null(engine_config_private(&c, ECO_NPM, "acme", NULL, NULL));
    cr_assert(engine_config_private(&c, ECO_PYPI, "x", NULL, "https://pypi.acme.example/simple"));
    cr_assert_null(engine_config_private(&c, ECO_PYPI, "x", NULL, "https://pypi.org/simple"));
}

Test(config, auth_headers_per_scheme)
{
    struct private_registry p = {.eco = ECO_HEX, .auth = AUTH_RAW};
    strcpy(p.token_env, "DEPVET_TEST_TOKEN");
    char out[FETCH_TOKEN_MAX * 2];
    unsetenv("DEPVET_TEST_TOKEN");
    cr_assert_not(fetchplan_auth_header(&p, out, sizeof(out)));
    setenv("DEPVET_TEST_TOKEN", "user:pass", 1);
    cr_assert(fetchplan_auth_header(&p, out, sizeof(out)));
    cr_assert_str_eq(out, "authorization: user:pass");
    p.auth = AUTH_BEARER;
    cr_assert(fetchplan_auth_header(&p, out, sizeof(out)));
    cr_assert_str_eq(out, "Authorization: Bearer user:pass");
    p.auth = AUTH_BASIC;
    cr_assert(fetchplan_auth_header(&p, out, sizeof(out)));
    cr_assert_str_eq(out, "Authorization: Basic dXNlcjpwYXNz");
    unsetenv("DEPVET_TEST_TOKEN");
    cr_assert_not(fetchplan_auth_header(NULL, out, sizeof(out)));
}

static char *page_of(unsigned n)
{
    size_t cap = 32 + n * 16;
    char *b = malloc(cap);
    size_t len = (size_t)snprintf(b, cap, "[");
    for (unsigned i = 0; i < n; i++)
        len += (size_t)snprintf(b + len, cap - len, "%s{\"name\":\"p%u\"}", i ? "," : "", i);
    snprintf(b + len, cap - len, "]");
    return b;
}

Test(config, paged_dependents_count)
{
    const char *first = "http://h/api/packages?search=depends%3Ahexpm%3Aplug&sort=name&page=1";
    uint64_t total = 0;
    char *next = NULL;
    struct diag d;
    diag_clear(&d);
    char *full = page_of(100), *part = page_of(37);
    cr_assert(fetchplan_page(FETCH_HEX_DEPENDENTS, first, first, full, strlen(full), 1, &total,
                             &next, &d));
    cr_assert_eq(total, 100);
    cr_assert_str_eq(next, "http://h/api/packages?search=depends%3Ahexpm%3Aplug&sort=name&page=2");
    char *second = next;
    cr_assert(fetchplan_page(FETCH_HEX_DEPENDENTS, first, second, part, strlen(part), 2, &total,
                             &next, &d));
    free(second);
    cr_assert_eq(total, 137);
    cr_assert_null(next);
    /* The cap: the last allowed page, full, asks for no more. */
    cr_assert(fetchplan_page(FETCH_HEX_DEPENDENTS, first, first, full, strlen(full),
                             FETCH_MAX_PAGES, &total, &next, &d));
    cr_assert_null(next);
    cr_assert_not(fetchplan_page(FETCH_HEX_DEPENDENTS, first, first, "{}", 2, 1, &total,
                                 &next, &d));
    cr_assert_str_eq(d.where, first);
    char *body = fetchplan_page_total_body(137, 2);
    cr_assert_str_eq(body, "{\"total\":137,\"pages\":2}");
    free(body);
    free(full);
    free(part);
}

Test(config, policy_table)
{
    struct engine_config c;
    struct diag d;
    cr_assert(read_cfg(&c, "", false, &d));
    cr_assert_not(c.policy.enforced, "no [policy]: reviews are not enforced");
    cr_assert(read_cfg(&c,
                       "[policy]\ncriteria = \"safe-to-run\"\ndev_criteria = \"safe-to-run\"\n"
                       "unreviewed = \"critical\"\nno_facts = \"medium\"\n"
                       "min_release_age = \"7d\"\ncooldown = \"high\"\n"
                       "[policy.packages]\n\"pypi:Zope.Interface\" = \"none\"\n"
                       "\"hex:plug\" = \"safe-to-deploy\"\n",
                       false, &d), "%s", d.msg);
    cr_assert(c.policy.enforced);
    cr_assert_eq(c.policy.runtime, AUDIT_SAFE_TO_RUN);
    cr_assert_eq(c.policy.unreviewed_severity, 4);
    cr_assert_eq(c.policy.no_facts_severity, 2);
    cr_assert_eq(c.policy.cooldown_severity, 3);
    cr_assert_eq(c.policy.min_release_age, 7 * 86400);
    cr_assert_eq(policy_required(&c.policy, ECO_PYPI, "zope-interface", false), POLICY_NO_REVIEW);
    cr_assert_eq(policy_required(&c.policy, ECO_HEX, "plug", true), AUDIT_SAFE_TO_DEPLOY);
}

Test(config, deadline_and_memory_budget)
{
    struct engine_config c;
    struct diag d;
    engine_config_init(&c);
    cr_assert_eq(c.deadline_s, 300, "five minutes unless set");
    cr_assert_eq(c.memory_mib, 256);
    cr_assert(read_cfg(&c, "deadline = \"90s\"\nmemory_budget_mib = 64\n", true, &d), "%s", d.msg);
    cr_assert_eq(c.deadline_s, 90);
    cr_assert_eq(c.memory_mib, 64);
    struct http_config hc;
    engine_config_http(&c, &hc);
    cr_assert_eq(hc.total_ms, 90000);
    cr_assert_eq(hc.body_budget, 64u << 20);
    cr_assert_eq(hc.ends_at, 0, "from each engine's start");
    engine_config_start_deadline(&c);
    engine_config_http(&c, &hc);
    double left = hc.ends_at - http_clock();
    cr_assert(left > 80 && left <= 90, "one shared deadline (%.1f s left)", left);
    cr_assert(read_cfg(&c, "deadline = 600\n", true, &d), "%s", d.msg);
    cr_assert_eq(c.deadline_s, 600);
    cr_assert_not(read_cfg(&c, "deadline = \"soon\"\n", true, &d));
    cr_assert(strstr(d.msg, "'deadline' must be seconds"), "%s", d.msg);
    cr_assert_not(read_cfg(&c, "deadline = 0\n", true, &d));
    cr_assert_not(read_cfg(&c, "deadline = 60\n", false, &d), "a project may not hold a refresh");
    cr_assert_not(read_cfg(&c, "memory_budget_mib = 0\n", true, &d));
}

Test(config, durations)
{
    static const struct {
        const char *text;
        unsigned secs;       /* 0: refused */
    } cases[] = {
        {"3", 3}, {"3s", 3}, {"5m", 300}, {"1h", 3600}, {"24h", 86400}, {"86400", 86400},
        {"25h", 0}, {"86401", 0}, {"0", 0}, {"0s", 0}, {"-5", 0}, {"5x", 0}, {"5ms", 0},
        {"", 0}, {"s", 0}, {" 5", 5},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        unsigned got = 0;
        bool ok = engine_config_parse_seconds(cases[i].text, &got);
        cr_assert_eq(ok, cases[i].secs != 0, "'%s'", cases[i].text);
        if (ok)
            cr_assert_eq(got, cases[i].secs, "'%s'", cases[i].text);
    }
}
