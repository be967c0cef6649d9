/* The one findings assembly (engine/assemble.h). */
#include "depvet/engine/assemble.h"

#include <stdlib.h>
#include <string.h>

void findings_assemble(struct findings *out, const struct enforce_input *e, bool want_pins,
                       struct findings_report *rep)
{
    findings_assemble_loaded(out, e, want_pins, rep, NULL);
}

/* The records, read once for the rules and the policy alike when the
 * caller has none: the policy asked the cache for each pin's whole record
 * (1.8 s of `depvet check` on 20,000 pins). */
static bool read_own(struct findings_loaded *own, const struct enforce_input *e)
{
    if (!e->in->st || !e->set || e->records)
        return false;
    *own = (struct findings_loaded){arena_new(), NULL, NULL, NULL, 0};
    struct diag d;
    diag_clear(&d);
    return findings_load_records(own, e->in->st, &d);
}

void findings_assemble_loaded(struct findings *out, const struct enforce_input *e,
                              bool want_pins, struct findings_report *rep,
                              const struct findings_loaded *pre)
{
    memset(rep, 0, sizeof(*rep));
    struct findings_loaded own = {NULL, NULL, NULL, NULL, 0};
    if (!pre && read_own(&own, e))
        pre = &own;
    findings_collect_loaded(out, e->in, pre);
    if (e->in->st)
        findings_from_archives(out, e->in, e->cache_dir, &rep->archives);
    if (e->set) {
        struct enforce_input with = *e;
        const struct reg_package **per = pre && !e->records
                                         ? findings_records_by_node(pre, e->in->g) : NULL;
        if (per)
            with.records = per;
        enforce_findings(out, &with, &rep->cov, want_pins ? &rep->pins : NULL,
                         want_pins ? &rep->n_pins : NULL);
        free(per);
    }
    arena_free(own.a);
}

void findings_report_fini(struct findings_report *rep)
{
    free(rep->pins);
    memset(rep, 0, sizeof(*rep));
}
