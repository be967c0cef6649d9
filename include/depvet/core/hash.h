/* Hashes over OpenSSL libcrypto: digests of buffers and streams, hex and
 * base64, SRI strings ("sha512-BASE64"), constant-time comparison, and
 * checking a lockfile checksum in its own algorithm and encoding. */
#ifndef DEPVET_CORE_HASH_H
#define DEPVET_CORE_HASH_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

enum hash_algo { HASH_SHA1, HASH_SHA256, HASH_SHA384, HASH_SHA512, HASH_ALGO_COUNT };

#define HASH_MAX_SIZE 64

size_t hash_size(enum hash_algo a);
const char *hash_algo_name(enum hash_algo a);            /* "sha256" */
/* "sha256", "SHA-256", "sha512" ...; false for others (md5 is not trusted). */
bool hash_algo_parse(const char *name, enum hash_algo *out);

bool hash_buffer(enum hash_algo a, const void *data, size_t len, unsigned char *out);

struct hash_ctx;
struct hash_ctx *hash_new(enum hash_algo a);
bool hash_update(struct hash_ctx *c, const void *data, size_t len);
/* Writes the digest; the context cannot be updated afterwards. */
bool hash_final(struct hash_ctx *c, unsigned char *out);
void hash_free(struct hash_ctx *c);   /* accepts NULL */

/* out holds 2n+1 bytes; lower case. */
void hash_hex_encode(const unsigned char *in, size_t n, char *out);
/* The value of one hex digit of either case, or -1. */
int hash_hex_value(char c);
/* Strict: even length, hex digits of either case.  *outlen = bytes. */
bool hash_hex_decode(const char *hex, size_t len, unsigned char *out, size_t cap,
                     size_t *outlen);
/* Standard alphabet with padding; out holds 4*ceil(n/3)+1 bytes. */
size_t hash_base64_encode(const unsigned char *in, size_t n, char *out);
/* Strict standard base64; padding required unless len % 4 == 0 already. */
bool hash_base64_decode(const char *b64, size_t len, unsigned char *out, size_t cap,
                        size_t *outlen);

bool hash_equal_ct(const void *a, const void *b, size_t n);

struct sri {
    enum hash_algo algo;
    unsigned char digest[HASH_MAX_SIZE];
    size_t len;
};

/* Parses an SRI string; with several space-separated hashes the strongest
 * known algorithm wins.  Unknown algorithms are skipped; none known fails. */
bool hash_sri_parse(const char *s, struct sri *out, struct diag *d);
bool hash_sri_matches(const char *sri, const void *data, size_t len);

/* Does data hash to value under algo?  value is hex or base64 (told apart
 * by length).  False with d set when algo or value cannot be read;
 * otherwise *match says. */
bool hash_check(const char *algo, const char *value, const void *data, size_t len,
                bool *match, struct diag *d);

#endif
