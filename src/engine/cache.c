/* Opening the cache for a frontend (engine/cache.h). */
#include "depvet/engine/cache.h"

struct store *engine_cache_open(const char *dir, enum cache_mode m, struct diag *d)
{
    static struct store *(*const open_table[])(const char *, struct diag *) = {
        [CACHE_READ] = store_open_readonly,
        [CACHE_EXISTING] = store_open_existing,
        [CACHE_CREATE] = store_open_default,
    };
    return open_table[m](dir, d);
}

void engine_cache_close(struct store *st)
{
    store_close(st);
}

const char *engine_cache_path(const struct store *st)
{
    return store_path(st);
}
