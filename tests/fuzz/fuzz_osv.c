/* Fuzzes the OSV record reader and matching: a record that parses is
 * matched against a few pins of each of its affected packages, and merged
 * into a match list. */
#include <stdint.h>
#include <stddef.h>

#include "depvet/analysis/osv.h"

static const char *const pin_table[] = {"0", "1.0.0", "1.0", "2.0.0-rc.1", "1!2.0.post1", ""};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct osv_record *rec;
    if (osv_parse(a, "fuzz", (const char *)data, size, &rec, &d)) {
        struct osv_match_list l;
        osv_match_list_init(&l, a, ECO_PYPI);
        for (size_t i = 0; i < rec->n_affected; i++) {
            const struct osv_affected *af = &rec->affected[i];
            for (size_t p = 0; p < sizeof(pin_table) / sizeof(*pin_table); p++) {
                const char *fixed;
                if (osv_record_affects(rec, af->eco, af->name, pin_table[p], &fixed))
                    osv_match_list_add(&l, rec, fixed);
            }
            for (size_t v = 0; v < af->n_versions && v < 8; v++)
                osv_record_affects(rec, af->eco, af->name, af->versions[v], NULL);
        }
        osv_match_list_add(&l, rec, NULL);
    }
    arena_free(a);
    return 0;
}
