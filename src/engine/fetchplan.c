/* The request kinds a refresh makes and how their answers combine. */
#include "depvet/engine/fetchplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/core/hash.h"
#include "depvet/core/json.h"
#include "depvet/core/xmalloc.h"
#include "depvet/net/origin.h"
#include "depvet/registry/depsdev.h"
#include "depvet/registry/hexpm.h"
#include "depvet/registry/npm.h"
#include "depvet/registry/provenance.h"
#include "depvet/registry/pypi.h"
#include "depvet/registry/pypistats.h"
#include "depvet/registry/regurl.h"

#define HOUR 3600
#define DAY (24 * HOUR)
#define DOWNLOAD_WINDOW_DAYS 84   /* twelve weeks: the sparkline */

typedef bool (*apply_fn)(struct arena *a, const char *url, const char *body,
                         size_t len, const struct fetch_pkg *fp,
                         struct reg_package **pkg, struct diag *d);

static bool fold(struct arena *a, struct reg_package **pkg, struct reg_package *got,
                 const char *url, struct diag *d)
{
    if (!*pkg) {
        *pkg = got;
        return true;
    }
    if (!reg_package_merge(a, *pkg, got)) {
        diag_set(d, DIAG_SYNTAX, url, 0, 0, "answer is about another package ('%s')",
                 got->name ? got->name : "?");
        return false;
    }
    return true;
}

static bool apply_hex_package(struct arena *a, const char *url, const char *body,
                              size_t len, const struct fetch_pkg *fp,
                              struct reg_package **pkg, struct diag *d)
{
    struct reg_package *got;
    (void)fp;
    return hexpm_parse_package(a, url, body, len, &got, d) && fold(a, pkg, got, url, d);
}

static bool apply_hex_release(struct arena *a, const char *url, const char *body,
                              size_t len, const struct fetch_pkg *fp,
                              struct reg_package **pkg, struct diag *d)
{
    struct reg_release *rel;
    if (!hexpm_parse_release(a, url, body, len, &rel, d))
        return false;
    struct reg_package *got = reg_package_new(a, fp->eco, fp->name);
    got->releases = rel;
    got->n_releases = 1;
    return fold(a, pkg, got, url, d);
}

static bool apply_hex_owners(struct arena *a, const char *url, const char *body,
                             size_t len, const struct fetch_pkg *fp,
                             struct reg_package **pkg, struct diag *d)
{
    struct reg_package *got = reg_package_new(a, fp->eco, fp->name);
    return hexpm_parse_owners(a, url, body, len, &got->owners, &got->n_owners, d) &&
           fold(a, pkg, got, url, d);
}

/* The remaining kinds answer with a whole package record. */
#define WHOLE_PACKAGE_APPLY(fn_name, parser)                                        \
    static bool fn_name(struct arena *a, const char *url, const char *body,         \
                        size_t len, const struct fetch_pkg *fp,                     \
                        struct reg_package **pkg, struct diag *d)                   \
    {                                                                               \
        struct reg_package *got;                                                    \
        (void)fp;                                                                   \
        return parser(a, url, body, len, &got, d) && fold(a, pkg, got, url, d);     \
    }

WHOLE_PACKAGE_APPLY(apply_pypi_project, pypi_parse_project)
/* The pinned version's document: its requires_dist, files and yank. */
WHOLE_PACKAGE_APPLY(apply_pypi_release, pypi_parse_project)
WHOLE_PACKAGE_APPLY(apply_pypi_simple, pypi_parse_simple)
WHOLE_PACKAGE_APPLY(apply_pypistats_recent, pypistats_parse_recent)
WHOLE_PACKAGE_APPLY(apply_npm_packument, npm_parse_packument)
WHOLE_PACKAGE_APPLY(apply_npm_downloads, npm_parse_downloads_range)
WHOLE_PACKAGE_APPLY(apply_depsdev_package, depsdev_parse_package)
WHOLE_PACKAGE_APPLY(apply_depsdev_dependents, depsdev_parse_dependents)

/* The body a paged refresh keeps: {"total": N, "pages": P}. */
static bool apply_hex_dependents(struct arena *a, const char *url, const char *body,
                                 size_t len, const struct fetch_pkg *fp,
                                 struct reg_package **pkg, struct diag *d)
{
    struct diag jd;
    diag_clear(&jd);
    cJSON *root = json_parse(body, len, url, &jd);
    const cJSON *t = root ? cJSON_GetObjectItemCaseSensitive(root, "total") : NULL;
    bool ok = cJSON_IsNumber(t) && t->valuedouble >= 0 && t->valuedouble < 1e12;
    if (!ok) {
        diag_set(d, DIAG_SYNTAX, url, 0, 0, "no dependents total kept for this answer");
        cJSON_Delete(root);
        return false;
    }
    struct reg_package *got = reg_package_new(a, fp->eco, fp->name);
    got->direct_dependents = (int64_t)t->valuedouble;
    cJSON_Delete(root);
    return fold(a, pkg, got, url, d);
}

/* One release's provenance, folded in like any other fact about it. */
static bool fold_identity(struct arena *a, const struct fetch_pkg *fp, const char *version,
                          enum reg_attest attest, const char *identity,
                          struct reg_package **pkg, const char *url, struct diag *d)
{
    if (!version) {
        diag_set(d, DIAG_SYNTAX, url, 0, 0, "the provenance names no version");
        return false;
    }
    struct reg_package *got = reg_package_new(a, fp->eco, fp->name);
    got->releases = arena_alloc(a, sizeof(*got->releases));
    memset(got->releases, 0, sizeof(*got->releases));
    reg_release_init(got->releases);
    got->releases->version = version;
    got->releases->attest = attest;
    got->releases->identity = identity;
    got->n_releases = 1;
    return fold(a, pkg, got, url, d);
}

static bool apply_npm_attestations(struct arena *a, const char *url, const char *body,
                                   size_t len, const struct fetch_pkg *fp,
                                   struct reg_package **pkg, struct diag *d)
{
    const char *identity, *version;
    if (!provenance_npm_parse(a, url, body, len, &identity, &version, d))
        return false;
    if (!version) {   /* our URL ends in NAME@VERSION */
        const char *at = strrchr(url, '@');
        version = at && at[1] ? regurl_unescape(a, at + 1) : NULL;
    }
    return fold_identity(a, fp, version, REG_ATTEST_PRESENT, identity, pkg, url, d);
}

/* .../PROJECT/VERSION/FILENAME/provenance: the version, unescaped. */
static const char *integrity_version(struct arena *a, const char *url)
{
    const char *end = strstr(url, "/provenance");
    const char *p = end;
    int slashes = 0;
    while (p && p > url && slashes < 2)
        if (*--p == '/')
            slashes++;
    if (!p || slashes < 2)
        return NULL;
    size_t n = strcspn(p + 1, "/");
    return n ? regurl_unescape(a, arena_strndup(a, p + 1, n)) : NULL;
}

static bool apply_pypi_provenance(struct arena *a, const char *url, const char *body,
                                  size_t len, const struct fetch_pkg *fp,
                                  struct reg_package **pkg, struct diag *d)
{
    const char *version = integrity_version(a, url);
    if (len == 0)   /* a 404: the file was published without attestations */
        return fold_identity(a, fp, version, REG_ATTEST_NONE, NULL, pkg, url, d);
    struct pypi_publisher *pubs;
    size_t n;
    if (!pypi_parse_provenance(a, url, body, len, &pubs, &n, d))
        return false;
    const char *identity = NULL;
    for (size_t i = 0; i < n && !identity; i++)
        identity = provenance_pypi_identity(a, &pubs[i]);
    return fold_identity(a, fp, version, n ? REG_ATTEST_PRESENT : REG_ATTEST_NONE, identity,
                         pkg, url, d);
}

static const struct {
    enum ecosystem eco;
    const char *fact;
    int64_t ttl;
    bool required;        /* a failure keeps the old record */
    apply_fn apply;
} fetch_kind_table[FETCH_KIND_COUNT] = {
    [FETCH_HEX_PACKAGE] = {ECO_HEX, "package", 6 * HOUR, true, apply_hex_package},
    [FETCH_HEX_RELEASE] = {ECO_HEX, "release", 30 * DAY, true, apply_hex_release},
    [FETCH_HEX_OWNERS] = {ECO_HEX, "owners", DAY, true, apply_hex_owners},
    [FETCH_PYPI_PROJECT] = {ECO_PYPI, "package", 6 * HOUR, true, apply_pypi_project},
    [FETCH_PYPI_RELEASE] = {ECO_PYPI, "release", 30 * DAY, false, apply_pypi_release},
    [FETCH_PYPI_SIMPLE] = {ECO_PYPI, "package", 6 * HOUR, true, apply_pypi_simple},
    [FETCH_PYPISTATS_RECENT] = {ECO_PYPI, "downloads", DAY, false, apply_pypistats_recent},
    [FETCH_NPM_PACKUMENT] = {ECO_NPM, "package", 6 * HOUR, true, apply_npm_packument},
    [FETCH_NPM_DOWNLOADS] = {ECO_NPM, "downloads", DAY, false, apply_npm_downloads},
    [FETCH_DEPSDEV_PACKAGE] = {ECO_UNKNOWN, "links", 7 * DAY, false, apply_depsdev_package},
    [FETCH_DEPSDEV_DEPENDENTS] = {ECO_UNKNOWN, "dependents", 7 * DAY, false,
                                  apply_depsdev_dependents},
    [FETCH_HEX_DEPENDENTS] = {ECO_HEX, "dependents", 7 * DAY, false, apply_hex_dependents},
    /* A release's provenance never changes once published. */
    [FETCH_NPM_ATTESTATIONS] = {ECO_NPM, "provenance", 30 * DAY, false, apply_npm_attestations},
    [FETCH_PYPI_PROVENANCE] = {ECO_PYPI, "provenance", 30 * DAY, false, apply_pypi_provenance},
};

const char *fetch_kind_accept(enum fetch_kind k)
{
    if (k == FETCH_PYPI_PROVENANCE)
        return PYPI_INTEGRITY_ACCEPT;
    return k == FETCH_PYPI_SIMPLE ? "application/vnd.pypi.simple.v1+json" : NULL;
}

bool fetch_kind_absent_ok(enum fetch_kind k)
{
    return k == FETCH_PYPI_PROVENANCE;
}

bool fetch_kind_paged(enum fetch_kind k)
{
    return k == FETCH_HEX_DEPENDENTS;
}

bool fetchplan_page(enum fetch_kind k, const char *first_url, const char *url,
                    const char *body, size_t len, unsigned page, uint64_t *total,
                    char **next_url, struct diag *d)
{
    *next_url = NULL;
    size_t n = 0;
    struct arena *a = arena_new();
    bool ok = k == FETCH_HEX_DEPENDENTS && hexpm_parse_search_page(a, url, body, len, &n, d);
    arena_free(a);
    if (!ok)
        return false;
    *total += n;
    /* Our URLs end in "page=1"; the next page only changes that number. */
    const char *p = strrchr(first_url, '=');
    if (n == HEXPM_PAGE_SIZE && page < FETCH_MAX_PAGES && p && strcmp(p, "=1") == 0) {
        size_t keep = (size_t)(p + 1 - first_url);
        *next_url = xmalloc(keep + 12);
        snprintf(*next_url, keep + 12, "%.*s%u", (int)keep, first_url, page + 1);
    }
    return true;
}

char *fetchplan_page_total_body(uint64_t total, unsigned pages)
{
    char *b = xmalloc(64);
    snprintf(b, 64, "{\"total\":%llu,\"pages\":%u}", (unsigned long long)total, pages);
    return b;
}

const char *fetch_kind_fact(enum fetch_kind k)
{
    return fetch_kind_table[k].fact;
}

int64_t fetch_kind_ttl(enum fetch_kind k)
{
    return fetch_kind_table[k].ttl;
}

bool fetch_kind_required(enum fetch_kind k)
{
    return fetch_kind_table[k].required;
}

int64_t fetch_fact_ttl(enum ecosystem eco, const char *fact)
{
    int64_t ttl = 0;
    for (int k = 0; k < FETCH_KIND_COUNT; k++) {
        const char *f = fetch_kind_table[k].fact;
        bool ours = fetch_kind_table[k].eco == eco || fetch_kind_table[k].eco == ECO_UNKNOWN;
        if (ours && f && strcmp(f, fact) == 0 && (!ttl || fetch_kind_table[k].ttl < ttl))
            ttl = fetch_kind_table[k].ttl;
    }
    return ttl;
}

bool fetchplan_apply(enum fetch_kind k, struct arena *a, const char *url,
                     const char *body, size_t len, const struct fetch_pkg *fp,
                     struct reg_package **pkg, struct diag *d)
{
    return fetch_kind_table[k].apply(a, url, body, len, fp, pkg, d);
}

static void push(struct fetch_plan *plan, enum fetch_kind k, const char *url)
{
    if (!url)
        return;
    struct fetch_item *it = VEC_ADD(&plan->items);
    it->kind = k;
    it->url = url;
    it->pkg = (unsigned)plan->pkgs.len - 1;
    plan->pkgs.items[plan->pkgs.len - 1].n_items++;
}

static void day_string(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d", &tm);
}

/* A private registry replaces the public API base; the public-only
 * sources (download counts, deps.dev) are not asked about private names. */
static const char *api_base(const struct engine_config *cfg, enum source_id id,
                            const struct private_registry *priv)
{
    return priv ? priv->url : engine_config_url(cfg, id);
}

static void push_depsdev(struct fetch_plan *plan, const struct fetch_pkg *fp,
                         const struct engine_config *cfg, const char *depsdev)
{
    struct arena *a = plan->arena;
    push(plan, FETCH_DEPSDEV_PACKAGE, depsdev_package_url(a, depsdev, fp->eco, fp->name));
    if (fp->version[0])
        push(plan, FETCH_DEPSDEV_DEPENDENTS,
             depsdev_dependents_url(a, arena_printf(a, "%s/v3alpha",
                                                    engine_config_url(cfg, SRC_DEPSDEV)),
                                    fp->eco, fp->name, fp->version));
}

/* A private index may speak only the Simple JSON API; otherwise the JSON
 * API sits under /pypi of the index's root (PyPI, devpi, and mirrors that
 * replace /simple with /pypi). */
static void plan_pypi(struct fetch_plan *plan, const struct fetch_pkg *fp,
                      const struct engine_config *cfg, const char *depsdev)
{
    struct arena *a = plan->arena;
    const struct private_registry *priv = fp->priv;
    if (priv && priv->simple_api) {
        push(plan, FETCH_PYPI_SIMPLE,
             pypi_simple_url(a, arena_printf(a, "%s/simple", priv->url), fp->name));
        return;
    }
    const char *json_api = arena_printf(a, "%s/pypi", api_base(cfg, SRC_PYPI, priv));
    push(plan, FETCH_PYPI_PROJECT, pypi_project_url(a, json_api, fp->name));
    if (fp->version[0])
        push(plan, FETCH_PYPI_RELEASE, pypi_version_url(a, json_api, fp->name, fp->version));
    if (priv)
        return;
    push(plan, FETCH_PYPISTATS_RECENT,
         pypistats_recent_url(a, engine_config_url(cfg, SRC_PYPISTATS), fp->name));
    push_depsdev(plan, fp, cfg, depsdev);
}

static void plan_requests(struct fetch_plan *plan, const struct fetch_pkg *fp,
                          const struct engine_config *cfg, int64_t now)
{
    struct arena *a = plan->arena;
    const char *name = fp->name;
    const struct private_registry *priv = fp->priv;
    const char *depsdev = arena_printf(a, "%s/v3", engine_config_url(cfg, SRC_DEPSDEV));
    switch (fp->eco) {
    case ECO_HEX: {
        const char *base = api_base(cfg, SRC_HEX_API, priv);
        push(plan, FETCH_HEX_PACKAGE, hexpm_package_url(a, base, name));
        if (fp->version[0])
            push(plan, FETCH_HEX_RELEASE, hexpm_release_url(a, base, name, fp->version));
        push(plan, FETCH_HEX_OWNERS, hexpm_owners_url(a, base, name));
        if (!priv)
            push(plan, FETCH_HEX_DEPENDENTS,
                 hexpm_dependents_url(a, engine_config_url(cfg, SRC_HEX_API), name, 1));
        break;
    }
    case ECO_PYPI:
        plan_pypi(plan, fp, cfg, depsdev);
        break;
    case ECO_NPM: {
        char start[16], end[16];
        day_string(now - DOWNLOAD_WINDOW_DAYS * DAY, start, sizeof(start));
        day_string(now - DAY, end, sizeof(end));
        push(plan, FETCH_NPM_PACKUMENT, npm_packument_url(a, api_base(cfg, SRC_NPM, priv), name));
        if (priv)
            break;
        push(plan, FETCH_NPM_DOWNLOADS,
             npm_downloads_range_url(a, arena_printf(a, "%s/downloads",
                                                     engine_config_url(cfg, SRC_NPM_DOWNLOADS)),
                                     start, end, name));
        push_depsdev(plan, fp, cfg, depsdev);
        break;
    }
    case ECO_UNKNOWN:
        break;
    }
}

static struct fetch_pkg *new_pkg(struct fetch_plan *plan, enum ecosystem eco,
                                 const char *name, const char *version)
{
    if (!plan->arena)
        plan->arena = arena_new();
    struct fetch_pkg *p = VEC_ADD(&plan->pkgs);
    memset(p, 0, sizeof(*p));
    p->eco = eco;
    p->name = arena_strdup(plan->arena, name);
    p->version = arena_strdup(plan->arena, version ? version : "");
    p->first_item = (unsigned)plan->items.len;
    return p;
}

void fetchplan_add(struct fetch_plan *plan, enum ecosystem eco, const char *name,
                   const char *version, const struct engine_config *cfg, int64_t now)
{
    plan_requests(plan, new_pkg(plan, eco, name, version), cfg, now);
}

/* Why a private package cannot be asked, or NULL when it can. */
static const char *private_skip(struct arena *a, const struct dep_node *n,
                                const struct private_registry *priv)
{
    if (!priv)
        return n->flags & DEP_PRIVATE
                   ? "private repository: not asked of the public registry (a [[private]] "
                     "entry in your config.toml names where to ask)"
                   : NULL;
    const char *token = priv->token_env[0] ? getenv(priv->token_env) : "";
    if (!token || (priv->token_env[0] && !token[0]))
        return arena_printf(a, "private registry %s: $%s is not set", priv->match,
                            priv->token_env);
    for (const char *t = token; *t; t++)
        if ((unsigned char)*t < 0x20 || *t == 0x7f) /* would split the header */
            return arena_printf(a, "private registry %s: $%s holds control characters",
                                priv->match, priv->token_env);
    if (strlen(token) > FETCH_TOKEN_MAX)
        return arena_printf(a, "private registry %s: $%s is too long", priv->match,
                            priv->token_env);
    if (priv->token_env[0] && strncmp(priv->url, "http://", 7) == 0 &&
        !url_credentials_allowed(priv->url, priv->url))
        return arena_printf(a, "private registry %s: its url is plain http: a token goes "
                               "over https only (or http on loopback)", priv->match);
    return NULL;
}

static const char *skip_reason(const struct dep_node *n)
{
    if (n->source == SOURCE_GIT)
        return "git dependency: no registry record";
    if (n->source == SOURCE_PATH)
        return "local path dependency: no registry record";
    if (n->source == SOURCE_URL)
        return "direct URL dependency: no registry record";
    if (n->flags & (DEP_PROJECT | DEP_LINK))
        return "the project itself";
    return NULL;
}

void fetchplan_build(struct fetch_plan *plan, const struct dep_graph *g,
                     const struct engine_config *cfg, int64_t now)
{
    fetchplan_build_nodes(plan, g, NULL, cfg, now);
}

void fetchplan_build_nodes(struct fetch_plan *plan, const struct dep_graph *g,
                           const bool *only, const struct engine_config *cfg, int64_t now)
{
    if (!plan->arena)
        plan->arena = arena_new();
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == ECO_UNKNOWN || (only && !only[i]) ||
            !node_set_add(&seen, g, (unsigned)i, false))
            continue;
        const struct private_registry *priv =
            engine_config_private(cfg, n->eco, n->name, n->repo, n->source_url);
        const char *why = skip_reason(n);
        if (!why)
            why = private_skip(plan->arena, n, priv);
        struct fetch_pkg *p = new_pkg(plan, n->eco, n->name, n->version);
        p->skipped = why;
        p->priv = priv;
        if (!why)
            plan_requests(plan, p, cfg, now);
    }
    node_set_fini(&seen);
}

void fetchplan_fini(struct fetch_plan *plan)
{
    VEC_FREE(&plan->pkgs);
    VEC_FREE(&plan->items);
    arena_free(plan->arena);
    plan->arena = NULL;
}

/* Registries whose API and downloads live on two origins of their own:
 * hex.pm serves an organisation's tarballs from repo.hex.pm. */
static const struct {
    const char *api, *downloads;
} registry_sibling_table[] = {
    {"https://hex.pm", "https://repo.hex.pm"},
    {NULL, NULL},
};

static bool sibling_origins(const char *api, const char *downloads)
{
    for (unsigned i = 0; registry_sibling_table[i].api; i++)
        if (url_origin_same(api, registry_sibling_table[i].api) &&
            url_origin_same(downloads, registry_sibling_table[i].downloads))
            return true;
    return false;
}

const char *fetchplan_auth_origin(const struct engine_config *cfg,
                                  const struct private_registry *priv, const char *url)
{
    if (!priv || !url)
        return NULL;
    if (url_credentials_allowed(url, priv->url))
        return priv->url;
    /* A Hex organisation's tarballs come from the configured repository. */
    const char *repo = engine_config_url(cfg, SRC_HEX_REPO);
    if (priv->eco == ECO_HEX && url_credentials_allowed(url, repo) &&
        (url_origin_same(repo, priv->url) || sibling_origins(priv->url, repo)))
        return repo;
    return NULL;
}

bool fetchplan_auth_header(const struct engine_config *cfg, const struct private_registry *priv,
                           const char *url, char *out, size_t n, const char **origin)
{
    out[0] = '\0';
    *origin = fetchplan_auth_origin(cfg, priv, url);
    const char *token = *origin && priv->token_env[0] ? getenv(priv->token_env) : NULL;
    if (!token || !token[0] || strlen(token) > FETCH_TOKEN_MAX)
        return false;
    char b64[FETCH_TOKEN_MAX * 4 / 3 + 8];
    switch (priv->auth) {
    case AUTH_RAW:
        snprintf(out, n, "authorization: %s", token);
        break;
    case AUTH_BEARER:
        snprintf(out, n, "Authorization: Bearer %s", token);
        break;
    case AUTH_BASIC:
        b64[hash_base64_encode((const unsigned char *)token, strlen(token), b64)] = '\0';
        snprintf(out, n, "Authorization: Basic %s", b64);
        memset(b64, 0, sizeof(b64));
        break;
    }
    return true;
}
