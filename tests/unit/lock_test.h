/* Shared helpers for the lockfile reader tests (every tests/unit/test_*_lock.c
 * and the other readers'): reading a file or a string through a reader,
 * finding nodes and edges, refusals at a line, the comparison with the
 * osv-scalibr expectations in the shared corpus (see
 * corpus/lockfiles/SOURCES.md for expected.json) and the real-file counts. */
#ifndef DEPVET_TEST_LOCK_TEST_H
#define DEPVET_TEST_LOCK_TEST_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/lock/reader.h"
#include "helpers.h"

static inline bool lt_read(lock_read_fn fn, struct dep_graph *g, const char *path,
                           struct diag *d)
{
    diag_clear(d);
    size_t len;
    char *buf = file_read(path, LOCK_MAX_BYTES, &len, d);
    if (!buf)
        return false;
    bool ok = fn(g, path, buf, len, d);
    free(buf);
    return ok;
}

static inline bool lt_read_text(lock_read_fn fn, struct dep_graph *g, const char *path,
                                const char *text, struct diag *d)
{
    diag_clear(d);
    return fn(g, path, text, strlen(text), d);
}

/* Reads path with fn into a fresh graph, finished; *ok gets the result.
 * A file that cannot be read fails the test. */
static inline struct dep_graph *lt_read_new(lock_read_fn fn, const char *path, bool *ok,
                                            struct diag *d)
{
    struct dep_graph *g = graph_new();
    *ok = lt_read(fn, g, path, d);
    cr_assert(*ok || d->code != DIAG_IO || strcmp(d->where, path) != 0, "cannot read %s: %s",
              path, d->msg);
    graph_finish(g);
    return g;
}

/* Whether fn accepts text (len bytes, copied to a buffer of exactly that
 * size plus the NUL, so a read past the end is caught); d gets the
 * diagnostic. */
static inline bool lt_accepts(lock_read_fn fn, const char *text, size_t len, struct diag *d)
{
    char *copy = malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    struct dep_graph *g = graph_new();
    diag_clear(d);
    bool ok = fn(g, "/nonexistent/test.json", copy, len, d);
    graph_free(g);
    free(copy);
    return ok;
}

/* The first node at install path or lockfile key `key` (node->path), or
 * named `key` at `version` (any version when NULL); NULL if none. */
static inline struct dep_node *lt_node_v(struct dep_graph *g, const char *key,
                                         const char *version)
{
    for (size_t i = 0; i < g->nodes.len; i++) {
        struct dep_node *n = &g->nodes.items[i];
        if ((n->path && strcmp(n->path, key) == 0) ||
            (strcmp(n->name, key) == 0 && (!version || strcmp(n->version, version) == 0)))
            return n;
    }
    return NULL;
}

/* First node named `name` in the graph (any lockfile), or NULL. */
static inline struct dep_node *lt_node(struct dep_graph *g, const char *name)
{
    for (size_t i = 0; i < g->nodes.len; i++)
        if (strcmp(g->nodes.items[i].name, name) == 0)
            return &g->nodes.items[i];
    return NULL;
}

static inline bool lt_has_edge(struct dep_graph *g, const char *from, const char *to)
{
    for (size_t i = 0; i < g->edges.len; i++) {
        struct dep_edge *e = &g->edges.items[i];
        if (strcmp(g->nodes.items[e->from].name, from) == 0 && strcmp(e->name, to) == 0)
            return true;
    }
    return false;
}

/* The node at an install path or lockfile key (node->path), asserted. */
static inline struct dep_node *lt_at_path(struct dep_graph *g, const char *key)
{
    for (size_t i = 0; i < g->nodes.len; i++)
        if (g->nodes.items[i].path && strcmp(g->nodes.items[i].path, key) == 0)
            return &g->nodes.items[i];
    cr_assert_fail("no node at %s", key);
    return NULL;
}

/* An edge from node id `from` to node id `to` (after graph_finish or not). */
static inline bool lt_edge_ids(const struct dep_graph *g, unsigned from, unsigned to)
{
    for (size_t i = 0; i < g->edges.len; i++)
        if (g->edges.items[i].from == from && g->edges.items[i].to == to)
            return true;
    return false;
}

static inline bool lt_sniff(lock_sniff_fn fn, const char *text)
{
    return fn(text, strlen(text));
}

/* Reads tests/fixtures/<rel> into a new graph, asserting success. */
static inline struct dep_graph *lt_fixture_graph(lock_read_fn fn, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", test_srcdir(), rel);
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read(fn, g, path, &d), "%s: %u:%u %s", rel, d.line, d.col, d.msg);
    return g;
}

/* The same, finished. */
static inline struct dep_graph *lt_fixture(lock_read_fn fn, const char *rel)
{
    struct dep_graph *g = lt_fixture_graph(fn, rel);
    graph_finish(g);
    return g;
}

/* Finishes g, asserting every by-name edge found its target, and frees it. */
static inline void lt_finish_free(struct dep_graph *g)
{
    graph_finish(g);
    cr_assert_eq(g->n_unresolved, 0, "%u unresolved edges", g->n_unresolved);
    graph_free(g);
}

struct lt_refusal {
    const char *text;
    enum diag_code code;
    unsigned line;
};

static inline void lt_expect_fail(lock_read_fn fn, const char *text, enum diag_code code,
                                  unsigned line);

/* Every text of the table is refused with its code at its line. */
static inline void lt_expect_refusals(lock_read_fn fn, const struct lt_refusal *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        lt_expect_fail(fn, t[i].text, t[i].code, t[i].line);
}

/* text must be refused with `code` at `line`. */
static inline void lt_expect_fail(lock_read_fn fn, const char *text, enum diag_code code,
                                  unsigned line)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert_not(lt_read_text(fn, g, "x.lock", text, &d), "accepted: %s", text);
    cr_assert_eq(d.code, code, "%s", d.msg);
    cr_assert_eq(d.line, line, "line %u: %s", d.line, d.msg);
    graph_free(g);
}

static inline cJSON *lt_load_json(const char *path)
{
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *text = file_read(path, 1u << 24, &len, &d);
    cJSON *j = text ? json_parse(text, len, path, &d) : NULL;
    free(text);
    cr_assert_not_null(j, "%s: %s", path, d.msg);
    return j;
}

/* "name@version#commit" for a node or an expected package. */
static inline void lt_key(char *out, size_t cap, const char *name, const char *version,
                          const char *commit)
{
    snprintf(out, cap, "%s@%s#%s", name, version ? version : "", commit ? commit : "");
}

/* The graph's packages as distinct keys (links and projects left out,
 * copies of one package merged), each dev only when every copy is. */
static inline size_t lt_keys(const struct dep_graph *g, char (*keys)[512], bool *dev)
{
    size_t k = 0;
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *nd = &g->nodes.items[i];
        if (nd->flags & (DEP_LINK | DEP_PROJECT))
            continue;
        char key[512];
        lt_key(key, sizeof(key), nd->name, nd->version, nd->git_ref);
        size_t j = 0;
        while (j < k && strcmp(keys[j], key) != 0)
            j++;
        if (j == k) {
            memcpy(keys[k], key, sizeof(key));
            dev[k++] = true;
        }
        dev[j] = dev[j] && (nd->flags & DEP_DEV);
    }
    return k;
}

/* Compares the graph with an expected package list the way the peer's
 * tests do: as a set of name@version(#commit), dev where the peer asserts
 * it, and the ecosystem. */
static inline void lt_compare(const struct dep_graph *g, const cJSON *want, const char *label)
{
    size_t n = g->nodes.len ? g->nodes.len : 1, matched = 0;
    char (*keys)[512] = calloc(n, sizeof(*keys));
    bool *dev = calloc(n, sizeof(bool)), *hit = calloc(n, sizeof(bool));
    size_t k = lt_keys(g, keys, dev);
    const cJSON *p;
    cJSON_ArrayForEach(p, want) {
        char key[512];
        lt_key(key, sizeof(key), json_str(p, "name"), json_str(p, "version"),
               json_str(p, "commit"));
        size_t j = 0;
        while (j < k && strcmp(keys[j], key) != 0)
            j++;
        cr_expect(j < k, "%s: expected %s, not read", label, key);
        if (j == k)
            continue;
        matched += !hit[j];
        hit[j] = true;
        const cJSON *want_dev = cJSON_GetObjectItemCaseSensitive(p, "dev");
        if (cJSON_IsBool(want_dev))
            cr_expect_eq(dev[j], cJSON_IsTrue(want_dev), "%s: %s dev should be %d", label, key,
                         cJSON_IsTrue(want_dev));
        cr_expect_str_eq(json_str(p, "ecosystem"), ecosystem_name(g->lockfiles.items[0].eco),
                         "%s", label);
    }
    for (size_t j = 0; j < k; j++)
        cr_expect(hit[j], "%s: read %s, not expected", label, keys[j]);
    cr_expect_eq(matched, k, "%s", label);
    free(keys);
    free(dev);
    free(hit);
}

/* A fixture whose result differs from the peer's on purpose: `ours` is
 * the JSON array of what depvet reads instead, or NULL when depvet
 * refuses the file (with a diagnostic naming its line). */
struct lt_diff {
    const char *fixture;
    const char *reason;
    const char *ours;
};

/* A suite's own check of one fixture against the packages it compared. */
typedef void (*lt_fixture_check_fn)(const struct dep_graph *g, const cJSON *want,
                                    const char *fixture);

/* One fixture: refused where the peer fails or diff says so, else
 * compared with the peer's packages or diff's `ours`. */
static inline void lt_osv_one(const struct dep_graph *g, bool ok, const struct diag *d,
                              const cJSON *fx, const struct lt_diff *diff,
                              lt_fixture_check_fn extra)
{
    if (json_bool(fx, "error", false) || (diff && !diff->ours)) {
        cr_expect_not(ok, "%s: the peer fails or we refuse it, and we read it", fx->string);
        cr_expect(d->msg[0], "%s: no diagnostic", fx->string);
        cr_expect(!diff || d->line > 0, "%s: no line", fx->string);
        return;
    }
    cJSON *ours = diff ? cJSON_Parse(diff->ours) : NULL;
    const cJSON *want = diff ? ours : cJSON_GetObjectItemCaseSensitive(fx, "packages");
    cr_expect(ok, "%s: %s", fx->string, d->msg);
    lt_compare(g, want, fx->string);
    if (extra)
        extra(g, want, fx->string);
    cJSON_Delete(ours);
}

/* Every fixture of corpus/lockfiles/osv-fixtures/<folder> through fn,
 * compared with expected.json (or a diff's `ours`), then extra (may be
 * NULL).  Skips the test when the corpus is absent; returns the number of
 * fixtures checked. */
static inline unsigned lt_osv_fixtures(lock_read_fn fn, const char *folder,
                                       const struct lt_diff *diffs, size_t n_diffs,
                                       lt_fixture_check_fn extra)
{
    char dir[1024], path[1600], sub[256];
    snprintf(sub, sizeof sub, "lockfiles/osv-fixtures/%s/expected.json", folder);
    if (!test_corpus(sub, dir, sizeof dir))
        cr_skip_test("lockfile corpus not available");
    cJSON *exp = lt_load_json(dir);
    *strrchr(dir, '/') = '\0';
    unsigned checked = 0;
    const cJSON *fx;
    cJSON_ArrayForEach(fx, exp) {
        if (fx->string[0] == '_')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, fx->string);
        const struct lt_diff *diff = NULL;
        for (size_t i = 0; i < n_diffs; i++)
            if (strcmp(diffs[i].fixture, fx->string) == 0)
                diff = &diffs[i];
        struct diag d;
        bool ok;
        struct dep_graph *g = lt_read_new(fn, path, &ok, &d);
        lt_osv_one(g, ok, &d, fx, diff, extra);
        graph_free(g);
        checked++;
    }
    cJSON_Delete(exp);
    cr_log_info("osv-fixtures/%s: %u fixtures", folder, checked);
    cr_assert_gt(checked, 0);
    return checked;
}

/* Where the corpus index's own count is wrong, the count read from the
 * file by hand, and why. */
static const struct {
    const char *file;
    unsigned entries;
    const char *why;
} lt_index_corrections_table[] = {
    {"real/hex/hexpm__hexpm@17b2b14c__mix.lock", 39,
     "the first entry (\"bamboo\") shares its line with the opening %{, which "
     "a line-based count misses: the file holds 39 keys"},
    {"real/hex/hexpm__hexpm@0de68dc8__mix.lock", 15,
     "the same: \"bcrypt\" sits on the line of the opening %{; 15 keys"},
};

/* One real lockfile of a corpus index, read and finished. */
struct lt_real_file {
    const cJSON *entry;     /* its record in the index */
    const char *path;
    unsigned entries;       /* the index's count, corrected by the table above */
};

typedef void (*lt_real_check_fn)(struct dep_graph *g, const struct lt_real_file *f);

static inline unsigned lt_entries(const cJSON *rec)
{
    const char *file = json_str(rec, "file");
    for (size_t i = 0; file && i < sizeof(lt_index_corrections_table) /
                                       sizeof(*lt_index_corrections_table); i++)
        if (strcmp(lt_index_corrections_table[i].file, file) == 0)
            return lt_index_corrections_table[i].entries;
    return (unsigned)json_num(rec, "entries", -1);
}

/* Reads every lockfile of the corpus index `index_name` (real-index.json,
 * real-index-new-formats.json) whose format starts with `format`,
 * asserting that it reads (and, with count, that its node count is the
 * index's), and calls check (may be NULL) on the finished graph.  Returns
 * the number of files, 0 when the corpus is absent. */
static inline unsigned lt_real_scan(const char *index_name, const char *format, lock_read_fn fn,
                                    bool count, lt_real_check_fn check)
{
    char index[1024], path[1600], sub[256];
    snprintf(sub, sizeof sub, "lockfiles/%s", index_name);
    if (!test_corpus(sub, index, sizeof index))
        return 0;
    cJSON *root = lt_load_json(index);
    *strrchr(index, '/') = 0;
    unsigned files = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, json_arr(root, "files")) {
        const char *fmt = json_str(f, "format"), *file = json_str(f, "file");
        if (!fmt || !file || strncmp(fmt, format, strlen(format)) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", index, file);
        struct diag d;
        bool ok;
        struct dep_graph *g = lt_read_new(fn, path, &ok, &d);
        cr_assert(ok, "%s: %u:%u %s", file, d.line, d.col, d.msg);
        struct lt_real_file rf = {f, path, lt_entries(f)};
        cr_log_info("%s: %zu nodes, index says %u", file, g->nodes.len, rf.entries);
        cr_expect(!count || g->nodes.len == rf.entries, "%s: %zu nodes, index says %u", file,
                  g->nodes.len, rf.entries);
        if (check)
            check(g, &rf);
        graph_free(g);
        files++;
    }
    cJSON_Delete(root);
    cr_log_info("real %s files: %u", format, files);
    return files;
}

/* A check for lockfiles whose companion manifest sits beside them in the
 * corpus: some nodes must come out direct. */
static inline void lt_check_some_direct(struct dep_graph *g, const struct lt_real_file *f)
{
    unsigned direct = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        direct += !!(g->nodes.items[i].flags & DEP_DIRECT);
    cr_expect_gt(direct, 0, "%s: no direct dependencies", f->path);
}

/* Every real file of the index and format reads, its node count equals the
 * index's entry count, and check (when not NULL) accepts the graph; skips
 * the test when the corpus is absent. */
static inline void lt_real_files_in(const char *index_name, const char *format,
                                    lock_read_fn fn, lt_real_check_fn check)
{
    char probe[1024], sub[256];
    snprintf(sub, sizeof sub, "lockfiles/%s", index_name);
    if (!test_corpus(sub, probe, sizeof probe))
        cr_skip_test("lockfile corpus not available");
    cr_assert_gt(lt_real_scan(index_name, format, fn, true, check), 0, "no %s files", format);
}

static inline void lt_real_files(const char *format, lock_read_fn fn, lt_real_check_fn check)
{
    lt_real_files_in("real-index.json", format, fn, check);
}

/* The checks every TOML reader shares: empty input is an empty lockfile,
 * broken TOML is DIAG_SYNTAX with a position, a NUL byte is refused, and
 * valid TOML of another shape is DIAG_UNSUPPORTED. */
static inline void lt_toml_reader_basics(lock_read_fn fn, const char *other_shape)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    cr_assert(lt_read_text(fn, g, "x.lock", "", &d), "%s", d.msg);
    cr_assert_eq(g->nodes.len, 0);
    cr_assert_not(lt_read_text(fn, g, "x.lock", "ok = 1\nthis is not toml\n", &d));
    cr_assert_eq(d.code, DIAG_SYNTAX);
    cr_assert_eq(d.line, 2);
    cr_assert_str_eq(d.where, "x.lock");
    diag_clear(&d);
    cr_assert_not(fn(g, "x.lock", "a = 1\n\0", 7, &d));
    cr_assert_eq(d.code, DIAG_SYNTAX);
    cr_assert_not(lt_read_text(fn, g, "x.lock", other_shape, &d));
    cr_assert_eq(d.code, DIAG_UNSUPPORTED, "%s", d.msg);
    graph_free(g);
}

#endif
