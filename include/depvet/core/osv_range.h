/* OSV "affected" ranges: does a package version fall inside a record's
 * introduced / fixed / last_affected / limit events, using the ecosystem's
 * own ordering (SemVer for Hex and npm, PEP 440 for PyPI). */
#ifndef DEPVET_CORE_OSV_RANGE_H
#define DEPVET_CORE_OSV_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/ecosystem.h"

enum osv_event_kind { OSV_INTRODUCED, OSV_FIXED, OSV_LAST_AFFECTED, OSV_LIMIT };
enum osv_range_type { OSV_RANGE_SEMVER, OSV_RANGE_ECOSYSTEM, OSV_RANGE_GIT };

struct osv_event {
    enum osv_event_kind kind;
    const char *version;      /* "0" for introduced means "from the start" */
};

struct osv_range {
    enum osv_range_type type;
    const struct osv_event *events;
    size_t n_events;
};

/* True when version lies in the range.  GIT ranges never match a package
 * version (they name commits).  Events need not be sorted. */
bool osv_range_affects(enum ecosystem eco, const struct osv_range *r,
                       const char *version);
/* True when version equals one of the listed versions under the
 * ecosystem's equality (PEP 440: 1.0 == 1.0.0). */
bool osv_versions_include(enum ecosystem eco, const char *const *versions,
                          size_t n, const char *version);
/* True when every version at or above `from` lies in r, or every version
 * at all when from is NULL: r is affected at from (or introduced at "0")
 * and no fixed or last_affected event nor a limit lies above it.  What a
 * requirement with that lower bound can never resolve out of. */
bool osv_range_covers_from(enum ecosystem eco, const struct osv_range *r,
                           const char *from);
/* The smallest "fixed" version of r above version, or NULL. */
const char *osv_range_next_fixed(enum ecosystem eco, const struct osv_range *r,
                                 const char *version);

#endif
