/* Reviews file: the set, delta chains, the file format's stability, hostile
 * notes, malformed files with exact positions, and failed saves. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "depvet/audit/audits.h"
#include "depvet/core/fileio.h"

static struct audit review(enum ecosystem eco, const char *name, const char *version,
                           enum audit_criteria c)
{
    return (struct audit){.eco = eco, .name = name, .version = version, .criteria = c,
                          .kind = AUDIT_FULL, .reviewer = "", .date = "2026-11-23"};
}

static struct audit delta(enum ecosystem eco, const char *name, const char *from,
                          const char *to, enum audit_criteria c)
{
    struct audit r = review(eco, name, to, c);
    r.kind = AUDIT_DELTA;
    r.from = from;
    return r;
}

static void add_ok(struct audits *set, struct audit r)
{
    struct diag d;
    diag_clear(&d);
    cr_assert(audits_add(set, &r, &d), "add %s %s: %s", r.name, r.version, d.msg);
}

static struct audits *parse_text(const char *text, struct diag *d)
{
    diag_clear(d);
    return audits_parse(text, strlen(text), "a.toml", d);
}

/* A fresh folder under /tmp for file tests. */
static char *scratch_dir(void)
{
    char *dir = strdup("/tmp/depvet-audits-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static const char canonical[] =
    "# depvet reviews, kept sorted by depvet: see depvet-audits(5).\n"
    "\n"
    "[[audit]]\n"
    "ecosystem = \"Hex\"\n"
    "name = \"jason\"\n"
    "version = \"1.4.1\"\n"
    "criteria = \"safe-to-deploy\"\n"
    "kind = \"full\"\n"
    "reviewer = \"ana\"\n"
    "date = 2026-11-20\n"
    "\n"
    "[[audit]]\n"
    "ecosystem = \"PyPI\"\n"
    "name = \"gym\"\n"
    "version = \"0.26.2\"\n"
    "criteria = \"safe-to-run\"\n"
    "kind = \"delta\"\n"
    "from = \"0.26.1\"\n"
    "date = 2026-11-21\n"
    "note = \"line one\\nline \\\"two\\\"\\t\\u001B[31m\"\n";

Test(audits, canonical_file_resaves_byte_for_byte)
{
    struct diag d;
    struct audits *set = parse_text(canonical, &d);
    cr_assert_not_null(set, "%s", d.msg);
    cr_assert_eq(audits_count(set), 2);
    const struct audit *g = audits_at(set, 1);
    cr_assert_str_eq(g->name, "gym");
    cr_assert_eq(g->kind, AUDIT_DELTA);
    cr_assert_str_eq(g->from, "0.26.1");
    cr_assert_str_eq(g->reviewer, "");
    cr_assert_str_eq(g->note, "line one\nline \"two\"\t\x1b[31m");
    size_t len;
    char *out = audits_serialize(set, &len);
    cr_assert_eq(len, strlen(canonical));
    cr_assert_str_eq(out, canonical);
    free(out);
    audits_free(set);
}

Test(audits, sorted_by_ecosystem_name_version_criteria)
{
    struct audits *set = audits_new();
    add_ok(set, review(ECO_NPM, "left-pad", "1.0.0", AUDIT_SAFE_TO_RUN));
    add_ok(set, review(ECO_PYPI, "Zope.Interface", "1.10", AUDIT_SAFE_TO_RUN));
    add_ok(set, review(ECO_PYPI, "zope_interface", "1.9", AUDIT_SAFE_TO_DEPLOY));
    add_ok(set, review(ECO_PYPI, "zope-interface", "1.9", AUDIT_SAFE_TO_RUN));
    add_ok(set, review(ECO_HEX, "Plug", "1.0.0", AUDIT_SAFE_TO_RUN));
    add_ok(set, review(ECO_PYPI, "attrs", "23.1.0", AUDIT_SAFE_TO_RUN));
    static const struct { enum ecosystem eco; const char *name, *version;
                          enum audit_criteria c; } want_table[] = {
        {ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN},
        {ECO_PYPI, "attrs", "23.1.0", AUDIT_SAFE_TO_RUN},
        {ECO_PYPI, "zope-interface", "1.9", AUDIT_SAFE_TO_RUN},
        {ECO_PYPI, "zope-interface", "1.9", AUDIT_SAFE_TO_DEPLOY},
        {ECO_PYPI, "zope-interface", "1.10", AUDIT_SAFE_TO_RUN},
        {ECO_NPM, "left-pad", "1.0.0", AUDIT_SAFE_TO_RUN},
    };
    cr_assert_eq(audits_count(set), 6);
    for (size_t i = 0; i < 6; i++) {
        const struct audit *e = audits_at(set, i);
        cr_assert_eq(e->eco, want_table[i].eco, "entry %zu", i);
        cr_assert_str_eq(e->name, want_table[i].name);
        cr_assert_str_eq(e->version, want_table[i].version);
        cr_assert_eq(e->criteria, want_table[i].c);
    }
    cr_assert_null(audits_at(set, 6));
    audits_free(set);
}

Test(audits, add_replaces_same_key_and_remove)
{
    struct audits *set = audits_new();
    struct audit r = review(ECO_PYPI, "Requests", "2.31.0", AUDIT_SAFE_TO_RUN);
    r.note = "first";
    add_ok(set, r);
    r.name = "requests";
    r.note = "second";
    add_ok(set, r);
    cr_assert_eq(audits_count(set), 1);
    const struct audit *e = audits_find(set, ECO_PYPI, "REQUESTS", "2.31.0", AUDIT_SAFE_TO_RUN);
    cr_assert_not_null(e);
    cr_assert_str_eq(e->note, "second");
    cr_assert_null(audits_find(set, ECO_PYPI, "requests", "2.31.0", AUDIT_SAFE_TO_DEPLOY));
    cr_assert_null(audits_find(set, ECO_NPM, "requests", "2.31.0", AUDIT_SAFE_TO_RUN));
    cr_assert_not(audits_remove(set, ECO_PYPI, "requests", "2.31.1", AUDIT_SAFE_TO_RUN));
    cr_assert(audits_remove(set, ECO_PYPI, "requests", "2.31.0", AUDIT_SAFE_TO_RUN));
    cr_assert_eq(audits_count(set), 0);
    cr_assert_eq(audits_status(set, ECO_PYPI, "requests", "2.31.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_NOT_REVIEWED);
    audits_free(set);
}

Test(audits, reviewer_defaults_to_env_and_date_to_today)
{
    setenv("DEPVET_REVIEWER", "Rita", 1);
    struct audits *set = audits_new();
    struct audit r = review(ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN);
    r.reviewer = NULL;
    r.date = NULL;
    add_ok(set, r);
    const struct audit *e = audits_at(set, 0);
    cr_assert_str_eq(e->reviewer, "Rita");
    cr_assert_eq(strlen(e->date), 10);
    cr_assert_eq(e->date[4], '-');
    unsetenv("DEPVET_REVIEWER");
    r.version = "1.0.1";
    add_ok(set, r);
    cr_assert_str_eq(audits_at(set, 1)->reviewer, "");
    audits_free(set);
}

Test(audits, criteria_and_full_reviews)
{
    struct audits *set = audits_new();
    add_ok(set, review(ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_DEPLOY));
    add_ok(set, review(ECO_HEX, "plug", "1.1.0", AUDIT_SAFE_TO_RUN));
    cr_assert_eq(audits_status(set, ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_RUN), AUDIT_REVIEWED);
    cr_assert_eq(audits_status(set, ECO_HEX, "plug", "1.0.0", AUDIT_SAFE_TO_DEPLOY), AUDIT_REVIEWED);
    cr_assert_eq(audits_status(set, ECO_HEX, "Plug", "1.1.0", AUDIT_SAFE_TO_RUN), AUDIT_REVIEWED);
    cr_assert_eq(audits_status(set, ECO_HEX, "plug", "1.1.0", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_NOT_REVIEWED);
    cr_assert_eq(audits_status(set, ECO_HEX, "plug", "1.2.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_NOT_REVIEWED);
    cr_assert_eq(audits_status(set, ECO_HEX, "plugs", "1.0.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_NOT_REVIEWED);
    audits_free(set);
}

Test(audits, delta_chains)
{
    struct audits *set = audits_new();
    add_ok(set, review(ECO_PYPI, "gym", "0.26.0", AUDIT_SAFE_TO_DEPLOY));
    add_ok(set, delta(ECO_PYPI, "gym", "0.26.0", "0.26.1", AUDIT_SAFE_TO_DEPLOY));
    add_ok(set, delta(ECO_PYPI, "gym", "0.26.1", "0.26.2", AUDIT_SAFE_TO_RUN));
    add_ok(set, delta(ECO_PYPI, "gym", "0.25.0", "0.27.0", AUDIT_SAFE_TO_DEPLOY));
    cr_assert_eq(audits_status(set, ECO_PYPI, "gym", "0.26.1", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_REVIEWED_BY_DELTA);
    cr_assert_eq(audits_status(set, ECO_PYPI, "gym", "0.26.2", AUDIT_SAFE_TO_RUN),
                 AUDIT_REVIEWED_BY_DELTA);
    /* The last link is only safe-to-run. */
    cr_assert_eq(audits_status(set, ECO_PYPI, "gym", "0.26.2", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_NOT_REVIEWED);
    /* A delta from a version nobody reviewed proves nothing. */
    cr_assert_eq(audits_status(set, ECO_PYPI, "gym", "0.27.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_NOT_REVIEWED);
    /* A full review of the root makes the whole chain count. */
    add_ok(set, review(ECO_PYPI, "gym", "0.25.0", AUDIT_SAFE_TO_RUN));
    cr_assert_eq(audits_status(set, ECO_PYPI, "gym", "0.27.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_REVIEWED_BY_DELTA);
    cr_assert_eq(audits_status(set, ECO_PYPI, "gym", "0.27.0", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_NOT_REVIEWED);
    audits_free(set);
}

Test(audits, delta_cycles_end)
{
    struct audits *set = audits_new();
    add_ok(set, delta(ECO_NPM, "x", "2.0.0", "1.0.0", AUDIT_SAFE_TO_RUN));
    add_ok(set, delta(ECO_NPM, "x", "3.0.0", "2.0.0", AUDIT_SAFE_TO_RUN));
    add_ok(set, delta(ECO_NPM, "x", "1.0.0", "3.0.0", AUDIT_SAFE_TO_RUN));
    add_ok(set, delta(ECO_NPM, "x", "1.0.0", "3.0.0", AUDIT_SAFE_TO_DEPLOY));
    for (int i = 1; i <= 3; i++) {
        char v[16];
        snprintf(v, sizeof v, "%d.0.0", i);
        cr_assert_eq(audits_status(set, ECO_NPM, "x", v, AUDIT_SAFE_TO_RUN), AUDIT_NOT_REVIEWED);
    }
    /* Breaking into the cycle with one full review settles every member. */
    add_ok(set, review(ECO_NPM, "x", "2.0.0", AUDIT_SAFE_TO_RUN));
    cr_assert_eq(audits_status(set, ECO_NPM, "x", "2.0.0", AUDIT_SAFE_TO_RUN), AUDIT_REVIEWED);
    cr_assert_eq(audits_status(set, ECO_NPM, "x", "1.0.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_REVIEWED_BY_DELTA);
    cr_assert_eq(audits_status(set, ECO_NPM, "x", "3.0.0", AUDIT_SAFE_TO_RUN),
                 AUDIT_REVIEWED_BY_DELTA);
    audits_free(set);
}

Test(audits, hostile_notes_round_trip_escaped)
{
    static const char *const note_table[] = {
        "two\nlines\r\nand a \"quote\" and a \\backslash",
        "\x1b]52;c;ZXZpbA==\x07 OSC 52, \x1b[2J clear, DEL \x7f, BS \b, FF \f",
        "bidi \xe2\x80\xae" "reversed\xe2\x80\xac, C1 \xc2\x9b" "31m, BOM \xef\xbb\xbf",
        "looks like escapes: \\n \\u0041 \\U0001F600 \"\"\" ''' # not a comment",
        "\t\ttabs and unicode \xf0\x9f\x98\x80 caf\xc3\xa9",
        "[[audit]]\nname = \"forged\"",
    };
    struct audits *set = audits_new();
    char ver[16];
    for (size_t i = 0; i < sizeof note_table / sizeof *note_table; i++) {
        snprintf(ver, sizeof ver, "1.0.%zu", i);
        struct audit r = review(ECO_NPM, "evil", ver, AUDIT_SAFE_TO_RUN);
        r.note = note_table[i];
        add_ok(set, r);
    }
    char *text = audits_serialize(set, NULL);
    /* Nothing that a terminal or a diff viewer would act on is written raw. */
    for (const char *p = text; *p; p++)
        cr_assert((unsigned char)*p >= 0x20 || *p == '\n', "raw control byte in output");
    cr_assert_null(strstr(text, "\xe2\x80\xae"));
    cr_assert_null(strstr(text, "\xc2\x9b"));
    cr_assert_not_null(strstr(text, "\\u001B]52;c;"));
    cr_assert_not_null(strstr(text, "\\u202E"));
    /* Exactly one [[audit]] header per review: the forged one is inside a string. */
    size_t headers = 0;
    for (const char *p = text; (p = strstr(p, "\n[[audit]]\n")); p++)
        headers++;
    cr_assert_eq(headers, 6);
    struct diag d;
    struct audits *back = parse_text(text, &d);
    cr_assert_not_null(back, "%s", d.msg);
    cr_assert_eq(audits_count(back), 6);
    for (size_t i = 0; i < 6; i++)
        cr_assert_str_eq(audits_at(back, i)->note, note_table[i], "note %zu", i);
    char *again = audits_serialize(back, NULL);
    cr_assert_str_eq(again, text);
    free(again);
    free(text);
    audits_free(back);
    audits_free(set);
}

Test(audits, add_refuses_bad_fields)
{
    struct audits *set = audits_new();
    struct audit bad_table[10];
    for (int i = 0; i < 10; i++)
        bad_table[i] = review(ECO_PYPI, "ok", "1.0", AUDIT_SAFE_TO_RUN);
    bad_table[0].eco = ECO_UNKNOWN;
    bad_table[1].name = "";
    bad_table[2].name = "bad\x1bname";
    bad_table[3].note = "invalid \xc3\x28 utf-8";
    bad_table[4].kind = AUDIT_DELTA;                        /* no from */
    bad_table[5].kind = AUDIT_DELTA, bad_table[5].from = "1.0";  /* from == version */
    bad_table[6].from = "0.9";                              /* full with from */
    bad_table[7].date = "2026-02-30";
    bad_table[8].criteria = (enum audit_criteria)7;
    bad_table[9].version = "1.0\n";
    for (int i = 0; i < 10; i++) {
        struct diag d;
        diag_clear(&d);
        cr_assert_not(audits_add(set, &bad_table[i], &d), "case %d accepted", i);
        cr_assert(diag_failed(&d));
        cr_assert_eq(audits_count(set), 0);
    }
    audits_free(set);
}

/* Each malformed file is refused at the exact place. */
Test(audits, malformed_files_name_line_and_column)
{
    static const char head[] = "[[audit]]\necosystem = \"PyPI\"\nname = \"x\"\n";
    static const struct { const char *tail; unsigned line, col; const char *msg; } bad_table[] = {
        {"version = \"1\"\ncriteria = \"safe-to-fly\"\nkind = \"full\"\ndate = 2026-01-01\n",
         5, 12, "criteria"},
        {"version = \"1\"\ncritera = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-01\n",
         5, 11, "unknown key"},
        {"version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"full\"\ndate = \"2026-01-01\"\n",
         7, 8, "date"},
        {"version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"full\"\n", 1, 1, "lacks date"},
        {"version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"delta\"\ndate = 2026-01-01\n",
         6, 8, "needs from"},
        {"version = 1\n", 4, 11, "string"},
        {"version = \"1\"\n\"kind\\u0000\" = \"full\"\n", 5, 16, "unknown key"},
        {"version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-01\n"
         "note = \"a\\u0000b\"\n", 8, 8, "NUL"},
        {"version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-01\n"
         "note = \"unterminated\n", 8, 0, ""},
        {"version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-01\n"
         "\n[[audit]]\necosystem = \"pypi\"\nname = \"X\"\nversion = \"1\"\n"
         "criteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-02\n", 9, 1, "line 1"},
    };
    for (size_t i = 0; i < sizeof bad_table / sizeof *bad_table; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", head, bad_table[i].tail);
        struct diag d;
        struct audits *set = parse_text(text, &d);
        cr_assert_null(set, "case %zu accepted", i);
        cr_assert_str_eq(d.where, "a.toml");
        cr_assert_eq(d.line, bad_table[i].line, "case %zu: line %u (%s)", i, d.line, d.msg);
        if (bad_table[i].col)
            cr_assert_eq(d.col, bad_table[i].col, "case %zu: col %u (%s)", i, d.col, d.msg);
        cr_assert_not_null(strstr(d.msg, bad_table[i].msg), "case %zu: %s", i, d.msg);
    }
    struct diag d;
    cr_assert_null(parse_text("title = \"x\"\n", &d));
    cr_assert_eq(d.line, 1);
    cr_assert_null(parse_text("audit = 3\n", &d));
    cr_assert_null(parse_text("audit = [1]\n", &d));
}

Test(audits, identical_duplicates_collapse)
{
    static const char entry[] =
        "[[audit]]\necosystem = \"npm\"\nname = \"a\"\nversion = \"1.0.0\"\n"
        "criteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-01\n";
    char text[512];
    snprintf(text, sizeof text, "%s\n%s", entry, entry);
    struct diag d;
    struct audits *set = parse_text(text, &d);
    cr_assert_not_null(set, "%s", d.msg);
    cr_assert_eq(audits_count(set), 1);
    audits_free(set);
    set = parse_text("", &d);
    cr_assert_not_null(set);
    cr_assert_eq(audits_count(set), 0);
    audits_free(set);
}

static char *slurp(const char *path)
{
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *s = file_read(path, 1 << 20, &len, &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

Test(audits, save_load_round_trip_creates_folder)
{
    char *dir = scratch_dir(), path[512];
    snprintf(path, sizeof path, "%s/.depvet/audits.toml", dir);
    struct diag d;
    diag_clear(&d);
    struct audits *set = audits_load(path, &d);
    cr_assert_not_null(set, "missing file is an empty set: %s", d.msg);
    cr_assert_eq(audits_count(set), 0);
    add_ok(set, delta(ECO_HEX, "jason", "1.4.0", "1.4.1", AUDIT_SAFE_TO_DEPLOY));
    add_ok(set, review(ECO_HEX, "jason", "1.4.0", AUDIT_SAFE_TO_DEPLOY));
    cr_assert(audits_save(set, path, &d), "%s", d.msg);
    char *first = slurp(path);
    struct audits *back = audits_load(path, &d);
    cr_assert_not_null(back, "%s", d.msg);
    cr_assert_eq(audits_count(back), 2);
    cr_assert_eq(audits_status(back, ECO_HEX, "jason", "1.4.1", AUDIT_SAFE_TO_DEPLOY),
                 AUDIT_REVIEWED_BY_DELTA);
    cr_assert(audits_save(back, path, &d), "%s", d.msg);
    char *second = slurp(path);
    cr_assert_str_eq(first, second);
    free(first);
    free(second);
    audits_free(back);
    audits_free(set);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(dir);
}

Test(audits, failed_save_keeps_old_file)
{
    char *dir = scratch_dir(), path[512], tmp[600];
    snprintf(path, sizeof path, "%s/audits.toml", dir);
    struct diag d;
    diag_clear(&d);
    struct audits *set = audits_new();
    add_ok(set, review(ECO_NPM, "a", "1.0.0", AUDIT_SAFE_TO_RUN));
    cr_assert(audits_save(set, path, &d), "%s", d.msg);
    char *before = slurp(path);
    add_ok(set, review(ECO_NPM, "b", "1.0.0", AUDIT_SAFE_TO_RUN));
    /* Through a project folder that is a symbolic link: refused, whoever
     * runs the test (root ignores permission bits); test_fileio covers a
     * write failing half-way. */
    snprintf(tmp, sizeof tmp, "%s/link", dir);
    cr_assert_eq(symlink(dir, tmp), 0);
    char via[700];
    snprintf(via, sizeof via, "%s/audits.toml", tmp);
    diag_clear(&d);
    cr_assert_not(audits_save(set, via, &d));
    cr_assert_eq(d.code, DIAG_IO);
    char *after = slurp(path);
    cr_assert_str_eq(after, before);
    unlink(tmp);
    if (geteuid() != 0) {
        /* An unwritable folder, too. */
        cr_assert_eq(chmod(dir, 0555), 0);
        diag_clear(&d);
        cr_assert_not(audits_save(set, path, &d));
        chmod(dir, 0755);
        char *still = slurp(path);
        cr_assert_str_eq(still, before);
        free(still);
    }
    /* A folder that cannot be created. */
    char deep[600];
    snprintf(deep, sizeof deep, "%s/audits.toml/x/audits.toml", dir);
    diag_clear(&d);
    cr_assert_not(audits_save(set, deep, &d));
    free(before);
    free(after);
    audits_free(set);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(dir);
}

Test(audits, malformed_file_on_disk_names_path)
{
    char *dir = scratch_dir(), path[512];
    snprintf(path, sizeof path, "%s/audits.toml", dir);
    struct diag d;
    diag_clear(&d);
    static const char text[] = "[[audit]]\necosystem = \"cobol\"\nname = \"x\"\n"
        "version = \"1\"\ncriteria = \"safe-to-run\"\nkind = \"full\"\ndate = 2026-01-01\n";
    cr_assert(file_write_atomic(path, text, strlen(text), &d));
    cr_assert_null(audits_load(path, &d));
    cr_assert_str_eq(d.where, path);
    cr_assert_eq(d.line, 2);
    cr_assert_eq(d.col, 13);
    char *still = slurp(path);
    cr_assert_str_eq(still, text);
    free(still);
    unlink(path);
    rmdir(dir);
    free(dir);
}
