/* Inside popular_lists: the request helper the paged lists and the npm
 * list share, and the npm list, which is a package (npm-high-impact) read
 * in two steps: its packument names the latest tarball, the tarball holds
 * the lists. */
#ifndef DEPVET_ENGINE_POPULAR_LISTS_PRIV_H
#define DEPVET_ENGINE_POPULAR_LISTS_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/engine/config.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/net/http.h"
#include "depvet/registry/popular.h"
#include "depvet/store/db.h"
#include "refresh_commit.h"

/* GET url into *ans, conditional on the cached answer's validators. */
bool popular_lists_ask(struct store *st, struct http_engine *eng, const char *url,
                       struct fetch_answer *ans, struct diag *d);

/* Writes (or, after a 304, touches) the answer for url; inside the
 * caller's transaction. */
bool popular_lists_put(struct store *st, const char *url, const struct fetch_answer *ans,
                       int64_t now, struct diag *d);

struct popular_npm {
    const char *base, *pkg_url, *tgz_url;   /* tgz_url known once the packument is read */
    const char *integrity;           /* the latest release's SRI */
    struct fetch_answer pkg, tgz;
    bool pkg_asked, tgz_asked;
    struct diag err;                 /* why the packument named no tarball */
};

void popular_npm_init(struct popular_npm *n, struct arena *a, const struct engine_config *cfg);
/* The packument confirmed within the time-to-live and its lists readable. */
bool popular_npm_fresh(struct store *st, struct popular_npm *n, int64_t now);
/* The next request: the packument, then (its answer read) the tarball
 * unless the cache holds it whole.  *asked says whether one was made. */
bool popular_npm_ask(struct store *st, struct http_engine *eng, struct popular_npm *n,
                     struct arena *a, bool *asked, struct diag *d);
/* Checks the answers (integrity, archive, both lists) and stores them in
 * one transaction; counts the list in sum. */
void popular_npm_finish(struct store *st, struct popular_npm *n, struct arena *a, int64_t now,
                        struct popular_refresh_summary *sum);
/* The cached lists merged: most downloaded and most depended upon, each
 * name at its better relative rank.  *checked: when the packument was
 * last confirmed. */
bool popular_npm_names(struct store *st, const struct engine_config *cfg, struct arena *a,
                       struct popular_names *out, int64_t *checked, struct diag *d);

#endif
