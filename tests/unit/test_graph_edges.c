/* Edges by name and version: a name locked twice gets the right edges in
 * the graph function and in each reader that records versions, sources,
 * specifiers or markers; on the real uv, poetry and pylock files every
 * edge's target satisfies what the edge asks for. */
#include "depvet/core/req_poetry.h"
#include "depvet/core/version.h"
#include "depvet/lock/pdm_lock.h"
#include "depvet/lock/poetry_lock.h"
#include "depvet/lock/pylock.h"
#include "depvet/lock/requirements_txt.h"
#include "depvet/lock/toml.h"
#include "depvet/lock/uv_lock.h"
#include "lock_test.h"

/* The node an edge from (name, version) named `to` lands on (asserted). */
static struct dep_node *edge_target(struct dep_graph *g, const char *from,
                                    const char *from_version, const char *to)
{
    for (size_t i = 0; i < g->edges.len; i++) {
        struct dep_edge *e = &g->edges.items[i];
        struct dep_node *f = &g->nodes.items[e->from];
        if (strcmp(f->name, from) == 0 &&
            (!from_version || strcmp(f->version, from_version) == 0) &&
            strcmp(g->nodes.items[e->to].name, to) == 0)
            return &g->nodes.items[e->to];
    }
    cr_assert_fail("no edge %s -> %s", from, to);
    return NULL;
}

/* Sums over the nodes called name: their parents, and how many are direct. */
static unsigned parents_of(struct dep_graph *g, const char *name, unsigned *direct)
{
    unsigned n_in = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        if (strcmp(g->nodes.items[i].name, name) == 0) {
            n_in += g->nodes.items[i].n_in;
            *direct += !!(g->nodes.items[i].flags & DEP_DIRECT);
        }
    return n_in;
}

/* Reads text with fn and finishes the graph, asserting success. */
static struct dep_graph *read_finished(lock_read_fn fn, const char *path, const char *text)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(fn, g, path, text, &d), "%s: %s", path, d.msg);
    graph_finish(g);
    return g;
}

Test(graph_edges, resolve_scores)
{
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "uv.lock", "uv.lock", ECO_PYPI);
    unsigned a = graph_add_node(g, lf, ECO_PYPI, "torch", "2.0.0");
    for (int i = 0; i < 300; i++) /* the index grows and keeps its chains */
        graph_add_node(g, lf, ECO_PYPI, arena_printf(g->arena, "p%d", i), "1");
    unsigned b = graph_add_node(g, lf, ECO_PYPI, "Torch", "2.0.0+cu128");
    unsigned c = graph_add_node(g, lf, ECO_PYPI, "torch", "1.13.1");
    graph_node(g, b)->source_url = "https://download.pytorch.org/whl/cu128";
    graph_node(g, c)->requirement = "==1.13.1; python_version < \"3.8\"";
    cr_assert_eq(graph_resolve(g, lf, "torch", NULL), a);
    cr_assert_eq(graph_resolve(g, lf, "torch", &(struct dep_want){.version = "1.13.1"}), c);
    cr_assert_eq(graph_resolve(g, lf, "torch",
                               &(struct dep_want){.source = "https://download.pytorch.org/whl/cu128"}), b);
    cr_assert_eq(graph_resolve(g, lf, "torch", &(struct dep_want){.spec = "<2"}), c);
    cr_assert_eq(graph_resolve(g, lf, "torch", &(struct dep_want){.spec = ">=2"}), a);
    cr_assert_eq(graph_resolve(g, lf, "torch",
                               &(struct dep_want){.marker = "python_version < \"3.8\""}), c);
    cr_assert_eq(graph_resolve(g, lf, "torch", &(struct dep_want){.version = "9"}), a);
    cr_assert_eq(graph_resolve(g, lf, "p7", &(struct dep_want){.version = "9"}), 8);
    cr_assert_eq(graph_resolve(g, lf, "absent", NULL), GRAPH_NONE);
    graph_add_edge_want(g, 1, "torch", NULL, 0, &(struct dep_want){.version = "2.0.0+cu128"});
    graph_finish(g);
    cr_assert_eq(g->edges.items[0].to, b);
    cr_assert_str_eq(g->edges.items[0].want->version, "2.0.0+cu128");
    graph_free(g);
}

static const char uv_twice[] =
    "version = 1\nrevision = 3\n"
    "[[package]]\nname = \"app\"\nversion = \"0.1\"\nsource = { virtual = \".\" }\n"
    "dependencies = [\n"
    "  { name = \"torch\", version = \"2.0.0\", source = { registry = \"https://pypi.org/simple\" }, marker = \"sys_platform == 'darwin'\" },\n"
    "  { name = \"torch\", version = \"2.0.0+cu128\", source = { registry = \"https://download.pytorch.org/whl/cu128\" }, marker = \"sys_platform == 'linux'\" },\n"
    "  { name = \"torchvision\", version = \"0.1+cu128\", source = { registry = \"https://download.pytorch.org/whl/cu128\" } },\n"
    "]\n"
    "[[package]]\nname = \"torch\"\nversion = \"2.0.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n"
    "[[package]]\nname = \"torch\"\nversion = \"2.0.0+cu128\"\nsource = { registry = \"https://download.pytorch.org/whl/cu128\" }\n"
    "[[package]]\nname = \"torchvision\"\nversion = \"0.1+cu128\"\nsource = { registry = \"https://download.pytorch.org/whl/cu128\" }\n"
    "dependencies = [\n"
    "  { name = \"torch\", version = \"2.0.0+cu128\", source = { registry = \"https://download.pytorch.org/whl/cu128\" } },\n"
    "]\n";

static const char poetry_twice[] =
    "[[package]]\nname = \"zarr\"\nversion = \"3.0.3\"\n"
    "[package.dependencies]\nnumcodecs = \">=0.14\"\n"
    "numpy = [\n"
    "  {version = \">=1.24\", markers = \"python_version < \\\"3.13\\\"\"},\n"
    "  {version = \">=2.1\", markers = \"python_version >= \\\"3.13\\\"\"},\n"
    "]\n"
    "[[package]]\nname = \"numcodecs\"\nversion = \"0.13.1\"\n"
    "[[package]]\nname = \"numcodecs\"\nversion = \"0.15.1\"\n"
    "[[package]]\nname = \"numpy\"\nversion = \"1.26.4\"\nmarkers = \"python_version < \\\"3.13\\\"\"\n"
    "[[package]]\nname = \"numpy\"\nversion = \"2.2.0\"\nmarkers = \"python_version >= \\\"3.13\\\"\"\n"
    "[metadata]\nlock-version = \"2.1\"\n";

/* A name locked twice: the edge lands on the right one, and every node of
 * that name has its parents (uv: app reaches both torch builds, both
 * direct, torchvision the CUDA one; poetry: one numpy per environment). */
static const struct {
    lock_read_fn read;
    const char *path, *text, *from, *to, *version, *twice;
    unsigned parents, direct;
} twice_table[] = {
    {uv_lock_read, "uv.lock", uv_twice, "torchvision", "torch", "2.0.0+cu128", "torch", 3, 2},
    {poetry_lock_read, "poetry.lock", poetry_twice, "zarr", "numcodecs", "0.15.1", "numpy", 2, 0},
};

Test(graph_edges, name_locked_twice)
{
    for (size_t i = 0; i < sizeof twice_table / sizeof *twice_table; i++) {
        struct dep_graph *g = read_finished(twice_table[i].read, twice_table[i].path,
                                            twice_table[i].text);
        cr_expect_str_eq(edge_target(g, twice_table[i].from, NULL, twice_table[i].to)->version,
                         twice_table[i].version, "%s", twice_table[i].path);
        unsigned direct = 0;
        cr_expect_eq(parents_of(g, twice_table[i].twice, &direct), twice_table[i].parents,
                     "%s", twice_table[i].path);
        cr_expect_eq(direct, twice_table[i].direct, "%s", twice_table[i].path);
        graph_free(g);
    }
}

static const struct { const char *constraint, *version; bool want; } poetry_table[] = {
    {"1.23.45", "1.23.45", true},
    {"1.23.45", "1.23.46", false},
    {">=7.0,<8.0.0 || >8.0.0", "8.1.3", true},
    {">=7.0,<8.0.0 || >8.0.0", "8.0.0", false},
    {"^1.2", "1.9.0", true},
    {"^1.2", "2.0", false},
    {"^0.2.3", "0.2.9", true},
    {"^0.2.3", "0.3.0", false},
    {"~1.2.3", "1.2.9", true},
    {"~1.2.3", "1.3.0", false},
    {"~1", "1.9", true},
    {"*", "0.1", true},
    {">=2.0rc1", "2.0rc2", true},
    {"~=1.4", "1.9", true},
    {"not a constraint", "1.0", false},
};

Test(graph_edges, poetry_constraints)
{
    for (size_t i = 0; i < sizeof poetry_table / sizeof *poetry_table; i++)
        cr_expect_eq(req_poetry_matches(poetry_table[i].constraint, poetry_table[i].version),
                     poetry_table[i].want, "%s vs %s", poetry_table[i].constraint,
                     poetry_table[i].version);
}

Test(graph_edges, pylock_by_version)
{
    static const char text[] =
        "lock-version = \"1.0\"\ncreated-by = \"t\"\n"
        "[[packages]]\nname = \"a\"\nversion = \"1\"\n"
        "dependencies = [{name = \"b\", version = \"2.0\"}]\n"
        "[[packages]]\nname = \"b\"\nversion = \"1.0\"\n"
        "[[packages]]\nname = \"b\"\nversion = \"2.0\"\n";
    struct dep_graph *g = read_finished(pylock_read, "pylock.toml", text);
    cr_assert_str_eq(edge_target(g, "a", NULL, "b")->version, "2.0");
    graph_free(g);
}

Test(graph_edges, requirements_via_by_marker)
{
    static const char text[] =
        "numpy==1.24.4 ; python_version < \"3.9\"\n    # via pandas\n"
        "numpy==2.0.0 ; python_version >= \"3.9\"\n    # via pandas\n"
        "pandas==1.5.3 ; python_version < \"3.9\"\n    # via -r requirements.in\n"
        "pandas==2.2.0 ; python_version >= \"3.9\"\n    # via -r requirements.in\n";
    struct dep_graph *g = read_finished(requirements_txt_read, "requirements.txt", text);
    cr_assert_str_eq(edge_target(g, "pandas", "2.2.0", "numpy")->version, "2.0.0");
    cr_assert_str_eq(edge_target(g, "pandas", "1.5.3", "numpy")->version, "1.24.4");
    graph_free(g);
}

/* ---- the corpus ---------------------------------------------------------- */

/* Every edge lands on what it asked for: the exact version, and a version
 * the specifier accepts (PEP 440 as core/ implements it). */
static unsigned check_wants(struct dep_graph *g, const char *file, unsigned *checked)
{
    unsigned bad = 0;
    for (size_t i = 0; i < g->edges.len; i++) {
        const struct dep_edge *e = &g->edges.items[i];
        const struct dep_node *t = &g->nodes.items[e->to];
        const struct dep_want *w = e->want;
        if (!w)
            continue;
        bool ok = (!w->version || strcmp(w->version, t->version) == 0) &&
                  (!w->spec || !w->spec[0] || strcmp(w->spec, "*") == 0 ||
                   (w->satisfies ? w->satisfies(w->spec, t->version)
                                 : version_satisfies(t->eco, w->spec, t->version)));
        if (!ok) {
            cr_log_error("%s: %s %s -> %s %s does not satisfy %s%s", file,
                         g->nodes.items[e->from].name, g->nodes.items[e->from].version,
                         t->name, t->version, w->version ? "==" : "",
                         w->version ? w->version : w->spec);
            bad++;
        }
        *checked += w->version || w->spec;
    }
    return bad;
}

/* uv.lock read again with the TOML parser alone: each dependency that
 * names a version has an edge from its package to that name at that
 * version. */
static unsigned check_uv_independently(struct dep_graph *g, const char *path)
{
    struct arena *a = arena_new();
    size_t len;
    struct diag d;
    char *buf = file_read(path, LOCK_MAX_BYTES, &len, &d);
    const struct toml_value *root = toml_parse(buf, len, path, a, &d);
    const struct toml_value *pkgs = toml_get(root, "package");
    unsigned bad = 0;
    for (size_t i = 0; i < toml_len(pkgs); i++) {
        const struct toml_value *pkg = toml_at(pkgs, i), *deps = toml_get(pkg, "dependencies");
        const struct dep_node *from = &g->nodes.items[i];
        for (size_t k = 0; k < toml_len(deps); k++) {
            const char *name = toml_get_str(toml_at(deps, k), "name");
            const char *version = toml_get_str(toml_at(deps, k), "version");
            bool found = !version;
            for (unsigned j = 0; !found && j < from->n_out; j++) {
                const struct dep_node *t = &g->nodes.items[g->edges.items[g->out[from->first_out + j]].to];
                found = strcmp(t->name, name) == 0 && strcmp(t->version, version) == 0;
            }
            if (!found) {
                cr_log_error("%s: %s %s has no edge to %s %s", path, from->name, from->version,
                             name, version);
                bad++;
            }
        }
    }
    free(buf);
    arena_free(a);
    return bad;
}

static const struct {
    const char *index, *format;
    lock_read_fn read;
} corpus_formats_table[] = {
    {"real-index.json", "uv.lock", uv_lock_read},
    {"real-index.json", "poetry.lock", poetry_lock_read},
    {"real-index.json", "pylock.toml", pylock_read},
    {"real-index-new-formats.json", "pdm.lock", pdm_lock_read},
};

/* The files of one row of corpus_formats_table: checked, and counted. */
static unsigned check_format(size_t k, unsigned *files, unsigned *checked)
{
    char index[1024], path[1600], sub[256];
    snprintf(sub, sizeof sub, "lockfiles/%s", corpus_formats_table[k].index);
    if (!test_corpus(sub, index, sizeof index))
        return 0;
    cJSON *root = lt_load_json(index);
    *strrchr(index, '/') = 0;
    unsigned bad = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, json_arr(root, "files")) {
        const char *fmt = json_str(f, "format"), *file = json_str(f, "file");
        if (!fmt || !file || strncmp(fmt, corpus_formats_table[k].format,
                                     strlen(corpus_formats_table[k].format)))
            continue;
        snprintf(path, sizeof path, "%s/%s", index, file);
        struct dep_graph *g = graph_new();
        struct diag d;
        cr_assert(lt_read(corpus_formats_table[k].read, g, path, &d), "%s: %s", file, d.msg);
        graph_finish(g);
        bad += check_wants(g, file, checked);
        if (corpus_formats_table[k].read == uv_lock_read)
            bad += check_uv_independently(g, path);
        graph_free(g);
        (*files)++;
    }
    cJSON_Delete(root);
    return bad;
}

Test(graph_edges, corpus_edges_satisfy_requirements)
{
    char probe[1024];
    if (!test_corpus("lockfiles/real-index.json", probe, sizeof probe))
        cr_skip_test("lockfile corpus not available");
    unsigned files = 0, bad = 0, checked = 0;
    for (size_t k = 0; k < sizeof corpus_formats_table / sizeof *corpus_formats_table; k++)
        bad += check_format(k, &files, &checked);
    cr_log_info("edges by version: %u files, %u edges checked, %u wrong", files, checked, bad);
    cr_assert_gt(files, 0);
    cr_assert_gt(checked, 0);
    cr_assert_eq(bad, 0, "%u edges miss their requirement", bad);
}
