/* npm version ranges (node-semver's Range, non-loose, includePrerelease
 * off), desugared at parse time into comparator sets the way node-semver
 * does, then matched many times without allocation.
 *
 * Accepted: comparators <, <=, >, >=, = (and bare versions); x-ranges
 * (1.x, 1.2.*, *, X, "" -- any part may be x, X or *, and missing parts
 * count as x); tilde (~1.2.3, ~1.2, ~1, also spelled ~>); caret (^1.2.3,
 * ^0.2.3, ^0.0.3, ^1.2.x, ^0.0.x, ^0.0); hyphen ranges "A - B" (the whole
 * set, partial on either side); space-separated comparators (AND) and ||
 * (OR); whitespace between an operator and its version; a 'v' or '='
 * prefix on versions.  Desugaring (z = "-0", the lowest pre-release):
 *   ~1.2.3 >=1.2.3 <1.3.0-0   ~1.2 >=1.2.0 <1.3.0-0   ~1 >=1.0.0 <2.0.0-0
 *   ^1.2.3 >=1.2.3 <2.0.0-0   ^0.2.3 >=0.2.3 <0.3.0-0  ^0.0.3 >=0.0.3 <0.0.4-0
 *   ^0.0 / ^0.0.x >=0.0.0 <0.1.0-0   1.2.x >=1.2.0 <1.3.0-0   * any
 *   >1.2 >=1.3.0   <=1.2 <1.3.0-0   <1.2 <1.2.0-0   >* / <* nothing
 *   1.2.3 - 2.3 >=1.2.3 <2.4.0-0    1.2 - 2.3.4 >=1.2.0 <=2.3.4
 * Pre-release rule: a version with a pre-release tag satisfies a set only
 * if some comparator of that set has a pre-release on the same
 * MAJOR.MINOR.PATCH (">1.2.3-alpha.3" matches 1.2.3-alpha.7, not
 * 3.4.5-alpha.9); "*" does not match pre-releases.
 * Numbers are uint64 (node caps them at 2^53-1); a bound that would
 * overflow is dropped (an upper bound) or makes the set empty (">" forms). */
#ifndef DEPVET_CORE_REQ_NPM_H
#define DEPVET_CORE_REQ_NPM_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/core/semver_cmp.h"

/* A compiled range, owning a copy of its text.  Limits: SEMVER_CMP_MAX_TEXT
 * bytes, SEMVER_CMP_MAX comparators. */
struct req_npm {
    struct semver_req req;
};

/* Parses text[0..len); false with d set (1-based column) on bad input,
 * *out then empty and safe to free. */
bool req_npm_parse(const char *text, size_t len, struct req_npm *out, struct diag *d);
/* semver.satisfies(v, range) with default options. */
bool req_npm_matches(const struct req_npm *r, const struct semver *v);
/* Frees what req_npm_parse allocated; NULL and empty structs are fine. */
void req_npm_free(struct req_npm *r);

#endif
