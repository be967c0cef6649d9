/* One file through a scanner, and a hit by rule and line, for the scanner
 * suites. */
#ifndef DEPVET_TEST_SCAN_HELPER_H
#define DEPVET_TEST_SCAN_HELPER_H

#include <string.h>

#include "depvet/analysis/scanner.h"

static inline struct scan_result *scan_one(const struct rule_set *rs, enum ecosystem eco,
                                           const char *path, const char *text)
{
    struct scanner *sc = scanner_new(rs, eco);
    scanner_file(sc, path, text, strlen(text));
    struct scan_result *r = scanner_finish(sc);
    scanner_free(sc);
    return r;
}

/* The hit of rule on line (0: any line), or NULL. */
static inline const struct scan_hit *find_hit(const struct scan_result *r, const char *rule,
                                              unsigned line)
{
    for (size_t i = 0; i < r->n_hits; i++)
        if (strcmp(r->hits[i].rule, rule) == 0 && (!line || r->hits[i].line == line))
            return &r->hits[i];
    return NULL;
}

#endif
