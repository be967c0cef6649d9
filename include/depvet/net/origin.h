/* URL origins (scheme, host, port) and the one rule for where a registry
 * credential may go.  URLs are read with libcurl's own URL parser, so the
 * host compared is the host a transfer connects to (userinfo, IPv6
 * literals, numeric IPv4 forms and default ports as curl reads them). */
#ifndef DEPVET_NET_ORIGIN_H
#define DEPVET_NET_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>

struct url_origin {
    char scheme[16];          /* lower case: "https" */
    char host[256];           /* lower case; an IPv6 literal keeps its brackets */
    unsigned port;            /* the scheme's default when the URL names none */
};

/* False when url is not an absolute URL with a host (file:// has none). */
bool url_origin_parse(const char *url, struct url_origin *out);
/* Same scheme, host (case-insensitive) and port; false when either URL is
 * unreadable. */
bool url_origin_same(const char *a, const char *b);
/* "scheme://host:port" of url into out; false (out "") when url has no
 * origin or it does not fit. */
bool url_origin_format(const char *url, char *out, size_t n);
/* 127.0.0.0/8, ::1 or localhost. */
bool url_origin_loopback(const struct url_origin *o);
/* The credential rule: a token configured for registry_url goes with a
 * request to url only when both have the same origin and that origin is
 * https, or http on a loopback host (a local test or proxy). */
bool url_credentials_allowed(const char *url, const char *registry_url);

#endif
