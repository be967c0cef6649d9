/* package-lock.json and npm-shrinkwrap.json: lockfileVersion 1 (and older
 * shrinkwraps without one), 2 and 3.  Follows depvet/lock/reader.h.
 *
 * One node per install location (node->path = "node_modules/a",
 * "node_modules/a/node_modules/b", or a workspace folder "packages/x"); the
 * root project "" is not a node.  v2 files carry both sections: `packages`
 * wins.  Edges are resolved the way Node resolves require(): from a
 * package's folder, then each ancestor folder, up to the root.
 *
 * Flags: dev -> DEP_DEV, optional -> DEP_OPTIONAL, peer -> DEP_PEER,
 * inBundle/bundled -> DEP_BUNDLED (v1 bundled also as the string "true"),
 * link -> DEP_LINK (an edge goes from the
 * link to its target folder), workspace members -> DEP_PROJECT|DEP_LINK.
 * devOptional -> DEP_OPTIONAL only: npm writes it for a package that is
 * both in the dev tree and an optional dependency of the production tree,
 * and `npm ci --omit=dev` still installs it, so it must not be hidden as
 * dev.  (npm writes dev+optional for an optional dependency of a dev one.)
 * A node's DEP_DEV is npm's own verdict over the whole tree.  The root's
 * dependencies of every kind (from "" in v2/v3, else from a package.json
 * beside the lockfile) and workspace members' dependencies are DEP_DIRECT.
 *
 * Sources: `version` or `resolved` as git URL (git+, git://, github:,
 * gitlab:, bitbucket:, gist:) -> SOURCE_GIT with git_ref after '#';
 * file: or a folder -> SOURCE_PATH; an http(s) tarball without the
 * registry's "/-/" -> SOURCE_URL; npm:name@version aliases record the real
 * name.  integrity "sha512-B64 sha1-B64" -> one checksum per hash.
 * A whitespace-only file is an empty lockfile.  Whether a shrinkwrap beside
 * a package-lock shadows it is for the caller to decide. */
#ifndef DEPVET_LOCK_NPM_LOCK_H
#define DEPVET_LOCK_NPM_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

bool npm_lock_read(struct dep_graph *g, const char *path, const char *buf,
                   size_t len, struct diag *d);
bool npm_lock_sniff(const char *buf, size_t len);

#endif
