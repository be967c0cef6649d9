/* Advisories in the cache: each OSV record's raw JSON with the fields that
 * decide an import (modified, withdrawn) and the ones a listing shows, plus
 * an index (ecosystem, normalised name) -> advisory for look-ups.  Parsing
 * and matching are the analysis layer's (analysis/osv.h); the store keeps
 * rows. */
#ifndef DEPVET_STORE_ADVISORIES_H
#define DEPVET_STORE_ADVISORIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"
#include "depvet/store/db.h"

struct advisory_pkg {
    enum ecosystem eco;
    const char *key;            /* ecosystem_normalize_name of the name */
};

/* What advisories_put writes; every pointer is borrowed. */
struct advisory_entry {
    const char *id;
    const char *modified;       /* as written */
    int64_t modified_at;        /* Unix seconds: what an import compares */
    const char *withdrawn;      /* NULL unless withdrawn */
    const char *const *aliases;
    size_t n_aliases;
    const char *summary;
    const char *severity;       /* "low" .. "critical" */
    const char *link;
    const char *body;           /* the record's JSON text */
    size_t body_len;
    const struct advisory_pkg *pkgs;  /* duplicates are fine */
    size_t n_pkgs;
};

enum advisory_put_result { ADVISORY_ADDED, ADVISORY_UPDATED, ADVISORY_UNCHANGED };

/* Stores e unless the stored copy's modified_at is the same or newer
 * (ADVISORY_UNCHANGED, nothing written).  An update replaces the row and
 * its index entries.  Call inside a transaction (store_begin): an import
 * writes all its records in one. */
bool advisories_put(struct store *s, const struct advisory_entry *e,
                    enum advisory_put_result *res, struct diag *d);

/* The stored modified_at of id; false when id is not stored (or on error,
 * with d set). */
bool advisories_modified_at(struct store *s, const char *id, int64_t *at, struct diag *d);

struct advisory_body {
    const char *id;
    const char *body;           /* NUL-terminated JSON text */
    size_t len;
};

/* The stored records of the non-withdrawn advisories indexed under eco and
 * name (normalised here), ordered by id, copied into arena a.  Returns the
 * count; 0 with d set on a database error. */
size_t advisories_for_package(struct store *s, struct arena *a, enum ecosystem eco,
                              const char *name, struct advisory_body **out,
                              struct diag *d);

/* The same look-up for many packages in a row (a whole graph): one
 * prepared statement and one read transaction (unless the caller is inside
 * one already) held until advisories_lookup_free.  NULL with d set on a
 * database error. */
struct advisory_lookup;
struct advisory_lookup *advisories_lookup_new(struct store *s, struct diag *d);
size_t advisories_lookup_get(struct advisory_lookup *l, struct arena *a, enum ecosystem eco,
                             const char *name, struct advisory_body **out,
                             struct diag *d);
void advisories_lookup_free(struct advisory_lookup *l);   /* accepts NULL */

struct advisory_stats {
    int64_t total;              /* advisories stored, withdrawn included */
    int64_t withdrawn;
    int64_t per_eco[ECO_NPM + 1];   /* advisories naming a package of each */
    int64_t packages[ECO_NPM + 1];  /* distinct packages named, per ecosystem */
    char newest_modified[64];   /* the latest modified date, "" when empty */
};

bool advisories_stats(struct store *s, struct advisory_stats *st, struct diag *d);

#endif
