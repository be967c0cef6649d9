/* Private to src/net: whether a finished attempt is tried again, after how
 * long, and how a final failure is described. */
#ifndef DEPVET_NET_RETRY_H
#define DEPVET_NET_RETRY_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/net/http.h"

/* How an answer stood against the memory budget for answers in flight. */
enum retry_budget {
    BUDGET_OK,
    BUDGET_SHARED,            /* others held the rest: try again later */
    BUDGET_ALONE,             /* larger than the whole budget by itself */
};

/* The attempt just finished. */
struct retry_attempt {
    CURLcode rc;
    long status;
    bool too_big;             /* past max_body */
    enum retry_budget budget;
    bool too_slow;            /* below the low-speed limit */
    unsigned attempts;        /* so far, this one included */
    long retry_after_ms;      /* the server's Retry-After, -1 none */
    double elapsed_s;         /* on the request so far */
    long remaining_ms;        /* until the engine's deadline, -1 none */
};

enum retry_why {
    RETRY_NOT,                /* not transient, or no tries left */
    RETRY_AGAIN,
    RETRY_WAIT_TOO_LONG,      /* Retry-After past what depvet waits */
    RETRY_NO_TIME,            /* the wait would pass a deadline */
};

struct retry_verdict {
    bool retry;
    long delay_ms;
    enum retry_why why;
};

struct retry_verdict retry_judge(const struct http_config *c, const struct retry_attempt *a,
                                 uint64_t *rng);
void retry_describe(struct diag *d, const char *url, const struct http_config *c,
                    const struct retry_attempt *a, const struct retry_verdict *v,
                    const char *curl_msg);

#endif
