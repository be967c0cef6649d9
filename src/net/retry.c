/* Retry policy: transient failures (connection trouble, timeouts, 429 and
 * 5xx gateway errors) are tried again after an exponential backoff with
 * full jitter, or after the server's Retry-After. */
#include "retry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool transient_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

static bool transient_status(long status)
{
    return status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

struct retry_verdict retry_judge(const struct http_config *c, CURLcode rc, long status,
                                 bool too_big, unsigned attempts, long retry_after_ms,
                                 double elapsed_s, uint64_t *rng)
{
    struct retry_verdict v = {false, 0};
    bool transient = !too_big && (rc == CURLE_OK ? transient_status(status)
                                                 : transient_curl(rc));
    if (!transient || attempts > c->max_retries)
        return v;
    long ceiling = c->backoff_base_ms;
    for (unsigned i = 1; i < attempts && ceiling < c->backoff_cap_ms; i++)
        ceiling *= 2;
    if (ceiling > c->backoff_cap_ms)
        ceiling = c->backoff_cap_ms;
    v.delay_ms = ceiling > 0 ? (long)(next_rand(rng) % (uint64_t)(ceiling + 1)) : 0;
    if (retry_after_ms >= 0)
        v.delay_ms = retry_after_ms > c->retry_after_cap_ms ? c->retry_after_cap_ms
                                                            : retry_after_ms;
    if (c->deadline_ms > 0 && elapsed_s * 1000 + v.delay_ms >= c->deadline_ms)
        return v;  /* no time left for another try */
    v.retry = true;
    return v;
}

void retry_describe(struct diag *d, const char *url, CURLcode rc, long status,
                    bool too_big, size_t max_body, unsigned attempts,
                    const char *curl_msg)
{
    char tries[48] = "";
    if (attempts > 1)
        snprintf(tries, sizeof(tries), " after %u attempts", attempts);
    if (too_big || rc == CURLE_FILESIZE_EXCEEDED)
        diag_set(d, DIAG_LIMIT, url, 0, 0, "answer larger than the %zu-byte limit", max_body);
    else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
        diag_set(d, DIAG_NET, url, 0, 0, "TLS certificate verification failed: %s", curl_msg);
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        diag_set(d, DIAG_NET, url, 0, 0, "timed out%s", tries);
    else if (rc == CURLE_PARTIAL_FILE)
        diag_set(d, DIAG_NET, url, 0, 0,
                 "connection closed before the whole answer arrived%s", tries);
    else if (rc == CURLE_FILE_COULDNT_READ_FILE)
        diag_set(d, DIAG_NET, url, 0, 0, "no such file");
    else if (rc != CURLE_OK)
        diag_set(d, DIAG_NET, url, 0, 0, "%s%s", curl_msg, tries);
    else
        diag_set(d, DIAG_NET, url, 0, 0, "HTTP %ld%s", status, tries);
}

long http_parse_retry_after(const char *value, int64_t now)
{
    while (*value == ' ')
        value++;
    char *end;
    long secs = strtol(value, &end, 10);
    if (end != value && (*end == '\0' || *end == ' ') && secs >= 0)
        return secs > 86400 ? 86400L * 1000 : secs * 1000;
    /* An HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT". */
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *rest = strptime(value, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!rest)
        return -1;
    int64_t when = (int64_t)timegm(&tm);
    return when <= now ? 0 : (when - now > 86400 ? 86400L * 1000 : (long)(when - now) * 1000);
}
