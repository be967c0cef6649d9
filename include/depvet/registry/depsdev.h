/* deps.dev API answers (v3 GetPackage / GetVersion, v3alpha :dependents)
 * to the model, for npm and PyPI (deps.dev has no Hex).  No I/O.  Parsers
 * return true on success; on failure *out is untouched and d holds the URL
 * and JSON pointer.  Error bodies ({"code":5,"message":"..."}) fail with
 * DIAG_UNSUPPORTED. */
#ifndef DEPVET_REGISTRY_DEPSDEV_H
#define DEPVET_REGISTRY_DEPSDEV_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"
#include "depvet/store/model.h"

#define DEPSDEV_BASE "https://api.deps.dev/v3"
#define DEPSDEV_ALPHA_BASE "https://api.deps.dev/v3alpha"

/* "npm", "pypi"; NULL for ecosystems deps.dev does not serve (Hex). */
const char *depsdev_system(enum ecosystem e);
/* base/systems/S/packages/NAME[/versions/V]; NULL when eco is not served. */
char *depsdev_package_url(struct arena *a, const char *base, enum ecosystem eco,
                          const char *name);
char *depsdev_version_url(struct arena *a, const char *base, enum ecosystem eco,
                          const char *name, const char *version);
/* The v3alpha dependents count: base/.../versions/V:dependents. */
char *depsdev_dependents_url(struct arena *a, const char *alpha_base,
                             enum ecosystem eco, const char *name,
                             const char *version);

/* GetPackage: versions with publishedAt, isDefault (-> latest_version),
 * isDeprecated / deprecatedReason. */
bool depsdev_parse_package(struct arena *a, const char *url, const char *body,
                           size_t len, struct reg_package **out, struct diag *d);
/* GetVersion: a package with one release: licences, links (SOURCE_REPO ->
 * repository, HOMEPAGE -> homepage; relatedProjects SOURCE_REPO as a
 * fallback), publishedAt, deprecation. */
bool depsdev_parse_version(struct arena *a, const char *url, const char *body,
                           size_t len, struct reg_package **out, struct diag *d);
/* :dependents: {dependentCount, directDependentCount, ...} (numbers or
 * decimal strings, as proto3 JSON may write int64) into dependents and
 * direct_dependents; an absent count is 0 (proto3 JSON leaves zeros out). */
bool depsdev_parse_dependents(struct arena *a, const char *url, const char *body,
                              size_t len, struct reg_package **out, struct diag *d);

#endif
