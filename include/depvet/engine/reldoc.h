/* Registry documents asked for on demand, outside a refresh: a package's
 * list of releases, or one release's own record with its requirements
 * (Hex: /packages/N/releases/V, PyPI: /pypi/N/V/json; npm: the packument,
 * which carries every version's).  Each answer is kept in the response
 * cache with its validators, so a second look is offline and a later one
 * is a conditional request.  Many documents go out together over one
 * HTTP engine: what `depvet diff` needs for the later release, and what
 * `depvet adopt` needs for a whole level of a tree at once. */
#ifndef DEPVET_ENGINE_RELDOC_H
#define DEPVET_ENGINE_RELDOC_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/engine/config.h"
#include "depvet/store/db.h"
#include "depvet/store/model.h"

struct reldoc {
    enum ecosystem eco;
    const char *name;
    const char *version;      /* NULL: the package document */
    /* Filled by reldoc_fetch, in its arena: */
    const struct reg_package *pkg;      /* the parsed document */
    const struct reg_release *release;  /* version asked: its record */
    bool from_cache;          /* no request was made */
    char error[400];          /* why there is none ("" when there is) */
};

struct reldoc_options {
    bool offline;             /* the response cache only */
    int64_t now;
    int64_t ttl;              /* a cached answer younger than this is used
                               * unasked (0: a day for package documents,
                               * 30 days for a release's own) */
};

/* Fills each of docs[0..n) (st may be NULL: then nothing is cached and
 * offline finds nothing).  A private name (engine_config_is_private_name)
 * is never sent to a public registry: its error says so. */
void reldoc_fetch(struct store *st, const struct engine_config *cfg, struct reldoc *docs,
                  size_t n, const struct reldoc_options *o, struct arena *a);

/* The URL reldoc_fetch asks for d (in a). */
const char *reldoc_url(const struct engine_config *cfg, const struct reldoc *d, struct arena *a);

#endif
