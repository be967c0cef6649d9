/* Private to src/engine: folding a package's answers into the cache. */
#ifndef DEPVET_ENGINE_REFRESH_COMMIT_H
#define DEPVET_ENGINE_REFRESH_COMMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/net/http.h"
#include "depvet/store/db.h"

/* What one request of a package came back with. */
struct fetch_answer {
    bool done;
    bool ok;                  /* a usable answer (fresh body, 304, or TTL) */
    bool not_modified;        /* 304: the cached body still holds */
    bool from_ttl;            /* not asked: the cached body is fresh enough */
    int status;
    char *body;               /* heap, for new bodies */
    size_t len;
    char *etag, *last_modified, *content_type;   /* heap */
    struct diag err;          /* why it failed */
    unsigned pages;           /* paged kinds: pages read so far */
    uint64_t page_total;      /* and the items counted in them */
    bool failed_page;         /* a page could not be read or asked */
};

void fetch_answer_fini(struct fetch_answer *a);
/* Keeps a copy of a new answer's body and validators in a. */
void fetch_answer_take(struct fetch_answer *a, const struct http_response *r);
/* An http_request callback whose ud is a struct fetch_answer: the answer
 * (body kept unless a 304) or why it failed. */
void fetch_answer_done(void *ud, const struct http_response *r);

/* True when the cached answer for url is younger than ttl (no request
 * needed). */
bool refresh_is_fresh(struct store *st, const char *url, int64_t ttl, int64_t now);

/* Writes package fp's answers in one transaction: the new bodies and
 * validators, and the record parsed from all of them.  Optional answers
 * that failed are left out; a failed required one fails the package and
 * leaves the old record whole.  d names the URL (and JSON pointer). */
bool refresh_commit(struct store *st, const struct fetch_plan *plan, unsigned pkg,
                    struct fetch_answer *answers, int64_t now, struct diag *d);

#endif
