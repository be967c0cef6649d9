/* The one findings assembly (engine/assemble.h). */
#include "depvet/engine/assemble.h"

#include <stdlib.h>
#include <string.h>

void findings_assemble(struct findings *out, const struct enforce_input *e, bool want_pins,
                       struct findings_report *rep)
{
    findings_assemble_loaded(out, e, want_pins, rep, NULL);
}

void findings_assemble_loaded(struct findings *out, const struct enforce_input *e,
                              bool want_pins, struct findings_report *rep,
                              const struct findings_loaded *pre)
{
    memset(rep, 0, sizeof(*rep));
    findings_collect_loaded(out, e->in, pre);
    if (e->in->st)
        findings_from_archives(out, e->in, e->cache_dir, &rep->archives);
    if (e->set)
        enforce_findings(out, e, &rep->cov, want_pins ? &rep->pins : NULL,
                         want_pins ? &rep->n_pins : NULL);
}

void findings_report_fini(struct findings_report *rep)
{
    free(rep->pins);
    memset(rep, 0, sizeof(*rep));
}
