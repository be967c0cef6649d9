/* pylock.toml reader (PEP 751): [[packages]] with index, vcs, archive and
 * directory sources, sdist/wheel hashes and optional dependency lists. */
#include "depvet/lock/pylock.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/lock/toml_lock.h"

/* hashes = { sha256 = "..." , ... }: every algorithm is kept. */
static void add_hashes(struct dep_graph *g, unsigned id, const struct toml_value *file,
                       const char *what)
{
    const struct toml_value *hashes = toml_get(file, "hashes"), *h;
    for (size_t i = 0; i < toml_table_len(hashes); i++) {
        const char *algo = toml_key_at(hashes, i, &h);
        if (toml_str(h))
            graph_node_add_checksum(g, id, algo, toml_str(h), what);
    }
}

static const char *file_name(struct arena *a, const struct toml_value *file)
{
    const char *name = toml_get_str(file, "name");
    if (name)
        return name;
    const char *url = toml_get_str(file, "url");
    return toml_lock_basename(a, url ? url : toml_get_str(file, "path"));
}

static void read_source(struct dep_graph *g, unsigned id, const struct toml_value *pkg)
{
    struct dep_node *n = graph_node(g, id);
    const struct toml_value *vcs = toml_get(pkg, "vcs"), *dir = toml_get(pkg, "directory");
    const struct toml_value *archive = toml_get(pkg, "archive");
    const char *index = toml_get_str(pkg, "index");
    if (vcs) {
        const char *url = toml_get_str(vcs, "url");
        n->source = SOURCE_GIT;
        n->source_url = graph_strdup(g, url ? url : toml_get_str(vcs, "path"));
        const char *commit = toml_get_str(vcs, "commit-id");
        n->git_ref = graph_strdup(g, commit ? commit : toml_get_str(vcs, "requested-revision"));
    } else if (dir) {
        const char *p = toml_get_str(dir, "path");
        n->source = SOURCE_PATH;
        n->source_url = graph_strdup(g, p);
        bool editable = false;
        toml_bool(toml_get(dir, "editable"), &editable);
        if (p && strcmp(p, ".") == 0)
            n->flags |= DEP_PROJECT;
        else if (editable)
            n->flags |= DEP_LINK;
    } else if (archive) {
        const char *url = toml_get_str(archive, "url");
        n->source = url ? SOURCE_URL : SOURCE_PATH;
        n->source_url = graph_strdup(g, url ? url : toml_get_str(archive, "path"));
        add_hashes(g, id, archive, "archive");
    } else if (index) {
        n->source_url = graph_strdup(g, index);
    }
}

static void read_package(struct dep_graph *g, struct arena *a, unsigned id,
                         const struct toml_value *pkg)
{
    graph_node(g, id)->line = toml_lock_line(pkg);
    read_source(g, id, pkg);
    const struct toml_value *sdist = toml_get(pkg, "sdist");
    if (sdist)
        add_hashes(g, id, sdist, file_name(a, sdist));
    const struct toml_value *wheels = toml_get(pkg, "wheels");
    for (size_t i = 0; i < toml_len(wheels); i++)
        add_hashes(g, id, toml_at(wheels, i), file_name(a, toml_at(wheels, i)));
    const struct toml_value *deps = toml_get(pkg, "dependencies");
    for (size_t i = 0; i < toml_len(deps); i++) {
        /* PEP 751: the keys that tell the target apart from other entries
         * of its name (version, index, marker), compared key by key. */
        const struct toml_value *dep = toml_at(deps, i);
        const char *name = toml_get_str(dep, "name");
        struct dep_want want = {.version = toml_get_str(dep, "version"),
                                .source = toml_get_str(dep, "index"),
                                .marker = toml_get_str(dep, "marker")};
        if (name)
            graph_add_edge_want(g, id, name, want.marker, 0, &want);
    }
    if (toml_get_str(pkg, "marker"))
        graph_node(g, id)->requirement = graph_strdup(g, toml_get_str(pkg, "marker"));
}

/* lock-version "1.x" only: a later major version may change meanings. */
static bool check_version(const char *path, const struct toml_value *root, struct diag *d)
{
    const struct toml_value *v = toml_get(root, "lock-version");
    const char *s = toml_str(v);
    if (!v && !toml_get(root, "packages"))
        return true;  /* empty document */
    if (!s) {
        diag_set(d, DIAG_UNSUPPORTED, path, v ? v->line : 1, v ? v->col : 1,
                 "not a pylock.toml: no lock-version string");
        return false;
    }
    if (strncmp(s, "1.", 2) != 0 && strcmp(s, "1") != 0) {
        diag_set(d, DIAG_UNSUPPORTED, path, v->line, v->col,
                 "pylock.toml lock-version %.40s is not supported", s);
        return false;
    }
    return true;
}

bool pylock_read(struct dep_graph *g, const char *path,
                 const char *buf, size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    const struct toml_value *root, *pkgs;
    bool ok = toml_lock_open(path, buf, len, "packages", a, &root, &pkgs, d) &&
              check_version(path, root, d);
    unsigned lf = ok ? graph_add_lockfile(g, path, "pylock.toml", ECO_PYPI) : 0;
    size_t edges = g->edges.len;
    for (size_t i = 0; ok && i < toml_len(pkgs); i++) {
        const struct toml_value *pkg = toml_at(pkgs, i);
        unsigned id = graph_add_node(g, lf, ECO_PYPI, toml_get_str(pkg, "name"),
                                     toml_get_str(pkg, "version"));
        read_package(g, a, id, pkg);
    }
    /* `dependencies` is optional in PEP 751; most tools leave it out. */
    if (ok && g->edges.len == edges)
        g->lockfiles.items[lf].flat = true;
    arena_free(a);
    return ok;
}

bool pylock_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len, "lock-version = ") &&
           (toml_lock_has_line(buf, len, "[[packages]]") ||
            toml_lock_has_line(buf, len, "packages = ") ||
            toml_lock_has_line(buf, len, "created-by = "));
}
