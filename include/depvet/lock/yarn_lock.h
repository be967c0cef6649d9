/* yarn.lock: Yarn Classic's v1 and Yarn Berry's (__metadata version 4 to
 * 10, YAML through yamlock.h).  Follows depvet/lock/reader.h.
 *
 * v1 is Yarn's own line format: an unindented header lists the entry's
 * descriptors ("name@range", comma-separated, quoted or not) and ends in
 * ':'; two-space fields follow (version, resolved, integrity, and the
 * maps dependencies / optionalDependencies / peerDependencies whose
 * four-space lines are `name "range"`).  Aliases "x@npm:real@^1" record
 * the real name.  Sources: a git range (git+, git://, github:,
 * "owner/repo#ref") -> SOURCE_GIT with the commit from `resolved`; file: /
 * link: -> SOURCE_PATH; else `resolved` through npm_source_classify,
 * without yarn's "#<sha1>" fragment, which becomes a sha1 checksum when the
 * entry has no integrity; integrity (sha1 or sha512 SRI) -> checksums.
 *
 * Berry: each top-level key but __metadata is an entry ("a@npm:^1, a@npm:^1.2");
 * the node's name and source come from `resolution` (npm: registry,
 * workspace: DEP_PROJECT|DEP_LINK, portal: / link: DEP_LINK paths, file:,
 * git URLs with #commit=, patch: grouped "patch"); `checksum`
 * ("<cacheKey>/<hex>", or the hex with __metadata.cacheKey) is the sha512 of
 * the zip Yarn caches, not of the registry tarball, so it is kept as algo
 * "yarn-zip-sha512" (what = the cacheKey), which tarball checks pass over;
 * dependenciesMeta optional -> DEP_OPTIONAL edges; peers are not edges.
 *
 * One node per entry.  Edges go to the entry listing the exact descriptor
 * "name@range" (Berry 4/5 dependencies omit "npm:"; else, for a hand-edited
 * lock, to the locked version of that name the range accepts, via
 * graph_resolve).  Direct: what workspaces depend on (Berry), the
 * dependencies of a package.json beside the lock ("dir/yarn.lock" ->
 * "dir/package.json", "p__yarn.lock" -> "p__package.json"), devDependencies
 * DEP_DEV, and entries nothing depends on (a workspace member requires
 * them); what only dev roots reach is DEP_DEV. */
#ifndef DEPVET_LOCK_YARN_LOCK_H
#define DEPVET_LOCK_YARN_LOCK_H

#include "depvet/lock/reader.h"

bool yarn_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                    struct diag *d);
bool yarn_lock_sniff(const char *buf, size_t len);

#endif
