/* pdm.lock, lock_version 3.x and 4.x.  Follows depvet/lock/reader.h.
 *
 * One node per [[package]] table: a package locked with extras is a second
 * table of the same name and version, whose node carries the extras as a
 * group "[a,b]" (and depends on the plain one).  groups -> node groups;
 * outside the "default" group a package is DEP_OPTIONAL when a group is one
 * of the project's optional-dependencies, else DEP_DEV.  marker ->
 * requirement.  git + revision (or ref) -> SOURCE_GIT, url -> SOURCE_URL,
 * path -> SOURCE_PATH (editable: DEP_LINK).  Hashes: per package `files`
 * (4.x), or [metadata.files] keyed "name version" (3.x), "algo:hex" tied
 * to the file name.  Edges: PEP 508 dependency strings through
 * graph_resolve with the specifier and the extras, so "x[socks]>=1" goes
 * to x's extras table.  Direct: [project] dependencies,
 * optional-dependencies (DEP_OPTIONAL), [tool.pdm.dev-dependencies] and
 * [dependency-groups] (DEP_DEV) of a pyproject.toml beside the lock. */
#ifndef DEPVET_LOCK_PDM_LOCK_H
#define DEPVET_LOCK_PDM_LOCK_H

#include "depvet/lock/reader.h"

bool pdm_lock_read(struct dep_graph *g, const char *path,
                   const char *buf, size_t len, struct diag *d);
bool pdm_lock_sniff(const char *buf, size_t len);

#endif
