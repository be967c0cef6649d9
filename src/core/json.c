/* JSON parsing with line:col diagnostics and a depth cap, over cJSON. */
#include "depvet/core/json.h"

#include <stdio.h>
#include <string.h>

/* cJSON recurses per nesting level; refuse deep input before it does.
 * Walks the text once, skipping strings. */
static const char *too_deep(const char *buf, size_t len)
{
    unsigned depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
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
