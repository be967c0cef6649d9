/* Hex / Elixir version requirements ("~> 1.2", ">= 1.0.0 and < 2.0.0 or
 * == 3.0.0"), compiled once into comparator sets and matched many times
 * with the semantics of Elixir's Version.match?.
 *
 * What is implemented (from Elixir's Version docs and lib/version.ex):
 * - operators ==, !=, >, >=, <, <=, ~> (and the deprecated "!" for !=); a
 *   clause without operator means ==; "and" binds tighter than "or";
 *   operators may touch their version (">=1.0.0"); whitespace is spaces or
 *   tabs, and "and"/"or" must be separate words.
 * - versions are full SemVer 2.0.0, except after ~> where MAJOR.MINOR is
 *   allowed: "~> 2.1" is ">= 2.1.0 and < 3.0.0-0", "~> 2.1.3" is
 *   ">= 2.1.3 and < 2.2.0-0" (the -0 keeps every pre-release of the upper
 *   bound out, as Elixir does); a pre-release on the operand is kept
 *   ("~> 2.1-dev" is ">= 2.1.0-dev and < 3.0.0-0").
 * - pre-releases (Elixir's :allow_pre option): with allow_pre false, which
 *   is what Hex's resolver uses and what req_hex_matches does, a pre-release
 *   version fails a > or >= comparator (including the lower half of ~>)
 *   unless that comparator's own version is a pre-release.  ==, !=, < and
 *   <= are plain comparisons, exactly as in Elixir.
 * Difference from Elixir: pre-release tails are ordered by SemVer §11
 * everywhere; Elixir's match spec compares pre-release lists of different
 * lengths by length first for > and < on the same MAJOR.MINOR.PATCH (so
 * there "1.0.0-alpha.1" is "> 1.0.0-beta"); here it is not. */
#ifndef DEPVET_CORE_REQ_HEX_H
#define DEPVET_CORE_REQ_HEX_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/core/semver_cmp.h"

/* A compiled requirement; owns a copy of its text, so the source may be
 * freed after parsing.  Limits: SEMVER_CMP_MAX_TEXT, SEMVER_CMP_MAX. */
struct req_hex {
    struct semver_req req;
};

/* Parses text[0..len).  On failure returns false, leaves *out empty (safe
 * to free) and fills d with the 1-based column of the problem. */
bool req_hex_parse(const char *text, size_t len, struct req_hex *out, struct diag *d);
/* Version.match?(v, req, allow_pre: false) -- Hex's resolver semantics. */
bool req_hex_matches(const struct req_hex *r, const struct semver *v);
/* The same with Elixir's :allow_pre option spelled out (Elixir's own
 * default is true). */
bool req_hex_matches_opt(const struct req_hex *r, const struct semver *v, bool allow_pre);
/* Releases what req_hex_parse allocated; accepts NULL and empty structs. */
void req_hex_free(struct req_hex *r);

#endif
