/* Edges for flat lockfiles (requirements.txt without "# via"): each pinned
 * release's requires_dist, as cached by a refresh, with its environment
 * markers evaluated for the configured environment.  Such edges carry
 * DEP_INFERRED: the registry said so, not the lockfile. */
#ifndef DEPVET_ENGINE_FLATFILL_H
#define DEPVET_ENGINE_FLATFILL_H

#include <stdbool.h>

#include "depvet/core/diag.h"
#include "depvet/core/pep508.h"
#include "depvet/lock/graph.h"
#include "depvet/store/db.h"

struct flatfill_stats {
    unsigned flat_nodes;      /* PyPI nodes of flat lockfiles */
    unsigned known;           /* of them, with a cached pinned release */
    unsigned edges;           /* edges added */
    unsigned skipped_marker;  /* requirements whose marker is false here */
};

/* Adds the edges to g (already finished) and finishes it again.  Packages
 * the cache does not know stay without edges. */
void flatfill_apply(struct dep_graph *g, struct store *st, const struct pep508_env *env,
                    struct flatfill_stats *out);

/* For a frontend: when g has a flat PyPI lockfile and the cache (the
 * --cache folder, or the default one) exists, loads the config of the
 * project at project_path for its marker environment and applies the
 * edges.  True when nothing was to do; false with d set on a bad config
 * or an unreadable cache. */
bool flatfill_from_cache(struct dep_graph *g, const char *project_path,
                         const char *cache_flag, struct flatfill_stats *out,
                         struct diag *d);

#endif
