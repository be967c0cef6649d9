/* Growable arrays by macro, so each keeps its element type:
 *   VEC(struct node) nodes = {0};
 *   VEC_PUSH(&nodes, n);  ... nodes.items[i] ...  VEC_FREE(&nodes);     */
#ifndef DEPVET_CORE_VEC_H
#define DEPVET_CORE_VEC_H

#include "depvet/core/xmalloc.h"

#define VEC(type) struct { type *items; size_t len; size_t cap; }

#define VEC_RESERVE(v, n) \
    ((v)->items = xgrow((v)->items, &(v)->cap, (n), sizeof(*(v)->items)))

#define VEC_PUSH(v, x) \
    (VEC_RESERVE((v), (v)->len + 1), (v)->items[(v)->len++] = (x))

/* Pointer to a new zeroed slot at the end. */
#define VEC_ADD(v) \
    (VEC_RESERVE((v), (v)->len + 1), \
     memset(&(v)->items[(v)->len], 0, sizeof(*(v)->items)), \
     &(v)->items[(v)->len++])

#define VEC_FREE(v) \
    do { free((v)->items); (v)->items = NULL; (v)->len = (v)->cap = 0; } while (0)

#endif
