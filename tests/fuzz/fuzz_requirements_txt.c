/* Fuzz the requirements.txt reader (includes point at files that do not
 * exist under the fake path, so only this input is read), and its sniffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/lock/requirements_txt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    (void)requirements_txt_sniff(buf, size);
    struct dep_graph *g = graph_new();
    struct diag d;
    diag_clear(&d);
    if (requirements_txt_read(g, "/nonexistent/depvet-fuzz/requirements.txt", buf, size, &d))
        graph_finish(g);
    else if (!diag_failed(&d) || d.line == 0)
        __builtin_trap();
    graph_free(g);
    free(buf);
    return 0;
}
