/* poetry.lock reader: fixture details with pyproject.toml, malformed input,
 * osv-scalibr fixtures and real lockfiles. */
#include "depvet/lock/poetry_lock.h"
#include "lock_test.h"

Test(poetry_lock, fixture_with_pyproject)
{
    struct dep_graph *g = lt_fixture_graph(poetry_lock_read, "poetry_lock/poetry.lock");
    cr_assert_eq(g->nodes.len, 4);
    struct dep_node *flask = lt_node(g, "Flask"), *its = lt_node(g, "itsdangerous");
    struct dep_node *pytest = lt_node(g, "pytest"), *wz = lt_node(g, "werkzeug");
    cr_assert_eq(flask->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT);
    cr_assert_eq(pytest->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_assert_eq(wz->flags & DEP_DIRECT, 0);
    cr_assert(its->flags & DEP_OPTIONAL);
    cr_assert_str_eq(its->repo, "internal");
    cr_assert_str_eq(its->source_url, "https://pypi.internal/simple");
    cr_assert_eq(wz->source, SOURCE_GIT);
    cr_assert_str_eq(wz->git_ref, "cafe0123");
    cr_assert_eq(flask->n_checksums, 1);
    cr_assert_str_eq(flask->checksums[0].what, "flask-3.0.0-py3-none-any.whl");
    cr_assert_str_eq(flask->checksums[0].value, "1111");
    cr_assert_eq(flask->n_groups, 1);
    cr_assert_eq(flask->line, 2);
    cr_assert(lt_has_edge(g, "Flask", "Werkzeug"));
    cr_assert(lt_has_edge(g, "Flask", "itsdangerous"));
    lt_finish_free(g);
}

Test(poetry_lock, metadata_files_and_malformed)
{
    lt_toml_reader_basics(poetry_lock_read, "[package]\nname = 1\n");
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(poetry_lock_read, g, "p.lock",
        "[[package]]\nname = \"Six\"\nversion = \"1.0\"\ncategory = \"dev\"\n"
        "[metadata]\nlock-version = \"1.1\"\n[metadata.files]\n"
        "six = [{file = \"six-1.0.tar.gz\", hash = \"md5:ab\"}]\n", &d), "%s", d.msg);
    struct dep_node *six = lt_node(g, "Six");
    cr_assert(six->flags & DEP_DEV);
    cr_assert_eq(six->n_checksums, 1);
    cr_assert_str_eq(six->checksums[0].algo, "md5");
    cr_assert(lt_sniff(poetry_lock_sniff, "[metadata]\ncontent-hash = \"x\"\n"));
    cr_assert_not(lt_sniff(poetry_lock_sniff, "version = 1\n"));
    graph_free(g);
}

Test(poetry_lock, osv_fixtures)
{
    lt_osv_fixtures(poetry_lock_read, "poetrylock", NULL, 0, NULL);
}

Test(poetry_lock, real_files)
{
    lt_real_files("poetry.lock", poetry_lock_read, lt_check_some_direct);
}
