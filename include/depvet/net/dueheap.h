/* A binary min-heap of items keyed by the time they are due (seconds,
 * monotonic): the HTTP engine's queue of requests waiting for a free slot
 * or for their retry.  The next due item is found in O(1) and taken out
 * in O(log n), so a wake-up that starts k requests costs O(k log n)
 * however long the queue.  Items due at the same time come out in the
 * order they were pushed. */
#ifndef DEPVET_NET_DUEHEAP_H
#define DEPVET_NET_DUEHEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dueheap_entry {
    double due;
    uint64_t seq;             /* push order: ties go first-in first-out */
    void *item;
};

struct dueheap {
    struct dueheap_entry *v;
    size_t len, cap;
    uint64_t seq;
};

void dueheap_init(struct dueheap *h);
void dueheap_fini(struct dueheap *h);         /* the items are the caller's */
void dueheap_push(struct dueheap *h, double due, void *item);
/* The earliest item and its due time, or NULL when empty. */
void *dueheap_peek(const struct dueheap *h, double *due);
void *dueheap_pop(struct dueheap *h);
size_t dueheap_len(const struct dueheap *h);
/* Takes out every item for which pick(item, ud) is true, in push order,
 * into a heap array *out (caller frees) and returns how many; the rest
 * keep their order.  O(n). */
size_t dueheap_take_if(struct dueheap *h, bool (*pick)(void *item, void *ud), void *ud,
                       void ***out);

#endif
