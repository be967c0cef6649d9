/* PyPI answers to the reputation model: the JSON API (project and version
 * documents) and the Simple JSON API (PEP 691).  No I/O.  Parsers return
 * true on success; on failure *out is untouched and d holds the URL and the
 * JSON pointer of the bad member.  {"message": "Not Found"} (PyPI's 404
 * body) fails with DIAG_UNSUPPORTED "registry error: Not Found". */
#ifndef DEPVET_REGISTRY_PYPI_H
#define DEPVET_REGISTRY_PYPI_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/model.h"

#define PYPI_JSON_BASE "https://pypi.org/pypi"
#define PYPI_SIMPLE_BASE "https://pypi.org/simple"
#define PYPI_SIMPLE_ACCEPT "application/vnd.pypi.simple.v1+json"

/* base/NAME/json and base/NAME/VERSION/json (name as given, escaped). */
char *pypi_project_url(struct arena *a, const char *base, const char *name);
char *pypi_version_url(struct arena *a, const char *base, const char *name,
                       const char *version);
/* base/NORMALISED/ with the PEP 503 name (runs of -_. to -, lower case). */
char *pypi_simple_url(struct arena *a, const char *base, const char *name);

/* /pypi/NAME/json or /pypi/NAME/VERSION/json.  Releases come from
 * `releases` (files, upload times, yanks); the shown version (info.version)
 * also gets requires_dist as dependencies, requires_python, licence and
 * info.yanked; a version document without `releases` yields that one
 * release from `urls`.  Owners: `ownership.roles` when present, else the
 * author and maintainer fields with role "author"/"maintainer". */
bool pypi_parse_project(struct arena *a, const char *url, const char *body,
                        size_t len, struct reg_package **out, struct diag *d);
/* Simple JSON: files grouped into releases by the version in their file
 * name (matched against `versions` when given; a file naming an unlisted
 * version gets a release of its own, files naming none are dropped),
 * packagetype inferred from the extension, hashes, yanks with reason,
 * upload times, provenance URLs; project-status as package status
 * ("deprecated" sets deprecated; any non-"active" status keeps its reason
 * in deprecation_message). */
bool pypi_parse_simple(struct arena *a, const char *url, const char *body,
                       size_t len, struct reg_package **out, struct diag *d);

/* PEP 740 provenance: one trusted publisher per attestation bundle. */
struct pypi_publisher {
    const char *kind;        /* "GitHub", "GitLab", "Google", ... */
    const char *repository;  /* "owner/repo" (GitHub, GitLab) */
    const char *workflow;
    const char *environment;
    const char *email;       /* Google service account */
    size_t n_attestations;
};

/* base/PROJECT/VERSION/FILENAME/provenance, base "https://pypi.org/integrity";
 * ask with Accept PYPI_INTEGRITY_ACCEPT. */
#define PYPI_INTEGRITY_BASE "https://pypi.org/integrity"
#define PYPI_INTEGRITY_ACCEPT "application/vnd.pypi.integrity.v1+json"
char *pypi_provenance_url(struct arena *a, const char *base, const char *project,
                          const char *version, const char *filename);
/* {version, attestation_bundles: [{publisher, attestations}]}: the
 * publishers (signatures are not verified here).  A 404 body ({"message":
 * "No provenance available ..."}) fails with DIAG_UNSUPPORTED. */
bool pypi_parse_provenance(struct arena *a, const char *url, const char *body,
                           size_t len, struct pypi_publisher **out, size_t *n,
                           struct diag *d);

/* One requires_dist string split by simple rules, no PEP 508 validation:
 * name = leading [A-Za-z0-9._-] run, extras inside [...], marker after ';',
 * requirement = the rest trimmed; a marker naming `extra` makes it
 * optional.  raw keeps the whole string. */
void pypi_split_requirement(struct arena *a, const char *raw, struct reg_dep *out);

#endif
