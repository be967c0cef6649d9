/* The package ecosystems depvet knows, and their name rules. */
#ifndef DEPVET_CORE_ECOSYSTEM_H
#define DEPVET_CORE_ECOSYSTEM_H

#include <stdbool.h>
#include <stddef.h>

enum ecosystem { ECO_UNKNOWN = 0, ECO_HEX, ECO_PYPI, ECO_NPM };

/* "Hex", "PyPI", "npm" (OSV spelling); "?" for ECO_UNKNOWN. */
const char *ecosystem_name(enum ecosystem e);
/* Case-insensitive "hex", "pypi", "npm"; false otherwise. */
bool ecosystem_parse(const char *s, enum ecosystem *out);
/* Canonical form for comparing names: PEP 503 for PyPI (lower case, runs of
 * "-", "_", "." become "-"), lower case for Hex, unchanged for npm.  Writes
 * at most outlen-1 bytes and NUL; returns the full length needed. */
size_t ecosystem_normalize_name(enum ecosystem e, const char *name,
                                char *out, size_t outlen);

#endif
