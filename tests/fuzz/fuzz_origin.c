/* Fuzz target: URL origins and the credential rule on any two URLs (the
 * input split at its first newline: a request URL and a registry URL).
 * The rule must never say yes where the origins differ, an origin must
 * equal itself, and a formatted origin must read back as the same one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/net/origin.h"

static void check_one(const char *url)
{
    struct url_origin o;
    if (!url_origin_parse(url, &o))
        return;
    if (!o.scheme[0] || !o.host[0] || !o.port || !url_origin_same(url, url))
        abort();
    char text[300];
    if (url_origin_format(url, text, sizeof(text)) && !url_origin_same(text, url))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *nl = strchr(buf, '\n');
    const char *reg = nl ? nl + 1 : buf;
    if (nl)
        *nl = '\0';
    check_one(buf);
    check_one(reg);
    if (url_credentials_allowed(buf, reg) && !url_origin_same(buf, reg))
        abort();
    if (url_origin_same(buf, reg) != url_origin_same(reg, buf))
        abort();
    free(buf);
    return 0;
}
