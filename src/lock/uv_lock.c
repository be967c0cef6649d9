/* uv.lock reader: [[package]] tables, sources, hashes, and the project's
 * own entry (source virtual/editable ".") naming the direct dependencies. */
#include "depvet/lock/uv_lock.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/lock/toml_lock.h"

/* How the project reaches a package (per node, while reading). */
enum { VIA_MAIN = 1, VIA_EXTRA = 2, VIA_DEV = 4 };

static void read_source(struct dep_graph *g, struct arena *a, unsigned id,
                        const struct toml_value *src)
{
    struct dep_node *n = graph_node(g, id);
    const char *url;
    if ((url = toml_get_str(src, "registry"))) {
        n->source = SOURCE_REGISTRY;
        n->source_url = graph_strdup(g, url);
    } else if ((url = toml_get_str(src, "git"))) {
        /* "https://host/repo?rev=x#<commit>": the fragment is the commit */
        const char *hash = strchr(url, '#');
        size_t base = strcspn(url, "?#");
        n->source = SOURCE_GIT;
        n->source_url = graph_strdup(g, arena_strndup(a, url, base));
        n->git_ref = hash ? graph_strdup(g, hash + 1) : NULL;
    } else if ((url = toml_get_str(src, "url"))) {
        n->source = SOURCE_URL;
        n->source_url = graph_strdup(g, url);
    } else {
        static const char *const path_keys_table[] = {"virtual", "editable", "directory", "path"};
        for (size_t i = 0; i < sizeof path_keys_table / sizeof *path_keys_table; i++)
            if ((url = toml_get_str(src, path_keys_table[i]))) {
                n->source = SOURCE_PATH;
                n->source_url = graph_strdup(g, url);
                if (i < 2)
                    n->flags |= strcmp(url, ".") == 0 ? DEP_PROJECT : DEP_LINK;
                break;
            }
    }
}

static void read_hashes(struct dep_graph *g, struct arena *a, unsigned id,
                        const struct toml_value *pkg)
{
    const struct toml_value *sdist = toml_get(pkg, "sdist");
    toml_lock_add_hash(g, id, toml_get_str(sdist, "hash"), "sdist");
    const struct toml_value *wheels = toml_get(pkg, "wheels");
    for (size_t i = 0; i < toml_len(wheels); i++) {
        const struct toml_value *w = toml_at(wheels, i);
        const char *file = toml_get_str(w, "filename");
        if (!file)
            file = toml_lock_basename(a, toml_get_str(w, "url") ? toml_get_str(w, "url")
                                                              : toml_get_str(w, "path"));
        toml_lock_add_hash(g, id, toml_get_str(w, "hash"), file);
    }
}

/* One dependency list: edges by name, and for the project, how it
 * reaches each target (via[] indexed by node id - first). */
static void read_deps(struct dep_graph *g, unsigned lf, unsigned id, unsigned first,
                      const struct toml_value *list, unsigned flags,
                      const char *group, unsigned char *via)
{
    bool project = graph_node(g, id)->flags & DEP_PROJECT;
    for (size_t i = 0; i < toml_len(list); i++) {
        const struct toml_value *dep = toml_at(list, i);
        const char *name = toml_get_str(dep, "name");
        if (!name)
            continue;
        graph_add_edge_by_name(g, id, name, toml_get_str(dep, "marker"), flags);
        unsigned to = project ? graph_find(g, lf, name) : GRAPH_NONE;
        if (to == GRAPH_NONE)
            continue;
        via[to - first] |= flags & DEP_DEV ? VIA_DEV : flags & DEP_OPTIONAL ? VIA_EXTRA : VIA_MAIN;
        if (group) {
            graph_node_add_group(g, to, group);
            if (strcmp(group, "dev") == 0)  /* an extra called "dev" is dev tooling */
                via[to - first] |= VIA_DEV;
        }
    }
}

static void read_dep_tables(struct dep_graph *g, unsigned lf, unsigned id, unsigned first,
                            const struct toml_value *pkg, unsigned char *via)
{
    read_deps(g, lf, id, first, toml_get(pkg, "dependencies"), 0, NULL, via);
    static const struct { const char *key; unsigned flags; } groups_table[] = {
        {"optional-dependencies", DEP_OPTIONAL},
        {"dev-dependencies", DEP_DEV},
    };
    for (size_t k = 0; k < sizeof groups_table / sizeof *groups_table; k++) {
        const struct toml_value *t = toml_get(pkg, groups_table[k].key), *list;
        for (size_t i = 0; i < toml_table_len(t); i++) {
            const char *group = toml_key_at(t, i, &list);
            read_deps(g, lf, id, first, list, groups_table[k].flags, group, via);
        }
    }
}

static void mark_direct(struct dep_graph *g, unsigned first, const unsigned char *via)
{
    for (unsigned id = first; id < g->nodes.len; id++) {
        unsigned v = via[id - first];
        struct dep_node *n = graph_node(g, id);
        if (!v || (n->flags & DEP_PROJECT))
            continue;
        n->flags |= DEP_DIRECT;
        if (!(v & VIA_MAIN) && (v & VIA_EXTRA))
            n->flags |= DEP_OPTIONAL;
        if (!(v & VIA_MAIN) && (v & VIA_DEV))
            n->flags |= DEP_DEV;
    }
}

static void read_packages(struct dep_graph *g, const char *path, struct arena *a,
                          const struct toml_value *pkgs)
{
    unsigned lf = graph_add_lockfile(g, path, "uv.lock", ECO_PYPI);
    unsigned first = (unsigned)g->nodes.len;
    size_t n = toml_len(pkgs);
    for (size_t i = 0; i < n; i++) {
        const struct toml_value *pkg = toml_at(pkgs, i);
        unsigned id = graph_add_node(g, lf, ECO_PYPI, toml_get_str(pkg, "name"),
                                     toml_get_str(pkg, "version"));
        graph_node(g, id)->line = toml_lock_line(pkg);
        read_source(g, a, id, toml_get(pkg, "source"));
        read_hashes(g, a, id, pkg);
    }
    unsigned char *via = calloc(n + 1, 1);
    if (!via)
        abort();
    for (size_t i = 0; i < n; i++)
        read_dep_tables(g, lf, first + (unsigned)i, first, toml_at(pkgs, i), via);
    mark_direct(g, first, via);
    free(via);
}

bool uv_lock_read(struct dep_graph *g, const char *path,
                  const char *buf, size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    const struct toml_value *root, *pkgs;
    bool ok = toml_lock_open(path, buf, len, "package", a, &root, &pkgs, d);
    if (ok && toml_get(root, "metadata") && !toml_get(root, "version")) {
        diag_set(d, DIAG_UNSUPPORTED, path, 1, 1, "not a uv.lock (a poetry.lock?)");
        ok = false;
    }
    if (ok)
        read_packages(g, path, a, pkgs);
    arena_free(a);
    return ok;
}

bool uv_lock_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len, "[[package]]") &&
           toml_lock_has_line(buf, len, "source = {") &&
           !toml_lock_has_line(buf, len, "[metadata]");
}
