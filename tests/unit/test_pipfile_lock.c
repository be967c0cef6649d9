/* pipfile_lock: sections, sources, entry kinds, Pipfile direct deps, errors, corpus. */
#include <criterion/criterion.h>
#include <string.h>

#include "depvet/lock/pipfile_lock.h"
#include "lock_test.h"

Test(pipfile_lock, sections_sources_and_entries)
{
    struct dep_graph *g = lt_fixture(pipfile_lock_read, "pipfile/basic.json");
    const struct lockfile_info *lf = &g->lockfiles.items[0];
    cr_expect(lf->flat);
    cr_expect_str_eq(lf->format, "Pipfile.lock");
    cr_assert_eq(lf->n_index_urls, 2);
    cr_expect_str_eq(lf->index_urls[1], "https://pypi.corp.example/simple");
    cr_expect(lf->extra_index);
    /* requests 2.31.0 (default) and Requests 2.30.0 (develop) are two nodes;
     * shared 1.0.0 in both sections is one, and not dev. */
    cr_expect_eq(g->nodes.len, 9);
    cr_expect_eq(g->edges.len, 0);
    struct dep_node *req = lt_node_v(g, "requests", "2.31.0");
    cr_assert_not_null(req);
    cr_expect_eq(req->eco, ECO_PYPI);
    cr_expect_eq(req->flags, 0);
    cr_expect_str_eq(req->repo, "pypi");
    cr_expect_str_eq(req->source_url, "https://pypi.org/simple");
    cr_expect_str_eq(req->requirement, "==2.31.0; python_version >= '3.8'");
    cr_assert_eq(req->n_checksums, 2);
    cr_expect_str_eq(req->checksums[0].algo, "sha256");
    cr_expect_str_eq(req->checksums[0].value, "aaaa");
    cr_expect_str_eq(req->checksums[1].algo, "sha512");
    cr_expect_eq(req->line, 12);
    struct dep_node *dev_req = lt_node_v(g, "Requests", "2.30.0");
    cr_assert_not_null(dev_req);
    cr_expect_eq(dev_req->flags, DEP_DEV);
    cr_expect_eq(lt_node_v(g, "shared", "1.0.0")->flags, 0);
    cr_expect_eq(lt_node_v(g, "pytest", NULL)->flags, DEP_DEV);
    struct dep_node *internal = lt_node_v(g, "internal-lib", NULL);
    cr_expect(internal->flags & DEP_PRIVATE);
    cr_assert_eq(internal->n_groups, 1);
    cr_expect_str_eq(internal->groups[0], "fast");
    struct dep_node *sphinx = lt_node_v(g, "sphinx", NULL);
    cr_assert_eq(sphinx->n_groups, 1);
    cr_expect_str_eq(sphinx->groups[0], "docs");
    cr_expect_eq(sphinx->flags, 0);
    graph_free(g);
}

Test(pipfile_lock, git_path_and_file_sources)
{
    struct dep_graph *g = lt_fixture(pipfile_lock_read, "pipfile/basic.json");
    struct dep_node *git = lt_node_v(g, "gitpkg", NULL);
    cr_expect_eq(git->source, SOURCE_GIT);
    cr_expect_str_eq(git->source_url, "https://github.com/u/gitpkg.git");
    cr_expect_str_eq(git->git_ref, "abc123");
    cr_expect_str_eq(git->version, "");
    struct dep_node *local = lt_node_v(g, "mylib", NULL);
    cr_expect_eq(local->source, SOURCE_PATH);
    cr_expect_str_eq(local->source_url, "./mylib");
    struct dep_node *wheel = lt_node_v(g, "wheel-url", NULL);
    cr_expect_eq(wheel->source, SOURCE_URL);
    graph_free(g);
}

Test(pipfile_lock, pipfile_beside_marks_direct)
{
    struct dep_graph *g = lt_fixture(pipfile_lock_read, "pipfile/with-pipfile/Pipfile.lock");
    cr_expect(lt_node_v(g, "flask", NULL)->flags & DEP_DIRECT);
    cr_expect(lt_node_v(g, "zope.interface", NULL)->flags & DEP_DIRECT,
              "names compare after PEP 503 normalisation");
    cr_expect(lt_node_v(g, "pytest", NULL)->flags & DEP_DIRECT);
    cr_expect_not(lt_node_v(g, "werkzeug", NULL)->flags & DEP_DIRECT,
                  "[scripts] keys are no packages");
    cr_expect_not(lt_node_v(g, "pluggy", NULL)->flags & DEP_DIRECT);
    unsigned *roots;
    cr_expect_eq(graph_roots(g, 0, &roots), 3);
    free(roots);
    graph_free(g);
}

Test(pipfile_lock, errors_and_hostile_input)
{
    static const struct { const char *text, *pointer; unsigned line; } bad_table[] = {
        { "{\"_meta\": {\"sources\": {}}}", "/_meta/sources", 1 },
        { "{\"_meta\": {},\n\"default\": {\n\"a\": {\"version\": 1}}}", "/default/a/version", 3 },
        { "{\"default\": {\"a\": {\"hashes\": [1]}}}", "/default/a/hashes", 1 },
        { "{\"default\": {\"a~b/c\": []}}", "/default/a~0b~1c", 1 },
        { "{\"develop\": 3}", "/develop", 0 },
    };
    struct diag d;
    for (size_t i = 0; i < sizeof(bad_table) / sizeof(*bad_table); i++) {
        const char *t = bad_table[i].text;
        cr_expect_not(lt_accepts(pipfile_lock_read, t, strlen(t), &d), "case %zu", i);
        cr_expect_str_eq(d.pointer, bad_table[i].pointer, "case %zu", i);
        if (bad_table[i].line)
            cr_expect_eq(d.line, bad_table[i].line, "case %zu", i);
    }
    const char *broken = "{\n\"default\": {\n  \"a\": {\"version\": \"==1\",}\n}}";
    cr_expect_not(lt_accepts(pipfile_lock_read, broken, strlen(broken), &d));
    cr_expect_eq(d.line, 3);
    static const char nul[] = "{\"default\": {}\0}";
    cr_expect_not(lt_accepts(pipfile_lock_read, nul, sizeof(nul) - 1, &d));
    cr_expect_eq(d.col, 15);
    cr_expect_not(lt_accepts(pipfile_lock_read, "[]", 2, &d));
    cr_expect(lt_accepts(pipfile_lock_read, "", 0, &d), "an empty file locks nothing");
    cr_expect(lt_accepts(pipfile_lock_read, "\xEF\xBB\xBF{\"default\": {}}", 18, &d));
}

Test(pipfile_lock, sniff)
{
    static const struct { const char *text; bool want; } sniff_table[] = {
        { "{\"_meta\": {\"pipfile-spec\": 6}, \"default\": {}}", true },
        { "{\n  \"_meta\": {}, \"develop\": {}}", true },
        { "{\"lockfileVersion\": 3, \"packages\": {}}", false },
        { "[\"_meta\", \"default\"]", false },
        { "", false },
    };
    for (size_t i = 0; i < sizeof(sniff_table) / sizeof(*sniff_table); i++)
        cr_expect_eq(pipfile_lock_sniff(sniff_table[i].text, strlen(sniff_table[i].text)),
                     sniff_table[i].want, "case %zu", i);
}

static const struct lt_diff pipfile_diff_table[] = {
    { "no-version.json",
      "the peer drops entries without a version; depvet keeps git entries as "
      "SOURCE_GIT nodes with version \"\"",
      "[{\"name\":\"markupsafe\",\"version\":\"\",\"commit\":\"b36054111bc1e8bbadb5d0d60158feb72926f467\",\"ecosystem\":\"PyPI\",\"dev\":false},"
      "{\"name\":\"itsdangerous\",\"version\":\"\",\"commit\":\"de09cad488a4d7c7bbcbcdb8e1c2dfde64325f48\",\"ecosystem\":\"PyPI\",\"dev\":true}]" },
};

Test(pipfile_lock, osv_fixtures_match_expected)
{
    unsigned n = lt_osv_fixtures(pipfile_lock_read, "pipfilelock", pipfile_diff_table,
                                 sizeof(pipfile_diff_table) / sizeof(*pipfile_diff_table), NULL);
    cr_expect_geq(n, 10);
}

/* Independent count: distinct name@version over the package sections (a
 * package in default and develop with one version is one node). */
static size_t distinct_pins(const char *path)
{
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *text = file_read(path, 1u << 26, &len, &d);
    cJSON *doc = json_parse(text, len, path, &d);
    size_t n = 0;
    const cJSON *sec, *e, *sec2;
    cJSON_ArrayForEach(sec, doc) {
        if (strcmp(sec->string, "_meta") == 0)
            continue;
        cJSON_ArrayForEach(e, sec) {
            bool seen = false;
            for (sec2 = doc->child; sec2 != sec && !seen; sec2 = sec2->next) {
                const cJSON *o = cJSON_GetObjectItemCaseSensitive(sec2, e->string);
                seen = strcmp(sec2->string, "_meta") != 0 && o &&
                       json_str(o, "version") && json_str(e, "version") &&
                       strcmp(json_str(o, "version"), json_str(e, "version")) == 0;
            }
            n += !seen;
        }
    }
    cJSON_Delete(doc);
    free(text);
    return n;
}

static void check_count(struct dep_graph *g, const struct lt_real_file *f)
{
    size_t want = distinct_pins(f->path);
    cr_expect_leq(want, f->entries, "%s", f->path);
    cr_expect_eq(g->nodes.len, want, "%s", f->path);
    for (size_t i = 0; i < g->nodes.len; i++)
        cr_expect(g->nodes.items[i].version[0], "%s: %s has no version", f->path,
                  g->nodes.items[i].name);
}

Test(pipfile_lock, real_lockfiles_have_every_entry)
{
    unsigned n =
        lt_real_scan("real-index.json", "Pipfile.lock", pipfile_lock_read, false, check_count);
    if (!n)
        cr_skip("corpus absent");
    cr_expect_eq(n, 2);
}

/* pipenv reads Pipfile.lock with Python's json: a key given twice keeps
 * the last value (in the first one's place). */
Test(pipfile_lock, duplicate_keys_read_the_last)
{
    const char *text =
        "{\n"
        "  \"_meta\": {\"sources\": [{\"name\": \"pypi\", \"url\": \"https://pypi.org/simple\"}]},\n"
        "  \"default\": {\n"
        "    \"jinja2\": {\"version\": \"==2.11.3\", \"version\": \"==2.10\", \"index\": \"pypi\"}\n"
        "  },\n"
        "  \"develop\": {},\n"
        "  \"default\": {\n"
        "    \"jinja2\": {\"version\": \"==3.1.4\", \"index\": \"pypi\"},\n"
        "    \"jinja2\": {\"version\": \"==2.10\", \"index\": \"pypi\"}\n"
        "  }\n"
        "}\n";
    struct diag d;
    diag_clear(&d);
    struct dep_graph *g = graph_new();
    cr_assert(pipfile_lock_read(g, "/nonexistent/Pipfile.lock", text, strlen(text), &d), "%s",
              d.msg);
    graph_finish(g);
    cr_assert_eq(g->nodes.len, 1);
    cr_assert_str_eq(g->nodes.items[0].version, "2.10");
    cr_assert_not(g->nodes.items[0].flags & DEP_DEV, "default, read in its first place");
    const struct lockfile_info *lf = &g->lockfiles.items[0];
    cr_assert_eq(lf->n_dup_keys_total, 3);
    cr_assert_str_eq(lf->dup_keys[0].pointer, "/default/jinja2/version");
    cr_assert_eq(lf->dup_keys[0].line, 4);
    cr_assert_eq(lf->dup_keys[0].col, 16);
    cr_assert_str_eq(lf->dup_keys[1].pointer, "/default");
    cr_assert_eq(lf->dup_keys[1].line, 3);
    cr_assert_eq(lf->dup_keys[1].again_line, 7);
    cr_assert_str_eq(lf->dup_keys[2].pointer, "/default/jinja2");
    cr_assert_eq(lf->dup_keys[2].again_line, 9);
    graph_free(g);
}
