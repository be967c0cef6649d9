/* yarn.lock v1 reader: descriptors, aliases, sources, checksums, edges by
 * descriptor, the companion package.json, malformed input, real files. */
#include "depvet/lock/yarn_lock.h"
#include "lock_test.h"

static struct dep_node *node_at(struct dep_graph *g, const char *name, const char *version)
{
    for (size_t i = 0; i < g->nodes.len; i++)
        if (strcmp(g->nodes.items[i].name, name) == 0 &&
            strcmp(g->nodes.items[i].version, version) == 0)
            return &g->nodes.items[i];
    cr_assert_fail("no %s %s", name, version);
    return NULL;
}

static bool edge_to(struct dep_graph *g, const struct dep_node *from, const struct dep_node *to)
{
    return lt_edge_ids(g, from->id, to->id);
}

Test(yarn_lock, fixture)
{
    struct dep_graph *g = lt_fixture_graph(yarn_lock_read, "yarn/yarn.lock");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 8);
    cr_expect_eq(g->n_unresolved, 0, "the missing optional fsevents is no edge");
    struct dep_node *a = node_at(g, "@scope/a", "1.2.0"), *b2 = node_at(g, "b", "2.1.0");
    struct dep_node *b1 = node_at(g, "b", "1.9.0"), *w = node_at(g, "w", "1.0.3");
    struct dep_node *tool = node_at(g, "tooling", "1.28.1"), *lng = node_at(g, "long", "4.0.1");
    cr_expect(edge_to(g, a, b2), "b@^2.0.0 is the 2.x entry");
    cr_expect(edge_to(g, tool, b1), "b@^1.0.0 is the 1.x entry");
    cr_expect(edge_to(g, a, w), "the alias w-cjs is the real package w");
    cr_expect_eq(a->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT, "in dependencies and devDependencies");
    cr_expect_eq(tool->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_expect_eq(b1->flags & (DEP_DIRECT | DEP_DEV), DEP_DEV, "only the dev tool needs it");
    cr_expect_eq(b2->flags & (DEP_DIRECT | DEP_DEV), 0);
    cr_expect_eq(a->source, SOURCE_REGISTRY);
    cr_expect_str_eq(a->source_url, "https://registry.yarnpkg.com/@scope/a/-/a-1.2.0.tgz");
    cr_assert_eq(a->n_checksums, 1, "integrity wins over the #sha1 fragment");
    cr_expect_str_eq(a->checksums[0].algo, "sha512");
    cr_assert_eq(b2->n_checksums, 1);
    cr_expect_str_eq(b2->checksums[0].algo, "sha1");
    cr_expect_str_eq(b2->checksums[0].value, "89abcdef0123456789abcdef0123456789abcdef");
    cr_expect_str_eq(b1->checksums[0].algo, "sha1");
    cr_expect_str_eq(b1->checksums[0].value, "BBBB");
    cr_expect_eq(lng->source, SOURCE_GIT);
    cr_expect_str_eq(lng->source_url, "git://github.com/dcodeIO/long.js.git");
    cr_expect_str_eq(lng->git_ref, "8181a6b50a2a230f0b2a1e4c4093f9b9d19c8b69");
    cr_expect_eq(tool->source, SOURCE_GIT);
    cr_expect_str_eq(tool->source_url, "webpack/tooling");
    cr_expect_str_eq(tool->git_ref, "4c13a00ac84cf0e2dd57c457cd1ce46faa9e456a");
    struct dep_node *local = node_at(g, "local", "0.0.1"), *tar = node_at(g, "tarball", "1.0.0");
    cr_expect_eq(local->source, SOURCE_PATH);
    cr_expect_str_eq(local->source_url, "../local");
    cr_expect_eq(tar->source, SOURCE_URL);
    cr_expect_str_eq(tar->source_url, "https://example.com/t-1.0.0.tgz");
    cr_expect_eq(a->line, 5);
    cr_expect_str_eq(g->lockfiles.items[0].format, "yarn.lock");
    graph_free(g);
}

Test(yarn_lock, berry)
{
    struct dep_graph *g = lt_fixture_graph(yarn_lock_read, "yarn-berry/yarn.lock");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 8, "one node per entry, workspaces included");
    cr_expect_eq(g->n_unresolved, 0);
    struct dep_node *demo = node_at(g, "demo", "0.0.0-use.local"), *babel = lt_node(g, "@babel/core");
    struct dep_node *lib = node_at(g, "lib", "0.0.0-use.local"), *local = lt_node(g, "local");
    struct dep_node *tool = lt_node(g, "tool"), *fse = lt_node(g, "fsevents");
    cr_expect_eq(demo->flags & (DEP_PROJECT | DEP_LINK), DEP_PROJECT | DEP_LINK);
    cr_expect_str_eq(demo->source_url, ".");
    cr_expect(lt_edge_ids(g, demo->id, lib->id), "workspace:^ is the lib workspace");
    cr_expect(lt_edge_ids(g, demo->id, babel->id), "an alias under its real name");
    cr_expect(lt_edge_ids(g, lib->id, local->id));
    cr_expect_eq(local->flags & DEP_LINK, DEP_LINK);
    cr_expect_eq(local->source, SOURCE_PATH);
    cr_expect_eq(babel->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT);
    cr_expect_str_eq(babel->version, "8.0.0-beta.2");
    cr_assert_eq(babel->n_checksums, 1);
    cr_expect_str_eq(babel->checksums[0].algo, "yarn-zip-sha512", "not the tarball's digest");
    cr_expect_str_eq(babel->checksums[0].value, "aaaa");
    cr_expect_str_eq(babel->checksums[0].what, "yarn cache, cacheKey 10");
    struct dep_node *resolve = node_at(g, "resolve", "1.22.8");
    cr_expect_eq(resolve->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV, "dev in package.json");
    cr_expect_str_eq(resolve->checksums[0].value, "cccc");
    cr_expect_str_eq(resolve->checksums[0].what, "yarn cache, cacheKey 10", "the metadata's cacheKey");
    unsigned patched = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        for (unsigned k = 0; k < g->nodes.items[i].n_groups; k++)
            patched += strcmp(g->nodes.items[i].groups[k], "patch") == 0;
    cr_expect_eq(patched, 1);
    cr_expect_eq(tool->source, SOURCE_GIT);
    cr_expect_str_eq(tool->source_url, "https://github.com/owner/tool.git");
    cr_expect_str_eq(tool->git_ref, "abc123");
    cr_expect(fse->flags & DEP_OPTIONAL || lt_edge_ids(g, demo->id, fse->id));
    for (size_t i = 0; i < g->edges.len; i++)
        if (g->edges.items[i].to == fse->id)
            cr_expect(g->edges.items[i].flags & DEP_OPTIONAL, "dependenciesMeta optional");
    cr_expect_eq(babel->line, 8);
    graph_free(g);
}

Test(yarn_lock, malformed)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(yarn_lock_read, g, "yarn.lock", "# yarn lockfile v1\n\n", &d));
    cr_assert_eq(g->nodes.len, 0);
    graph_free(g);
    static const struct lt_refusal refusal_table[] = {
        {"# x\n\n__metadata:\n  version: 11\n", DIAG_UNSUPPORTED, 4},
        {"__metadata:\n  version: 8\n\"a@npm:1\": [\n", DIAG_SYNTAX, 4},
        {"__metadata:\n  version: 8\n\"a@npm:1\": 1\n", DIAG_SYNTAX, 3},
        {"__metadata:\n  version: 8\n\"a@npm:1\":\n  version: 1.0.0\n", DIAG_SYNTAX, 3},
        {"a@^1:\n  version \"1\n", DIAG_SYNTAX, 2},
        {"a@^1\n  version \"1\"\n", DIAG_SYNTAX, 1},
        {"  version \"1\"\n", DIAG_SYNTAX, 1},
        {"a@^1:\n   version \"1\"\n", DIAG_SYNTAX, 2},
        {"a@^1:\n  resolved \"x\"\n", DIAG_SYNTAX, 1},
        {"noat:\n  version \"1\"\n", DIAG_SYNTAX, 1},
    };
    lt_expect_refusals(yarn_lock_read, refusal_table, sizeof refusal_table / sizeof *refusal_table);
    g = graph_new();
    cr_assert_not(yarn_lock_read(g, "yarn.lock", "a@1:\n\0", 6, &d));
    cr_assert_eq(d.line, 2);
    graph_free(g);
    cr_assert(lt_sniff(yarn_lock_sniff, "# THIS IS AN AUTOGENERATED FILE.\n# yarn lockfile v1\n"));
    cr_assert(lt_sniff(yarn_lock_sniff, "# generated\n\n__metadata:\n  version: 8\n"));
    cr_assert_not(lt_sniff(yarn_lock_sniff, "a==1\n"));
}

Test(yarn_lock, real_files)
{
    lt_real_files_in("real-index-new-formats.json", "yarn.lock v1", yarn_lock_read,
                     lt_check_some_direct);
}

Test(yarn_lock, real_berry_files)
{
    lt_real_files_in("real-index-new-formats.json", "yarn berry", yarn_lock_read,
                     lt_check_some_direct);
}
