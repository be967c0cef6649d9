/* mix.lock: fixtures, the peer's fixtures and real lockfiles. */
#include "lock_helpers.h"

#include "depvet/lock/mix_lock.h"

Test(mix_lock, entries_edges_checksums_and_direct_deps)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/mix/mix.lock", test_srcdir());
    struct diag d;
    struct dep_graph *g = read_with(mix_lock_read, path, &d);
    cr_assert_not_null(g, "%s", d.msg);
    cr_assert_eq(g->nodes.len, 6);
    const struct dep_node *auth = node_named(g, "acme_auth_hex");
    cr_assert_not_null(auth, "node named after the Hex package, not the app key");
    cr_assert_str_eq(auth->repo, "hexpm:acme");
    cr_assert(auth->flags & DEP_PRIVATE);
    cr_assert(auth->flags & DEP_DIRECT, "named in mix.exs");
    cr_assert_eq(auth->n_checksums, 2);
    cr_assert_str_eq(auth->checksums[1].what, "outer");
    cr_assert(has_edge(g, "acme_auth_hex", "jason"));
    cr_assert(has_edge(g, "jason", "decimal"));
    cr_assert(g->edges.items[g->out[node_named(g, "jason")->first_out]].flags & DEP_OPTIONAL);
    const struct dep_node *old = node_named(g, "old_style");
    cr_assert_eq(old->n_checksums, 1, "2017-style 6-tuple: inner checksum only");
    cr_assert_str_eq(old->repo, "hexpm");
    const struct dep_node *fork = node_named(g, "my_fork");
    cr_assert_eq(fork->source, SOURCE_GIT);
    cr_assert_str_eq(fork->git_ref, "a9574ab75d6ed01e1288c453ae1d943d7a964595");
    cr_assert_str_eq(fork->version, "");
    cr_assert(node_named(g, "telemetry")->flags & DEP_DEV, "only: [:dev, :test]");
    cr_assert_not(node_named(g, "decimal")->flags & DEP_DEV, "only: [:dev, :prod] ships");
    cr_assert_not(node_named(g, "jason")->flags & DEP_DIRECT);
    cr_assert_eq(node_named(g, "jason")->line, 4);
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
        struct dep_graph *g = read_with(mix_lock_read, path, &d);
        if (json_bool(fx, "error", false)) {
            cr_assert_null(g, "%s should fail", fx->string);
            continue;
        }
        cr_assert_not_null(g, "%s: %s", fx->string, d.msg);
        const cJSON *pkgs = json_arr(fx, "packages");
        cr_assert_eq(g->nodes.len, (size_t)cJSON_GetArraySize(pkgs), "%s", fx->string);
        const cJSON *p;
        cJSON_ArrayForEach(p, pkgs) {
            const struct dep_node *n = node_named(g, json_str(p, "name"));
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

/* Every real mix.lock and rebar.lock: one node per entry. */
Test(mix_lock, real_lockfiles)
{
    char dir[1024], path[1400];
    cJSON *idx = real_index(dir, sizeof(dir));
    if (!idx)
        cr_skip("corpus not present");
    unsigned checked = 0;
    const cJSON *rec;
    cJSON_ArrayForEach(rec, json_arr(idx, "files")) {
        const char *fmt = json_str(rec, "format");
        if (!fmt || strcmp(json_str(rec, "role"), "lockfile") != 0)
            continue;
        lock_read_fn fn = strcmp(fmt, "mix.lock") == 0 ? mix_lock_read : NULL;
        if (!fn)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, json_str(rec, "file"));
        struct diag d;
        struct dep_graph *g = read_with(fn, path, &d);
        cr_assert_not_null(g, "%s: %s (line %u col %u)", path, d.msg, d.line, d.col);
        cr_assert_eq(g->nodes.len, (size_t)real_entries(rec), "%s", path);
        cr_assert_eq(g->n_unresolved, 0);
        checked++;
        graph_free(g);
    }
    cJSON_Delete(idx);
    cr_assert_geq(checked, 5);
}
