/* Advisories from the OSV API: one querybatch question for every pinned
 * package@version of the graph, then the full records of the advisories it
 * names that the cache lacks or holds in an older version.  Records land
 * in the same advisory tables as `depvet db import-osv`, so matching is
 * the same with or without network. */
#ifndef DEPVET_ENGINE_OSV_ONLINE_H
#define DEPVET_ENGINE_OSV_ONLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/lock/graph.h"
#include "depvet/store/db.h"

#define OSV_QUERY_TTL 86400      /* a pin's answer is asked again after a day */

struct osv_online_summary {
    unsigned pins;            /* public package@version pins of the graph */
    unsigned fresh;           /* answered within the time-to-live: not asked */
    unsigned hits;            /* distinct advisories named in the answers */
    unsigned fetched;         /* records asked for: new or changed */
    unsigned imported;        /* records added or updated */
    unsigned failed;          /* batches or records that failed */
    char failure[640];        /* the first failure, "" when none */
    bool snapshot;            /* the OSV source is a file:// snapshot, which
                               * cannot answer queries: nothing asked */
};

/* Asks about every public registry pin of g; private packages (config,
 * Hex organisations, private indexes) are never named to the service.
 * False only when nothing could be tried. */
bool osv_online_refresh(struct store *st, const struct engine_config *cfg,
                        const struct dep_graph *g, int64_t now, bool force,
                        struct osv_online_summary *sum, struct diag *d);
/* The same for the nodes i with only[i] set (only NULL: every node). */
bool osv_online_refresh_nodes(struct store *st, const struct engine_config *cfg,
                              const struct dep_graph *g, const bool *only, int64_t now,
                              bool force, struct osv_online_summary *sum, struct diag *d);
/* When the service was last asked about each pin, read at once (NULL:
 * no cache or a read error, then nothing was asked); store_times_free. */
struct store_times *osv_online_asked(struct store *st);
/* When it was last asked about the node's pin (0: never). */
int64_t osv_online_asked_at(const struct store_times *asked, const struct dep_node *n);

#endif
