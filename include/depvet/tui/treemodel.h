/* The tree panel's rows: the graph flattened into what is visible, given
 * which rows are expanded.  Expansion is remembered by the path of node ids
 * from the lockfile down, so it survives rebuilds (filters, refreshes). */
#ifndef DEPVET_TUI_TREEMODEL_H
#define DEPVET_TUI_TREEMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/lock/graph.h"

#define TREE_MAX_DEPTH 64   /* deeper rows are not drawn (guides fit a word) */

enum tree_row_kind { ROW_LOCKFILE, ROW_PACKAGE };

struct tree_row {
    enum tree_row_kind kind;
    unsigned id;           /* lockfile index or node id */
    unsigned depth;        /* 0 = lockfile heading */
    uint64_t path_hash;    /* stable identity of this row */
    uint64_t guides;       /* bit d set: an ancestor at depth d has later siblings */
    bool last;             /* last child of its parent */
    bool has_children;
    bool expanded;
    bool repeat;           /* shown expanded elsewhere already */
    bool cycle;            /* an ancestor is the same node */
};

struct tree_filter {
    bool hide_dev;
    bool direct_only;      /* roots only, children still expandable */
    const unsigned char *keep; /* per node: 0 hides it; NULL shows all.
                                * The caller keeps it alive and marks the
                                * ancestors of what it wants to show. */
};

struct treemodel;

struct treemodel *treemodel_new(const struct dep_graph *g);
void treemodel_free(struct treemodel *m);
/* Recomputes the rows from the expansion set and filter. */
void treemodel_rebuild(struct treemodel *m, const struct tree_filter *f);
size_t treemodel_count(const struct treemodel *m);
const struct tree_row *treemodel_row(const struct treemodel *m, size_t i);
/* Expands or collapses row i (no-op without children); rebuilds. */
void treemodel_set_expanded(struct treemodel *m, size_t i, bool on);
void treemodel_toggle(struct treemodel *m, size_t i);
/* Expands every row down to depth (0 = collapse all but headings). */
void treemodel_expand_to(struct treemodel *m, unsigned depth);
/* Row index of the parent of row i, or i itself at the top. */
size_t treemodel_parent(const struct treemodel *m, size_t i);
/* Row index whose path_hash equals h, or (size_t)-1. */
size_t treemodel_find(const struct treemodel *m, uint64_t h);
/* Makes a row for node id visible by expanding a path to its first
 * occurrence; returns its row index or (size_t)-1. */
size_t treemodel_reveal(struct treemodel *m, unsigned node);
/* below[n] = the worst of own[] over everything reachable under node n
 * (not n itself), -1 for none; own and below hold one entry per node.
 * What a collapsed row hides. */
void treemodel_rollup(const struct treemodel *m, const signed char *own, signed char *below);

#endif
