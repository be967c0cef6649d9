/* Package archives kept content-addressed in the cache folder:
 * <cache>/archives/sha256/ab/<64 hex digits>, written to a temporary file
 * and renamed, and checked against their name on every read (a file that
 * no longer hashes to its name is removed and reported).  Small "ref"
 * files map ecosystem/name/version to the digest last stored for it, so
 * --offline can find an archive; a ref is only a hint, the content is what
 * gets verified. */
#ifndef DEPVET_STORE_BLOBSTORE_H
#define DEPVET_STORE_BLOBSTORE_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"

#define BLOBSTORE_DIGEST 32
/* Largest archive kept (and read back). */
#define BLOBSTORE_MAX_SIZE (512u * 1024 * 1024)

struct blobstore;

/* Opens the store under cache_dir (NULL: the XDG cache folder), creating
 * <cache>/archives. */
struct blobstore *blobstore_open(const char *cache_dir, struct diag *d);
void blobstore_free(struct blobstore *b);   /* accepts NULL */
const char *blobstore_root(const struct blobstore *b);   /* .../archives */

/* Path of a digest's file (it may not exist); false when out is too small. */
bool blobstore_path(const struct blobstore *b, const unsigned char *digest, char *out,
                    size_t n);
/* Stores data; digest_out (BLOBSTORE_DIGEST bytes, may be NULL) gets its
 * SHA-256.  Storing what is already there rewrites nothing. */
bool blobstore_put(struct blobstore *b, const void *data, size_t len,
                   unsigned char *digest_out, struct diag *d);
/* Reads and verifies a blob: heap copy (caller frees), its length in *len.
 * NULL with d untouched when absent; NULL with d set when unreadable or
 * corrupt (the corrupt file is removed). */
void *blobstore_get(struct blobstore *b, const unsigned char *digest, size_t *len,
                    struct diag *d);
bool blobstore_has(const struct blobstore *b, const unsigned char *digest);

/* Records which blob holds the file `filename` of eco:name@version (a
 * PyPI release has several: "x-1.0.tar.gz", "x-1.0-py3-none-any.whl"),
 * and looks it up; get returns false when unknown or unreadable.
 * filename may be NULL (one file per version). */
bool blobstore_ref_set(struct blobstore *b, enum ecosystem eco, const char *name,
                       const char *version, const char *filename,
                       const unsigned char *digest, struct diag *d);
bool blobstore_ref_get(const struct blobstore *b, enum ecosystem eco, const char *name,
                       const char *version, const char *filename, unsigned char *digest);

#endif
