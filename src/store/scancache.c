/* The scan_results table: scanner output keyed by archive and rule set. */
#include "depvet/store/scancache.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "store_priv.h"

bool scancache_get(struct store *s, const char *archive_sha256, const char *rules_digest,
                   char **blob, size_t *len, struct diag *d)
{
    *blob = NULL;
    *len = 0;
    sqlite3_stmt *st = store_prepare(s,
        "SELECT hits FROM scan_results WHERE archive_sha256 = ? AND rules_digest = ?", d);
    if (!st)
        return false;
    store_bind_text(st, 1, archive_sha256);
    store_bind_text(st, 2, rules_digest);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(st, 0);
        *len = (size_t)sqlite3_column_bytes(st, 0);
        *blob = xmalloc(*len + 1);
        if (*len)
            memcpy(*blob, b, *len);
        (*blob)[*len] = '\0';
    } else if (rc != SQLITE_DONE) {
        store_fail(s, d, "reading a cached scan");
    }
    sqlite3_finalize(st);
    return *blob != NULL;
}

bool scancache_put(struct store *s, const char *archive_sha256, const char *rules_digest,
                   const void *blob, size_t len, int64_t now, struct diag *d)
{
    if (len > (size_t)INT_MAX) {
        diag_set(d, DIAG_LIMIT, store_path(s), 0, 0, "scan result too large to cache");
        return false;
    }
    sqlite3_stmt *st = store_prepare(s,
        "INSERT OR REPLACE INTO scan_results (archive_sha256, rules_digest, hits, "
        "scanned_at) VALUES (?,?,?,?)", d);
    if (!st)
        return false;
    store_bind_text(st, 1, archive_sha256);
    store_bind_text(st, 2, rules_digest);
    sqlite3_bind_blob(st, 3, len ? blob : "", (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "storing a scan");
    sqlite3_finalize(st);
    return ok;
}

long scancache_prune(struct store *s, const char *keep_rules_digest, struct diag *d)
{
    sqlite3_stmt *st = store_prepare(s,
        "DELETE FROM scan_results WHERE rules_digest <> ?", d);
    if (!st)
        return -1;
    store_bind_text(st, 1, keep_rules_digest);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        store_fail(s, d, "pruning cached scans");
    sqlite3_finalize(st);
    return ok ? (long)sqlite3_changes(s->db) : -1;
}
