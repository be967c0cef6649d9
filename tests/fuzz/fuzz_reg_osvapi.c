/* Fuzzes the OSV querybatch answer reader; the first byte is the number of
 * queries the answer should cover. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/osvapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n = data[0] % 8;
    struct osvapi_result res[8];
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    osvapi_parse_batch(a, "fuzz", (const char *)data + 1, size - 1, n, res, &d);
    arena_free(a);
    return 0;
}
