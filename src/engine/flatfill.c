/* Fills flat PyPI lockfiles with the edges their registry metadata gives. */
#include "depvet/engine/flatfill.h"

#include <string.h>

#include "depvet/core/arena.h"
#include "depvet/core/version.h"
#include "depvet/engine/config.h"
#include "depvet/store/pkgstore.h"

/* The pinned release, by PEP 440 equality (1.0 == 1.0.0). */
static const struct reg_release *pinned_release(const struct reg_package *p,
                                                const char *version)
{
    for (size_t i = 0; i < p->n_releases; i++) {
        const char *v = p->releases[i].version;
        if (v && (strcmp(v, version) == 0 || version_compare(ECO_PYPI, v, version) == 0))
            return &p->releases[i];
    }
    return NULL;
}

/* A requirement applies when its marker holds with no extra, or with one
 * of the extras the lockfile asked for (name[extra]==1.0). */
static bool applies(const struct pep508_req *req, const struct dep_node *n,
                    const struct pep508_env *env)
{
    if (pep508_marker_eval(req->marker, env, NULL))
        return true;
    for (unsigned i = 0; i < n->n_groups; i++)
        if (pep508_marker_eval(req->marker, env, n->groups[i]))
            return true;
    return false;
}

static void fill_node(struct dep_graph *g, unsigned id, const struct reg_release *rel,
                      struct arena *a, const struct pep508_env *env,
                      struct flatfill_stats *st)
{
    for (size_t i = 0; i < rel->n_deps; i++) {
        const char *raw = rel->deps[i].raw;
        struct pep508_req *req;
        if (!raw || !pep508_parse(a, raw, strlen(raw), &req, NULL))
            continue; /* a registry string we cannot read adds no edge */
        if (!applies(req, &g->nodes.items[id], env)) {
            st->skipped_marker++;
            continue;
        }
        graph_add_edge_by_name(g, id, req->name, req->specifier[0] ? req->specifier : NULL,
                               DEP_INFERRED);
    }
}

void flatfill_apply(struct dep_graph *g, struct store *st, const struct pep508_env *env,
                    struct flatfill_stats *out)
{
    memset(out, 0, sizeof(*out));
    size_t before = g->edges.len;
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        const struct lockfile_info *lf = &g->lockfiles.items[n->lockfile];
        if (!lf->flat || n->eco != ECO_PYPI || n->source != SOURCE_REGISTRY || !n->version[0])
            continue;
        out->flat_nodes++;
        struct arena *a = arena_new();
        struct reg_package *p;
        struct diag d;
        diag_clear(&d);
        const struct reg_release *rel = pkgstore_get(st, a, ECO_PYPI, n->name, &p, &d)
                                            ? pinned_release(p, n->version)
                                            : NULL;
        if (rel) {
            out->known++;
            fill_node(g, (unsigned)i, rel, a, env, out);
        }
        arena_free(a);
    }
    if (g->edges.len != before)
        graph_finish(g); /* drops targets outside the lockfile and repeats */
    out->edges = (unsigned)(g->edges.len - before);
}

static bool has_flat_pypi(const struct dep_graph *g)
{
    for (size_t i = 0; i < g->lockfiles.len; i++)
        if (g->lockfiles.items[i].flat && g->lockfiles.items[i].eco == ECO_PYPI)
            return true;
    return false;
}

bool flatfill_from_cache(struct dep_graph *g, const char *project_path,
                         const char *cache_flag, struct flatfill_stats *out,
                         struct diag *d)
{
    memset(out, 0, sizeof(*out));
    if (!has_flat_pypi(g))
        return true;
    struct engine_config cfg;
    if (!engine_config_load(&cfg, project_path, d))
        return false;
    struct store *st = store_open_readonly(engine_config_cache_dir(&cfg, cache_flag), d);
    if (!st)
        return !diag_failed(d);
    struct pep508_env env;
    engine_config_marker_env(&cfg, &env);
    flatfill_apply(g, st, &env, out);
    store_close(st);
    return true;
}
