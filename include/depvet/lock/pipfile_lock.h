/* Pipfile.lock (pipenv).  Follows depvet/lock/reader.h.
 *
 * The lock is flat (lockfile_info.flat): every installed package, no edges.
 * _meta.sources -> graph_lockfile_add_index (extra_index when more than one).
 * Sections: "default", "develop" (DEP_DEV) and pipenv's named categories
 * (the category becomes a group).  A name@version in several sections is
 * one node, dev only when every section holding it is "develop"; another
 * version is another node.  Per entry: version "==1.2.3" -> "1.2.3";
 * hashes "sha256:..." -> checksums; index -> repo (and source_url the
 * index URL; DEP_PRIVATE when that is not pypi.org); markers are kept in
 * `requirement` as "==1.2.3; <markers>"; extras -> groups; git/ref ->
 * SOURCE_GIT, path -> SOURCE_PATH, file -> SOURCE_URL (or PATH).
 *
 * DEP_DIRECT: only with a Pipfile beside the lock, for the names under its
 * [packages] and [dev-packages] (and category) tables.  The Pipfile is TOML
 * but only scanned line by line here: section headers and `name = ` keys,
 * which is all pipenv writes there.  Without a Pipfile nothing is marked
 * direct (graph_roots then shows every node: none has a parent). */
#ifndef DEPVET_LOCK_PIPFILE_LOCK_H
#define DEPVET_LOCK_PIPFILE_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"
#include "depvet/lock/graph.h"

bool pipfile_lock_read(struct dep_graph *g, const char *path, const char *buf,
                       size_t len, struct diag *d);
bool pipfile_lock_sniff(const char *buf, size_t len);

#endif
