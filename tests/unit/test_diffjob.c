/* The diff job on its own: the worker works on copies of the request and
 * the config, so the caller may change or free its own at once (make tsan
 * and make asan would see the worker read them otherwise). */
#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/engine/diffjob.h"

static char *heap_string(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    cr_assert_not_null(p);
    return strcpy(p, s);
}

Test(diffjob, owns_copies_of_the_request)
{
    char dir[] = "/tmp/depvet-diffjob-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *name = heap_string("plug"), *from = heap_string("1.0.0"), *to = heap_string("1.2.0");
    char *cache = heap_string(dir);
    struct engine_config *cfg = malloc(sizeof(*cfg));
    cr_assert_not_null(cfg);
    engine_config_init(cfg);
    struct pkgdiff_request q = {.eco = ECO_HEX, .name = name, .from = from, .to = to,
                                .project = dir, .cache_dir = cache, .offline = true};
    struct diag d;
    diag_clear(&d);
    struct diffjob *j = diffjob_start(&q, cfg, &d);
    cr_assert_not_null(j, "%s", d.msg);
    /* The caller's copies change and go while the worker runs. */
    memset(name, 'x', strlen(name));
    memset(from, 'x', strlen(from));
    free(name);
    free(from);
    free(to);
    free(cache);
    memset(cfg, 0, sizeof(*cfg));
    free(cfg);
    struct pollfd p = {diffjob_fd(j), POLLIN, 0};
    cr_assert_eq(poll(&p, 1, 20000), 1, "the worker reports");
    struct diffjob_result r;
    cr_assert(diffjob_finish(j, &r));
    cr_assert_not(diffjob_finish(j, &r), "only once");
    cr_assert_not(r.ok, "offline with nothing stored");
    cr_assert_str_eq(r.from, "1.0.0");
    cr_assert_str_eq(r.to, "1.2.0");
    cr_assert(strstr(r.diag.msg, "1.0.0") != NULL, "%s", r.diag.msg);
    cr_assert_null(r.diff);
    diffjob_free(j);
    diffjob_free(NULL);
    char cmd[64];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
