/* PEP 508 requirements: the spec's examples, markers and their evaluation,
 * errors with columns and the nesting cap. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/pep508.h"

static struct arena *arena;

static void setup(void)
{
    arena = arena_new();
}

static void teardown(void)
{
    arena_free(arena);
}

TestSuite(pep508, .init = setup, .fini = teardown);

static struct pep508_req *parse_ok(const char *s)
{
    struct pep508_req *r;
    struct diag d;
    diag_clear(&d);
    cr_assert(pep508_parse(arena, s, strlen(s), &r, &d), "'%s': %s (col %u)", s, d.msg, d.col);
    cr_assert_not_null(r);
    return r;
}

Test(pep508, names_extras_specifiers)
{
    struct pep508_req *r = parse_ok("A");
    cr_assert_str_eq(r->name, "A");
    cr_assert_str_eq(r->specifier, "");
    cr_assert_null(r->url);
    cr_assert_null(r->marker);
    r = parse_ok("A.B-C_D");
    cr_assert_str_eq(r->name, "A.B-C_D");
    r = parse_ok("aa");
    r = parse_ok("name<=1");
    cr_assert_str_eq(r->specifier, "<=1");
    r = parse_ok("name>=3,<2");
    cr_assert_str_eq(r->specifier, ">=3,<2");
    r = parse_ok("name (>= 3 , < 4 )");
    cr_assert_str_eq(r->specifier, ">= 3 , < 4");
    r = parse_ok(" name [fred,bar] >= 1.0 ; python_version<'2.7'");
    cr_assert_str_eq(r->name, "name");
    cr_assert_eq(r->nextras, 2);
    cr_assert_str_eq(r->extras[0], "fred");
    cr_assert_str_eq(r->extras[1], "bar");
    cr_assert_str_eq(r->specifier, ">= 1.0");
    cr_assert_str_eq(r->marker_text, "python_version<'2.7'");
    r = parse_ok("name[]");
    cr_assert_eq(r->nextras, 0);
    r = parse_ok("name[quux, strange];python_version<'2.7' and platform_version=='2'");
    cr_assert_eq(r->nextras, 2);
    cr_assert_eq(r->marker->kind, PEP508_MARKER_AND);
    cr_assert_eq(r->marker->nkids, 2);
}

Test(pep508, url_requirements)
{
    struct pep508_req *r = parse_ok("name@http://foo.com");
    cr_assert_str_eq(r->url, "http://foo.com");
    r = parse_ok("name [fred,bar] @ http://foo.com ; python_version=='2.7'");
    cr_assert_str_eq(r->url, "http://foo.com");
    cr_assert_eq(r->nextras, 2);
    cr_assert_not_null(r->marker);
    /* Without whitespace the ';' belongs to the URL. */
    r = parse_ok("name @ https://x.org/a;b");
    cr_assert_str_eq(r->url, "https://x.org/a;b");
    cr_assert_null(r->marker);
}

static bool eval_extra(const char *req, const char *extra)
{
    struct pep508_req *r = parse_ok(req);
    struct pep508_env env;
    pep508_env_default(&env);
    return pep508_marker_eval(r->marker, &env, extra);
}

static bool eval(const char *req)
{
    return eval_extra(req, NULL);
}

struct eval_case {
    const char *req;
    bool want;
};

static const struct eval_case eval_table[] = {
    {"a; python_version >= '3.8'", true},
    {"a; python_version < '3.10'", false},         /* as versions, not strings */
    {"a; python_version > '3.9'", true},
    {"a; python_version == '3.*'", true},
    {"a; python_version ~= '3.10'", true},
    {"a; python_full_version >= '3.12.0rc1'", true},
    {"a; python_version in '2.7 3.11 3.12'", true},
    {"a; python_version not in '2.7 3.11'", true},
    {"a; '3.12' == python_version", true},
    {"a; sys_platform == 'win32'", false},
    {"a; sys_platform != 'win32'", true},
    {"a; sys.platform == \"linux\"", true},
    {"a; os_name == 'posix' and platform_machine == 'x86_64'", true},
    {"a; os_name == 'nt' or platform_system == 'Linux'", true},
    {"a; os_name == 'nt' or platform_system == 'Darwin'", false},
    {"a; (os_name == 'nt' or sys_platform == 'linux') and python_version >= '3'", true},
    {"a; os_name == 'nt' or sys_platform == 'linux' and python_version < '3'", false},
    {"a; os_name == 'posix' or sys_platform == 'x' and python_version < '3'", true},
    {"a; platform_python_implementation == 'CPython'", true},
    {"a; implementation_name == 'pypy'", false},
    {"a; implementation_version >= '3.12'", true},
    {"a; 'linux' in sys_platform", true},
    {"a; platform_release >= '5'", true},
    {"a; sys_platform < 'm'", true},                 /* strings */
    {"a; extra == 'test'", false},
    {"a; python_version === '3.12'", true},
    {"a; sys_platform ~= 'linux'", false},
};

Test(pep508, marker_evaluation)
{
    for (size_t i = 0; i < sizeof eval_table / sizeof eval_table[0]; i++)
        cr_expect_eq(eval(eval_table[i].req), eval_table[i].want, "%s", eval_table[i].req);
    cr_assert(eval("a"));
}

Test(pep508, extra_normalized)
{
    cr_assert(eval_extra("a; extra == 'test'", "test"));
    cr_assert(eval_extra("a; extra == 'Foo_Bar'", "foo.bar"));
    cr_assert(eval_extra("a; extra == 'foo--bar'", "FOO-bar"));
    cr_assert_not(eval_extra("a; extra == 'foo'", "bar"));
    cr_assert(eval_extra("a; extra != 'foo'", "bar"));
}

Test(pep508, custom_environment)
{
    struct pep508_req *r = parse_ok("a; python_version < '3.11' and sys_platform == 'win32'");
    struct pep508_env env;
    pep508_env_default(&env);
    env.var[PEP508_PYTHON_VERSION] = "3.9";
    env.var[PEP508_SYS_PLATFORM] = "win32";
    cr_assert(pep508_marker_eval(r->marker, &env, NULL));
    env.var[PEP508_SYS_PLATFORM] = NULL;  /* unknown reads as "" */
    cr_assert_not(pep508_marker_eval(r->marker, &env, NULL));
}

struct bad_case {
    const char *req;
    unsigned col;
};

static const struct bad_case bad_table[] = {
    {"", 1},
    {"-name", 1},
    {"name-", 5},
    {"name[", 6},
    {"name[a b]", 8},
    {"name >= 1.0 2", 12},
    {"name (>=1.0", 6},
    {"name >=1.0 ; ", 14},
    {"name; python_version", 21},
    {"name; python_version <", 23},
    {"name; python_vers < '3'", 7},
    {"name; python_version < '3", 24},
    {"name; (python_version < '3'", 7},
    {"name; python_version < '3' xor", 28},
    {"name @ ", 8},
    {"name @ http://x y", 17},
    {"name ~= 1", 9},
    {"name 1.0", 6},
    {"name; python_version not '3'", 22},
};

Test(pep508, errors_have_columns)
{
    for (size_t i = 0; i < sizeof bad_table / sizeof bad_table[0]; i++) {
        struct pep508_req *r = (void *)1;
        struct diag d;
        diag_clear(&d);
        const char *s = bad_table[i].req;
        cr_expect_not(pep508_parse(arena, s, strlen(s), &r, &d), "accepted '%s'", s);
        cr_expect_null(r);
        cr_expect_eq(d.col, bad_table[i].col, "'%s': col %u (%s)", s, d.col, d.msg);
    }
}

Test(pep508, nul_byte_rejected)
{
    struct pep508_req *r;
    cr_assert_not(pep508_parse(arena, "na\0me", 5, &r, NULL));
    cr_assert_not(pep508_parse(arena, "name>=1\0", 8, &r, NULL));
}

Test(pep508, nesting_is_capped)
{
    char buf[512];
    size_t n = (size_t)snprintf(buf, sizeof buf, "a; ");
    for (int i = 0; i < PEP508_MAX_DEPTH; i++)
        buf[n++] = '(';
    n += (size_t)snprintf(buf + n, sizeof buf - n, "os_name == 'posix'");
    for (int i = 0; i < PEP508_MAX_DEPTH; i++)
        buf[n++] = ')';
    struct pep508_req *r;
    struct diag d;
    diag_clear(&d);
    cr_assert(pep508_parse(arena, buf, n, &r, &d), "%s", d.msg);
    struct pep508_env env;
    pep508_env_default(&env);
    cr_assert(pep508_marker_eval(r->marker, &env, NULL));
    memmove(buf + 4, buf + 3, n - 3);
    buf[3] = '(';
    buf[n + 1] = ')';
    cr_assert_not(pep508_parse(arena, buf, n + 2, &r, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
}

Test(pep508, long_chains_do_not_recurse)
{
    size_t count = 3000, n = 0;
    char *buf = malloc(count * 24 + 8);
    n += (size_t)sprintf(buf, "a; ");
    for (size_t i = 0; i < count; i++)
        n += (size_t)sprintf(buf + n, "%sos_name=='x'", i ? " or " : "");
    n += (size_t)sprintf(buf + n, " or os_name=='posix'");
    struct pep508_req *r;
    cr_assert(pep508_parse(arena, buf, n, &r, NULL));
    cr_assert_eq(r->marker->nkids, count + 1);
    struct pep508_env env;
    pep508_env_default(&env);
    cr_assert(pep508_marker_eval(r->marker, &env, NULL));
    free(buf);
}
