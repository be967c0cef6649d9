/* Terminal-safe rendering: hostile strings come out inert and visible. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"

static char *safe(const char *s)
{
    return termsafe_dup(s);
}

static void expect(const char *in, const char *want)
{
    char *got = safe(in);
    cr_assert_str_eq(got, want);
    free(got);
}

Test(termsafe, printable_text_passes_unchanged)
{
    expect("plug 1.15.3", "plug 1.15.3");
    expect("naïve café 日本語 🚀", "naïve café 日本語 🚀");
    expect("", "");
}

Test(termsafe, backslash_is_escaped_so_escapes_are_unambiguous)
{
    expect("a\\x1b", "a\\\\x1b");
}

Test(termsafe, osc52_clipboard_write)
{
    expect("x\x1b]52;c;ZXZpbA==\x07y", "x\\x1b]52;c;ZXZpbA==\\x07y");
}

Test(termsafe, cursor_movement_and_clear)
{
    expect("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H");
    expect("ok\x1b[1Abad", "ok\\x1b[1Abad");
    expect("\r\n\t\b", "\\x0d\\x0a\\x09\\x08");
    expect("del\x7f", "del\\x7f");
}

Test(termsafe, c1_controls_raw_and_encoded)
{
    expect("\xc2\x9b" "31m", "<U+009B>31m");   /* C1 CSI as UTF-8 */
    expect("\x9b" "31m", "\\x9b31m");           /* the raw byte */
    expect("\xc2\x85", "<U+0085>");             /* NEL */
}

Test(termsafe, trojan_source_bidi)
{
    expect("/*\xe2\x80\xae } \xe2\x81\xa6if (isAdmin)\xe2\x81\xa9 \xe2\x81\xa6 begin admins only */",
           "/*<U+202E> } <U+2066>if (isAdmin)<U+2069> <U+2066> begin admins only */");
    expect("\xe2\x80\x8f\xd8\x9c", "<U+200F><U+061C>");
}

Test(termsafe, invisible_characters)
{
    expect("lo\xe2\x80\x8d" "dash", "lo<U+200D>dash");   /* zero-width joiner */
    expect("re\xe2\x80\x8bquests", "re<U+200B>quests"); /* zero-width space */
    expect("\xef\xbb\xbf" "x", "<U+FEFF>x");            /* BOM */
    expect("soft\xc2\xad" "hyphen", "soft<U+00AD>hyphen");
    expect("\xe3\x85\xa4", "<U+3164>");                 /* Hangul filler */
    expect("\xf3\xa0\x80\x81", "<U+E0001>");            /* tag character */
    expect("a\xe2\x80\xa8" "b", "a<U+2028>b");          /* line separator */
}

Test(termsafe, invalid_utf8)
{
    expect("\xc0\xaf", "\\xc0\\xaf");           /* overlong '/' */
    expect("\xed\xa0\x80", "\\xed\\xa0\\x80");  /* surrogate */
    expect("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
    expect("ab\xe6\x97", "ab\\xe6\\x97");       /* truncated */
    expect("\xff", "\\xff");
}

Test(termsafe, keep_flags)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, "a\nb\tc\r", 6, TERMSAFE_KEEP_NEWLINE | TERMSAFE_KEEP_TAB);
    cr_assert_str_eq(strbuf_str(&sb), "a\nb\tc\\x0d");
    strbuf_fini(&sb);
}

Test(termsafe, widths)
{
    cr_assert_eq(termsafe_char_width('a'), 1);
    cr_assert_eq(termsafe_char_width(0x65E5), 2);   /* 日 */
    cr_assert_eq(termsafe_char_width(0x0301), 0);   /* combining acute */
    cr_assert_eq(termsafe_char_width(0x1F680), 2);  /* rocket */
    cr_assert_eq(termsafe_char_width(0x1B), -1);
    cr_assert_eq(termsafe_char_width(0xAC00), 2);   /* Hangul syllable */
    const char *s = "e\xcc\x81" "日本";             /* e + acute, two CJK */
    cr_assert_eq(termsafe_width(s, strlen(s)), 5);
}

Test(termsafe, fit_never_splits_a_character)
{
    const char *s = "ab日本";
    cr_assert_eq(termsafe_fit(s, strlen(s), 2), 2);
    cr_assert_eq(termsafe_fit(s, strlen(s), 3), 2, "a wide char at the edge is left out");
    cr_assert_eq(termsafe_fit(s, strlen(s), 4), 5);
    cr_assert_eq(termsafe_fit(s, strlen(s), 100), strlen(s));
    const char *c = "e\xcc\x81x";
    cr_assert_eq(termsafe_fit(c, strlen(c), 1), 3, "combining mark stays with its base");
}

Test(termsafe, arena_copy)
{
    struct arena *a = arena_new();
    cr_assert_str_eq(termsafe_arena(a, "x\x1b"), "x\\x1b");
    arena_free(a);
}

/* The eight-bytes-at-a-time path: a byte to escape at every offset of a
 * plain run gives what escaping the three pieces apart gives. */
Test(termsafe, escapes_found_at_any_offset_of_a_word)
{
    static const char *const odd_table[] = {"\\", "\x1b", "\x7f", "\x01", "\xc3\xa9", "\xff", "\t",
                                            "\xe2\x80\xae", NULL};
    const char *plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
    for (unsigned k = 0; odd_table[k]; k++)
        for (size_t at = 0; at <= 40; at++) {
            char in[128];
            snprintf(in, sizeof(in), "%.*s%s%s", (int)at, plain, odd_table[k], plain + at);
            struct strbuf whole = STRBUF_INIT, parts = STRBUF_INIT;
            termsafe_append(&whole, in, strlen(in), TERMSAFE_KEEP_TAB);
            termsafe_append(&parts, plain, at, TERMSAFE_KEEP_TAB);
            termsafe_append(&parts, odd_table[k], strlen(odd_table[k]), TERMSAFE_KEEP_TAB);
            termsafe_append(&parts, plain + at, strlen(plain + at), TERMSAFE_KEEP_TAB);
            cr_assert_str_eq(strbuf_str(&whole), strbuf_str(&parts), "odd %u at %zu", k, at);
            strbuf_fini(&whole);
            strbuf_fini(&parts);
        }
}
