/* Advisory rows: incremental writes by modified date, look-ups by package,
 * counts for `depvet db stats`. */
#include "depvet/store/advisories.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/xmalloc.h"
#include "store_priv.h"

#define KEY_MAX 512

static bool step_done(struct store *s, sqlite3_stmt *st, struct diag *d)
{
    bool ok = st && sqlite3_step(st) == SQLITE_DONE;
    if (st && !ok)
        store_fail(s, d, "write");
    sqlite3_finalize(st);
    return ok;
}

bool advisories_modified_at(struct store *s, const char *id, int64_t *at, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s, "SELECT modified_at FROM advisories WHERE id = ?1", d);
    if (!st)
        return false;
    store_bind_text(st, 1, id);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *at = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return found;
}

static bool put_row(struct store *s, const struct advisory_entry *e, struct diag *d)
{
    struct strbuf aliases = STRBUF_INIT;
    strbuf_putc(&aliases, '[');
    for (size_t i = 0; i < e->n_aliases; i++) {
        if (i)
            strbuf_putc(&aliases, ',');
        json_put_string(&aliases, e->aliases[i]);
    }
    strbuf_putc(&aliases, ']');
    sqlite3_stmt *st = store_prepare(s,
        "INSERT OR REPLACE INTO advisories (id, modified, modified_at, withdrawn, "
        "aliases, summary, severity, link, body) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", d);
    if (st) {
        store_bind_text(st, 1, e->id);
        store_bind_text(st, 2, e->modified);
        sqlite3_bind_int64(st, 3, e->modified_at);
        store_bind_text(st, 4, e->withdrawn);
        store_bind_text(st, 5, strbuf_str(&aliases));
        store_bind_text(st, 6, e->summary);
        store_bind_text(st, 7, e->severity);
        store_bind_text(st, 8, e->link);
        sqlite3_bind_blob64(st, 9, e->body, e->body_len, SQLITE_TRANSIENT);
    }
    strbuf_fini(&aliases);
    return step_done(s, st, d);
}

static bool put_index(struct store *s, const struct advisory_entry *e, struct diag *d)
{
    sqlite3_stmt *del = store_prepare(s, "DELETE FROM advisory_packages WHERE advisory_id = ?1", d);
    if (del)
        store_bind_text(del, 1, e->id);
    if (!step_done(s, del, d))
        return false;
    sqlite3_stmt *st = store_prepare(s,
        "INSERT OR IGNORE INTO advisory_packages (ecosystem, key, advisory_id) "
        "VALUES (?1, ?2, ?3)", d);
    if (!st)
        return false;
    for (size_t i = 0; i < e->n_pkgs; i++) {
        sqlite3_reset(st);
        store_bind_text(st, 1, ecosystem_name(e->pkgs[i].eco));
        store_bind_text(st, 2, e->pkgs[i].key);
        store_bind_text(st, 3, e->id);
        if (sqlite3_step(st) != SQLITE_DONE) {
            store_fail(s, d, "write");
            sqlite3_finalize(st);
            return false;
        }
    }
    sqlite3_finalize(st);
    return true;
}

bool advisories_put(struct store *s, const struct advisory_entry *e,
                    enum advisory_put_result *res, struct diag *d)
{
    int64_t at = 0;
    bool had = advisories_modified_at(s, e->id, &at, d);
    if (diag_failed(d))
        return false;
    if (had && at >= e->modified_at) {
        *res = ADVISORY_UNCHANGED;
        return true;
    }
    if (!put_row(s, e, d) || !put_index(s, e, d))
        return false;
    *res = had ? ADVISORY_UPDATED : ADVISORY_ADDED;
    return true;
}

struct advisory_lookup {
    struct store *s;
    sqlite3_stmt *st;
    bool own_txn;       /* began a read transaction that free ends */
};

struct advisory_lookup *advisories_lookup_new(struct store *s, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "SELECT a.id, a.body FROM advisory_packages p JOIN advisories a "
        "ON a.id = p.advisory_id WHERE p.ecosystem = ?1 AND p.key = ?2 "
        "AND a.withdrawn IS NULL ORDER BY a.id", d);
    if (!st)
        return NULL;
    struct advisory_lookup *l = xcalloc(1, sizeof(*l));
    l->s = s;
    l->st = st;
    /* One read transaction for the whole series: a lock per query costs
     * more than the query.  Inside the caller's transaction, none. */
    l->own_txn = sqlite3_get_autocommit(s->db) && store_exec(s, "BEGIN", d);
    return l;
}

void advisories_lookup_free(struct advisory_lookup *l)
{
    if (!l)
        return;
    sqlite3_finalize(l->st);
    if (l->own_txn)
        sqlite3_exec(l->s->db, "COMMIT", NULL, NULL, NULL);
    free(l);
}

/* Appends the current row to *out (grown in the arena by doubling). */
static void add_body(struct arena *a, sqlite3_stmt *st, struct advisory_body **out,
                     size_t n, size_t *cap)
{
    if (n == *cap) {
        *cap = n ? n * 2 : 8;
        struct advisory_body *grown = arena_alloc(a, *cap * sizeof(*grown));
        if (n)
            memcpy(grown, *out, n * sizeof(*grown));
        *out = grown;
    }
    const void *blob = sqlite3_column_blob(st, 1);
    size_t len = (size_t)sqlite3_column_bytes(st, 1);
    (*out)[n].id = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
    (*out)[n].body = arena_strndup(a, blob ? blob : "", len);
    (*out)[n].len = len;
}

size_t advisories_lookup_get(struct advisory_lookup *l, struct arena *a, enum ecosystem eco,
                             const char *name, struct advisory_body **out,
                             struct diag *d)
{
    char key[KEY_MAX];
    *out = NULL;
    if (ecosystem_normalize_name(eco, name, key, sizeof(key)) >= sizeof(key))
        return 0;
    sqlite3_reset(l->st);
    store_bind_text(l->st, 1, ecosystem_name(eco));
    store_bind_text(l->st, 2, key);
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(l->st)) == SQLITE_ROW)
        add_body(a, l->st, out, n++, &cap);
    if (rc != SQLITE_DONE) {
        store_fail(l->s, d, "read");
        n = 0;
    }
    sqlite3_reset(l->st);
    return n;
}

size_t advisories_for_package(struct store *s, struct arena *a, enum ecosystem eco,
                              const char *name, struct advisory_body **out,
                              struct diag *d)
{
    struct advisory_lookup *l = advisories_lookup_new(s, d);
    *out = NULL;
    size_t n = l ? advisories_lookup_get(l, a, eco, name, out, d) : 0;
    advisories_lookup_free(l);
    return n;
}

/* Runs a query whose rows are (value, count) or (count), adding counts. */
static bool count_query(struct store *s, const char *sql, int64_t *per_eco,
                        int64_t *total, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s, sql, d);
    if (!st)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!per_eco) {
            *total = sqlite3_column_int64(st, 0);
            continue;
        }
        enum ecosystem e;
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name && ecosystem_parse(name, &e))
            per_eco[e] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        store_fail(s, d, "read");
    return rc == SQLITE_DONE;
}

bool advisories_stats(struct store *s, struct advisory_stats *st, struct diag *d)
{
    memset(st, 0, sizeof(*st));
    if (!count_query(s, "SELECT count(*) FROM advisories", NULL, &st->total, d) ||
        !count_query(s, "SELECT count(*) FROM advisories WHERE withdrawn IS NOT NULL",
                     NULL, &st->withdrawn, d) ||
        !count_query(s, "SELECT ecosystem, count(DISTINCT advisory_id) FROM "
                        "advisory_packages GROUP BY ecosystem", st->per_eco, NULL, d) ||
        !count_query(s, "SELECT ecosystem, count(DISTINCT key) FROM "
                        "advisory_packages GROUP BY ecosystem", st->packages, NULL, d))
        return false;
    sqlite3_stmt *q = store_prepare(s,
        "SELECT modified FROM advisories ORDER BY modified_at DESC, modified DESC LIMIT 1", d);
    if (!q)
        return false;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(st->newest_modified, sizeof(st->newest_modified), "%s",
                 (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return true;
}
