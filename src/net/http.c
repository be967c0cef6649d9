/* The libcurl multi engine: queue, transfers, completion and retries, and
 * the bounds a hostile registry meets: a deadline for the whole run, a
 * circuit breaker per origin, one memory budget for the answers in flight
 * and a low-speed limit. */
#include "depvet/net/http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <time.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"
#include "depvet/net/origin.h"
#include "depvet/net/breaker.h"
#include "depvet/net/dueheap.h"
#include "fileurl.h"
#include "retry.h"

struct xfer {
    struct http_engine *e;
    struct xfer *next, *prev; /* in the list of transfers in flight */
    CURL *easy;
    int origin;               /* its breaker, -1 none (file://) */
    bool told_breaker;        /* of a failure (once per request) */
    struct curl_slist *headers;
    char *url, *body, *auth;
    char *auth_origin;        /* the registry URL auth belongs to */
    char *hop_url;            /* where a redirect of a credentialed request led */
    unsigned redirects;
    bool auth_withheld;       /* a credential was given but is not sent */
    char withheld_at[300];    /* to which origin ("" none readable) */
    char *local_url;          /* file://: the recorded answer to read */
    size_t body_len;
    bool post;
    char *content_type_in, *etag_in, *lastmod_in, *accept_in;
    void *ud;
    void (*done)(void *ud, const struct http_response *r);
    struct strbuf resp;
    size_t held;              /* of the memory budget: resp's capacity */
    bool too_big;
    size_t header_bytes;      /* this response's header lines so far */
    bool in_headers;          /* a status line came, the blank line not yet */
    bool header_too_big;
    enum retry_budget budget;
    char errbuf[CURL_ERROR_SIZE];
    char *etag, *last_modified, *content_type;
    long retry_after_ms;
    unsigned attempts;
    double start, due;        /* seconds (monotonic) */
};

struct http_engine {
    CURLM *multi;
    struct http_config cfg;
    struct dueheap queue;             /* waiting to start (maybe not yet due) */
    struct xfer *running;             /* in flight */
    unsigned active;
    uint64_t rng;
    struct http_stats stats;
    struct breaker_set *breakers;
    double ends_at;                   /* the deadline; 0 none */
    bool deadline_hit;                /* seen passing */
    unsigned not_made, stopped;       /* by the deadline */
    size_t body_bytes;                /* held by the answers in flight */
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

double http_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_s(void)
{
    return http_clock();
}

void http_config_defaults(struct http_config *c)
{
    *c = (struct http_config){
        .concurrency = 16, .timeout_ms = 30000, .connect_timeout_ms = 10000,
        .deadline_ms = 0, .max_retries = 4, .backoff_base_ms = 250,
        .backoff_cap_ms = 8000, .retry_after_cap_ms = 60000,
        .max_body = 64u * 1024 * 1024, .body_budget = 256u * 1024 * 1024,
        .total_ms = 300000, .ends_at = 0, .breaker_threshold = 5,
        .low_speed_bytes = 512, .low_speed_s = 15, .cacert = NULL, .jitter_seed = 0,
    };
}

/* The origins an earlier engine gave up on start open (http_config.down). */
static void open_down(struct breaker_set *b, const char *down)
{
    for (const char *line = down; line && *line;) {
        size_t n = strcspn(line, "\n"), tab = strcspn(line, "\t");
        char origin[320], why[256];
        if (tab < n && tab < sizeof origin) {
            snprintf(origin, sizeof origin, "%.*s", (int)tab, line);
            snprintf(why, sizeof why, "%.*s", (int)(n - tab - 1), line + tab + 1);
            breaker_open(b, origin, why);
        }
        line += n + (line[n] == '\n');
    }
}

struct http_engine *http_engine_new(const struct http_config *c, struct diag *d)
{
    pthread_once(&curl_once, curl_init_once);
    struct http_engine *e = xcalloc(1, sizeof(*e));
    e->cfg = *c;
    if (!e->cfg.concurrency)
        e->cfg.concurrency = 1;
    e->multi = curl_multi_init();
    if (!e->multi) {
        diag_set(d, DIAG_INTERNAL, "", 0, 0, "cannot start the HTTP engine");
        free(e);
        return NULL;
    }
    curl_multi_setopt(e->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)e->cfg.concurrency);
    e->rng = c->jitter_seed ? c->jitter_seed : (uint64_t)(now_s() * 1e6) ^ 0x9e3779b97f4a7c15ull;
    dueheap_init(&e->queue);
    e->breakers = breaker_set_new(c->breaker_threshold);
    open_down(e->breakers, c->down);
    e->ends_at = c->ends_at > 0 ? c->ends_at : c->total_ms > 0 ? now_s() + c->total_ms / 1000.0 : 0;
    return e;
}

static void wipe_auth(struct xfer *x)
{
    memset(x->auth, 0, strlen(x->auth));
    free(x->auth);
    x->auth = NULL;
}

/* The credential is not sent to url (nor anywhere after it). */
static void withhold_auth(struct xfer *x, const char *url)
{
    if (x->auth)
        wipe_auth(x);
    x->auth_withheld = true;
    url_origin_format(url, x->withheld_at, sizeof(x->withheld_at));
}

/* Gives the answer's memory back, to the budget too. */
static void body_release(struct xfer *x)
{
    x->e->body_bytes -= x->held;
    x->held = 0;
    strbuf_fini(&x->resp);
}

static void xfer_free(struct xfer *x)
{
    if (x->easy) {
        curl_multi_remove_handle(x->e->multi, x->easy);
        curl_easy_cleanup(x->easy);
    }
    curl_slist_free_all(x->headers);
    free(x->url);
    free(x->hop_url);
    free(x->auth_origin);
    free(x->local_url);
    free(x->body);
    if (x->auth)
        wipe_auth(x);   /* a token does not linger */
    free(x->content_type_in);
    free(x->accept_in);
    free(x->etag_in);
    free(x->lastmod_in);
    free(x->etag);
    free(x->last_modified);
    free(x->content_type);
    body_release(x);
    free(x);
}

void http_engine_free(struct http_engine *e)
{
    if (!e)
        return;
    for (struct xfer *x; (x = dueheap_pop(&e->queue));)
        xfer_free(x);
    dueheap_fini(&e->queue);
    for (struct xfer *x = e->running, *next; x; x = next) {
        next = x->next;
        xfer_free(x);
    }
    curl_multi_cleanup(e->multi);
    breaker_set_free(e->breakers);
    free(e);
}

static char *dup_opt(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void enqueue(struct http_engine *e, struct xfer *x)
{
    dueheap_push(&e->queue, x->due, x);
}

bool http_submit(struct http_engine *e, const struct http_request *r, struct diag *d)
{
    if (!r->url || !r->done) {
        diag_set(d, DIAG_INTERNAL, r->url ? r->url : "", 0, 0, "request without URL or callback");
        return false;
    }
    struct xfer *x = xcalloc(1, sizeof(*x));
    x->e = e;
    x->url = xstrdup(r->url);
    x->local_url = fileurl_resolve(r->url);
    x->origin = breaker_origin(e->breakers, r->url);
    x->post = r->method && strcmp(r->method, "POST") == 0;
    if (r->body) {
        x->body = xmalloc(r->body_len + 1);
        memcpy(x->body, r->body, r->body_len);
        x->body_len = r->body_len;
    }
    x->content_type_in = dup_opt(r->content_type);
    x->accept_in = dup_opt(r->accept);
    x->etag_in = dup_opt(r->etag);
    x->lastmod_in = dup_opt(r->last_modified);
    /* The one place a credential is let through: only to its registry's
     * own origin (net/origin.h); otherwise the request goes without it. */
    if (r->auth_header && url_credentials_allowed(r->url, r->auth_origin)) {
        x->auth = xstrdup(r->auth_header);
        x->auth_origin = xstrdup(r->auth_origin);
    }
    if (r->auth_header && !x->auth)
        withhold_auth(x, r->url);
    x->ud = r->ud;
    x->done = r->done;
    x->start = x->due = now_s();
    enqueue(e, x);
    e->stats.requests++;
    return true;
}


/* ---- one attempt ---------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct xfer *x = ud;
    size_t len = size * n;
    struct http_engine *e = x->e;
    if (x->resp.len + len > e->cfg.max_body) {
        x->too_big = true;
        return 0; /* makes curl fail the transfer: never a partial success */
    }
    size_t others = e->body_bytes - x->held;
    if (e->cfg.body_budget && others + x->resp.len + len > e->cfg.body_budget) {
        /* Sharing the budget: stop and try again once others are done. */
        x->budget = others ? BUDGET_SHARED : BUDGET_ALONE;
        return 0;
    }
    strbuf_append(&x->resp, p, len);
    e->body_bytes += x->resp.cap - x->held;
    x->held = x->resp.cap;
    return len;
}

static void set_header_value(char **slot, const char *v, size_t n)
{
    while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
        n--;
    free(*slot);
    *slot = xstrndup(v, n);
}

/* One response's header lines together may not exceed this (curl's own
 * limits fail with "Out of memory" or a receive error). */
#define HTTP_MAX_HEADER_BYTES (64u * 1024)

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct xfer *x = ud;
    size_t len = size * n;
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
        /* A new response (redirect or retry): forget the last one's. */
        free(x->etag), x->etag = NULL;
        free(x->last_modified), x->last_modified = NULL;
        free(x->content_type), x->content_type = NULL;
        x->retry_after_ms = -1;
        x->header_bytes = len;
        x->in_headers = true;
        return len;
    }
    x->header_bytes += len;
    if (x->header_bytes > HTTP_MAX_HEADER_BYTES) {
        x->header_too_big = true;
        return 0; /* fails the transfer */
    }
    if (len <= 2 && (p[0] == '\r' || p[0] == '\n'))
        x->in_headers = false;
    const char *colon = memchr(p, ':', len);
    if (!colon)
        return len;
    size_t kl = (size_t)(colon - p);
    const char *v = colon + 1;
    while (v < p + len && *v == ' ')
        v++;
    size_t vl = (size_t)(p + len - v);
    if (kl == 4 && strncasecmp(p, "etag", 4) == 0)
        set_header_value(&x->etag, v, vl);
    else if (kl == 13 && strncasecmp(p, "last-modified", 13) == 0)
        set_header_value(&x->last_modified, v, vl);
    else if (kl == 12 && strncasecmp(p, "content-type", 12) == 0)
        set_header_value(&x->content_type, v, vl);
    else if (kl == 11 && strncasecmp(p, "retry-after", 11) == 0) {
        char buf[64];
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
            vl--;
        snprintf(buf, sizeof(buf), "%.*s", (int)(vl < 63 ? vl : 63), v);
        x->retry_after_ms = http_parse_retry_after(buf, (int64_t)time(NULL));
    }
    return len;
}

static void add_header(struct xfer *x, const char *name, const char *value)
{
    char line[2048];
    snprintf(line, sizeof(line), "%s: %s", name, value);
    x->headers = curl_slist_append(x->headers, line);
}

/* Milliseconds until the deadline (at least 1), -1 when there is none. */
static long remaining_ms(const struct http_engine *e)
{
    if (e->ends_at <= 0)
        return -1;
    double left = (e->ends_at - now_s()) * 1000;
    return left < 1 ? 1 : (long)left;
}

/* An attempt ends by the deadline at the latest. */
static long attempt_timeout_ms(const struct http_engine *e)
{
    long left = remaining_ms(e);
    return left >= 0 && left < e->cfg.timeout_ms ? left : e->cfg.timeout_ms;
}

static bool xfer_start(struct xfer *x)
{
    const struct http_config *c = &x->e->cfg;
    x->easy = curl_easy_init();
    if (!x->easy)
        return false;
    CURL *h = x->easy;
    body_release(x);
    x->too_big = false;
    x->budget = BUDGET_OK;
    x->errbuf[0] = '\0';
    x->retry_after_ms = -1;
    x->attempts++;
    curl_easy_setopt(h, CURLOPT_URL,
                     x->local_url ? x->local_url : x->hop_url ? x->hop_url : x->url);
    curl_easy_setopt(h, CURLOPT_PRIVATE, (char *)x);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "depvet/" DEPVET_VERSION);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    /* A credentialed request follows its redirects itself (follow_redirect)
     * and drops the credential at the first hop to another origin, whatever
     * the libcurl version's own rules for custom Authorization headers. */
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, x->auth ? 0L : 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    /* Waiting to share a connection pays off where TLS tells at once
     * whether it multiplexes; over plain http curl would learn only when
     * the first answer ends, and one slow answer would hold every other. */
    curl_easy_setopt(h, CURLOPT_PIPEWAIT, strncmp(x->url, "https:", 6) == 0 ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, attempt_timeout_ms(x->e));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, c->low_speed_bytes);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->low_speed_s);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075700
    /* A refresh stopped or quit while a name is being resolved must not
     * wait for the resolver thread (seconds with no network). */
    curl_easy_setopt(h, CURLOPT_QUICK_EXIT, 1L);
#endif
    /* Verification stays on: depvet has no switch to turn it off. */
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->cacert)
        curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
    if (!x->headers) {
        if (x->etag_in)
            add_header(x, "If-None-Match", x->etag_in);
        if (x->lastmod_in)
            add_header(x, "If-Modified-Since", x->lastmod_in);
        if (x->content_type_in)
            add_header(x, "Content-Type", x->content_type_in);
        if (x->auth)
            x->headers = curl_slist_append(x->headers, x->auth);
        add_header(x, "Accept", x->accept_in ? x->accept_in : "application/json, */*;q=0.5");
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->headers);
    if (x->post) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, x->body ? x->body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
    }
    return curl_multi_add_handle(x->e->multi, h) == CURLM_OK;
}

/* ---- completion ----------------------------------------------------- */

static void finish(struct xfer *x, struct http_response *r)
{
    struct http_engine *e = x->e;
    r->url = x->url;
    r->attempts = x->attempts;
    r->elapsed_ms = (long)((now_s() - x->start) * 1000);
    r->etag = x->etag;
    r->last_modified = x->last_modified;
    r->content_type = x->content_type;
    r->auth_withheld_at = x->auth_withheld ? x->withheld_at : NULL;
    e->stats.not_modified += r->not_modified;
    e->stats.failures += !r->ok;
    e->stats.bytes += x->resp.len;
    x->done(x->ud, r);
    xfer_free(x);
}

/* A request given up on before it could finish: msg says why. */
static void finish_not_tried(struct xfer *x, const char *msg)
{
    struct http_response r;
    memset(&r, 0, sizeof(r));
    r.not_tried = true;
    diag_set(&r.err, DIAG_NET, x->url, 0, 0, "%s", msg);
    finish(x, &r);
}

static void unlink_running(struct xfer *x)
{
    struct http_engine *e = x->e;
    if (x->prev)
        x->prev->next = x->next;
    else
        e->running = x->next;
    if (x->next)
        x->next->prev = x->prev;
    x->next = x->prev = NULL;
    e->active--;
}

static void detach(struct xfer *x)
{
    unlink_running(x);
    curl_multi_remove_handle(x->e->multi, x->easy);
    curl_easy_cleanup(x->easy);
    x->easy = NULL;
}

/* ---- the deadline ----------------------------------------------------- */

static bool deadline_passed(const struct http_engine *e)
{
    return e->deadline_hit || (e->ends_at > 0 && now_s() >= e->ends_at);
}

static void deadline_message(const struct http_engine *e, const char *what, char *out,
                             size_t n)
{
    snprintf(out, n, "%s: the deadline of %g s was reached", what, e->cfg.total_ms / 1000.0);
}

static void stop_in_flight(struct xfer *x, const char *msg)
{
    detach(x);
    x->e->stopped++;
    x->e->stats.deadline_skipped++;
    finish_not_tried(x, msg);
}

/* Past the deadline nothing more is asked: transfers in flight stop, the
 * queue fails (completions may queue more; they fail too). */
static void stop_at_deadline(struct http_engine *e)
{
    char stopped[96], not_made[96];
    deadline_message(e, "stopped", stopped, sizeof(stopped));
    deadline_message(e, "not asked", not_made, sizeof(not_made));
    while (e->running || dueheap_len(&e->queue)) {
        if (e->running) {
            stop_in_flight(e->running, stopped);
            continue;
        }
        e->not_made++;
        e->stats.deadline_skipped++;
        finish_not_tried(dueheap_pop(&e->queue), not_made);
    }
}

static bool unreachable(CURLcode rc, CURL *h)
{
    curl_off_t connect_us = 0;
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
        return true;
    case CURLE_OPERATION_TIMEDOUT:   /* only when no connection was made */
        curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
        return connect_us == 0;
    default:
        return false;
    }
}

/* x's origin gave up: x is not asked. */
static void skip_by_breaker(struct http_engine *e, struct xfer *x)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "not asked: ");
    breaker_describe(e->breakers, x->origin, &sb);
    breaker_count_skip(e->breakers, x->origin);
    e->stats.breaker_skipped++;
    finish_not_tried(x, strbuf_str(&sb));
    strbuf_fini(&sb);
}

static bool pick_origin(void *item, void *ud)
{
    return ((struct xfer *)item)->origin == *(int *)ud;
}

/* The breaker of origin just opened: its queued requests fail now. */
static void skip_origin(struct http_engine *e, int origin)
{
    void **taken;
    size_t n = dueheap_take_if(&e->queue, pick_origin, &origin, &taken);
    for (size_t i = 0; i < n; i++)
        skip_by_breaker(e, taken[i]);
    free(taken);
}

/* What the attempt tells the origin's breaker. */
static void tell_breaker(struct xfer *x, const struct retry_attempt *a)
{
    struct http_engine *e = x->e;
    enum breaker_event ev = BREAKER_NEUTRAL;
    char what[160] = "";
    if (unreachable(a->rc, x->easy)) {
        ev = BREAKER_FAILURE;
        snprintf(what, sizeof(what), "%.150s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(a->rc));
    } else if (a->rc == CURLE_OK && a->status >= 500) {
        ev = BREAKER_FAILURE;
        snprintf(what, sizeof(what), "HTTP %ld", a->status);
    } else if (a->rc == CURLE_OK) {
        ev = BREAKER_ANSWER;
    }
    /* A streak is of different requests, on their first failure: one
     * flaky URL tried again and again opens nothing, while a host that
     * fails everything is not asked another hundred thousand times. */
    if (ev == BREAKER_FAILURE && x->told_breaker)
        ev = BREAKER_NEUTRAL;
    x->told_breaker |= ev == BREAKER_FAILURE;
    if (x->origin >= 0 && breaker_record(e->breakers, x->origin, ev, what))
        skip_origin(e, x->origin);
}

static void answer(struct xfer *x, const struct retry_attempt *a,
                   const struct retry_verdict *v)
{
    struct http_engine *e = x->e;
    struct http_response r;
    memset(&r, 0, sizeof(r));
    r.status = (int)a->status;
    r.not_modified = a->rc == CURLE_OK && a->status == 304;
    r.ok = a->rc == CURLE_OK && ((a->status >= 200 && a->status < 300) || a->status == 304);
    r.absent = (a->rc == CURLE_OK && a->status == 404) || a->rc == CURLE_FILE_COULDNT_READ_FILE;
    r.body = strbuf_str(&x->resp);
    r.len = x->resp.len;
    if (!r.ok && x->header_too_big)
        diag_set(&r.err, DIAG_LIMIT, x->url, 0, 0, "response header larger than %u bytes",
                 HTTP_MAX_HEADER_BYTES);
    if (!r.ok)
        retry_describe(&r.err, x->url, &e->cfg, a, v, curl_easy_strerror(a->rc));
    finish(x, &r);
}

#define HTTP_MAX_REDIRECTS 5

/* Where a credentialed request's redirect leads (heap), or NULL when the
 * answer is not one to follow: curl follows the others itself. */
static char *redirect_target(struct xfer *x, CURLcode rc, long status)
{
    static const long redirect_table[] = {301, 302, 303, 307, 308};
    bool redirect = false;
    for (size_t i = 0; i < sizeof(redirect_table) / sizeof(*redirect_table); i++)
        redirect |= status == redirect_table[i];
    char *next = NULL;
    if (!x->auth || rc != CURLE_OK || !redirect || x->redirects >= HTTP_MAX_REDIRECTS ||
        curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &next) != CURLE_OK || !next)
        return NULL;
    if (strncmp(next, "https://", 8) != 0 && strncmp(next, "http://", 7) != 0)
        return NULL;   /* as CURLOPT_REDIR_PROTOCOLS_STR says for the others */
    return xstrdup(next);
}

/* Queues the next hop; the credential stays behind, for good, once a hop
 * leaves the registry's origin. */
static void follow_redirect(struct xfer *x, char *next, long status)
{
    free(x->hop_url);
    x->hop_url = next;
    x->redirects++;
    x->attempts--;   /* a hop is not a retry */
    if (!url_credentials_allowed(next, x->auth_origin))
        withhold_auth(x, next);
    x->origin = breaker_origin(x->e->breakers, next);   /* the hop's host answers now */
    curl_slist_free_all(x->headers);
    x->headers = NULL;
    if (status == 303 || (x->post && status != 307 && status != 308))
        x->post = false;   /* what browsers and curl do */
    x->due = now_s();
    enqueue(x->e, x);
}

static void complete(struct xfer *x, CURLcode rc)
{
    struct http_engine *e = x->e;
    long status = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
    if (strncmp(x->url, "file:", 5) == 0 && rc == CURLE_OK)
        status = 200;
    /* A single header line past curl's own limit fails inside curl with
     * "Out of memory" before on_header sees it. */
    x->header_too_big |= rc == CURLE_OUT_OF_MEMORY && x->in_headers;
    struct retry_attempt a = {
        rc, status, x->too_big || x->header_too_big, x->budget, strstr(x->errbuf, "too slow") != NULL,
        x->attempts, x->retry_after_ms, now_s() - x->start, remaining_ms(e),
    };
    /* (curl's timer may fire a moment before ours) */
    if (e->ends_at > 0 && now_s() >= e->ends_at - 0.05 && rc == CURLE_OPERATION_TIMEDOUT) {
        /* Its time ran out with the engine's: stopped, like the rest. */
        e->deadline_hit = true;
        char msg[96];
        deadline_message(e, "stopped", msg, sizeof(msg));
        stop_in_flight(x, msg);
        return;
    }
    e->stats.budget_waits += x->budget == BUDGET_SHARED;
    char *next = redirect_target(x, rc, status);
    if (next) {
        tell_breaker(x, &a);   /* an answer from its origin */
        detach(x);
        follow_redirect(x, next, status);
        return;
    }
    struct retry_verdict v = retry_judge(&e->cfg, &a, &e->rng);
    tell_breaker(x, &a);
    if (v.retry && breaker_is_open(e->breakers, x->origin))
        v.retry = false;   /* its own failure is reported, not a skip */
    detach(x);
    if (v.retry) {
        e->stats.retries++;
        body_release(x);   /* nothing is held while waiting */
        x->due = now_s() + v.delay_ms / 1000.0;
        enqueue(e, x);
        return;
    }
    answer(x, &a, &v);
}

static void start_one(struct http_engine *e, struct xfer *x)
{
    x->next = e->running;
    x->prev = NULL;
    if (e->running)
        e->running->prev = x;
    e->running = x;
    e->active++;
    e->stats.attempts++;
    if (!xfer_start(x)) {
        struct http_response r;
        memset(&r, 0, sizeof(r));
        diag_set(&r.err, DIAG_INTERNAL, x->url, 0, 0, "cannot start the transfer");
        unlink_running(x);
        finish(x, &r);
    }
}

/* Starts the due requests while slots are free: O(log n) each. */
static void start_due(struct http_engine *e)
{
    if (deadline_passed(e)) {
        stop_at_deadline(e);
        return;
    }
    double t = now_s(), due;
    struct xfer *x;
    while (e->active < e->cfg.concurrency && (x = dueheap_peek(&e->queue, &due)) && due <= t) {
        dueheap_pop(&e->queue);
        if (breaker_is_open(e->breakers, x->origin))
            skip_by_breaker(e, x);   /* queued after it opened (a next page) */
        else
            start_one(e, x);
    }
}

void http_perform(struct http_engine *e)
{
    start_due(e);
    int running;
    curl_multi_perform(e->multi, &running);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(e->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct xfer *x = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        complete(x, m->data.result);
    }
    start_due(e);
}

unsigned http_pending(const struct http_engine *e)
{
    return e->active + (unsigned)dueheap_len(&e->queue);
}

/* Milliseconds until the next queued request is due (-1: none waiting). */
static long next_due_ms(const struct http_engine *e)
{
    double due;
    if (!dueheap_peek(&e->queue, &due))
        return -1;
    double t = now_s();
    return due <= t ? 0 : (long)((due - t) * 1000) + 1;
}

static long min_wait(long a, long b)
{
    return a < 0 ? b : b < 0 ? a : (a < b ? a : b);
}

static int wait_ms(struct http_engine *e)
{
    long curl_ms = -1;
    curl_multi_timeout(e->multi, &curl_ms);
    long due = e->active < e->cfg.concurrency ? next_due_ms(e) : -1;
    long w = min_wait(min_wait(curl_ms, due), remaining_ms(e));
    return w < 0 || w > 1000 ? 1000 : (int)w;
}

void http_run(struct http_engine *e)
{
    while (http_pending(e)) {
        http_perform(e);
        if (!http_pending(e))
            break;
        curl_multi_poll(e->multi, NULL, 0, wait_ms(e), NULL);
    }
}

int http_poll_fds(struct http_engine *e, struct pollfd *fds, int max, int *timeout_ms)
{
    fd_set r, w, x;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&x);
    int maxfd = -1, n = 0;
    curl_multi_fdset(e->multi, &r, &w, &x, &maxfd);
    for (int fd = 0; fd <= maxfd && n < max; fd++) {
        short ev = (short)((FD_ISSET(fd, &r) ? POLLIN : 0) | (FD_ISSET(fd, &w) ? POLLOUT : 0));
        if (ev)
            fds[n++] = (struct pollfd){fd, ev, 0};
    }
    *timeout_ms = http_pending(e) ? wait_ms(e) : -1;
    /* libcurl may hold no socket yet (resolving): wake soon to drive it. */
    if (http_pending(e) && n == 0 && (*timeout_ms < 0 || *timeout_ms > 50))
        *timeout_ms = 50;
    return n;
}

struct http_stats http_engine_stats(const struct http_engine *e)
{
    return e->stats;
}

void http_engine_down(const struct http_engine *e, struct strbuf *out)
{
    breaker_list_open(e->breakers, out);
}

void http_engine_report(const struct http_engine *e, struct strbuf *out)
{
    breaker_report(e->breakers, out);
    if (e->not_made || e->stopped) {
        strbuf_printf(out, "deadline of %g s reached; ", e->cfg.total_ms / 1000.0);
        strbuf_put_grouped(out, e->not_made);
        strbuf_printf(out, " request%s not made, ", e->not_made == 1 ? "" : "s");
        strbuf_put_grouped(out, e->stopped);
        strbuf_puts(out, " stopped in flight\n");
    }
    if (e->stats.budget_waits) {
        strbuf_printf(out, "answers in flight filled the %zu MiB memory budget; ",
                      e->cfg.body_budget >> 20);
        strbuf_put_grouped(out, e->stats.budget_waits);
        strbuf_printf(out, " transfer%s stopped and tried again later\n",
                      e->stats.budget_waits == 1 ? "" : "s");
    }
}
