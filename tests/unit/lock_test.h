/* Shared helpers for the lockfile reader tests: reading a file through a
 * reader, the osv-scalibr fixture comparison and the real-file counts. */
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

struct lt_known { const char *what; const char *reason; };

static inline bool lt_is_known(const struct lt_known *known, const char *what)
{
    for (size_t i = 0; known && known[i].what; i++)
        if (strcmp(known[i].what, what) == 0)
            return true;
    return false;
}

/* Compares one fixture with its expected packages (unordered, by name and
 * version; dev flag where the peer asserts it).  The project's own entry
 * (DEP_PROJECT) is not a package for the peer.  Returns mismatches. */
static inline unsigned lt_compare(struct dep_graph *g, const char *fixture,
                                  const cJSON *packages, const struct lt_known *known)
{
    unsigned bad = 0, count = 0;
    bool *used = calloc(g->nodes.len + 1, 1);
    for (size_t i = 0; i < g->nodes.len; i++)
        count += !(g->nodes.items[i].flags & DEP_PROJECT);
    if (count != (unsigned)cJSON_GetArraySize(packages)) {
        cr_log_error("%s: %u packages, expected %d", fixture, count,
                     cJSON_GetArraySize(packages));
        bad++;
    }
    for (const cJSON *p = packages ? packages->child : NULL; p; p = p->next) {
        const char *name = json_str(p, "name"), *version = json_str(p, "version");
        char what[512];
        snprintf(what, sizeof what, "%s/%s", fixture, name ? name : "?");
        struct dep_node *hit = NULL;
        for (size_t i = 0; i < g->nodes.len && !hit; i++) {
            struct dep_node *n = &g->nodes.items[i];
            if (!used[i] && !(n->flags & DEP_PROJECT) && name && version &&
                strcmp(n->name, name) == 0 && strcmp(n->version, version) == 0) {
                used[i] = true;
                hit = n;
            }
        }
        const cJSON *dev = cJSON_GetObjectItemCaseSensitive(p, "dev");
        bool ok = hit && (!cJSON_IsBool(dev) ||
                          cJSON_IsTrue(dev) == !!(hit->flags & DEP_DEV));
        if (!ok && !lt_is_known(known, what)) {
            cr_log_error("%s: %s", what, hit ? "dev flag differs" : "missing");
            bad++;
        }
    }
    free(used);
    return bad;
}

/* Every fixture of corpus/lockfiles/osv-fixtures/<folder>. */
static inline void lt_osv_fixtures(const char *folder, lock_read_fn fn,
                                   const struct lt_known *known)
{
    char dir[1024], sub[256], path[1600];
    snprintf(sub, sizeof sub, "lockfiles/osv-fixtures/%s/expected.json", folder);
    if (!test_corpus(sub, dir, sizeof dir))
        cr_skip_test("lockfile corpus not available");
    struct diag d;
    cJSON *exp = lt_load_json(dir);
    dir[strlen(dir) - strlen("/expected.json")] = 0;
    unsigned bad = 0, files = 0;
    for (const cJSON *c = exp->child; c; c = c->next) {
        if (c->string[0] == '_')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, c->string);
        struct dep_graph *g = graph_new();
        bool ok = lt_read(fn, g, path, &d);
        bool want_error = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "error"));
        files++;
        if (want_error != !ok) {
            cr_log_error("%s: %s", c->string, ok ? "accepted, expected an error" : d.msg);
            bad++;
        } else if (ok) {
            bad += lt_compare(g, c->string, json_arr(c, "packages"), known);
        }
        graph_free(g);
    }
    cJSON_Delete(exp);
    cr_log_info("osv-fixtures/%s: %u fixtures, %u mismatches", folder, files, bad);
    cr_assert_gt(files, 0);
    cr_assert_eq(bad, 0, "%u mismatches in osv-fixtures/%s", bad, folder);
}

typedef void (*lt_real_check_fn)(struct dep_graph *g, const cJSON *entry);

/* A check for lockfiles whose companion manifest sits beside them in the
 * corpus: some nodes must come out direct. */
static inline void lt_check_some_direct(struct dep_graph *g, const cJSON *entry)
{
    unsigned direct = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        direct += !!(g->nodes.items[i].flags & DEP_DIRECT);
    cr_expect_gt(direct, 0, "%s: no direct dependencies", json_str(entry, "file"));
}

/* Every real lockfile of the corpus index `index_name` (real-index.json,
 * real-index-new-formats.json) whose format starts with `format`: it
 * reads, its node count equals the index's entry count, and check (when
 * not NULL) accepts the graph. */
static inline void lt_real_files_in(const char *index_name, const char *format,
                                    lock_read_fn fn, lt_real_check_fn check)
{
    char index[1024], path[1600], sub[256];
    snprintf(sub, sizeof sub, "lockfiles/%s", index_name);
    if (!test_corpus(sub, index, sizeof index))
        cr_skip_test("lockfile corpus not available");
    struct diag d;
    cJSON *root = lt_load_json(index);
    *strrchr(index, '/') = 0;
    unsigned files = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, json_arr(root, "files")) {
        const char *fmt = json_str(f, "format"), *file = json_str(f, "file");
        if (!fmt || !file || strncmp(fmt, format, strlen(format)) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", index, file);
        struct dep_graph *g = graph_new();
        cr_assert(lt_read(fn, g, path, &d), "%s: %u:%u %s", file, d.line, d.col, d.msg);
        cr_expect_eq(g->nodes.len, (size_t)json_num(f, "entries", -1),
                     "%s: %zu nodes, index says %.0f", file, g->nodes.len,
                     json_num(f, "entries", -1));
        cr_log_info("%s: %zu nodes, index says %.0f", file, g->nodes.len,
                    json_num(f, "entries", -1));
        if (check)
            check(g, f);
        graph_finish(g);
        graph_free(g);
        files++;
    }
    cr_log_info("real %s files: %u", format, files);
    cr_assert_gt(files, 0);
    cJSON_Delete(root);
}

static inline void lt_real_files(const char *format, lock_read_fn fn, lt_real_check_fn check)
{
    lt_real_files_in("real-index.json", format, fn, check);
}

#endif

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

