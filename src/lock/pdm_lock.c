/* pdm.lock (lock_version 3.x and 4.x) into the graph: [[package]] tables,
 * extras tables, git/url/path sources, file hashes per package or in
 * [metadata.files], and the direct dependencies from pyproject.toml. */
#include "depvet/lock/pdm_lock.h"

#include <string.h>

#include "depvet/core/pep508.h"
#include "depvet/core/version.h"
#include "depvet/core/strbuf.h"
#include "depvet/lock/toml_lock.h"

/* ["socks"] -> "[socks]", the group an extras table carries. */
static const char *extras_group(struct arena *a, const char *const *extras, size_t n)
{
    if (!n)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_putc(&sb, '[');
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&sb, "%s%s", i ? "," : "", extras[i]);
    strbuf_putc(&sb, ']');
    const char *out = arena_strdup(a, strbuf_str(&sb));
    strbuf_fini(&sb);
    return out;
}

static const char *table_extras(struct arena *a, const struct toml_value *list)
{
    const char *items[64];
    size_t n = 0;
    for (size_t i = 0; i < toml_len(list) && n < 64; i++)
        if (toml_str(toml_at(list, i)))
            items[n++] = toml_str(toml_at(list, i));
    return extras_group(a, items, n);
}

static void read_source(struct dep_graph *g, unsigned id, const struct toml_value *pkg)
{
    struct dep_node *n = graph_node(g, id);
    const char *git = toml_get_str(pkg, "git"), *url = toml_get_str(pkg, "url");
    const char *path = toml_get_str(pkg, "path");
    bool editable = false;
    toml_bool(toml_get(pkg, "editable"), &editable);
    if (git) {
        n->source = SOURCE_GIT;
        n->source_url = graph_strdup(g, git);
        const char *rev = toml_get_str(pkg, "revision");
        n->git_ref = graph_strdup(g, rev ? rev : toml_get_str(pkg, "ref"));
    } else if (url) {
        n->source = SOURCE_URL;
        n->source_url = graph_strdup(g, url);
    } else if (path) {
        n->source = SOURCE_PATH;
        n->source_url = graph_strdup(g, path);
        if (editable)
            n->flags |= DEP_LINK;
    }
}

/* files = [{file = "x.whl", hash = "sha256:..."}] (or {url = ...}). */
static void read_files(struct dep_graph *g, struct arena *a, unsigned id,
                       const struct toml_value *files)
{
    for (size_t i = 0; i < toml_len(files); i++) {
        const struct toml_value *f = toml_at(files, i);
        const char *file = toml_get_str(f, "file");
        if (!file)
            file = toml_lock_basename(a, toml_get_str(f, "url"));
        toml_lock_add_hash(g, id, toml_get_str(f, "hash"), file);
    }
}

/* Lock 3.x: [metadata.files] "name version" = [{file, hash}]. */
static void read_metadata_files(struct dep_graph *g, struct arena *a, unsigned first,
                                const struct toml_value *files)
{
    const struct toml_value *list;
    for (size_t i = 0; i < toml_table_len(files); i++) {
        const char *key = toml_key_at(files, i, &list);
        const char *space = strchr(key, ' ');
        if (!space)
            continue;
        char norm[256];
        const char *name = arena_strndup(a, key, (size_t)(space - key));
        if (ecosystem_normalize_name(ECO_PYPI, name, norm, sizeof norm) >= sizeof norm)
            continue;
        for (unsigned id = first; id < g->nodes.len; id++) {
            const struct dep_node *n = graph_node(g, id);
            if (strcmp(n->key, norm) == 0 && strcmp(n->version, space + 1) == 0)
                read_files(g, a, id, list);
        }
    }
}

/* A PEP 508 requirement as what its edge asks for. */
static bool parse_req(struct arena *a, const char *text, struct pep508_req **req,
                      struct dep_want *want)
{
    if (!pep508_parse(a, text, strlen(text), req, NULL))
        return false;
    *want = (struct dep_want){
        .spec = (*req)->specifier[0] ? (*req)->specifier : NULL,
        .group = extras_group(a, (*req)->extras, (*req)->nextras),
    };
    return true;
}

/* dependencies = ["idna>=2.8", "httpx[socks]==0.28.*; marker"]: the
 * extras pick the extras table of that name.  A dependency for other
 * environments (a marker, and no locked version meets its specifier, as
 * "x<2; python_version < '3.6'" beside "x<3; python_version >= '3.6'")
 * is not part of this lock.  Called once every node is in. */
static void read_deps(struct dep_graph *g, struct arena *a, unsigned lf, unsigned id,
                      const struct toml_value *deps)
{
    for (size_t i = 0; i < toml_len(deps); i++) {
        const char *text = toml_str(toml_at(deps, i));
        struct pep508_req *req;
        struct dep_want want;
        if (!text || !parse_req(a, text, &req, &want))
            continue;
        unsigned to = graph_resolve(g, lf, req->name, &want);
        if (to != GRAPH_NONE && req->marker && want.spec &&
            !version_satisfies(ECO_PYPI, want.spec, graph_node(g, to)->version))
            continue;
        graph_add_edge_want(g, id, req->name, text, 0, &want);
    }
}

static unsigned read_package(struct dep_graph *g, struct arena *a, unsigned lf,
                             const struct toml_value *pkg)
{
    unsigned id = graph_add_node(g, lf, ECO_PYPI, toml_get_str(pkg, "name"),
                                 toml_get_str(pkg, "version"));
    struct dep_node *n = graph_node(g, id);
    n->line = toml_lock_line(pkg);
    n->requirement = graph_strdup(g, toml_get_str(pkg, "marker"));
    const char *extras = table_extras(a, toml_get(pkg, "extras"));
    if (extras)
        graph_node_add_group(g, id, extras);
    const struct toml_value *groups = toml_get(pkg, "groups");
    for (size_t i = 0; i < toml_len(groups); i++)
        if (toml_str(toml_at(groups, i)))
            graph_node_add_group(g, id, toml_str(toml_at(groups, i)));
    read_source(g, id, pkg);
    read_files(g, a, id, toml_get(pkg, "files"));
    return id;
}

/* ---- the project ------------------------------------------------------------ */

static void mark_list(struct dep_graph *g, struct arena *a, unsigned lf,
                      const struct toml_value *list, unsigned flags)
{
    for (size_t i = 0; i < toml_len(list); i++) {
        const char *text = toml_str(toml_at(list, i));
        struct pep508_req *req;
        struct dep_want want;
        unsigned id = text && parse_req(a, text, &req, &want)
                          ? graph_resolve(g, lf, req->name, &want) : GRAPH_NONE;
        if (id != GRAPH_NONE)
            graph_node(g, id)->flags |= DEP_DIRECT | flags;
    }
}

/* Each list of a table of lists (extras, dependency groups). */
static void mark_tables(struct dep_graph *g, struct arena *a, unsigned lf,
                        const struct toml_value *t, unsigned flags)
{
    const struct toml_value *list;
    for (size_t i = 0; i < toml_table_len(t); i++) {
        toml_key_at(t, i, &list);
        mark_list(g, a, lf, list, flags);
    }
}

static bool is_key(const struct toml_value *t, const char *key)
{
    return key && toml_get(t, key) != NULL;
}

/* A package outside pdm's "default" group is there for an extra of the
 * project (optional) or for a development group (dev). */
static void mark_groups(struct dep_graph *g, unsigned first, const struct toml_value *extras)
{
    for (unsigned id = first; id < g->nodes.len; id++) {
        struct dep_node *n = graph_node(g, id);
        bool main = false, extra = false, any = false;
        for (unsigned k = 0; k < n->n_groups; k++) {
            if (n->groups[k][0] == '[')
                continue;  /* the extras of an extras table */
            any = true;
            main |= strcmp(n->groups[k], "default") == 0;
            extra |= is_key(extras, n->groups[k]);
        }
        if (any && !main)
            n->flags |= extra ? DEP_OPTIONAL : DEP_DEV;
    }
}

static void read_pyproject(struct dep_graph *g, struct arena *a, unsigned lf, unsigned first,
                           const char *path)
{
    const struct toml_value *py = toml_lock_companion(path, "pdm.lock", "pyproject.toml", a);
    const struct toml_value *project = toml_get(py, "project");
    const struct toml_value *extras = toml_get(project, "optional-dependencies");
    mark_groups(g, first, extras);
    mark_list(g, a, lf, toml_get(project, "dependencies"), 0);
    mark_tables(g, a, lf, extras, DEP_OPTIONAL);
    mark_tables(g, a, lf, toml_get_path(py, "tool.pdm.dev-dependencies"), DEP_DEV);
    mark_tables(g, a, lf, toml_get(py, "dependency-groups"), DEP_DEV);
}

/* lock_version 3.x and 4.x; none at all only in an empty document. */
static bool check_version(const char *path, const struct toml_value *root,
                          const struct toml_value *pkgs, struct diag *d)
{
    const struct toml_value *v = toml_get_path(root, "metadata.lock_version");
    const char *s = toml_str(v);
    if (!v && !pkgs)
        return true;
    if (!s || !((s[0] == '3' || s[0] == '4') && (s[1] == '.' || !s[1]))) {
        if (s)
            diag_set(d, DIAG_UNSUPPORTED, path, v->line, v->col,
                     "pdm.lock lock_version %.40s is not supported (3.x and 4.x are)", s);
        else
            diag_set(d, DIAG_UNSUPPORTED, path, v ? v->line : 1, v ? v->col : 1,
                     "not a pdm.lock: no [metadata] lock_version");
        return false;
    }
    return true;
}

bool pdm_lock_read(struct dep_graph *g, const char *path, const char *buf, size_t len,
                   struct diag *d)
{
    struct arena *a = arena_new();
    const struct toml_value *root, *pkgs;
    bool ok = toml_lock_open(path, buf, len, "package", a, &root, &pkgs, d) &&
              check_version(path, root, pkgs, d);
    if (ok) {
        unsigned lf = graph_add_lockfile(g, path, "pdm.lock", ECO_PYPI);
        unsigned first = (unsigned)g->nodes.len;
        for (size_t i = 0; i < toml_len(pkgs); i++)
            read_package(g, a, lf, toml_at(pkgs, i));
        for (size_t i = 0; i < toml_len(pkgs); i++)
            read_deps(g, a, lf, first + (unsigned)i, toml_get(toml_at(pkgs, i), "dependencies"));
        read_metadata_files(g, a, first, toml_get_path(root, "metadata.files"));
        read_pyproject(g, a, lf, first, path);
    }
    arena_free(a);
    return ok;
}

bool pdm_lock_sniff(const char *buf, size_t len)
{
    return toml_lock_has_line(buf, len, "[metadata]") &&
           (toml_lock_has_line(buf, len, "lock_version = ") ||
            toml_lock_has_line(buf, len, "content_hash = "));
}
