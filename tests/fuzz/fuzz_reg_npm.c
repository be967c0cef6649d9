/* Fuzzes the npm registry and downloads parsers; the first byte picks one. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/npm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    struct reg_package *p = NULL;
    struct reg_release *r = NULL;
    switch (data[0] % 4) {
    case 0: npm_parse_packument(a, "fuzz", body, len, &p, &d); break;
    case 1: npm_parse_version(a, "fuzz", body, len, &r, &d); break;
    case 2: npm_parse_downloads_point(a, "fuzz", body, len, &p, &d); break;
    default: npm_parse_downloads_range(a, "fuzz", body, len, &p, &d); break;
    }
    arena_free(a);
    return 0;
}
