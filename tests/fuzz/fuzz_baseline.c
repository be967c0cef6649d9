/* Fuzz target: a --baseline file (check's JSON) on arbitrary bytes; a
 * failure says why, a success matches a finding of a small graph and
 * counts and lists what it did not match. */
#include <stdint.h>
#include <stdlib.h>

#include "depvet/engine/baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    diag_clear(&d);
    struct baseline *b = baseline_parse((const char *)data, size, "fuzz.json", &d);
    if (!b) {
        if (!diag_failed(&d))
            abort();  /* a refusal says why */
        return 0;
    }
    struct dep_graph *g = graph_new();
    unsigned l = graph_add_lockfile(g, "p/package-lock.json", "package-lock.json", ECO_NPM);
    unsigned n = graph_add_node(g, l, ECO_NPM, "a", "1.0.0");
    graph_finish(g);
    struct findings fs = {0};
    struct finding f[2] = {
        {"x", SEV_LOW, n, l, "m", NULL, NULL, false, "p/x.js", "aa", 1, NULL, NULL},
        {"y", SEV_INFO, GRAPH_NONE, l, "m", NULL, NULL, true, NULL, NULL, 0, NULL, NULL},
    };
    fs.items.items = f;
    fs.items.len = 2;
    struct baseline_marks m;
    baseline_marks_build(&m, b, &fs, &fs, g, "p");
    if (m.n_new > 2 || m.n_gone > m.n_base || m.n_base != baseline_count(b))
        abort();
    /* The gone findings, as SARIF lists them absent: as many as counted,
     * each with its rule, its lockfile matched or not. */
    struct baseline_entry_view e;
    size_t gone = 0;
    for (size_t pos = 0; baseline_gone_next(b, &pos, &e); gone++)
        if (!e.rule || (baseline_entry_lockfile(&e, g, "p") != SIZE_MAX && !e.lockfile))
            abort();
    if (gone != m.n_gone)
        abort();
    baseline_marks_fini(&m);
    graph_free(g);
    baseline_free(b);
    return 0;
}
