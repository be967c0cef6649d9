/* Opening the cache database: pragmas, migrations, transactions. */
#include "depvet/store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/xdg.h"
#include "depvet/core/xmalloc.h"
#include "migrations.h"
#include "store_priv.h"

/* A second depvet (the TUI and a refresh) waits this long for a lock. */
#define STORE_BUSY_TIMEOUT_MS 10000

void store_fail(struct store *s, struct diag *d, const char *what)
{
    diag_set(d, DIAG_IO, s->path, 0, 0, "cache %s: %s", what, sqlite3_errmsg(s->db));
}

bool store_exec(struct store *s, const char *sql, struct diag *d)
{
    char *err = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &err) == SQLITE_OK)
        return true;
    diag_set(d, DIAG_IO, s->path, 0, 0, "cache: %s", err ? err : "error");
    sqlite3_free(err);
    return false;
}

sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        store_fail(s, d, "query");
        return NULL;
    }
    return st;
}

sqlite3_stmt *store_cached(struct store *s, const char *sql, struct diag *d)
{
    for (unsigned i = 0; i < s->n_cache; i++)
        if (strcmp(s->cache[i].sql, sql) == 0)
            return s->cache[i].st;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        store_fail(s, d, "query");
        return NULL;
    }
    if (s->n_cache < STORE_STMT_CACHE) {
        s->cache[s->n_cache].sql = xstrdup(sql);
        s->cache[s->n_cache++].st = st;
    }
    return st;
}

void store_release(struct store *s, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (unsigned i = 0; i < s->n_cache; i++)
        if (s->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return;
        }
    sqlite3_finalize(st); /* the cache was full */
}

bool store_run_id(struct store *s, const char *sql, int64_t id, struct diag *d)
{
    sqlite3_stmt *st = store_cached(s, sql, d);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "write");
    store_release(s, st);
    return ok;
}

void store_bind_text(sqlite3_stmt *st, int idx, const char *t)
{
    if (t)
        sqlite3_bind_text(st, idx, t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

int store_schema_version(struct store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static bool too_new(struct store *s, int have, struct diag *d)
{
    unsigned want = migrations_count();
    if (have < 0 || (unsigned)have <= want)
        return false;
    diag_set(d, DIAG_UNSUPPORTED, s->path, 0, 0,
             "cache schema %d is newer than this depvet (%u); "
             "use a newer depvet or another --cache folder", have, want);
    return true;
}

static bool migrate(struct store *s, struct diag *d)
{
    int have = store_schema_version(s);
    unsigned want = migrations_count();
    if (have < 0) {
        store_fail(s, d, "schema version");
        return false;
    }
    if (too_new(s, have, d))
        return false;
    if ((unsigned)have == want)
        return true;
    if (!store_begin(s, d))
        return false;
    /* Re-read under the write lock: another process may have migrated. */
    have = store_schema_version(s);
    for (unsigned n = (unsigned)have + 1; n <= want; n++) {
        char pragma[64];
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %u", n);
        if (!store_exec(s, migrations_sql(n), d) || !store_exec(s, pragma, d)) {
            store_rollback(s);
            return false;
        }
    }
    return store_commit(s, d);
}

/* One connection to the cache at path, opened by name (the path, or a
 * file: URI for the read-only kinds) with flags; waits out a second
 * instance's lock for STORE_BUSY_TIMEOUT_MS. */
static struct store *connect_db(const char *path, const char *name, int flags, struct diag *d)
{
    struct store *s = xcalloc(1, sizeof(*s));
    snprintf(s->path, sizeof(s->path), "%s", path);
    int rc = sqlite3_open_v2(name, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        diag_set(d, DIAG_IO, path, 0, 0, "cannot open cache: %s",
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
    return s;
}

struct store *store_open(const char *path, struct diag *d)
{
    struct store *s = connect_db(path, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, d);
    if (!s)
        return NULL;
    /* WAL: readers never block the writer and a kill -9 loses at most the
     * transaction in flight; NORMAL sync is durable enough for a cache. */
    if (!store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                       "PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456;", d) ||
        !migrate(s, d)) {
        store_close(s);
        return NULL;
    }
    return s;
}

static bool cache_folder(const char *dir, char *folder, size_t n, struct diag *d)
{
    if (dir) {
        snprintf(folder, n, "%s", dir);
        return true;
    }
    if (xdg_cache_dir(folder, n))
        return true;
    diag_set(d, DIAG_IO, "", 0, 0, "no cache folder: set HOME, XDG_CACHE_HOME or DEPVET_CACHE_DIR");
    return false;
}

struct store *store_open_default(const char *dir, struct diag *d)
{
    char folder[4096], path[4200];
    if (!cache_folder(dir, folder, sizeof(folder), d) || !xdg_mkdirs(folder, d))
        return NULL;
    snprintf(path, sizeof(path), "%s/cache.db", folder);
    return store_open(path, d);
}

/* <cache dir>/cache.db into path; false (d untouched) when there is no
 * cache folder or no cache there. */
static bool existing_path(const char *dir, char *path, size_t n)
{
    char folder[4096];
    struct diag ignore;
    diag_clear(&ignore);
    if (!cache_folder(dir, folder, sizeof(folder), &ignore))
        return false;
    snprintf(path, n, "%s/cache.db", folder);
    return file_exists(path);
}

struct store *store_open_existing(const char *dir, struct diag *d)
{
    char path[4200];
    return existing_path(dir, path, sizeof(path)) ? store_open(path, d) : NULL;
}

/* "file:" URI of path, for the immutable flag: '%', '?' and '#' (and
 * anything outside printable ASCII) percent-encoded. */
static void file_uri(const char *path, const char *query, char *out, size_t n)
{
    size_t o = (size_t)snprintf(out, n, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && o + 4 < n; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            o += (size_t)snprintf(out + o, n - o, "%%%02X", *p);
        else
            out[o++] = (char)*p;
    }
    snprintf(out + o, n - o, "%s", query);
}

/* A read-only connection; -1 in *version when even reading failed. */
static struct store *open_ro(const char *path, bool immutable, int *version, struct diag *d)
{
    char uri[3 * sizeof(((struct store *)0)->path) + 32];
    file_uri(path, immutable ? "?immutable=1" : "?mode=ro", uri, sizeof(uri));
    struct store *s = connect_db(path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, d);
    if (!s)
        return NULL;
    /* query_only: a write that slipped into a reader fails at once. */
    store_exec(s, "PRAGMA query_only = ON; PRAGMA foreign_keys = ON;"
                  "PRAGMA mmap_size = 268435456;", NULL);
    *version = store_schema_version(s);
    return s;
}

/* An older schema needs a write: done when the cache allows it, else
 * said plainly. */
static struct store *upgrade(struct store *ro, int have, struct diag *d)
{
    char path[sizeof(ro->path)];
    snprintf(path, sizeof(path), "%s", ro->path);
    store_close(ro);
    struct diag why;
    diag_clear(&why);
    struct store *s = store_open(path, &why);
    if (!s)
        diag_set(d, DIAG_UNSUPPORTED, path, 0, 0,
                 "cache schema %d is older than this depvet (%u) and cannot be upgraded "
                 "here (%s); run 'depvet refresh' once as a user who can write the cache, "
                 "or use another --cache folder", have, migrations_count(), why.msg);
    return s;
}

struct store *store_open_readonly(const char *dir, struct diag *d)
{
    char path[4200];
    if (!existing_path(dir, path, sizeof(path)))
        return NULL;
    int have;
    struct store *s = open_ro(path, false, &have, d);
    if (s && have < 0) {
        /* A WAL cache in a folder we cannot write: SQLite cannot make the
         * shared-memory file a reader needs, so read the file as it is. */
        store_close(s);
        s = open_ro(path, true, &have, d);
    }
    if (!s)
        return NULL;
    if (have < 0 || too_new(s, have, d)) {
        if (have < 0)
            store_fail(s, d, "read");
        store_close(s);
        return NULL;
    }
    return (unsigned)have < migrations_count() ? upgrade(s, have, d) : s;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->n_cache; i++) {
        sqlite3_finalize(s->cache[i].st);
        free(s->cache[i].sql);
    }
    sqlite3_close(s->db);
    free(s);
}

bool store_begin(struct store *s, struct diag *d)
{
    return store_exec(s, "BEGIN IMMEDIATE", d);
}

bool store_commit(struct store *s, struct diag *d)
{
    if (store_exec(s, "COMMIT", d))
        return true;
    store_rollback(s);
    return false;
}

void store_rollback(struct store *s)
{
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

bool store_integrity_ok(struct store *s, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s, "PRAGMA integrity_check", d);
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    if (!ok)
        diag_set(d, DIAG_IO, s->path, 0, 0, "cache integrity check failed");
    sqlite3_finalize(st);
    return ok;
}

const char *store_path(const struct store *s)
{
    return s->path;
}

struct store *store_open_sibling(const struct store *s)
{
    /* Inside a transaction the sibling would not see its writes; an
     * in-memory cache has no second connection. */
    if (!sqlite3_get_autocommit(s->db) || !s->path[0] || strcmp(s->path, ":memory:") == 0)
        return NULL;
    struct diag d;
    diag_clear(&d);
    int have;
    struct store *o = open_ro(s->path, false, &have, &d);
    if (o && have != store_schema_version((struct store *)s)) {
        store_close(o);
        return NULL;
    }
    return o;
}
