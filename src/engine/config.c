/* Settings from defaults, config files and the environment, and the
 * questions asked of them (which private registry serves a package). */
#include "depvet/engine/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/xdg.h"
#include "depvet/lock/graph.h"
#include "depvet/net/http.h"

const struct source_def source_table[SRC_COUNT] = {
    {SRC_HEX_API, "hex", "DEPVET_HEX_URL", "https://hex.pm/api"},
    {SRC_HEX_REPO, "hex_repo", "DEPVET_HEX_REPO_URL", "https://repo.hex.pm"},
    {SRC_PYPI, "pypi", "DEPVET_PYPI_URL", "https://pypi.org"},
    {SRC_PYPISTATS, "pypistats", "DEPVET_PYPISTATS_URL", "https://pypistats.org/api"},
    {SRC_NPM, "npm", "DEPVET_NPM_URL", "https://registry.npmjs.org"},
    {SRC_NPM_DOWNLOADS, "npm_downloads", "DEPVET_NPM_DOWNLOADS_URL", "https://api.npmjs.org"},
    {SRC_OSV, "osv", "DEPVET_OSV_URL", "https://api.osv.dev"},
    {SRC_DEPSDEV, "depsdev", "DEPVET_DEPSDEV_URL", "https://api.deps.dev"},
    /* Not a registry: the list of PyPI's most downloaded projects that the
     * typosquat rule compares names with (hugovk/top-pypi-packages). */
    {SRC_PYPI_TOP, "pypi_top", "DEPVET_PYPI_TOP_URL",
     "https://hugovk.github.io/top-pypi-packages/top-pypi-packages.min.json"},
};

static void set_url(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
    size_t len = strlen(dst);
    while (len > 0 && dst[len - 1] == '/')
        dst[--len] = '\0';
}

static void defaults(struct engine_config *c)
{
    memset(c, 0, sizeof(*c));
    c->concurrency = 16;
    policy_init(&c->policy);
    c->deadline_s = 300;
    c->memory_mib = 256;
    for (unsigned i = 0; i < SRC_COUNT; i++)
        set_url(c->base_url[i], sizeof(c->base_url[i]), source_table[i].dflt);
    struct pep508_env env;
    pep508_env_default(&env);
    for (unsigned v = 0; v < PEP508_VAR_COUNT; v++)
        snprintf(c->marker_values[v], sizeof(c->marker_values[v]), "%s",
                 env.var[v] ? env.var[v] : "");
}

static void apply_environment(struct engine_config *c)
{
    for (unsigned i = 0; i < SRC_COUNT; i++) {
        const char *env = getenv(source_table[i].env);
        if (env && env[0])
            set_url(c->base_url[i], sizeof(c->base_url[i]), env);
    }
}

void engine_config_init(struct engine_config *c)
{
    defaults(c);
    apply_environment(c);
}

bool engine_config_load(struct engine_config *c, const char *project_path, struct diag *d)
{
    defaults(c);
    char path[4096];
    if (xdg_config_dir(path, sizeof(path) - 16)) {
        size_t n = strlen(path);
        snprintf(path + n, sizeof(path) - n, "/config.toml");
        if (!engine_config_read_file(c, path, true, d))
            return false;
    }
    if (project_path && strlen(project_path) < sizeof(path) - 32) {
        if (file_is_dir(project_path))
            snprintf(path, sizeof(path), "%s/.depvet/config.toml", project_path);
        else {
            const char *slash = strrchr(project_path, '/');
            snprintf(path, sizeof(path), "%.*s/.depvet/config.toml",
                     slash ? (int)(slash - project_path) : 1, slash ? project_path : ".");
        }
        if (!engine_config_read_file(c, path, false, d))
            return false;
    }
    apply_environment(c);
    return true;
}

void engine_config_marker_env(const struct engine_config *c, struct pep508_env *env)
{
    for (unsigned v = 0; v < PEP508_VAR_COUNT; v++)
        env->var[v] = c->marker_values[v][0] ? c->marker_values[v] : NULL;
}

static bool private_matches(const struct private_registry *p, enum ecosystem eco,
                            const char *name, const char *hex_repo, const char *index)
{
    if (p->eco != eco)
        return false;
    switch (eco) {
    case ECO_HEX:
        return hex_repo && strncmp(hex_repo, "hexpm:", 6) == 0 &&
               strcmp(hex_repo + 6, p->match) == 0;
    case ECO_NPM: {
        size_t n = strlen(p->match);
        return strncmp(name, p->match, n) == 0 && name[n] == '/';
    }
    case ECO_PYPI:
        return index && strncmp(index, p->match, strlen(p->match)) == 0;
    case ECO_UNKNOWN:
        break;
    }
    return false;
}

const struct private_registry *engine_config_private(const struct engine_config *c,
                                                     enum ecosystem eco,
                                                     const char *name,
                                                     const char *hex_repo,
                                                     const char *index)
{
    for (unsigned i = 0; i < c->n_priv; i++)
        if (private_matches(&c->priv[i], eco, name, hex_repo, index))
            return &c->priv[i];
    return NULL;
}

/* The host of an http(s) URL is loopback: 127.0.0.0/8, localhost, [::1]. */
static bool loopback_host(const char *host, size_t n)
{
    if ((n == 9 && strncmp(host, "localhost", 9) == 0) || (n == 5 && strncmp(host, "[::1]", 5) == 0))
        return true;
    if (n < 5 || strncmp(host, "127.", 4) != 0)
        return false;
    for (size_t i = 4; i < n; i++)
        if (!strchr("0123456789.", host[i]))
            return false;
    return true;
}

bool engine_config_import_url_ok(const char *url)
{
    bool tls = strncmp(url, "https://", 8) == 0;
    if (!tls && strncmp(url, "http://", 7) != 0)
        return false;
    const char *host = url + (tls ? 8 : 7);
    size_t n = strcspn(host, "/?#");
    /* No user:password@ (an import carries no credentials), no spaces or
     * controls, a host. */
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return false;
    if (!n || memchr(host, '@', n))
        return false;
    size_t hn = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
    return tls || loopback_host(host, hn > n ? n : hn);
}

bool engine_config_is_private_name(const struct engine_config *c, const char *name)
{
    for (unsigned i = 0; i < c->n_private_names; i++) {
        const char *pat = c->private_names[i];
        size_t n = strlen(pat);
        if (pat[n - 1] == '*' ? strncmp(name, pat, n - 1) == 0 : strcmp(name, pat) == 0)
            return true;
    }
    return false;
}

const char *engine_config_url(const struct engine_config *c, enum source_id id)
{
    return c->base_url[id];
}

const char *engine_config_cache_dir(const struct engine_config *c, const char *flag)
{
    if (flag)
        return flag;
    const char *env = getenv("DEPVET_CACHE_DIR");
    if ((env && env[0]) || !c->cache_dir[0])
        return NULL; /* the XDG rules, which read DEPVET_CACHE_DIR first */
    return c->cache_dir;
}

void engine_config_http(const struct engine_config *c, struct http_config *hc)
{
    http_config_defaults(hc);
    if (c->concurrency)
        hc->concurrency = c->concurrency;
    hc->cacert = c->cacert[0] ? c->cacert : NULL;
    hc->down = c->down[0] ? c->down : NULL;
    if (c->deadline_s)
        hc->total_ms = (long)c->deadline_s * 1000;
    hc->ends_at = c->deadline_at;
    if (c->memory_mib)
        hc->body_budget = (size_t)c->memory_mib << 20;
}

void engine_config_start_deadline(struct engine_config *c)
{
    c->deadline_at = c->deadline_s ? http_clock() + c->deadline_s : 0;
}

static const struct {
    char unit;
    unsigned seconds;
} duration_unit_table[] = {{'s', 1}, {'m', 60}, {'h', 3600}};

bool engine_config_parse_seconds(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || v < 1 || (*end && end[1]))
        return false;
    unsigned mult = *end ? 0 : 1;
    for (size_t i = 0; *end && i < sizeof(duration_unit_table) / sizeof(*duration_unit_table); i++)
        if (duration_unit_table[i].unit == *end)
            mult = duration_unit_table[i].seconds;
    if (!mult || v > 86400 / (long)mult)
        return false;
    *out = (unsigned)v * mult;
    return true;
}

bool engine_config_node_private(const struct engine_config *c, const struct dep_node *n)
{
    return (n->flags & DEP_PRIVATE) || engine_config_is_private_name(c, n->name) ||
           engine_config_private(c, n->eco, n->name, n->repo, n->source_url) != NULL;
}
