/* Fuzz PEP 508 requirements: parse, then evaluate the marker with and
 * without an extra. */
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/pep508.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct pep508_req *r;
    struct diag d;
    diag_clear(&d);
    if (pep508_parse(a, (const char *)data, size, &r, &d)) {
        struct pep508_env env;
        pep508_env_default(&env);
        (void)pep508_marker_eval(r->marker, &env, NULL);
        (void)pep508_marker_eval(r->marker, &env, "test");
        if (!r->name || !r->specifier)
            __builtin_trap();
    } else if (!diag_failed(&d) || d.col == 0 || r) {
        __builtin_trap();
    }
    arena_free(a);
    return 0;
}
