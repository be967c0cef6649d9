/* Fuzz target: the scanner rule loader on arbitrary bytes, then a scan of
 * the same bytes with whatever loaded (patterns, globs, near windows). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/rules.h"
#include "depvet/analysis/scanner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* No NUL after the bytes: a read past len must trip ASan. */
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = rules_new();
    bool ok = rules_add(rs, buf, size, "fuzz.toml", &d) && rules_finish(rs, &d);
    if (!ok && !diag_failed(&d))
        abort();   /* a failure must say why */
    if (ok) {
        if (strlen(rs->digest_hex) != 64)
            abort();
        struct scanner *sc = scanner_new(rs, ECO_UNKNOWN);
        scanner_file(sc, "pkg/setup.py", buf, size);
        scanner_file(sc, "package/package.json", buf, size);
        struct scan_result *r = scanner_finish(sc);
        for (size_t i = 0; i < r->n_hits; i++)
            if (!rules_find(rs, r->hits[i].rule))
                abort();
        scanner_result_free(r);
        scanner_free(sc);
        for (size_t i = 0; i < rs->n_rules; i++)
            for (size_t k = 0; k < rs->rules[i].n_files; k++)
                (void)rules_glob_match(rs->rules[i].files[k], "a/b/setup.py");
    }
    rules_free(rs);
    free(buf);
    return 0;
}
