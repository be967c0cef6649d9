/* Findings kept in the cache: what the registry and advisory rules last
 * concluded about each package@version, so a frontend can show them at
 * once and recompute later.  Rows only; the engine decides what they say. */
#ifndef DEPVET_STORE_FINDSTORE_H
#define DEPVET_STORE_FINDSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"
#include "depvet/store/db.h"

struct stored_finding {
    const char *rule;
    int severity;
    const char *message, *evidence, *link;   /* evidence and link may be NULL */
};

/* One package@version the rules looked at, with what they found (maybe
 * nothing). */
struct stored_pin {
    enum ecosystem eco;
    const char *key;          /* ecosystem_normalize_name of the name */
    const char *version;
    int64_t computed_at;
    struct stored_finding *items;
    size_t n;
};

/* Replaces the stored findings of eco:name@version with f[0..n); an empty
 * set is stored too.  Call inside a transaction. */
bool findstore_replace(struct store *s, enum ecosystem eco, const char *name,
                       const char *version, const struct stored_finding *f, size_t n,
                       int64_t now, struct diag *d);

/* Every stored pin, ordered by ecosystem, key and version (strcmp), in
 * arena a.  Returns the count; 0 with d set on a read error. */
size_t findstore_load_all(struct store *s, struct arena *a, struct stored_pin **out,
                          struct diag *d);

#endif
