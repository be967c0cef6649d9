/* Scanner results cached by (archive SHA-256, rule-set digest): the same
 * archive scanned with the same rules gives the same hits, so a second
 * scan is a lookup.  The blob is opaque here; the scanner serializes it. */
#ifndef DEPVET_STORE_SCANCACHE_H
#define DEPVET_STORE_SCANCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/store/db.h"

/* Looks the pair up: true with *blob (heap, NUL-terminated, caller frees)
 * and *len when present; false when absent (d untouched) or on error (d
 * set). */
bool scancache_get(struct store *s, const char *archive_sha256, const char *rules_digest,
                   char **blob, size_t *len, struct diag *d);
/* Inserts or replaces the pair's blob. */
bool scancache_put(struct store *s, const char *archive_sha256, const char *rules_digest,
                   const void *blob, size_t len, int64_t now, struct diag *d);
/* Drops results stored under any other key; returns rows removed or -1.
 * (The CLI keys results by "DIGEST/ECOSYSTEM", so the key is any text.) */
long scancache_prune(struct store *s, const char *keep_rules_digest, struct diag *d);

#endif
