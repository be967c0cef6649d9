/* pnpm-lock.yaml reader: 9 (snapshots, two documents, catalogs, links,
 * aliases, tarballs), 6 (peer keys) and 5.4 (slash keys), malformed input,
 * real lockfiles. */
#include "depvet/core/strbuf.h"
#include "depvet/lock/pnpm_lock.h"
#include "depvet/lock/yamlock.h"
#include "lock_test.h"

static bool pnpm_edge(struct dep_graph *g, const char *from, const char *to)
{
    return lt_edge_ids(g, lt_at_path(g, from)->id, lt_at_path(g, to)->id);
}

Test(pnpm_lock, v9_last_document)
{
    struct dep_graph *g = lt_fixture_graph(pnpm_lock_read, "pnpm/v9.yaml");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 5, "the project's document, not pnpm's own");
    cr_expect_eq(g->n_unresolved, 0);
    cr_expect(pnpm_edge(g, "vite@8.0.0", "@types/node@22.0.0"), "from the peer variant's snapshot");
    cr_expect(pnpm_edge(g, "vite@8.0.0", "fsevents@2.3.3"));
    cr_expect(pnpm_edge(g, "lib@https://codeload.github.com/owner/lib/tar.gz/abc123", "string-width@4.2.3"));
    struct dep_node *vite = lt_at_path(g, "vite@8.0.0"), *sw = lt_at_path(g, "string-width@4.2.3");
    struct dep_node *lib = lt_at_path(g, "lib@https://codeload.github.com/owner/lib/tar.gz/abc123");
    cr_expect_eq(vite->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_expect_eq(lt_at_path(g, "@types/node@22.0.0")->flags & (DEP_DIRECT | DEP_DEV), DEP_DEV);
    cr_expect_eq(sw->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT, "an alias from a member importer");
    cr_expect(lt_at_path(g, "fsevents@2.3.3")->flags & DEP_OPTIONAL);
    cr_expect_str_eq(lib->name, "lib");
    cr_expect_str_eq(lib->version, "1.0.0");
    cr_expect_eq(lib->source, SOURCE_URL);
    cr_assert_eq(sw->n_checksums, 1);
    cr_expect_str_eq(sw->checksums[0].algo, "sha512");
    cr_expect_str_eq(sw->checksums[0].value, "CCCC");
    cr_expect_str_eq(g->lockfiles.items[0].format, "pnpm-lock.yaml");
    graph_free(g);
}

Test(pnpm_lock, v6_peer_keys)
{
    struct dep_graph *g = lt_fixture_graph(pnpm_lock_read, "pnpm/v6.yaml");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 4);
    cr_expect_eq(g->n_unresolved, 0);
    struct dep_node *a = lt_at_path(g, "/a@1.0.0(b@2.0.0)"), *repo = lt_at_path(g, "github.com/owner/repo/abc123");
    cr_expect_str_eq(a->name, "a");
    cr_expect_str_eq(a->version, "1.0.0");
    cr_expect_eq(a->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_expect(pnpm_edge(g, "/a@1.0.0(b@2.0.0)", "/b@2.0.0"));
    cr_expect(pnpm_edge(g, "/a@1.0.0(b@2.0.0)", "/c-real@3.0.0"), "an alias by key");
    cr_expect_eq(lt_at_path(g, "/c-real@3.0.0")->flags & DEP_DEV, 0, "pnpm's own dev: false");
    cr_expect_str_eq(repo->name, "repo");
    cr_expect_str_eq(repo->version, "0.1.0");
    graph_free(g);
}

Test(pnpm_lock, v5_slash_keys)
{
    struct dep_graph *g = lt_fixture_graph(pnpm_lock_read, "pnpm/v5.yaml");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 3);
    cr_expect_eq(g->n_unresolved, 0);
    struct dep_node *a = lt_at_path(g, "/a/1.0.0_@types+node@18.0.0");
    struct dep_node *types = lt_at_path(g, "/@types/node/18.0.0");
    cr_expect_str_eq(a->name, "a");
    cr_expect_str_eq(a->version, "1.0.0");
    cr_expect_str_eq(types->name, "@types/node");
    cr_expect_str_eq(types->version, "18.0.0");
    cr_expect(a->flags & DEP_DIRECT, "a one-project lock's top level is the importer");
    cr_expect(pnpm_edge(g, "/a/1.0.0_@types+node@18.0.0", "/@types/node/18.0.0"));
    cr_expect(pnpm_edge(g, "/a/1.0.0_@types+node@18.0.0", "/d-real/4.0.0"));
    cr_expect(lt_at_path(g, "/d-real/4.0.0")->flags & DEP_OPTIONAL);
    graph_free(g);
}

Test(pnpm_lock, malformed)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(pnpm_lock_read, g, "pnpm-lock.yaml", "", &d), "%s", d.msg);
    cr_assert_eq(g->nodes.len, 0);
    graph_free(g);
    static const struct lt_refusal refusal_table[] = {
        {"lockfileVersion: '9.0'\npackages: [\n", DIAG_SYNTAX, 3},
        {"lockfileVersion: '3.0'\n", DIAG_UNSUPPORTED, 1},
        {"a: 1\n", DIAG_UNSUPPORTED, 1},
        {"lockfileVersion: '9.0'\npackages: 1\n", DIAG_SYNTAX, 2},
        {"lockfileVersion: '9.0'\nx: &a [1]\ny: *a\n", DIAG_UNSUPPORTED, 3},
        {"- a\n- b\n", DIAG_UNSUPPORTED, 1},
    };
    lt_expect_refusals(pnpm_lock_read, refusal_table, sizeof refusal_table / sizeof *refusal_table);
    struct strbuf deep;
    g = graph_new();
    strbuf_init(&deep);
    for (int i = 0; i < 300; i++)
        strbuf_putc(&deep, '[');
    cr_assert_not(lt_read_text(pnpm_lock_read, g, "pnpm-lock.yaml", strbuf_str(&deep), &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
    strbuf_fini(&deep);
    cr_assert_not(pnpm_lock_read(g, "pnpm-lock.yaml", "a: 1\n\0", 6, &d));
    graph_free(g);
    cr_assert(lt_sniff(pnpm_lock_sniff, "---\nlockfileVersion: '9.0'\n"));
    cr_assert_not(lt_sniff(pnpm_lock_sniff, "{\"lockfileVersion\": 3}"));
}

Test(pnpm_lock, real_files)
{
    lt_real_files_in("real-index-new-formats.json", "pnpm-lock.yaml", pnpm_lock_read,
                     lt_check_some_direct);
}
