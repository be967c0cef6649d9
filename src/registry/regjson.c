/* Typed JSON member reads for registry answers, failing with a JSON pointer. */
#include "depvet/registry/regjson.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/timeutil.h"

bool regjson_failed(const struct regjson *rj)
{
    return diag_failed(rj->d);
}

void regjson_fail(struct regjson *rj, const char *ptr, const char *fmt, ...)
{
    if (diag_failed(rj->d))
        return;
    va_list ap;
    va_start(ap, fmt);
    diag_vset(rj->d, DIAG_SYNTAX, rj->url, 0, 0, fmt, ap);
    va_end(ap);
    diag_set_pointer(rj->d, ptr);
}

void regjson_ptr(char out[REGJSON_PTR], const char *parent, const char *key)
{
    size_t n = parent ? strnlen(parent, REGJSON_PTR - 2) : 0;
    if (parent)
        memmove(out, parent, n);
    out[n++] = '/';
    for (const char *k = key; *k && n + 3 < REGJSON_PTR; k++) {
        if (*k == '~' || *k == '/') {
            out[n++] = '~';
            out[n++] = *k == '~' ? '0' : '1';
        } else {
            out[n++] = *k;
        }
    }
    out[n] = '\0';
}

void regjson_ptr_idx(char out[REGJSON_PTR], const char *parent, size_t i)
{
    char num[24];
    snprintf(num, sizeof(num), "%zu", i);
    regjson_ptr(out, parent, num);
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "something else";
}

static const cJSON *member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
                                         : NULL;
    return v && !cJSON_IsNull(v) ? v : NULL;
}

static void wrong(struct regjson *rj, const cJSON *v, const char *ptr,
                  const char *key, const char *want)
{
    char p[REGJSON_PTR];
    if (key)
        regjson_ptr(p, ptr, key);
    else
        snprintf(p, sizeof(p), "%s", ptr ? ptr : "");
    regjson_fail(rj, p, "expected %s, found %s", want, type_name(v));
}

cJSON *regjson_open(struct regjson *rj, const char *body, size_t len, int type,
                    const char *expect_key)
{
    if (diag_failed(rj->d))
        return NULL;
    if (!body) {
        regjson_fail(rj, "", "empty answer");
        return NULL;
    }
    cJSON *root = json_parse(body, len, rj->url, rj->d);
    if (!root)
        return NULL;
    const char *msg = json_str(root, "message");
    if (!msg)
        msg = json_str(root, "error");
    if (cJSON_IsObject(root) && msg &&
        (expect_key ? !cJSON_HasObjectItem(root, expect_key) : type != cJSON_Object)) {
        diag_set(rj->d, DIAG_UNSUPPORTED, rj->url, 0, 0, "registry error: %.400s", msg);
        cJSON_Delete(root);
        return NULL;
    }
    if ((root->type & 0xFF) != type) {
        wrong(rj, root, "", NULL, type == cJSON_Array ? "an array" : "an object");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

bool regjson_read(struct regjson *rj, const char *body, size_t len, int type,
                  const char *expect_key, regjson_reader read, void *out)
{
    cJSON *root = regjson_open(rj, body, len, type, expect_key);
    if (!root)
        return false;
    read(rj, root, out);
    cJSON_Delete(root);
    return !regjson_failed(rj);
}

struct doc_read {
    const struct regjson_doc *doc;
    void *made;                     /* the package or the release */
};

static void read_doc(struct regjson *rj, const cJSON *root, void *out)
{
    struct doc_read *dr = out;
    const struct regjson_doc *doc = dr->doc;
    if (doc->release) {
        struct reg_release *r = arena_alloc(rj->a, sizeof(*r));
        reg_release_init(r);
        doc->release(rj, root, r);
        dr->made = r;
        return;
    }
    struct reg_package *p = reg_package_new(rj->a, doc->eco, NULL);
    p->source_url = arena_strdup(rj->a, rj->url);
    if (doc->name_key)
        p->name = regjson_str(rj, root, doc->name_key, "");
    doc->package(rj, root, p);
    dr->made = p;
}

bool regjson_read_doc(struct regjson *rj, const char *body, size_t len,
                      const struct regjson_doc *doc, void *out)
{
    struct doc_read dr = {doc, NULL};
    if (!regjson_read(rj, body, len, cJSON_Object, doc->expect_key, read_doc, &dr))
        return false;
    if (doc->release)
        *(struct reg_release **)out = dr.made;
    else
        *(struct reg_package **)out = dr.made;
    return true;
}

bool regjson_next(struct regjson *rj, const cJSON *arr, const char *parent,
                  struct regjson_each *e)
{
    if (!e->started) {
        e->started = true;
        e->item = arr ? arr->child : NULL;
    } else if (e->item) {
        e->item = e->item->next;
        e->i++;
    }
    if (!e->item || regjson_failed(rj))
        return false;
    regjson_ptr_idx(e->ptr, parent, e->i);
    if (e->what && !cJSON_IsObject(e->item)) {
        regjson_fail(rj, e->ptr, "expected %s", e->what);
        return false;
    }
    return true;
}

const char *regjson_item_str(struct regjson *rj, const cJSON *item, const char *ptr)
{
    if (!item || cJSON_IsNull(item) || diag_failed(rj->d))
        return NULL;
    if (!cJSON_IsString(item)) {
        wrong(rj, item, ptr, NULL, "a string");
        return NULL;
    }
    return arena_strdup(rj->a, item->valuestring);
}

/* obj's member key when its type is one of types (cJSON type bits).  NULL
 * when it is absent or null, after a failure, when it is an empty
 * container of a type in empty_ok (PHP writes {} as []), or when it is of
 * another type, which fails rj: "expected WHAT". */
static const cJSON *typed(struct regjson *rj, const cJSON *obj, const char *key,
                          const char *ptr, int types, int empty_ok, const char *what)
{
    const cJSON *v = member(obj, key);
    if (!v || diag_failed(rj->d) || ((v->type & 0xFF & empty_ok) && !v->child))
        return NULL;
    if (!(v->type & 0xFF & types)) {
        wrong(rj, v, ptr, key, what);
        return NULL;
    }
    return v;
}

const char *regjson_str(struct regjson *rj, const cJSON *obj, const char *key,
                        const char *ptr)
{
    const cJSON *v = typed(rj, obj, key, ptr, cJSON_String, 0, "a string");
    return v ? arena_strdup(rj->a, v->valuestring) : NULL;
}

bool regjson_int(struct regjson *rj, const cJSON *obj, const char *key,
                 const char *ptr, int64_t *out)
{
    const cJSON *v = typed(rj, obj, key, ptr, cJSON_Number, 0, "an integer");
    if (!v)
        return false;
    double x = v->valuedouble;
    /* 2^63 bounds the cast; counts are never fractional. */
    if (!(x >= -9.2e18 && x <= 9.2e18) || x != floor(x)) {
        wrong(rj, v, ptr, key, "an integer");
        return false;
    }
    *out = (int64_t)x;
    return true;
}

bool regjson_bool(struct regjson *rj, const cJSON *obj, const char *key,
                  const char *ptr, bool dflt)
{
    const cJSON *v = typed(rj, obj, key, ptr, cJSON_True | cJSON_False, 0, "a boolean");
    return v ? cJSON_IsTrue(v) : dflt;
}

const cJSON *regjson_obj(struct regjson *rj, const cJSON *obj, const char *key,
                         const char *ptr)
{
    return typed(rj, obj, key, ptr, cJSON_Object, cJSON_Array, "an object");
}

const cJSON *regjson_arr(struct regjson *rj, const cJSON *obj, const char *key,
                         const char *ptr)
{
    return typed(rj, obj, key, ptr, cJSON_Array, cJSON_Object, "an array");
}

int64_t regjson_item_time(struct regjson *rj, const cJSON *item, const char *ptr)
{
    int64_t t = 0;
    if (!item || cJSON_IsNull(item) || diag_failed(rj->d))
        return 0;
    if (!cJSON_IsString(item)) {
        wrong(rj, item, ptr, NULL, "a timestamp string");
        return 0;
    }
    if (!timeutil_parse(item->valuestring, &t)) {
        regjson_fail(rj, ptr, "not an ISO 8601 timestamp");
        return 0;
    }
    return t;
}

int64_t regjson_time(struct regjson *rj, const cJSON *obj, const char *key,
                     const char *ptr)
{
    const cJSON *v = member(obj, key);
    if (!v || diag_failed(rj->d))
        return 0;
    char p[REGJSON_PTR];
    regjson_ptr(p, ptr, key);
    return regjson_item_time(rj, v, p);
}

size_t regjson_count(const cJSON *v)
{
    size_t n = 0;
    for (const cJSON *c = v ? v->child : NULL; c; c = c->next)
        n++;
    return n;
}

void *regjson_alloc(struct regjson *rj, size_t n, size_t sz)
{
    return n ? arena_alloc(rj->a, n * sz) : NULL;
}

const char **regjson_str_list(struct regjson *rj, const cJSON *obj,
                              const char *key, const char *ptr, size_t *n)
{
    *n = 0;
    const cJSON *arr = regjson_arr(rj, obj, key, ptr);
    if (!arr)
        return NULL;
    char base[REGJSON_PTR];
    regjson_ptr(base, ptr, key);
    const char **out = regjson_alloc(rj, regjson_count(arr), sizeof(*out));
    for (struct regjson_each e = {0}; regjson_next(rj, arr, base, &e);) {
        const char *s = regjson_item_str(rj, e.item, e.ptr);
        if (s)
            out[(*n)++] = s;
    }
    return out;
}

struct reg_link *regjson_links(struct regjson *rj, const cJSON *obj,
                               const char *key, const char *ptr, size_t *n)
{
    *n = 0;
    const cJSON *m = regjson_obj(rj, obj, key, ptr);
    if (!m)
        return NULL;
    char base[REGJSON_PTR], p[REGJSON_PTR];
    regjson_ptr(base, ptr, key);
    struct reg_link *out = regjson_alloc(rj, regjson_count(m), sizeof(*out));
    for (const cJSON *c = m->child; c; c = c->next) {
        regjson_ptr(p, base, c->string ? c->string : "");
        const char *url = regjson_item_str(rj, c, p);
        if (url) {
            out[*n].label = arena_strdup(rj->a, c->string ? c->string : "");
            out[(*n)++].url = url;
        }
    }
    return out;
}

const char *regjson_lower(struct regjson *rj, const char *s)
{
    if (!s)
        return NULL;
    char *o = arena_strdup(rj->a, s);
    for (char *p = o; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return o;
}
