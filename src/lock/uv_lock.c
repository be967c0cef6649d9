/* uv.lock reader: [[package]] tables, sources, hashes, and the project's
 * own entry (source virtual/editable ".") and the workspace members
 * ([manifest].members) naming the direct dependencies. */
#include "depvet/lock/uv_lock.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/lock/toml_lock.h"

/* How the project reaches a package (per node, while reading). */
enum { VIA_MAIN = 1, VIA_EXTRA = 2, VIA_DEV = 4 };

/* Source keys in the order uv writes them, and the kind each one means. */
static const struct { const char *key; enum source_kind kind; } source_keys_table[] = {
    {"registry", SOURCE_REGISTRY}, {"git", SOURCE_GIT}, {"url", SOURCE_URL},
    {"virtual", SOURCE_PATH}, {"editable", SOURCE_PATH}, {"directory", SOURCE_PATH},
    {"path", SOURCE_PATH},
};

/* A `source = { ... }` table as the node's source_url (a git URL without
 * its query and fragment); *key_at is its row in source_keys_table.  NULL
 * when none of the keys is there. */
static const char *source_text(struct arena *a, const struct toml_value *src, size_t *key_at)
{
    for (size_t i = 0; i < sizeof source_keys_table / sizeof *source_keys_table; i++) {
        const char *url = toml_get_str(src, source_keys_table[i].key);
        if (!url)
            continue;
        *key_at = i;
        return source_keys_table[i].kind == SOURCE_GIT
                   ? arena_strndup(a, url, strcspn(url, "?#")) : url;
    }
    return NULL;
}

static void read_source(struct dep_graph *g, struct arena *a, unsigned id,
                        const struct toml_value *src)
{
    struct dep_node *n = graph_node(g, id);
    size_t k = 0;
    const char *url = source_text(a, src, &k);
    if (!url)
        return;
    n->source = source_keys_table[k].kind;
    n->source_url = graph_strdup(g, url);
    if (n->source == SOURCE_GIT) {
        /* "https://host/repo?rev=x#<commit>": the fragment is the commit */
        const char *hash = strchr(toml_get_str(src, "git"), '#');
        n->git_ref = hash ? graph_strdup(g, hash + 1) : NULL;
    }
    const char *key = source_keys_table[k].key;
    if (strcmp(key, "virtual") == 0 || strcmp(key, "editable") == 0)
        n->flags |= strcmp(url, ".") == 0 ? DEP_PROJECT : DEP_LINK;
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
static void read_deps(struct dep_graph *g, struct arena *a, unsigned lf, unsigned id,
                      unsigned first, const struct toml_value *list, unsigned flags,
                      const char *group, unsigned char *via)
{
    bool project = graph_node(g, id)->flags & DEP_PROJECT;
    for (size_t i = 0; i < toml_len(list); i++) {
        const struct toml_value *dep = toml_at(list, i);
        const char *name = toml_get_str(dep, "name");
        if (!name)
            continue;
        /* A name locked twice (two indexes, two platforms) is told apart by
         * the version and source uv writes beside it. */
        size_t k;
        struct dep_want want = {.version = toml_get_str(dep, "version"),
                                .source = source_text(a, toml_get(dep, "source"), &k)};
        graph_add_edge_want(g, id, name, toml_get_str(dep, "marker"), flags, &want);
        unsigned to = project ? graph_resolve(g, lf, name, &want) : GRAPH_NONE;
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

static void read_dep_tables(struct dep_graph *g, struct arena *a, unsigned lf, unsigned id,
                            unsigned first, const struct toml_value *pkg, unsigned char *via)
{
    read_deps(g, a, lf, id, first, toml_get(pkg, "dependencies"), 0, NULL, via);
    static const struct { const char *key; unsigned flags; } groups_table[] = {
        {"optional-dependencies", DEP_OPTIONAL},
        {"dev-dependencies", DEP_DEV},
    };
    for (size_t k = 0; k < sizeof groups_table / sizeof *groups_table; k++) {
        const struct toml_value *t = toml_get(pkg, groups_table[k].key), *list;
        for (size_t i = 0; i < toml_table_len(t); i++) {
            const char *group = toml_key_at(t, i, &list);
            read_deps(g, a, lf, id, first, list, groups_table[k].flags, group, via);
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

/* A workspace's members ([manifest].members) are projects too: their
 * dependencies are the workspace's direct ones. */
static void mark_members(struct dep_graph *g, unsigned first, const struct toml_value *members)
{
    for (size_t i = 0; i < toml_len(members); i++) {
        const char *name = toml_str(toml_at(members, i));
        char key[256];
        if (!name || ecosystem_normalize_name(ECO_PYPI, name, key, sizeof key) >= sizeof key)
            continue;
        for (unsigned id = first; id < g->nodes.len; id++)
            if (strcmp(graph_node(g, id)->key, key) == 0)
                graph_node(g, id)->flags |= DEP_PROJECT;
    }
}

static void read_packages(struct dep_graph *g, const char *path, struct arena *a,
                          const struct toml_value *root, const struct toml_value *pkgs)
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
    mark_members(g, first, toml_get_path(root, "manifest.members"));
    unsigned char *via = calloc(n + 1, 1);
    if (!via)
        abort();
    for (size_t i = 0; i < n; i++)
        read_dep_tables(g, a, lf, first + (unsigned)i, first, toml_at(pkgs, i), via);
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
        read_packages(g, path, a, root, pkgs);
    arena_free(a);
    return ok;
}

bool uv_lock_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len, "[[package]]") &&
           toml_lock_has_line(buf, len, "source = {") &&
           !toml_lock_has_line(buf, len, "[metadata]");
}
