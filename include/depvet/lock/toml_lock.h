/* Shared plumbing for the TOML lockfile readers (manifest.toml, poetry.lock,
 * uv.lock, pylock.toml): parsing with the reader contract's checks, finding
 * the companion manifest, and hash strings. */
#ifndef DEPVET_LOCK_TOML_LOCK_H
#define DEPVET_LOCK_TOML_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"
#include "depvet/lock/toml.h"

/* Parses buf as TOML into a (size cap, NUL bytes and syntax errors set d
 * with path:line:col).  NULL on failure. */
struct toml_value *toml_lock_parse(const char *path, const char *buf, size_t len,
                                   struct arena *a, struct diag *d);

/* Parses a lockfile and finds its package list under `key` (*pkgs NULL
 * when absent).  False with d set on a TOML error, when `key` holds
 * something other than an array (DIAG_UNSUPPORTED: not this format), or
 * when an entry is not a table with a string `name` (DIAG_SYNTAX there). */
bool toml_lock_open(const char *path, const char *buf, size_t len, const char *key,
                    struct arena *a, const struct toml_value **root,
                    const struct toml_value **pkgs, struct diag *d);

/* The manifest beside a lockfile: path with the trailing `lockname` of its
 * last component replaced by `companion` ("dir/manifest.toml" ->
 * "dir/gleam.toml", "x__poetry.lock" -> "x__pyproject.toml").  Parsed into
 * a; NULL when absent, unreadable or malformed (never an error). */
struct toml_value *toml_lock_companion(const char *path, const char *lockname,
                                       const char *companion, struct arena *a);

/* Adds "algo:value" (e.g. "sha256:ab12...") as a checksum of node id;
 * strings without ':' are ignored. */
void toml_lock_add_hash(struct dep_graph *g, unsigned id, const char *hash,
                        const char *what);

/* Last path component of a URL or path (without query or fragment), in a. */
const char *toml_lock_basename(struct arena *a, const char *url);

/* True when some line of buf starts with prefix (for the sniffers, the
 * YAML and yarn ones too). */
bool toml_lock_has_line(const char *buf, size_t len, const char *prefix);

/* Line of a package table: that of its `name` value, else of the table. */
unsigned toml_lock_line(const struct toml_value *pkg);

#endif
