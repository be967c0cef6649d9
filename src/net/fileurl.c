/* file:// URLs with a query: the answer recorded for that exact query. */
#include "fileurl.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "depvet/core/hash.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"

/* Percent-decodes s[0..n) as curl does for a file path; false on "%00". */
static bool decode_path(struct strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = s[i] == '%' && i + 2 < n ? hash_hex_value(s[i + 1]) : -1;
        int lo = hi >= 0 ? hash_hex_value(s[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
            char c = (char)(hi * 16 + lo);
            if (!c)
                return false;
            strbuf_putc(out, c);
            i += 2;
        } else {
            strbuf_putc(out, s[i]);
        }
    }
    return true;
}

/* Writes a local path back as a URL path: only unreserved bytes and '/'
 * stay as they are, so '?', '%' and '&' in the file name reach the file. */
static void encode_path(struct strbuf *out, const char *p)
{
    static const char hex_table[] = "0123456789ABCDEF";
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c)) {
            strbuf_putc(out, (char)c);
        } else {
            strbuf_putc(out, '%');
            strbuf_putc(out, hex_table[c >> 4]);
            strbuf_putc(out, hex_table[c & 15]);
        }
    }
}

/* The URL of a local path. */
static char *path_url(const char *host, size_t host_len, const char *local)
{
    struct strbuf u;
    strbuf_init(&u);
    strbuf_puts(&u, "file://");
    strbuf_append(&u, host, host_len);
    encode_path(&u, local);
    return strbuf_take(&u);
}

static bool is_kind(const char *path, mode_t kind)
{
    struct stat st;
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

char *fileurl_resolve(const char *url)
{
    if (!url || strncasecmp(url, "file://", 7) != 0)
        return NULL;
    const char *host = url + 7;
    const char *path = strchr(host, '/');
    if (!path || strcspn(host, "?#") < (size_t)(path - host))
        return NULL;
    size_t host_len = (size_t)(path - host);
    if (host_len && !(host_len == 9 && strncasecmp(host, "localhost", 9) == 0))
        return NULL;
    size_t path_len = strcspn(path, "?#");
    const char *q = path[path_len] == '?' ? path + path_len + 1 : NULL;
    struct strbuf local;
    strbuf_init(&local);
    char *out = NULL;
    if (!decode_path(&local, path, path_len)) {
        strbuf_fini(&local);
        return NULL;
    }
    size_t base_len = local.len;
    if (q) {
        strbuf_putc(&local, '?');
        for (size_t i = 0, n = strcspn(q, "#"); i < n; i++) {
            if (q[i] == '/')
                strbuf_puts(&local, "%2F");
            else
                strbuf_putc(&local, q[i]);
        }
        if (is_kind(strbuf_str(&local), S_IFREG))
            out = path_url(host, host_len, strbuf_str(&local));
        local.len = base_len;
        local.buf[base_len] = '\0';
    }
    /* A folder's own answer sits inside it: "packages/plug" beside
     * "packages/plug/owners". */
    if (!out && is_kind(strbuf_str(&local), S_IFDIR)) {
        strbuf_puts(&local, "/" FILEURL_FOLDER_FILE);
        out = path_url(host, host_len, strbuf_str(&local));
    }
    strbuf_fini(&local);
    return out;
}
