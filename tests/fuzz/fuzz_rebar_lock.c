/* Fuzz target: the rebar_lock reader. */
#include <stdint.h>

#include "depvet/lock/rebar_lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dep_graph *g = graph_new();
    struct diag d;
    diag_clear(&d);
    if (rebar_lock_read(g, "/nonexistent/fuzz/rebar_lock", (const char *)data, size, &d))
        graph_finish(g);
    graph_free(g);
    return 0;
}
