/* The cache as a frontend asks for it: opened in one of three ways, held
 * as an opaque handle and handed back to engine functions.  A frontend
 * never opens SQLite itself (DESIGN.md: neither talks to SQLite). */
#ifndef DEPVET_ENGINE_CACHE_H
#define DEPVET_ENGINE_CACHE_H

#include "depvet/core/diag.h"
#include "depvet/store/db.h"

enum cache_mode {
    CACHE_READ,          /* read-only; NULL with d untouched when there is none */
    CACHE_EXISTING,      /* read-write; NULL with d untouched when there is none */
    CACHE_CREATE,        /* read-write, created when missing */
};

/* dir: the cache folder (NULL: the XDG default).  NULL with d set when it
 * cannot be opened. */
struct store *engine_cache_open(const char *dir, enum cache_mode m, struct diag *d);
void engine_cache_close(struct store *st);             /* accepts NULL */
/* The cache file's path, for messages. */
const char *engine_cache_path(const struct store *st);

#endif
