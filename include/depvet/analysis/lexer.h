/* Lexical views of a source file, so scanner rules match code rather than
 * comments and documentation.
 *
 * A view is a copy of the file with the same length in which every newline
 * stays where it was: comments (and, in the bare view, the contents of
 * string literals) are overwritten with spaces.  An offset or line number
 * found in a view therefore points at the same place in the file, and hits
 * show the file's own line.
 *
 *   code view:  comments and doc strings blanked, string literals kept
 *   bare view:  comments and every string or regex literal's contents
 *               blanked (the quotes stay), so only code tokens remain
 *
 * Languages: JavaScript/TypeScript (regex literals told from division by
 * the token before, template literals with nested ${...}), Python (string
 * prefixes, triple quotes, doc strings: a string that is a statement on its
 * own), Elixir (heredocs, sigils, ?c characters, @doc/@moduledoc text) and
 * Erlang ($c characters, quoted atoms), Gleam (// comments, strings that
 * span lines) and POSIX shell (# comments at a word's start, '...', "..."
 * with $(...) and `...` inside read as code, $'...', ${...}, $((...)), and
 * heredocs, whose bodies are literals).  A file the lexer cannot read
 * (unterminated string or comment, unbalanced template) is reported with
 * the line where reading stopped, and the caller matches it as plain
 * lines. */
#ifndef DEPVET_ANALYSIS_LEXER_H
#define DEPVET_ANALYSIS_LEXER_H

#include <stdbool.h>
#include <stddef.h>

enum lex_lang {
    LEX_NONE, LEX_JS, LEX_PYTHON, LEX_ELIXIR, LEX_ERLANG, LEX_GLEAM, LEX_SHELL, LEX_LANG_COUNT
};

struct lex_error {
    unsigned line;        /* 1-based line where reading stopped */
    const char *what;     /* static text: "unterminated string" ... */
};

/* The language of a file by its name (.js .mjs .cjs .ts .mts .cts .jsx
 * .tsx, .py .pyw .pyi, .ex .exs, .erl .hrl, .gleam, .sh .bash .ksh .zsh);
 * LEX_NONE otherwise. */
enum lex_lang lexer_lang_of(const char *path);
const char *lexer_lang_name(enum lex_lang lang);
/* The language a "#!" first line names (node, deno, bun; python*; sh,
 * bash, dash, zsh, ksh; elixir; escript), directly or through env; LEX_NONE
 * when there is none.  For files without an extension, such as bin/setup. */
enum lex_lang lexer_lang_of_shebang(const char *src, size_t len);
/* An extension of the language (".js", ".py", ".ex", ".erl", ".gleam", ".sh"),
 * "" for LEX_NONE: what a file named by its shebang is matched as. */
const char *lexer_lang_ext(enum lex_lang lang);

/* Writes the code and bare views of src[0..len) into code and bare (each
 * len bytes, owned by the caller).  False with err set when the file cannot
 * be read as lang; the views are then unspecified. */
bool lexer_views(enum lex_lang lang, const char *src, size_t len, char *code, char *bare,
                 struct lex_error *err);

/* For a bare view: scope[i] (i = line - 1, n_lines entries) is the
 * function line i + 1 belongs to, named by the 1-based line where that
 * function starts, or 0 at module level.  Python: the outermost def around
 * the line (class bodies are module level: they run on import, as module
 * code does, while def bodies run only when called).  JavaScript: the
 * innermost function body (a '{' after `)` that is not if/for/while/switch/
 * catch/with, or after `=>`).  Other languages: all 0. */
void lexer_scopes(enum lex_lang lang, const char *bare, size_t len, unsigned *scope,
                  size_t n_lines);

/* NFKC of the identifiers of src[0..len), as Python reads them (it folds
 * 𝗿𝗲𝙦𝘂𝙚𝘀𝘁𝘀 to requests): bare is the file's bare view, so only code
 * tokens change, never strings or comments.  A run of identifier bytes
 * with a non-ASCII character is replaced by its NFKC form when that form
 * is made of identifier characters only (a fullwidth quote does not
 * become a quote).  Lines stay where they were; their lengths change.
 * True with the normalised text in out (reset first) when anything
 * changed, false (out untouched) when nothing did. */
struct strbuf;
bool lexer_nfkc(const char *src, const char *bare, size_t len, struct strbuf *out);

#endif
