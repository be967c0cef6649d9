/* Publishing identity from provenance: the CI workflow (repository and
 * workflow file) that a release's attestation says built and published it.
 * npm: the attestations endpoint's SLSA provenance statement; PyPI: the
 * trusted publisher of a PEP 740 attestation bundle.  The identity is read
 * as the registry serves it; the sigstore signatures are not verified here
 * (the registry verified them when the release was published). */
#ifndef DEPVET_REGISTRY_PROVENANCE_H
#define DEPVET_REGISTRY_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/registry/pypi.h"

/* base/-/npm/v1/attestations/NAME@VERSION (base: the registry URL). */
char *provenance_npm_url(struct arena *a, const char *base, const char *name,
                         const char *version);
/* {attestations: [{predicateType, bundle: {dsseEnvelope: {payload}}}]}:
 * *identity is "HOST/OWNER/REPO/WORKFLOW-PATH" from the SLSA provenance
 * statement (v1 buildDefinition.externalParameters.workflow, or v0.2
 * invocation.configSource), NULL when no statement names one; *version
 * the version the statement's subject names (pkg:npm/NAME@VERSION), or
 * NULL.  False with d (URL and JSON pointer) on a malformed answer. */
bool provenance_npm_parse(struct arena *a, const char *url, const char *body, size_t len,
                          const char **identity, const char **version, struct diag *d);
/* The identity of a PyPI trusted publisher, in the same form
 * ("github.com/OWNER/REPO/.github/workflows/FILE"); for a Google service
 * account "google:EMAIL"; NULL when the publisher names too little. */
const char *provenance_pypi_identity(struct arena *a, const struct pypi_publisher *p);

#endif
