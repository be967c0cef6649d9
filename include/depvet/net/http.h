/* The one HTTP engine (libcurl multi) every request goes through: bounded
 * concurrency, connection reuse and HTTP/2, conditional requests, retries
 * with backoff and jitter, a size cap, and TLS verification that cannot be
 * turned off.  One thread drives an engine; callbacks run on that thread. */
#ifndef DEPVET_NET_HTTP_H
#define DEPVET_NET_HTTP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/diag.h"

struct http_config {
    unsigned concurrency;     /* transfers in flight (default 16) */
    long timeout_ms;          /* per attempt (30 s) */
    long connect_timeout_ms;  /* (10 s) */
    long deadline_ms;         /* per request, retries included; 0 = none */
    unsigned max_retries;     /* after the first attempt (4) */
    long backoff_base_ms;     /* first retry waits up to this (250) */
    long backoff_cap_ms;      /* no wait is longer, Retry-After aside (8 s) */
    long retry_after_cap_ms;  /* longest Retry-After honoured (60 s) */
    size_t max_body;          /* larger answers fail (64 MiB) */
    size_t body_budget;       /* every answer in flight together (256 MiB);
                               * one that would pass it waits for a retry,
                               * one larger than all of it fails */
    long total_ms;            /* the engine's deadline for every request
                               * (300 s), named in messages; 0 = none */
    double ends_at;           /* when it passes (http_clock); 0 = total_ms
                               * after http_engine_new */
    unsigned breaker_threshold;  /* failures in a row that give up on an
                                  * origin (5); 0 = never (breaker.h) */
    long low_speed_bytes;     /* an attempt under this many bytes/s ... (512) */
    long low_speed_s;         /* ... for this long fails (15 s) */
    const char *cacert;       /* CA file to verify with, or NULL for the system's */
    const char *down;         /* origins a run's earlier engine gave up on,
                               * "origin\twhy\n" each (http_engine_down);
                               * their breakers start open.  NULL: none */
    unsigned jitter_seed;     /* 0 = from the clock */
};

struct http_response {
    bool ok;                  /* 2xx, or 304 */
    bool not_modified;        /* 304 */
    bool absent;              /* 404, or a file:// URL with no such file */
    int status;               /* HTTP status; 200 for a file:// read */
    const char *body;         /* valid during the callback only */
    size_t len;
    const char *etag, *last_modified, *content_type;   /* or NULL */
    const char *url;
    unsigned attempts;
    long elapsed_ms;
    const char *auth_withheld_at;  /* a credential was given but not sent:
                               * "scheme://host:port" of the URL, or of the
                               * redirect that left its origin ("" when that
                               * has none); NULL when it was not withheld */
    bool not_tried;           /* given up on unfinished: the origin's breaker
                               * was open or the deadline had passed */
    struct diag err;          /* when !ok: the URL and what went wrong */
};

struct http_request {
    const char *method;       /* "GET" (default) or "POST" */
    const char *url;
    const char *body;         /* POST body */
    size_t body_len;
    const char *content_type;
    const char *accept;       /* Accept header; NULL: JSON */
    const char *etag;         /* sent as If-None-Match */
    const char *last_modified;/* sent as If-Modified-Since */
    const char *auth_header;  /* "Authorization: Bearer ..."; never logged */
    const char *auth_origin;  /* the registry URL auth_header belongs to: the
                               * header goes only where
                               * url_credentials_allowed(url, auth_origin)
                               * holds (same origin; https, or http on
                               * loopback), never after a redirect to
                               * another origin, and is dropped otherwise */
    void *ud;
    void (*done)(void *ud, const struct http_response *r);
};

struct http_stats {
    unsigned requests, attempts, retries, not_modified, failures;
    unsigned breaker_skipped;     /* not made: their origin's breaker was open */
    unsigned deadline_skipped;    /* not made, or stopped, at the deadline */
    unsigned budget_waits;        /* attempts stopped by the memory budget */
    uint64_t bytes;
};

void http_config_defaults(struct http_config *c);
struct http_engine *http_engine_new(const struct http_config *c, struct diag *d);
void http_engine_free(struct http_engine *e);   /* accepts NULL; drops pending */
/* Queues a request (everything is copied). */
bool http_submit(struct http_engine *e, const struct http_request *r, struct diag *d);
/* Drives every request to completion (blocking). */
void http_run(struct http_engine *e);
/* For an event loop: the descriptors to wait on and how long at most. */
int http_poll_fds(struct http_engine *e, struct pollfd *fds, int max, int *timeout_ms);
/* Non-blocking step: moves transfers on and calls completions. */
void http_perform(struct http_engine *e);
/* Requests queued or in flight. */
unsigned http_pending(const struct http_engine *e);
struct http_stats http_engine_stats(const struct http_engine *e);
/* Lines about the run as a whole, each ending in '\n': open breakers
 * ("http://host:port: 5 failures in a row (last: ...); 1,234 requests to
 * it skipped"), the deadline ("deadline of 300 s reached; 1,234 requests
 * not made, 16 stopped"), the memory budget.  Nothing when all went well. */
struct strbuf;
void http_engine_report(const struct http_engine *e, struct strbuf *out);
/* The origins given up on ("origin\twhy\n" each), for the next engine's
 * http_config.down: a run asks a host that is down once, not once a step. */
void http_engine_down(const struct http_engine *e, struct strbuf *out);
/* The clock deadlines are read on (CLOCK_MONOTONIC seconds). */
double http_clock(void);
/* Retry-After: seconds or an HTTP date, as milliseconds from now; -1 if
 * unreadable. */
long http_parse_retry_after(const char *value, int64_t now);

#endif
