/* Runs a job set to its end from a poll loop, as a frontend would. */
#ifndef DEPVET_TESTS_JOBS_TEST_H
#define DEPVET_TESTS_JOBS_TEST_H

#include <criterion/criterion.h>
#include <poll.h>
#include <string.h>

#include "depvet/engine/jobs.h"

/* Polls and dispatches until no job runs (at most 40 s); returns the
 * events of jobs that ended, up to max (progress events, which depend on
 * the threads' timing, are left out). */
static inline size_t jobs_test_run(struct jobs *js, void *ctx, struct job_event *ev, size_t max)
{
    size_t ne = 0;
    for (unsigned rounds = 0; jobs_any(js) && rounds < 400 && ne < max; rounds++) {
        struct pollfd fds[8];
        int timeout = -1;
        poll(fds, (nfds_t)jobs_poll_fds(js, fds, 8, &timeout), 100);
        struct job_event got[8];
        size_t n = jobs_dispatch(js, ctx, got, 8);
        for (size_t i = 0; i < n && ne < max; i++)
            if (got[i].ended)
                ev[ne++] = got[i];
    }
    cr_assert_not(jobs_any(js), "the jobs ended");
    return ne;
}

/* Runs one job just started (job: its start function's answer, which must
 * not be NULL) in a set of its own; its one end event in *ev. */
static inline void jobs_test_one(const struct job_ops *ops, void *job, void *ctx,
                                 struct job_event *ev)
{
    cr_assert_not_null(job, "the job started");
    memset(ev, 0, sizeof(*ev));
    struct jobs *js = jobs_new();
    jobs_add(js, ops, job);
    cr_assert_eq(jobs_test_run(js, ctx, ev, 1), 1, "one end");
    cr_assert(ev->ended);
    cr_assert_str_eq(ev->name, ops->name);
    jobs_free(js);
}

/* A job_watch_fn that keeps how often it was told and the last figures. */
struct jobs_test_watch {
    unsigned calls, done, total;
};

static inline void jobs_test_watch(void *ud, unsigned done, unsigned total)
{
    struct jobs_test_watch *w = ud;
    cr_assert_leq(done, total, "done never passes total");
    w->calls++;
    w->done = done;
    w->total = total;
}

#endif
