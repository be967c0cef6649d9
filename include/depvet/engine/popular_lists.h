/* The popular-name lists the typosquat rule compares with: fetched by a
 * refresh (conditional requests, one transaction per ecosystem, so a list
 * is whole or the old one stays) and kept with the other cached answers. */
#ifndef DEPVET_ENGINE_POPULAR_LISTS_H
#define DEPVET_ENGINE_POPULAR_LISTS_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/analysis/typosquat.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/store/db.h"

#define POPULAR_TTL (7 * 86400)   /* popularity moves slowly */
#define POPULAR_ECOS 4            /* indexed by enum ecosystem */

struct popular_refresh_summary {
    unsigned lists;           /* ecosystems asked for */
    unsigned updated, fresh, failed;
    unsigned requests, not_modified;
    char failure[POPULAR_ECOS][640];   /* "" or why that list failed */
};

/* Refreshes the list of every ecosystem with want[eco] set.  False only
 * when nothing could be tried; per-list failures are in sum. */
bool popular_lists_refresh(struct store *st, const struct engine_config *cfg,
                           const bool want[POPULAR_ECOS], int64_t now, bool force,
                           struct popular_refresh_summary *sum, struct diag *d);

/* The typosquat index of eco's cached list, or NULL when the cache holds
 * no whole list (d says why when something was wrong with it).  *age gets
 * the list's age in seconds when not NULL. */
struct typosquat_index *popular_lists_index(struct store *st, const struct engine_config *cfg,
                                            enum ecosystem eco, int64_t now, int64_t *age,
                                            struct diag *d);

#endif
