/* The reputation pane's provenance lines: who the attestations of the
 * pinned and the latest release name (facts from engine/reputation). */
#include <stdio.h>

#include "app.h"
#include "depvet/engine/reputation.h"
#include "depvet/tui/theme.h"

void pane_provenance_fields(struct pane_doc *doc, const struct reputation *r)
{
    for (size_t i = 0; i < r->n_provenance; i++) {
        const struct provenance_line *l = &r->provenance[i];
        char words[512], line[700];
        reputation_provenance_words(l, words, sizeof(words));
        snprintf(line, sizeof(line), "%s %s: %s%s", l->version, l->role, words,
                 l->changed ? " (CHANGED from the pin)" : "");
        doc_field(doc, i ? "" : "provenance", line,
                  l->changed ? EL_SEV_HIGH
                  : l->attest == REG_ATTEST_UNKNOWN ? EL_PANE_NOTE : EL_NORMAL);
    }
}
