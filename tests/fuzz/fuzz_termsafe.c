/* Fuzz target: whatever the input, the rendering is inert and valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/termsafe.h"

static int is_forbidden(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
           (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || cp == 0x061c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags = size ? data[0] & 3 : 0;
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, (const char *)data, size, flags);
    const unsigned char *p = (const unsigned char *)strbuf_str(&sb);
    for (size_t i = 0; i < sb.len;) {
        uint32_t cp;
        int n = termsafe_utf8_decode(p + i, sb.len - i, &cp);
        if (n < 0)
            abort(); /* output must be valid UTF-8 */
        int allowed = (cp == '\n' && (flags & TERMSAFE_KEEP_NEWLINE)) ||
                      (cp == '\t' && (flags & TERMSAFE_KEEP_TAB));
        if (is_forbidden(cp) && !allowed)
            abort();
        i += (size_t)n;
    }
    size_t w = termsafe_width(strbuf_str(&sb), sb.len);
    size_t fit = termsafe_fit(strbuf_str(&sb), sb.len, w / 2);
    if (fit > sb.len || termsafe_width(strbuf_str(&sb), fit) > w / 2)
        abort();
    /* Undoing the escapes and escaping again gives the same rendering
     * (the model keeps scanner excerpts raw this way); NUL ends C text. */
    if (!flags && !memchr(data, 0, size)) {
        struct arena *a = arena_new();
        struct strbuf again = STRBUF_INIT;
        const char *raw = termsafe_unescape_arena(a, strbuf_str(&sb));
        termsafe_append(&again, raw, strlen(raw), 0);
        if (again.len != sb.len || memcmp(again.buf, sb.buf, sb.len) != 0)
            abort();
        strbuf_fini(&again);
        arena_free(a);
    }
    strbuf_fini(&sb);
    return 0;
}
