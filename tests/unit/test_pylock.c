/* pylock.toml reader: fixture details, lock-version check, malformed input,
 * osv-scalibr fixtures and real lockfiles. */
#include "depvet/lock/pylock.h"
#include "lock_test.h"

Test(pylock, fixture)
{
    struct dep_graph *g = lt_fixture_graph(pylock_read, "pylock/pylock.toml");
    cr_assert_eq(g->nodes.len, 3);
    struct dep_node *attrs = lt_node(g, "attrs"), *six = lt_node(g, "six"), *me = lt_node(g, "me");
    cr_assert_str_eq(attrs->source_url, "https://pypi.org/simple");
    cr_assert_eq(attrs->n_checksums, 3);
    cr_assert_str_eq(attrs->checksums[0].what, "attrs-25.1.0.tar.gz");
    cr_assert_str_eq(attrs->checksums[2].algo, "blake2b");
    cr_assert_str_eq(attrs->checksums[2].what, "attrs-25.1.0-py3-none-any.whl");
    cr_assert_eq(six->source, SOURCE_GIT);
    cr_assert_str_eq(six->git_ref, "f00d");
    cr_assert(me->flags & DEP_PROJECT);
    cr_assert_str_eq(me->version, "");
    cr_assert(lt_has_edge(g, "attrs", "six"));
    cr_assert_not(g->lockfiles.items[0].flat);
    graph_free(g);
    g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(pylock_read, g, "pylock.toml",
                           "lock-version = \"1.0\"\n[[packages]]\nname = \"a\"\n", &d));
    cr_assert(g->lockfiles.items[0].flat);
    graph_free(g);
}

Test(pylock, version_and_malformed)
{
    lt_toml_reader_basics(pylock_read, "lock-version = \"1.0\"\npackages = 3\n");
    lt_expect_fail(pylock_read, "lock-version = \"2.0\"\n[[packages]]\nname = \"a\"\n",
                   DIAG_UNSUPPORTED, 1);
    lt_expect_fail(pylock_read, "[[packages]]\nname = \"a\"\n", DIAG_UNSUPPORTED, 1);
    cr_assert(lt_sniff(pylock_sniff, "lock-version = \"1.0\"\n[[packages]]\n"));
    cr_assert_not(lt_sniff(pylock_sniff, "[[package]]\n"));
}

Test(pylock, osv_fixtures)
{
    lt_osv_fixtures(pylock_read, "pylock", NULL, 0, NULL);
}

Test(pylock, real_files)
{
    lt_real_files("pylock.toml", pylock_read, NULL);
}
