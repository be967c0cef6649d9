/* Package reputation records in the cache: what the registries said, with
 * the time each kind of fact was learned, and the maintainer history (a
 * dated snapshot each time the owner set changes). */
#ifndef DEPVET_STORE_PKGSTORE_H
#define DEPVET_STORE_PKGSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/db.h"
#include "depvet/store/model.h"

struct owner_snapshot {
    int64_t seen_at;          /* first refresh that saw this set */
    struct reg_person *owners;
    size_t n_owners;
};

/* Replaces the package's record with p (releases, dependencies, downloads)
 * and records `kinds` (comma-separated fact kinds, e.g. "package,owners")
 * as learned at now.  A changed owner set adds a snapshot.  Call inside a
 * transaction (store_begin) so a failure leaves the old record whole. */
bool pkgstore_put(struct store *s, const struct reg_package *p, const char *kinds,
                  int64_t now, struct diag *d);
/* Nothing changed (every answer was 304): the facts in `kinds` are
 * confirmed as of now without rewriting the record.  False with d
 * untouched when the package is not cached. */
bool pkgstore_touch(struct store *s, enum ecosystem eco, const char *name,
                    const char *kinds, int64_t now, struct diag *d);
/* Loads a package into arena a; false with d untouched when absent. */
bool pkgstore_get(struct store *s, struct arena *a, enum ecosystem eco,
                  const char *name, struct reg_package **out, struct diag *d);
/* Owner snapshots, oldest first; returns the count (0 when none). */
size_t pkgstore_owner_history(struct store *s, struct arena *a, enum ecosystem eco,
                              const char *name, struct owner_snapshot **out,
                              struct diag *d);
/* When a kind of fact about a package was last learned; 0 if never. */
int64_t pkgstore_fact_time(struct store *s, enum ecosystem eco, const char *name,
                           const char *kind);
/* The same for every package at once (one query; NULL with d set on a
 * read error), then asked per package in memory. */
struct store_times *pkgstore_fact_times(struct store *s, const char *kind, struct diag *d);
int64_t pkgstore_fact_times_get(const struct store_times *t, enum ecosystem eco,
                                const char *name);
/* Every cached package row (counts, repository, status, latest version)
 * with its releases' summaries (version, date, publisher, yank /
 * retirement / deprecation) and current owners: what drawing a whole
 * project needs at once.  pkgstore_get gives the rest of one package
 * (files, checksums, dependencies, links, download series).  Returns the count; *out is
 * an array in a.  0 with d set on a read error. */
size_t pkgstore_load_all(struct store *s, struct arena *a, struct reg_package ***out,
                         struct diag *d);
/* The same, plus what the finding rules read for a whole project: each
 * package's links and its owner history ((*history)[i], oldest first,
 * (*n_history)[i] snapshots, for (*out)[i]). */
size_t pkgstore_load_all_history(struct store *s, struct arena *a, struct reg_package ***out,
                                 struct owner_snapshot ***history, size_t **n_history,
                                 struct diag *d);
/* Fills the pinned release r (found by its version) with what the summary
 * leaves out: checksums, integrity and files.  False with d untouched
 * when the package or release is not cached. */
bool pkgstore_release_detail(struct store *s, struct arena *a, enum ecosystem eco,
                             const char *name, struct reg_release *r, struct diag *d);
/* The cached package's latest version (in a), or NULL when the package is
 * not cached or names none: one row, not the whole record. */
const char *pkgstore_latest_version(struct store *s, struct arena *a, enum ecosystem eco,
                                    const char *name, struct diag *d);
/* Number of packages in the cache. */
int64_t pkgstore_count(struct store *s);

#endif
