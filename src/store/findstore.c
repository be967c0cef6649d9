/* Stored findings: one row per pin looked at, one per finding, replaced a
 * pin at a time (see findstore.h). */
#include "depvet/store/findstore.h"

#include <stdlib.h>
#include <string.h>

#include "store_priv.h"

#define KEY_MAX 512

static int64_t put_pin(struct store *s, enum ecosystem eco, const char *key,
                       const char *version, int64_t now, struct diag *d)
{
    sqlite3_stmt *st = store_cached(s,
        "INSERT INTO finding_pins (ecosystem, key, version, computed_at) VALUES (?,?,?,?) "
        "ON CONFLICT (ecosystem, key, version) DO UPDATE SET computed_at = excluded.computed_at "
        "RETURNING id", d);
    if (!st)
        return -1;
    store_bind_text(st, 1, ecosystem_name(eco));
    store_bind_text(st, 2, key);
    store_bind_text(st, 3, version);
    sqlite3_bind_int64(st, 4, now);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (id < 0)
        store_fail(s, d, "write findings");
    store_release(s, st);
    return id;
}

static bool put_finding(struct store *s, int64_t pin, const struct stored_finding *f,
                        struct diag *d)
{
    sqlite3_stmt *st = store_cached(s,
        "INSERT INTO findings (pin_id, rule, severity, message, evidence, link) "
        "VALUES (?,?,?,?,?,?)", d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, pin);
    store_bind_text(st, 2, f->rule);
    sqlite3_bind_int(st, 3, f->severity);
    store_bind_text(st, 4, f->message);
    store_bind_text(st, 5, f->evidence);
    store_bind_text(st, 6, f->link);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "write findings");
    store_release(s, st);
    return ok;
}

bool findstore_replace(struct store *s, enum ecosystem eco, const char *name,
                       const char *version, const struct stored_finding *f, size_t n,
                       int64_t now, struct diag *d)
{
    char key[KEY_MAX];
    if (ecosystem_normalize_name(eco, name, key, sizeof(key)) >= sizeof(key)) {
        diag_set(d, DIAG_LIMIT, store_path(s), 0, 0, "package name too long");
        return false;
    }
    int64_t pin = put_pin(s, eco, key, version ? version : "", now, d);
    if (pin < 0 || !store_run_id(s, "DELETE FROM findings WHERE pin_id = ?", pin, d))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!put_finding(s, pin, &f[i], d))
            return false;
    return true;
}

static size_t read_pins(struct store *s, struct arena *a, struct stored_pin **out,
                        int64_t **ids, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT count(*) FROM finding_pins", d);
    size_t cap = st && sqlite3_step(st) == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    *out = arena_alloc(a, (cap + 1) * sizeof(**out));
    *ids = arena_alloc(a, (cap + 1) * sizeof(**ids));
    st = cap ? store_prepare(s, "SELECT id, ecosystem, key, version, computed_at "
                                "FROM finding_pins ORDER BY ecosystem, key, version", d) : NULL;
    size_t n = 0;
    while (st && n < cap && sqlite3_step(st) == SQLITE_ROW) {
        struct stored_pin *p = &(*out)[n];
        memset(p, 0, sizeof(*p));
        (*ids)[n] = sqlite3_column_int64(st, 0);
        const char *eco = (const char *)sqlite3_column_text(st, 1);
        if (!eco || !ecosystem_parse(eco, &p->eco))
            continue;
        p->key = store_col_str(st, 2, a);
        p->version = store_col_str(st, 3, a);
        p->computed_at = sqlite3_column_int64(st, 4);
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

/* The pin whose row id is id: ids are not in name order, so a sorted copy
 * of (id, index) is searched. */
struct by_id {
    int64_t id;
    size_t idx;
};

static int by_id_cmp(const void *x, const void *y)
{
    const struct by_id *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

static void read_findings(struct store *s, struct arena *a, struct stored_pin *pins,
                          const int64_t *ids, size_t n, struct diag *d)
{
    struct by_id *index = arena_alloc(a, (n + 1) * sizeof(*index));
    for (size_t i = 0; i < n; i++)
        index[i] = (struct by_id){ids[i], i};
    qsort(index, n, sizeof(*index), by_id_cmp);
    sqlite3_stmt *st = store_prepare(s,
        "SELECT pin_id, rule, severity, message, evidence, link FROM findings "
        "ORDER BY pin_id, rowid", d);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        struct by_id key = {sqlite3_column_int64(st, 0), 0};
        struct by_id *hit = bsearch(&key, index, n, sizeof(*index), by_id_cmp);
        if (!hit)
            continue;
        struct stored_pin *p = &pins[hit->idx];
        /* Rows of a pin arrive together: grow its array by doubling. */
        if ((p->n & (p->n - 1)) == 0) {
            struct stored_finding *grown = arena_alloc(a, (p->n ? p->n * 2 : 1) * sizeof(*grown));
            if (p->n)
                memcpy(grown, p->items, p->n * sizeof(*grown));
            p->items = grown;
        }
        struct stored_finding *f = &p->items[p->n++];
        f->rule = store_col_str(st, 1, a);
        f->severity = sqlite3_column_int(st, 2);
        f->message = store_col_str(st, 3, a);
        f->evidence = store_col_str(st, 4, a);
        f->link = store_col_str(st, 5, a);
    }
    sqlite3_finalize(st);
}

size_t findstore_load_all(struct store *s, struct arena *a, struct stored_pin **out,
                          struct diag *d)
{
    int64_t *ids;
    size_t n = read_pins(s, a, out, &ids, d);
    if (n)
        read_findings(s, a, *out, ids, n, d);
    return diag_failed(d) ? 0 : n;
}
