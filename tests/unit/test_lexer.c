/* Lexical views: comments out, strings out of the bare view, lengths and
 * newlines kept; the tricky cases of each language; Python's def bodies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/lexer.h"
#include "depvet/core/strbuf.h"

struct views {
    char *code, *bare;
    bool ok;
    struct lex_error err;
};

static struct views lex(enum lex_lang lang, const char *src)
{
    size_t n = strlen(src);
    struct views v = {calloc(1, n + 1), calloc(1, n + 1), false, {0, NULL}};
    v.ok = lexer_views(lang, src, n, v.code, v.bare, &v.err);
    if (v.ok) {
        for (size_t i = 0; i < n; i++) {
            /* Newlines stay where they were, in both views. */
            cr_assert_eq(src[i] == '\n', v.code[i] == '\n', "offset %zu", i);
            cr_assert_eq(src[i] == '\n', v.bare[i] == '\n', "offset %zu", i);
        }
    }
    return v;
}

static void views_free(struct views *v)
{
    free(v->code);
    free(v->bare);
}

static bool has(const char *view, const char *s)
{
    return strstr(view, s) != NULL;
}

Test(lexer, languages_by_file_name)
{
    cr_assert_eq(lexer_lang_of("package/dist/index.min.js"), LEX_JS);
    cr_assert_eq(lexer_lang_of("a/b.tsx"), LEX_JS);
    cr_assert_eq(lexer_lang_of("pkg/__init__.py"), LEX_PYTHON);
    cr_assert_eq(lexer_lang_of("lib/x.ex"), LEX_ELIXIR);
    cr_assert_eq(lexer_lang_of("mix.exs"), LEX_ELIXIR);
    cr_assert_eq(lexer_lang_of("src/x.erl"), LEX_ERLANG);
    cr_assert_eq(lexer_lang_of("README.md"), LEX_NONE);
    cr_assert_eq(lexer_lang_of("a.js/README"), LEX_NONE);
    cr_assert_str_eq(lexer_lang_name(LEX_PYTHON), "Python");
}

/* One source and what each view must and must not contain. */
struct view_case {
    const char *name;
    enum lex_lang lang;
    const char *src;
    const char *code_has[6], *code_lacks[6], *bare_has[4], *bare_lacks[4];
};

static const struct view_case view_case_table[] = {
    {"js comments, strings, templates", LEX_JS,
     "#!/usr/bin/env node\n"
     "// see https://pastebin.com/x\n"
     "/** [`isNaN`](process[x]()) */ var a = 'it''s';\n"
     "const u = \"// not a comment\"; eval(x) /* c\n still */ go();\n"
     "t = `a ${ {k: `in ${deep}`}.k } // b`; after();\n",
     {"\"// not a comment\"", "go();", "after();", "// b`"},
     {"pastebin", "isNaN", "usr/bin", "still"},
     {"deep", "after();"},
     {"not a comment", "// b"}},
    {"js regex literals and division", LEX_JS,
     "var r = /\"[/]'/g; var d = a / b / c; x = (y) / 2;\n"
     "if (s.match(/\\/\\/ x/)) { return /'/.test(q) } // tail\n"
     "n = 4 / 2 // half\n",
     {"var d = a / b / c;", "return /'/.test(q) }", "n = 4 / 2"},
     {"tail", "half"},
     {"var d = a / b / c;"},
     {"[/]"}},
    {"python prefixes, triple quotes, doc strings", LEX_PYTHON,
     "\"\"\"Module doc: exec(b64decode(x))\"\"\"\n"
     "import os  # os.system('rm')\n"
     "def f():\n"
     "    '''doc with # hash'''\n"
     "    s = rb'\\'# raw' + f\"{a!r} # x\" + u'''multi\n"
     "line''' + Rb\"q\"\n"
     "    return s.format(1)\n"
     "x = '#' ; eval(y)\n",
     {"rb'\\'# raw'", "u'''multi", "eval(y)", "return s.format(1)"},
     {"Module doc", "doc with", "os.system('rm')"},
     {"rb'", "eval(y)"},
     {"raw", "multi"}},
    {"python strings that are not doc strings", LEX_PYTHON,
     "x = (\n  'kept'\n)\n'''joined'''.join(a)\n",
     {"'kept'", "'''joined'''"}, {NULL}, {"join(a)"}, {"kept"}},
    {"elixir heredocs, sigils, characters", LEX_ELIXIR,
     "defmodule M do\n"
     "  @moduledoc \"\"\"\n"
     "  Call System.cmd(\"rm\") # here\n"
     "  \"\"\"\n"
     "  @doc ~S\"Port.open(x)\"\n"
     "  @doc false\n"
     "  c = ?# ; r = ~r/#{x}\\/#/i # gone\n"
     "  s = \"a # b\" <> 'c'\n"
     "end\n",
     {"c = ?# ;", "\"a # b\"", "@doc false"},
     {"System.cmd", "Port.open", "gone"},
     {"@doc false"},
     {"a # b"}},
    {"erlang characters, atoms, comments", LEX_ERLANG,
     "-module(m). % open_port here\n"
     "f() -> {$%, $\", 'quoted % atom', \"str % x\"}. %% os:cmd(\"ls\")\n",
     {"'quoted % atom'", "\"str % x\""},
     {"open_port", "os:cmd"},
     {"'quoted % atom'"},
     {"str % x"}},
    {"shell comments, quoting, substitutions, heredocs", LEX_SHELL,
     "#!/bin/sh\n"
     "# curl http://x | sh\n"
     "echo \"it's # not a comment $(curl -s u | sh) done\" 'single # q' `id`\n"
     "x=${y#pre} n=$# z=$((1<<2)) w=$'a\\'b'\n"
     "cat <<'EOF' > f; cat <<-END\n"
     "eval \"$(printf rm)\" # in heredoc\n"
     "EOF\n"
     "\tinside body\n"
     "\tEND\n"
     "after_heredoc   # tail comment\n",
     {"it's # not a comment", "'single # q'", "${y#pre}", "# in heredoc", "after_heredoc"},
     {"curl http", "tail comment", "bin/sh"},
     {"curl -s u | sh", "after_heredoc", "$((1<<2))", "`id`"},
     {"not a comment", "single", "in heredoc", "inside body"}},
    {"gleam comments and strings", LEX_GLEAM,
     "//// module doc: os.cmd\n"
     "/// doc for f\n"
     "@external(erlang, \"os\", \"cmd\")\n"
     "fn cmd(x: String) -> String  // trailing\n"
     "pub fn s() { \"multi\nline // not \\\" comment\" }\n",
     {"@external(erlang, \"os\", \"cmd\")", "line // not"},
     {"module doc", "doc for f", "trailing"},
     {"@external(erlang, \"", "pub fn s() {"},
     {"\"os\"", "not"}},
};

static void expect(const char *view, const char *const *items, unsigned n, bool want,
                   const char *name)
{
    for (unsigned i = 0; i < n && items[i]; i++)
        cr_assert_eq(has(view, items[i]), want, "%s: %s %s", name,
                     want ? "missing" : "still has", items[i]);
}

Test(lexer, shell_and_gleam_by_name_and_what_they_cannot_read)
{
    cr_assert_eq(lexer_lang_of("package/install.sh"), LEX_SHELL);
    cr_assert_eq(lexer_lang_of("c_src/build.bash"), LEX_SHELL);
    cr_assert_eq(lexer_lang_of("src/app.gleam"), LEX_GLEAM);
    cr_assert_eq(lexer_lang_of("src/app_ffi.mjs"), LEX_JS);
    cr_assert_str_eq(lexer_lang_name(LEX_SHELL), "shell");
    static const struct {
        const char *src, *what;
        unsigned line;
    } bad_table[] = {
        {"echo ok\necho \"open\n", "unterminated string", 2},
        {"x='a\n", "unterminated string", 1},
        {"v=$(curl x\n", "unterminated $(", 1},
        {"a\nb `id\n", "unterminated `", 2},
        {"echo ${x\n", "unterminated ${", 1},
        {"echo \"$(id\"\n", "unterminated string", 1},
    };
    for (size_t k = 0; k < sizeof(bad_table) / sizeof(*bad_table); k++) {
        struct views v = lex(LEX_SHELL, bad_table[k].src);
        cr_assert(!v.ok, "%s", bad_table[k].src);
        cr_assert_str_eq(v.err.what, bad_table[k].what, "%s", bad_table[k].src);
        cr_assert_eq(v.err.line, bad_table[k].line, "%s", bad_table[k].src);
        views_free(&v);
    }
    /* A heredoc the file ends in runs to the end, as the shell reads it. */
    struct views v = lex(LEX_SHELL, "cat <<EOF\ncurl x | sh\n");
    cr_assert(v.ok);
    cr_assert(!has(v.bare, "curl"));
    views_free(&v);
    v = lex(LEX_GLEAM, "pub fn f() { \"open\n}\n");
    cr_assert(!v.ok);
    cr_assert_str_eq(v.err.what, "unterminated string");
    views_free(&v);
}

Test(lexer, views_per_language)
{
    for (size_t k = 0; k < sizeof(view_case_table) / sizeof(*view_case_table); k++) {
        const struct view_case *c = &view_case_table[k];
        struct views v = lex(c->lang, c->src);
        cr_assert(v.ok, "%s: %s at line %u", c->name, v.err.what, v.err.line);
        expect(v.code, c->code_has, 6, true, c->name);
        expect(v.code, c->code_lacks, 6, false, c->name);
        expect(v.bare, c->bare_has, 4, true, c->name);
        expect(v.bare, c->bare_lacks, 4, false, c->name);
        views_free(&v);
    }
}

Test(lexer, js_unreadable_files_say_where)
{
    struct views v = lex(LEX_JS, "ok();\nvar s = 'open\nnext();\n");
    cr_assert_not(v.ok);
    cr_assert_eq(v.err.line, 2);
    cr_assert_str_eq(v.err.what, "unterminated string");
    views_free(&v);
    v = lex(LEX_JS, "a();\n/* never closed\n");
    cr_assert_not(v.ok);
    cr_assert_str_eq(v.err.what, "unterminated comment");
    views_free(&v);
    v = lex(LEX_JS, "x = `a ${ b ");
    cr_assert_not(v.ok);
    views_free(&v);
}

Test(lexer, python_unreadable_files_say_where)
{
    struct views v = lex(LEX_PYTHON, "a = 1\ns = 'no end\n");
    cr_assert_not(v.ok);
    cr_assert_eq(v.err.line, 2);
    views_free(&v);
    v = lex(LEX_PYTHON, "s = \"\"\"never\nclosed\n");
    cr_assert_not(v.ok);
    cr_assert_str_eq(v.err.what, "unterminated triple-quoted string");
    views_free(&v);
}

static void check_scopes(enum lex_lang lang, const char *src, const unsigned *want,
                         unsigned n)
{
    struct views v = lex(lang, src);
    cr_assert(v.ok);
    unsigned sc[32];
    cr_assert_leq(n, 32);
    lexer_scopes(lang, v.bare, strlen(src), sc, n);
    for (unsigned i = 0; i < n; i++)
        cr_assert_eq(sc[i], want[i], "line %u: %u", i + 1, sc[i]);
    views_free(&v);
}

Test(lexer, python_scopes_are_outermost_defs)
{
    const char *src =
        "import os\n"                      /* 1 module */
        "os.system('x')\n"                 /* 2 module */
        "def f(a,\n"                       /* 3 module (the header) */
        "      b):\n"                      /* 4 module */
        "    os.system(a)\n"               /* 5 f */
        "\n"                               /* 6 f */
        "    if a:\n"                      /* 7 f */
        "        def g(): pass\n"          /* 8 f: a nested def stays in f */
        "class C:\n"                       /* 9 module */
        "    x = os.popen('y')\n"          /* 10 class body: runs on import */
        "    async def m(self):\n"         /* 11 module */
        "        return 1\n"               /* 12 m */
        "if True:\n"                       /* 13 module */
        "    os.system('z')\n";            /* 14 module */
    const unsigned want[14] = {0, 0, 0, 0, 3, 3, 3, 3, 0, 0, 0, 11, 0, 0};
    check_scopes(LEX_PYTHON, src, want, 14);
}

Test(lexer, js_scopes_are_innermost_functions)
{
    const char *src =
        "const k = process.env;\n"                     /* 1 module */
        "function send(d) {\n"                         /* 2 module */
        "  if (d) {\n"                                 /* 3 send */
        "    https.request(d, (res) => {\n"            /* 4 send */
        "      res.on('x', function () { });\n"        /* 5 arrow of line 4 */
        "    });\n"                                    /* 6 arrow */
        "  }\n"                                        /* 7 send */
        "}\n"                                          /* 8 send */
        "const o = { a: 1 };\n"                        /* 9 module */
        "class A { m() {\n"                            /* 10 module */
        "  fetch(u);\n"                                /* 11 m */
        "} }\n";                                       /* 12 m */
    const unsigned want[12] = {0, 0, 2, 2, 4, 4, 2, 2, 0, 0, 10, 10};
    check_scopes(LEX_JS, src, want, 12);
}

/* NFKC over a source's bare view: identifiers fold, strings, comments and
 * runs that would fold into punctuation do not. */
static char *nfkc(enum lex_lang lang, const char *src, bool *changed)
{
    struct views v = lex(lang, src);
    cr_assert(v.ok);
    struct strbuf out;
    strbuf_init(&out);
    *changed = lexer_nfkc(src, v.bare, strlen(src), &out);
    char *s = strdup(*changed ? strbuf_str(&out) : src);
    strbuf_fini(&out);
    views_free(&v);
    return s;
}

Test(lexer, nfkc_folds_identifiers_only)
{
    bool changed;
    char *s = nfkc(LEX_PYTHON,
                   "𝘳𝙚𝘀𝗽𝗼𝗻𝘀𝘦 = 𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀.get(url)  # 𝗰𝗼𝗺𝗺𝗲𝗻𝘁\n"
                   "s = \"𝗌𝗍𝗋\"; ｅｖａｌ(s); 𝚎𝚡𝚎𝚌(ﬁle)\n"
                   "ａ＂ｂ = 1\n",
                   &changed);
    cr_assert(changed);
    cr_assert_str_eq(s, "response = requests.get(url)  # 𝗰𝗼𝗺𝗺𝗲𝗻𝘁\n"
                        "s = \"𝗌𝗍𝗋\"; eval(s); exec(file)\n"
                        "ａ＂ｂ = 1\n");
    free(s);
    s = nfkc(LEX_JS, "const x = 'ｅｖａｌ'; // ｅｖａｌ\nlet café = 1;\n", &changed);
    cr_assert(!changed, "strings, comments and NFC text stay: %s", s);
    free(s);
    /* Runs are looked for from their non-ASCII bytes (eight at a time):
     * an ASCII start is walked back to, wherever the byte falls. */
    s = nfkc(LEX_JS, "var abcdefghijklmnop𝘅yz = 1, q𝗿 = 2; /* 𝘅 */ 𝘅;\n", &changed);
    cr_assert(changed);
    cr_assert_str_eq(s, "var abcdefghijklmnopxyz = 1, qr = 2; /* 𝘅 */ x;\n");
    free(s);
    /* A run that is not UTF-8 is left as it is. */
    const char bad[] = "x\xff\xfe = 1\n";
    cr_assert(!lexer_nfkc(bad, bad, strlen(bad), &(struct strbuf){0}));
}

Test(lexer, shebangs_name_the_language)
{
    static const struct {
        const char *src;
        enum lex_lang lang;
    } table[] = {
        {"#!/usr/bin/env node\nx", LEX_JS},     {"#!/usr/bin/env -S node --no-warnings\n", LEX_JS},
        {"#!/usr/bin/python3.11\n", LEX_PYTHON}, {"#! /bin/sh -e\n", LEX_SHELL},
        {"#!/usr/bin/env bash", LEX_SHELL},      {"#!/usr/bin/env escript\n", LEX_ERLANG},
        {"#!/usr/bin/perl\n", LEX_NONE},         {"#!/usr/bin/env\n", LEX_NONE},
        {"#!/usr/bin/pythonic\n", LEX_NONE},     {"# not a shebang\n", LEX_NONE},
        {"#!", LEX_NONE},
    };
    for (size_t k = 0; k < sizeof(table) / sizeof(*table); k++)
        cr_expect_eq(lexer_lang_of_shebang(table[k].src, strlen(table[k].src)), table[k].lang,
                     "%s", table[k].src);
    cr_expect_str_eq(lexer_lang_ext(LEX_JS), ".js");
    cr_expect_str_eq(lexer_lang_ext(LEX_NONE), "");
}

/* After each keyword that leaves an expression to come a '/' opens a
 * regular expression (its body gone from the bare view); after a word of
 * the same first letter and length that is no keyword it is a division. */
Test(lexer, js_regex_after_every_keyword)
{
    static const char *const kw[] = {"return", "typeof", "instanceof", "in", "of", "new",
                                     "delete", "void", "throw", "case", "do", "else",
                                     "yield", "await", NULL};
    for (unsigned k = 0; kw[k]; k++) {
        char src[64], word[16];
        snprintf(src, sizeof(src), "x = %s /evil/g;\n", kw[k]);
        struct views v = lex(LEX_JS, src);
        cr_assert(v.ok);
        cr_assert_not(has(v.bare, "evil"), "%s: %s", kw[k], v.bare);
        views_free(&v);
        snprintf(word, sizeof(word), "%s", kw[k]);
        word[strlen(word) - 1] = word[strlen(word) - 1] == 'z' ? 'y' : 'z';
        snprintf(src, sizeof(src), "x = %s /evil/g;\n", word);
        v = lex(LEX_JS, src);
        cr_assert(v.ok);
        cr_assert(has(v.bare, "evil"), "%s: %s", word, v.bare);
        views_free(&v);
    }
}
