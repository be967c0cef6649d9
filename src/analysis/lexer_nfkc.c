/* NFKC of identifiers through utf8proc, as Python's tokenizer applies it:
 * a library that follows each Unicode release beats a table of our own. */
#include <stdint.h>
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

/* The first byte at or after i of s[0..len) that is not ASCII, or len;
 * eight bytes at a time, as most source is ASCII throughout. */
static size_t next_wide(const char *s, size_t i, size_t len)
{
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* Is bare[i] part of an identifier run (code, not a literal's contents)? */
static bool in_run(const char *src, const char *bare, size_t i)
{
    return bare[i] == src[i] && ident_byte((unsigned char)bare[i]);
}

/* Only runs holding a non-ASCII byte can change: each is found from such
 * a byte, walking back to its start (no further than the last run). */
bool lexer_nfkc(const char *src, const char *bare, size_t len, struct strbuf *out)
{
    bool changed = false;
    size_t copied = 0;   /* src[0..copied) is in out */
    for (size_t lo = 0, i = next_wide(bare, 0, len); i < len; i = next_wide(bare, i, len)) {
        if (!in_run(src, bare, i)) {
            i++;
            continue;
        }
        size_t a = i, e = i;
        while (a > lo && in_run(src, bare, a - 1))
            a--;
        while (e < len && in_run(src, bare, e))
            e++;
        lo = i = e;
        size_t m;
        char *norm = nfkc_run(src + a, e - a, &m);
        if (norm) {
            if (!changed)
                strbuf_reset(out);
            changed = true;
            strbuf_append(out, src + copied, a - copied);
            strbuf_append(out, norm, m);
            copied = e;
            free(norm);
        }
    }
    if (changed)
        strbuf_append(out, src + copied, len - copied);
    return changed;
}
