/* The OSV web API (https://google.github.io/osv.dev/api/): the querybatch
 * request for many package@version pins at once, and its answer, which
 * names the advisories of each pin with their modified times; the full
 * records come from GET /v1/vulns/ID and are read by analysis/osv.h. */
#ifndef DEPVET_REGISTRY_OSVAPI_H
#define DEPVET_REGISTRY_OSVAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/ecosystem.h"

#define OSVAPI_BATCH 1000          /* queries the API takes in one request */

struct osvapi_query {
    enum ecosystem eco;
    const char *name;
    const char *version;
};

struct osvapi_vuln {
    const char *id;
    int64_t modified;               /* 0 when the answer does not say */
};

/* What the answer says about one query. */
struct osvapi_result {
    struct osvapi_vuln *vulns;
    size_t n_vulns;
    bool more;                      /* a next_page_token: the list is partial */
};

/* base + "/v1/querybatch" and + "/v1/vulns/ID" (arena-owned).  The vulns
 * URL is NULL for an id holding anything but letters, digits, "-", "_",
 * "." and ":" (ids come from the network and end up in a URL). */
char *osvapi_batch_url(struct arena *a, const char *base);
char *osvapi_vuln_url(struct arena *a, const char *base, const char *id);

/* The JSON body asking about q[0..n). heap; caller frees. */
char *osvapi_batch_body(const struct osvapi_query *q, size_t n);

/* Reads a querybatch answer for n queries into out[0..n) (arena-owned).
 * A results array of another length, or members of the wrong type, fail
 * with the URL and JSON pointer. */
bool osvapi_parse_batch(struct arena *a, const char *url, const char *body, size_t len,
                        size_t n, struct osvapi_result *out, struct diag *d);

#endif
