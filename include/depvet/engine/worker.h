/* One function run on a thread of its own, its end signalled on a pipe an
 * event loop polls.  The function gets only what its caller handed over:
 * the caller copies the inputs it may change meanwhile into that state
 * (the time, the config, strings) and does not touch the state again until
 * worker_join.  The join is the one point where the thread's writes become
 * the caller's to read.
 *
 *   struct worker w;
 *   worker_start(&w, run, job, &d);   poll worker_fd(&w);
 *   worker_join(&w);  ... read job ...;  worker_fini(&w);
 */
#ifndef DEPVET_ENGINE_WORKER_H
#define DEPVET_ENGINE_WORKER_H

#include <pthread.h>
#include <stdbool.h>

#include "depvet/core/diag.h"

struct worker {
    pthread_t thread;
    bool running;
    int fd[2];                  /* -1 when closed */
    void (*run)(void *state);
    void *state;
};

/* Starts run(state); w must stay where it is until worker_fini.  False
 * with d set (and nothing left open) when no pipe or no thread could be
 * had. */
bool worker_start(struct worker *w, void (*run)(void *state), void *state,
                  struct diag *d);
/* Readable once run has returned (until worker_fini); -1 when not
 * started. */
int worker_fd(const struct worker *w);
bool worker_running(const struct worker *w);
/* Waits for run to return; at once when the descriptor was readable, a
 * no-op when it is not running. */
void worker_join(struct worker *w);
/* Joins and closes the pipe.  A zeroed or finished worker is fine. */
void worker_fini(struct worker *w);

#endif
