/* Fuzzes the popular-name list parsers; the first byte picks the format
 * (Hex page, npm search, PyPI file, npm-high-impact module). */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/popular.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const enum ecosystem ecos[] = {ECO_HEX, ECO_NPM, ECO_PYPI, ECO_UNKNOWN};
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct popular_names names = {0};
    if (data[0] % 4 == 3)
        popular_parse_js_list(a, "fuzz", (const char *)data + 1, size - 1, &names, &d);
    else
        popular_parse(a, ecos[data[0] % 4], "fuzz", (const char *)data + 1, size - 1, &names,
                      &d);
    arena_free(a);
    return 0;
}
