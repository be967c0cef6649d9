/* Between the SBOM inventory's modules. */
#ifndef DEPVET_ENGINE_SBOM_PRIV_H
#define DEPVET_ENGINE_SBOM_PRIV_H

#include "depvet/engine/sbom.h"

/* Each registry component's review verdict under in->set and in->policy. */
void sbom_add_policy(struct sbom *s, const struct sbom_input *in);
/* The cache's advisories matching the components' pins, grouped by id. */
void sbom_add_vulns(struct sbom *s, struct store *st);

#endif
