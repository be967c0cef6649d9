/* The contract every lockfile reader follows.
 *
 * bool FORMAT_read(struct dep_graph *g, const char *path,
 *                  const char *buf, size_t len, struct diag *d);
 *   Adds one lockfile (graph_add_lockfile) and its nodes and edges to g.
 *   buf is the whole file, NUL-terminated at buf[len], and may hold NUL bytes
 *   before that (reject them).  path names the file in diagnostics and lets a
 *   reader look at a companion manifest beside it (mix.exs, gleam.toml,
 *   pyproject.toml, package.json) to learn which dependencies are direct; a
 *   missing or unreadable companion is not an error.  On malformed input:
 *   returns false with d set to file:line:col and a message; what was added
 *   to g is then to be discarded by the caller.  Never reads past buf+len,
 *   bounded recursion, no I/O except the companion manifest.
 *
 * bool FORMAT_sniff(const char *buf, size_t len);
 *   True when the content looks like this format (for files whose name does
 *   not tell).
 */
#ifndef DEPVET_LOCK_READER_H
#define DEPVET_LOCK_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

typedef bool (*lock_read_fn)(struct dep_graph *g, const char *path,
                             const char *buf, size_t len, struct diag *d);
typedef bool (*lock_sniff_fn)(const char *buf, size_t len);

/* Nesting deeper than this in any lockfile syntax is refused (DIAG_LIMIT). */
#define LOCK_MAX_DEPTH 256
/* Lockfiles larger than this are refused before parsing. */
#define LOCK_MAX_BYTES (128u * 1024 * 1024)

#endif
