/* rebar.lock: lock versions, sources, hash sections, real lockfiles. */
#include "lock_helpers.h"

#include "depvet/lock/rebar_lock.h"

Test(rebar_lock, versioned_lock_with_hashes)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/rebar/rebar.lock", test_srcdir());
    struct diag d;
    struct dep_graph *g = read_with(rebar_lock_read, path, &d);
    cr_assert_not_null(g, "%s", d.msg);
    cr_assert_eq(g->nodes.len, 4);
    cr_assert(g->lockfiles.items[0].flat);
    const struct dep_node *c = node_named(g, "certifi");
    cr_assert(c->flags & DEP_DIRECT);
    cr_assert_eq(c->n_checksums, 2);
    cr_assert_str_eq(c->checksums[0].what, "inner");
    cr_assert_str_eq(c->checksums[1].value,
                     "6AC7EFC1C6F8600B08D625292D4BBF584E14847CE1B6B5C44D983D273E1097EA");
    cr_assert_not(node_named(g, "idna")->flags & DEP_DIRECT);
    cr_assert_not_null(node_named(g, "my_app_pkg"), "package name, not the app name");
    const struct dep_node *cow = node_named(g, "cowboy");
    cr_assert_eq(cow->source, SOURCE_GIT);
    cr_assert_str_eq(cow->git_ref, "9e600f6c1df3c440bc196b66ebbc005d70107217");
    graph_free(g);
}

Test(rebar_lock, lock_1_0_list)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/fixtures/rebar/old.lock", test_srcdir());
    struct diag d;
    struct dep_graph *g = read_with(rebar_lock_read, path, &d);
    cr_assert_not_null(g, "%s", d.msg);
    cr_assert_eq(g->nodes.len, 2);
    cr_assert(node_named(g, "lager")->flags & DEP_DIRECT);
    graph_free(g);
}

Test(rebar_lock, malformed_and_sniffing)
{
    static const char *const bad[] = {
        "{\"1.2.0\", [{<<\"a\">>, {svn, \"x\"}, 0}]}.", "{\"1.2.0\", nope}.",
        "[{<<\"a\">>,{pkg,<<\"a\">>,<<\"1\">>},0}]", "[{<<\"a\">>,{pkg,<<\"a\">>},0}].",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct dep_graph *g = graph_new();
        struct diag d;
        diag_clear(&d);
        cr_assert_not(rebar_lock_read(g, "rebar.lock", bad[i], strlen(bad[i]), &d), "case %zu", i);
        cr_assert(diag_failed(&d));
        graph_free(g);
    }
    const char *v = "{\"1.2.0\",\n[{<<\"a\">>,{pkg,<<\"a\">>,<<\"1\">>},0}]}.";
    cr_assert(rebar_lock_sniff(v, strlen(v)));
    cr_assert_not(rebar_lock_sniff("%{", 2));
}

Test(rebar_lock, real_lockfiles)
{
    char dir[1024], path[1400];
    cJSON *idx = real_index(dir, sizeof(dir));
    if (!idx)
        cr_skip("corpus not present");
    unsigned checked = 0;
    const cJSON *rec;
    cJSON_ArrayForEach(rec, json_arr(idx, "files")) {
        const char *fmt = json_str(rec, "format");
        if (!fmt || strncmp(fmt, "rebar.lock", 10) != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, json_str(rec, "file"));
        struct diag d;
        struct dep_graph *g = read_with(rebar_lock_read, path, &d);
        cr_assert_not_null(g, "%s: %s (line %u col %u)", path, d.msg, d.line, d.col);
        cr_assert_eq(g->nodes.len, (size_t)real_entries(rec), "%s", path);
        checked++;
        graph_free(g);
    }
    cJSON_Delete(idx);
    cr_assert_geq(checked, 6);
}
