/* Runs a job set to its end from a poll loop, as a frontend would. */
#ifndef DEPVET_TESTS_JOBS_TEST_H
#define DEPVET_TESTS_JOBS_TEST_H

#include <criterion/criterion.h>
#include <poll.h>

#include "depvet/engine/jobs.h"

/* Polls and dispatches until no job runs (at most 40 s); returns the
 * events, up to max. */
static inline size_t jobs_test_run(struct jobs *js, void *ctx, struct job_event *ev, size_t max)
{
    size_t ne = 0;
    for (unsigned rounds = 0; jobs_any(js) && rounds < 400; rounds++) {
        struct pollfd fds[8];
        int timeout = -1;
        poll(fds, (nfds_t)jobs_poll_fds(js, fds, 8, &timeout), 100);
        ne += jobs_dispatch(js, ctx, ev + ne, max - ne);
    }
    cr_assert_not(jobs_any(js), "the jobs ended");
    return ne;
}

#endif
