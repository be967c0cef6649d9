/* Imports: other teams' reviews files named in [imports] of
 * .depvet/config.toml.  Each is fetched through the HTTP engine (TLS
 * verified, no credentials, ETag revalidation), kept in the cache for
 * --offline, pinned by SHA-256 in .depvet/imports.lock, and merged into
 * copies of the project's reviews that policy evaluation reads; the
 * project's own set is never changed, so an import is never saved into
 * audits.toml.
 *
 *   struct imports im;
 *   struct imports_options o = {.locked = true, .now = now};
 *   if (!imports_resolve(&im, &cfg, project, set, &o, &d)) fail(&d);
 *   ... enforce_input.imports = &im ...
 *   imports_fini(&im);
 */
#ifndef DEPVET_ENGINE_IMPORTS_H
#define DEPVET_ENGINE_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/audit/audits.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"

enum import_source {
    IMPORT_FETCHED,            /* fetched now */
    IMPORT_NOT_MODIFIED,       /* the server said the cached copy is current */
    IMPORT_CACHED,             /* the cached copy (offline, or the fetch failed) */
};

struct import_state {
    const struct import_def *def;   /* points into the config */
    char sha256[65];            /* of the content used */
    char locked[65];            /* imports.lock's before this run, "" none */
    bool lock_changed;          /* imports.lock now says sha256 */
    enum import_source source;
    char note[600];             /* IMPORT_CACHED: why ("offline", the fetch error) */
    int64_t fetched_at;         /* when the content used was fetched */
    size_t reviews;             /* reviews the import added */
    struct audits *with;        /* the project's reviews plus this import's */
};

struct imports_options {
    bool offline;               /* no request: the cached copies only */
    bool locked;                /* content must match imports.lock; nothing
                                 * in the project is written */
    const char *cache_dir;      /* NULL: the XDG default */
    int64_t now;
};

struct imports {
    struct import_state *items;
    size_t n;
    struct audits *merged;      /* every import's reviews; NULL without imports */
    bool lock_written;          /* imports.lock was (re)written */
};

/* Fetches (or reads from the cache) every import of cfg, checks it against
 * imports.lock, and builds the merged sets over local.  Without --locked,
 * imports.lock is brought up to date (written whole through
 * file_write_project, only when it changed).  False, with d set and
 * nothing written, when an import cannot be had, is malformed (d names its
 * URL, line and column), or under --locked differs from imports.lock (d
 * names both digests). */
bool imports_resolve(struct imports *out, const struct engine_config *cfg, const char *project,
                     const struct audits *local, const struct imports_options *o,
                     struct diag *d);
void imports_fini(struct imports *im);

/* The name of the first import whose reviews (with the project's own
 * reviews and exemptions) cover the pin for criteria today, "several
 * imports" when only all of them together do, NULL when none. */
const char *imports_origin(const struct imports *im, enum ecosystem eco, const char *name,
                           const char *version, enum audit_criteria criteria, const char *today);

#endif
