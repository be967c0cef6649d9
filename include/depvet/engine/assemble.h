/* One findings assembly: what `depvet check`, `depvet review --ack` and
 * the explorer's findings worker show is made here, in one order: every
 * rule (findings_collect), then the stored archives (verified again and
 * scanned: findings_from_archives, when there is a cache), then, with a
 * reviews set, the review policy (enforce_findings).
 *
 *   struct enforce_input e = {&in, set, cache_dir, true, &imports};
 *   struct findings_report rep;
 *   findings_assemble(&fs, &e, true, &rep);  ...  findings_report_fini(&rep);
 */
#ifndef DEPVET_ENGINE_ASSEMBLE_H
#define DEPVET_ENGINE_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/engine/enforce.h"
#include "depvet/engine/findings.h"

/* What the assembly looked at besides the findings. */
struct findings_report {
    struct archive_scan_summary archives;
    struct coverage cov;             /* all zero without a reviews set */
    struct enforce_pin *pins;        /* with want_pins and a reviews set: one
                                      * per registry pin; else NULL */
    size_t n_pins;
};

/* Fills out (findings_fini) and rep.  e->set NULL: no policy findings
 * (the explorer's worker, until it enforces the policy too); e->in->st
 * NULL: only the rules that need nothing but the lockfile. */
void findings_assemble(struct findings *out, const struct enforce_input *e, bool want_pins,
                       struct findings_report *rep);
/* The same over records already read (findings_collect_loaded). */
void findings_assemble_loaded(struct findings *out, const struct enforce_input *e,
                              bool want_pins, struct findings_report *rep,
                              const struct findings_loaded *pre);
void findings_report_fini(struct findings_report *rep);

#endif
