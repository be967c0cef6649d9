/* The job interface: fake jobs run through a session's poll loop
 * (session_poll_fds, session_dispatch), a job set and job_run. */
#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depvet/core/fileio.h"
#include "depvet/engine/jobs.h"
#include "depvet/engine/session.h"

/* A job that is done once its pipe has had `need` bytes written. */
struct fake {
    int fd[2];
    unsigned got, need;
    int *finished, *freed, *stopped;
    void *ctx_seen;
};

static int fake_poll_fds(void *state, struct pollfd *fds, int max, int *timeout_ms)
{
    struct fake *f = state;
    if (max < 1)
        return 0;
    fds[0] = (struct pollfd){f->fd[0], POLLIN, 0};
    return 1;
}

static bool fake_step(void *state)
{
    struct fake *f = state;
    struct pollfd p = {f->fd[0], POLLIN, 0};
    char c;
    while (f->got < f->need && poll(&p, 1, 0) == 1 && read(f->fd[0], &c, 1) == 1)
        f->got++;
    return f->got >= f->need;
}

static unsigned fake_progress(const void *state, unsigned *total)
{
    const struct fake *f = state;
    *total = f->need;
    return f->got;
}

static void fake_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct fake *f = state;
    ++*f->finished;
    *f->stopped = stopped;
    f->ctx_seen = ctx;
    ev->changes = JOB_CHANGED_FINDINGS;
    snprintf(ev->message, sizeof(ev->message), "fake: %u of %u", f->got, f->need);
}

static void fake_free(void *state)
{
    struct fake *f = state;
    ++*f->freed;
    close(f->fd[0]);
    close(f->fd[1]);
    free(f);
}

static const struct job_ops fake_ops = {
    .name = "fake",
    .poll_fds = fake_poll_fds,
    .step = fake_step,
    .progress = fake_progress,
    .finish = fake_finish,
    .free = fake_free,
};

struct counts {
    int finished, freed, stopped;
};

static struct fake *fake_new(unsigned need, struct counts *c)
{
    struct fake *f = calloc(1, sizeof(*f));
    cr_assert_eq(pipe(f->fd), 0);
    f->need = need;
    f->finished = &c->finished;
    f->freed = &c->freed;
    f->stopped = &c->stopped;
    return f;
}

static struct session *fixture_session(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/depvet-jobs-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char lock[128];
    snprintf(lock, sizeof(lock), "%s/mix.lock", dir);
    static const char text[] =
        "%{\n  \"mime\": {:hex, :mime, \"2.0.5\", \"00\", [:mix], [], \"hexpm\", \"00\"},\n}\n";
    struct diag d;
    diag_clear(&d);
    cr_assert(file_write_atomic(lock, text, strlen(text), &d), "%s", d.msg);
    struct session *s = session_open(dir, &d);
    cr_assert_not_null(s, "%s", d.msg);
    return s;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(jobs, a_fake_job_through_session_dispatch)
{
    char dir[64];
    struct session *s = fixture_session(dir, sizeof(dir));
    struct counts c = {0};
    struct fake *f = fake_new(2, &c);
    cr_assert_not(session_busy(s));
    session_jobs_add(s, &fake_ops, f);
    cr_assert(session_busy(s));
    struct pollfd fds[8];
    int timeout = -1;
    cr_assert_eq(session_poll_fds(s, fds, 8, &timeout), 1);
    cr_assert_eq(fds[0].fd, f->fd[0], "the job's own descriptor");
    struct job_event ev[4];
    cr_assert_eq(session_dispatch(s, ev, 4), 0, "nothing happened yet");
    cr_assert_eq(write(f->fd[1], "x", 1), 1);
    cr_assert_eq(poll(fds, 1, 1000), 1);
    cr_assert_eq(session_dispatch(s, ev, 4), 1);
    cr_assert_not(ev[0].ended);
    cr_assert(ev[0].changes & JOB_CHANGED_PROGRESS, "one of two: progress");
    cr_assert_str_eq(ev[0].name, "fake");
    cr_assert_eq(write(f->fd[1], "y", 1), 1);
    cr_assert_eq(session_dispatch(s, ev, 4), 1);
    cr_assert(ev[0].ended);
    cr_assert_eq(ev[0].changes, JOB_CHANGED_FINDINGS, "what finish said");
    cr_assert_str_eq(ev[0].message, "fake: 2 of 2");
    cr_assert_eq(c.finished, 1);
    cr_assert_eq(c.freed, 1);
    cr_assert_not(c.stopped);
    cr_assert_not(session_busy(s));
    cr_assert_eq(session_poll_fds(s, fds, 8, &timeout), 0, "gone from the poll set");
    session_free(s);
    remove_dir(dir);
}

Test(jobs, an_unfinished_job_is_freed_with_the_session)
{
    char dir[64];
    struct session *s = fixture_session(dir, sizeof(dir));
    struct counts c = {0};
    session_jobs_add(s, &fake_ops, fake_new(5, &c));
    session_free(s);
    cr_assert_eq(c.finished, 0, "never finished");
    cr_assert_eq(c.freed, 1);
    remove_dir(dir);
}

Test(jobs, stop_finishes_early_and_find_sees_only_running_jobs)
{
    struct jobs *js = jobs_new();
    struct counts c = {0};
    struct fake *f = fake_new(3, &c);
    jobs_add(js, &fake_ops, f);
    cr_assert_eq(jobs_find(js, &fake_ops), f);
    unsigned total, done = jobs_progress(js, &fake_ops, &total);
    cr_assert_eq(done, 0);
    cr_assert_eq(total, 3);
    struct job_event ev;
    int ctx;
    cr_assert(jobs_stop(js, &fake_ops, &ctx, &ev));
    cr_assert(ev.ended);
    cr_assert_eq(c.finished, 1);
    cr_assert(c.stopped, "finish was told it was stopped");
    cr_assert_not(jobs_stop(js, &fake_ops, &ctx, &ev), "none left");
    cr_assert_null(jobs_find(js, &fake_ops));
    cr_assert_eq(jobs_progress(js, &fake_ops, &total), 0);
    cr_assert_eq(total, 0);
    jobs_free(js);
}

Test(jobs, job_run_waits_for_the_end)
{
    struct counts c = {0};
    struct fake *f = fake_new(1, &c);
    cr_assert_eq(write(f->fd[1], "z", 1), 1);
    struct job_event ev;
    int ctx;
    job_run(&fake_ops, f, &ctx, &ev);
    cr_assert(ev.ended);
    cr_assert_eq(c.finished, 1);
    cr_assert_not(c.stopped);
    cr_assert_eq(c.freed, 1);
}

/* jobs_wait: a caller that needs one job's result now takes it out of the
 * set and waits for it; the others stay. */
Test(jobs, wait_takes_one_job_to_its_end)
{
    struct jobs *js = jobs_new();
    struct counts c = {0}, other = {0};
    struct fake *f = fake_new(2, &c);
    jobs_add(js, &fake_ops, fake_new(1, &other));
    static const struct job_ops second = {
        .name = "second", .poll_fds = fake_poll_fds, .step = fake_step,
        .finish = fake_finish, .free = fake_free,
    };
    jobs_add(js, &second, f);
    cr_assert_eq(write(f->fd[1], "ab", 2), 2);
    struct job_event ev;
    int ctx;
    cr_assert(jobs_wait(js, &second, &ctx, &ev));
    cr_assert(ev.ended);
    cr_assert_str_eq(ev.name, "second");
    cr_assert_str_eq(ev.message, "fake: 2 of 2");
    cr_assert_eq(c.finished, 1);
    cr_assert_not(c.stopped, "it ran to its end");
    cr_assert_eq(c.freed, 1);
    cr_assert_null(jobs_find(js, &second));
    cr_assert_not_null(jobs_find(js, &fake_ops), "the other job still runs");
    cr_assert_not(jobs_wait(js, &second, &ctx, &ev), "none left of that kind");
    jobs_free(js);
    cr_assert_eq(other.finished, 0);
    cr_assert_eq(other.freed, 1);
}

/* A job that is one function on a worker thread. */
struct sum_job {
    struct worker w;
    int in[4];
    int out;
};

static void sum_run(void *state)
{
    struct sum_job *j = state;
    for (int i = 0; i < 4; i++)
        j->out += j->in[i];
}

static void sum_finish(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    *(int *)ctx = ((struct sum_job *)state)->out;
}

static void sum_free(void *state)
{
    struct sum_job *j = state;
    worker_fini(&j->w);
    free(j);
}

static const struct job_ops sum_ops = {
    .name = "sum",
    .finish = sum_finish,
    .free = sum_free,
};

Test(jobs, a_worker_job_hands_its_result_over)
{
    struct sum_job *j = calloc(1, sizeof(*j));
    int in[4] = {1, 2, 3, 4};
    memcpy(j->in, in, sizeof(in));   /* the job's own copy */
    struct diag d;
    diag_clear(&d);
    cr_assert(worker_start(&j->w, sum_run, j, &d), "%s", d.msg);
    struct jobs *js = jobs_new();
    jobs_add(js, &sum_ops, j);
    int result = 0;
    struct job_event ev[2];
    for (int round = 0; round < 200 && jobs_any(js); round++) {
        struct pollfd fds[2];
        int timeout = -1;
        int n = jobs_poll_fds(js, fds, 2, &timeout);
        cr_assert_eq(n, 1);
        poll(fds, 1, 100);
        jobs_dispatch(js, &result, ev, 2);
    }
    cr_assert_not(jobs_any(js));
    cr_assert_eq(result, 10);
    jobs_free(js);
}
