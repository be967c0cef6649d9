/* The refresh driven step by step from a caller's poll loop, as the
 * explorer does, against the mock registry. */
#include <criterion/criterion.h>
#include <poll.h>
#include <string.h>

#include "depvet/engine/refresh.h"
#include "depvet/store/pkgstore.h"
#include "mockreg_helper.h"

#define NOW 1750000000

static void progress(void *ud, unsigned done, unsigned total, enum ecosystem eco,
                     const char *name, bool failed)
{
    (void)eco; (void)name; (void)failed;
    unsigned *last = ud;
    cr_assert_leq(done, total);
    *last = done;
}

Test(refresh_job, steps_from_a_poll_loop)
{
    struct mockreg m;
    const char *extra[] = {"--synth", NULL};
    if (!mockreg_start(&m, extra, false))
        cr_skip("python3 or the mock registry is not available");
    struct engine_config cfg;
    engine_config_init(&cfg);
    snprintf(cfg.base_url[SRC_HEX_API], sizeof(cfg.base_url[SRC_HEX_API]), "%s/hex.pm/api", m.base);
    struct diag d;
    diag_clear(&d);
    struct store *st = store_open(":memory:", &d);
    cr_assert_not_null(st, "%s", d.msg);
    struct fetch_plan plan = {0};
    fetchplan_add(&plan, ECO_HEX, "plug", "1.15.2", &cfg, NOW);
    fetchplan_add(&plan, ECO_HEX, "mime", "2.0.5", &cfg, NOW);
    unsigned last = 0;
    struct refresh_options o = {.now = NOW, .progress = progress, .progress_ud = &last};
    struct refresh_job *j = refresh_job_start(st, &plan, &cfg, &o, &d);
    cr_assert_not_null(j, "%s", d.msg);
    unsigned total, rounds = 0;
    cr_assert_eq(refresh_job_progress(j, &total), 0);
    cr_assert_eq(total, 2);
    while (!refresh_job_done(j) && rounds++ < 10000) {
        struct pollfd fds[32];
        int timeout = -1;
        int n = refresh_job_poll_fds(j, fds, 32, &timeout);
        cr_assert_geq(n, 0);
        poll(fds, (nfds_t)n, timeout < 0 || timeout > 200 ? 200 : timeout);
        refresh_job_step(j);
    }
    cr_assert(refresh_job_done(j));
    cr_assert_eq(refresh_job_progress(j, &total), 2);
    struct refresh_summary sum;
    refresh_job_finish(j, &sum);
    cr_assert_eq(sum.updated, 2, "updated %u, failed %u", sum.updated, sum.failed);
    cr_assert_eq(sum.failed, 0);
    cr_assert_eq(last, 2, "progress reported each package");
    struct arena *a = arena_new();
    struct reg_package *p;
    cr_assert(pkgstore_get(st, a, ECO_HEX, "plug", &p, &d), "%s", d.msg);
    cr_assert_str_eq(p->latest_version, "1.15.3");
    arena_free(a);
    refresh_summary_fini(&sum);

    /* Within the time-to-live: done at start, no request. */
    j = refresh_job_start(st, &plan, &cfg, &o, &d);
    cr_assert_not_null(j);
    cr_assert(refresh_job_done(j));
    refresh_job_finish(j, &sum);
    cr_assert_eq(sum.fresh, 2);
    cr_assert_eq(sum.requests, 0);
    refresh_summary_fini(&sum);
    fetchplan_fini(&plan);
    store_close(st);
    mockreg_stop(&m);
}
