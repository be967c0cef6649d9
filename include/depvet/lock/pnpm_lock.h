/* pnpm-lock.yaml, lockfileVersion 5.4, 6.x and 9.x, read through libyaml
 * (yamlock.h).  Follows depvet/lock/reader.h.  A file of two documents
 * (pnpm's own packageManagerDependencies first) is read from the last.
 *
 * One node per `packages` key (node->path = the key): "/name/1.0.0_peer"
 * (5.4), "/name@1.0.0(peer@1)" (6: peer variants are keys of their own),
 * "name@1.0.0" (9: peer variants are snapshots of one package); the entry's
 * own name/version win over the key's.  resolution: integrity -> SRI
 * checksums; tarball -> npm_source_classify; type git -> SOURCE_GIT
 * repo/commit; directory -> SOURCE_PATH.  Edges: dependencies and
 * optionalDependencies (DEP_OPTIONAL) of each package (5.4, 6) or snapshot
 * (9), each version reference ("1.0.0", "1.0.0(peer)", alias "real@1.0.0",
 * "/real/1.0.0") looked up as the key pnpm writes for it; "link:" targets
 * are importers, not nodes.  Importers (or the top level of a one-project
 * 5.4/6 lock) are the project roots: what they depend on is DEP_DIRECT
 * (optionalDependencies DEP_OPTIONAL).  Dev: the `dev` flag of 5.4 and 6;
 * for 9, what only devDependencies reach; `optional: true` ->
 * DEP_OPTIONAL.  Catalogs and settings carry nothing a node needs. */
#ifndef DEPVET_LOCK_PNPM_LOCK_H
#define DEPVET_LOCK_PNPM_LOCK_H

#include "depvet/lock/reader.h"

bool pnpm_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                    struct diag *d);
bool pnpm_lock_sniff(const char *buf, size_t len);

#endif
