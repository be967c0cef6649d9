/* Fuzz target: the prefilter changes no hit.  The input's first line is a
 * PCRE2 pattern, the rest a file; one rule with the pattern and one with
 * it caseless are run over the file with the prefilter on and off, as a
 * plain file and as JavaScript (lexed views), and the results must be the
 * same byte for byte.  Literal extraction, guards and windows meet
 * arbitrary patterns and subjects here. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/strbuf.h"

static struct scan_result *scan(const struct rule_set *rs, bool prefilter, const char *text,
                                size_t len)
{
    struct scanner *sc = scanner_new(rs, ECO_UNKNOWN);
    scanner_set_prefilter(sc, prefilter);
    scanner_set_max_hits(sc, 0);
    scanner_file(sc, "t.txt", text, len);
    scanner_file(sc, "t.js", text, len);
    struct scan_result *r = scanner_finish(sc);
    scanner_free(sc);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl || nl == data || memchr(data, '\'', (size_t)(nl - data)) ||
        memchr(data, 0, (size_t)(nl - data)) || memchr(data, '\r', (size_t)(nl - data)))
        return 0;
    struct strbuf toml = STRBUF_INIT;
    for (unsigned k = 0; k < 2; k++)
        strbuf_printf(&toml, "[[rule]]\nid='f%u'\nseverity='low'\ncaseless=%s\n"
                      "patterns=['%.*s']\nmessage='m'\n", k, k ? "true" : "false",
                      (int)(nl - data), (const char *)data);
    struct rule_set *rs = rules_new();
    struct diag d;
    diag_clear(&d);
    if (rules_add(rs, strbuf_str(&toml), toml.len, "f.toml", &d) && rules_finish(rs, &d)) {
        size_t len = size - (size_t)(nl + 1 - data);
        char *text = malloc(len ? len : 1);   /* no NUL after: ASan sees over-reads */
        if (!text)
            abort();
        memcpy(text, nl + 1, len);
        struct scan_result *on = scan(rs, true, text, len), *off = scan(rs, false, text, len);
        struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
        scanner_result_serialize(on, &a);
        scanner_result_serialize(off, &b);
        if (a.len != b.len || memcmp(strbuf_str(&a), strbuf_str(&b), a.len) != 0)
            abort();   /* the prefilter lost or invented a hit */
        strbuf_fini(&a);
        strbuf_fini(&b);
        scanner_result_free(on);
        scanner_result_free(off);
        free(text);
    }
    rules_free(rs);
    strbuf_fini(&toml);
    return 0;
}
