/* Fuzz target: the in-memory archive walker, with caps small enough that
 * each input stays fast; every kept file's bytes are touched and
 * classified, and so is the raw input.  The same bytes read with the gzip
 * layer inflated in one call (archive_listing_open_inflated) and file by
 * file with a visitor letting every other file go must give the same
 * entries and problems. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_archive_caps.h"

#include "depvet/analysis/archive.h"
#include "depvet/analysis/binclass.h"

static bool every_other(void *priv, const struct archive_item *it)
{
    unsigned *n = priv;
    if (it->data && it->size)
        *n += it->data[0] + it->data[it->size - 1];
    return (*n)++ % 2 == 0;
}

/* Same entries (paths, sizes, kept bytes) and problems, or abort. */
static void same_listing(const struct archive_listing *a, const struct archive_listing *b,
                         bool all_data)
{
    if (!a || !b) {
        if (a || b)
            abort();
        return;
    }
    if (a->n_items != b->n_items || a->n_problems != b->n_problems || a->complete != b->complete)
        abort();
    for (size_t i = 0; i < a->n_items; i++) {
        const struct archive_item *x = &a->items[i], *y = &b->items[i];
        if (strcmp(x->path, y->path) != 0 || x->size != y->size || x->kind != y->kind)
            abort();
        if (all_data && (!x->data != !y->data ||
                         (x->data && memcmp(x->data, y->data, (size_t)x->size) != 0)))
            abort();
    }
    for (size_t i = 0; i < a->n_problems; i++)
        if (a->problems[i].kind != b->problems[i].kind)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct archive_caps caps;
    struct diag d;
    fuzz_archive_caps(&caps, &d);
    struct archive_listing *l = archive_listing_open(data, size, "fuzz", &caps, &d);
    unsigned sum = (unsigned)binclass_of(data, size);
    for (size_t i = 0; l && i < l->n_items; i++) {
        const struct archive_item *it = &l->items[i];
        if (it->data)
            sum += (unsigned)binclass_of(it->data, (size_t)it->size) + it->data[it->size];
    }
    for (size_t i = 0; l && i < l->n_problems; i++)
        sum += (unsigned)l->problems[i].message[0] + (unsigned)l->problems[i].path[0];
    struct diag d2;
    diag_clear(&d2);
    struct archive_listing *inflated = archive_listing_open_inflated(data, size, "fuzz", &caps, &d2);
    same_listing(l, inflated, true);
    archive_listing_free(inflated);
    unsigned seen = 0;
    diag_clear(&d2);
    struct archive_listing *visited =
        archive_listing_visit(data, size, "fuzz", &caps, every_other, &seen, &d2);
    same_listing(l, visited, false);
    archive_listing_free(visited);
    archive_listing_free(l);
    return (int)((sum + seen) & 0);
}
