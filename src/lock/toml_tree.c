/* TOML tree storage (ordered tables with a hash index) and the getters. */
#include "toml_tree.h"

#include <string.h>

/* Tables up to this size are searched linearly. */
#define TREE_HASH_FROM 16

static unsigned long key_hash(const char *s, size_t n)
{
    unsigned long h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static bool key_eq(const struct toml_entry *e, const char *key, size_t len)
{
    return e->key_len == len && memcmp(e->key, key, len) == 0;
}

/* Slots hold entry index + 1; 0 is empty. */
static void hash_put(unsigned *slots, size_t cap, const struct toml_entry *items,
                     unsigned idx)
{
    size_t h = key_hash(items[idx].key, items[idx].key_len) & (cap - 1);
    while (slots[h])
        h = (h + 1) & (cap - 1);
    slots[h] = idx + 1;
}

static void hash_rebuild(struct arena *a, struct toml_value *t)
{
    size_t cap = 64;
    while (cap < t->u.tab.cap * 2)
        cap *= 2;
    t->u.tab.hash = arena_alloc(a, cap * sizeof *t->u.tab.hash);
    t->u.tab.hcap = cap;
    for (size_t i = 0; i < t->u.tab.n; i++)
        hash_put(t->u.tab.hash, cap, t->u.tab.items, (unsigned)i);
}

struct toml_value *toml_tree_find(const struct toml_value *table,
                                  const char *key, size_t len)
{
    if (!table || table->type != TOML_TABLE)
        return NULL;
    const struct toml_entry *items = table->u.tab.items;
    if (!table->u.tab.hash) {
        for (size_t i = 0; i < table->u.tab.n; i++)
            if (key_eq(&items[i], key, len))
                return items[i].value;
        return NULL;
    }
    size_t mask = table->u.tab.hcap - 1, h = key_hash(key, len) & mask;
    for (unsigned s; (s = table->u.tab.hash[h]) != 0; h = (h + 1) & mask)
        if (key_eq(&items[s - 1], key, len))
            return items[s - 1].value;
    return NULL;
}

/* Arena arrays grow by doubling; the old block is simply left behind. */
static void *grow(struct arena *a, void *old, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return old;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *fresh = arena_alloc(a, ncap * size);
    if (n)
        memcpy(fresh, old, n * size);
    *cap = ncap;
    return fresh;
}

void toml_tree_insert(struct arena *a, struct toml_value *t,
                      const char *key, size_t len, struct toml_value *v)
{
    size_t oldcap = t->u.tab.cap;
    t->u.tab.items = grow(a, t->u.tab.items, t->u.tab.n, &t->u.tab.cap,
                          sizeof *t->u.tab.items);
    struct toml_entry *e = &t->u.tab.items[t->u.tab.n++];
    e->key = key;
    e->key_len = len;
    e->value = v;
    if (t->u.tab.n > TREE_HASH_FROM && (!t->u.tab.hash || oldcap != t->u.tab.cap))
        hash_rebuild(a, t);
    else if (t->u.tab.hash)
        hash_put(t->u.tab.hash, t->u.tab.hcap, t->u.tab.items, (unsigned)(t->u.tab.n - 1));
}

void toml_tree_push(struct arena *a, struct toml_value *arr, struct toml_value *v)
{
    arr->u.arr.items = grow(a, arr->u.arr.items, arr->u.arr.n, &arr->u.arr.cap,
                            sizeof *arr->u.arr.items);
    arr->u.arr.items[arr->u.arr.n++] = v;
}

/* ---- public getters ------------------------------------------------------ */

static const char *const type_name_table[] = {
    [TOML_STRING] = "string",
    [TOML_INTEGER] = "integer",
    [TOML_FLOAT] = "float",
    [TOML_BOOL] = "bool",
    [TOML_OFFSET_DATETIME] = "datetime",
    [TOML_LOCAL_DATETIME] = "datetime-local",
    [TOML_LOCAL_DATE] = "date-local",
    [TOML_LOCAL_TIME] = "time-local",
    [TOML_ARRAY] = "array",
    [TOML_TABLE] = "table",
};

const char *toml_type_name(enum toml_type t)
{
    return (unsigned)t < sizeof type_name_table / sizeof *type_name_table
               ? type_name_table[t] : "?";
}

const struct toml_value *toml_get(const struct toml_value *table, const char *key)
{
    return key ? toml_tree_find(table, key, strlen(key)) : NULL;
}

const struct toml_value *toml_get_path(const struct toml_value *table,
                                       const char *path)
{
    if (!path)
        return NULL;
    const struct toml_value *v = table;
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        v = toml_tree_find(v, path, n);
        if (!v || !dot)
            return v;
        path = dot + 1;
    }
}

bool toml_is(const struct toml_value *v, enum toml_type t)
{
    return v && v->type == t;
}

const char *toml_str(const struct toml_value *v)
{
    return toml_is(v, TOML_STRING) ? v->u.str.s : NULL;
}

const char *toml_get_str(const struct toml_value *table, const char *key)
{
    return toml_str(toml_get(table, key));
}

bool toml_int(const struct toml_value *v, int64_t *out)
{
    if (!toml_is(v, TOML_INTEGER))
        return false;
    *out = v->u.i;
    return true;
}

bool toml_float(const struct toml_value *v, double *out)
{
    if (toml_is(v, TOML_INTEGER))
        *out = (double)v->u.i;
    else if (toml_is(v, TOML_FLOAT))
        *out = v->u.f;
    else
        return false;
    return true;
}

bool toml_bool(const struct toml_value *v, bool *out)
{
    if (!toml_is(v, TOML_BOOL))
        return false;
    *out = v->u.b;
    return true;
}

size_t toml_len(const struct toml_value *v)
{
    if (toml_is(v, TOML_ARRAY))
        return v->u.arr.n;
    return toml_is(v, TOML_TABLE) ? v->u.tab.n : 0;
}

const struct toml_value *toml_at(const struct toml_value *arr, size_t i)
{
    return toml_is(arr, TOML_ARRAY) && i < arr->u.arr.n ? arr->u.arr.items[i] : NULL;
}

size_t toml_table_len(const struct toml_value *v)
{
    return toml_is(v, TOML_TABLE) ? v->u.tab.n : 0;
}

const char *toml_key_at(const struct toml_value *table, size_t i,
                        const struct toml_value **value)
{
    if (!toml_is(table, TOML_TABLE) || i >= table->u.tab.n) {
        if (value)
            *value = NULL;
        return NULL;
    }
    if (value)
        *value = table->u.tab.items[i].value;
    return table->u.tab.items[i].key;
}
