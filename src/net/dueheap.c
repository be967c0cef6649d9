/* The engine's due-time queue: a binary min-heap on (due, push order). */
#include "depvet/net/dueheap.h"

#include <stdlib.h>

#include "depvet/core/xmalloc.h"

void dueheap_init(struct dueheap *h)
{
    *h = (struct dueheap){0};
}

void dueheap_fini(struct dueheap *h)
{
    free(h->v);
    dueheap_init(h);
}

static bool before(const struct dueheap_entry *a, const struct dueheap_entry *b)
{
    return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void swap(struct dueheap_entry *a, struct dueheap_entry *b)
{
    struct dueheap_entry t = *a;
    *a = *b;
    *b = t;
}

static void sift_up(struct dueheap *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&h->v[i], &h->v[parent]))
            break;
        swap(&h->v[i], &h->v[parent]);
        i = parent;
    }
}

static void sift_down(struct dueheap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, best = i;
        if (l < h->len && before(&h->v[l], &h->v[best]))
            best = l;
        if (r < h->len && before(&h->v[r], &h->v[best]))
            best = r;
        if (best == i)
            return;
        swap(&h->v[i], &h->v[best]);
        i = best;
    }
}

void dueheap_push(struct dueheap *h, double due, void *item)
{
    if (h->len == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
    }
    h->v[h->len] = (struct dueheap_entry){due, h->seq++, item};
    sift_up(h, h->len++);
}

void *dueheap_peek(const struct dueheap *h, double *due)
{
    if (!h->len)
        return NULL;
    if (due)
        *due = h->v[0].due;
    return h->v[0].item;
}

void *dueheap_pop(struct dueheap *h)
{
    if (!h->len)
        return NULL;
    void *item = h->v[0].item;
    h->v[0] = h->v[--h->len];
    sift_down(h, 0);
    return item;
}

size_t dueheap_len(const struct dueheap *h)
{
    return h->len;
}

static int by_seq(const void *a, const void *b)
{
    const struct dueheap_entry *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

size_t dueheap_take_if(struct dueheap *h, bool (*pick)(void *item, void *ud), void *ud,
                       void ***out)
{
    /* Rare (a breaker opening, the deadline): sorting by push order first
     * hands the taken items back in the order they were asked for. */
    qsort(h->v, h->len, sizeof(*h->v), by_seq);
    size_t kept = 0, n = 0;
    *out = xmalloc((h->len + 1) * sizeof(**out));
    for (size_t i = 0; i < h->len; i++) {
        if (pick(h->v[i].item, ud))
            (*out)[n++] = h->v[i].item;
        else
            h->v[kept++] = h->v[i];
    }
    h->len = kept;
    for (size_t i = h->len / 2; i-- > 0;)
        sift_down(h, i);
    return n;
}
