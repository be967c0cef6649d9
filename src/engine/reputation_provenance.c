/* The provenance lines of a reputation: who the attestations of the pinned
 * and the latest release name (engine/reputation.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "depvet/engine/reputation.h"

void reputation_provenance_words(const struct provenance_line *l, char *buf, size_t n)
{
    if (l->attest == REG_ATTEST_PRESENT)
        snprintf(buf, n, "%s", l->identity ? l->identity : "attested (identity not read)");
    else
        snprintf(buf, n, "%s",
                 l->attest == REG_ATTEST_NONE ? "no provenance" : "provenance unknown");
}

static bool line_changed(const struct provenance_line *pin, const struct provenance_line *l)
{
    if (pin->attest != REG_ATTEST_PRESENT)
        return false;
    if (l->attest == REG_ATTEST_NONE)
        return true;
    return l->attest == REG_ATTEST_PRESENT && pin->identity && l->identity &&
           strcasecmp(pin->identity, l->identity) != 0;
}

static void add_line(struct reputation *r, const struct reg_release *rel, const char *role)
{
    struct provenance_line *l = &r->provenance[r->n_provenance++];
    *l = (struct provenance_line){rel->version, role, rel->attest, rel->identity, false};
}

void reputation_provenance(struct reputation *r)
{
    const struct reg_package *p = r->pkg;
    r->n_provenance = 0;
    /* Hex has no attestations: its publishing user is the publisher. */
    if (p->eco != ECO_NPM && p->eco != ECO_PYPI)
        return;
    const struct reg_release *pin = r->pinned_release;
    const struct reg_release *latest = r->latest ? reg_package_find_release(p, r->latest) : NULL;
    if (pin)
        add_line(r, pin, "pinned");
    if (latest && latest != pin)
        add_line(r, latest, "latest");
    if (pin && r->n_provenance == 2)
        r->provenance[1].changed = line_changed(&r->provenance[0], &r->provenance[1]);
}
