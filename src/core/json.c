/* JSON parsing with line:col diagnostics and a depth cap, over cJSON. */
#include "depvet/core/json.h"
#include "depvet/core/termsafe.h"
#include "json_text.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* memchr skips the long strings of lockfiles (URLs, hashes) quickly; a
 * quote after an odd run of backslashes is escaped. */
const char *json_string_end(const char *q, const char *end)
{
    for (const char *p = q + 1; p < end; p++) {
        p = memchr(p, '"', (size_t)(end - p));
        if (!p)
            return NULL;
        size_t bs = 0;
        while (p - bs > q + 1 && p[-1 - (ptrdiff_t)bs] == '\\')
            bs++;
        if (!(bs & 1))
            return p;
    }
    return NULL;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether the string holding the escape at p (inside a string) is a
 * member name: a ':' follows its closing quote. */
static bool in_member_name(const char *p, const char *end)
{
    const char *q = json_string_end(p - 1, end);
    if (!q)
        return false;
    for (q++; q < end && is_blank(*q); q++)
        ;
    return q < end && *q == ':';
}

const char *json_nul_escape(const char *buf, size_t len, bool keys_only)
{
    const char *end = buf + len;
    /* Backslashes only start escapes, and an escape is two characters at
     * least, so stepping by two from each keeps "\\\\" whole. */
    for (const char *p = buf; p + 1 < end && (p = memchr(p, '\\', (size_t)(end - p)));
         p += 2) {
        if (end - p >= 6 && memcmp(p, "\\u0000", 6) == 0 &&
            (!keys_only || in_member_name(p, end)))
            return p;
    }
    return NULL;
}

cJSON *json_parse(const char *buf, size_t len, const char *where, struct diag *d)
{
    bool maybe_dups;
    cJSON *root = json_parse_all(buf, len, where, &maybe_dups, d);
    if (root && maybe_dups)
        json_merge_dups(root, NULL, 0, NULL);
    return root;
}

cJSON *json_parse_all(const char *buf, size_t len, const char *where, bool *maybe_dups,
                      struct diag *d)
{
    unsigned line, col;
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        diag_locate(buf, nul, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col, "NUL byte in JSON text");
        return NULL;
    }
    *maybe_dups = false;
    const char *deep = json_text_scan(buf, len, maybe_dups);
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
    while (end < buf + len && is_blank(*end))
        end++;
    if (end < buf + len) {
        diag_locate(buf, end, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col, "trailing data after JSON value");
        cJSON_Delete(root);
        return NULL;
    }
    const char *nul_name = json_nul_escape(buf, len, true);
    if (nul_name) {
        diag_locate(buf, nul_name, &line, &col);
        diag_set(d, DIAG_SYNTAX, where, line, col,
                 "\\u0000 in a member name (it would be cut short there)");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

void json_pointer_add(char *ptr, size_t cap, const char *key)
{
    size_t n = strlen(ptr);
    if (n + 1 >= cap)
        return;
    ptr[n++] = '/';
    for (const char *k = key; *k && n + 1 < cap; k++) {
        const char *esc = *k == '~' ? "~0" : *k == '/' ? "~1" : NULL;
        if (!esc) {
            ptr[n++] = *k;
        } else if (n + 2 < cap) {
            ptr[n++] = esc[0];
            ptr[n++] = esc[1];
        } else {
            break;
        }
    }
    ptr[n] = '\0';
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

/* One character of p[0..left) at or above 0x7f (or a control) as JSON
 * string content; returns the bytes consumed. */
static size_t put_char(struct strbuf *out, const unsigned char *p, size_t left)
{
    uint32_t cp;
    int n = termsafe_utf8_decode(p, left, &cp);
    if (n < 0) {
        strbuf_puts(out, "\\ufffd");
        return 1;
    }
    if (json_needs_escape(cp))
        strbuf_printf(out, "\\u%04x", (unsigned)cp);
    else
        strbuf_append(out, (const char *)p, (size_t)n);
    return (size_t)n;
}

void json_put_member(struct strbuf *out, const char *key, const char *val, bool comma)
{
    strbuf_printf(out, "%s\"%s\":", comma ? "," : "", key);
    if (val)
        json_put_string(out, val);
    else
        strbuf_puts(out, "null");
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
        i += put_char(out, p + i, len - i);
    }
    strbuf_putc(out, '"');
}

/* cJSON escapes only controls, quotes and backslashes; its layout is ASCII,
 * so every other byte at or above 0x7f lies inside a string. */
void json_text_safe(struct strbuf *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c == '\t') {
            strbuf_puts(out, i && p[i - 1] == ':' ? " " : "  ");
            i++;
            continue;
        }
        if (c < 0x7f) {
            strbuf_putc(out, (char)c);
            i++;
            continue;
        }
        i += put_char(out, p + i, len - i);
    }
}
