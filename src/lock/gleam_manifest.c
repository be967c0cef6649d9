/* Gleam manifest.toml reader: the `packages` rows, their requirements as
 * edges, and [requirements] (with gleam.toml's dev-dependencies) as the
 * project's direct dependencies. */
#include "depvet/lock/gleam_manifest.h"

#include <string.h>

#include "depvet/lock/toml_lock.h"

static void read_source(struct dep_graph *g, unsigned id, const struct toml_value *pkg)
{
    struct dep_node *n = graph_node(g, id);
    const char *source = toml_get_str(pkg, "source");
    if (!source || strcmp(source, "hex") == 0) {
        n->source = SOURCE_REGISTRY;
        n->repo = graph_strdup(g, "hexpm");
    } else if (strcmp(source, "git") == 0) {
        n->source = SOURCE_GIT;
        n->source_url = graph_strdup(g, toml_get_str(pkg, "repo"));
        n->git_ref = graph_strdup(g, toml_get_str(pkg, "commit"));
    } else if (strcmp(source, "local") == 0) {
        n->source = SOURCE_PATH;
        n->source_url = graph_strdup(g, toml_get_str(pkg, "path"));
    }
    const char *sum = toml_get_str(pkg, "outer_checksum");
    if (sum)
        graph_node_add_checksum(g, id, "sha256", sum, "outer");
}

static void read_package(struct dep_graph *g, unsigned lf, const struct toml_value *pkg)
{
    unsigned id = graph_add_node(g, lf, ECO_HEX, toml_get_str(pkg, "name"),
                                 toml_get_str(pkg, "version"));
    graph_node(g, id)->line = toml_lock_line(pkg);
    read_source(g, id, pkg);
    const struct toml_value *reqs = toml_get(pkg, "requirements");
    for (size_t i = 0; i < toml_len(reqs); i++)
        if (toml_str(toml_at(reqs, i)))
            graph_add_edge_by_name(g, id, toml_str(toml_at(reqs, i)), NULL, 0);
}

/* [requirements]: name = "~> 1.0" or { version = ... } | { git/path = ... } */
static void read_requirements(struct dep_graph *g, unsigned lf,
                              const struct toml_value *reqs, const struct toml_value *dev)
{
    const struct toml_value *spec;
    for (size_t i = 0; i < toml_table_len(reqs); i++) {
        const char *name = toml_key_at(reqs, i, &spec);
        unsigned id = graph_find(g, lf, name);
        if (id == GRAPH_NONE)
            continue;
        struct dep_node *n = graph_node(g, id);
        n->flags |= DEP_DIRECT;
        const char *req = toml_str(spec) ? toml_str(spec) : toml_get_str(spec, "version");
        if (req && !n->requirement)
            n->requirement = graph_strdup(g, req);
        if (toml_get(dev, name))
            n->flags |= DEP_DEV;
    }
}

bool gleam_manifest_read(struct dep_graph *g, const char *path,
                         const char *buf, size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    const struct toml_value *root, *pkgs;
    bool ok = toml_lock_open(path, buf, len, "packages", a, &root, &pkgs, d);
    if (ok && (toml_get(root, "package") || toml_get(root, "name"))) {
        diag_set(d, DIAG_UNSUPPORTED, path, 1, 1,
                 "not a Gleam manifest.toml (a gleam.toml or another lockfile?)");
        ok = false;
    }
    if (ok) {
        unsigned lf = graph_add_lockfile(g, path, "manifest.toml", ECO_HEX);
        for (size_t i = 0; i < toml_len(pkgs); i++)
            read_package(g, lf, toml_at(pkgs, i));
        const struct toml_value *gleam = toml_lock_companion(path, "manifest.toml", "gleam.toml", a);
        const struct toml_value *dev = toml_get(gleam, "dev-dependencies");
        if (!dev)
            dev = toml_get(gleam, "dev_dependencies");
        read_requirements(g, lf, toml_get(root, "requirements"), dev);
    }
    arena_free(a);
    return ok;
}

bool gleam_manifest_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len, "packages = [") &&
           toml_lock_has_line(buf, len, "[requirements]");
}
