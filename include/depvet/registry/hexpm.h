/* hex.pm HTTP API answers (packages, releases, owners, search) to the
 * reputation model.  No I/O: callers fetch, these parse.  Every parser
 * returns true on success; on failure *out is untouched and d holds the URL,
 * the JSON pointer of the offending member and what was wrong.  An error
 * answer ({"message": "Page not found", "status": 404}) fails with
 * DIAG_UNSUPPORTED and "registry error: ...". */
#ifndef DEPVET_REGISTRY_HEXPM_H
#define DEPVET_REGISTRY_HEXPM_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/model.h"

#define HEXPM_API_BASE "https://hex.pm/api"
#define HEXPM_PAGE_SIZE 100   /* search answers hold at most this many */

/* URLs under base (e.g. HEXPM_API_BASE or ".../api/repos/ORG"); names and
 * versions percent-encoded. */
char *hexpm_package_url(struct arena *a, const char *base, const char *name);
char *hexpm_release_url(struct arena *a, const char *base, const char *name,
                        const char *version);
char *hexpm_owners_url(struct arena *a, const char *base, const char *name);
/* Page `page` (from 1) of packages that depend on name: dependents are
 * counted by summing pages until one holds fewer than HEXPM_PAGE_SIZE. */
char *hexpm_dependents_url(struct arena *a, const char *base, const char *name,
                           unsigned page);

/* GET /packages/NAME: metadata, downloads, owners when embedded, releases
 * (version and time) with their retirements. */
bool hexpm_parse_package(struct arena *a, const char *url, const char *body,
                         size_t len, struct reg_package **out, struct diag *d);
/* GET /packages/NAME/releases/VERSION: publisher, requirements, retirement,
 * build tools, outer checksum. */
bool hexpm_parse_release(struct arena *a, const char *url, const char *body,
                         size_t len, struct reg_release **out, struct diag *d);
/* GET /packages/NAME/owners: users with level as role. */
bool hexpm_parse_owners(struct arena *a, const char *url, const char *body,
                        size_t len, struct reg_person **out, size_t *n,
                        struct diag *d);
/* A search page (GET /packages?search=...): *count packages in it. */
bool hexpm_parse_search_page(struct arena *a, const char *url, const char *body,
                             size_t len, size_t *count, struct diag *d);

#endif
