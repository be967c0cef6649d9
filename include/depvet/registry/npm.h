/* npm registry answers to the model: packuments (full and abbreviated
 * `application/vnd.npm.install-v1+json`), single version documents and the
 * api.npmjs.org download counts.  No I/O.  Parsers return true on success;
 * on failure *out is untouched and d holds the URL and JSON pointer.  Error
 * bodies ({"error": "Not found"}) fail with DIAG_UNSUPPORTED. */
#ifndef DEPVET_REGISTRY_NPM_H
#define DEPVET_REGISTRY_NPM_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/model.h"

#define NPM_REGISTRY_BASE "https://registry.npmjs.org"
#define NPM_DOWNLOADS_BASE "https://api.npmjs.org/downloads"
#define NPM_ABBREVIATED_ACCEPT "application/vnd.npm.install-v1+json"

/* Name as one path segment: "@scope/name" -> "@scope%2Fname", other bytes
 * outside the unreserved set percent-encoded. */
char *npm_escape_name(struct arena *a, const char *name);
char *npm_packument_url(struct arena *a, const char *base, const char *name);
char *npm_version_url(struct arena *a, const char *base, const char *name,
                      const char *version);
/* base/point/PERIOD/NAME; period "last-week", "2024-01-01:2024-01-31", ... */
char *npm_downloads_point_url(struct arena *a, const char *base,
                              const char *period, const char *name);
/* base/range/START:END/NAME with dates as YYYY-MM-DD. */
char *npm_downloads_range_url(struct arena *a, const char *base,
                              const char *start, const char *end, const char *name);

/* A packument: dist-tags.latest, time (created, modified, per version),
 * maintainers as owners, and per version: the four dependency maps (a name
 * in optionalDependencies is optional, not also runtime), install scripts
 * (preinstall, install, postinstall, prepare), deprecated, _npmUser as
 * publisher, dist (tarball, integrity, shasum), licence (string, {type} or
 * an array), repository (string or {url}).  The package counts as deprecated
 * when every version is. */
bool npm_parse_packument(struct arena *a, const char *url, const char *body,
                         size_t len, struct reg_package **out, struct diag *d);
/* GET /NAME/VERSION: one version document. */
bool npm_parse_version(struct arena *a, const char *url, const char *body,
                       size_t len, struct reg_release **out, struct diag *d);
/* Point: {downloads, start, end, package} into downloads.day / week / month
 * for 1, 7 or 28-31 day spans, else recent with recent_days. */
bool npm_parse_downloads_point(struct arena *a, const char *url, const char *body,
                               size_t len, struct reg_package **out, struct diag *d);
/* Range: {downloads: [{day, downloads}], start, end, package} into the
 * series (sorted) and recent = its sum over the span. */
bool npm_parse_downloads_range(struct arena *a, const char *url, const char *body,
                               size_t len, struct reg_package **out, struct diag *d);

#endif
