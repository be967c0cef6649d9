/* Per-origin circuit breakers for the HTTP engine.  An origin is a URL's
 * scheme, host and port.  After `threshold` failures in a row to get an
 * answer from one (connection, DNS or TLS trouble, or a 5xx; the engine
 * tells each request's first failure only) its breaker opens and stays
 * open for the engine's life: the origin's remaining requests fail at
 * once instead of each crawling through its retries.  Any answer below
 * 500 ends the streak. */
#ifndef DEPVET_NET_BREAKER_H
#define DEPVET_NET_BREAKER_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/strbuf.h"

enum breaker_event {
    BREAKER_ANSWER,           /* the origin answered (below 500) */
    BREAKER_NEUTRAL,          /* no verdict (a connection lost midway) */
    BREAKER_FAILURE,          /* unreachable, or a 5xx */
};

struct breaker_set;

/* threshold 0: breakers never open. */
struct breaker_set *breaker_set_new(unsigned threshold);
void breaker_set_free(struct breaker_set *b);   /* accepts NULL */
/* The origin of an http(s) URL as "scheme://host:port" (host lower-cased,
 * the scheme's port when none is written) into out; false for other URLs
 * (file://) and unreadable ones, which have no breaker. */
bool breaker_origin_of(const char *url, char *out, size_t n);
/* The origin's index (added when new), or -1 when the URL has none. */
int breaker_origin(struct breaker_set *b, const char *url);
/* Records an outcome; what is why (for a failure), copied.  True when
 * this event opened the breaker. */
bool breaker_record(struct breaker_set *b, int origin, enum breaker_event ev,
                    const char *what);
bool breaker_is_open(const struct breaker_set *b, int origin);
/* Counts one request of the origin not made because its breaker is open. */
void breaker_count_skip(struct breaker_set *b, int origin);
/* "OR failed N times in a row (last: WHAT)" for an open breaker. */
void breaker_describe(const struct breaker_set *b, int origin, struct strbuf *out);
/* Opens the breaker of url's origin (added when new) as one a run's
 * earlier engine gave up on, with why as its last failure: its requests
 * fail at once instead of each retrying an origin known to be down. */
void breaker_open(struct breaker_set *b, const char *url, const char *why);
/* "origin\twhy\n" for each open breaker, to open them in the next engine. */
void breaker_list_open(const struct breaker_set *b, struct strbuf *out);
/* One line per open breaker that skipped requests, each ending in '\n':
 * "http://host:port: 5 failures in a row (last: ...); 1,234 requests to it skipped". */
void breaker_report(const struct breaker_set *b, struct strbuf *out);

#endif
