/* The set of running jobs, polled and moved on together (engine/jobs.h). */
#include "depvet/engine/jobs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"

struct job_slot {
    const struct job_ops *ops;
    void *state;
    unsigned done_seen;          /* progress at the last dispatch */
};

struct jobs {
    struct job_slot *items;
    size_t len, cap;
};

/* The job's own step and descriptors, or a worker job's (ops without). */
static bool job_step(const struct job_ops *o, void *state)
{
    return o->step ? o->step(state) : job_worker_step(state);
}

static int job_poll_fds(const struct job_ops *o, void *state, struct pollfd *fds, int max,
                        int *timeout_ms)
{
    if (!o->step)
        return job_worker_poll_fds(state, fds, max, timeout_ms);
    return o->poll_fds ? o->poll_fds(state, fds, max, timeout_ms) : 0;
}

struct jobs *jobs_new(void)
{
    return xcalloc(1, sizeof(struct jobs));
}

void jobs_free(struct jobs *js)
{
    if (!js)
        return;
    for (size_t i = 0; i < js->len; i++)
        js->items[i].ops->free(js->items[i].state);
    free(js->items);
    free(js);
}

void jobs_add(struct jobs *js, const struct job_ops *ops, void *state)
{
    js->items = xgrow(js->items, &js->cap, js->len + 1, sizeof(*js->items));
    js->items[js->len++] = (struct job_slot){ops, state, 0};
}

static struct job_slot *slot_of(const struct jobs *js, const struct job_ops *ops)
{
    for (size_t i = 0; js && i < js->len; i++)
        if (js->items[i].ops == ops)
            return &js->items[i];
    return NULL;
}

void *jobs_find(const struct jobs *js, const struct job_ops *ops)
{
    struct job_slot *s = slot_of(js, ops);
    return s ? s->state : NULL;
}

bool jobs_any(const struct jobs *js)
{
    return js && js->len > 0;
}

int jobs_poll_fds(struct jobs *js, struct pollfd *fds, int max, int *timeout_ms)
{
    int n = 0;
    for (size_t i = 0; js && i < js->len && n < max; i++)
        n += job_poll_fds(js->items[i].ops, js->items[i].state, fds + n, max - n, timeout_ms);
    return n;
}

static void event_init(struct job_event *ev, const struct job_ops *ops)
{
    memset(ev, 0, sizeof(*ev));
    ev->name = ops->name;
}

/* Finishes and frees slot i, keeping the others in order. */
static void end_slot(struct jobs *js, size_t i, void *ctx, bool stopped, struct job_event *ev)
{
    struct job_slot s = js->items[i];
    memmove(js->items + i, js->items + i + 1, (js->len - i - 1) * sizeof(*js->items));
    js->len--;
    event_init(ev, s.ops);
    ev->ended = true;
    s.ops->finish(s.state, ctx, stopped, ev);
    s.ops->free(s.state);
}

size_t jobs_dispatch(struct jobs *js, void *ctx, struct job_event *ev, size_t max)
{
    size_t ne = 0;
    for (size_t i = 0; js && i < js->len && ne < max;) {
        struct job_slot *s = &js->items[i];
        if (job_step(s->ops, s->state)) {
            /* A finish may add a job (a refresh starts the findings): it
             * lands after i and is stepped in this same pass. */
            end_slot(js, i, ctx, false, &ev[ne++]);
            continue;
        }
        unsigned total, done = s->ops->progress ? s->ops->progress(s->state, &total) : 0;
        if (done != s->done_seen) {
            s->done_seen = done;
            event_init(&ev[ne], s->ops);
            ev[ne++].changes = JOB_CHANGED_PROGRESS | JOB_CHANGED_RECORDS;
        }
        i++;
    }
    return ne;
}

bool jobs_stop(struct jobs *js, const struct job_ops *ops, void *ctx, struct job_event *ev)
{
    for (size_t i = 0; js && i < js->len; i++)
        if (js->items[i].ops == ops) {
            end_slot(js, i, ctx, true, ev);
            return true;
        }
    return false;
}

bool jobs_wait(struct jobs *js, const struct job_ops *ops, void *ctx, struct job_event *ev)
{
    for (size_t i = 0; js && i < js->len; i++)
        if (js->items[i].ops == ops) {
            void *state = js->items[i].state;
            memmove(js->items + i, js->items + i + 1, (js->len - i - 1) * sizeof(*js->items));
            js->len--;
            job_run(ops, state, ctx, ev);
            return true;
        }
    return false;
}

unsigned jobs_progress(const struct jobs *js, const struct job_ops *ops, unsigned *total)
{
    struct job_slot *s = slot_of(js, ops);
    *total = 0;
    return s && s->ops->progress ? s->ops->progress(s->state, total) : 0;
}

enum { RUN_FDS = 64, RUN_WAIT_MS = 200 };

/* Tells watch the job's progress when it moved since *seen (or always when
 * last, so the line ends on the final figures). */
static void watch_progress(const struct job_ops *ops, void *state, job_watch_fn watch, void *ud,
                           unsigned *seen, bool last)
{
    if (!watch || !ops->progress)
        return;
    unsigned total = 0, done = ops->progress(state, &total);
    if (done != *seen || last)
        watch(ud, done, total);
    *seen = done;
}

void job_run(const struct job_ops *ops, void *state, void *ctx, struct job_event *ev)
{
    job_run_watch(ops, state, ctx, ev, NULL, NULL);
}

void job_run_watch(const struct job_ops *ops, void *state, void *ctx, struct job_event *ev,
                   job_watch_fn watch, void *ud)
{
    bool done;
    unsigned seen = 0;
    while (!(done = job_step(ops, state))) {
        watch_progress(ops, state, watch, ud, &seen, false);
        struct pollfd fds[RUN_FDS];
        int timeout = -1;
        int n = job_poll_fds(ops, state, fds, RUN_FDS, &timeout);
        /* Curl may want a call sooner than its descriptors say. */
        if (timeout < 0 || timeout > RUN_WAIT_MS)
            timeout = RUN_WAIT_MS;
        if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR)
            break;
    }
    watch_progress(ops, state, watch, ud, &seen, true);
    event_init(ev, ops);
    ev->ended = true;
    ops->finish(state, ctx, !done, ev);
    ops->free(state);
}

bool job_run_started(const struct job_ops *ops, void *state, void *ctx, job_watch_fn watch,
                     void *ud)
{
    if (!state)
        return false;
    struct job_event ev;
    job_run_watch(ops, state, ctx, &ev, watch, ud);
    return true;
}

unsigned job_count_read(const struct job_count *c, unsigned *total)
{
    unsigned done = atomic_load(&c->done);
    *total = atomic_load(&c->total);
    if (done > *total)   /* a file that appeared between a walk's two passes */
        *total = done;
    return done;
}

int job_worker_poll_fds(void *state, struct pollfd *fds, int max, int *timeout_ms)
{
    const struct worker *w = state;
    if (max < 1 || worker_fd(w) < 0)
        return 0;
    fds[0] = (struct pollfd){worker_fd(w), POLLIN, 0};
    return 1;
}

bool job_worker_step(void *state)
{
    struct worker *w = state;
    if (!worker_running(w))
        return true;
    struct pollfd p = {worker_fd(w), POLLIN, 0};
    if (poll(&p, 1, 0) <= 0)
        return false;
    worker_join(w);
    return true;
}
