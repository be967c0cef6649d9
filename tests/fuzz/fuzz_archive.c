/* Fuzz target: the in-memory archive walker, with caps small enough that
 * each input stays fast; every kept file's bytes are touched and
 * classified, and so is the raw input. */
#include <stdint.h>

#include "fuzz_archive_caps.h"

#include "depvet/analysis/archive.h"
#include "depvet/analysis/binclass.h"

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
    archive_listing_free(l);
    return (int)(sum & 0);
}
