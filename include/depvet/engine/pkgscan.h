/* Scanning a package archive held in memory: a Hex tarball's contents, or
 * any sdist, wheel or npm tarball, with results kept in the cache by
 * (archive SHA-256, rule set, ecosystem) so each archive is scanned once
 * per rule set.  Used by `depvet scan` and by the findings of `check`. */
#ifndef DEPVET_ENGINE_PKGSCAN_H
#define DEPVET_ENGINE_PKGSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"
#include "depvet/core/diag.h"
#include "depvet/store/db.h"

/* The rule folder: DEPVET_RULES_DIR, else the rules beside the binary
 * in a build tree, else the installed ones (datadir_find). */
const char *pkgscan_rules_dir(void);
/* The rules of pkgscan_rules_dir(), their compiled prefilter kept under
 * cache_dir (NULL: the XDG cache folder; see pkgscan_db_cache_dir); NULL
 * with d set when they do not load.  Free with pkgscan_rules_free. */
struct rule_set *pkgscan_rules_load(const char *cache_dir, struct diag *d);
/* Where the rules' compiled prefilter databases are kept: "prefilter" in
 * the folder of --cache (cache_flag), else in the cache folder
 * (DEPVET_CACHE_DIR, XDG); false when there is none. */
bool pkgscan_db_cache_dir(const char *cache_flag, char *out, size_t cap);
void pkgscan_rules_free(struct rule_set *rs);   /* accepts NULL */

/* Scans buf[0..len) (named name in diagnostics) with rs for eco's rules
 * (ECO_UNKNOWN: guessed from the files).  sha256 is the buffer's digest
 * when the caller already has it (the archive store does), else NULL.
 * st may be NULL (no cache).  A
 * corrupt archive is a hit, not a failure; NULL with d set only when buf
 * is no archive at all. */
struct scan_result *pkgscan_buffer(const struct rule_set *rs, enum ecosystem eco,
                                   const void *buf, size_t len, const unsigned char *sha256,
                                   const char *name, struct store *st, int64_t now,
                                   struct diag *d);

#endif
