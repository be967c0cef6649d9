/* Per-origin circuit breakers: a streak counter per scheme://host:port. */
#include "depvet/net/breaker.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/core/xmalloc.h"

struct origin {
    char name[320];
    unsigned streak;
    bool open;
    bool earlier;             /* opened by breaker_open: a run's earlier engine
                               * gave up on it */
    unsigned long skipped;
    char last[256];           /* the last failure's reason */
};

struct breaker_set {
    unsigned threshold;
    struct origin *v;         /* few: one per registry host */
    size_t len;
};

static const struct {
    const char *scheme;
    const char *port;
} default_port_table[] = {
    {"http", "80"},
    {"https", "443"},
};

struct breaker_set *breaker_set_new(unsigned threshold)
{
    struct breaker_set *b = xcalloc(1, sizeof(*b));
    b->threshold = threshold;
    return b;
}

void breaker_set_free(struct breaker_set *b)
{
    if (!b)
        return;
    free(b->v);
    free(b);
}

static const char *scheme_port(const char *url, size_t *scheme_len)
{
    for (size_t i = 0; i < sizeof(default_port_table) / sizeof(*default_port_table); i++) {
        size_t n = strlen(default_port_table[i].scheme);
        if (strncasecmp(url, default_port_table[i].scheme, n) == 0 &&
            strncmp(url + n, "://", 3) == 0) {
            *scheme_len = n;
            return default_port_table[i].port;
        }
    }
    return NULL;
}

bool breaker_origin_of(const char *url, char *out, size_t n)
{
    size_t sl;
    const char *dflt = scheme_port(url, &sl);
    if (!dflt)
        return false;
    const char *auth = url + sl + 3;
    size_t alen = strcspn(auth, "/?#");
    const char *at = memchr(auth, '@', alen);   /* user:password@ is no part of it */
    while (at) {
        alen -= (size_t)(at + 1 - auth);
        auth = at + 1;
        at = memchr(auth, '@', alen);
    }
    /* The port's colon: after an IPv6 literal's ']', else the last one. */
    const char *close = memchr(auth, ']', alen);
    const char *from = close ? close : auth;
    const char *colon = memchr(from, ':', alen - (size_t)(from - auth));
    size_t hlen = colon ? (size_t)(colon - auth) : alen;
    const char *port = colon ? colon + 1 : dflt;
    size_t plen = colon ? alen - hlen - 1 : strlen(dflt);
    if (!hlen || !plen || hlen + plen + sl + 5 > n)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < sl; i++)
        out[k++] = (char)tolower((unsigned char)url[i]);
    memcpy(out + k, "://", 3), k += 3;
    for (size_t i = 0; i < hlen; i++)
        out[k++] = (char)tolower((unsigned char)auth[i]);
    out[k++] = ':';
    memcpy(out + k, port, plen), k += plen;
    out[k] = '\0';
    return true;
}

int breaker_origin(struct breaker_set *b, const char *url)
{
    char name[sizeof(b->v->name)];
    if (!breaker_origin_of(url, name, sizeof(name)))
        return -1;
    for (size_t i = 0; i < b->len; i++)
        if (strcmp(b->v[i].name, name) == 0)
            return (int)i;
    b->v = xrealloc(b->v, (b->len + 1) * sizeof(*b->v));
    struct origin *o = &b->v[b->len];
    memset(o, 0, sizeof(*o));
    snprintf(o->name, sizeof(o->name), "%s", name);
    return (int)b->len++;
}

bool breaker_record(struct breaker_set *b, int origin, enum breaker_event ev,
                    const char *what)
{
    if (origin < 0 || (size_t)origin >= b->len)
        return false;
    struct origin *o = &b->v[origin];
    if (ev == BREAKER_ANSWER)
        o->streak = 0;
    if (ev != BREAKER_FAILURE || o->open)
        return false;
    o->streak++;
    snprintf(o->last, sizeof(o->last), "%s", what ? what : "");
    o->open = b->threshold && o->streak >= b->threshold;
    return o->open;
}

bool breaker_is_open(const struct breaker_set *b, int origin)
{
    return origin >= 0 && (size_t)origin < b->len && b->v[origin].open;
}

void breaker_count_skip(struct breaker_set *b, int origin)
{
    if (breaker_is_open(b, origin))
        b->v[origin].skipped++;
}

void breaker_describe(const struct breaker_set *b, int origin, struct strbuf *out)
{
    if (origin < 0 || (size_t)origin >= b->len)
        return;
    const struct origin *o = &b->v[origin];
    if (o->earlier)
        strbuf_printf(out, "%s was unreachable earlier in this run (last: %s)", o->name, o->last);
    else
        strbuf_printf(out, "%s failed %u times in a row (last: %s)", o->name, o->streak, o->last);
}

void breaker_open(struct breaker_set *b, const char *url, const char *why)
{
    int i = breaker_origin(b, url);
    if (i < 0 || b->v[i].open)
        return;
    struct origin *o = &b->v[i];
    o->open = o->earlier = true;
    snprintf(o->last, sizeof(o->last), "%s", why ? why : "");
}

void breaker_list_open(const struct breaker_set *b, struct strbuf *out)
{
    for (size_t i = 0; i < b->len; i++)
        if (b->v[i].open)
            strbuf_printf(out, "%s\t%s\n", b->v[i].name, b->v[i].last);
}

void breaker_report(const struct breaker_set *b, struct strbuf *out)
{
    for (size_t i = 0; i < b->len; i++) {
        const struct origin *o = &b->v[i];
        if (!o->open)
            continue;
        /* Every open one, skipped requests or not: the line is where the
         * failures at the host are said (refresh counts them in it). */
        if (o->earlier)
            strbuf_printf(out, "%s: unreachable earlier in this run (last: %s)", o->name,
                          o->last);
        else
            strbuf_printf(out, "%s: %u failures in a row (last: %s)", o->name, o->streak,
                          o->last);
        if (o->skipped) {
            strbuf_puts(out, "; ");
            strbuf_put_grouped(out, o->skipped);
            strbuf_printf(out, " request%s to it skipped", o->skipped == 1 ? "" : "s");
        }
        strbuf_putc(out, '\n');
    }
}
