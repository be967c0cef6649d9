/* yarn.lock v1 (Yarn Classic).  Follows depvet/lock/reader.h.  A Yarn
 * Berry lockfile (one with `__metadata:`) is refused as DIAG_UNSUPPORTED.
 *
 * Yarn's own line format: an unindented header lists the entry's
 * descriptors ("name@range", comma-separated, quoted or not) and ends in
 * ':'; two-space fields follow (version, resolved, integrity, and the
 * maps dependencies / optionalDependencies / peerDependencies whose
 * four-space lines are `name "range"`).  One node per entry.  Aliases
 * "x@npm:real@^1" record the real name.  Sources: a git range (git+,
 * git://, github:, "owner/repo#ref") -> SOURCE_GIT with the commit from
 * `resolved`; file: / link: -> SOURCE_PATH; else `resolved` through
 * npm_source_classify, without yarn's "#<sha1>" fragment, which becomes a
 * sha1 checksum when the entry has no integrity; integrity (sha1 or
 * sha512 SRI) -> checksums.  Edges go to the entry listing the exact
 * descriptor "name@range" (else, for a hand-edited lock, to the locked
 * version of that name the range accepts, via graph_resolve).
 * Direct: the dependencies of a package.json beside the lock ("dir/yarn.lock"
 * -> "dir/package.json", "p__yarn.lock" -> "p__package.json"), devDependencies
 * DEP_DEV; entries nothing depends on are direct too (a workspace member
 * requires them); what only dev roots reach is DEP_DEV. */
#ifndef DEPVET_LOCK_YARN_LOCK_H
#define DEPVET_LOCK_YARN_LOCK_H

#include "depvet/lock/reader.h"

bool yarn_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                    struct diag *d);
bool yarn_lock_sniff(const char *buf, size_t len);

#endif
