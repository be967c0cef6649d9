/* One package's reputation, refreshed first unless offline: what
 * `depvet info` prints. */
#ifndef DEPVET_ENGINE_INFO_H
#define DEPVET_ENGINE_INFO_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/engine/config.h"
#include "depvet/engine/reputation.h"

struct info_request {
    enum ecosystem eco;
    const char *name;
    const char *version;      /* NULL or "" for none */
    const char *cache_dir;    /* NULL: the XDG default */
    bool offline;
    int64_t now;
};

struct info_result {
    struct reputation rep;
    int64_t facts_at;         /* when the package facts were learned */
    bool refreshed;           /* asked the registry in this call */
    char refresh_error[640];  /* why a refresh failed ("" if it did not) */
};

/* Parses "ECOSYSTEM:NAME[@VERSION]" (npm scopes keep their leading '@').
 * Strings point into a (copied). */
bool info_parse_spec(struct arena *a, const char *spec, struct info_request *out,
                     struct diag *d);
/* False with d set when nothing is known about the package (not cached and
 * the refresh failed, or offline). */
bool info_lookup(const struct info_request *q, const struct engine_config *cfg,
                 struct arena *a, struct info_result *out, struct diag *d);

#endif
