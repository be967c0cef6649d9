/* Helpers shared by the lockfile reader tests: read a file into a graph,
 * find a node, and read the corpus index. */
#ifndef DEPVET_TEST_LOCK_HELPERS_H
#define DEPVET_TEST_LOCK_HELPERS_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/lock/reader.h"
#include "helpers.h"

/* Reads path with fn into a fresh graph (finished); NULL with d set on error. */
static inline struct dep_graph *read_with(lock_read_fn fn, const char *path, struct diag *d)
{
    diag_clear(d);
    size_t len;
    char *buf = file_read(path, LOCK_MAX_BYTES, &len, d);
    if (!buf)
        return NULL;
    struct dep_graph *g = graph_new();
    bool ok = fn(g, path, buf, len, d);
    free(buf);
    if (!ok) {
        graph_free(g);
        return NULL;
    }
    graph_finish(g);
    return g;
}

static inline const struct dep_node *node_named(const struct dep_graph *g, const char *name)
{
    for (size_t i = 0; i < g->nodes.len; i++)
        if (strcmp(g->nodes.items[i].name, name) == 0)
            return &g->nodes.items[i];
    return NULL;
}

static inline bool has_edge(const struct dep_graph *g, const char *from, const char *to)
{
    for (size_t i = 0; i < g->edges.len; i++)
        if (strcmp(g->nodes.items[g->edges.items[i].from].name, from) == 0 &&
            strcmp(g->nodes.items[g->edges.items[i].to].name, to) == 0)
            return true;
    return false;
}

/* Parsed corpus/lockfiles/real-index.json, or NULL when the corpus is absent. */
static inline cJSON *real_index(char *dir, size_t dirlen)
{
    char path[1024];
    if (!test_corpus("lockfiles/real-index.json", path, sizeof(path)))
        return NULL;
    snprintf(dir, dirlen, "%.*s", (int)(strlen(path) - strlen("/real-index.json")), path);
    struct diag d;
    diag_clear(&d);
    size_t len;
    char *buf = file_read(path, 16u << 20, &len, &d);
    cJSON *j = buf ? json_parse(buf, len, path, &d) : NULL;
    free(buf);
    return j;
}

/* Where the corpus index's independent count is itself wrong, the count
 * read from the file by hand, and why. */
static const struct {
    const char *file;
    double entries;
    const char *why;
} real_index_corrections_table[] = {
    {"real/hex/hexpm__hexpm@17b2b14c__mix.lock", 39,
     "the first entry (\"bamboo\") shares its line with the opening %{, so a "
     "line-based count misses it: the file holds 39 keys"},
    {"real/hex/hexpm__hexpm@0de68dc8__mix.lock", 15,
     "the same: \"bcrypt\" sits on the line of the opening %{; 15 keys"},
};

/* The expected entry count of a real-index record, corrected where needed. */
static inline double real_entries(const cJSON *rec)
{
    const char *file = json_str(rec, "file");
    for (size_t i = 0; file && i < sizeof(real_index_corrections_table) /
                                       sizeof(*real_index_corrections_table); i++)
        if (strcmp(real_index_corrections_table[i].file, file) == 0)
            return real_index_corrections_table[i].entries;
    return json_num(rec, "entries", -1);
}

#endif
