/* Digests through libcrypto's EVP interface, and their text encodings. */
#include "depvet/core/hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/core/xmalloc.h"

static const struct {
    const char *name;
    const char *alt;          /* another common spelling */
    size_t size;
    unsigned strength;        /* SRI picks the strongest */
} algo_table[HASH_ALGO_COUNT] = {
    [HASH_SHA1] = {"sha1", "sha-1", 20, 1},
    [HASH_SHA256] = {"sha256", "sha-256", 32, 2},
    [HASH_SHA384] = {"sha384", "sha-384", 48, 3},
    [HASH_SHA512] = {"sha512", "sha-512", 64, 4},
};

static const EVP_MD *evp_of(enum hash_algo a)
{
    switch (a) {
    case HASH_SHA1: return EVP_sha1();
    case HASH_SHA256: return EVP_sha256();
    case HASH_SHA384: return EVP_sha384();
    case HASH_SHA512: return EVP_sha512();
    case HASH_ALGO_COUNT: break;
    }
    return NULL;
}

size_t hash_size(enum hash_algo a)
{
    return a < HASH_ALGO_COUNT ? algo_table[a].size : 0;
}

const char *hash_algo_name(enum hash_algo a)
{
    return a < HASH_ALGO_COUNT ? algo_table[a].name : "?";
}

bool hash_algo_parse(const char *name, enum hash_algo *out)
{
    for (unsigned i = 0; i < HASH_ALGO_COUNT; i++)
        if (strcasecmp(name, algo_table[i].name) == 0 ||
            strcasecmp(name, algo_table[i].alt) == 0) {
            *out = (enum hash_algo)i;
            return true;
        }
    return false;
}

struct hash_ctx {
    EVP_MD_CTX *md;
};

struct hash_ctx *hash_new(enum hash_algo a)
{
    const EVP_MD *md = evp_of(a);
    EVP_MD_CTX *ctx = md ? EVP_MD_CTX_new() : NULL;
    if (!ctx)
        return NULL;
    if (EVP_DigestInit_ex(ctx, md, NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        return NULL;
    }
    struct hash_ctx *c = xmalloc(sizeof(*c));
    c->md = ctx;
    return c;
}

bool hash_update(struct hash_ctx *c, const void *data, size_t len)
{
    return EVP_DigestUpdate(c->md, data, len) == 1;
}

bool hash_final(struct hash_ctx *c, unsigned char *out)
{
    unsigned n = 0;
    return EVP_DigestFinal_ex(c->md, out, &n) == 1;
}

void hash_free(struct hash_ctx *c)
{
    if (!c)
        return;
    EVP_MD_CTX_free(c->md);
    free(c);
}

bool hash_buffer(enum hash_algo a, const void *data, size_t len, unsigned char *out)
{
    struct hash_ctx *c = hash_new(a);
    bool ok = c && hash_update(c, data, len) && hash_final(c, out);
    hash_free(c);
    return ok;
}

void hash_hex_encode(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int hash_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool hash_hex_decode(const char *hex, size_t len, unsigned char *out, size_t cap,
                     size_t *outlen)
{
    if (len % 2 || len / 2 > cap)
        return false;
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hash_hex_value(hex[2 * i]), lo = hash_hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (unsigned char)(hi << 4 | lo);
    }
    *outlen = len / 2;
    return true;
}

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t hash_base64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
                     (i + 2 < n ? in[i + 2] : 0);
        out[o++] = b64_alphabet[v >> 18 & 63];
        out[o++] = b64_alphabet[v >> 12 & 63];
        out[o++] = i + 1 < n ? b64_alphabet[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? b64_alphabet[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

static int b64_val(char c)
{
    const char *p = c ? strchr(b64_alphabet, c) : NULL;
    return p ? (int)(p - b64_alphabet) : -1;
}

bool hash_base64_decode(const char *b64, size_t len, unsigned char *out, size_t cap,
                        size_t *outlen)
{
    if (len % 4)
        return false;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        int pad = (b64[i + 3] == '=') + (b64[i + 2] == '=' && b64[i + 3] == '=');
        if (pad && !last)
            return false;
        int v[4];
        for (int k = 0; k < 4 - pad; k++)
            if ((v[k] = b64_val(b64[i + k])) < 0)
                return false;
        unsigned bits = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 |
                        (pad < 2 ? (unsigned)v[2] << 6 : 0) | (pad < 1 ? (unsigned)v[3] : 0);
        /* Padding bits must be zero: one text per byte string. */
        if ((pad == 1 && (bits & 0xFF)) || (pad == 2 && (bits & 0xFFFF)))
            return false;
        size_t n = 3 - (size_t)pad;
        if (o + n > cap)
            return false;
        for (size_t k = 0; k < n; k++)
            out[o++] = (unsigned char)(bits >> (16 - 8 * k));
    }
    *outlen = o;
    return true;
}

bool hash_equal_ct(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

bool hash_sri_parse(const char *s, struct sri *out, struct diag *d)
{
    bool found = false;
    for (const char *p = s; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t");
        const char *dash = memchr(p, '-', n);
        if (dash) {
            char name[16];
            size_t nl = (size_t)(dash - p);
            /* "sha512-HASH?opts": options after '?' are ignored. */
            size_t vl = strcspn(dash + 1, " \t?");
            if (vl > n - nl - 1)
                vl = n - nl - 1;
            enum hash_algo a;
            struct sri cand;
            if (nl < sizeof(name)) {
                memcpy(name, p, nl);
                name[nl] = '\0';
                if (hash_algo_parse(name, &a) &&
                    hash_base64_decode(dash + 1, vl, cand.digest, sizeof(cand.digest), &cand.len) &&
                    cand.len == hash_size(a) &&
                    (!found || algo_table[a].strength > algo_table[out->algo].strength)) {
                    cand.algo = a;
                    *out = cand;
                    found = true;
                }
            }
        }
        p += n;
    }
    if (!found)
        diag_set(d, DIAG_SYNTAX, "", 0, 0, "no usable hash in integrity string '%.64s'", s);
    return found;
}

bool hash_sri_matches(const char *sri, const void *data, size_t len)
{
    struct sri s;
    struct diag d;
    diag_clear(&d);
    unsigned char got[HASH_MAX_SIZE];
    return hash_sri_parse(sri, &s, &d) && hash_buffer(s.algo, data, len, got) &&
           hash_equal_ct(got, s.digest, s.len);
}

bool hash_check(const char *algo, const char *value, const void *data, size_t len,
                bool *match, struct diag *d)
{
    enum hash_algo a;
    if (!hash_algo_parse(algo, &a)) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "unsupported hash algorithm '%.32s'", algo);
        return false;
    }
    unsigned char want[HASH_MAX_SIZE], got[HASH_MAX_SIZE];
    size_t n = 0, vl = strlen(value);
    bool read = vl == 2 * hash_size(a) ? hash_hex_decode(value, vl, want, sizeof(want), &n)
                                       : hash_base64_decode(value, vl, want, sizeof(want), &n);
    if (!read || n != hash_size(a)) {
        diag_set(d, DIAG_SYNTAX, "", 0, 0, "'%.32s...' is not a %s digest in hex or base64",
                 value, algo_table[a].name);
        return false;
    }
    if (!hash_buffer(a, data, len, got)) {
        diag_set(d, DIAG_INTERNAL, "", 0, 0, "hashing failed");
        return false;
    }
    *match = hash_equal_ct(got, want, n);
    return true;
}
