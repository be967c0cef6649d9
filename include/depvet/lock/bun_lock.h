/* bun.lock: Bun's text lockfile (JSONC: comments and trailing commas are
 * blanked before cJSON reads it), lockfileVersion 0 and 1.  Follows
 * depvet/lock/reader.h.  (bun.lockb, the binary format, is not read:
 * detection names it and says how to get the text one.)
 *
 * One node per `packages` key (node->path = the key; "a/b" is b nested
 * under a): entries ["name@version", registry, {info}, "integrity"]
 * (registry "" = the default one; a non-empty one becomes source_url),
 * ["name@workspace:folder"] (DEP_PROJECT|DEP_LINK), git / github: / file: /
 * link: / tarball resolutions through npm_source_classify.  Integrity
 * strings are SRI checksums.  Edges follow Bun's lookup: a dependency of
 * key K is K/name, else the same under each enclosing key, else the top
 * key name; they are exact (graph_add_edge), kinds from dependencies,
 * optionalDependencies (DEP_OPTIONAL), peerDependencies (DEP_PEER, and
 * DEP_OPTIONAL when listed in optionalPeers).  A missing optional or peer
 * target is not an edge; a missing required one stays unresolved.
 * Workspaces: "" is the project (not a node), the others are the members'
 * entries; what any workspace depends on is DEP_DIRECT, and what only
 * devDependencies reach is DEP_DEV. */
#ifndef DEPVET_LOCK_BUN_LOCK_H
#define DEPVET_LOCK_BUN_LOCK_H

#include "depvet/lock/reader.h"

bool bun_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                   struct diag *d);
bool bun_lock_sniff(const char *buf, size_t len);

#endif
