/* File classification: magic numbers and the text-versus-binary count. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/binclass.h"
#include "depvet/core/fileio.h"

/* A minimal 64-bit little-endian ELF header with e_type and, optionally,
 * one program header of type ptype. */
static size_t make_elf(unsigned char *b, unsigned type, unsigned ptype)
{
    memset(b, 0, 256);
    memcpy(b, "\x7f" "ELF\x02\x01\x01", 7);
    b[16] = (unsigned char)type;
    b[32] = 64;             /* e_phoff */
    b[54] = 56;             /* e_phentsize */
    b[56] = ptype ? 1 : 0;  /* e_phnum */
    b[64] = (unsigned char)ptype;
    return 128;
}

Test(binclass, elf_kinds)
{
    unsigned char b[256];
    cr_assert_eq(binclass_of(b, make_elf(b, 2, 0)), BINCLASS_ELF_EXEC);
    cr_assert_eq(binclass_of(b, make_elf(b, 3, 1)), BINCLASS_ELF_SHARED);
    cr_assert_eq(binclass_of(b, make_elf(b, 3, 3)), BINCLASS_ELF_EXEC);
    cr_assert_eq(binclass_of(b, make_elf(b, 1, 0)), BINCLASS_ELF_OTHER);
    /* Program headers pointing past the end are not read. */
    make_elf(b, 3, 3);
    b[32] = 250;
    cr_assert_eq(binclass_of(b, 128), BINCLASS_ELF_SHARED);
    /* A dynamic section with DF_1_PIE makes an ET_DYN a program. */
    make_elf(b, 3, 2);
    b[72] = 128;            /* p_offset of PT_DYNAMIC */
    b[96] = 32;             /* p_filesz */
    memcpy(b + 128, "\xfb\xff\xff\x6f\0\0\0\0\0\0\0\x08\0\0\0\0", 16);
    cr_assert_eq(binclass_of(b, 256), BINCLASS_ELF_EXEC);
    b[139] = 0;             /* no PIE flag: a library */
    cr_assert_eq(binclass_of(b, 256), BINCLASS_ELF_SHARED);
    cr_assert(binclass_is_native(BINCLASS_ELF_SHARED));
    cr_assert_not(binclass_is_native(BINCLASS_BEAM));
}

Test(binclass, other_magics)
{
    unsigned char b[128] = {0};
    memcpy(b, "\xcf\xfa\xed\xfe", 4);
    cr_assert_eq(binclass_of(b, 32), BINCLASS_MACHO);
    memcpy(b, "\xca\xfe\xba\xbe\x00\x00\x00\x02", 8);
    cr_assert_eq(binclass_of(b, 32), BINCLASS_MACHO);
    memcpy(b, "\xca\xfe\xba\xbe\x00\x00\x00\x34", 8);   /* a Java class file */
    cr_assert_eq(binclass_of(b, 32), BINCLASS_BINARY);
    memset(b, 0, sizeof(b));
    memcpy(b, "MZ", 2);
    b[60] = 64;
    memcpy(b + 64, "PE\0\0", 4);
    cr_assert_eq(binclass_of(b, 128), BINCLASS_PE);
    b[60] = 126;   /* PE offset too close to the end */
    cr_assert_eq(binclass_of(b, 128), BINCLASS_BINARY);
    memcpy(b, "FOR1\0\0\0\x10" "BEAMAtU8", 16);
    cr_assert_eq(binclass_of(b, 16), BINCLASS_BEAM);
    memcpy(b, "\xcb\x0d\x0d\x0a\0\0\0\0\0\0\0\0\0\0\0\0", 16);   /* 3.12 */
    cr_assert_eq(binclass_of(b, 16), BINCLASS_PYC);
    memcpy(b, "\x03\xf3\x0d\x0a\0\0\0\0", 8);                    /* 2.7 */
    cr_assert_eq(binclass_of(b, 8), BINCLASS_PYC);
    cr_assert_eq(binclass_of("ab\r\nxyz\n", 8), BINCLASS_TEXT);
    cr_assert_str_eq(binclass_name(BINCLASS_ELF_SHARED), "elf-shared");
    cr_assert_str_eq(binclass_name(BINCLASS_COUNT), "?");
}

Test(binclass, text_and_binary)
{
    cr_assert_eq(binclass_of("", 0), BINCLASS_TEXT);
    const char *utf8 = "defmodule Caf\xc3\xa9 do\n  @moduledoc \"\xe2\x9c\x93\"\nend\n";
    cr_assert_eq(binclass_of(utf8, strlen(utf8)), BINCLASS_TEXT);
    char src[4096];
    memset(src, 'a', sizeof(src));
    src[100] = '\0';   /* one planted NUL does not hide the file from the scanner */
    cr_assert_eq(binclass_of(src, sizeof(src)), BINCLASS_TEXT);
    memset(src, 0, 100);
    cr_assert_eq(binclass_of(src, sizeof(src)), BINCLASS_BINARY);
    unsigned char latin[200];
    for (size_t i = 0; i < sizeof(latin); i++)
        latin[i] = (unsigned char)(0x80 + i % 100);
    cr_assert_eq(binclass_of(latin, sizeof(latin)), BINCLASS_BINARY);
    unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01};
    cr_assert_eq(binclass_of(gz, sizeof(gz)), BINCLASS_BINARY);
    cr_assert_eq(binclass_of("\x7f" "ELF", 4), BINCLASS_TEXT);
}

/* Text is read eight bytes at a time: a control byte counts wherever it
 * falls in a word (a tenth of the bytes makes a binary, not less). */
Test(binclass, control_bytes_at_every_place_in_a_word)
{
    for (size_t shift = 0; shift < 8; shift++) {
        char src[160];
        memset(src, 'x', sizeof(src));
        for (size_t k = 0; k < 16; k++)   /* 16 of 160 is a tenth */
            src[shift + 8 * k] = '\x01';
        cr_expect_eq(binclass_of(src, sizeof(src)), BINCLASS_TEXT, "shift %zu", shift);
        src[shift + 8 * 16] = '\x02';
        cr_expect_eq(binclass_of(src, sizeof(src)), BINCLASS_BINARY, "shift %zu", shift);
        src[shift + 8 * 16] = '\n';   /* tabs and newlines are text */
        cr_expect_eq(binclass_of(src, sizeof(src)), BINCLASS_TEXT, "shift %zu", shift);
    }
}


/* Real binaries of this system, when they are where Debian puts them. */
Test(binclass, system_files)
{
    static const struct {
        const char *path;
        enum binclass want;
    } sys_table[] = {
        {"/bin/ls", BINCLASS_ELF_EXEC},
        {"/lib/x86_64-linux-gnu/libc.so.6", BINCLASS_ELF_SHARED},
        {"/usr/lib/python3.11/__pycache__/os.cpython-311.pyc", BINCLASS_PYC},
        {"/etc/passwd", BINCLASS_TEXT},
    };
    int seen = 0;
    for (size_t i = 0; i < sizeof(sys_table) / sizeof(sys_table[0]); i++) {
        struct diag d;
        diag_clear(&d);
        size_t len;
        char *data = file_read(sys_table[i].path, 64u << 20, &len, &d);
        if (!data)
            continue;
        cr_assert_eq(binclass_of(data, len), sys_table[i].want, "%s: %s", sys_table[i].path,
                     binclass_name(binclass_of(data, len)));
        free(data);
        seen++;
    }
    if (!seen)
        cr_skip("none of the system files are here");
}

/* Newlines and tabs pass the eight-bytes-at-a-time test, so a control byte
 * beside them must still be counted: a tenth of the bytes bad is text, one
 * more is binary, wherever they sit among newlines and tabs. */
Test(binclass, control_bytes_beside_newlines_and_tabs)
{
    char b[800];
    for (unsigned shift = 0; shift < 8; shift++) {
        for (size_t i = 0; i < sizeof(b); i++)
            b[i] = "ab\ncd\tef"[(i + shift) % 8];
        size_t bad = 0;
        for (size_t i = 3; i < sizeof(b) && bad < 80; i += 9, bad++)
            b[i] = (char)(bad % 2 ? 0x01 : 0x1f);   /* after a newline or tab, or between */
        cr_assert_eq(bad, 80);
        cr_assert_eq(binclass_of(b, sizeof(b)), BINCLASS_TEXT, "shift %u", shift);
        b[sizeof(b) - 1] = 0x02;
        cr_assert_eq(binclass_of(b, sizeof(b)), BINCLASS_BINARY, "shift %u", shift);
    }
}
