/* uv.lock reader: fixture details, malformed input, osv-scalibr fixtures and
 * real lockfiles. */
#include "depvet/lock/uv_lock.h"
#include "lock_test.h"

Test(uv_lock, fixture)
{
    struct dep_graph *g = lt_fixture_graph(uv_lock_read, "uv_lock/uv.lock");
    cr_assert_eq(g->nodes.len, 4);
    struct dep_node *demo = lt_node(g, "demo"), *click = lt_node(g, "click");
    struct dep_node *pytest = lt_node(g, "pytest"), *requests = lt_node(g, "requests");
    cr_assert(demo->flags & DEP_PROJECT);
    cr_assert_eq(requests->flags & (DEP_DIRECT | DEP_DEV | DEP_OPTIONAL), DEP_DIRECT);
    cr_assert_eq(click->flags & (DEP_DIRECT | DEP_OPTIONAL), DEP_DIRECT | DEP_OPTIONAL);
    cr_assert_eq(pytest->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_assert_eq(click->n_groups, 1);
    cr_assert_str_eq(click->groups[0], "cli");
    cr_assert_eq(pytest->source, SOURCE_GIT);
    cr_assert_str_eq(pytest->source_url, "https://github.com/pytest-dev/pytest");
    cr_assert_str_eq(pytest->git_ref, "0123abcd");
    cr_assert_str_eq(click->source_url, "https://pypi.org/simple");
    cr_assert_eq(click->n_checksums, 2);
    cr_assert_str_eq(click->checksums[0].algo, "sha256");
    cr_assert_str_eq(click->checksums[0].value, "aaaa");
    cr_assert_str_eq(click->checksums[0].what, "sdist");
    cr_assert_str_eq(click->checksums[1].what, "click-8.1.7-py3-none-any.whl");
    cr_assert_eq(click->line, 6);
    cr_assert(lt_has_edge(g, "requests", "click"));
    cr_assert(lt_has_edge(g, "demo", "pytest"));
    lt_finish_free(g);
}

Test(uv_lock, malformed)
{
    lt_toml_reader_basics(uv_lock_read, "version = 1\npackage = \"nope\"\n");
    lt_expect_fail(uv_lock_read, "version = 1\n[[package]]\nversion = \"1\"\n", DIAG_SYNTAX, 2);
    lt_expect_fail(uv_lock_read, "[[package]]\nname = \"a\"\n[metadata]\n", DIAG_UNSUPPORTED, 1);
    cr_assert(lt_sniff(uv_lock_sniff,
                       "version = 1\n[[package]]\nname = \"a\"\nsource = { virtual = \".\" }\n"));
    cr_assert_not(lt_sniff(uv_lock_sniff, "[tool.poetry]\n"));
}

/* The peer flags as dev only packages of a group named "dev"; depvet also
 * flags uv dependency groups (dev-dependencies) as dev.  None differ in
 * these fixtures, so no lt_diff is needed. */
Test(uv_lock, osv_fixtures)
{
    lt_osv_fixtures(uv_lock_read, "uvlock", NULL, 0, NULL);
}

Test(uv_lock, real_files)
{
    lt_real_files("uv.lock", uv_lock_read, lt_check_some_direct);
}

/* A uv workspace: every [manifest] member is a project (the one at "."
 * and the one in a sub-folder alike), and what any member depends on is
 * direct. */
Test(uv_lock, workspace_members)
{
    static const char text[] =
        "version = 1\nrevision = 3\n"
        "[manifest]\nmembers = [\"app\", \"App_Core\"]\n"
        "[[package]]\nname = \"app\"\nsource = { editable = \".\" }\n"
        "dependencies = [{ name = \"app-core\" }, { name = \"click\" }]\n"
        "[[package]]\nname = \"app-core\"\nsource = { editable = \"core\" }\n"
        "dependencies = [{ name = \"attrs\" }]\n"
        "[[package]]\nname = \"attrs\"\nversion = \"23.1\"\nsource = { registry = \"https://pypi.org/simple\" }\n"
        "[[package]]\nname = \"click\"\nversion = \"8.1\"\nsource = { registry = \"https://pypi.org/simple\" }\n"
        "dependencies = [{ name = \"colorama\" }]\n"
        "[[package]]\nname = \"colorama\"\nversion = \"0.4\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(uv_lock_read, g, "uv.lock", text, &d), "%s", d.msg);
    cr_assert(lt_node(g, "app-core")->flags & DEP_PROJECT);
    cr_assert_not(lt_node(g, "app-core")->flags & DEP_DIRECT);
    cr_assert(lt_node(g, "attrs")->flags & DEP_DIRECT, "a member's dependency is direct");
    cr_assert(lt_node(g, "click")->flags & DEP_DIRECT);
    cr_assert_not(lt_node(g, "colorama")->flags & DEP_DIRECT);
    graph_finish(g);
    unsigned *roots;
    size_t n = graph_roots(g, 0, &roots);
    bool app = false;
    for (size_t i = 0; i < n; i++) {
        app |= strcmp(g->nodes.items[roots[i]].name, "app") == 0;
        cr_assert_str_neq(g->nodes.items[roots[i]].name, "app-core", "app-core sits under app");
    }
    cr_assert(app);
    free(roots);
    graph_free(g);
}
