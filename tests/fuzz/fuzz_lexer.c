/* Fuzz target: every language's lexer over any bytes.  Input that does not
 * read says where; input that does keeps every newline in place, each view
 * byte is the source byte or a space, the bare view blanks at least what
 * the code view does, and each line's scope starts at or before it; NFKC
 * of the identifiers keeps every line; a #! line names a language or none.  The first byte picks the
 * language. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/lexer.h"
#include "depvet/core/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum lex_lang lang = (enum lex_lang)(data[0] % LEX_LANG_COUNT);
    const char *src = (const char *)data + 1;
    size_t n = size - 1;
    if ((unsigned)lexer_lang_of_shebang(src, n) >= LEX_LANG_COUNT)
        abort();
    char *code = malloc(n + 1), *bare = malloc(n + 1);
    struct lex_error err;
    bool ok = lexer_views(lang, src, n, code, bare, &err);
    if (!ok && (err.line == 0 || !err.what))
        abort();
    for (size_t i = 0; ok && i < n; i++) {
        if ((src[i] == '\n') != (code[i] == '\n') || (src[i] == '\n') != (bare[i] == '\n'))
            abort();
        if ((code[i] != src[i] && code[i] != ' ') || (bare[i] != code[i] && bare[i] != ' '))
            abort();
    }
    if (ok) {
        size_t lines = 1;
        for (size_t i = 0; i < n; i++)
            lines += src[i] == '\n';
        unsigned *scope = malloc(lines * sizeof(*scope));
        lexer_scopes(lang, bare, n, scope, lines);
        for (size_t i = 0; i < lines; i++)
            if (scope[i] > i + 1)
                abort();   /* a function starts at or before its lines */
        free(scope);
        struct strbuf out;
        strbuf_init(&out);
        if (lexer_nfkc(src, bare, n, &out)) {
            size_t nl = 0;
            for (size_t i = 0; i < out.len; i++)
                nl += strbuf_str(&out)[i] == '\n';
            if (nl != lines - 1)
                abort();   /* normalising moves no line */
        }
        strbuf_fini(&out);
    }
    free(code);
    free(bare);
    return 0;
}
