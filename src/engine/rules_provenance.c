/* Rules over the provenance of the pinned and later releases: the
 * publishing identity (the CI workflow a PEP 740 or npm attestation names)
 * changed, or a package that was attested stopped being attested.  Both
 * need the fact known on both sides: an unknown identity or attestation
 * says nothing. */
#include <stdio.h>
#include <strings.h>

#include "depvet/core/version.h"
#include "depvet/engine/catalog.h"
#include "depvet/engine/findings.h"
#include "depvet/store/model.h"

/* The releases after the pin, lowest first, that pass keep(): the first
 * one is where the change happened. */
static const struct reg_release *first_later(const struct rule_ctx *c,
                                             bool (*keep)(const struct reg_release *pin,
                                                          const struct reg_release *r))
{
    const struct reg_release *pin = c->pinned, *best = NULL;
    for (size_t i = 0; i < c->pkg->n_releases; i++) {
        const struct reg_release *r = &c->pkg->releases[i];
        if (!r->version || version_compare(c->pkg->eco, r->version, pin->version) <= 0 ||
            !keep(pin, r))
            continue;
        if (!best || version_compare(c->pkg->eco, r->version, best->version) < 0)
            best = r;
    }
    return best;
}

static bool identity_differs(const struct reg_release *pin, const struct reg_release *r)
{
    return r->attest == REG_ATTEST_PRESENT && r->identity &&
           strcasecmp(r->identity, pin->identity) != 0;
}

static bool attestation_gone(const struct reg_release *pin, const struct reg_release *r)
{
    (void)pin;
    return r->attest == REG_ATTEST_NONE;
}

static void rule_identity_changed(struct rule_ctx *c)
{
    const struct reg_release *pin = c->pinned;
    if (!pin || pin->attest != REG_ATTEST_PRESENT || !pin->identity)
        return;
    const struct reg_release *r = first_later(c, identity_differs);
    if (!r)
        return;
    char ev[1024];
    snprintf(ev, sizeof(ev), "%s: %s; %s: %s", pin->version, pin->identity, r->version,
             r->identity);
    rule_emit(c, "provenance-identity-changed", SEV_HIGH, NULL, ev,
              "%s was built and published by another identity than the pinned %s",
              r->version, pin->version);
}

static void rule_attestation_lost(struct rule_ctx *c)
{
    const struct reg_release *pin = c->pinned;
    if (!pin || pin->attest != REG_ATTEST_PRESENT)
        return;
    const struct reg_release *r = first_later(c, attestation_gone);
    if (!r)
        return;
    char ev[1024];
    snprintf(ev, sizeof(ev), "%s: %s; %s: no provenance", pin->version,
             pin->identity ? pin->identity : "attested (identity not read)", r->version);
    rule_emit(c, "provenance-lost", SEV_HIGH, NULL, ev,
              "%s has no provenance although the pinned %s was attested", r->version,
              pin->version);
}

const struct rule_def rules_provenance_table[] = {
    {"provenance-identity-changed", true, rule_identity_changed},
    {"provenance-lost", true, rule_attestation_lost},
    {NULL, false, NULL},
};

const struct rule_doc rules_provenance_docs[] = {
    {"provenance-identity-changed", SEV_HIGH,
     "a later release was published by another identity than the pinned one",
     "The attestation of a release names the CI workflow (repository and workflow file) that "
     "built and published it; a different one on the upgrade is how a stolen token or a "
     "takeover publishing from elsewhere shows."},
    {"provenance-lost", SEV_HIGH,
     "a later release has no provenance although the pinned one was attested",
     "A package that publishes from CI with attestations and then releases without them was "
     "likely published by hand with a leaked credential, outside the trusted workflow."},
    {NULL, SEV_INFO, NULL, NULL},
};
