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

static bool transient(const struct retry_attempt *a)
{
    if (a->too_big || a->budget == BUDGET_ALONE)
        return false;
    if (a->budget == BUDGET_SHARED)
        return true;
    return a->rc == CURLE_OK ? transient_status(a->status) : transient_curl(a->rc);
}

static long backoff_ms(const struct http_config *c, unsigned attempts, uint64_t *rng)
{
    long ceiling = c->backoff_base_ms;
    for (unsigned i = 1; i < attempts && ceiling < c->backoff_cap_ms; i++)
        ceiling *= 2;
    if (ceiling > c->backoff_cap_ms)
        ceiling = c->backoff_cap_ms;
    return ceiling > 0 ? (long)(next_rand(rng) % (uint64_t)(ceiling + 1)) : 0;
}

struct retry_verdict retry_judge(const struct http_config *c, const struct retry_attempt *a,
                                 uint64_t *rng)
{
    struct retry_verdict v = {false, 0, RETRY_NOT};
    if (!transient(a) || a->attempts > c->max_retries)
        return v;
    v.delay_ms = backoff_ms(c, a->attempts, rng);
    if (a->retry_after_ms > c->retry_after_cap_ms) {
        /* Waiting the cap and asking again only earns the same answer. */
        v.why = RETRY_WAIT_TOO_LONG;
        return v;
    }
    if (a->retry_after_ms >= 0)
        v.delay_ms = a->retry_after_ms;
    bool past_request = c->deadline_ms > 0 && a->elapsed_s * 1000 + v.delay_ms >= c->deadline_ms;
    bool past_engine = a->remaining_ms >= 0 && v.delay_ms >= a->remaining_ms;
    if (past_request || past_engine) {
        v.why = RETRY_NO_TIME;  /* no time left for another try */
        return v;
    }
    v.retry = true;
    v.why = RETRY_AGAIN;
    return v;
}

/* What stopped the retries, when it was not their number. */
static void why_suffix(char *out, size_t n, const struct http_config *c,
                       const struct retry_attempt *a, const struct retry_verdict *v)
{
    out[0] = '\0';
    if (v->why == RETRY_WAIT_TOO_LONG)
        snprintf(out, n, "; the server asks to wait %ld s, longer than the %ld s depvet waits",
                 a->retry_after_ms / 1000, c->retry_after_cap_ms / 1000);
    else if (v->why == RETRY_NO_TIME)
        snprintf(out, n, "; no time left before the deadline to try again");
}

void retry_describe(struct diag *d, const char *url, const struct http_config *c,
                    const struct retry_attempt *a, const struct retry_verdict *v,
                    const char *curl_msg)
{
    char tries[48] = "", why[160];
    if (a->attempts > 1)
        snprintf(tries, sizeof(tries), " after %u attempts", a->attempts);
    why_suffix(why, sizeof(why), c, a, v);
    CURLcode rc = a->rc;
    if (a->too_big || rc == CURLE_FILESIZE_EXCEEDED)
        diag_set(d, DIAG_LIMIT, url, 0, 0, "answer larger than the %zu-byte limit", c->max_body);
    else if (a->budget == BUDGET_ALONE)
        diag_set(d, DIAG_LIMIT, url, 0, 0, "answer larger than the %zu MiB memory budget for "
                 "answers in flight", c->body_budget >> 20);
    else if (a->budget == BUDGET_SHARED)
        diag_set(d, DIAG_LIMIT, url, 0, 0, "answers in flight kept filling the %zu MiB memory "
                 "budget%s%s", c->body_budget >> 20, tries, why);
    else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
        diag_set(d, DIAG_NET, url, 0, 0, "TLS certificate verification failed: %s", curl_msg);
    else if (rc == CURLE_OPERATION_TIMEDOUT && a->too_slow)
        diag_set(d, DIAG_NET, url, 0, 0, "answer too slow (under %ld bytes/s for %ld s)%s%s",
                 c->low_speed_bytes, c->low_speed_s, tries, why);
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        diag_set(d, DIAG_NET, url, 0, 0, "timed out%s%s", tries, why);
    else if (rc == CURLE_PARTIAL_FILE)
        diag_set(d, DIAG_NET, url, 0, 0,
                 "connection closed before the whole answer arrived%s%s", tries, why);
    else if (rc == CURLE_FILE_COULDNT_READ_FILE)
        diag_set(d, DIAG_NET, url, 0, 0, "no such file");
    else if (rc != CURLE_OK)
        diag_set(d, DIAG_NET, url, 0, 0, "%s%s%s", curl_msg, tries, why);
    else
        diag_set(d, DIAG_NET, url, 0, 0, "HTTP %ld%s%s", a->status, tries, why);
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
