/* mix.lock: fixtures, the peer's fixtures and real lockfiles. */
#include "lock_test.h"

#include "depvet/lock/mix_lock.h"

Test(mix_lock, entries_edges_checksums_and_direct_deps)
{
    struct dep_graph *g = lt_fixture(mix_lock_read, "mix/mix.lock");
    cr_assert_eq(g->nodes.len, 6);
    const struct dep_node *auth = lt_node_v(g, "acme_auth_hex", NULL);
    cr_assert_not_null(auth, "node named after the Hex package, not the app key");
    cr_assert_str_eq(auth->repo, "hexpm:acme");
    cr_assert(auth->flags & DEP_PRIVATE);
    cr_assert(auth->flags & DEP_DIRECT, "named in mix.exs");
    cr_assert_eq(auth->n_checksums, 2);
    cr_assert_str_eq(auth->checksums[1].what, "outer");
    cr_assert(lt_edge_ids(g, lt_node_v(g, "acme_auth_hex", NULL)->id, lt_node_v(g, "jason", NULL)->id));
    cr_assert(lt_edge_ids(g, lt_node_v(g, "jason", NULL)->id, lt_node_v(g, "decimal", NULL)->id));
    cr_assert(g->edges.items[g->out[lt_node_v(g, "jason", NULL)->first_out]].flags & DEP_OPTIONAL);
    const struct dep_node *old = lt_node_v(g, "old_style", NULL);
    cr_assert_eq(old->n_checksums, 1, "2017-style 6-tuple: inner checksum only");
    cr_assert_str_eq(old->repo, "hexpm");
    const struct dep_node *fork = lt_node_v(g, "my_fork", NULL);
    cr_assert_eq(fork->source, SOURCE_GIT);
    cr_assert_str_eq(fork->git_ref, "a9574ab75d6ed01e1288c453ae1d943d7a964595");
    cr_assert(fork->git_requested, "the branch mix.exs asked for is kept");
    cr_expect_str_eq(fork->git_requested, "branch main");
    cr_assert_str_eq(fork->version, "");
    cr_assert(lt_node_v(g, "telemetry", NULL)->flags & DEP_DEV, "only: [:dev, :test]");
    cr_assert_not(lt_node_v(g, "decimal", NULL)->flags & DEP_DEV, "only: [:dev, :prod] ships");
    cr_assert_not(lt_node_v(g, "jason", NULL)->flags & DEP_DIRECT);
    cr_assert_eq(lt_node_v(g, "jason", NULL)->line, 4);
    graph_free(g);
}

Test(mix_lock, malformed_input)
{
    static const char *const bad[] = {
        "[]", "%{\"a\": {:svn, \"x\"}}", "%{\"a\": {:hex, \"notatom\", \"1\", \"x\"}}",
        "%{\"a\": {:hex, :a, \"1.0.0\", \"x\", [:mix], :notalist, \"hexpm\", \"y\"}}",
        "%{\"a\": {:hex, :a, \"1.0.0\", \"x\", [:mix], [{\"str\", \"~> 1\", []}], \"hexpm\", \"y\"}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct dep_graph *g = graph_new();
        struct diag d;
        diag_clear(&d);
        cr_assert_not(mix_lock_read(g, "mix.lock", bad[i], strlen(bad[i]), &d), "case %zu", i);
        cr_assert_gt(d.line, 0, "case %zu has a line", i);
        graph_free(g);
    }
    cr_assert(mix_lock_sniff("\n  %{", 5));
    cr_assert_not(mix_lock_sniff("{\"1.2.0\"", 8));
}

/* The peer's fixtures: names and versions as its tests expect them. */
Test(mix_lock, osv_fixtures)
{
    char dir[1024], path[1200];
    if (!test_corpus("lockfiles/osv-fixtures/mixlock/expected.json", path, sizeof(path)))
        cr_skip("corpus not present");
    snprintf(dir, sizeof(dir), "%.*s", (int)(strlen(path) - strlen("/expected.json")), path);
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *buf = file_read(path, 1u << 20, &len, &d);
    cJSON *exp = json_parse(buf, len, path, &d);
    free(buf);
    unsigned checked = 0;
    const cJSON *fx;
    cJSON_ArrayForEach(fx, exp) {
        if (fx->string[0] == '_')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, fx->string);
        bool ok;
        struct dep_graph *g = lt_read_new(mix_lock_read, path, &ok, &d);
        cr_assert(ok, "%s: %s", fx->string, d.msg);
        const cJSON *pkgs = json_arr(fx, "packages");
        cr_assert_eq(g->nodes.len, (size_t)cJSON_GetArraySize(pkgs), "%s", fx->string);
        const cJSON *p;
        cJSON_ArrayForEach(p, pkgs) {
            const struct dep_node *n = lt_node_v(g, json_str(p, "name"), NULL);
            cr_assert_not_null(n, "%s: %s missing", fx->string, json_str(p, "name"));
            cr_assert_str_eq(n->version, json_str(p, "version"), "%s: %s", fx->string, n->name);
            /* The peer's "commit" is the git ref, or for Hex packages the
             * inner checksum. */
            if (json_str(p, "commit"))
                cr_assert_str_eq(n->source == SOURCE_GIT ? n->git_ref : n->checksums[0].value,
                                 json_str(p, "commit"), "%s: %s", fx->string, n->name);
        }
        checked++;
        graph_free(g);
    }
    cJSON_Delete(exp);
    cr_assert_geq(checked, 5);
}

static void check_count(struct dep_graph *g, const struct lt_real_file *f)
{
    cr_expect_eq(g->nodes.len, f->entries, "%s", f->path);
    cr_expect_eq(g->n_unresolved, 0, "%s", f->path);
}

/* Every real mix.lock: one node per entry. */
Test(mix_lock, real_lockfiles)
{
    if (!lt_real_scan("real-index.json", "mix.lock", mix_lock_read, false, check_count))
        cr_skip("corpus not present");
}
