/* Test helpers for lockfile readers: read a file through a reader, and
 * compare a graph with the osv-scalibr expectations in the shared corpus
 * (see corpus/lockfiles/SOURCES.md for expected.json). */
#ifndef DEPVET_TEST_LOCK_FIXTURES_H
#define DEPVET_TEST_LOCK_FIXTURES_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/lock/graph.h"
#include "depvet/lock/reader.h"
#include "helpers.h"

/* Reads path with fn into a fresh graph (finished); *ok gets the result. */
static inline struct dep_graph *lockfx_read(lock_read_fn fn, const char *path,
                                            bool *ok, struct diag *d)
{
    size_t len = 0;
    diag_clear(d);
    char *buf = file_read(path, LOCK_MAX_BYTES, &len, d);
    cr_assert_not_null(buf, "cannot read %s: %s", path, d->msg);
    struct dep_graph *g = graph_new();
    *ok = fn(g, path, buf, len, d);
    graph_finish(g);
    free(buf);
    return g;
}

/* A fixture under tests/fixtures/. */
static inline struct dep_graph *lockfx_fixture(lock_read_fn fn, const char *rel,
                                               struct diag *d)
{
    char path[1024];
    bool ok;
    snprintf(path, sizeof(path), "%s/tests/fixtures/%s", test_srcdir(), rel);
    struct dep_graph *g = lockfx_read(fn, path, &ok, d);
    char msg[1200];
    diag_format(d, msg, sizeof(msg));
    cr_assert(ok, "%s: %s", rel, msg);
    return g;
}

/* Reads a string through fn; returns the result, d gets the diagnostic. */
static inline bool lockfx_text(lock_read_fn fn, const char *text, size_t len,
                               struct diag *d)
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

/* The node at an npm install path, or of a name (first), or NULL. */
static inline struct dep_node *lockfx_node(struct dep_graph *g, const char *name,
                                           const char *version)
{
    for (size_t i = 0; i < g->nodes.len; i++) {
        struct dep_node *n = &g->nodes.items[i];
        if ((n->path && strcmp(n->path, name) == 0) ||
            (strcmp(n->name, name) == 0 && (!version || strcmp(n->version, version) == 0)))
            return n;
    }
    return NULL;
}

/* True when there is an edge from -> to. */
static inline bool lockfx_edge(const struct dep_graph *g, unsigned from, unsigned to)
{
    for (size_t i = 0; i < g->edges.len; i++)
        if (g->edges.items[i].from == from && g->edges.items[i].to == to)
            return true;
    return false;
}

/* "name@version#commit" for a node or an expected package. */
static inline void lockfx_key(char *out, size_t cap, const char *name,
                              const char *version, const char *commit)
{
    snprintf(out, cap, "%s@%s#%s", name, version ? version : "",
             commit ? commit : "");
}

/* Compares the graph with an expected package list the way the peer's tests
 * do: as a set of name@version(#commit), links and projects left out,
 * copies of one package merged, dev only when every copy is dev. */
static inline void lockfx_compare(const struct dep_graph *g, const cJSON *want,
                                  const char *label)
{
    size_t n = g->nodes.len, matched = 0;
    char (*keys)[512] = calloc(n ? n : 1, sizeof(*keys));
    bool *dev = calloc(n ? n : 1, sizeof(bool)), *hit = calloc(n ? n : 1, sizeof(bool));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct dep_node *nd = &g->nodes.items[i];
        if (nd->flags & (DEP_LINK | DEP_PROJECT))
            continue;
        char key[512];
        lockfx_key(key, sizeof(key), nd->name, nd->version, nd->git_ref);
        size_t j = 0;
        while (j < k && strcmp(keys[j], key) != 0)
            j++;
        if (j == k) {
            memcpy(keys[k], key, sizeof(key));
            dev[k++] = true;
        }
        dev[j] = dev[j] && (nd->flags & DEP_DEV);
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, want) {
        char key[512];
        lockfx_key(key, sizeof(key), json_str(p, "name"), json_str(p, "version"),
                   json_str(p, "commit"));
        size_t j = 0;
        while (j < k && strcmp(keys[j], key) != 0)
            j++;
        cr_expect(j < k, "%s: expected %s, not read", label, key);
        if (j == k)
            continue;
        if (!hit[j])
            matched++;
        hit[j] = true;
        const cJSON *want_dev = cJSON_GetObjectItemCaseSensitive(p, "dev");
        if (cJSON_IsBool(want_dev))
            cr_expect_eq(dev[j], cJSON_IsTrue(want_dev), "%s: %s dev should be %d",
                         label, key, cJSON_IsTrue(want_dev));
        cr_expect_str_eq(json_str(p, "ecosystem"),
                         ecosystem_name(g->lockfiles.items[0].eco), "%s", label);
    }
    for (size_t j = 0; j < k; j++)
        cr_expect(hit[j], "%s: read %s, not expected", label, keys[j]);
    cr_expect_eq(matched, k, "%s", label);
    free(keys);
    free(dev);
    free(hit);
}

/* A fixture whose result differs from the peer's on purpose. */
struct lockfx_diff {
    const char *fixture;
    const char *reason;
    const char *ours;  /* JSON array of what depvet reads instead */
};

/* Runs every fixture of corpus/lockfiles/osv-fixtures/<folder> through fn
 * and compares with expected.json, or with `ours` for a known difference.
 * Returns the number of fixtures checked (0 = corpus absent). */
static inline unsigned lockfx_osv(lock_read_fn fn, const char *folder,
                                  const struct lockfx_diff *diffs, size_t n_diffs)
{
    char dir[1024], path[1200], sub[256];
    snprintf(sub, sizeof(sub), "lockfiles/osv-fixtures/%s/expected.json", folder);
    if (!test_corpus(sub, dir, sizeof(dir)))
        return 0;
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *text = file_read(dir, 1u << 24, &len, &d);
    cr_assert_not_null(text);
    cJSON *exp = json_parse(text, len, dir, &d);
    cr_assert_not_null(exp);
    *strrchr(dir, '/') = '\0';
    unsigned checked = 0;
    const cJSON *fx;
    cJSON_ArrayForEach(fx, exp) {
        if (fx->string[0] == '_')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, fx->string);
        bool ok;
        struct dep_graph *g = lockfx_read(fn, path, &ok, &d);
        const struct lockfx_diff *diff = NULL;
        for (size_t i = 0; i < n_diffs; i++)
            if (strcmp(diffs[i].fixture, fx->string) == 0)
                diff = &diffs[i];
        if (json_bool(fx, "error", false)) {
            cr_expect_not(ok, "%s: the peer fails, we read it", fx->string);
            cr_expect(d.msg[0], "%s: no diagnostic", fx->string);
        } else if (diff) {
            cJSON *ours = cJSON_Parse(diff->ours);
            cr_expect(ok, "%s: %s", fx->string, d.msg);
            lockfx_compare(g, ours, fx->string);
            cJSON_Delete(ours);
        } else {
            cr_expect(ok, "%s: %s", fx->string, d.msg);
            lockfx_compare(g, cJSON_GetObjectItemCaseSensitive(fx, "packages"),
                           fx->string);
        }
        graph_free(g);
        checked++;
    }
    cJSON_Delete(exp);
    free(text);
    return checked;
}

/* Where the corpus index's own count is wrong, the count read from the
 * file by hand, and why. */
static const struct {
    const char *file;
    unsigned entries;
    const char *why;
} lockfx_index_corrections_table[] = {
    {"real/hex/hexpm__hexpm@17b2b14c__mix.lock", 39,
     "the first entry (\"bamboo\") shares its line with the opening %{, which "
     "a line-based count misses: the file holds 39 keys"},
    {"real/hex/hexpm__hexpm@0de68dc8__mix.lock", 15,
     "the same: \"bcrypt\" sits on the line of the opening %{; 15 keys"},
};

static inline unsigned lockfx_entries(const cJSON *rec)
{
    const char *file = json_str(rec, "file");
    for (size_t i = 0; file && i < sizeof(lockfx_index_corrections_table) /
                                       sizeof(*lockfx_index_corrections_table); i++)
        if (strcmp(lockfx_index_corrections_table[i].file, file) == 0)
            return lockfx_index_corrections_table[i].entries;
    return (unsigned)json_num(rec, "entries", -1);
}

/* Reads every lockfile of real-index.json whose format starts with
 * `format` and calls check(graph, entries, path). */
static inline unsigned lockfx_real(lock_read_fn fn, const char *format,
                                   void (*check)(struct dep_graph *, unsigned,
                                                 const char *))
{
    char idx[1024], path[1200];
    if (!test_corpus("lockfiles/real-index.json", idx, sizeof(idx)))
        return 0;
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *text = file_read(idx, 1u << 24, &len, &d);
    cJSON *doc = text ? json_parse(text, len, idx, &d) : NULL;
    cr_assert_not_null(doc);
    *strrchr(idx, '/') = '\0';
    unsigned n = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(doc, "files")) {
        const char *fmt = json_str(f, "format");
        if (!fmt || strncmp(fmt, format, strlen(format)) != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", idx, json_str(f, "file"));
        bool ok;
        struct dep_graph *g = lockfx_read(fn, path, &ok, &d);
        char msg[1200];
        diag_format(&d, msg, sizeof(msg));
        cr_expect(ok, "%s", msg);
        check(g, lockfx_entries(f), path);
        graph_free(g);
        n++;
    }
    cJSON_Delete(doc);
    free(text);
    return n;
}

#endif
