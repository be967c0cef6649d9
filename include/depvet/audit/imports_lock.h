/* .depvet/imports.lock: the SHA-256 of the content of each import (another
 * team's reviews file named in [imports] of .depvet/config.toml), committed
 * beside the reviews so that a changed import shows in git review and
 * `--locked` can refuse one that changed.
 *
 *   # depvet imports.lock: ...
 *
 *   [imports.acme]
 *   url = "https://example.org/audits.toml"
 *   sha256 = "<64 lower-case hex digits>"
 *
 * Entries sorted by name; the format is in depvet-audits(5). */
#ifndef DEPVET_AUDIT_IMPORTS_LOCK_H
#define DEPVET_AUDIT_IMPORTS_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

#define IMPORTS_LOCK_MAX 16          /* as many as [imports] may name */
#define IMPORTS_LOCK_MAX_FILE (1u << 20)

struct imports_lock_entry {
    char name[64];                  /* letters, digits, '-' and '_' */
    char url[1024];
    char sha256[65];                /* lower-case hex */
};

struct imports_lock {
    struct imports_lock_entry items[IMPORTS_LOCK_MAX];   /* sorted by name */
    unsigned n;
};

void imports_lock_init(struct imports_lock *l);
/* Reads the file text; a malformed one (unknown key, a missing url or
 * sha256, a digest that is not 64 hex digits, a bad name) is false with d
 * at where:line:col, and l is left empty. */
bool imports_lock_parse(struct imports_lock *l, const char *buf, size_t len, const char *where,
                        struct diag *d);
/* The same from a file; a missing file is an empty lock. */
bool imports_lock_load(struct imports_lock *l, const char *path, struct diag *d);
const struct imports_lock_entry *imports_lock_find(const struct imports_lock *l,
                                                   const char *name);
/* Adds or replaces name's entry; false (l unchanged) when full or a field
 * would be refused on reading. */
bool imports_lock_set(struct imports_lock *l, const char *name, const char *url,
                      const char *sha256);
/* Drops name's entry; false when there was none. */
bool imports_lock_remove(struct imports_lock *l, const char *name);
/* The file text (heap, NUL-terminated, caller frees). */
char *imports_lock_serialize(const struct imports_lock *l, size_t *len);
/* Whether name is acceptable as an import's name. */
bool imports_lock_name_ok(const char *name);

#endif
