/* bun.lock reader: JSONC, nested keys resolved as Bun installs them,
 * workspaces, sources and integrity, malformed input, real lockfiles. */
#include "depvet/lock/bun_lock.h"
#include "depvet/lock/jsonlock.h"
#include "lock_test.h"

/* The node at a `packages` key. */
static bool edge_between(struct dep_graph *g, const char *from, const char *to)
{
    return lt_edge_ids(g, lt_at_path(g, from)->id, lt_at_path(g, to)->id);
}

Test(bun_lock, fixture)
{
    struct dep_graph *g = lt_fixture_graph(bun_lock_read, "bun/bun.lock");
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 8);
    cr_assert_eq(g->n_unresolved, 0, "optional fsevents, optional peer typescript: no edge");
    cr_expect(edge_between(g, "boxen", "boxen/chalk"), "the nested chalk first");
    cr_expect(edge_between(g, "boxen", "ansi-styles"), "then the top one");
    cr_expect(edge_between(g, "boxen/chalk", "boxen/chalk/ansi-styles"));
    cr_expect(edge_between(g, "@demo/util", "left-pad"));
    cr_expect_not(edge_between(g, "boxen/chalk", "ansi-styles"));
    struct dep_node *chalk = lt_at_path(g, "chalk"), *old = lt_at_path(g, "boxen/chalk");
    cr_expect_eq(chalk->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT);
    cr_expect_eq(old->flags & (DEP_DIRECT | DEP_DEV), DEP_DEV, "only the dev tool reaches it");
    cr_expect_eq(lt_at_path(g, "boxen")->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT | DEP_DEV);
    cr_expect_eq(lt_at_path(g, "left-pad")->flags & (DEP_DIRECT | DEP_DEV), DEP_DIRECT,
                 "a member's dependency is direct");
    struct dep_node *util = lt_at_path(g, "@demo/util"), *pad = lt_at_path(g, "left-pad");
    cr_expect_eq(util->flags & (DEP_PROJECT | DEP_LINK), DEP_PROJECT | DEP_LINK);
    cr_expect_str_eq(util->source_url, "packages/util");
    cr_expect_eq(pad->source, SOURCE_GIT);
    cr_expect_str_eq(pad->source_url, "github:stevemao/left-pad");
    cr_expect_str_eq(pad->git_ref, "a1b2c3d");
    cr_expect_str_eq(pad->version, "");
    cr_expect_eq(pad->n_checksums, 0, "a git entry's tag is not a checksum");
    struct dep_node *priv = lt_at_path(g, "priv");
    cr_expect_str_eq(priv->name, "priv", "the name ends at the first '@'");
    cr_expect_str_eq(priv->source_url, "git+ssh://git@git.example.com/priv.git");
    cr_expect_str_eq(priv->git_ref, "c0ffee");
    cr_expect_str_eq(old->version, "4.1.2");
    cr_assert_eq(old->n_checksums, 1);
    cr_expect_str_eq(old->checksums[0].algo, "sha512");
    cr_expect_str_eq(old->checksums[0].value, "BBBB");
    cr_expect_str_eq(lt_at_path(g, "ansi-styles")->source_url, "https://npm.example.com/");
    cr_expect_eq(old->line, 26);
    cr_expect_str_eq(g->lockfiles.items[0].format, "bun.lock");
    graph_free(g);
}

Test(bun_lock, jsonc_strip_keeps_strings_and_lines)
{
    static const char in[] = "{\"a\": \"x, }//y\", // c\n\"b\": [1, 2, /* z\n*/],\n}";
    char *out = jsonlock_strip_jsonc(in, sizeof in - 1);
    cr_assert_str_eq(out, "{\"a\": \"x, }//y\",     \n\"b\": [1, 2      \n  ] \n}");
    free(out);
}

Test(bun_lock, malformed)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(bun_lock_read, g, "bun.lock", "  \n", &d), "blank is empty");
    cr_assert_eq(g->nodes.len, 0);
    graph_free(g);
    static const struct lt_refusal refusal_table[] = {
        {"{\n\"lockfileVersion\": 1,\n\"packages\": {\n\"a\": [\n", DIAG_SYNTAX, 4},
        {"{\"lockfileVersion\": 2, \"packages\": {}}", DIAG_UNSUPPORTED, 1},
        {"{\"packages\": {}}", DIAG_UNSUPPORTED, 1},
        {"{\"lockfileVersion\": 1,\n\"packages\": {\"a\": {\"x\": 1}}}", DIAG_SYNTAX, 2},
        {"{\"lockfileVersion\": 1,\n\"packages\": {\"a\": [\"noversion\"]}}", DIAG_SYNTAX, 2},
    };
    lt_expect_refusals(bun_lock_read, refusal_table, sizeof refusal_table / sizeof *refusal_table);
    g = graph_new();
    cr_assert_not(bun_lock_read(g, "bun.lock", "{\0}", 3, &d));
    graph_free(g);
    cr_assert(lt_sniff(bun_lock_sniff, "{\n  \"lockfileVersion\": 1,\n  \"workspaces\": {\n"));
    cr_assert_not(lt_sniff(bun_lock_sniff, "{\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n"
                                           "  \"packages\": {\"\": {\"workspaces\": {\n"));
}

Test(bun_lock, real_files)
{
    lt_real_files_in("real-index-new-formats.json", "bun.lock", bun_lock_read, lt_check_some_direct);
}
