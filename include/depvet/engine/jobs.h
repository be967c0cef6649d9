/* Long work beside an event loop: one interface for every kind of job (a
 * refresh's HTTP exchanges, the findings worker, a source diff, fetching
 * archives, a scan).  A job is its own state plus a const table of
 * operations filled by field name; a set of jobs is polled and moved on
 * together, so a frontend's loop waits on the set and the terminal and
 * needs to know no job by name.
 *
 *   static const struct job_ops my_ops = {.name = "mine", .poll_fds = ...};
 *   jobs_add(set, &my_ops, state);
 *   n = jobs_poll_fds(set, fds, max, &timeout);  poll(...);
 *   ne = jobs_dispatch(set, ctx, events, max_events);
 *
 * A job copies what it reads at its start (as the diff job does), so its
 * caller may change its own copies while it runs. */
#ifndef DEPVET_ENGINE_JOBS_H
#define DEPVET_ENGINE_JOBS_H

#include <poll.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "depvet/engine/worker.h"

/* What a job's end (or a step) changed, for the frontend to redraw. */
enum job_change {
    JOB_CHANGED_RECORDS = 1,     /* cached package facts */
    JOB_CHANGED_FINDINGS = 2,    /* the findings (badges, counts, panes) */
    JOB_CHANGED_SRCDIFF = 4,     /* a source diff result is ready to take */
    JOB_CHANGED_PROGRESS = 8,    /* more of it is done */
    JOB_CHANGED_ADOPTED = 16,    /* an adopted tree waits (session_adopt_take) */
};

/* One thing that happened to a job during jobs_dispatch. */
struct job_event {
    const char *name;            /* the job's ops->name */
    bool ended;                  /* the job finished (or was stopped) and is gone */
    bool failed;                 /* message says what went wrong */
    unsigned changes;            /* enum job_change bits */
    char message[600];           /* one line for a status bar, "" for none */
};

struct job_ops {
    const char *name;
    /* Descriptors to wait on (at most max; returns how many) and, through
     * *timeout_ms, the longest wait it allows (-1: no limit; only lower
     * it).  NULL: the job has none. */
    int (*poll_fds)(void *state, struct pollfd *fds, int max, int *timeout_ms);
    /* Moves the job on without blocking; true once it is done.  NULL (with
     * poll_fds NULL too): a job that is one function on a worker thread,
     * its state starting with a struct worker, moved on by
     * job_worker_poll_fds and job_worker_step. */
    bool (*step)(void *state);
    /* Units done so far, of *total (0 when it cannot tell).  May be NULL. */
    unsigned (*progress)(const void *state, unsigned *total);
    /* The job is done, or stopped early when stopped: hands its result to
     * ctx (the owner of the set) and describes it in ev. */
    void (*finish)(void *state, void *ctx, bool stopped, struct job_event *ev);
    /* Frees the state (after finish, or unfinished when the set is freed). */
    void (*free)(void *state);
};

struct jobs;

struct jobs *jobs_new(void);
/* Stops every job still running (finish is not called) and frees it.
 * Accepts NULL. */
void jobs_free(struct jobs *js);
/* Takes state over: it is freed with ops->free when it ends. */
void jobs_add(struct jobs *js, const struct job_ops *ops, void *state);
/* The running job of that kind, or NULL. */
void *jobs_find(const struct jobs *js, const struct job_ops *ops);
bool jobs_any(const struct jobs *js);
/* Every job's descriptors, and the shortest wait any asks for. */
int jobs_poll_fds(struct jobs *js, struct pollfd *fds, int max, int *timeout_ms);
/* Steps every job once; each that ended is finished with ctx and freed.
 * Fills up to max events (one per job that ended or made progress) and
 * returns how many. */
size_t jobs_dispatch(struct jobs *js, void *ctx, struct job_event *ev, size_t max);
/* Stops the job of that kind now: finish(stopped) with ctx, then free.
 * False when none runs. */
bool jobs_stop(struct jobs *js, const struct job_ops *ops, void *ctx, struct job_event *ev);
/* Takes the job of that kind out of the set and runs it to its end on the
 * caller's thread (job_run): for a caller that needs its result now.
 * False when none runs. */
bool jobs_wait(struct jobs *js, const struct job_ops *ops, void *ctx, struct job_event *ev);
/* Progress of the job of that kind (0 of 0 when none runs). */
unsigned jobs_progress(const struct jobs *js, const struct job_ops *ops, unsigned *total);

/* Runs one job to its end on the caller's thread, waiting in poll(2)
 * between steps (for command-line use), then finishes and frees it. */
void job_run(const struct job_ops *ops, void *state, void *ctx, struct job_event *ev);
/* job_run that also calls watch(ud, done, total) on the caller's thread
 * whenever the job's progress op says more is done, and once with the last
 * figures before finish (a command's progress line).  watch may be NULL. */
typedef void (*job_watch_fn)(void *ud, unsigned done, unsigned total);
void job_run_watch(const struct job_ops *ops, void *state, void *ctx, struct job_event *ev,
                   job_watch_fn watch, void *ud);

/* Runs a job its start function just gave (NULL: it could not start, and
 * false is returned) to its end as job_run_watch does; true once finished. */
bool job_run_started(const struct job_ops *ops, void *state, void *ctx, job_watch_fn watch,
                     void *ud);

/* A worker job's units (archives, files): the worker writes them, the
 * progress op reads them on the loop's thread.  job_count_read is such an
 * op's answer: done, and a total never below it. */
struct job_count {
    atomic_uint total, done;
};
unsigned job_count_read(const struct job_count *c, unsigned *total);

/* For jobs that are one function on a worker thread: their state starts
 * with a struct worker; these are what NULL poll_fds and step stand for,
 * and a job with more to do (the refresh pipeline) calls them itself. */
int job_worker_poll_fds(void *state, struct pollfd *fds, int max, int *timeout_ms);
bool job_worker_step(void *state);

#endif
