/* What the worker threads call from the lower layers, called from two
 * threads at once (make tsan runs this under ThreadSanitizer). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xdg.h"

struct resolved {
    char path[512];
    bool ok;
};

static void *resolve_cache_dir(void *arg)
{
    struct resolved *r = arg;
    for (int i = 0; i < 50; i++)
        r->ok = xdg_cache_dir(r->path, sizeof(r->path));
    return NULL;
}

/* Without HOME the home folder comes from the user database, whose plain
 * lookup hands every caller one static record. */
Test(threads, cache_dir_without_home)
{
    unsetenv("DEPVET_CACHE_DIR");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    struct resolved a = {{0}, false}, b = {{0}, false};
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, resolve_cache_dir, &a), 0);
    resolve_cache_dir(&b);
    pthread_join(t, NULL);
    cr_assert_eq(a.ok, b.ok);
    if (a.ok) {
        cr_assert_str_eq(a.path, b.path);
        size_t n = strlen(a.path);
        cr_assert(n > 14 && strcmp(a.path + n - 14, "/.cache/depvet") == 0, "%s", a.path);
    }
}
