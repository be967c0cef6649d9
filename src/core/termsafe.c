/* Making untrusted text safe to draw, and measuring it in columns. */
#include "depvet/core/termsafe.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"

struct cp_range {
    uint32_t lo, hi;
};

/* Characters that must never reach the terminal raw although they are
 * valid: C1 controls, bidi controls, invisible formatting, fillers that
 * render as blanks, tag characters, line and paragraph separators. */
static const struct cp_range hidden_table[] = {
    {0x0080, 0x009F}, {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C},
    {0x115F, 0x1160}, {0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x200B, 0x200F},
    {0x2028, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F},
    {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF9, 0xFFFB}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

/* Combining and zero-width marks (the major blocks). */
static const struct cp_range zero_width_table[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711}, {0x0730, 0x074A},
    {0x07A6, 0x07B0}, {0x07EB, 0x07F3}, {0x0816, 0x082D}, {0x0859, 0x085B},
    {0x08D3, 0x0903}, {0x093A, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D},
    {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981}, {0x09BC, 0x09BC},
    {0x09C1, 0x09C4}, {0x09CD, 0x09CD}, {0x09E2, 0x09E3}, {0x0A01, 0x0A02},
    {0x0A3C, 0x0A3C}, {0x0A41, 0x0A51}, {0x0A70, 0x0A71}, {0x0A81, 0x0A82},
    {0x0ABC, 0x0ABC}, {0x0AC1, 0x0AC8}, {0x0ACD, 0x0ACD}, {0x0B01, 0x0B01},
    {0x0B3C, 0x0B3C}, {0x0B3F, 0x0B3F}, {0x0B41, 0x0B44}, {0x0B4D, 0x0B4D},
    {0x0BC0, 0x0BC0}, {0x0BCD, 0x0BCD}, {0x0C3E, 0x0C40}, {0x0C46, 0x0C56},
    {0x0CBC, 0x0CBC}, {0x0CCC, 0x0CCD}, {0x0D41, 0x0D44}, {0x0D4D, 0x0D4D},
    {0x0DCA, 0x0DCA}, {0x0DD2, 0x0DD6}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECD},
    {0x0F18, 0x0F19}, {0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39},
    {0x0F71, 0x0F7E}, {0x0F80, 0x0F84}, {0x0F86, 0x0F87}, {0x102D, 0x1030},
    {0x1032, 0x1037}, {0x1039, 0x103A}, {0x1160, 0x11FF}, {0x135D, 0x135F},
    {0x1712, 0x1714}, {0x17B7, 0x17BD}, {0x17C6, 0x17C6}, {0x17C9, 0x17D3},
    {0x18A9, 0x18A9}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF},
    {0x2CEF, 0x2CF1}, {0x2DE0, 0x2DFF}, {0x302A, 0x302D}, {0x3099, 0x309A},
    {0xA66F, 0xA672}, {0xA674, 0xA67D}, {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1},
    {0xA802, 0xA802}, {0xA806, 0xA806}, {0xA80B, 0xA80B}, {0xA825, 0xA826},
    {0xFB1E, 0xFB1E}, {0xFE20, 0xFE2F}, {0x1D167, 0x1D169}, {0x1D17B, 0x1D182},
    {0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth, and emoji presentation. */
static const struct cp_range wide_table[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
    {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
    {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
    {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
    {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
    {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
    {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
    {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
    {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

#define COUNT(t) (sizeof(t) / sizeof(*(t)))

static bool in_table(uint32_t cp, const struct cp_range *t, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < t[mid].lo)
            hi = mid;
        else if (cp > t[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int termsafe_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (!len)
        return -1;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if ((size_t)n > len)
        return -1;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return -1;
    *cp = v;
    return n;
}

int termsafe_char_width(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return -1;
    if (in_table(cp, zero_width_table, COUNT(zero_width_table)) ||
        in_table(cp, hidden_table, COUNT(hidden_table)))
        return 0;
    return in_table(cp, wide_table, COUNT(wide_table)) ? 2 : 1;
}

static void put_byte_escape(struct strbuf *out, unsigned char b)
{
    char esc[8];
    snprintf(esc, sizeof(esc), "\\x%02x", b);
    strbuf_puts(out, esc);
}

/* No byte below 0x20, above 0x7E or equal to '\\' (the usual bit tricks:
 * a byte's top bit set by the subtraction or addition marks it). */
static bool plain_word(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t below = (w - ones * 0x20) & ~w;
    uint64_t above = (w + ones * (127 - 0x7E)) | w;
    uint64_t bs = w ^ (ones * '\\');
    uint64_t is_bs = (bs - ones) & ~bs;
    return ((below | above | is_bs) & highs) == 0;
}

void termsafe_append(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: start of bytes that pass unchanged */
    while (i < len) {
        /* Eight bytes at a time while all are printable ASCII but '\\'. */
        while (len - i >= 8 && plain_word(p + i))
            i += 8;
        if (i >= len)
            break;
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            i++;
            continue;
        }
        uint32_t cp = 0;
        int n = c < 0x80 ? 1 : termsafe_utf8_decode(p + i, len - i, &cp);
        bool keep = (c == '\n' && (flags & TERMSAFE_KEEP_NEWLINE)) ||
                    (c == '\t' && (flags & TERMSAFE_KEEP_TAB)) ||
                    (c >= 0x80 && n > 0 && !in_table(cp, hidden_table, COUNT(hidden_table)));
        if (keep) {
            i += (size_t)(n > 0 ? n : 1);
            continue;
        }
        strbuf_append(out, s + run, i - run);
        if (c == '\\') {
            strbuf_puts(out, "\\\\");
            i++;
        } else if (c < 0x80 || n < 0) {
            put_byte_escape(out, c);
            i++;
        } else {
            char esc[16];
            snprintf(esc, sizeof(esc), "<U+%04X>", (unsigned)cp);
            strbuf_puts(out, esc);
            i += (size_t)n;
        }
        run = i;
    }
    strbuf_append(out, s + run, len - run);
}

char *termsafe_dup(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, s, strlen(s), 0);
    return strbuf_take(&sb);
}

const char *termsafe_arena(struct arena *a, const char *s)
{
    char *tmp = termsafe_dup(s);
    const char *r = arena_strdup(a, tmp);
    free(tmp);
    return r;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

const char *termsafe_unescape_arena(struct arena *a, const char *safe)
{
    size_t n = strlen(safe), k = 0;
    char *out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        int hi = i + 3 < n && safe[i] == '\\' && safe[i + 1] == 'x' ? hex_digit(safe[i + 2]) : -1;
        int lo = hi >= 0 ? hex_digit(safe[i + 3]) : -1;
        if (safe[i] == '\\' && safe[i + 1] == '\\') {
            out[k++] = '\\';
            i++;
        } else if (lo >= 0 && (hi || lo)) {   /* \x00 would end the string */
            out[k++] = (char)(hi * 16 + lo);
            i += 3;
        } else {
            out[k++] = safe[i];
        }
    }
    out[k] = '\0';
    return out;
}

size_t termsafe_width(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t cols = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = termsafe_utf8_decode(p + i, len - i, &cp);
        if (n < 0) {
            cols += 4; /* would be shown as \xNN */
            i++;
            continue;
        }
        int w = termsafe_char_width(cp);
        cols += w > 0 ? (size_t)w : 0;
        i += (size_t)n;
    }
    return cols;
}

size_t termsafe_fit(const char *s, size_t len, size_t max_cols)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t cols = 0, i = 0;
    while (i < len) {
        uint32_t cp;
        int n = termsafe_utf8_decode(p + i, len - i, &cp);
        size_t step = n < 0 ? 1 : (size_t)n;
        int w = n < 0 ? 1 : termsafe_char_width(cp);
        size_t wc = w > 0 ? (size_t)w : 0;
        if (cols + wc > max_cols)
            break;
        cols += wc;
        i += step;
    }
    return i;
}
