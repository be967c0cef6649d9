/* Content-addressed archive files in the cache folder, verified on read. */
#include "depvet/store/blobstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/core/hash.h"
#include "depvet/core/xdg.h"
#include "depvet/core/xmalloc.h"

#define BLOB_PATH_MAX 4096

struct blobstore {
    char root[BLOB_PATH_MAX];   /* <cache>/archives */
};

struct blobstore *blobstore_open(const char *cache_dir, struct diag *d)
{
    char base[BLOB_PATH_MAX];
    if (cache_dir)
        snprintf(base, sizeof(base), "%s", cache_dir);
    else if (!xdg_cache_dir(base, sizeof(base))) {
        diag_set(d, DIAG_IO, "", 0, 0, "no cache folder: set DEPVET_CACHE_DIR or HOME");
        return NULL;
    }
    struct blobstore *b = xcalloc(1, sizeof(*b));
    int n = snprintf(b->root, sizeof(b->root), "%s/archives", base);
    if (n < 0 || (size_t)n + 200 >= sizeof(b->root)) {
        diag_set(d, DIAG_LIMIT, base, 0, 0, "cache folder path too long");
        free(b);
        return NULL;
    }
    if (!xdg_mkdirs(b->root, d)) {
        free(b);
        return NULL;
    }
    return b;
}

void blobstore_free(struct blobstore *b)
{
    free(b);
}

const char *blobstore_root(const struct blobstore *b)
{
    return b->root;
}

bool blobstore_path(const struct blobstore *b, const unsigned char *digest, char *out,
                    size_t n)
{
    char hex[BLOBSTORE_DIGEST * 2 + 1];
    hash_hex_encode(digest, BLOBSTORE_DIGEST, hex);
    int w = snprintf(out, n, "%s/sha256/%.2s/%s", b->root, hex, hex);
    return w > 0 && (size_t)w < n;
}

bool blobstore_has(const struct blobstore *b, const unsigned char *digest)
{
    char path[BLOB_PATH_MAX];
    return blobstore_path(b, digest, path, sizeof(path)) && file_exists(path);
}

/* mkdir -p of the folder holding path. */
static bool make_parent(const char *path, struct diag *d)
{
    char dir[BLOB_PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    return xdg_mkdirs(dir, d);
}

bool blobstore_put(struct blobstore *b, const void *data, size_t len,
                   unsigned char *digest_out, struct diag *d)
{
    unsigned char digest[BLOBSTORE_DIGEST];
    if (len > BLOBSTORE_MAX_SIZE) {
        diag_set(d, DIAG_LIMIT, b->root, 0, 0, "archive of %zu bytes is over the cap", len);
        return false;
    }
    if (!hash_buffer(HASH_SHA256, data, len, digest)) {
        diag_set(d, DIAG_INTERNAL, b->root, 0, 0, "SHA-256 failed");
        return false;
    }
    if (digest_out)
        memcpy(digest_out, digest, sizeof(digest));
    char path[BLOB_PATH_MAX];
    if (!blobstore_path(b, digest, path, sizeof(path))) {
        diag_set(d, DIAG_LIMIT, b->root, 0, 0, "path too long");
        return false;
    }
    if (file_exists(path))
        return true;
    return make_parent(path, d) && file_write_atomic(path, data, len, d);
}

void *blobstore_get(struct blobstore *b, const unsigned char *digest, size_t *len,
                    struct diag *d)
{
    char path[BLOB_PATH_MAX];
    if (!blobstore_path(b, digest, path, sizeof(path)) || !file_exists(path))
        return NULL;
    char *data = file_read(path, BLOBSTORE_MAX_SIZE, len, d);
    if (!data)
        return NULL;
    unsigned char got[BLOBSTORE_DIGEST];
    if (!hash_buffer(HASH_SHA256, data, *len, got) ||
        !hash_equal_ct(got, digest, sizeof(got))) {
        /* Disk corruption or tampering: never hand it out, and fetch anew
         * next time. */
        unlink(path);
        free(data);
        diag_set(d, DIAG_IO, path, 0, 0,
                 "stored archive does not match its SHA-256 (removed; fetch it again)");
        return NULL;
    }
    return data;
}

/* Appends s to out with every byte outside [A-Za-z0-9._-] (and a leading
 * '.') as %XX, so a name can never climb out of its folder; "" is "%". */
static bool put_component(char *out, size_t n, size_t *at, const char *s)
{
    static const char digits[] = "0123456789ABCDEF";
    if (!s[0]) {   /* a bare "%" is never an encoding of a non-empty name */
        if (*at + 2 >= n)
            return false;
        out[(*at)++] = '%';
        out[*at] = '\0';
        return true;
    }
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '_' || c == '-' || (c == '.' && i > 0);
        if (*at + 4 >= n)
            return false;
        if (plain) {
            out[(*at)++] = (char)c;
        } else {
            out[(*at)++] = '%';
            out[(*at)++] = digits[c >> 4];
            out[(*at)++] = digits[c & 15];
        }
    }
    out[*at] = '\0';
    return true;
}

static bool ref_path(const struct blobstore *b, enum ecosystem eco, const char *name,
                     const char *version, const char *filename, char *out, size_t n)
{
    int w = snprintf(out, n, "%s/refs/%s/", b->root, ecosystem_name(eco));
    if (w < 0 || (size_t)w >= n)
        return false;
    size_t at = (size_t)w;
    const char *parts[3] = {name, version, filename ? filename : ""};
    for (unsigned i = 0; i < 3; i++) {
        if (i && at + 2 < n)
            out[at++] = '/';
        if (!put_component(out, n, &at, parts[i]))
            return false;
    }
    return true;
}

bool blobstore_ref_set(struct blobstore *b, enum ecosystem eco, const char *name,
                       const char *version, const char *filename,
                       const unsigned char *digest, struct diag *d)
{
    char path[BLOB_PATH_MAX], hex[BLOBSTORE_DIGEST * 2 + 2];
    if (!ref_path(b, eco, name, version, filename, path, sizeof(path))) {
        diag_set(d, DIAG_LIMIT, name, 0, 0, "package name too long for a file name");
        return false;
    }
    hash_hex_encode(digest, BLOBSTORE_DIGEST, hex);
    hex[BLOBSTORE_DIGEST * 2] = '\n';
    return make_parent(path, d) && file_write_atomic(path, hex, BLOBSTORE_DIGEST * 2 + 1, d);
}

bool blobstore_ref_get(const struct blobstore *b, enum ecosystem eco, const char *name,
                       const char *version, const char *filename, unsigned char *digest)
{
    char path[BLOB_PATH_MAX];
    if (!ref_path(b, eco, name, version, filename, path, sizeof(path)))
        return false;
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *text = file_read(path, 4096, &len, &d);
    if (!text)
        return false;
    size_t outlen = 0;
    bool ok = len >= 64 && hash_hex_decode(text, 64, digest, BLOBSTORE_DIGEST, &outlen) &&
              outlen == BLOBSTORE_DIGEST;
    free(text);
    return ok;
}
