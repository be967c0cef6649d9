/* requirements.txt reader: fixtures (includes, cycles, hashes, pip-compile
 * "# via", indexes, editable/VCS/URL sources, markers), errors, sizes,
 * osv-scalibr's expectations and real files from the shared corpus. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "depvet/lock/requirements_txt.h"
#include "lock_test.h"

static struct dep_graph *fixture(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "requirements/%s", rel);
    return lt_fixture(requirements_txt_read, path);
}

static struct dep_node *node(struct dep_graph *g, const char *name)
{
    struct dep_node *n = lt_node_v(g, name, NULL);
    cr_assert_not_null(n, "no node %s", name);
    return n;
}

static size_t count(const struct dep_graph *g, unsigned skip_flags)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        n += !(g->nodes.items[i].flags & skip_flags);
    return n;
}

Test(requirements_txt, continuation_and_hashes)
{
    struct dep_graph *g = fixture("hashes.txt");
    cr_assert_eq(g->nodes.len, 3);
    struct dep_node *c = node(g, "certifi");
    cr_assert_str_eq(c->version, "2023.7.22");
    cr_assert_eq(c->line, 2);
    cr_assert_eq(c->n_checksums, 2);
    cr_assert_str_eq(c->checksums[0].algo, "sha256");
    cr_assert_str_eq(c->checksums[1].algo, "sha256");
    cr_assert_str_eq(c->checksums[1].value,
                     "92d6037539857d8206b8f6ae472e8b77db8058fec5937a1ef3f54304089edbb9");
    struct dep_node *i = node(g, "idna");
    cr_assert_eq(i->line, 5);
    cr_assert_eq(i->n_checksums, 2);
    cr_assert_str_eq(i->checksums[1].value, "814f528e8dead7d3");
    struct dep_node *r = node(g, "requests");
    cr_assert_str_eq(r->version, "");
    cr_assert_str_eq(r->requirement, ">=2.28,<3");
    cr_assert_eq(r->line, 6);
    cr_assert(g->lockfiles.items[0].flat);
    cr_assert_str_eq(g->lockfiles.items[0].format, "requirements.txt");
    for (size_t k = 0; k < g->nodes.len; k++)
        cr_assert(g->nodes.items[k].flags & DEP_DIRECT);
    graph_free(g);
}

Test(requirements_txt, pip_compile_via_edges)
{
    struct dep_graph *g = fixture("compiled.txt");
    cr_assert_eq(g->nodes.len, 9);
    cr_assert_not(g->lockfiles.items[0].flat);
    struct dep_node *flask = node(g, "flask"), *req = node(g, "requests");
    cr_assert(flask->flags & DEP_DIRECT);
    cr_assert(req->flags & DEP_DIRECT);
    cr_assert_not(node(g, "certifi")->flags & DEP_DIRECT);
    cr_assert_not(node(g, "markupsafe")->flags & DEP_DIRECT);
    unsigned ms = node(g, "markupsafe")->id;
    cr_assert(lt_edge_ids(g, node(g, "jinja2")->id, ms));
    cr_assert(lt_edge_ids(g, node(g, "werkzeug")->id, ms));
    cr_assert(lt_edge_ids(g, req->id, node(g, "certifi")->id));
    cr_assert(lt_edge_ids(g, flask->id, node(g, "jinja2")->id));
    cr_assert_eq(g->edges.len, 8);
    cr_assert_eq(g->n_unresolved, 0);
    unsigned *roots;
    cr_assert_eq(graph_roots(g, 0, &roots), 2);
    cr_assert_eq(roots[0], flask->id);
    cr_assert_eq(roots[1], req->id);
    free(roots);
    graph_free(g);
}

Test(requirements_txt, index_options)
{
    struct dep_graph *g = fixture("extra_index.txt");
    const struct lockfile_info *lf = &g->lockfiles.items[0];
    cr_assert_eq(lf->n_index_urls, 2);
    cr_assert_str_eq(lf->index_urls[0], "https://pypi.org/simple");
    cr_assert_str_eq(lf->index_urls[1], "https://internal.example.com/simple");
    cr_assert(lf->extra_index);
    cr_assert_eq(g->nodes.len, 1);
    cr_assert_str_eq(node(g, "private-lib")->version, "0.3.1");
    graph_free(g);
}

struct source_case {
    const char *name, *version;
    enum source_kind source;
    const char *url, *ref;
    unsigned flags, line;
};

static const struct source_case source_table[] = {
    {"click", "", SOURCE_GIT, "https://github.com/pallets/click.git", "8.1.7", 0, 1},
    {".", "", SOURCE_PATH, ".", NULL, DEP_LINK | DEP_PROJECT, 2},
    {"helper", "", SOURCE_PATH, "./libs/helper", NULL, DEP_LINK, 3},
    {"black", "", SOURCE_GIT, "https://github.com/psf/black.git", "refs/tags/23.9.1", 0, 4},
    {"attrs", "", SOURCE_URL,
     "https://files.pythonhosted.org/packages/attrs-23.1.0-py3-none-any.whl", NULL, 0, 5},
    {"tomli", "2.0.1", SOURCE_URL, "https://example.com/dist/tomli-2.0.1.tar.gz", NULL, 0, 6},
    {"numpy", "1.9.2", SOURCE_PATH, "./downloads/numpy-1.9.2-cp34-none-win32.whl", NULL, 0, 7},
    {"token-dep", "", SOURCE_GIT, "https://${GH_TOKEN}@github.com/acme/token-dep.git", "v1.2",
     0, 8},
};

Test(requirements_txt, editable_vcs_url_path)
{
    struct dep_graph *g = fixture("editable_git.txt");
    size_t n = sizeof source_table / sizeof source_table[0];
    cr_assert_eq(g->nodes.len, n);
    for (size_t i = 0; i < n; i++) {
        const struct source_case *c = &source_table[i];
        const struct dep_node *nd = node(g, c->name);
        cr_expect_str_eq(nd->version, c->version, "%s", c->name);
        cr_expect_eq(nd->source, c->source, "%s", c->name);
        cr_expect_str_eq(nd->source_url, c->url, "%s", c->name);
        if (c->ref)
            cr_expect_str_eq(nd->git_ref, c->ref, "%s", c->name);
        else
            cr_expect_null(nd->git_ref, "%s", c->name);
        cr_expect_eq(nd->flags & (DEP_LINK | DEP_PROJECT), c->flags, "%s", c->name);
        cr_expect_eq(nd->line, c->line, "%s", c->name);
    }
    graph_free(g);
}

Test(requirements_txt, markers_extras_env_vars)
{
    struct dep_graph *g = fixture("markers.txt");
    cr_assert_eq(g->nodes.len, 6);
    struct dep_node *n = node(g, "pywin32");
    cr_assert_str_eq(n->version, "306");
    cr_assert_str_eq(n->requirement, "==306; sys_platform == \"win32\"");
    n = node(g, "importlib-metadata");
    cr_assert_str_eq(n->version, "");
    cr_assert_str_eq(n->requirement, ">=4.6; python_version < \"3.10\"");
    n = node(g, "tomli");
    cr_assert_str_eq(n->version, "2.0.1");
    n = node(g, "colorama");
    cr_assert_str_eq(n->requirement, "; platform_system == \"Windows\"");
    n = node(g, "requests");
    cr_assert_eq(n->n_groups, 2);
    cr_assert_str_eq(n->groups[1], "socks");
    n = node(g, "qwert");
    cr_assert_str_eq(n->version, "");
    cr_assert_str_eq(n->requirement, "==${MY_VERSION}");
    graph_free(g);
}

Test(requirements_txt, includes_constraints_and_duplicates)
{
    struct dep_graph *g = fixture("main.txt");
    cr_assert_eq(g->nodes.len, 3, "%zu nodes", g->nodes.len);
    cr_assert_eq(node(g, "idna")->line, 1);
    cr_assert_eq(node(g, "six")->line, 2); /* first seen in sub/inc.txt */
    cr_assert_str_eq(node(g, "requests")->version, "2.31.0");
    cr_assert_null(lt_node_v(g, "not-required", NULL));
    cr_assert_eq(g->lockfiles.len, 1);
    graph_free(g);
}

Test(requirements_txt, include_cycle)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/requirements/cycle/a.txt", test_srcdir());
    struct diag d;
    bool ok;
    struct dep_graph *g = lt_read_new(requirements_txt_read, path, &ok, &d);
    cr_assert_not(ok);
    cr_assert(strstr(d.msg, "include cycle"), "%s", d.msg);
    cr_assert(strstr(d.msg, "a.txt -> "), "%s", d.msg);
    cr_assert(strstr(d.where, "b.txt"), "%s", d.where);
    cr_assert_eq(d.line, 2);
    graph_free(g);
}

Test(requirements_txt, include_depth_cap)
{
    char dir[] = "/tmp/depvet-req-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    for (int i = 0; i < 20; i++) {
        snprintf(path, sizeof path, "%s/f%d.txt", dir, i);
        FILE *f = fopen(path, "w");
        fprintf(f, "pkg%d==1.0\n-r f%d.txt\n", i, i + 1);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/f0.txt", dir);
    struct diag d;
    bool ok;
    struct dep_graph *g = lt_read_new(requirements_txt_read, path, &ok, &d);
    cr_assert_not(ok);
    cr_assert_eq(d.code, DIAG_LIMIT, "%s", d.msg);
    graph_free(g);
    for (int i = 0; i < 20; i++) {
        snprintf(path, sizeof path, "%s/f%d.txt", dir, i);
        unlink(path);
    }
    rmdir(dir);
}

struct bad_case {
    const char *text;
    unsigned line, col;
};

static const struct bad_case bad_table[] = {
    {"asdf==\n", 1, 7},
    {"ok==1\nbad line here\n", 2, 5},
    {"ok==1\n\nx==1 \\\n  --hash=nocolon\n", 3, 0},
    {"--bogus\n", 1, 1},
    {"-r\n", 1, 1},
    {"-r /nonexistent/depvet/x.txt\n", 1, 1},
    {"a==1 --frobnicate=2\n", 1, 6},
    {"a==1\nb==2\0\n", 2, 5},
    {"a; python_version < '3\n", 1, 21},
    {"==1.0\n", 1, 1},
};

Test(requirements_txt, errors_have_positions)
{
    for (size_t i = 0; i < sizeof bad_table / sizeof bad_table[0]; i++) {
        struct diag d;
        const char *t = bad_table[i].text;
        size_t len = strlen(t);
        if (strstr(t, "b==2"))
            len = 11;
        cr_expect_not(lt_accepts(requirements_txt_read, t, len, &d), "accepted '%s'", t);
        cr_expect(diag_failed(&d));
        cr_expect_str_eq(d.where, "/nonexistent/test.json", "case %zu", i);
        cr_expect_eq(d.line, bad_table[i].line, "case %zu: line %u (%s)", i, d.line, d.msg);
        if (bad_table[i].col)
            cr_expect_eq(d.col, bad_table[i].col, "case %zu: col %u (%s)", i, d.col, d.msg);
    }
}

Test(requirements_txt, ten_megabyte_lines)
{
    size_t big = 10u * 1024 * 1024;
    char *buf = malloc(big + 256);
    size_t n = (size_t)sprintf(buf, "pkg==1.0 --hash=sha256:");
    memset(buf + n, 'a', big);
    n += big;
    n += (size_t)sprintf(buf + n, "\n# %s\n", "x");
    struct dep_graph *g = graph_new();
    struct diag d;
    diag_clear(&d);
    cr_assert(requirements_txt_read(g, "big.txt", buf, n, &d), "%s", d.msg);
    cr_assert_eq(g->nodes.items[0].n_checksums, 1);
    graph_free(g);
    /* Many continuation lines; too many hashes are refused. */
    n = (size_t)sprintf(buf, "pkg==1.0");
    while (n + 40 < big)
        n += (size_t)sprintf(buf + n, " \\\n --global-option=%04zx", n & 0xffff);
    buf[n++] = '\n';
    g = graph_new();
    diag_clear(&d);
    cr_assert(requirements_txt_read(g, "big.txt", buf, n, &d), "%s", d.msg);
    cr_assert_eq(g->nodes.len, 1);
    graph_free(g);
    n = (size_t)sprintf(buf, "pkg==1.0");
    while (n + 40 < big)
        n += (size_t)sprintf(buf + n, " \\\n --hash=sha256:%04zx", n & 0xffff);
    buf[n++] = '\n';
    g = graph_new();
    diag_clear(&d);
    cr_assert_not(requirements_txt_read(g, "big.txt", buf, n, &d));
    cr_assert_eq(d.code, DIAG_LIMIT);
    graph_free(g);
    buf[0] = '#';
    memset(buf + 1, 'c', big);
    g = graph_new();
    cr_assert(requirements_txt_read(g, "big.txt", buf, big + 1, &d));
    cr_assert_eq(g->nodes.len, 0);
    graph_free(g);
    free(buf);
}

Test(requirements_txt, sniff)
{
    static const char *const yes_table[] = {
        "requests==2.31.0\n", "# comment\n-r base.txt\nflask>=2\n",
        "-e .\n", "six ; python_version < '3'\n",
    };
    static const char *const no_table[] = {
        "{\"packages\": {}}\n", "[[package]]\nname = \"x\"\n", "%{\"a\": {:hex}}\n",
        "# only comments\n", "", "name = \"value\"\n",
    };
    for (size_t i = 0; i < sizeof yes_table / sizeof yes_table[0]; i++)
        cr_expect(requirements_txt_sniff(yes_table[i], strlen(yes_table[i])), "%s", yes_table[i]);
    for (size_t i = 0; i < sizeof no_table / sizeof no_table[0]; i++)
        cr_expect_not(requirements_txt_sniff(no_table[i], strlen(no_table[i])), "%s",
                      no_table[i]);
}

/* ---- osv-scalibr's fixtures ------------------------------------------- */

/* Where we read the peer's fixtures differently, on purpose.  `ours` NULL
 * means we reject the file. */
static const struct lt_diff req_diff_table[] = {
    {"invalid.txt", "its lines are malformed (asdf==, ==1.0, asdf 1.0, -foo==1.0): "
                    "we report the first instead of skipping them", NULL},
    {"loop.txt", "an include cycle is an error naming the cycle, not an empty result", NULL},
    {"per_req_options.txt", "foo7 has words before its options (pip fails the same way)", NULL},
    {"env_var.txt", "a ${VAR} requirement is still a dependency: kept unpinned",
     "[{\"name\":\"asdf\",\"version\":\"1.2\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"qwert\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"another\",\"version\":\"1.0\",\"ecosystem\":\"PyPI\"}]"},
    {"example.txt", "only ==/=== pin a version (>= and ~= do not); URL and path requirements "
                    "are dependencies too",
     "[{\"name\":\"pytest\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"pytest-cov\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"beautifulsoup4\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"docopt\",\"version\":\"0.6.1\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"requests\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"urllib3\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"keyring\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"coverage\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"Mopidy-Dirble\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"pandas\",\"version\":\"2.2.3\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"numpy\",\"version\":\"1.9.2\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"wxPython_Phoenix\",\"version\":\"3.0.3.dev1820+49a8884\","
     "\"ecosystem\":\"PyPI\"}]"},
    {"with_versions.txt", "only ==/=== pin a version: >= and <= leave it empty",
     "[{\"name\":\"nltk\",\"version\":\"3.2.2\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"tabulate\",\"version\":\"0.7.7\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"newspaper3k\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"asdf\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"qwerty\",\"version\":\"0.1\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"hy-phen\",\"version\":\"1.2\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"under_score\",\"version\":\"1.3\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"pkg.dot.name\",\"version\":\"5.0.0\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"combination-._-.also_-._valid\",\"version\":\"\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"yolo\",\"version\":\"1.0\",\"ecosystem\":\"PyPI\"},"
     "{\"name\":\"pkg\",\"version\":\"\",\"ecosystem\":\"PyPI\"}]"},
};

/* Order (the peer's requirements tests are ordered) and asserted lines;
 * a package from an included file has that file's line (the peer gives
 * the line of the -r). */
static void check_order_and_lines(const struct dep_graph *g, const cJSON *want, const char *fx)
{
    size_t i = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, want) {
        if (i >= g->nodes.len)
            break;
        const struct dep_node *n = &g->nodes.items[i++];
        cr_expect_str_eq(n->name, json_str(p, "name"), "%s: order", fx);
        unsigned line = (unsigned)json_num(p, "line", 0);
        if (line && !cJSON_GetObjectItemCaseSensitive(p, "also_found_in"))
            cr_expect_eq(n->line, line, "%s: %s line", fx, n->name);
    }
}

Test(requirements_txt, osv_fixtures)
{
    unsigned n = lt_osv_fixtures(requirements_txt_read, "requirements", req_diff_table,
                                 sizeof req_diff_table / sizeof req_diff_table[0],
                                 check_order_and_lines);
    cr_expect_geq(n, 11);
}

/* The index counts no `-e` line; an editable local path is a DEP_LINK
 * node here, but an editable VCS checkout stays a dependency to review. */
static unsigned editable_vcs(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    unsigned n = 0;
    while (f && fgets(line, sizeof line, f))
        n += strncmp(line, "-e git+", 7) == 0 || strncmp(line, "--editable git+", 15) == 0;
    if (f)
        fclose(f);
    return n;
}

static void check_count(struct dep_graph *g, const struct lt_real_file *f)
{
    size_t n = count(g, DEP_LINK | DEP_PROJECT);
    cr_expect_eq(n, f->entries + editable_vcs(f->path), "%s: %zu nodes, %u f->entries", f->path, n, f->entries);
}

Test(requirements_txt, real_files_count)
{
    unsigned n = lt_real_scan("real-index.json", "requirements.txt", requirements_txt_read, false, check_count);
    if (!n)
        cr_skip("shared corpus not present");
    cr_expect_geq(n, 4);
}

/* pip reads a file that starts with a UTF-8 byte-order mark (Notepad
 * writes one); columns on the first line count from after it. */
Test(requirements_txt, utf8_bom_is_skipped)
{
    const char *text = "\xEF\xBB\xBFrequests==2.31.0\nidna==3.7\n";
    struct diag d;
    diag_clear(&d);
    struct dep_graph *g = graph_new();
    cr_assert(requirements_txt_read(g, "/nonexistent/requirements.txt", text, strlen(text), &d),
              "%s", d.msg);
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 2);
    cr_assert_str_eq(g->nodes.items[0].name, "requests");
    cr_assert_str_eq(g->nodes.items[0].version, "2.31.0");
    cr_assert_eq(g->nodes.items[0].line, 1);
    graph_free(g);
    cr_assert(requirements_txt_sniff(text, strlen(text)));
    const char *bad = "\xEF\xBB\xBF--bogus\n";
    cr_assert_not(lt_accepts(requirements_txt_read, bad, strlen(bad), &d));
    cr_assert_eq(d.line, 1);
    cr_assert_eq(d.col, 1, "col %u: %s", d.col, d.msg);
}
