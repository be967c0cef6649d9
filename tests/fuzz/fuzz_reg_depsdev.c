/* Fuzzes the deps.dev parsers and merging their result into a record. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/depsdev.h"

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
    bool ok;
    switch (data[0] % 3) {
    case 0: ok = depsdev_parse_package(a, "fuzz", body, len, &p, &d); break;
    case 1: ok = depsdev_parse_version(a, "fuzz", body, len, &p, &d); break;
    default: ok = depsdev_parse_dependents(a, "fuzz", body, len, &p, &d); break;
    }
    if (ok) {
        struct reg_package *base = reg_package_new(a, p->eco, p->name);
        reg_package_merge(a, base, p);
        reg_package_merge(a, base, p);
    }
    arena_free(a);
    return 0;
}
