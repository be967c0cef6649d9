/* Fuzz target: the reviews file on arbitrary bytes; whatever loads must
 * write back to text that loads to the same set and the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/audit/audits.h"

static void check_entries(const struct audits *set)
{
    for (size_t i = 0; i < audits_count(set); i++) {
        const struct audit *e = audits_at(set, i);
        if (audits_find(set, e->eco, e->name, e->version, e->criteria) != e)
            abort();  /* sorted order and lookups disagree */
        enum audit_status st = audits_status(set, e->eco, e->name, e->version, e->criteria);
        if (e->kind == AUDIT_FULL && st != AUDIT_REVIEWED)
            abort();
        (void)audits_status(set, e->eco, e->name, e->from ? e->from : "0",
                            AUDIT_SAFE_TO_DEPLOY);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    diag_clear(&d);
    struct audits *set = audits_parse((const char *)data, size, "fuzz.toml", &d);
    if (!set) {
        if (!diag_failed(&d))
            abort();  /* a failure must say why */
        return 0;
    }
    check_entries(set);
    size_t len, len2;
    char *text = audits_serialize(set, &len);
    diag_clear(&d);
    struct audits *back = audits_parse(text, len, "again.toml", &d);
    if (!back || audits_count(back) != audits_count(set))
        abort();  /* what we write must load */
    char *again = audits_serialize(back, &len2);
    if (len != len2 || memcmp(text, again, len) != 0)
        abort();  /* and write back byte for byte */
    free(again);
    free(text);
    audits_free(back);
    audits_free(set);
    return 0;
}
