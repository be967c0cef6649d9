/* rebar.lock: lock versions, sources, hash sections, real lockfiles. */
#include "lock_test.h"

#include "depvet/lock/rebar_lock.h"

Test(rebar_lock, versioned_lock_with_hashes)
{
    struct dep_graph *g = lt_fixture(rebar_lock_read, "rebar/rebar.lock");
    cr_assert_eq(g->nodes.len, 4);
    cr_assert(g->lockfiles.items[0].flat);
    const struct dep_node *c = lt_node_v(g, "certifi", NULL);
    cr_assert(c->flags & DEP_DIRECT);
    cr_assert_eq(c->n_checksums, 2);
    cr_assert_str_eq(c->checksums[0].what, "inner");
    cr_assert_str_eq(c->checksums[1].value,
                     "6AC7EFC1C6F8600B08D625292D4BBF584E14847CE1B6B5C44D983D273E1097EA");
    cr_assert_not(lt_node_v(g, "idna", NULL)->flags & DEP_DIRECT);
    cr_assert_not_null(lt_node_v(g, "my_app_pkg", NULL), "package name, not the app name");
    const struct dep_node *cow = lt_node_v(g, "cowboy", NULL);
    cr_assert_eq(cow->source, SOURCE_GIT);
    cr_assert_str_eq(cow->git_ref, "9e600f6c1df3c440bc196b66ebbc005d70107217");
    graph_free(g);
}

Test(rebar_lock, lock_1_0_list)
{
    struct dep_graph *g = lt_fixture(rebar_lock_read, "rebar/old.lock");
    cr_assert_eq(g->nodes.len, 2);
    cr_assert(lt_node_v(g, "lager", NULL)->flags & DEP_DIRECT);
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

static void check_count(struct dep_graph *g, const struct lt_real_file *f)
{
    cr_expect_eq(g->nodes.len, f->entries, "%s", f->path);
}

Test(rebar_lock, real_lockfiles)
{
    if (lt_real_scan("real-index.json", "rebar.lock", rebar_lock_read, false, check_count) < 6)
        cr_skip("corpus not present");
}
