/* Scanner rule files: the shipped set, errors with positions, the digest,
 * globs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/analysis/rules.h"
#include "helpers.h"

static struct rule_set *load_text(const char *text, struct diag *d)
{
    struct rule_set *rs = rules_new();
    diag_clear(d);
    if (!rules_add(rs, text, strlen(text), "t.toml", d) || !rules_finish(rs, d)) {
        rules_free(rs);
        return NULL;
    }
    return rs;
}

static struct rule_set *load_shipped(void)
{
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/rules", test_srcdir());
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_load_dir(dir, &d);
    cr_assert_not_null(rs, "%s:%u:%u: %s", d.where, d.line, d.col, d.msg);
    return rs;
}

Test(rules, shipped_rules_load_and_cover_each_ecosystem)
{
    struct rule_set *a = load_shipped(), *b = load_shipped();
    cr_assert_gt(a->n_rules, 40);
    cr_assert_str_eq(a->digest_hex, b->digest_hex);
    cr_assert_eq(strlen(a->digest_hex), 64);
    unsigned per_eco[4] = {0};
    for (size_t i = 0; i < a->n_rules; i++) {
        const struct scan_rule *r = &a->rules[i];
        cr_assert(r->n_patterns || r->binaries, "%s", r->id);
        cr_assert(r->message && *r->message, "%s", r->id);
        for (unsigned e = ECO_HEX; e <= ECO_NPM; e++)
            per_eco[e] += (r->ecosystems & (1u << e)) != 0;
        if (i)
            cr_assert_lt(strcmp(a->rules[i - 1].id, r->id), 0);
    }
    cr_assert_geq(per_eco[ECO_HEX], 10);
    cr_assert_geq(per_eco[ECO_PYPI], 15);
    cr_assert_geq(per_eco[ECO_NPM], 8);
    const struct scan_rule *r = rules_find(a, "npm-install-script");
    cr_assert_not_null(r);
    cr_assert_eq(r->severity, SCAN_SEV_HIGH);
    cr_assert_null(rules_find(a, "no-such-rule"));
    rules_free(a);
    rules_free(b);
}

static const char good[] =
    "# comment\n"
    "[[rule]]\n"
    "id = \"demo\"\n"
    "severity = \"medium\"\n"
    "ecosystems = [\"pypi\"]\n"
    "files = [\"*.py\"]\n"
    "patterns = ['eval\\(']\n"
    "message = \"m\"\n";

Test(rules, digest_ignores_layout_but_not_content)
{
    struct diag d;
    struct rule_set *a = load_text(good, &d);
    cr_assert_not_null(a, "%s", d.msg);
    /* Same rule, other comments and spacing. */
    struct rule_set *b = load_text(
        "[[rule]]\nid='demo'\nseverity='medium'\necosystems=['pypi']\n"
        "files=['*.py']\npatterns=[\"eval\\\\(\"]\nmessage='m'\n", &d);
    cr_assert_not_null(b, "%s", d.msg);
    cr_assert_str_eq(a->digest_hex, b->digest_hex);
    struct rule_set *c = load_text(
        "[[rule]]\nid='demo'\nseverity='medium'\necosystems=['pypi']\n"
        "files=['*.py']\npatterns=['exec\\(']\nmessage='m'\n", &d);
    cr_assert_not_null(c);
    cr_assert_str_neq(a->digest_hex, c->digest_hex);
    struct rule_set *e = load_text(
        "[[rule]]\nid='demo'\nseverity='medium'\necosystems=['pypi']\n"
        "files=['*.py']\npatterns=['eval\\(']\nmessage='m'\ncaseless=true\n", &d);
    cr_assert_not_null(e);
    cr_assert_str_neq(a->digest_hex, e->digest_hex);
    rules_free(a);
    rules_free(b);
    rules_free(c);
    rules_free(e);
}

struct bad_case {
    const char *text;
    unsigned line, col;     /* col 0: not checked */
    const char *msg_part;
};

static const struct bad_case bad_table[] = {
    {"[[rule]]\nid='x'\nseverity='urgent'\npatterns=['a']\nmessage='m'\n", 3, 10, "severity"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\nmessage='m'\nfile=['*']\n", 6, 0,
     "unknown key"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['ab(c']\nmessage='m'\n", 4, 16, "bad pattern"},
    {"[[rule]]\nid='x'\nseverity='low'\nmessage='m'\n", 1, 0, "patterns"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\nmessage='m'\nwithin=3\n", 6, 0,
     "without"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\nmessage='m'\nnear='b'\nwithin=-2\n",
     7, 0, "within"},
    {"[[rule]]\nid='X Y'\nseverity='low'\npatterns=['a']\nmessage='m'\n", 2, 0, "rule id"},
    {"[[rule]]\nid='x'\nseverity='low'\nruntime_severity='high'\npatterns=['a']\nmessage='m'\n",
     4, 0, "above severity"},
    {"[[rule]]\nid='x'\nseverity='low'\nruntime_severity='never'\npatterns=['a']\nmessage='m'\n",
     4, 0, "runtime_severity"},
    {"[[rule]]\nid='x'\nseverity='low'\nview='tokens'\npatterns=['a']\nmessage='m'\n", 4, 0,
     "use code, bare or raw"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\nmessage='m'\nnear='b'\nwithin='fn'\n",
     7, 0, "function"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\n", 1, 0, "message"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=[]\nmessage='m'\n", 4, 0, "patterns"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\nmessage='m'\necosystems=['cargo']\n",
     6, 0, "ecosystem"},
    {"[[rule]]\nid='x'\nseverity='low'\nbinaries=['jpeg']\nmessage='m'\n", 4, 0, "binary"},
    {"[meta]\nx=1\n", 1, 0, "top-level"},
    {"[[rule]]\nid='x'\nseverity='low'\npatterns=['a']\nmessage='m'\n"
     "[[rule]]\nid='x'\nseverity='low'\npatterns=['b']\nmessage='m'\n", 0, 0, "also defined"},
    {"[[rule]\nid='x'\n", 1, 0, ""},
};

Test(rules, errors_name_file_line_and_column)
{
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        struct diag d;
        struct rule_set *rs = load_text(bad_table[i].text, &d);
        cr_assert_null(rs, "case %zu loaded", i);
        cr_assert(diag_failed(&d));
        cr_assert(strstr(d.where, "t.toml"), "case %zu: where %s", i, d.where);
        if (bad_table[i].line)
            cr_assert_eq(d.line, bad_table[i].line, "case %zu: line %u (%s)", i, d.line, d.msg);
        if (bad_table[i].col)
            cr_assert_eq(d.col, bad_table[i].col, "case %zu: col %u (%s)", i, d.col, d.msg);
        cr_assert(strstr(d.msg, bad_table[i].msg_part), "case %zu: %s", i, d.msg);
    }
}

Test(rules, load_dir_errors)
{
    struct diag d;
    diag_clear(&d);
    cr_assert_null(rules_load_dir("/nonexistent/rules", &d));
    cr_assert_eq(d.code, DIAG_IO);
}

struct glob_case {
    const char *glob, *path;
    bool match;
};

static const struct glob_case glob_table[] = {
    {"*.py", "pkg-1.0/pkg/mod.py", true},
    {"*.py", "pkg-1.0/pkg/mod.pyc", false},
    {"setup.py", "pkg-1.0/setup.py", true},
    {"setup.py", "pkg-1.0/xsetup.py", false},
    {"priv/*.so", "pkg/priv/x.so", true},
    {"priv/*.so", "pkg/priv/sub/x.so", false},
    {"priv/**.so", "pkg/priv/sub/x.so", true},
    {"test/**", "package/test/a/b.js", true},
    {"test/**", "package/src/b.js", false},
    {"**/*.js", "a.js", true},
    {"?.js", "package/a.js", true},
    {"?.js", "package/ab.js", false},
    {"*", "", true},
    /* "*" and plain bytes: a suffix of the name, not of a folder. */
    {"*", "package/x", true},
    {"*.d.ts", "package/a.d.ts", true},
    {"*.js", "package/js", false},
    {"*js", "package/xjs", true},
    {"*.js", "package/a.js/b", false},
    {"*.js", "package/.js", true},
    {"a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
};

Test(rules, globs)
{
    for (size_t i = 0; i < sizeof(glob_table) / sizeof(*glob_table); i++)
        cr_assert_eq(rules_glob_match(glob_table[i].glob, glob_table[i].path),
                     glob_table[i].match, "%s ~ %s", glob_table[i].glob, glob_table[i].path);
}

Test(rules, applies_by_ecosystem_files_and_exclude)
{
    struct diag d;
    struct rule_set *rs = load_text(
        "[[rule]]\nid='x'\nseverity='low'\necosystems=['npm']\nfiles=['*.js']\n"
        "exclude=['dist/**']\npatterns=['a']\nmessage='m'\n", &d);
    cr_assert_not_null(rs, "%s", d.msg);
    const struct scan_rule *r = &rs->rules[0];
    cr_assert(rules_applies(r, ECO_NPM, "package/index.js"));
    cr_assert(rules_applies(r, ECO_UNKNOWN, "package/index.js"));
    cr_assert_not(rules_applies(r, ECO_PYPI, "package/index.js"));
    cr_assert_not(rules_applies(r, ECO_NPM, "package/dist/index.js"));
    cr_assert_not(rules_applies(r, ECO_NPM, "package/index.ts"));
    rules_free(rs);
}

Test(rules, severity_names)
{
    enum scan_severity s;
    cr_assert(rules_severity_parse("CRITICAL", &s));
    cr_assert_eq(s, SCAN_SEV_CRITICAL);
    cr_assert_not(rules_severity_parse("severe", &s));
    cr_assert_not(rules_severity_parse(NULL, &s));
    cr_assert_str_eq(rules_severity_name(SCAN_SEV_INFO), "info");
    cr_assert_str_eq(rules_severity_name(SCAN_SEV_COUNT), "?");
}
