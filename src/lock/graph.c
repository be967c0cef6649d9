/* The dependency graph: nodes, edges, a name index and the in/out lists. */
#include "depvet/lock/graph.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"

/* Open addressing on (lockfile, key); rebuilt as it fills past one half. */
struct graph_index {
    unsigned *slots;   /* node id + 1; 0 = empty */
    size_t cap, used;
};

static uint64_t hash_key(unsigned lockfile, const char *key)
{
    uint64_t h = 1469598103934665603ull ^ lockfile;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

static void index_put(struct dep_graph *g, unsigned id);

static void index_grow(struct dep_graph *g)
{
    struct graph_index *ix = g->index;
    free(ix->slots);
    ix->cap = ix->cap ? ix->cap * 2 : 256;
    ix->slots = xcalloc(ix->cap, sizeof(*ix->slots));
    ix->used = 0;
    for (size_t i = 0; i < g->nodes.len; i++)
        index_put(g, (unsigned)i);
}

static void index_put(struct dep_graph *g, unsigned id)
{
    struct graph_index *ix = g->index;
    if ((ix->used + 1) * 2 > ix->cap) {
        index_grow(g); /* re-inserts every node, this one included */
        return;
    }
    const struct dep_node *n = &g->nodes.items[id];
    size_t mask = ix->cap - 1;
    for (size_t i = hash_key(n->lockfile, n->key) & mask;; i = (i + 1) & mask) {
        unsigned s = ix->slots[i];
        if (!s) {
            ix->slots[i] = id + 1;
            ix->used++;
            return;
        }
        const struct dep_node *o = &g->nodes.items[s - 1];
        if (o->lockfile == n->lockfile && strcmp(o->key, n->key) == 0)
            return; /* the first node of a name keeps the slot */
    }
}

struct dep_graph *graph_new(void)
{
    struct dep_graph *g = xcalloc(1, sizeof(*g));
    g->arena = arena_new();
    g->index = xcalloc(1, sizeof(*g->index));
    return g;
}

void graph_free(struct dep_graph *g)
{
    if (!g)
        return;
    VEC_FREE(&g->nodes);
    VEC_FREE(&g->edges);
    VEC_FREE(&g->lockfiles);
    free(g->out);
    free(g->in);
    if (g->index)
        free(g->index->slots);
    free(g->index);
    arena_free(g->arena);
    free(g);
}

const char *graph_strdup(struct dep_graph *g, const char *s)
{
    return arena_strdup(g->arena, s);
}

unsigned graph_add_lockfile(struct dep_graph *g, const char *path,
                            const char *format, enum ecosystem eco)
{
    struct lockfile_info *lf = VEC_ADD(&g->lockfiles);
    lf->path = graph_strdup(g, path);
    lf->format = graph_strdup(g, format);
    lf->eco = eco;
    return (unsigned)g->lockfiles.len - 1;
}

/* Appends to an arena-owned array of n items, copying the old ones. */
static void *arena_append(struct arena *a, void *arr, unsigned n, size_t elem)
{
    void *fresh = arena_alloc(a, (n + 1) * elem);
    if (n)
        memcpy(fresh, arr, n * elem);
    return fresh;
}

void graph_lockfile_add_index(struct dep_graph *g, unsigned lockfile,
                              const char *url)
{
    struct lockfile_info *lf = &g->lockfiles.items[lockfile];
    for (unsigned i = 0; i < lf->n_index_urls; i++)
        if (strcmp(lf->index_urls[i], url) == 0)
            return;
    lf->index_urls = arena_append(g->arena, (void *)lf->index_urls,
                                  lf->n_index_urls, sizeof(char *));
    lf->index_urls[lf->n_index_urls++] = graph_strdup(g, url);
}

void graph_lockfile_add_dup_key(struct dep_graph *g, unsigned lockfile,
                                const struct lock_dup_key *k)
{
    struct lockfile_info *lf = &g->lockfiles.items[lockfile];
    lf->dup_keys = arena_append(g->arena, lf->dup_keys, lf->n_dup_keys, sizeof(*k));
    lf->dup_keys[lf->n_dup_keys] = *k;
    lf->dup_keys[lf->n_dup_keys++].pointer = graph_strdup(g, k->pointer);
}

unsigned graph_add_node(struct dep_graph *g, unsigned lockfile,
                        enum ecosystem eco, const char *name,
                        const char *version)
{
    char keybuf[256];
    size_t need = ecosystem_normalize_name(eco, name, keybuf, sizeof(keybuf));
    const char *key;
    if (need < sizeof(keybuf)) {
        key = graph_strdup(g, keybuf);
    } else {
        char *big = arena_alloc(g->arena, need + 1);
        ecosystem_normalize_name(eco, name, big, need + 1);
        key = big;
    }
    struct dep_node *n = VEC_ADD(&g->nodes);
    n->id = (unsigned)g->nodes.len - 1;
    n->lockfile = lockfile;
    n->eco = eco;
    n->name = graph_strdup(g, name);
    n->key = key;
    n->version = graph_strdup(g, version ? version : "");
    index_put(g, n->id);
    return n->id;
}

struct dep_node *graph_node(struct dep_graph *g, unsigned id)
{
    return &g->nodes.items[id];
}

void graph_node_add_checksum(struct dep_graph *g, unsigned id, const char *algo,
                             const char *value, const char *what)
{
    struct dep_node *n = graph_node(g, id);
    n->checksums = arena_append(g->arena, n->checksums, n->n_checksums,
                                sizeof(struct checksum));
    struct checksum *c = &n->checksums[n->n_checksums++];
    c->algo = graph_strdup(g, algo);
    c->value = graph_strdup(g, value);
    c->what = graph_strdup(g, what);
}

void graph_node_add_group(struct dep_graph *g, unsigned id, const char *group)
{
    struct dep_node *n = graph_node(g, id);
    for (unsigned i = 0; i < n->n_groups; i++)
        if (strcmp(n->groups[i], group) == 0)
            return;
    n->groups = arena_append(g->arena, (void *)n->groups, n->n_groups,
                             sizeof(char *));
    n->groups[n->n_groups++] = graph_strdup(g, group);
}

void graph_add_edge(struct dep_graph *g, unsigned from, unsigned to,
                    const char *req, unsigned flags)
{
    struct dep_edge *e = VEC_ADD(&g->edges);
    e->from = from;
    e->to = to;
    e->name = to != GRAPH_NONE ? g->nodes.items[to].name : NULL;
    e->req = graph_strdup(g, req);
    e->flags = flags;
}

void graph_add_edge_by_name(struct dep_graph *g, unsigned from,
                            const char *name, const char *req, unsigned flags)
{
    graph_add_edge(g, from, GRAPH_NONE, req, flags);
    g->edges.items[g->edges.len - 1].name = graph_strdup(g, name);
}

unsigned graph_find(const struct dep_graph *g, unsigned lockfile,
                    const char *name)
{
    const struct graph_index *ix = g->index;
    if (!ix->cap || lockfile >= g->lockfiles.len)
        return GRAPH_NONE;
    char keybuf[256];
    if (ecosystem_normalize_name(g->lockfiles.items[lockfile].eco, name, keybuf,
                                 sizeof(keybuf)) >= sizeof(keybuf))
        return GRAPH_NONE;
    size_t mask = ix->cap - 1;
    for (size_t i = hash_key(lockfile, keybuf) & mask;; i = (i + 1) & mask) {
        unsigned s = ix->slots[i];
        if (!s)
            return GRAPH_NONE;
        const struct dep_node *o = &g->nodes.items[s - 1];
        if (o->lockfile == lockfile && strcmp(o->key, keybuf) == 0)
            return s - 1;
    }
}

static int edge_cmp(const void *a, const void *b)
{
    const struct dep_edge *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return 0;
}

/* Counting sort of edge ids by one endpoint into a flat array. */
static unsigned *group_edges(struct dep_graph *g, bool by_to)
{
    size_t nn = g->nodes.len, ne = g->edges.len;
    unsigned *start = xcalloc(nn + 1, sizeof(unsigned));
    for (size_t i = 0; i < ne; i++)
        start[(by_to ? g->edges.items[i].to : g->edges.items[i].from) + 1]++;
    for (size_t i = 0; i < nn; i++)
        start[i + 1] += start[i];
    unsigned *arr = xmalloc((ne ? ne : 1) * sizeof(unsigned));
    unsigned *fill = xmalloc((nn ? nn : 1) * sizeof(unsigned));
    memcpy(fill, start, nn * sizeof(unsigned));
    for (size_t i = 0; i < ne; i++) {
        unsigned k = by_to ? g->edges.items[i].to : g->edges.items[i].from;
        arr[fill[k]++] = (unsigned)i;
    }
    for (size_t i = 0; i < nn; i++) {
        struct dep_node *n = &g->nodes.items[i];
        if (by_to) {
            n->first_in = start[i];
            n->n_in = start[i + 1] - start[i];
        } else {
            n->first_out = start[i];
            n->n_out = start[i + 1] - start[i];
        }
    }
    free(fill);
    free(start);
    return arr;
}

void graph_finish(struct dep_graph *g)
{
    size_t keep = 0;
    for (size_t i = 0; i < g->edges.len; i++) {
        struct dep_edge e = g->edges.items[i];
        if (e.to == GRAPH_NONE) {
            e.to = graph_find(g, g->nodes.items[e.from].lockfile, e.name);
            if (e.to == GRAPH_NONE) {
                g->n_unresolved++;
                continue;
            }
        }
        if (e.to == e.from)
            continue;
        if (!e.name)
            e.name = g->nodes.items[e.to].name;
        g->edges.items[keep++] = e;
    }
    g->edges.len = keep;
    /* Stable order and no duplicate (from, to) pairs: the first one wins. */
    if (keep > 1) {
        qsort(g->edges.items, keep, sizeof(struct dep_edge), edge_cmp);
        size_t w = 1;
        for (size_t i = 1; i < keep; i++)
            if (edge_cmp(&g->edges.items[i], &g->edges.items[w - 1]) != 0)
                g->edges.items[w++] = g->edges.items[i];
        g->edges.len = w;
    }
    free(g->out);
    free(g->in);
    g->out = group_edges(g, false);
    g->in = group_edges(g, true);
}

size_t graph_roots(const struct dep_graph *g, unsigned lockfile, unsigned **out)
{
    size_t n = 0, cap = 0;
    unsigned *roots = NULL;
    bool any_direct = false;
    for (size_t i = 0; i < g->nodes.len; i++)
        if (g->nodes.items[i].lockfile == lockfile &&
            (g->nodes.items[i].flags & (DEP_DIRECT | DEP_PROJECT)))
            any_direct = true;
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *nd = &g->nodes.items[i];
        if (nd->lockfile != lockfile)
            continue;
        bool root = any_direct ? (nd->flags & (DEP_DIRECT | DEP_PROJECT)) &&
                                     !(nd->flags & DEP_PROJECT && nd->n_in)
                               : nd->n_in == 0;
        if (root) {
            roots = xgrow(roots, &cap, n + 1, sizeof(unsigned));
            roots[n++] = (unsigned)i;
        }
    }
    *out = roots;
    return n;
}

void node_set_init(struct node_set *s, size_t n)
{
    s->cap = 64;
    while (s->cap < n * 2)
        s->cap *= 2;
    s->slots = xcalloc(s->cap, sizeof(unsigned));
}

void node_set_fini(struct node_set *s)
{
    free(s->slots);
    s->slots = NULL;
}

static bool same_package(const struct dep_node *a, const struct dep_node *b, bool by_version)
{
    return a->eco == b->eco && strcmp(a->key, b->key) == 0 &&
           (!by_version || strcmp(a->version, b->version) == 0);
}

bool node_set_add(struct node_set *s, const struct dep_graph *g, unsigned id, bool by_version)
{
    const struct dep_node *n = &g->nodes.items[id];
    uint64_t h = 1469598103934665603ull ^ (uint64_t)n->eco;
    for (const char *p = n->key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (const char *p = by_version ? n->version : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slots[i]) {
            s->slots[i] = id + 1;
            return true;
        }
        if (same_package(&g->nodes.items[s->slots[i] - 1], n, by_version))
            return false;
    }
}
