/* pdm.lock reader: extras tables, groups, sources, hashes in both lock
 * versions, edges through the extras, pyproject.toml, malformed input,
 * real lockfiles. */
#include "depvet/lock/pdm_lock.h"
#include "depvet/lock/toml_lock.h"
#include "lock_test.h"

/* The node of name whose groups include group (NULL: the first of name). */
static struct dep_node *pdm_node(struct dep_graph *g, const char *name, const char *group)
{
    for (size_t i = 0; i < g->nodes.len; i++) {
        struct dep_node *n = &g->nodes.items[i];
        bool has = !group;
        for (unsigned k = 0; group && k < n->n_groups; k++)
            has |= strcmp(n->groups[k], group) == 0;
        if (strcmp(n->name, name) == 0 && has)
            return n;
    }
    cr_assert_fail("no %s %s", name, group ? group : "");
    return NULL;
}

Test(pdm_lock, fixture)
{
    struct dep_graph *g = lt_fixture_graph(pdm_lock_read, "pdm/pdm.lock");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 5, "one node per [[package]] table");
    cr_expect_eq(g->n_unresolved, 0);
    struct dep_node *plain = pdm_node(g, "httpx", NULL), *socks = pdm_node(g, "httpx", "[socks]");
    struct dep_node *pytest = pdm_node(g, "pytest", NULL), *idna = pdm_node(g, "idna", NULL);
    cr_assert_neq(plain, socks);
    cr_expect(lt_edge_ids(g, socks->id, plain->id), "the extras table depends on the plain one");
    cr_expect(lt_edge_ids(g, pytest->id, socks->id), "httpx[socks] is the extras table");
    cr_expect_not(lt_edge_ids(g, pytest->id, plain->id));
    cr_expect(lt_edge_ids(g, socks->id, pdm_node(g, "socksio", NULL)->id));
    cr_expect_eq(plain->flags & (DEP_DIRECT | DEP_DEV | DEP_OPTIONAL), DEP_DIRECT);
    cr_expect(socks->flags & DEP_DIRECT);
    cr_expect_eq(socks->flags & (DEP_DEV | DEP_OPTIONAL), DEP_OPTIONAL, "only in the socks extra");
    cr_expect_eq(pdm_node(g, "socksio", NULL)->flags & (DEP_DIRECT | DEP_DEV | DEP_OPTIONAL),
                 DEP_OPTIONAL);
    cr_expect_eq(pytest->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_expect_eq(pytest->source, SOURCE_GIT);
    cr_expect_str_eq(pytest->source_url, "https://github.com/pytest-dev/pytest.git");
    cr_expect_str_eq(pytest->git_ref, "0123abcd");
    cr_expect_str_eq(idna->requirement, "python_version >= \"3.10\"");
    cr_assert_eq(plain->n_checksums, 2);
    cr_expect_str_eq(plain->checksums[1].algo, "sha256");
    cr_expect_str_eq(plain->checksums[1].value, "bbbb");
    cr_expect_str_eq(plain->checksums[1].what, "httpx-0.28.1.tar.gz");
    cr_expect_eq(plain->line, 14);
    cr_expect_str_eq(g->lockfiles.items[0].format, "pdm.lock");
    graph_free(g);
}

Test(pdm_lock, lock_3_metadata_files)
{
    static const char text[] =
        "[[package]]\nname = \"Arpeggio\"\nversion = \"1.10.2\"\n"
        "dependencies = [\"six<1.0; python_version < '3.0'\", \"six<2.0,>=1.6.1\"]\n"
        "[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n"
        "[metadata]\nlock_version = \"3.1\"\ncontent_hash = \"sha256:00\"\n"
        "[metadata.files]\n"
        "\"arpeggio 1.10.2\" = [\n"
        "    {file = \"Arpeggio-1.10.2.tar.gz\", hash = \"sha256:cccc\"},\n"
        "    {url = \"https://files.example/Arpeggio-1.10.2-py3-none-any.whl\", hash = \"sha256:dddd\"},\n"
        "]\n";
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(pdm_lock_read, g, "pdm.lock", text, &d), "%s", d.msg);
    struct dep_node *a = lt_node(g, "Arpeggio");
    cr_assert_eq(a->n_checksums, 2);
    cr_expect_str_eq(a->checksums[0].what, "Arpeggio-1.10.2.tar.gz");
    cr_expect_str_eq(a->checksums[1].what, "Arpeggio-1.10.2-py3-none-any.whl");
    cr_expect_eq(lt_node(g, "six")->n_checksums, 0);
    cr_assert_eq(g->edges.len, 1, "the python 2 requirement is not part of this lock");
    cr_expect_str_eq(g->edges.items[0].req, "six<2.0,>=1.6.1");
    lt_finish_free(g);
}

Test(pdm_lock, malformed)
{
    lt_toml_reader_basics(pdm_lock_read, "package = 1\n[metadata]\nlock_version = \"4.5\"\n");
    lt_expect_fail(pdm_lock_read, "[metadata]\nlock_version = \"5.0\"\n[[package]]\nname = \"a\"\n",
                   DIAG_UNSUPPORTED, 2);
    lt_expect_fail(pdm_lock_read, "[[package]]\nname = \"a\"\n", DIAG_UNSUPPORTED, 1);
    lt_expect_fail(pdm_lock_read, "[metadata]\nlock_version = \"4.5\"\n[[package]]\nversion = \"1\"\n",
                   DIAG_SYNTAX, 3);
    cr_assert(lt_sniff(pdm_lock_sniff, "[metadata]\nlock_version = \"4.5.0\"\n"));
    cr_assert_not(lt_sniff(pdm_lock_sniff, "[metadata]\nlock-version = \"2.0\"\n"));
}

/* The index counts [[package]] tables; so does depvet (an extras table is
 * a node of its own), and every file's hashes are kept. */
static void check_pdm(struct dep_graph *g, const struct lt_real_file *f)
{
    unsigned hashed = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        hashed += g->nodes.items[i].n_checksums > 0 || g->nodes.items[i].source == SOURCE_GIT;
    cr_expect_eq(hashed, g->nodes.len, "%s: packages without hashes", f->path);
    lt_check_some_direct(g, f);
}

Test(pdm_lock, real_files)
{
    lt_real_files_in("real-index-new-formats.json", "pdm.lock", pdm_lock_read, check_pdm);
}
