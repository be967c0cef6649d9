/* Fuzzes the popular-name list parsers; the first byte picks the format. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/popular.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const enum ecosystem ecos[] = {ECO_HEX, ECO_NPM, ECO_PYPI};
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct popular_names names = {0};
    popular_parse(a, ecos[data[0] % 3], "fuzz", (const char *)data + 1, size - 1, &names, &d);
    arena_free(a);
    return 0;
}
