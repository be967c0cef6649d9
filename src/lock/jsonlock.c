/* Shared JSON lockfile helpers: key lines, JSON pointers, typed getters. */
#include "depvet/lock/jsonlock.h"

#include "depvet/core/json.h"
#include "depvet/lock/reader.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_container(const cJSON *it)
{
    return cJSON_IsObject(it) || cJSON_IsArray(it);
}

/* Pre-order iteration over the containers of a tree, with an explicit
 * stack.  json_parse caps depth below it; a deeper tree ends the walk (its
 * brackets could no longer be paired). */
enum { WALK_STACK = 256 };
struct walk {
    cJSON *stack[WALK_STACK];
    unsigned depth;
    cJSON *next;
};

static cJSON *walk_next(struct walk *w)
{
    for (;;) {
        cJSON *it = w->next;
        while (!it) {
            if (!w->depth)
                return NULL;
            it = w->stack[--w->depth]->next;
        }
        if (is_container(it) && it->child) {
            if (w->depth == WALK_STACK)
                return NULL;
            w->stack[w->depth++] = it;
            w->next = it->child;
        } else {
            w->next = it->next;
        }
        if (is_container(it))
            return it;
    }
}

enum { CH_QUOTE = 1, CH_OPEN, CH_NEWLINE };

static const unsigned char char_class_table[256] = {
    ['"'] = CH_QUOTE, ['{'] = CH_OPEN, ['['] = CH_OPEN, ['\n'] = CH_NEWLINE,
};

/* The text's opening brackets outside strings come in the same order as
 * the tree's containers in pre-order: one pass pairs them up. */
void jsonlock_stamp(cJSON *root, const char *buf, size_t len)
{
    if (!root || !is_container(root))
        return;
    struct walk w = { .depth = 0, .next = root->child };
    const unsigned char *p = (const unsigned char *)buf, *end = p + len;
    unsigned line = 1;
    bool seen_root = false;
    cJSON *it;
    root->valueint = 0;
    for (; p < end; p++) {
        unsigned char k = char_class_table[*p];
        if (!k)
            continue;
        if (k == CH_NEWLINE) {
            line++;
        } else if (k == CH_QUOTE) {
            /* JSON strings hold no raw newlines, so none are skipped. */
            if (!(p = (const unsigned char *)json_string_end((const char *)p,
                                                              (const char *)end)))
                return;
        } else if (!seen_root) {
            seen_root = true;
        } else {
            if (!(it = walk_next(&w)))
                return;
            it->valueint = (int)line;
        }
    }
}

unsigned jsonlock_line(const cJSON *item)
{
    return item && is_container(item) && item->valueint > 0
               ? (unsigned)item->valueint : 0;
}

void jsonlock_pointer_add(char *ptr, size_t cap, const char *key)
{
    json_pointer_add(ptr, cap, key);
}

void jsonlock_type_error(const struct jsonlock_at *at, const char *key,
                         const char *what)
{
    char ptr[256];
    snprintf(ptr, sizeof(ptr), "%s", at->ptr ? at->ptr : "");
    if (key)
        jsonlock_pointer_add(ptr, sizeof(ptr), key);
    if (diag_failed(at->d))
        return;
    diag_set(at->d, DIAG_SYNTAX, at->where, at->line, 0, "expected %s", what);
    diag_set_pointer(at->d, ptr);
}

/* The member, or NULL when absent, null, or of the wrong type (reported). */
static const cJSON *typed(const struct jsonlock_at *at, const cJSON *obj,
                          const char *key, cJSON_bool (*is)(const cJSON *),
                          const char *what)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (is(v))
        return v;
    jsonlock_type_error(at, key, what);
    return NULL;
}

const char *jsonlock_str(const struct jsonlock_at *at, const cJSON *obj,
                         const char *key)
{
    const cJSON *v = typed(at, obj, key, cJSON_IsString, "a string");
    return v ? v->valuestring : NULL;
}

bool jsonlock_bool(const struct jsonlock_at *at, const cJSON *obj,
                   const char *key)
{
    const cJSON *v = typed(at, obj, key, cJSON_IsBool, "true or false");
    return v && cJSON_IsTrue(v);
}

const cJSON *jsonlock_obj(const struct jsonlock_at *at, const cJSON *obj,
                          const char *key)
{
    return typed(at, obj, key, cJSON_IsObject, "an object");
}

const cJSON *jsonlock_arr(const struct jsonlock_at *at, const cJSON *obj,
                          const char *key)
{
    return typed(at, obj, key, cJSON_IsArray, "an array");
}

static size_t skip_blank(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && is_ws(buf[i]))
        i++;
    return i;
}

bool jsonlock_is_object(const char *buf, size_t len)
{
    size_t i = skip_blank(buf, len);
    return i < len && buf[i] == '{';
}

bool jsonlock_blank(const char *buf, size_t len)
{
    return skip_blank(buf, len) == len;
}

/* Every duplicate key of the lockfile, for the lockfile-duplicate-key
 * finding: the reader, as npm and pipenv, takes the last. */
static void record_dups(struct dep_graph *g, unsigned lf, const struct json_dups *dups)
{
    for (unsigned i = 0; i < dups->len; i++) {
        const struct json_dup *x = &dups->items[i];
        struct lock_dup_key k = {x->ptr, x->line, x->col, x->again_line, x->again_col};
        graph_lockfile_add_dup_key(g, lf, &k);
    }
    g->lockfiles.items[lf].n_dup_keys_total = dups->total;
}

/* cJSON ends a string at U+0000: "lodash\u0000x" would read as "lodash".
 * No lockfile string (name, version, URL, hash) holds one. */
static bool nul_in_strings(const char *buf, size_t len, const char *path, struct diag *d)
{
    const char *nul = json_nul_escape(buf, len, false);
    if (!nul)
        return false;
    unsigned line, col;
    diag_locate(buf, nul, &line, &col);
    diag_set(d, DIAG_SYNTAX, path, line, col,
             "\\u0000 in a string: the name or value would be cut short there");
    return true;
}

cJSON *jsonlock_open(struct dep_graph *g, unsigned lf, const char *buf, size_t len,
                     const char *path, bool *empty, struct diag *d)
{
    *empty = false;
    if (len > LOCK_MAX_BYTES) {
        diag_set(d, DIAG_LIMIT, path, 0, 0, "lockfile larger than %u bytes", LOCK_MAX_BYTES);
        return NULL;
    }
    *empty = !memchr(buf, '\0', len) && jsonlock_blank(buf, len);
    if (*empty)
        return NULL;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3; /* lines stay the same */
        len -= 3;
    }
    bool maybe_dups;
    cJSON *doc = json_parse_all(buf, len, path, &maybe_dups, d);
    if (doc && !cJSON_IsObject(doc))
        diag_set(d, DIAG_SYNTAX, path, 1, 1, "expected a JSON object at the top level");
    if (doc && (diag_failed(d) || nul_in_strings(buf, len, path, d))) {
        cJSON_Delete(doc);
        return NULL;
    }
    if (!doc)
        return NULL;
    jsonlock_stamp(doc, buf, len);  /* pairs brackets with the tree as written */
    if (maybe_dups) {
        struct json_dups dups;
        json_merge_dups(doc, buf, len, &dups);
        record_dups(g, lf, &dups);
    }
    return doc;
}

bool jsonlock_head_has(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle), lim = len < 65536 ? len : 65536;
    if (!n || n > lim)
        return n == 0;
    for (const char *p = buf, *end = buf + lim - n + 1; p < end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p)
            return false;
        if (memcmp(p, needle, n) == 0)
            return true;
    }
    return false;
}
