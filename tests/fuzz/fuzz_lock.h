/* Shared body of the lockfile reader fuzz targets: read arbitrary bytes,
 * then finish the graph (edge resolution runs on whatever was added). */
#ifndef DEPVET_FUZZ_LOCK_H
#define DEPVET_FUZZ_LOCK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/lock/reader.h"

/* The body: need_line also asks a failure to name the line it is on. */
static inline int fuzz_lock_run(lock_read_fn read, lock_sniff_fn sniff, const char *path,
                                const uint8_t *data, size_t size, int need_line)
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
    else if (!diag_failed(&d) || (need_line && d.line == 0))
        abort();  /* a failure must say why (and where) */
    graph_free(g);
    free(buf);
    return 0;
}

/* Reads arbitrary bytes at path (a path with no companion manifest beside
 * it keeps the target free of I/O); a failure must carry a diagnostic. */
static inline int fuzz_lock_reader(lock_read_fn read, lock_sniff_fn sniff,
                                   const char *path, const uint8_t *data, size_t size)
{
    return fuzz_lock_run(read, sniff, path, data, size, 0);
}

/* The same for readers whose every refusal names a line. */
static inline int fuzz_lock_reader_lined(lock_read_fn read, lock_sniff_fn sniff,
                                         const char *path, const uint8_t *data, size_t size)
{
    return fuzz_lock_run(read, sniff, path, data, size, 1);
}

#endif
