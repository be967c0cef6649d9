/* The SQLite cache: opening with WAL and a busy timeout, numbered schema
 * migrations, transactions.  SQLite is used only under src/store/. */
#ifndef DEPVET_STORE_DB_H
#define DEPVET_STORE_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/diag.h"

struct store;

/* Opens (creating) the cache database at path (":memory:" for tests) and
 * brings its schema up to date in one transaction. */
struct store *store_open(const char *path, struct diag *d);
void store_close(struct store *s);   /* accepts NULL */

/* Opens <cache dir>/cache.db, creating the folder (see xdg_cache_dir);
 * dir overrides the cache folder when not NULL. */
struct store *store_open_default(const char *dir, struct diag *d);

/* The same, but only when the cache already exists: NULL with d untouched
 * when it does not (readers that must not create one, like `tree`). */
struct store *store_open_existing(const char *dir, struct diag *d);
/* The same for commands that write nothing (check, tree, info --offline):
 * the connection is read-only (no WAL or schema change attempted, writes
 * refused), so a cache the user cannot write still answers; a WAL cache in
 * a folder the user cannot write is read as it is on disk.  An older
 * schema is upgraded when the cache can be written, else that is the
 * error. */
struct store *store_open_readonly(const char *dir, struct diag *d);
bool store_begin(struct store *s, struct diag *d);   /* BEGIN IMMEDIATE */
bool store_commit(struct store *s, struct diag *d);
void store_rollback(struct store *s);

int store_schema_version(struct store *s);
/* PRAGMA integrity_check; true when it says "ok". */
bool store_integrity_ok(struct store *s, struct diag *d);
const char *store_path(const struct store *s);
/* A second, read-only connection to s's cache, for reads on another
 * thread (a connection is used by one thread at a time); NULL when it
 * cannot be had (an immutable copy: read on s instead).  store_close. */
struct store *store_open_sibling(const struct store *s);

/* A time per key, read at once for a pass over every pin
 * (pkgstore_fact_times, responses_checked_times): looked up in memory. */
struct store_times;
int64_t store_times_get(const struct store_times *t, const char *key);   /* 0: absent */
void store_times_free(struct store_times *t);   /* accepts NULL */

#endif
