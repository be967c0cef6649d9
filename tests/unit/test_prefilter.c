/* The scanner's prefilter: required literals drawn from the rule patterns,
 * and scans with the prefilter giving exactly the hits of scans without it
 * (every fixture file, every demo archive, the shared corpus when present). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "depvet/analysis/archive.h"
#include "depvet/analysis/hex_tarball.h"
#include "depvet/analysis/literals.h"
#include "depvet/analysis/prefilter.h"
#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "helpers.h"
#include "rules_helper.h"

/* ---- literal extraction -------------------------------------------------- */

struct lit_case {
    const char *pattern;
    bool caseless;
    const char *strings;   /* "|"-joined, sorted as extracted; NULL: no factor */
    long pre;              /* pre_max, -1 unbounded */
};

static const struct lit_case lit_case_table[] = {
    {"\\bcmdclass\\s*=\\s*\\{", false, "cmdclass", 0},
    {"\\bos\\.(?:system|popen)\\s*\\(", false, "os.system|os.popen", 0},
    {"(?<![.\\w])(?:exec|eval)\\s*\\(", false, "exec|eval", 0},
    {"^import[ \\t]", false, "import |import\t", 0},
    {"\"(?:pre|post)?install\"\\s*:", false, "\"preinstall\"|\"postinstall\"|\"install\"", 0},
    {"node\\s+(?:\\./)?[\\w./-]+(?:\\.[cm]?js)?", false, "node", 0},
    /* The literal may sit after an unbounded prefix. */
    {"\\b\\w+\\.grab\\s*\\(", false, ".grab", -1},
    {"\\bdns\\.(?:lookup|resolve\\w*)\\s*\\(", false, "lookup|resolve", 4},
    /* A literal that bounds where PCRE2 starts beats a rarer one after
     * [\s\S]: that one would have PCRE2 start at the file's top. */
    {"\\b(\\w+)\\s*=\\s*\\w+\\.(?:child|ref)\\([\\s\\S]{0,400}?\\bprocess\\.env\\b", false,
     ".child(|.ref(", -1},
    /* Optional and alternative parts give no literal of their own. */
    {"(?:curl)?wget|fetch", false, "curlwget|wget|fetch", 0},
    {"a?b?c?", false, NULL, 0},
    {"exec|\\w+", false, NULL, 0},
    {"x{0,3}yz", false, NULL, 0},
    /* Caseless strings come in each spelling of k and s (U+212A, U+017F),
     * or with more than three of them are cut around them. */
    {"(?i)powershell", false, "powershell|power\xC5\xBFhell", 0},
    {"webhook\\.site", true,
     "webhook.site|webhoo\xE2\x84\xAA.site|webhook.\xC5\xBFite|webhoo\xE2\x84\xAA.\xC5\xBFite", 0},
    {"(?i)^\\s*cm(?:st)p\\b", false, "cmstp|cm\xC5\xBFtp", -1},
    {"(?i)mask", false, "mask|ma\xC5\xBFk|mas\xE2\x84\xAA|ma\xC5\xBF\xE2\x84\xAA", 0},
    /* \K moves only the start PCRE2 reports, not the match. */
    {"ab\\Kcdef", false, "abcdef", 0},
    /* Unknown syntax: no factor rather than a wrong one. */
    {"(?x) e x e c", false, NULL, 0},
    {"(?(1)abc|def)", false, NULL, 0},
};

static void join(const struct literal_factor *f, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; i < f->n; i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%.*s", i ? "|" : "", (int)f->lens[i],
                 f->strings[i]);
}

Test(prefilter, literals_of_patterns)
{
    for (size_t i = 0; i < sizeof(lit_case_table) / sizeof(lit_case_table[0]); i++) {
        const struct lit_case *c = &lit_case_table[i];
        struct arena *a = arena_new();
        struct literal_factor f;
        const char *why = NULL;
        bool ok = literals_extract(c->pattern, strlen(c->pattern), c->caseless, a, &f, &why);
        if (!c->strings) {
            cr_expect(!ok, "%s: expected no factor", c->pattern);
        } else {
            char got[512];
            cr_assert(ok, "%s: %s", c->pattern, why);
            join(&f, got, sizeof(got));
            cr_expect_str_eq(got, c->strings, "%s: got %s", c->pattern, got);
            cr_expect_eq((long)(f.pre_max == LITERALS_UNBOUNDED ? -1 : (long)f.pre_max), c->pre,
                         "%s: pre %zu", c->pattern, f.pre_max);
        }
        arena_free(a);
    }
}

Test(prefilter, runs_and_nonascii)
{
    struct arena *a = arena_new();
    struct literal_factor f;
    const char *why;
    const char *b64 = "b?[\"'][A-Za-z0-9+/]{300,}={0,2}[\"']";
    cr_assert(literals_extract(b64, strlen(b64), false, a, &f, &why), "%s", why);
    cr_expect_eq(f.run, 300);   /* all of it: looked for one byte in 300 */
    cr_expect(literals_bytes_has(&f.run_bytes, 'Q') && !literals_bytes_has(&f.run_bytes, '-'));
    const char *mixed = "[A-Za-z][\\p{Cyrillic}\\p{Greek}]";
    cr_assert(literals_extract(mixed, strlen(mixed), false, a, &f, &why), "%s", why);
    cr_expect(f.nonascii && f.n == 0 && f.pre_max == 1);
    /* The bytes before the literal bound where a match starts: not '\n'. */
    cr_expect(!literals_bytes_has(&f.pre_bytes, '\n') && literals_bytes_has(&f.pre_bytes, 'q'));
    arena_free(a);
}

/* Patterns without a literal get a guard expression; too weak ones none. */
Test(prefilter, guards_for_patterns_without_a_literal)
{
    static const struct {
        const char *pattern, *guard;
    } guard_table[] = {
        {"\\b(?:os|fs)\\s*\\[", "(?:\\x6F\\x73|\\x66\\x73)(?:[\\x09-\\x0D\\x20]){0,}\\x5B"},
        {"\\w+\\(\\s*[\"'](?:[2-7][0-9a-f]){3,}",
         "\\x28(?:[\\x09-\\x0D\\x20]){0,}[\\x22\\x27](?:(?:[\\x32-\\x37][\\x30-\\x39\\x61-\\x66])){3,}"},
        /* Four caseless k and s: no literal (cut between them), a guard. */
        {"(?i)^\\s*sk(?:ss)k\\b",
         "(?:[\\x73\\x53]|\\xC5\\xBF)(?:[\\x6B\\x4B]|\\xE2\\x84\\xAA)(?:(?:[\\x73\\x53]|\\xC5\\xBF)"
         "(?:[\\x73\\x53]|\\xC5\\xBF))(?:[\\x6B\\x4B]|\\xE2\\x84\\xAA)"},
        {"\\w+\\s*=\\s*\\d", NULL},
        {"(\\w)\\1{5}", NULL},
    };
    struct arena *a = arena_new();
    for (size_t i = 0; i < sizeof(guard_table) / sizeof(guard_table[0]); i++) {
        struct literal_factor f;
        const char *why = NULL, *p = guard_table[i].pattern;
        bool ok = literals_extract(p, strlen(p), false, a, &f, &why);
        if (!guard_table[i].guard) {
            cr_expect(!ok, "%s: expected no factor, got %s", p, ok && f.guard ? f.guard : "strings");
            continue;
        }
        cr_assert(ok, "%s: %s", p, why);
        cr_expect_eq(f.n, 0);
        cr_expect_str_eq(f.guard ? f.guard : "(none)", guard_table[i].guard, "%s", p);
        cr_expect(prefilter_factor_ok(&f), "%s: vectorscan refuses %s", p, f.guard);
    }
    arena_free(a);
}

/* ---- the same hits with and without ------------------------------------- */

struct pair {
    struct scanner *on, *off;
};

static void pair_init(struct pair *p, const struct rule_set *rs)
{
    p->on = scanner_new(rs, ECO_UNKNOWN);
    p->off = scanner_new(rs, ECO_UNKNOWN);
    scanner_set_prefilter(p->off, false);
    scanner_set_max_hits(p->on, 0);
    scanner_set_max_hits(p->off, 0);
}

/* Finishes both scans and compares them hit for hit; returns the hits. */
static size_t pair_compare(struct pair *p, const char *what)
{
    struct scan_result *a = scanner_finish(p->on), *b = scanner_finish(p->off);
    for (size_t i = 0; getenv("PF_DEBUG") && i < a->n_hits; i++)
        cr_log_info("%s:%u %s", a->hits[i].file, a->hits[i].line, a->hits[i].rule);
    struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
    scanner_result_serialize(a, &sa);
    scanner_result_serialize(b, &sb);
    cr_expect_eq(a->n_hits, b->n_hits, "%s: %zu hits with the prefilter, %zu without", what,
                 a->n_hits, b->n_hits);
    cr_expect_str_eq(strbuf_str(&sa), strbuf_str(&sb), "%s: hits differ", what);
    size_t n = a->n_hits;
    strbuf_fini(&sa);
    strbuf_fini(&sb);
    scanner_result_free(a);
    scanner_result_free(b);
    return n;
}

static void pair_free(struct pair *p)
{
    scanner_free(p->on);
    scanner_free(p->off);
}

/* One text through a fresh pair, compared; returns the hits. */
static size_t pair_text(const struct rule_set *rs, const char *path, const char *text,
                        size_t len)
{
    struct pair p;
    pair_init(&p, rs);
    scanner_file(p.on, path, text, len);
    scanner_file(p.off, path, text, len);
    size_t n = pair_compare(&p, path);
    pair_free(&p);
    return n;
}

struct walk_stats {
    size_t files, archives, hits;
};

/* One archive through both scanners (a Hex tarball through its contents). */
static void archive_both(struct pair *p, const char *path, const char *buf, size_t len,
                         struct walk_stats *st)
{
    struct archive_listing *l;
    struct hex_tarball *ht;
    const struct archive_listing *use = test_package_files(path, buf, len, &l, &ht);
    if (!use)
        return;
    scanner_listing(p->on, use);
    scanner_listing(p->off, use);
    st->hits += pair_compare(p, path);
    st->archives++;
    hex_tarball_free(ht);
    archive_listing_free(l);
}

/* Every regular file under dir as a text file, every archive as one. */
static void walk_both(struct pair *p, const char *dir, struct walk_stats *st, unsigned depth)
{
    DIR *dh = opendir(dir);
    if (!dh || depth > 12) {
        if (dh)
            closedir(dh);
        return;
    }
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            walk_both(p, path, st, depth + 1);
            continue;
        }
        if (!S_ISREG(sb.st_mode) || sb.st_size > (64 << 20))
            continue;
        struct diag d;
        diag_clear(&d);
        size_t len;
        char *buf = file_read(path, 64u << 20, &len, &d);
        if (!buf)
            continue;
        if (test_archive_name(e->d_name)) {
            archive_both(p, path, buf, len, st);
        } else {
            scanner_file(p->on, path, buf, len);
            scanner_file(p->off, path, buf, len);
            st->hits += pair_compare(p, path);
            st->files++;
        }
        free(buf);
    }
    closedir(dh);
}

Test(prefilter, same_hits_on_fixtures_and_demo_archives, .timeout = 600)
{
    struct rule_set *rs = rules_shipped();
    cr_assert_not_null(rs->prefilter, "prefilter not built: %s", rs->prefilter_note);
    cr_expect_gt(rs->n_prefiltered, rs->n_patterns * 9 / 10, "%zu of %zu patterns",
                 rs->n_prefiltered, rs->n_patterns);
    struct pair p;
    pair_init(&p, rs);
    static const char *const dir_table[] = {"tests/fixtures", "examples", "rules", NULL};
    struct walk_stats st = {0};
    for (unsigned i = 0; dir_table[i]; i++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/%s", test_srcdir(), dir_table[i]);
        walk_both(&p, dir, &st, 0);
    }
    cr_expect_gt(st.archives, 50, "demo archives scanned: %zu", st.archives);
    cr_expect_gt(st.hits, 5, "hits compared: %zu", st.hits);
    pair_free(&p);
    rules_free(rs);
}

/* Real packages, when the shared corpus is here (never copied in). */
Test(prefilter, same_hits_on_the_corpus, .timeout = 900)
{
    const char *shared = getenv("DEPVET_SHARED");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/corpus/tarballs", shared ? shared : "../shared");
    struct stat sb;
    if (stat(dir, &sb) != 0)
        cr_skip_test("no corpus at %s", dir);
    struct rule_set *rs = rules_shipped();
    struct pair p;
    pair_init(&p, rs);
    struct walk_stats st = {0};
    walk_both(&p, dir, &st, 0);
    cr_log_info("corpus: %zu archives, %zu hits compared", st.archives, st.hits);
    /* GuardDog's malicious samples: the guarded patterns' hits are there. */
    struct walk_stats gd = {0};
    if (test_corpus("scanner/guarddog-tests", dir, sizeof(dir)))
        walk_both(&p, dir, &gd, 0);
    cr_log_info("guarddog-tests: %zu files, %zu hits compared", gd.files, gd.hits);
    pair_free(&p);
    rules_free(rs);
}

/* Guarded patterns find what PCRE2 alone finds: over lines (\s* takes
 * newlines), with U+017F for a caseless s, after invalid UTF-8, several
 * on one line, and nothing where the guard fires but the pattern fails. */
Test(prefilter, guarded_patterns_give_the_same_hits)
{
    static const char rules[] =
        "[[rule]]\nid='t-idx'\nseverity='high'\npatterns=['\\b(?:os|fs)\\s*\\[\\s*[^\\]\\n]{1,200}\\]\\s*\\(']\n"
        "message='m'\n"
        "[[rule]]\nid='t-hex'\nseverity='low'\npatterns=['\\b[\\w$]+\\s*\\(\\s*[\"\\x27](?:[2-7][0-9a-f]){3,}[\"\\x27]\\s*\\)']\n"
        "message='m'\n"
        "[[rule]]\nid='t-lol'\nseverity='low'\npatterns=['(?i)(?:[\"\\x27;]|^)[ \\t]*(?:cmstp|mshta)(?:\\.exe)?\\s']\n"
        "message='m'\n";
    struct rule_set *rs = rules_from_text(rules, "t.toml");
    cr_assert_eq(rs->n_prefiltered, 3, "guarded: %zu", rs->n_prefiltered);
    static const char text[] =
        "x = os\n  [ 'ev' + 'al' ]\n ( 1 )\n"            /* over three lines */
        "y = fs['a'] + fs[\xff\xfe'b'](2); z = os [q] (3)\n"   /* invalid UTF-8, twice */
        "fs[1]; os['x'].call(1)\n"                          /* guard-like, no match */
        "w = dec('4a6b7c')\nv = dec ( \"2a3b\" )\n"          /* a hit, too short */
        "  CM\xC5\xBFTP.exe /s x\n'mshta\tu'\n";             /* long s, a tab */
    size_t n = pair_text(rs, "t.js", text, sizeof(text) - 1);
    cr_expect_eq(n, 5, "%zu hits", n);   /* one per rule and line */
    rules_free(rs);
}

/* Caseless k and s also match U+212A and U+017F in PCRE2: the prefilter
 * must not lose such a match, and it may not invent one. */
Test(prefilter, caseless_k_and_s_and_long_lines)
{
    static const char rules[] =
        "[[rule]]\nid='t-ks'\nseverity='high'\ncaseless=true\npatterns=['webhook\\.site/x']\n"
        "message='m'\n"
        "[[rule]]\nid='t-line'\nseverity='low'\npatterns=['\\b\\w+\\.grab\\s*\\(']\nmessage='m'\n"
        "[[rule]]\nid='t-run'\nseverity='low'\npatterns=['[A-Za-z0-9+/]{80,}']\nmessage='m'\n"
        "[[rule]]\nid='t-cut'\nseverity='low'\ncaseless=true\npatterns=['masks\\.desk']\n"
        "message='m'\n";
    struct rule_set *rs = rules_from_text(rules, "t.toml");
    cr_assert_eq(rs->n_prefiltered, 4);
    /* "WEBHOO\u212A.\u017FITE/X" (each spelling looked for), "MA\u017FK\u017F.DE\u017F\u212A"
     * (cut around them), a grab call at the end of a long line, and a long
     * base64 run after a shorter one. */
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, "a = 'WEBHOO\xE2\x84\xAA.\xC5\xBFITE/X'\n");
    strbuf_puts(&text, "b = 'MA\xC5\xBFK\xC5\xBF.DE\xC5\xBF\xE2\x84\xAA' + 'masks.desk'\n");
    for (int i = 0; i < 2000; i++)
        strbuf_puts(&text, "xy ");
    strbuf_puts(&text, "shot.grab(1)\nQUJD");
    for (int i = 0; i < 30; i++)
        strbuf_puts(&text, "QUJD");
    strbuf_puts(&text, "\nx = \"");
    for (int i = 0; i < 30; i++)
        strbuf_puts(&text, "QUJDREVG");
    strbuf_puts(&text, "\"\n");
    size_t n = pair_text(rs, "t.py", text.buf, text.len);
    cr_expect_eq(n, 5, "%zu hits", n);
    strbuf_fini(&text);
    rules_free(rs);
}

/* n bytes of pattern (repeated) appended to t. */
static void put_bytes(struct strbuf *t, const char *pattern, size_t n)
{
    for (size_t i = 0, m = strlen(pattern); i < n; i++)
        strbuf_putc(t, pattern[i % m]);
}

/* Run factors are looked for one byte in a run apart, not by vectorscan:
 * the first stretch long enough is found wherever it starts (the top of
 * the file, right after a shorter one, across a sampled byte or not, at
 * the very end), and a stretch one byte short is not one. */
Test(prefilter, run_factors_found_by_sampling)
{
    struct rule_set *rs = rules_from_text(
        "[[rule]]\nid='t-blank'\nseverity='low'\nview='raw'\n"
        "patterns=['\\S[ \\t]{150,}(?:eval|x)']\nmessage='m'\n"
        "[[rule]]\nid='t-b64'\nseverity='low'\npatterns=['[\"\\x27][A-Za-z0-9+/]{70,}[\"\\x27]']\n"
        "message='m'\n", "t.toml");
    cr_assert_eq(rs->n_prefiltered, 2);
    for (size_t lead = 0; lead < 70; lead += 7) {
        struct strbuf t = STRBUF_INIT;
        put_bytes(&t, "q", lead);
        strbuf_putc(&t, '\'');   /* a b64 stretch of 69 (one short), then of 70 */
        put_bytes(&t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 69);
        strbuf_puts(&t, "' '");
        put_bytes(&t, "abcdefghijklmnopqrstuvwxyz", 70 + lead);
        strbuf_puts(&t, "'\n;");   /* blanks: 149 after ';', then 150 + lead */
        put_bytes(&t, "\t    ", 149);
        strbuf_puts(&t, "x\n;");
        put_bytes(&t, " ", 150 + lead);
        strbuf_puts(&t, "eval");
        cr_expect_eq(pair_text(rs, "t.js", t.buf, t.len), 2, "lead %zu", lead);
        strbuf_fini(&t);
    }
    rules_free(rs);
}
