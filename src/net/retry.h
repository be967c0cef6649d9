/* Private to src/net: whether a finished attempt is tried again, after how
 * long, and how a final failure is described. */
#ifndef DEPVET_NET_RETRY_H
#define DEPVET_NET_RETRY_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/diag.h"
#include "depvet/net/http.h"

struct retry_verdict {
    bool retry;
    long delay_ms;
};

/* rc and status of the attempt just finished (attempts so far), the
 * server's Retry-After (-1 none) and seconds spent on the request. */
struct retry_verdict retry_judge(const struct http_config *c, CURLcode rc, long status,
                                 bool too_big, unsigned attempts, long retry_after_ms,
                                 double elapsed_s, uint64_t *rng);
void retry_describe(struct diag *d, const char *url, CURLcode rc, long status,
                    bool too_big, size_t max_body, unsigned attempts,
                    const char *curl_msg);

#endif
