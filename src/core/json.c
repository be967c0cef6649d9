/* JSON parsing with line:col diagnostics and a depth cap, over cJSON. */
#include "depvet/core/json.h"
#include "depvet/core/termsafe.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cJSON recurses per nesting level; refuse deep input before it does.
 * Strings are skipped with memchr: they are most of a lockfile's bytes. */
static const char *too_deep(const char *buf, size_t len)
{
    unsigned depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '"') {
            for (;;) {
                const char *q = memchr(buf + i + 1, '"', len - i - 1);
                if (!q)
                    return NULL; /* unterminated: cJSON reports it */
                size_t j = (size_t)(q - buf), k = j;
                while (k > i + 1 && buf[k - 1] == '\\')
                    k--;
                i = j;
                if (((j - k) & 1) == 0)
                    break; /* an even run of backslashes: the quote ends it */
            }
        } else if (c == '[' || c == '{') {
            if (++depth > JSON_MAX_DEPTH)
                return buf + i;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return NULL;
}

cJSON *json_parse(const char *buf, size_t len, const char *where, struct diag *d)
{
    unsigned line, col;
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        diag_locate(buf, nul, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col, "NUL byte in JSON text");
        return NULL;
    }
    const char *deep = too_deep(buf, len);
    if (deep) {
        diag_locate(buf, deep, &line, &col);
        diag_set(d, DIAG_LIMIT, where, line, col,
                 "JSON nested deeper than %d levels", JSON_MAX_DEPTH);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
    if (!root) {
        const char *at = end && end >= buf && end <= buf + len ? end : buf;
        diag_locate(buf, at, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col,
                 at >= buf + len ? "unexpected end of JSON text"
                                 : "malformed JSON");
        return NULL;
    }
    while (end < buf + len && (*end == ' ' || *end == '\t' || *end == '\n' ||
                               *end == '\r'))
        end++;
    if (end < buf + len) {
        diag_locate(buf, end, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col, "trailing data after JSON value");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

const char *json_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *json_str_checked(const cJSON *obj, const char *key,
                             const char *where, const char *parent_ptr,
                             struct diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsString(v))
        return v->valuestring;
    char ptr[256];
    snprintf(ptr, sizeof(ptr), "%s/%s", parent_ptr ? parent_ptr : "", key);
    diag_set(d, DIAG_SYNTAX, where, 0, 0, "expected a string");
    diag_set_pointer(d, ptr);
    return NULL;
}

double json_num(const cJSON *obj, const char *key, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

bool json_bool(const cJSON *obj, const char *key, bool dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

const cJSON *json_obj(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *json_arr(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsArray(v) ? v : NULL;
}

/* Code points that must not reach a terminal raw even inside JSON. */
static bool json_needs_escape(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
           (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff || cp == 0x061c;
}

void json_put_string(struct strbuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    strbuf_putc(out, '"');
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        size_t run = i;
        while (run < len && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '"' &&
               p[run] != '\\')
            run++;
        if (run > i) { /* plain ASCII needs no decoding: copy it at once */
            strbuf_append(out, (const char *)p + i, run - i);
            i = run;
            continue;
        }
        if (c == '"' || c == '\\') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, (char)c);
            i++;
            continue;
        }
        uint32_t cp;
        int n = termsafe_utf8_decode(p + i, len - i, &cp);
        if (n < 0) {
            strbuf_puts(out, "\\ufffd");
            i++;
        } else if (json_needs_escape(cp)) {
            strbuf_printf(out, "\\u%04x", (unsigned)cp);
            i += (size_t)n;
        } else {
            strbuf_append(out, (const char *)p + i, (size_t)n);
            i += (size_t)n;
        }
    }
    strbuf_putc(out, '"');
}
