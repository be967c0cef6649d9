/* Private to src/store: the handle behind struct store, and statement
 * helpers shared by the store's modules. */
#ifndef DEPVET_STORE_PRIV_H
#define DEPVET_STORE_PRIV_H

#include <sqlite3.h>
#include <stdbool.h>

#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/store/model.h"
#include "depvet/store/db.h"

#define STORE_STMT_CACHE 32

struct store {
    sqlite3 *db;
    char path[4096];
    struct {
        char *sql;            /* heap */
        sqlite3_stmt *st;
    } cache[STORE_STMT_CACHE];
    unsigned n_cache;
};

/* Prepares sql; on failure sets d naming the database and returns NULL. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct diag *d);
/* The same for queries run once per package: the statement is prepared
 * once per connection and kept.  Hand it back with store_release (never
 * sqlite3_finalize), which resets it. */
sqlite3_stmt *store_cached(struct store *s, const char *sql, struct diag *d);
void store_release(struct store *s, sqlite3_stmt *st);   /* accepts NULL */
/* Runs a cached statement whose one parameter is a row id. */
bool store_run_id(struct store *s, const char *sql, int64_t id, struct diag *d);
/* Sets d from the connection's last error. */
void store_fail(struct store *s, struct diag *d, const char *what);
bool store_exec(struct store *s, const char *sql, struct diag *d);
/* Binds text, or NULL when t is NULL. */
void store_bind_text(sqlite3_stmt *st, int idx, const char *t);

/* Runs sql (arguments 1 and 2 bound as text; arg2 may be NULL and unbound)
 * whose rows are (key TEXT, time INTEGER) into a table; NULL with d set
 * when it cannot be prepared. */
struct store_times *store_times_read(struct store *s, const char *sql, const char *arg1,
                                     const char *arg2, struct diag *d);

/* Column readers: NULL as REG_UNKNOWN / NULL, text copied into a. */
int64_t store_col_i64(sqlite3_stmt *st, int i);
const char *store_col_str(sqlite3_stmt *st, int i, struct arena *a);

/* The columns of a package row and of a release row, in the order the
 * row readers below expect them from column 0. */
#define PACKAGE_COLS                                                                \
    "name, description, license, repository, homepage, created_at, "              \
    "modified_at, latest_version, downloads_total, downloads_recent, "           \
    "downloads_recent_days, downloads_month, downloads_week, downloads_day, "    \
    "dependents, direct_dependents, deprecated, deprecation_message, status, "   \
    "source_url"
#define PACKAGE_NCOLS 20
#define RELEASE_COLS                                                                \
    "version, published_at, publisher, publisher_email, yanked, retired, "        \
    "deprecated, status_reason, status_message, attested, identity, license, "   \
    "archive_url, sha256, integrity, shasum, has_install_script, requires_python, " \
    "downloads, scripts, build_tools"
#define RELEASE_NCOLS 21
/* The first RELEASE_SUMMARY_NCOLS of RELEASE_COLS: version, dates,
 * publisher, status and provenance, without checksums, files or scripts. */
#define RELEASE_SUMMARY_COLS                                                        \
    "version, published_at, publisher, publisher_email, yanked, retired, "        \
    "deprecated, status_reason, status_message, attested, identity"
#define RELEASE_SUMMARY_NCOLS 11
void pkgstore_package_cols(sqlite3_stmt *st, struct arena *a, struct reg_package *p);
void pkgstore_release_cols(sqlite3_stmt *st, struct arena *a, struct reg_release *r);
void pkgstore_release_summary_cols(sqlite3_stmt *st, struct arena *a, struct reg_release *r);

#endif
