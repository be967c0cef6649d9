/* npm_lock: v1 nesting, v2/v3 install paths, flags, sources, errors, corpus. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/lock/npm_lock.h"
#include "lock_test.h"

static struct dep_graph *fixture(const char *rel)
{
    return lt_fixture(npm_lock_read, rel);
}

static unsigned id_of(struct dep_graph *g, const char *path)
{
    struct dep_node *n = lt_node_v(g, path, NULL);
    cr_assert_not_null(n, "no node %s", path);
    return n->id;
}

Test(npm_lock, v1_requires_resolve_like_node)
{
    struct dep_graph *g = fixture("npm/v1-nested.json");
    cr_assert_eq(g->nodes.len, 7);
    unsigned a = id_of(g, "node_modules/a"), ab = id_of(g, "node_modules/a/node_modules/b");
    unsigned b = id_of(g, "node_modules/b"), c = id_of(g, "node_modules/c");
    /* a finds its own nested b; the nested b walks up to the root's c. */
    cr_expect(lt_edge_ids(g, a, ab));
    cr_expect_not(lt_edge_ids(g, a, b));
    cr_expect(lt_edge_ids(g, a, c));
    cr_expect(lt_edge_ids(g, ab, c));
    cr_expect(lt_edge_ids(g, c, b));
    cr_expect_eq(g->n_unresolved, 0);
    cr_expect_str_eq(graph_node(g, ab)->version, "2.0.0");
    cr_expect_eq(graph_node(g, b)->flags, DEP_DEV);
    cr_expect_eq(graph_node(g, c)->flags, DEP_OPTIONAL | DEP_BUNDLED);
    struct dep_node *na = graph_node(g, a);
    cr_assert_eq(na->n_checksums, 2);
    cr_expect_str_eq(na->checksums[0].algo, "sha512");
    cr_expect_str_eq(na->checksums[0].value, "AAAA");
    cr_expect_str_eq(na->checksums[1].algo, "sha1");
    cr_expect_eq(na->line, 7);
    cr_expect_eq(na->eco, ECO_NPM);
    cr_expect_str_eq(g->lockfiles.items[0].format, "package-lock.json");
    graph_free(g);
}

Test(npm_lock, v1_aliases_files_and_git)
{
    struct dep_graph *g = fixture("npm/v1-nested.json");
    struct dep_node *alias = lt_node_v(g, "node_modules/alias-x", NULL);
    cr_assert_not_null(alias);
    cr_expect_str_eq(alias->name, "@scope/real");
    cr_expect_str_eq(alias->version, "3.1.4");
    struct dep_node *local = lt_node_v(g, "node_modules/local", NULL);
    cr_expect_eq(local->source, SOURCE_PATH);
    cr_expect_str_eq(local->source_url, "../local");
    cr_expect_str_eq(local->version, "");
    struct dep_node *git = lt_node_v(g, "node_modules/gitdep", NULL);
    cr_expect_eq(git->source, SOURCE_GIT);
    cr_expect_str_eq(git->source_url, "github:user/repo");
    cr_expect_str_eq(git->git_ref, "0123456789abcdef");
    graph_free(g);
}

Test(npm_lock, v1_companion_package_json_marks_direct)
{
    struct dep_graph *g = fixture("npm/v1-companion/package-lock.json");
    cr_expect(lt_node_v(g, "node_modules/top", NULL)->flags & DEP_DIRECT);
    cr_expect(lt_node_v(g, "node_modules/tool", NULL)->flags & DEP_DIRECT);
    cr_expect_not(lt_node_v(g, "node_modules/inner", NULL)->flags & DEP_DIRECT);
    unsigned *roots;
    size_t n = graph_roots(g, 0, &roots);
    cr_expect_eq(n, 2);
    free(roots);
    graph_free(g);
}

Test(npm_lock, v2_prefers_packages_and_maps_flags)
{
    struct dep_graph *g = fixture("npm/v2-both.json");
    cr_expect_eq(g->nodes.len, 6, "only `packages` is read");
    cr_expect_null(lt_node_v(g, "only-in-v1-section", NULL));
    unsigned a = id_of(g, "node_modules/a"), p = id_of(g, "node_modules/p");
    unsigned q = id_of(g, "node_modules/q");
    cr_expect_eq(graph_node(g, a)->flags, DEP_DIRECT);
    /* The root's ranges stay on the direct dependencies (diff --allowed). */
    cr_expect_str_eq(graph_node(g, a)->requirement, "^1.0.0");
    cr_expect_null(graph_node(g, p)->requirement, "a transitive range is on its edge");
    cr_expect_eq(graph_node(g, id_of(g, "node_modules/d"))->flags, DEP_DIRECT | DEP_DEV);
    cr_expect_eq(graph_node(g, id_of(g, "node_modules/o"))->flags,
                 DEP_DIRECT | DEP_OPTIONAL);
    /* devOptional: installed without dev deps, so optional, not dev. */
    cr_expect_eq(graph_node(g, p)->flags, DEP_OPTIONAL | DEP_BUNDLED);
    cr_expect_eq(graph_node(g, q)->flags, DEP_PEER);
    cr_expect(lt_edge_ids(g, a, p));
    cr_expect(lt_edge_ids(g, a, q));
    for (size_t i = 0; i < g->edges.len; i++)
        if (g->edges.items[i].to == q)
            cr_expect_eq(g->edges.items[i].flags, DEP_PEER | DEP_OPTIONAL);
    /* Missing optional and peer dependencies are no unresolved edges. */
    cr_expect_eq(g->n_unresolved, 0);
    struct dep_node *tar = lt_node_v(g, "node_modules/tar", NULL);
    cr_expect_eq(tar->source, SOURCE_URL);
    cr_expect_str_eq(tar->version, "1.0.0");
    cr_expect_eq(graph_node(g, a)->source, SOURCE_REGISTRY);
    cr_expect_str_eq(graph_node(g, a)->checksums[0].value, "QUFB");
    cr_expect_eq(graph_node(g, a)->line, 14);
    graph_free(g);
}

Test(npm_lock, v3_workspaces_links_scoped_git)
{
    struct dep_graph *g = fixture("npm/v3-workspace.json");
    cr_expect_eq(g->nodes.len, 8);
    unsigned link = id_of(g, "node_modules/@mono/app"), app = id_of(g, "packages/app");
    unsigned lib = id_of(g, "packages/lib"), linklib = id_of(g, "node_modules/@mono/lib");
    unsigned pad = id_of(g, "node_modules/left-pad");
    unsigned pad_app = id_of(g, "packages/app/node_modules/left-pad");
    unsigned git = id_of(g, "node_modules/from-git");
    struct dep_node *ln = graph_node(g, link);
    cr_expect_str_eq(ln->name, "@mono/app");
    cr_expect(ln->flags & DEP_LINK);
    cr_expect(ln->flags & DEP_DIRECT);
    cr_expect_eq(ln->source, SOURCE_PATH);
    cr_expect_str_eq(ln->source_url, "packages/app");
    cr_expect_str_eq(ln->version, "0.1.0");
    cr_expect(lt_edge_ids(g, link, app));
    cr_expect_eq(graph_node(g, app)->flags & (DEP_PROJECT | DEP_LINK), DEP_PROJECT | DEP_LINK);
    cr_expect_str_eq(graph_node(g, app)->name, "@mono/app");
    /* A member resolves in its own folder first, then the root's. */
    cr_expect(lt_edge_ids(g, app, pad_app));
    cr_expect_not(lt_edge_ids(g, app, pad));
    cr_expect(lt_edge_ids(g, app, linklib));
    cr_expect(lt_edge_ids(g, app, git), "members' devDependencies count");
    cr_expect(lt_edge_ids(g, lib, pad));
    cr_expect(graph_node(g, pad)->flags & DEP_DIRECT);
    cr_expect(graph_node(g, pad_app)->flags & DEP_DIRECT);
    struct dep_node *gn = graph_node(g, git);
    cr_expect_eq(gn->source, SOURCE_GIT);
    cr_expect_str_eq(gn->git_ref, "fedcba9876543210");
    cr_expect_str_eq(gn->source_url, "git+ssh://git@github.com/user/from-git.git");
    cr_expect_str_eq(gn->version, "0.5.0");
    struct dep_node *types = lt_node_v(g, "node_modules/@types/node", NULL);
    cr_expect_str_eq(types->name, "@types/node");
    cr_expect_eq(types->flags, DEP_DEV | DEP_DIRECT);
    cr_expect_eq(g->n_unresolved, 0);
    graph_free(g);
}

Test(npm_lock, malformed_json_has_line_and_column)
{
    struct diag d;
    const char *text = "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"x\": [1,,]\n  }\n}\n";
    cr_assert_not(lt_accepts(npm_lock_read, text, strlen(text), &d));
    cr_expect_eq(d.code, DIAG_SYNTAX);
    cr_expect_eq(d.line, 4);
    cr_expect_gt(d.col, 1);
}

/* npm 5/6 wrote v1 `bundled` as the string "true" in some lockfiles. */
Test(npm_lock, v1_bundled_as_string)
{
    static const char text[] =
        "{\"lockfileVersion\": 1, \"dependencies\": {\n"
        "\"a\": {\"version\": \"1.0.0\", \"dependencies\": {\n"
        "  \"b\": {\"version\": \"2.0.0\", \"bundled\": \"true\"},\n"
        "  \"c\": {\"version\": \"3.0.0\", \"bundled\": \"false\"}}}}}";
    struct diag d;
    diag_clear(&d);
    struct dep_graph *g = graph_new();
    cr_assert(npm_lock_read(g, "/nonexistent/package-lock.json", text, strlen(text), &d),
              "%s", d.msg);
    cr_expect(lt_node_v(g, "node_modules/a/node_modules/b", NULL)->flags & DEP_BUNDLED);
    cr_expect_not(lt_node_v(g, "node_modules/a/node_modules/c", NULL)->flags & DEP_BUNDLED);
    graph_free(g);
}

Test(npm_lock, wrong_types_name_a_json_pointer)
{
    static const struct { const char *text, *pointer; unsigned line; } wrong_table[] = {
        { "{\"lockfileVersion\": 3,\n\"packages\": {\n\"node_modules/a/b~c\": {\"version\": 5}}}",
          "/packages/node_modules~1a~1b~0c/version", 3 },
        { "{\"packages\": {\"node_modules/a\": \"1.0.0\"}}", "/packages/node_modules~1a", 1 },
        { "{\"packages\": {\"node_modules/a\": {\"dev\": \"yes\"}}}",
          "/packages/node_modules~1a/dev", 1 },
        { "{\"packages\": {\"node_modules/a\": {\"dependencies\": {\"b\": 1}}}}",
          "/packages/node_modules~1a/dependencies/b", 1 },
        { "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"dependencies\": {\"b\": []}}}}",
          "/dependencies/a/dependencies/b", 0 },
        { "{\"lockfileVersion\": \"3\"}", "/lockfileVersion", 1 },
        { "{\"packages\": []}", "/packages", 1 },
    };
    for (size_t i = 0; i < sizeof(wrong_table) / sizeof(*wrong_table); i++) {
        struct diag d;
        const char *t = wrong_table[i].text;
        cr_expect_not(lt_accepts(npm_lock_read, t, strlen(t), &d), "case %zu", i);
        cr_expect_str_eq(d.pointer, wrong_table[i].pointer, "case %zu", i);
        if (wrong_table[i].line)
            cr_expect_eq(d.line, wrong_table[i].line, "case %zu", i);
    }
}

Test(npm_lock, hostile_inputs)
{
    struct diag d;
    static const char nul[] = "{\"lockfileVersion\": 3,\0 \"packages\": {}}";
    cr_expect_not(lt_accepts(npm_lock_read, nul, sizeof(nul) - 1, &d));
    cr_expect_eq(d.line, 1);
    cr_expect_eq(d.col, 23);
    cr_expect_not(lt_accepts(npm_lock_read, "null", 4, &d));
    cr_expect_not(lt_accepts(npm_lock_read, "{\"packages\": {", 14, &d));
    cr_expect(lt_accepts(npm_lock_read, " \n", 2, &d), "blank = empty lockfile");
    const char *npm6 = "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": "
                       "{\"version\": \"1.0.0\", \"resolved\": false, \"integrity\": false}}}";
    cr_expect(lt_accepts(npm_lock_read, npm6, strlen(npm6), &d), "npm 6's resolved: false");
    /* Deep nesting: refused by json_parse before cJSON recurses. */
    size_t n = 5000;
    char *deep = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) {
        deep[i] = '[';
        deep[n + i] = ']';
    }
    deep[2 * n] = '\0';
    cr_expect_not(lt_accepts(npm_lock_read, deep, 2 * n, &d));
    cr_expect_eq(d.code, DIAG_LIMIT);
    free(deep);
    /* v1 nesting within the JSON limit is read all the way down. */
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"lockfileVersion\":1,\"dependencies\":");
    for (int i = 0; i < 90; i++)
        strbuf_puts(&sb, "{\"a\":{\"version\":\"1.0.0\",\"requires\":{\"a\":\"1\"},\"dependencies\":");
    strbuf_puts(&sb, "{}");
    for (int i = 0; i < 90; i++)
        strbuf_puts(&sb, "}}");
    strbuf_puts(&sb, "}");
    struct dep_graph *g = graph_new();
    diag_clear(&d);
    cr_expect(npm_lock_read(g, "deep.json", sb.buf, sb.len, &d), "%s", d.msg);
    cr_expect_eq(g->nodes.len, 90);
    graph_finish(g);
    graph_free(g);
    strbuf_fini(&sb);
}

Test(npm_lock, sniff)
{
    static const struct { const char *text; bool want; } sniff_table[] = {
        { "{\"name\": \"x\", \"lockfileVersion\": 3, \"packages\": {}}", true },
        { "  {\"name\": \"x\", \"dependencies\": {\"a\": {\"version\": \"1\", \"resolved\": \"u\"}}}", true },
        { "{\"name\": \"x\", \"dependencies\": {\"a\": \"^1\"}}", false },
        { "{\"_meta\": {}, \"default\": {}, \"lockfileVersion\": 1}", false },
        { "lockfileVersion: 3", false },
        { "", false },
    };
    for (size_t i = 0; i < sizeof(sniff_table) / sizeof(*sniff_table); i++)
        cr_expect_eq(npm_lock_sniff(sniff_table[i].text, strlen(sniff_table[i].text)),
                     sniff_table[i].want, "case %zu", i);
}

/* Where depvet reads a peer fixture differently on purpose. */
static const struct lt_diff npm_diff_table[] = {
    { "both/package-lock.json",
      "the peer skips a package-lock.json when npm-shrinkwrap.json sits beside "
      "it; choosing between them is detection's job, the reader reads the file",
      "[{\"name\":\"wrappy\",\"version\":\"1.0.2\",\"ecosystem\":\"npm\",\"dev\":false},"
      "{\"name\":\"supports-color\",\"version\":\"5.5.0\",\"ecosystem\":\"npm\",\"dev\":false}]" },
    { "optional-package.v2.json",
      "devOptional: the peer reports dev+optional; depvet only optional, since "
      "`npm ci --omit=dev` still installs such a package",
      "[{\"name\":\"wrappy\",\"version\":\"1.0.2\",\"ecosystem\":\"npm\",\"dev\":false},"
      "{\"name\":\"supports-color\",\"version\":\"5.5.0\",\"ecosystem\":\"npm\",\"dev\":false}]" },
};

Test(npm_lock, osv_fixtures_match_expected)
{
    unsigned n = lt_osv_fixtures(npm_lock_read, "packagelockjson", npm_diff_table,
                                 sizeof(npm_diff_table) / sizeof(*npm_diff_table), NULL);
    cr_expect_geq(n, 30);
}

static void check_count(struct dep_graph *g, const struct lt_real_file *f)
{
    cr_expect_eq(g->nodes.len, f->entries, "%s", f->path);
    cr_expect_eq(g->n_unresolved, 0, "%s", f->path);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        cr_expect(n->name[0] && n->path, "%s: node %zu", f->path, i);
    }
}

Test(npm_lock, real_lockfiles_have_every_entry)
{
    unsigned n =
        lt_real_scan("real-index.json", "package-lock", npm_lock_read, false, check_count) +
        lt_real_scan("real-index.json", "npm-shrinkwrap", npm_lock_read, false, check_count);
    if (!n)
        cr_skip("corpus absent");
    cr_expect_eq(n, 9);
}

/* tests/bench/gen_npm_lock.py writes lockfiles this reader fully resolves. */
Test(npm_lock, bench_generator_output_reads_cleanly)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "python3 %s/tests/bench/gen_npm_lock.py 3000 7 2>/dev/null",
             test_srcdir());
    FILE *p = popen(cmd, "r");
    struct strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while (p && (n = fread(chunk, 1, sizeof(chunk), p)) > 0)
        strbuf_append(&sb, chunk, n);
    if (!p || pclose(p) != 0 || !sb.len) {
        strbuf_fini(&sb);
        cr_skip("python3 not available");
    }
    struct dep_graph *g = graph_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(npm_lock_read(g, "gen/package-lock.json", sb.buf, sb.len, &d), "%s", d.msg);
    graph_finish(g);
    cr_expect_eq(g->nodes.len, 3000);
    cr_expect_eq(g->n_unresolved, 0);
    cr_expect_gt(g->edges.len, 3000);
    unsigned nested = 0, direct = 0;
    for (size_t i = 0; i < g->nodes.len; i++) {
        nested += strstr(g->nodes.items[i].path, "/node_modules/") != NULL;
        direct += (g->nodes.items[i].flags & DEP_DIRECT) != 0;
    }
    cr_expect_gt(nested, 100, "the generator nests packages");
    cr_expect_gt(direct, 0);
    graph_free(g);
    strbuf_fini(&sb);
}

/* npm reads a key given twice as JSON.parse does: the last one.  Reading
 * the first showed a safe pin while the vulnerable one got installed. */
static struct dep_graph *read_text_graph(const char *text, struct diag *d)
{
    struct dep_graph *g = graph_new();
    diag_clear(d);
    cr_assert(npm_lock_read(g, "proj/package-lock.json", text, strlen(text), d), "%u:%u %s",
              d->line, d->col, d->msg);
    graph_finish(g);
    return g;
}

/* The i-th duplicate key of the graph's first lockfile; col 0 = any. */
static void expect_dup(const struct dep_graph *g, unsigned i, const char *ptr, unsigned line,
                       unsigned col, unsigned again_line)
{
    const struct lockfile_info *lf = &g->lockfiles.items[0];
    cr_assert_gt(lf->n_dup_keys, i);
    cr_expect_str_eq(lf->dup_keys[i].pointer, ptr);
    cr_expect_eq(lf->dup_keys[i].line, line, "%s", ptr);
    if (col)
        cr_expect_eq(lf->dup_keys[i].col, col, "%s", ptr);
    cr_expect_eq(lf->dup_keys[i].again_line, again_line, "%s", ptr);
}

Test(npm_lock, duplicate_keys_read_the_last_v3)
{
    const char *text =
        "{\n"
        "  \"lockfileVersion\": 3,\n"
        "  \"packages\": {\n"
        "    \"\": {\"dependencies\": {\"lodash\": \"^4.17.0\"}},\n"
        "    \"node_modules/lodash\": {\n"
        "      \"version\": \"4.17.20\",\n"
        "      \"version\": \"4.17.21\",\n"
        "      \"integrity\": \"sha512-AAAA\"\n"
        "    }\n"
        "  }\n"
        "}\n";
    struct diag d;
    struct dep_graph *g = read_text_graph(text, &d);
    cr_assert_eq(g->nodes.len, 1);
    cr_assert_str_eq(g->nodes.items[0].version, "4.17.21");
    cr_assert(g->nodes.items[0].flags & DEP_DIRECT);
    cr_assert_eq(g->lockfiles.items[0].n_dup_keys_total, 1);
    expect_dup(g, 0, "/packages/node_modules~1lodash/version", 6, 7, 7);
    cr_assert_eq(g->lockfiles.items[0].dup_keys[0].again_col, 7);
    cr_assert_eq(g->nodes.items[0].line, 5, "line stamps survive the merge");
    graph_free(g);
}

Test(npm_lock, duplicate_keys_read_the_last_v1_and_whole_sections)
{
    /* v1: a nested entry given twice; the whole "dependencies" too. */
    const char *v1 =
        "{\"lockfileVersion\": 1, \"dependencies\": {\n"
        "  \"minimist\": {\"version\": \"1.2.8\"},\n"
        "  \"minimist\": {\"version\": \"0.0.8\"}\n"
        "}}";
    struct diag d;
    struct dep_graph *g = read_text_graph(v1, &d);
    cr_assert_eq(g->nodes.len, 1);
    cr_assert_str_eq(g->nodes.items[0].version, "0.0.8");
    expect_dup(g, 0, "/dependencies/minimist", 2, 3, 3);
    graph_free(g);
    const char *sections =
        "{\"lockfileVersion\": 3,\n"
        " \"packages\": {\"node_modules/a\": {\"version\": \"1.0.0\"}},\n"
        " \"packages\": {\"node_modules/evil\": {\"version\": \"6.6.6\"}}}";
    g = read_text_graph(sections, &d);
    cr_assert_eq(g->nodes.len, 1);
    cr_assert_str_eq(g->nodes.items[0].name, "evil");
    expect_dup(g, 0, "/packages", 2, 2, 3);
    graph_free(g);
}

Test(npm_lock, nul_escape_in_a_name_is_an_error)
{
    static const struct { const char *text; unsigned line, col; } bad[] = {
        /* a path key that would read as node_modules/lodash */
        {"{\"lockfileVersion\": 3, \"packages\": {\n"
         "  \"node_modules/lodash\\u0000x\": {\"version\": \"1.0.0\"}}}", 2, 23},
        /* a "name" field that would read as "lodash" */
        {"{\"lockfileVersion\": 3, \"packages\": {\n"
         "  \"node_modules/x\": {\"name\": \"lodash\\u0000\", \"version\": \"1.0.0\"}}}", 2, 37},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct diag d;
        cr_expect_not(lt_accepts(npm_lock_read, bad[i].text, strlen(bad[i].text), &d),
                      "case %zu", i);
        cr_expect_eq(d.line, bad[i].line, "case %zu: %u:%u %s", i, d.line, d.col, d.msg);
        cr_expect_eq(d.col, bad[i].col, "case %zu: %u:%u %s", i, d.line, d.col, d.msg);
        cr_expect(strstr(d.msg, "\\u0000"), "case %zu: %s", i, d.msg);
    }
}
