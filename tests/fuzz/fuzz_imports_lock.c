/* Fuzz target: imports.lock on arbitrary bytes; whatever loads must write
 * back to text that loads to the same entries and the same bytes, and
 * editing it (set, remove) must keep it sorted and loadable. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/audit/imports_lock.h"

static const char *const digest =
    "00000000000000000000000000000000000000000000000000000000000000ff";

static void round_trip(const struct imports_lock *l)
{
    size_t len, len2;
    char *text = imports_lock_serialize(l, &len);
    struct imports_lock back;
    struct diag d;
    diag_clear(&d);
    if (!imports_lock_parse(&back, text, len, "again.lock", &d) || back.n != l->n)
        abort();  /* what we write must load */
    char *again = imports_lock_serialize(&back, &len2);
    if (len != len2 || memcmp(text, again, len) != 0)
        abort();  /* and write back byte for byte */
    for (unsigned i = 1; i < back.n; i++)
        if (strcmp(back.items[i - 1].name, back.items[i].name) >= 0)
            abort();  /* sorted, each name once */
    free(again);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct imports_lock *l = malloc(sizeof *l);
    struct diag d;
    diag_clear(&d);
    if (!imports_lock_parse(l, (const char *)data, size, "fuzz.lock", &d)) {
        if (!diag_failed(&d) || l->n)
            abort();  /* a failure says why and keeps nothing */
        free(l);
        return 0;
    }
    round_trip(l);
    for (unsigned i = 0; i < l->n; i++)
        if (imports_lock_find(l, l->items[i].name) != &l->items[i])
            abort();
    if (imports_lock_set(l, "zz-fuzz", "https://example.org/a.toml", digest))
        round_trip(l);
    if (l->n && imports_lock_remove(l, l->items[0].name))
        round_trip(l);
    free(l);
    return 0;
}
