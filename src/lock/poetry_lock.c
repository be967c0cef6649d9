/* poetry.lock reader: [[package]] tables (lock 1.x and 2.x), sources, file
 * hashes, and direct dependencies from the pyproject.toml beside it. */
#include "depvet/lock/poetry_lock.h"

#include <string.h>

#include "depvet/core/req_poetry.h"
#include "depvet/lock/toml_lock.h"

static void read_source(struct dep_graph *g, unsigned id, const struct toml_value *src)
{
    const char *type = toml_get_str(src, "type"), *url = toml_get_str(src, "url");
    if (!type || !url)
        return;
    struct dep_node *n = graph_node(g, id);
    n->source_url = graph_strdup(g, url);
    if (strcmp(type, "git") == 0) {
        n->source = SOURCE_GIT;
        const char *ref = toml_get_str(src, "resolved_reference");
        n->git_ref = graph_strdup(g, ref ? ref : toml_get_str(src, "reference"));
    } else if (strcmp(type, "directory") == 0 || strcmp(type, "file") == 0) {
        n->source = SOURCE_PATH;
    } else if (strcmp(type, "url") == 0) {
        n->source = SOURCE_URL;
    } else {  /* "legacy": a named package index */
        n->source = SOURCE_REGISTRY;
        n->repo = graph_strdup(g, toml_get_str(src, "reference"));
    }
}

static void read_files(struct dep_graph *g, unsigned id, const struct toml_value *files)
{
    for (size_t i = 0; i < toml_len(files); i++) {
        const struct toml_value *f = toml_at(files, i);
        toml_lock_add_hash(g, id, toml_get_str(f, "hash"), toml_get_str(f, "file"));
    }
}

/* [package.dependencies]: name = "req" | {version, markers, optional} | [..].
 * A list holds one constraint per environment: one edge each, to the
 * locked version that satisfies it (a name may be locked twice). */
static void read_deps(struct dep_graph *g, unsigned id, const struct toml_value *deps)
{
    const struct toml_value *spec;
    for (size_t i = 0; i < toml_table_len(deps); i++) {
        const char *name = toml_key_at(deps, i, &spec);
        size_t n = toml_is(spec, TOML_ARRAY) ? toml_len(spec) : 1;
        for (size_t k = 0; k < n; k++) {
            const struct toml_value *one = toml_is(spec, TOML_ARRAY) ? toml_at(spec, k) : spec;
            const char *req = toml_str(one) ? toml_str(one) : toml_get_str(one, "version");
            bool optional = false;
            toml_bool(toml_get(one, "optional"), &optional);
            struct dep_want want = {.spec = req, .marker = toml_get_str(one, "markers"),
                                    .satisfies = req_poetry_matches};
            graph_add_edge_want(g, id, name, req, optional ? DEP_OPTIONAL : 0, &want);
        }
    }
}

static void read_package(struct dep_graph *g, unsigned id, const struct toml_value *pkg)
{
    struct dep_node *n = graph_node(g, id);
    n->line = toml_lock_line(pkg);
    const char *category = toml_get_str(pkg, "category");
    bool optional = false;
    toml_bool(toml_get(pkg, "optional"), &optional);
    if (optional)
        n->flags |= DEP_OPTIONAL;
    if (category && strcmp(category, "dev") == 0)
        n->flags |= DEP_DEV;
    const struct toml_value *groups = toml_get(pkg, "groups");
    bool main_group = false;
    for (size_t i = 0; i < toml_len(groups); i++) {
        const char *grp = toml_str(toml_at(groups, i));
        if (!grp)
            continue;
        graph_node_add_group(g, id, grp);
        main_group |= strcmp(grp, "main") == 0;
    }
    if (toml_len(groups) && !main_group)  /* only in non-main groups: dev tooling */
        graph_node(g, id)->flags |= DEP_DEV;
    /* Poetry 2 writes the environments a package is locked for: they tell
     * two versions of one name apart for the edges' markers. */
    n->requirement = graph_strdup(g, toml_get_str(pkg, "markers"));
    read_source(g, id, toml_get(pkg, "source"));
    read_files(g, id, toml_get(pkg, "files"));
    read_deps(g, id, toml_get(pkg, "dependencies"));
}

/* Lock 1.x keeps hashes in [metadata.files]: name = [{file, hash}]. */
static void read_metadata_files(struct dep_graph *g, unsigned lf, unsigned first,
                                const struct toml_value *files)
{
    const struct toml_value *list;
    for (size_t i = 0; i < toml_table_len(files); i++) {
        const char *name = toml_key_at(files, i, &list);
        char key[256];
        ecosystem_normalize_name(ECO_PYPI, name, key, sizeof key);
        for (unsigned id = first; id < g->nodes.len; id++)
            if (graph_node(g, id)->lockfile == lf && strcmp(graph_node(g, id)->key, key) == 0)
                read_files(g, id, list);
    }
}

/* A PEP 508 requirement's name: its leading run of name characters. */
static const char *pep508_name(struct arena *a, const char *req)
{
    size_t n = 0;
    while (req[n] == ' ')
        req++;
    while ((req[n] >= 'a' && req[n] <= 'z') || (req[n] >= 'A' && req[n] <= 'Z') ||
           (req[n] >= '0' && req[n] <= '9') || req[n] == '-' || req[n] == '_' || req[n] == '.')
        n++;
    return n ? arena_strndup(a, req, n) : NULL;
}

static void mark(struct dep_graph *g, unsigned lf, const char *name, unsigned flags)
{
    unsigned id = name ? graph_find(g, lf, name) : GRAPH_NONE;
    if (id != GRAPH_NONE && strcmp(name, "python") != 0)
        graph_node(g, id)->flags |= DEP_DIRECT | flags;
}

static void mark_table_keys(struct dep_graph *g, unsigned lf, const struct toml_value *t,
                            unsigned flags)
{
    for (size_t i = 0; i < toml_table_len(t); i++)
        mark(g, lf, toml_key_at(t, i, NULL), flags);
}

static void mark_pep508_list(struct dep_graph *g, struct arena *a, unsigned lf,
                             const struct toml_value *list, unsigned flags)
{
    for (size_t i = 0; i < toml_len(list); i++)
        if (toml_str(toml_at(list, i)))
            mark(g, lf, pep508_name(a, toml_str(toml_at(list, i))), flags);
}

/* Direct dependencies from pyproject.toml (Poetry tables and PEP 621). */
static void read_pyproject(struct dep_graph *g, struct arena *a, unsigned lf,
                           const char *path)
{
    const struct toml_value *py = toml_lock_companion(path, "poetry.lock", "pyproject.toml", a);
    if (!py)
        return;
    const struct toml_value *poetry = toml_get_path(py, "tool.poetry"), *grp;
    mark_table_keys(g, lf, toml_get(poetry, "dependencies"), 0);
    mark_table_keys(g, lf, toml_get(poetry, "dev-dependencies"), DEP_DEV);
    const struct toml_value *groups = toml_get(poetry, "group");
    for (size_t i = 0; i < toml_table_len(groups); i++) {
        const char *name = toml_key_at(groups, i, &grp);
        mark_table_keys(g, lf, toml_get(grp, "dependencies"),
                        strcmp(name, "main") == 0 ? 0 : DEP_DEV);
    }
    const struct toml_value *project = toml_get(py, "project"), *list;
    mark_pep508_list(g, a, lf, toml_get(project, "dependencies"), 0);
    const struct toml_value *extras = toml_get(project, "optional-dependencies");
    for (size_t i = 0; i < toml_table_len(extras); i++) {
        toml_key_at(extras, i, &list);
        mark_pep508_list(g, a, lf, list, DEP_OPTIONAL);
    }
    const struct toml_value *dgroups = toml_get(py, "dependency-groups");
    for (size_t i = 0; i < toml_table_len(dgroups); i++) {
        toml_key_at(dgroups, i, &list);
        mark_pep508_list(g, a, lf, list, DEP_DEV);
    }
}

bool poetry_lock_read(struct dep_graph *g, const char *path,
                      const char *buf, size_t len, struct diag *d)
{
    struct arena *a = arena_new();
    const struct toml_value *root, *pkgs;
    bool ok = toml_lock_open(path, buf, len, "package", a, &root, &pkgs, d);
    if (ok) {
        unsigned lf = graph_add_lockfile(g, path, "poetry.lock", ECO_PYPI);
        unsigned first = (unsigned)g->nodes.len;
        for (size_t i = 0; i < toml_len(pkgs); i++) {
            const struct toml_value *pkg = toml_at(pkgs, i);
            read_package(g, graph_add_node(g, lf, ECO_PYPI, toml_get_str(pkg, "name"),
                                           toml_get_str(pkg, "version")), pkg);
        }
        read_metadata_files(g, lf, first, toml_get_path(root, "metadata.files"));
        read_pyproject(g, a, lf, path);
    }
    arena_free(a);
    return ok;
}

bool poetry_lock_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len, "[metadata]") &&
           (toml_lock_has_line(buf, len, "content-hash = ") ||
            toml_lock_has_line(buf, len, "lock-version = "));
}
