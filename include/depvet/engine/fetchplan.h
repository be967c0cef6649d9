/* What a refresh asks for: for each registry package in the graph, the
 * requests that give its reputation (a data table of request kinds), and
 * how each answer is folded into the package record. */
#ifndef DEPVET_ENGINE_FETCHPLAN_H
#define DEPVET_ENGINE_FETCHPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/vec.h"
#include "depvet/engine/config.h"
#include "depvet/lock/graph.h"
#include "depvet/store/model.h"

enum fetch_kind {
    FETCH_HEX_PACKAGE, FETCH_HEX_RELEASE, FETCH_HEX_OWNERS,
    FETCH_PYPI_PROJECT, FETCH_PYPI_RELEASE, FETCH_PYPI_SIMPLE, FETCH_PYPISTATS_RECENT,
    FETCH_NPM_PACKUMENT, FETCH_NPM_DOWNLOADS,
    FETCH_DEPSDEV_PACKAGE, FETCH_DEPSDEV_DEPENDENTS, FETCH_HEX_DEPENDENTS,
    FETCH_NPM_ATTESTATIONS, FETCH_PYPI_PROVENANCE,
    FETCH_KIND_COUNT
};

struct fetch_item {
    enum fetch_kind kind;
    const char *url;
    unsigned pkg;             /* index into plan.pkgs */
};

struct fetch_pkg {
    enum ecosystem eco;
    const char *name;
    const char *version;      /* a pinned version (the first seen), or "" */
    unsigned first_item, n_items;
    const char *skipped;      /* why nothing is fetched (private, git), or NULL */
    const struct private_registry *priv; /* asked instead of the public
                                          * registry (config-owned), or NULL */
};

struct fetch_plan {
    struct arena *arena;
    VEC(struct fetch_pkg) pkgs;
    VEC(struct fetch_item) items;
};

/* Fact kind a request refreshes ("package", "owners", "downloads",
 * "dependents") and how long that fact stays fresh. */
const char *fetch_kind_fact(enum fetch_kind k);
/* The Accept header the kind's answers need, or NULL for JSON. */
const char *fetch_kind_accept(enum fetch_kind k);
int64_t fetch_kind_ttl(enum fetch_kind k);
bool fetch_kind_required(enum fetch_kind k);
/* How long a fact ("package", "release", "downloads", ...) of the
 * ecosystem's records stays fresh: the shortest time-to-live of the
 * requests that refresh it (0 when none does).  The explorer's "stale"
 * mark reads it, so it says what a refresh would ask again. */
int64_t fetch_fact_ttl(enum ecosystem eco, const char *fact);

/* Plans requests for every registry package of g (one entry per ecosystem
 * and normalised name).  now picks download windows. */
void fetchplan_build(struct fetch_plan *plan, const struct dep_graph *g,
                     const struct engine_config *cfg, int64_t now);
/* The same over the nodes i with only[i] set (only NULL: every node). */
void fetchplan_build_nodes(struct fetch_plan *plan, const struct dep_graph *g,
                           const bool *only, const struct engine_config *cfg, int64_t now);
/* Plans one package (depvet info). */
void fetchplan_add(struct fetch_plan *plan, enum ecosystem eco, const char *name,
                   const char *version, const struct engine_config *cfg, int64_t now);
void fetchplan_fini(struct fetch_plan *plan);

struct store;
/* The provenance pass of a refresh, planned once the first pass has put
 * in's records in the cache: into out (initialised here; fetchplan_fini),
 * each package of in that has provenance to ask for (not skip[p]; skip
 * NULL: none), with those of its own requests still fresh at now (the
 * first pass's answers, read from the cache) and, for the pinned and the latest
 * release, npm's attestations when the packument lists them or PyPI's PEP
 * 740 provenance of the release's sdist (or first file).  Public
 * registries only.  Returns how many provenance requests were added. */
size_t fetchplan_provenance(struct fetch_plan *out, const struct fetch_plan *in,
                            const bool *skip, struct store *st,
                            const struct engine_config *cfg, int64_t now);
/* Whether a 404 to this kind is an answer ("no provenance") rather than a
 * failure. */
bool fetch_kind_absent_ok(enum fetch_kind k);

#define FETCH_TOKEN_MAX 4096
/* Where a private registry's credential may go: the registry URL (config-
 * owned) whose origin a request to url shares (priv->url; for a Hex
 * organisation also the configured Hex repository when it is that
 * registry's, the same origin or hex.pm's repo.hex.pm), or NULL when url is
 * on another origin or plain http off loopback (url_credentials_allowed). */
const char *fetchplan_auth_origin(const struct engine_config *cfg,
                                  const struct private_registry *priv, const char *url);
/* The header that authenticates a request to url with a private registry,
 * built from the token variable the config names, into out (n >=
 * FETCH_TOKEN_MAX * 2), and in *origin the registry URL it belongs to (for
 * http_request.auth_origin); false when there is no token or url is not
 * the registry's (fetchplan_auth_origin).  The caller wipes out after use. */
bool fetchplan_auth_header(const struct engine_config *cfg, const struct private_registry *priv,
                           const char *url, char *out, size_t n, const char **origin);

/* Paged kinds (Hex dependents, counted over search pages of 100).  Reads
 * page `page` (from 1; its answer from url), adds its items to *total and
 * sets *next_url (heap, caller frees) to the following page of the item
 * whose first page is first_url, or NULL after the last page or at
 * FETCH_MAX_PAGES (the count is then a lower bound).  The refresh keeps the sum as the answer's body, as
 * fetchplan_page_total_body() writes it. */
#define FETCH_MAX_PAGES 20
bool fetch_kind_paged(enum fetch_kind k);
bool fetchplan_page(enum fetch_kind k, const char *first_url, const char *url,
                    const char *body, size_t len, unsigned page, uint64_t *total,
                    char **next_url, struct diag *d);
char *fetchplan_page_total_body(uint64_t total, unsigned pages); /* heap */

/* Parses one answer and folds it into *pkg (created on the first answer). */
bool fetchplan_apply(enum fetch_kind k, struct arena *a, const char *url,
                     const char *body, size_t len, const struct fetch_pkg *fp,
                     struct reg_package **pkg, struct diag *d);

#endif
