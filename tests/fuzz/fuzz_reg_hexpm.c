/* Fuzzes the hex.pm answer parsers; the first byte picks which one. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/registry/hexpm.h"

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
    struct reg_release *r = NULL;
    struct reg_person *o = NULL;
    switch (data[0] % 4) {
    case 0: hexpm_parse_package(a, "fuzz", body, len, &p, &d); break;
    case 1: hexpm_parse_release(a, "fuzz", body, len, &r, &d); break;
    case 2: hexpm_parse_owners(a, "fuzz", body, len, &o, &n, &d); break;
    default: hexpm_parse_search_page(a, "fuzz", body, len, &n, &d); break;
    }
    arena_free(a);
    return 0;
}
