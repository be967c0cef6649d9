/* NFKC of identifiers through utf8proc, as Python's tokenizer applies it:
 * a library that follows each Unicode release beats a table of our own. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "depvet/analysis/lexer.h"
#include "depvet/core/strbuf.h"

static bool ident_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '$' || c >= 0x80;
}

/* Are the n bytes at s identifier characters once normalised?  ASCII must
 * be a letter, digit, _ or $; beyond ASCII, a letter, mark or digit
 * (a fullwidth ＂ folds to '"' and would end the identifier). */
static bool ident_text(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return false;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool ok = cp < 0x80 ? ident_byte((unsigned char)cp)
                            : (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
                                  cat == UTF8PROC_CATEGORY_PC;
        if (!ok)
            return false;
        i += (size_t)k;
    }
    return true;
}

/* The NFKC form of one identifier run, or NULL when it is not valid UTF-8,
 * folds to something that is no identifier, or does not change. */
static char *nfkc_run(const char *s, size_t n, size_t *out_len)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    if (m < 0 || !dst)
        return NULL;
    if (((size_t)m == n && memcmp(dst, s, n) == 0) || !ident_text(dst, (size_t)m)) {
        free(dst);
        return NULL;
    }
    *out_len = (size_t)m;
    return (char *)dst;
}

bool lexer_nfkc(const char *src, const char *bare, size_t len, struct strbuf *out)
{
    bool changed = false;
    size_t copied = 0;   /* src[0..copied) is in out */
    for (size_t i = 0; i < len;) {
        if (!ident_byte((unsigned char)bare[i]) || bare[i] != src[i]) {
            i++;
            continue;
        }
        size_t e = i;
        bool wide = false;
        while (e < len && bare[e] == src[e] && ident_byte((unsigned char)bare[e]))
            wide |= (unsigned char)bare[e++] >= 0x80;
        size_t m;
        char *norm = wide ? nfkc_run(src + i, e - i, &m) : NULL;
        if (norm) {
            if (!changed)
                strbuf_reset(out);
            changed = true;
            strbuf_append(out, src + copied, i - copied);
            strbuf_append(out, norm, m);
            copied = e;
            free(norm);
        }
        i = e;
    }
    if (changed)
        strbuf_append(out, src + copied, len - copied);
    return changed;
}
