/* Flattening the dependency graph into the tree panel's visible rows. */
#include "depvet/tui/treemodel.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/vec.h"
#include "depvet/core/xmalloc.h"

/* A set of 64-bit path hashes (0 is never a valid hash, all-ones marks a
 * deleted slot). */
struct hashset {
    uint64_t *slots;
    size_t cap, used;
};

struct treemodel {
    const struct dep_graph *g;
    unsigned **kids;        /* per node: children sorted by name */
    unsigned *nkids;
    unsigned **roots;       /* per lockfile: roots sorted by name */
    size_t *nroots;
    struct hashset open;    /* expanded rows */
    VEC(struct tree_row) rows;
    struct tree_filter filter;
    unsigned *stack;        /* node ids of the ancestors while building */
    unsigned char *expanded_once; /* node already shown expanded this build */
};

#define SLOT_DELETED UINT64_MAX

static uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h && h != SLOT_DELETED ? h : 1;
}

static bool set_has(const struct hashset *s, uint64_t h)
{
    if (!s->cap)
        return false;
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->slots[i] == h)
            return true;
        if (!s->slots[i])
            return false;
    }
}

static void set_put(struct hashset *s, uint64_t h);

static void set_grow(struct hashset *s)
{
    struct hashset old = *s;
    s->cap = old.cap ? old.cap * 2 : 64;
    s->slots = xcalloc(s->cap, sizeof(uint64_t));
    s->used = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i] && old.slots[i] != SLOT_DELETED)
            set_put(s, old.slots[i]);
    free(old.slots);
}

static void set_put(struct hashset *s, uint64_t h)
{
    if (set_has(s, h))
        return;
    if ((s->used + 1) * 2 > s->cap)
        set_grow(s);
    size_t i = h & (s->cap - 1);
    while (s->slots[i] && s->slots[i] != SLOT_DELETED)
        i = (i + 1) & (s->cap - 1);
    s->slots[i] = h;
    s->used++;
}

static void set_del(struct hashset *s, uint64_t h)
{
    if (!s->cap)
        return;
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->slots[i])
            return;
        if (s->slots[i] == h) {
            s->slots[i] = SLOT_DELETED;
            return;
        }
    }
}

struct sort_item {
    const char *key, *version;
    unsigned id;
};

static int by_name(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->version, y->version);
}

static void sort_ids(const struct dep_graph *g, unsigned *ids, size_t n)
{
    struct sort_item *items = xmalloc((n + 1) * sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const struct dep_node *nd = &g->nodes.items[ids[i]];
        items[i] = (struct sort_item){nd->key, nd->version, ids[i]};
    }
    qsort(items, n, sizeof(*items), by_name);
    for (size_t i = 0; i < n; i++)
        ids[i] = items[i].id;
    free(items);
}

static uint64_t heading_hash(unsigned lf)
{
    return mix64(0x6c6f636b66696c65ull, lf);
}

struct treemodel *treemodel_new(const struct dep_graph *g)
{
    struct treemodel *m = xcalloc(1, sizeof(*m));
    m->g = g;
    size_t nn = g->nodes.len, nl = g->lockfiles.len;
    m->kids = xcalloc(nn + 1, sizeof(unsigned *));
    m->nkids = xcalloc(nn + 1, sizeof(unsigned));
    for (size_t i = 0; i < nn; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        m->kids[i] = xmalloc((n->n_out + 1) * sizeof(unsigned));
        for (unsigned k = 0; k < n->n_out; k++)
            m->kids[i][k] = g->edges.items[g->out[n->first_out + k]].to;
        m->nkids[i] = n->n_out;
        sort_ids(g, m->kids[i], n->n_out);
    }
    m->roots = xcalloc(nl + 1, sizeof(unsigned *));
    m->nroots = xcalloc(nl + 1, sizeof(size_t));
    for (unsigned lf = 0; lf < nl; lf++) {
        m->nroots[lf] = graph_roots(g, lf, &m->roots[lf]);
        sort_ids(g, m->roots[lf], m->nroots[lf]);
        set_put(&m->open, heading_hash(lf));
    }
    m->stack = xmalloc((TREE_MAX_DEPTH + 2) * sizeof(unsigned));
    m->expanded_once = xcalloc(nn + 1, 1);
    treemodel_rebuild(m, NULL);
    return m;
}

void treemodel_free(struct treemodel *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->g->nodes.len; i++)
        free(m->kids[i]);
    for (size_t i = 0; i < m->g->lockfiles.len; i++)
        free(m->roots[i]);
    free(m->kids);
    free(m->nkids);
    free(m->roots);
    free(m->nroots);
    free(m->open.slots);
    free(m->stack);
    free(m->expanded_once);
    VEC_FREE(&m->rows);
    free(m);
}

static bool visible(const struct treemodel *m, unsigned node)
{
    if (m->filter.keep && !m->filter.keep[node])
        return false;
    return !(m->filter.hide_dev && (m->g->nodes.items[node].flags & DEP_DEV));
}

static unsigned visible_kids(const struct treemodel *m, unsigned node)
{
    unsigned n = 0;
    for (unsigned k = 0; k < m->nkids[node]; k++)
        n += visible(m, m->kids[node][k]);
    return n;
}

static bool on_stack(const struct treemodel *m, unsigned depth, unsigned node)
{
    for (unsigned d = 1; d < depth; d++)
        if (m->stack[d] == node)
            return true;
    return false;
}

static void emit(struct treemodel *m, unsigned node, unsigned depth,
                 uint64_t parent_hash, uint64_t guides, bool last)
{
    struct tree_row *r = VEC_ADD(&m->rows);
    r->kind = ROW_PACKAGE;
    r->id = node;
    r->depth = depth;
    r->path_hash = mix64(parent_hash, node + 1);
    r->guides = guides;
    r->last = last;
    r->cycle = on_stack(m, depth, node);
    bool deep_ok = depth < TREE_MAX_DEPTH && !m->filter.direct_only;
    r->has_children = !r->cycle && deep_ok && visible_kids(m, node) > 0;
    r->expanded = r->has_children && set_has(&m->open, r->path_hash);
    if (!r->expanded)
        return;
    m->expanded_once[node] = 1;
    uint64_t hash = r->path_hash; /* r moves when rows grow */
    m->stack[depth] = node;
    unsigned total = visible_kids(m, node), shown = 0;
    uint64_t kid_guides = last ? guides : guides | (1ull << depth);
    for (unsigned k = 0; k < m->nkids[node]; k++) {
        unsigned kid = m->kids[node][k];
        if (visible(m, kid))
            emit(m, kid, depth + 1, hash, kid_guides, ++shown == total);
    }
}

void treemodel_rebuild(struct treemodel *m, const struct tree_filter *f)
{
    if (f)
        m->filter = *f;
    m->rows.len = 0;
    memset(m->expanded_once, 0, m->g->nodes.len + 1);
    for (unsigned lf = 0; lf < m->g->lockfiles.len; lf++) {
        struct tree_row *h = VEC_ADD(&m->rows);
        h->kind = ROW_LOCKFILE;
        h->id = lf;
        h->path_hash = heading_hash(lf);
        h->has_children = m->nroots[lf] > 0;
        h->expanded = h->has_children && set_has(&m->open, h->path_hash);
        h->last = true;
        if (!h->expanded)
            continue;
        uint64_t hash = h->path_hash;
        unsigned total = 0, shown = 0;
        for (size_t i = 0; i < m->nroots[lf]; i++)
            total += visible(m, m->roots[lf][i]);
        for (size_t i = 0; i < m->nroots[lf]; i++)
            if (visible(m, m->roots[lf][i]))
                emit(m, m->roots[lf][i], 1, hash, 0, ++shown == total);
    }
    /* A closed row whose package is open elsewhere, before or after it. */
    for (size_t i = 0; i < m->rows.len; i++) {
        struct tree_row *r = &m->rows.items[i];
        r->repeat = r->kind == ROW_PACKAGE && r->has_children && !r->expanded &&
                    m->expanded_once[r->id];
    }
}

size_t treemodel_count(const struct treemodel *m)
{
    return m->rows.len;
}

const struct tree_row *treemodel_row(const struct treemodel *m, size_t i)
{
    return i < m->rows.len ? &m->rows.items[i] : NULL;
}

void treemodel_set_expanded(struct treemodel *m, size_t i, bool on)
{
    if (i >= m->rows.len || !m->rows.items[i].has_children)
        return;
    if (on)
        set_put(&m->open, m->rows.items[i].path_hash);
    else
        set_del(&m->open, m->rows.items[i].path_hash);
    treemodel_rebuild(m, NULL);
}

void treemodel_toggle(struct treemodel *m, size_t i)
{
    if (i < m->rows.len)
        treemodel_set_expanded(m, i, !m->rows.items[i].expanded);
}

void treemodel_expand_to(struct treemodel *m, unsigned depth)
{
    /* Each pass opens one more level of the rows the last pass made.  A
     * package is opened at its first row only: its other rows stay marked
     * as repeats, so expanding all of a large graph stays linear. */
    size_t nn = m->g->nodes.len;
    unsigned char *opened = xcalloc(nn + 1, 1);
    for (unsigned pass = 0; pass <= depth; pass++) {
        memcpy(opened, m->expanded_once, nn + 1);
        for (size_t i = 0; i < m->rows.len; i++) {
            const struct tree_row *r = &m->rows.items[i];
            if (r->kind == ROW_LOCKFILE)
                continue;
            if (r->depth >= depth || (!r->expanded && opened[r->id])) {
                set_del(&m->open, r->path_hash);
            } else if (r->has_children) {
                set_put(&m->open, r->path_hash);
                opened[r->id] = 1;
            }
        }
        treemodel_rebuild(m, NULL);
    }
    free(opened);
}

size_t treemodel_parent(const struct treemodel *m, size_t i)
{
    if (i >= m->rows.len)
        return i;
    unsigned d = m->rows.items[i].depth;
    for (size_t j = i; j-- > 0;)
        if (m->rows.items[j].depth < d)
            return j;
    return i;
}

size_t treemodel_find(const struct treemodel *m, uint64_t h)
{
    for (size_t i = 0; i < m->rows.len; i++)
        if (m->rows.items[i].path_hash == h)
            return i;
    return (size_t)-1;
}

#define UNSEEN (GRAPH_NONE - 1)

size_t treemodel_reveal(struct treemodel *m, unsigned node)
{
    for (size_t i = 0; i < m->rows.len; i++)
        if (m->rows.items[i].kind == ROW_PACKAGE && m->rows.items[i].id == node)
            return i;
    /* Breadth-first from the roots to the node's shallowest occurrence,
     * then open every row on that path. */
    size_t nn = m->g->nodes.len;
    unsigned *pred = xmalloc((nn + 1) * sizeof(unsigned));
    unsigned *queue = xmalloc((nn + 1) * sizeof(unsigned));
    for (size_t i = 0; i < nn; i++)
        pred[i] = UNSEEN;
    size_t qh = 0, qt = 0;
    unsigned lf = m->g->nodes.items[node].lockfile;
    for (size_t i = 0; i < m->nroots[lf]; i++) {
        unsigned r = m->roots[lf][i];
        if (visible(m, r) && pred[r] == UNSEEN) {
            pred[r] = GRAPH_NONE;
            queue[qt++] = r;
        }
    }
    while (qh < qt && pred[node] == UNSEEN) {
        unsigned x = queue[qh++];
        for (unsigned k = 0; k < m->nkids[x]; k++) {
            unsigned y = m->kids[x][k];
            if (visible(m, y) && pred[y] == UNSEEN) {
                pred[y] = x;
                queue[qt++] = y;
            }
        }
    }
    size_t found = (size_t)-1;
    unsigned path[TREE_MAX_DEPTH + 1];
    unsigned len = 0;
    if (pred[node] != UNSEEN)
        for (unsigned x = node; x != GRAPH_NONE && len <= TREE_MAX_DEPTH; x = pred[x])
            path[len++] = x;
    if (len && len <= TREE_MAX_DEPTH) {
        uint64_t h = heading_hash(lf);
        set_put(&m->open, h);
        for (unsigned i = len; i-- > 1;) {
            h = mix64(h, path[i] + 1);
            set_put(&m->open, h);
        }
        treemodel_rebuild(m, NULL);
        found = treemodel_find(m, mix64(h, node + 1));
    }
    free(pred);
    free(queue);
    return found;
}

/* Post-order of the nodes (children before parents where there is no
 * cycle), by an explicit stack so deep graphs cannot overflow ours. */
static size_t post_order(const struct treemodel *m, unsigned *order)
{
    size_t nn = m->g->nodes.len, n = 0;
    unsigned char *seen = xcalloc(nn + 1, 1);
    unsigned *stack = xmalloc((nn + 1) * sizeof(unsigned));
    unsigned *next = xcalloc(nn + 1, sizeof(unsigned));
    for (unsigned s = 0; s < nn; s++) {
        if (seen[s])
            continue;
        size_t top = 0;
        stack[top++] = s;
        seen[s] = 1;
        while (top) {
            unsigned x = stack[top - 1];
            if (next[x] < m->nkids[x]) {
                unsigned y = m->kids[x][next[x]++];
                if (!seen[y]) {
                    seen[y] = 1;
                    stack[top++] = y;
                }
            } else {
                order[n++] = x;
                top--;
            }
        }
    }
    free(seen);
    free(stack);
    free(next);
    return n;
}

void treemodel_rollup(const struct treemodel *m, const signed char *own, signed char *below)
{
    size_t nn = m->g->nodes.len;
    unsigned *order = xmalloc((nn + 1) * sizeof(unsigned));
    size_t n = post_order(m, order);
    for (size_t i = 0; i < nn; i++)
        below[i] = -1;
    /* One pass in post-order settles every acyclic part; a cycle needs
     * more, and values only rise (six levels), so this ends quickly. */
    bool changed = true;
    for (unsigned pass = 0; changed && pass < 64; pass++) {
        changed = false;
        for (size_t i = 0; i < n; i++) {
            unsigned x = order[i];
            signed char w = below[x];
            for (unsigned k = 0; k < m->nkids[x]; k++) {
                unsigned y = m->kids[x][k];
                if (own[y] > w)
                    w = own[y];
                if (below[y] > w)
                    w = below[y];
            }
            if (w != below[x]) {
                below[x] = w;
                changed = true;
            }
        }
    }
    free(order);
}
