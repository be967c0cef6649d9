/* File classification by magic numbers, then by a text-versus-binary count. */
#include "depvet/analysis/binclass.h"

#include <stdint.h>
#include <string.h>

static const char *const name_table[BINCLASS_COUNT] = {
    [BINCLASS_TEXT] = "text",           [BINCLASS_ELF_EXEC] = "elf-exec",
    [BINCLASS_ELF_SHARED] = "elf-shared", [BINCLASS_ELF_OTHER] = "elf-other",
    [BINCLASS_MACHO] = "macho",         [BINCLASS_PE] = "pe",
    [BINCLASS_BEAM] = "beam",           [BINCLASS_PYC] = "pyc",
    [BINCLASS_BINARY] = "binary",
};

/* CPython 1.5-2.7 magic numbers; Python 3 uses 3000..3999, where the high
 * byte is a control character, so no text file starts like one. */
static const uint16_t pyc2_table[] = {
    20121, 50428, 50823, 60202, 60717, 62011, 62021, 62041, 62051, 62061,
    62071, 62081, 62091, 62092, 62101, 62111, 62121, 62131, 62151, 62161,
    62171, 62181, 62191, 62201, 62211,
};

#define ELF_PT_DYNAMIC 2u
#define ELF_PT_INTERP 3u
#define ELF_DT_NULL 0u
#define ELF_DT_SONAME 14u
#define ELF_DT_FLAGS_1 0x6ffffffbu
#define ELF_DF_1_PIE 0x08000000u

const char *binclass_name(enum binclass c)
{
    return (unsigned)c < BINCLASS_COUNT ? name_table[c] : "?";
}

bool binclass_is_native(enum binclass c)
{
    return c == BINCLASS_ELF_EXEC || c == BINCLASS_ELF_SHARED || c == BINCLASS_ELF_OTHER ||
           c == BINCLASS_MACHO || c == BINCLASS_PE;
}

static uint64_t rd(const unsigned char *p, unsigned n, bool big)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[big ? n - 1 - i : i] << (8 * i);
    return v;
}

struct elf {
    const unsigned char *b;
    size_t len;
    bool wide, big;
};

/* n bytes at off, or 0 when that would read past the end. */
static uint64_t elf_rd(const struct elf *e, uint64_t off, unsigned n)
{
    return off <= e->len && n <= e->len - off ? rd(e->b + off, n, e->big) : 0;
}

/* What the dynamic section says: PIE flag, or a soname (a library). */
static void elf_dynamic(const struct elf *e, uint64_t off, uint64_t size, bool *pie,
                        bool *soname)
{
    unsigned w = e->wide ? 8 : 4;
    for (uint64_t at = off; at - off + 2 * w <= size && at + 2 * w <= e->len; at += 2 * w) {
        uint64_t tag = elf_rd(e, at, w), val = elf_rd(e, at + w, w);
        if (tag == ELF_DT_NULL)
            break;
        if (tag == ELF_DT_SONAME)
            *soname = true;
        if (tag == ELF_DT_FLAGS_1 && (val & ELF_DF_1_PIE))
            *pie = true;
    }
}

/* ET_DYN is both a shared object and a position-independent executable:
 * the PIE flag or a soname decide, else an interpreter means a program.
 * (glibc's libc.so.6 has an interpreter and a soname: a library.) */
static enum binclass elf_class(const unsigned char *b, size_t len)
{
    struct elf e = {b, len, b[4] == 2, b[5] == 2};
    if (len < (e.wide ? 64u : 52u))
        return BINCLASS_ELF_OTHER;
    uint64_t type = elf_rd(&e, 16, 2);
    if (type == 2)
        return BINCLASS_ELF_EXEC;
    if (type != 3)
        return BINCLASS_ELF_OTHER;
    uint64_t phoff = elf_rd(&e, e.wide ? 32 : 28, e.wide ? 8 : 4);
    uint64_t phent = elf_rd(&e, e.wide ? 54 : 42, 2);
    uint64_t phnum = elf_rd(&e, e.wide ? 56 : 44, 2);
    bool interp = false, pie = false, soname = false;
    for (uint64_t i = 0; phent >= 4 && i < phnum && phoff <= len; i++) {
        if (i > (len - phoff) / phent)
            break;
        uint64_t at = phoff + i * phent;
        uint64_t ptype = elf_rd(&e, at, 4);
        if (ptype == ELF_PT_INTERP)
            interp = true;
        if (ptype == ELF_PT_DYNAMIC)
            elf_dynamic(&e, elf_rd(&e, at + (e.wide ? 8 : 4), e.wide ? 8 : 4),
                        elf_rd(&e, at + (e.wide ? 32 : 16), e.wide ? 8 : 4), &pie, &soname);
    }
    if (pie)
        return BINCLASS_ELF_EXEC;
    return interp && !soname ? BINCLASS_ELF_EXEC : BINCLASS_ELF_SHARED;
}

static bool is_macho(const unsigned char *b, size_t len)
{
    uint32_t m = (uint32_t)rd(b, 4, true);
    if (m == 0xfeedfaceu || m == 0xfeedfacfu || m == 0xcefaedfeu || m == 0xcffaedfeu)
        return true;
    /* Java class files share 0xcafebabe; there the next word is a class
     * version (45 and up), here a small architecture count. */
    if (m == 0xcafebabeu && len >= 8) {
        uint32_t n = (uint32_t)rd(b + 4, 4, true);
        return n > 0 && n < 45;
    }
    return false;
}

static bool is_pe(const unsigned char *b, size_t len)
{
    if (len < 64 || b[0] != 'M' || b[1] != 'Z')
        return false;
    uint64_t off = rd(b + 60, 4, false);
    return off <= len - 4 && memcmp(b + off, "PE\0\0", 4) == 0;
}

static bool is_pyc(const unsigned char *b, size_t len)
{
    if (len < 8 || b[2] != '\r' || b[3] != '\n')
        return false;
    unsigned magic = (unsigned)rd(b, 2, false);
    if (magic >= 3000 && magic < 4000)
        return true;
    for (size_t i = 0; i < sizeof(pyc2_table) / sizeof(pyc2_table[0]); i++)
        if (pyc2_table[i] == magic)
            return true;
    return false;
}

/* Length of a valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t need = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
                : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (!need || need > n)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
        (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
        return 0;
    return need;
}

#define BYTES_01 UINT64_C(0x0101010101010101)
#define BYTES_80 UINT64_C(0x8080808080808080)

/* Bytes equal to c*BYTES_01's byte, flagged in their high bit (exact: no
 * borrow crosses bytes, as each is 0x80 or more before the subtraction). */
static uint64_t bytes_equal(uint64_t w, uint64_t c)
{
    uint64_t y = w ^ c;
    return ~((y | BYTES_80) - BYTES_01) & ~y & BYTES_80;
}

/* Are the 8 bytes at b all printable ASCII, newlines or tabs (nothing to
 * count)?  Newlines pass too, so a line's end does not leave the loop
 * (a mispredicted branch at every line was most of the test's time). */
static bool plain_word(const unsigned char *b)
{
    uint64_t w;
    memcpy(&w, b, 8);
    /* Under 0x20: the high bit of (b | 0x80) - 0x20 is clear. */
    uint64_t ctl = ~((w | BYTES_80) - 0x20 * BYTES_01) & BYTES_80;
    ctl &= ~(bytes_equal(w, '\n' * BYTES_01) | bytes_equal(w, '\t' * BYTES_01));
    return !((w & BYTES_80) | ctl);
}

/* What an ASCII byte counts for in the text-versus-binary test: the
 * controls text has (tab, newlines, form feed, backspace, escape) and the
 * printable ones nothing, NUL a NUL, any other control a bad byte.  One
 * load instead of a strchr at every newline (3% of a scan). */
enum { ASCII_OK, ASCII_NUL, ASCII_BAD };
static const unsigned char ascii_table[128] = {
    [0x00] = ASCII_NUL, [0x01] = ASCII_BAD, [0x02] = ASCII_BAD, [0x03] = ASCII_BAD,
    [0x04] = ASCII_BAD, [0x05] = ASCII_BAD, [0x06] = ASCII_BAD, [0x07] = ASCII_BAD,
    [0x0e] = ASCII_BAD, [0x0f] = ASCII_BAD, [0x10] = ASCII_BAD, [0x11] = ASCII_BAD,
    [0x12] = ASCII_BAD, [0x13] = ASCII_BAD, [0x14] = ASCII_BAD, [0x15] = ASCII_BAD,
    [0x16] = ASCII_BAD, [0x17] = ASCII_BAD, [0x18] = ASCII_BAD, [0x19] = ASCII_BAD,
    [0x1a] = ASCII_BAD, [0x1c] = ASCII_BAD, [0x1d] = ASCII_BAD, [0x1e] = ASCII_BAD,
    [0x1f] = ASCII_BAD,
};

static bool looks_binary(const unsigned char *b, size_t len)
{
    size_t nul = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        if (i + 8 <= len && plain_word(b + i)) {   /* most of any text, 8 at a time */
            i += 8;
            continue;
        }
        if (b[i] < 0x80) {
            unsigned k = ascii_table[b[i++]];
            nul += k == ASCII_NUL;
            bad += k == ASCII_BAD;
            continue;
        }
        size_t n = utf8_len(b + i, len - i);
        bad += !n;
        i += n ? n : 1;
    }
    return nul * 100 > len || bad * 10 > len;
}

enum binclass binclass_of(const void *data, size_t len)
{
    const unsigned char *b = data;
    if (!b || !len)
        return BINCLASS_TEXT;
    if (len >= 16 && memcmp(b, "\x7f" "ELF", 4) == 0 && (b[4] == 1 || b[4] == 2) &&
        (b[5] == 1 || b[5] == 2))
        return elf_class(b, len);
    if (len >= 8 && is_macho(b, len))
        return BINCLASS_MACHO;
    if (is_pe(b, len))
        return BINCLASS_PE;
    if (len >= 12 && memcmp(b, "FOR1", 4) == 0 && memcmp(b + 8, "BEAM", 4) == 0)
        return BINCLASS_BEAM;
    if (is_pyc(b, len))
        return BINCLASS_PYC;
    return looks_binary(b, len) ? BINCLASS_BINARY : BINCLASS_TEXT;
}
