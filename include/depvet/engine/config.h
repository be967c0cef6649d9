/* Where facts come from: one base URL per source, from defaults, the user's
 * and the project's config, and DEPVET_*_URL environment variables (the
 * last wins).  A base URL may be http(s):// or file:// (recorded
 * snapshots). */
#ifndef DEPVET_ENGINE_CONFIG_H
#define DEPVET_ENGINE_CONFIG_H

#include <stdbool.h>

enum source_id {
    SRC_HEX_API, SRC_HEX_REPO, SRC_PYPI, SRC_PYPISTATS, SRC_NPM,
    SRC_NPM_DOWNLOADS, SRC_OSV, SRC_DEPSDEV, SRC_COUNT
};

struct source_def {
    enum source_id id;
    const char *key;        /* config key under [registries] */
    const char *env;        /* environment override */
    const char *dflt;       /* public default */
};

extern const struct source_def source_table[SRC_COUNT];

struct engine_config {
    char base_url[SRC_COUNT][1024];
    unsigned concurrency;   /* parallel requests, default 16 */
    char cacert[1024];      /* extra CA file, "" for none */
    char cache_dir[1024];   /* "" = XDG default */
    bool offline;
};

/* Defaults, then the environment. */
void engine_config_init(struct engine_config *c);
/* Base URL of a source without a trailing slash. */
const char *engine_config_url(const struct engine_config *c, enum source_id id);

#endif
