/* depvet fetch's work in the engine (engine/fetchjob.h): offline, every
 * pin's archive is looked for in the store and found missing, as a job of
 * a job set; an archive store that cannot be opened is said. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/engine/fetchjob.h"
#include "jobs_test.h"
#include "project_test.h"

static void count(void *ud, size_t done, size_t total, const struct archive_ref *r,
                  const struct archive_result *res)
{
    (void)r;
    (void)res;
    cr_assert_leq(done, total);
    ++*(unsigned *)ud;
}

Test(fetchjob, offline_through_a_job_set)
{
    char dir[] = "/tmp/depvet-fetchjob-XXXXXX", path[96], cache[96];
    cr_assert_not_null(mkdtemp(dir));
    struct dep_graph *g = project_test_load(dir, "mix.lock", project_test_mix_lock, path,
                                            sizeof(path));
    snprintf(cache, sizeof(cache), "%s/cache", dir);
    struct diag d;
    diag_clear(&d);
    struct engine_config cfg;
    engine_config_init(&cfg);
    unsigned steps = 0;
    struct fetch_request q = {g, &cfg, cache, true, count, &steps};
    struct fetch_outcome o;
    struct job_event ev[1];
    jobs_test_one(&fetchjob_ops, fetchjob_start(&q, &d), &o, &ev[0]);
    cr_assert(o.ok, "%s", o.d.msg);
    cr_assert_eq(o.n, 2);
    cr_assert_eq(steps, 2, "progress once per archive");
    for (size_t i = 0; i < o.n; i++)
        cr_assert_eq(o.res[i].status, ARCHIVES_MISSING, "%s", o.refs[i].name);
    cr_assert_eq(o.mismatches.items.len, 0);
    fetch_outcome_fini(&o);

    /* The job's progress op: archives finished of those located, ending
     * on 2 of 2 as a command's progress line would show it. */
    struct jobs_test_watch w = {0};
    void *job = fetchjob_start(&q, &d);
    cr_assert_not_null(job, "%s", d.msg);
    job_run_watch(&fetchjob_ops, job, &o, &ev[0], jobs_test_watch, &w);
    cr_assert_geq(w.calls, 1);
    cr_assert_eq(w.total, 2, "two archives located");
    cr_assert_eq(w.done, 2, "both finished");
    fetch_outcome_fini(&o);

    /* The archive store's folder is a file: nothing is tried. */
    q.cache_dir = path;
    cr_assert_not(fetchjob_run(&q, &o));
    cr_assert(diag_failed(&o.d));
    cr_assert_null(o.res);
    fetch_outcome_fini(&o);
    graph_free(g);
    char cmd[96];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
