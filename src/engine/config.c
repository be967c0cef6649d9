/* Base URLs and engine settings from defaults and the environment. */
#include "depvet/engine/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct source_def source_table[SRC_COUNT] = {
    {SRC_HEX_API, "hex", "DEPVET_HEX_URL", "https://hex.pm/api"},
    {SRC_HEX_REPO, "hex_repo", "DEPVET_HEX_REPO_URL", "https://repo.hex.pm"},
    {SRC_PYPI, "pypi", "DEPVET_PYPI_URL", "https://pypi.org"},
    {SRC_PYPISTATS, "pypistats", "DEPVET_PYPISTATS_URL", "https://pypistats.org/api"},
    {SRC_NPM, "npm", "DEPVET_NPM_URL", "https://registry.npmjs.org"},
    {SRC_NPM_DOWNLOADS, "npm_downloads", "DEPVET_NPM_DOWNLOADS_URL", "https://api.npmjs.org"},
    {SRC_OSV, "osv", "DEPVET_OSV_URL", "https://api.osv.dev"},
    {SRC_DEPSDEV, "depsdev", "DEPVET_DEPSDEV_URL", "https://api.deps.dev"},
};

static void set_url(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
    size_t len = strlen(dst);
    while (len > 0 && dst[len - 1] == '/')
        dst[--len] = '\0';
}

void engine_config_init(struct engine_config *c)
{
    memset(c, 0, sizeof(*c));
    c->concurrency = 16;
    for (unsigned i = 0; i < SRC_COUNT; i++) {
        const char *env = getenv(source_table[i].env);
        set_url(c->base_url[i], sizeof(c->base_url[i]),
                env && env[0] ? env : source_table[i].dflt);
    }
}

const char *engine_config_url(const struct engine_config *c, enum source_id id)
{
    return c->base_url[id];
}
