/* Gleam manifest.toml reader: fixture with gleam.toml, malformed input and
 * real manifests.  osv-fixtures/gleamtoml covers gleam.toml (declared
 * ranges), not manifest.toml, so it is not read here. */
#include "depvet/lock/gleam_manifest.h"
#include "lock_test.h"

Test(gleam_manifest, fixture_with_gleam_toml)
{
    struct dep_graph *g = lt_fixture_graph(gleam_manifest_read, "gleam_manifest/manifest.toml");
    cr_assert_eq(g->nodes.len, 4);
    struct dep_node *std = lt_node(g, "gleam_stdlib"), *unit = lt_node(g, "gleeunit");
    struct dep_node *mylib = lt_node(g, "mylib"), *local = lt_node(g, "local_thing");
    cr_assert_eq(std->eco, ECO_HEX);
    cr_assert_eq(std->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT);
    cr_assert_eq(unit->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_assert_eq(local->flags & DEP_DIRECT, 0);
    cr_assert_str_eq(std->repo, "hexpm");
    cr_assert_str_eq(std->checksums[0].algo, "sha256");
    cr_assert_str_eq(std->checksums[0].value, "ABCDEF");
    cr_assert_str_eq(std->checksums[0].what, "outer");
    cr_assert_str_eq(std->requirement, ">= 0.34.0 and < 2.0.0");
    cr_assert_eq(mylib->source, SOURCE_GIT);
    cr_assert_str_eq(mylib->source_url, "https://github.com/me/mylib");
    cr_assert_str_eq(mylib->git_ref, "beef");
    cr_assert_eq(local->source, SOURCE_PATH);
    cr_assert_str_eq(local->source_url, "../local_thing");
    cr_assert_eq(std->line, 4);
    cr_assert(lt_has_edge(g, "gleeunit", "gleam_stdlib"));
    graph_finish(g);
    cr_assert_eq(g->n_unresolved, 0);
    size_t n_roots;
    unsigned *roots;
    n_roots = graph_roots(g, 0, &roots);
    cr_assert_eq(n_roots, 3);
    free(roots);
    graph_free(g);
}

Test(gleam_manifest, malformed)
{
    lt_toml_reader_basics(gleam_manifest_read, "name = \"app\"\n[dependencies]\n");
    lt_expect_fail(gleam_manifest_read, "packages = [\n  { version = \"1\" },\n]\n", DIAG_SYNTAX, 2);
    lt_expect_fail(gleam_manifest_read, "packages = [\n  \"x\",\n]\n", DIAG_SYNTAX, 2);
    cr_assert(lt_sniff(gleam_manifest_sniff, "packages = [\n]\n\n[requirements]\n"));
    cr_assert_not(lt_sniff(gleam_manifest_sniff, "[[package]]\n"));
}

/* The index says "34 packages, 21 requirements": [requirements] names the
 * direct dependencies, each of which is locked. */
static void check_direct(struct dep_graph *g, const struct lt_real_file *f)
{
    const cJSON *entry = f->entry;
    const char *desc = json_str(entry, "entries_desc"), *comma = desc ? strchr(desc, ',') : NULL;
    cr_assert_not_null(comma);
    unsigned want = (unsigned)strtoul(comma + 1, NULL, 10), direct = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        direct += !!(g->nodes.items[i].flags & DEP_DIRECT);
    cr_expect_eq(direct, want, "%s: %u direct, index says %u", json_str(entry, "file"),
                 direct, want);
}

Test(gleam_manifest, real_files)
{
    lt_real_files("gleam manifest.toml", gleam_manifest_read, check_direct);
}
