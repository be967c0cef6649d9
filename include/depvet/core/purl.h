/* Package URLs (purl, https://github.com/package-url/purl-spec) for the
 * ecosystems depvet reads: pkg:hex/[ORG/]NAME@V, pkg:pypi/NAME@V (lower
 * case, '_' as '-'), pkg:npm/[%40SCOPE/]NAME@V (lower case), each part
 * percent-encoded, qualifiers sorted by key. */
#ifndef DEPVET_CORE_PURL_H
#define DEPVET_CORE_PURL_H

#include "depvet/core/ecosystem.h"
#include "depvet/core/strbuf.h"

/* Qualifiers for packages not from the public registry; NULL = absent. */
struct purl_extra {
    const char *repository_url;   /* another index or registry */
    const char *download_url;     /* a direct archive URL */
    const char *vcs_url;          /* "git+https://host/repo@ref" */
};

/* "hex", "pypi", "npm"; NULL for ECO_UNKNOWN. */
const char *purl_type(enum ecosystem eco);

/* Appends the purl of NAME@VERSION (version "" or NULL: none).  repo is
 * the graph's Hex repository ("hexpm:acme" names the organisation acme);
 * extra may be NULL.  False (nothing appended) for ECO_UNKNOWN or an empty
 * name. */
bool purl_append(struct strbuf *out, enum ecosystem eco, const char *name, const char *version,
                 const char *repo, const struct purl_extra *extra);

/* Appends s percent-encoded as purl components are: every byte but
 * A-Z a-z 0-9 . - _ ~ and ':' becomes %XX. */
void purl_encode(struct strbuf *out, const char *s);

#endif
