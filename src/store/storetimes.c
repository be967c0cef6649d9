/* A (text key -> time) table read by one query (store/db.h): a pass over
 * every pin asks it in memory instead of preparing a read per pin. */
#include "depvet/store/db.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "store_priv.h"

struct store_time_row {
    const char *key;          /* in the table's arena */
    int64_t t;
};

struct store_times {
    struct arena *a;
    struct store_time_row *rows;  /* ascending by key (strcmp) */
    size_t n, cap;
};

static int row_cmp(const void *x, const void *y)
{
    return strcmp(((const struct store_time_row *)x)->key,
                  ((const struct store_time_row *)y)->key);
}

struct store_times *store_times_read(struct store *s, const char *sql, const char *arg1,
                                     const char *arg2, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s, sql, d);
    if (!st)
        return NULL;
    struct store_times *t = xcalloc(1, sizeof(*t));
    t->a = arena_new();
    store_bind_text(st, 1, arg1);
    if (arg2)
        store_bind_text(st, 2, arg2);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (!key)
            continue;
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 64;
            t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
        }
        t->rows[t->n++] = (struct store_time_row){arena_strdup(t->a, key),
                                                  sqlite3_column_int64(st, 1)};
    }
    if (rc != SQLITE_DONE)
        store_fail(s, d, "read times");
    sqlite3_finalize(st);
    /* SQLite's ORDER BY compares bytes as strcmp does, but sorting here
     * keeps the look-up right whatever order the query gave. */
    if (t->n > 1)
        qsort(t->rows, t->n, sizeof(*t->rows), row_cmp);
    return t;
}

int64_t store_times_get(const struct store_times *t, const char *key)
{
    if (!t || !t->n || !key)
        return 0;
    struct store_time_row want = {key, 0};
    const struct store_time_row *hit = bsearch(&want, t->rows, t->n, sizeof(want), row_cmp);
    return hit ? hit->t : 0;
}

void store_times_free(struct store_times *t)
{
    if (!t)
        return;
    arena_free(t->a);
    free(t->rows);
    free(t);
}
