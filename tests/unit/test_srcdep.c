/* Git, path and URL dependencies: the lockfile's facts and whether they
 * pin the contents. */
#include <criterion/criterion.h>

#include "depvet/engine/srcdep.h"

struct fixture {
    struct dep_graph *g;
    unsigned lf;
};

static struct dep_node *node(struct fixture *x, enum source_kind k, const char *url,
                                   const char *ref)
{
    unsigned id = graph_add_node(x->g, x->lf, ECO_HEX, "dep", "");
    struct dep_node *n = graph_node(x->g, id);
    n->source = k;
    n->source_url = graph_strdup(x->g, url);
    n->git_ref = ref ? graph_strdup(x->g, ref) : NULL;
    return n;
}

Test(srcdep, git_pinned_by_full_commit_only)
{
    struct fixture x = {graph_new(), 0};
    x.lf = graph_add_lockfile(x.g, "p/mix.lock", "mix.lock", ECO_HEX);
    struct srcdep_facts f;
    struct dep_node *full = node(&x, SOURCE_GIT, "https://github.com/me/f.git",
                                                    "a9574ab75d6ed01e1288c453ae1d943d7a964595");
    full->git_requested = graph_strdup(x.g, "branch main");
    cr_assert(srcdep_describe(full, &f));
    cr_expect_str_eq(f.kind, "git");
    cr_expect_str_eq(f.where, "https://github.com/me/f.git");
    cr_expect_str_eq(f.commit, "a9574ab75d6ed01e1288c453ae1d943d7a964595");
    cr_expect_str_eq(f.requested, "branch main");
    cr_expect(f.pinned);
    cr_assert(srcdep_describe(node(&x, SOURCE_GIT, "git+https://x/y", "a9574ab"), &f));
    cr_expect_not(f.pinned, "a short id is no pin");
    cr_expect_str_eq(f.why, "no: a branch, tag or short id, which can come to name other code");
    cr_assert(srcdep_describe(node(&x, SOURCE_GIT, "git+https://x/y", "v1.2.0"), &f));
    cr_expect_not(f.pinned, "a tag can be moved");
    cr_assert(srcdep_describe(node(&x, SOURCE_GIT, "git+https://x/y", NULL), &f));
    cr_expect_not(f.pinned);
    cr_expect_null(f.commit);
    cr_assert(srcdep_describe(node(&x, SOURCE_GIT, "https://x/y",
                                   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                              &f));
    cr_expect(f.pinned, "a SHA-256 repository's commit id");
    cr_assert(srcdep_describe(node(&x, SOURCE_GIT, "https://x/y",
                                   "g9574ab75d6ed01e1288c453ae1d943d7a964595"), &f));
    cr_expect_not(f.pinned, "forty characters, not all hex");
    graph_free(x.g);
}

Test(srcdep, path_url_and_registry)
{
    struct fixture x = {graph_new(), 0};
    x.lf = graph_add_lockfile(x.g, "p/mix.lock", "mix.lock", ECO_HEX);
    struct srcdep_facts f;
    cr_assert(srcdep_describe(node(&x, SOURCE_PATH, "../shared", NULL), &f));
    cr_expect_str_eq(f.kind, "path");
    cr_expect_str_eq(f.where, "../shared");
    cr_expect_not(f.pinned, "a folder is read as it is");
    const struct dep_node *u = node(&x, SOURCE_URL, "https://example.com/a.tgz", NULL);
    cr_assert(srcdep_describe(u, &f));
    cr_expect_not(f.pinned, "no checksum");
    graph_node_add_checksum(x.g, u->id, "sha256", "ab", NULL);
    cr_assert(srcdep_describe(graph_node(x.g, u->id), &f));
    cr_expect(f.pinned, "the checksum pins the archive");
    unsigned r = graph_add_node(x.g, x.lf, ECO_HEX, "plug", "1.0.0");
    cr_expect_not(srcdep_describe(graph_node(x.g, r), &f));
    cr_expect_null(f.kind);
    graph_free(x.g);
}
