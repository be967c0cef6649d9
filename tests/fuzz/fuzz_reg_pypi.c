/* Fuzzes the PyPI and pypistats parsers; the first byte picks which one. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/pypi.h"
#include "depvet/registry/pypistats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    const char *body = (const char *)data + 1;
    size_t len = size - 1, n = 0;
    struct reg_package *p = NULL;
    struct pypi_publisher *pub = NULL;
    switch (data[0] % 5) {
    case 0: pypi_parse_project(a, "fuzz", body, len, &p, &d); break;
    case 1: pypi_parse_simple(a, "fuzz", body, len, &p, &d); break;
    case 2: pypi_parse_provenance(a, "fuzz", body, len, &pub, &n, &d); break;
    case 3: pypistats_parse_recent(a, "fuzz", body, len, &p, &d); break;
    default: pypistats_parse_overall(a, "fuzz", body, len, &p, &d); break;
    }
    arena_free(a);
    return 0;
}
