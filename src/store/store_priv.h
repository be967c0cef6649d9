/* Private to src/store: the handle behind struct store, and statement
 * helpers shared by the store's modules. */
#ifndef DEPVET_STORE_PRIV_H
#define DEPVET_STORE_PRIV_H

#include <sqlite3.h>
#include <stdbool.h>

#include "depvet/core/diag.h"
#include "depvet/store/db.h"

struct store {
    sqlite3 *db;
    char path[4096];
};

/* Prepares sql; on failure sets d naming the database and returns NULL. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct diag *d);
/* Sets d from the connection's last error. */
void store_fail(struct store *s, struct diag *d, const char *what);
bool store_exec(struct store *s, const char *sql, struct diag *d);
/* Binds text, or NULL when t is NULL. */
void store_bind_text(sqlite3_stmt *st, int idx, const char *t);

#endif
