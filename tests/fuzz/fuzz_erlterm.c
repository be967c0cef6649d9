/* Fuzz target: the term reader in both dialects (first byte picks). */
#include <stdint.h>

#include "depvet/lock/erlterm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    enum erlterm_dialect dl = data[0] & 1 ? ERLTERM_ERLANG : ERLTERM_ELIXIR;
    erlterm_parse((const char *)data + 1, size - 1, "fuzz", dl, a, &d);
    arena_free(a);
    return 0;
}
