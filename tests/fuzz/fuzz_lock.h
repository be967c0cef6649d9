/* Shared body of the lockfile reader fuzz targets: read arbitrary bytes,
 * then finish the graph (edge resolution runs on whatever was added). */
#ifndef DEPVET_FUZZ_LOCK_H
#define DEPVET_FUZZ_LOCK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/lock/reader.h"

static inline int fuzz_lock_reader(lock_read_fn read, lock_sniff_fn sniff,
                                   const char *path, const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = 0;  /* the contract: NUL-terminated at buf[len] */
    (void)sniff(buf, size);
    struct dep_graph *g = graph_new();
    struct diag d;
    diag_clear(&d);
    if (read(g, path, buf, size, &d))
        graph_finish(g);
    else if (!diag_failed(&d))
        abort();  /* a failure must say why */
    graph_free(g);
    free(buf);
    return 0;
}

#endif
