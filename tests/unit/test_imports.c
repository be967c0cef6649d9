/* Imports: [imports.NAME] in a project's config (which URLs it may name,
 * the criteria it may satisfy), imports.lock (round trip, editing,
 * malformed input with positions) and merging another team's reviews into
 * a copy (criteria capped, the project's own entries kept). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/audit/audits.h"
#include "depvet/audit/imports_lock.h"
#include "depvet/engine/config.h"

static const char *const sha_a =
    "6e7714cc65e9c8980fec7eab370ad08d016ae841ab5164c1893c2661f4a28b1e";
static const char *const sha_b =
    "0000000000000000000000000000000000000000000000000000000000000001";

struct bad_case {
    const char *text;
    unsigned line, col;
    const char *msg;
};

/* d says msg at line:col of case i. */
static void expect_at(const struct diag *d, size_t i, const struct bad_case *c)
{
    cr_expect(strstr(d->msg, c->msg), "%zu: %s", i, d->msg);
    cr_expect_eq(d->line, c->line, "%zu: line %u", i, d->line);
    cr_expect_eq(d->col, c->col, "%zu: col %u", i, d->col);
}

static bool read_cfg(struct engine_config *c, const char *text, struct diag *d)
{
    engine_config_init(c);
    diag_clear(d);
    return engine_config_read_buf(c, text, strlen(text), "config.toml", false, d);
}

Test(imports, project_config_names_imports)
{
    struct engine_config c;
    struct diag d;
    cr_assert(read_cfg(&c, "[imports.acme]\nurl = \"https://example.org/audits.toml\"\n"
                           "criteria = [\"safe-to-run\", \"safe-to-deploy\"]\n"
                           "[imports.local-test]\nurl = \"http://127.0.0.1:8080/a.toml\"\n"
                           "criteria = [\"safe-to-run\"]\n", &d), "%s", d.msg);
    cr_assert_eq(c.n_imports, 2);
    cr_assert_str_eq(c.imports[0].name, "acme");
    cr_assert_eq(c.imports[0].criteria, AUDIT_SAFE_TO_DEPLOY);
    cr_assert_eq(c.imports[1].criteria, AUDIT_SAFE_TO_RUN);
}

Test(imports, config_refuses_what_a_project_must_not_ask)
{
    static const struct bad_case bad_table[] = {
        {"[imports.a]\nurl = \"file:///etc/passwd\"\ncriteria = [\"safe-to-run\"]\n", 2, 7,
         "the url must be https://"},
        {"[imports.a]\nurl = \"http://example.org/x\"\ncriteria = [\"safe-to-run\"]\n", 2, 7,
         "http:// only to"},
        {"[imports.a]\nurl = \"https://u:p@example.org/x\"\ncriteria = [\"safe-to-run\"]\n", 2,
         7, "https://"},
        {"[imports.a]\nurl = \"https://example.org/x\"\n", 1, 1, "needs criteria"},
        {"[imports.a]\nurl = \"https://example.org/x\"\ncriteria = [\"safe\"]\n", 3, 13,
         "safe-to-run"},
        {"[imports.a]\nurl = \"https://example.org/x\"\ncriteria = []\n", 3, 12, "a list"},
        {"[imports.a]\nurl = \"https://example.org/x\"\ntoken = \"x\"\ncriteria = "
         "[\"safe-to-run\"]\n", 3, 9, "unknown key 'token'"},
        {"[imports.\"a b\"]\nurl = \"https://example.org/x\"\n", 1, 1, "import name"},
    };
    for (size_t i = 0; i < sizeof bad_table / sizeof *bad_table; i++) {
        struct engine_config c;
        struct diag d;
        cr_assert_not(read_cfg(&c, bad_table[i].text, &d), "%zu accepted", i);
        expect_at(&d, i, &bad_table[i]);
    }
    cr_assert(engine_config_import_url_ok("http://localhost:9/a"));
    cr_assert(engine_config_import_url_ok("http://[::1]:9/a"));
    cr_assert(engine_config_import_url_ok("http://127.0.0.2/a"));
    cr_assert_not(engine_config_import_url_ok("http://127.0.0.1.example.org/a"));
    cr_assert_not(engine_config_import_url_ok("http://localhost.example.org/a"));
    cr_assert_not(engine_config_import_url_ok("https:///a"));
}

Test(imports, lock_round_trip_and_edit)
{
    struct imports_lock l;
    imports_lock_init(&l);
    cr_assert(imports_lock_set(&l, "zeta", "https://z.example/a.toml", sha_a));
    cr_assert(imports_lock_set(&l, "acme", "https://a.example/a.toml", sha_b));
    cr_assert_not(imports_lock_set(&l, "bad name", "https://a.example/", sha_a));
    cr_assert_not(imports_lock_set(&l, "x", "https://a.example/", "ABC"));
    size_t len;
    char *text = imports_lock_serialize(&l, &len);
    cr_assert(strstr(text, "[imports.acme]\nurl = \"https://a.example/a.toml\"\nsha256 = \""));
    cr_assert(strstr(text, "[imports.acme]") < strstr(text, "[imports.zeta]"), "sorted");
    struct imports_lock back;
    struct diag d;
    diag_clear(&d);
    cr_assert(imports_lock_parse(&back, text, len, "imports.lock", &d), "%s", d.msg);
    size_t len2;
    char *again = imports_lock_serialize(&back, &len2);
    cr_assert_eq(len, len2);
    cr_assert_str_eq(text, again, "byte for byte");
    cr_assert_str_eq(imports_lock_find(&back, "zeta")->sha256, sha_a);
    cr_assert(imports_lock_remove(&back, "zeta"));
    cr_assert_null(imports_lock_find(&back, "zeta"));
    cr_assert_not(imports_lock_remove(&back, "zeta"));
    free(text);
    free(again);
}

Test(imports, malformed_lock_names_line_and_column)
{
    static const struct bad_case bad_table[] = {
        {"[imports.a]\nurl = \"https://x\"\nsha256 = \"abc\"\n", 3, 10, "64 lower-case hex"},
        {"[imports.a]\nurl = \"https://x\"\n", 1, 1, "lacks sha256"},
        {"[imports.a]\nurl = 1\n", 2, 7, "must be a string"},
        {"[imports.a]\nurl = \"https://x\"\nextra = 1\n", 3, 9, "unknown key"},
        {"[other]\n", 1, 1, "unknown top-level key"},
        {"imports = 3\n", 1, 11, "[imports.NAME] tables"},
        {"[imports.\"a/b\"]\nurl = \"https://x\"\n", 1, 1, "an import's name"},
        {"[imports.a]\nurl = \"https://x\\u0007\"\n", 2, 7, "a URL on one line"},
    };
    for (size_t i = 0; i < sizeof bad_table / sizeof *bad_table; i++) {
        struct imports_lock l;
        struct diag d;
        diag_clear(&d);
        cr_assert_not(imports_lock_parse(&l, bad_table[i].text, strlen(bad_table[i].text),
                                         "imports.lock", &d), "%zu accepted", i);
        expect_at(&d, i, &bad_table[i]);
        cr_expect_eq(l.n, 0);
    }
}

Test(imports, merged_reviews_are_capped_and_ours_kept)
{
    static const char *const ours_text =
        "[[audit]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.1\"\n"
        "criteria = \"safe-to-run\"\nkind = \"full\"\nreviewer = \"us\"\ndate = 2026-11-01\n";
    static const char *const theirs_text =
        "[[audit]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.1\"\n"
        "criteria = \"safe-to-deploy\"\nkind = \"full\"\nreviewer = \"them\"\ndate = 2026-11-02\n"
        "[[audit]]\necosystem = \"npm\"\nname = \"topbar\"\nversion = \"2.0.2\"\n"
        "criteria = \"safe-to-deploy\"\nkind = \"full\"\ndate = 2026-11-02\n"
        "[[exemption]]\necosystem = \"npm\"\nname = \"left-pad\"\nversion = \"1.0.0\"\n"
        "criteria = \"safe-to-deploy\"\nreason = \"theirs\"\n";
    struct diag d;
    diag_clear(&d);
    struct audits *ours = audits_parse(ours_text, strlen(ours_text), "a.toml", &d);
    struct audits *theirs = audits_parse(theirs_text, strlen(theirs_text), "b.toml", &d);
    cr_assert(ours && theirs, "%s", d.msg);
    struct audits *copy = audits_clone(ours);
    cr_assert_eq(audits_import(copy, theirs, AUDIT_SAFE_TO_RUN), 1, "2.0.1 is ours already");
    cr_assert_str_eq(audits_find(copy, ECO_NPM, "topbar", "2.0.1", AUDIT_SAFE_TO_RUN)->reviewer,
                     "us");
    cr_assert_eq(audits_status(copy, ECO_NPM, "topbar", "2.0.2", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_NOT_REVIEWED, "capped at safe-to-run");
    cr_assert_eq(audits_status(copy, ECO_NPM, "topbar", "2.0.2", AUDIT_SAFE_TO_RUN),
                 AUDIT_REVIEWED);
    cr_assert_eq(audits_table_count(copy, AUDIT_TAB_EXEMPTION), 0, "their exemptions stay theirs");
    cr_assert_eq(audits_count(ours), 1, "the project's set is untouched");
    audits_free(copy);
    copy = audits_clone(ours);
    cr_assert_eq(audits_import(copy, theirs, AUDIT_SAFE_TO_DEPLOY), 2);
    cr_assert_eq(audits_status(copy, ECO_NPM, "topbar", "2.0.1", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_REVIEWED);
    audits_free(copy);
    audits_free(ours);
    audits_free(theirs);
}
