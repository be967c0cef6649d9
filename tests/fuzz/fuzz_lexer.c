/* Fuzz target: every language's lexer over any bytes.  Whether or not the
 * input reads, the views keep the length and every newline in place, a
 * view byte is either the source byte or a space, the bare view blanks at
 * least what the code view does, and Python's def-body map fills every
 * line.  The first byte picks the language. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/lexer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum lex_lang lang = (enum lex_lang)(data[0] % LEX_LANG_COUNT);
    const char *src = (const char *)data + 1;
    size_t n = size - 1;
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
    if (ok && lang == LEX_PYTHON) {
        size_t lines = 1;
        for (size_t i = 0; i < n; i++)
            lines += src[i] == '\n';
        bool *rt = malloc(lines * sizeof(*rt));
        lexer_python_runtime_lines(bare, n, rt, lines);
        free(rt);
    }
    free(code);
    free(bare);
    return 0;
}
