/* libFuzzer target: npm_lock_read and npm_lock_sniff on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/lock/graph.h"
#include "depvet/lock/npm_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Readers get a NUL-terminated buffer (reader.h); a path with no
     * companion manifest beside it keeps the target free of I/O. */
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    (void)npm_lock_sniff(buf, size);
    struct dep_graph *g = graph_new();
    struct diag d;
    diag_clear(&d);
    if (npm_lock_read(g, "/nonexistent-fuzz/lock.json", buf, size, &d))
        graph_finish(g);
    graph_free(g);
    free(buf);
    return 0;
}
