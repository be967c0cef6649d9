/* SemVer 2.0.0 versions as Hex and npm use them: parsing into a struct that
 * points into the caller's text (no allocation), and precedence per SemVer
 * §11.  Requirements built on it: semver_cmp.h, req_hex.h, req_npm.h. */
#ifndef DEPVET_CORE_VERSION_SEMVER_H
#define DEPVET_CORE_VERSION_SEMVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"

/* A parsed version.  `pre` and `build` point into the parsed text (without
 * the leading '-' or '+') and are only valid while that text lives; both are
 * NULL with length 0 when absent. */
struct semver {
    uint64_t major, minor, patch;
    const char *pre;
    size_t pre_len;
    const char *build;
    size_t build_len;
};

/* Parse flags.  0 is strict SemVer 2.0.0, as Hex (Elixir's Version.parse)
 * requires: exactly MAJOR.MINOR.PATCH, no leading zeros, no prefix. */
enum {
    /* npm's semver.valid: surrounding whitespace and a leading run of 'v'
     * and '=' are accepted; at most 256 bytes, as node-semver caps it. */
    SEMVER_LOOSE = 1u << 0,
    /* Range operand for npm: 1 to 3 parts, each a number or x/X/'*';
     * pre-release and build only after a third part. */
    SEMVER_PARTIAL_NPM = 1u << 1,
    /* Operand of Elixir's `~>`: 2 or 3 numeric parts, pre-release and
     * build allowed after either. */
    SEMVER_PARTIAL_HEX = 1u << 2,
};

/* Longest version SEMVER_LOOSE accepts (node-semver's MAX_LENGTH). */
#define SEMVER_LOOSE_MAX_LEN 256

/* A partial version: `exact` is how many leading parts are concrete
 * numbers (0..3); parts from there on are wildcards or missing and read 0
 * in `v`.  A full version has exact == 3. */
struct semver_partial {
    struct semver v;
    unsigned exact;
};

/* Parses s[0..len) as a whole (NUL bytes are just invalid characters).
 * On failure returns false and fills d (line 1, column = byte offset + 1
 * of the offending character); *out is then zeroed. */
bool semver_parse(const char *s, size_t len, unsigned flags, struct semver *out,
                  struct diag *d);
/* As semver_parse, with SEMVER_PARTIAL_* in flags allowing partial forms. */
bool semver_parse_partial(const char *s, size_t len, unsigned flags,
                          struct semver_partial *out, struct diag *d);

/* <0, 0, >0 by SemVer §11 precedence; build metadata is ignored. */
int semver_compare(const struct semver *a, const struct semver *b);
/* True when a and b have the same major.minor.patch. */
bool semver_same_core(const struct semver *a, const struct semver *b);
bool semver_is_prerelease(const struct semver *v);
/* Writes the canonical text (with pre-release and build) NUL-terminated,
 * truncated to outlen-1 bytes; returns the full length. */
size_t semver_format(const struct semver *v, char *out, size_t outlen);

#endif
