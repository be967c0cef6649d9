/* Digests, encodings, SRI and checksum checks. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/hash.h"

static void expect_hex(enum hash_algo a, const char *in, const char *want)
{
    unsigned char d[HASH_MAX_SIZE];
    char hex[2 * HASH_MAX_SIZE + 1];
    cr_assert(hash_buffer(a, in, strlen(in), d));
    hash_hex_encode(d, hash_size(a), hex);
    cr_assert_str_eq(hex, want);
}

Test(hash, known_vectors)
{
    expect_hex(HASH_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    expect_hex(HASH_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_hex(HASH_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect_hex(HASH_SHA384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                                   "8086072ba1e7cc2358baeca134c825a7");
    expect_hex(HASH_SHA512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                   "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

Test(hash, streaming_equals_one_shot)
{
    char data[10007];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 131 + 7);
    unsigned char one[64], two[64];
    cr_assert(hash_buffer(HASH_SHA512, data, sizeof(data), one));
    struct hash_ctx *c = hash_new(HASH_SHA512);
    for (size_t off = 0, step = 1; off < sizeof(data); off += step, step = step * 3 % 997 + 1)
        cr_assert(hash_update(c, data + off, off + step > sizeof(data) ? sizeof(data) - off : step));
    cr_assert(hash_final(c, two));
    hash_free(c);
    cr_assert(hash_equal_ct(one, two, 64));
    hash_free(NULL);
}

Test(hash, hex_and_base64)
{
    unsigned char out[8];
    size_t n;
    cr_assert(hash_hex_decode("00fFa1", 6, out, sizeof(out), &n));
    cr_assert_eq(n, 3);
    cr_assert_eq(out[1], 0xff);
    cr_assert_not(hash_hex_decode("abc", 3, out, sizeof(out), &n), "odd length");
    cr_assert_not(hash_hex_decode("zz", 2, out, sizeof(out), &n));
    static const struct { const char *plain, *b64; } cases[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char enc[16];
        hash_base64_encode((const unsigned char *)cases[i].plain, strlen(cases[i].plain), enc);
        cr_assert_str_eq(enc, cases[i].b64);
        cr_assert(hash_base64_decode(enc, strlen(enc), out, sizeof(out), &n));
        cr_assert_eq(n, strlen(cases[i].plain));
        cr_assert_eq(memcmp(out, cases[i].plain, n), 0);
    }
    static const char *const bad[] = {"Zg=", "Z===", "Zg==Zg==", "Zh==", "Zm9*", "Zm 9"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        cr_assert_not(hash_base64_decode(bad[i], strlen(bad[i]), out, sizeof(out), &n), "%s", bad[i]);
}

Test(hash, sri)
{
    /* sha512 and sha256 of "abc", base64. */
    const char *s512 = "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==";
    const char *s256 = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    cr_assert(hash_sri_matches(s512, "abc", 3));
    cr_assert(hash_sri_matches(s256, "abc", 3));
    cr_assert_not(hash_sri_matches(s512, "abd", 3));
    char both[256];
    snprintf(both, sizeof(both), "%s %s", s256, s512);
    struct sri sri;
    struct diag d;
    diag_clear(&d);
    cr_assert(hash_sri_parse(both, &sri, &d));
    cr_assert_eq(sri.algo, HASH_SHA512, "the strongest wins");
    cr_assert_not(hash_sri_parse("md5-AAAA", &sri, &d));
    cr_assert_not(hash_sri_matches("sha512-notbase64!", "abc", 3));
}

Test(hash, check_lockfile_checksums)
{
    bool match;
    struct diag d;
    diag_clear(&d);
    cr_assert(hash_check("sha256", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
                         "abc", 3, &match, &d));
    cr_assert(match, "upper-case hex as mix.lock writes it");
    cr_assert(hash_check("sha256", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", "abc", 3, &match, &d));
    cr_assert(match, "base64");
    cr_assert(hash_check("sha256", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=", "abd", 3, &match, &d));
    cr_assert_not(match);
    cr_assert_not(hash_check("md5", "00", "abc", 3, &match, &d));
    diag_clear(&d);
    cr_assert_not(hash_check("sha256", "nothex", "abc", 3, &match, &d));
    cr_assert(diag_failed(&d));
}
