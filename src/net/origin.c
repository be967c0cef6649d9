/* URL origins through libcurl's URL parser, and the credential rule. */
#include "depvet/net/origin.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies a lower-cased part; false when it does not fit. */
static bool copy_lower(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        return false;
    for (size_t i = 0; i <= len; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    return true;
}

static bool get_part(CURLU *u, CURLUPart what, unsigned flags, char *dst, size_t n)
{
    char *s = NULL;
    if (curl_url_get(u, what, &s, flags) != CURLUE_OK || !s)
        return false;
    bool ok = s[0] && copy_lower(dst, n, s);
    curl_free(s);
    return ok;
}

/* The host curl reads in url, lower case, into dst. */
static bool host_of(const char *url, char *dst, size_t n)
{
    CURLU *u = curl_url();
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              get_part(u, CURLUPART_HOST, 0, dst, n);
    curl_url_cleanup(u);
    return ok;
}

/* A DNS name "host." is the same host as "host": one trailing dot goes,
 * when curl reads the host without it as that same name ("127.0.0." is
 * no IPv4 address to curl, while "127.0.0" is 127.0.0.0; "a.." stays). */
static void strip_root_dot(char *host)
{
    size_t n = strlen(host);
    if (n < 2 || host[n - 1] != '.' || host[n - 2] == '.' || host[0] == '[')
        return;
    char url[300], again[256];
    snprintf(url, sizeof(url), "http://%.*s/", (int)(n - 1), host);
    if (host_of(url, again, sizeof(again)) && strlen(again) == n - 1 &&
        strncmp(again, host, n - 1) == 0)
        host[n - 1] = '\0';
}

/* Whether the authority (after the scheme and its slashes, up to the
 * path) holds a '%': libcurl decodes such a host without normalising it
 * (http:/%3000 reads as host "000", http://000 as 0.0.0.0), so the same
 * origin could compare unequal to itself written out.  No registry needs a
 * percent-encoded host: such a URL has no origin (a userinfo's '%' is
 * left alone). */
static bool authority_has_percent(const char *url)
{
    const char *p = strchr(url, ':');
    if (!p)
        return false;
    for (p++; *p == '/' || *p == '\\'; p++)
        ;
    size_t n = strcspn(p, "/?#\\");
    for (size_t i = n; i > 0; i--)   /* the host is after the userinfo */
        if (p[i - 1] == '@') {
            p += i;
            n -= i;
            break;
        }
    return memchr(p, '%', n) != NULL;
}

bool url_origin_parse(const char *url, struct url_origin *out)
{
    memset(out, 0, sizeof(*out));
    if (!url || !url[0] || authority_has_percent(url))
        return false;
    CURLU *u = curl_url();
    if (!u)
        return false;
    char port[16];
    /* No scheme guessing: "registry.npmjs.org/x" is not a URL. */
    bool ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              get_part(u, CURLUPART_SCHEME, 0, out->scheme, sizeof(out->scheme)) &&
              get_part(u, CURLUPART_HOST, 0, out->host, sizeof(out->host)) &&
              get_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT, port, sizeof(port));
    curl_url_cleanup(u);
    if (!ok)
        return false;
    char *end;
    unsigned long p = strtoul(port, &end, 10);
    if (*end || p == 0 || p > 65535)
        return false;
    out->port = (unsigned)p;
    strip_root_dot(out->host);
    return true;
}

bool url_origin_same(const char *a, const char *b)
{
    struct url_origin oa, ob;
    return url_origin_parse(a, &oa) && url_origin_parse(b, &ob) &&
           strcmp(oa.scheme, ob.scheme) == 0 && strcmp(oa.host, ob.host) == 0 &&
           oa.port == ob.port;
}

bool url_origin_format(const char *url, char *out, size_t n)
{
    struct url_origin o;
    if (n)
        out[0] = '\0';
    if (!url_origin_parse(url, &o))
        return false;
    int w = snprintf(out, n, "%s://%s:%u", o.scheme, o.host, o.port);
    if (w < 0 || (size_t)w >= n) {
        if (n)
            out[0] = '\0';
        return false;
    }
    return true;
}

bool url_origin_loopback(const struct url_origin *o)
{
    if (strcmp(o->host, "localhost") == 0)
        return true;
    unsigned char v4[4], v6[16];
    if (inet_pton(AF_INET, o->host, v4) == 1)
        return v4[0] == 127;
    size_t n = strlen(o->host);
    char inner[64];
    if (n < 3 || n - 2 >= sizeof(inner) || o->host[0] != '[' || o->host[n - 1] != ']')
        return false;
    snprintf(inner, sizeof(inner), "%.*s", (int)(n - 2), o->host + 1);
    static const unsigned char one[16] = {[15] = 1};
    return inet_pton(AF_INET6, inner, v6) == 1 && memcmp(v6, one, sizeof(one)) == 0;
}

bool url_credentials_allowed(const char *url, const char *registry_url)
{
    struct url_origin reg;
    if (!url_origin_same(url, registry_url) || !url_origin_parse(registry_url, &reg))
        return false;
    if (strcmp(reg.scheme, "https") == 0)
        return true;
    return strcmp(reg.scheme, "http") == 0 && url_origin_loopback(&reg);
}
