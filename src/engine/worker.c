/* A function on a thread of its own, its end written to a pipe. */
#include "depvet/engine/worker.h"

#include <fcntl.h>
#include <unistd.h>

static void *trampoline(void *arg)
{
    struct worker *w = arg;
    w->run(w->state);
    char c = 1;
    ssize_t r = write(w->fd[1], &c, 1);
    (void)r;   /* a full pipe is readable anyway */
    return NULL;
}

static void close_pipe(struct worker *w)
{
    for (int i = 0; i < 2; i++) {
        if (w->fd[i] >= 0)
            close(w->fd[i]);
        w->fd[i] = -1;
    }
}

bool worker_start(struct worker *w, void (*run)(void *state), void *state,
                  struct diag *d)
{
    *w = (struct worker){.fd = {-1, -1}, .run = run, .state = state};
    if (pipe(w->fd) != 0) {
        w->fd[0] = w->fd[1] = -1;
        diag_set(d, DIAG_IO, "pipe", 0, 0, "cannot make a pipe for a worker thread");
        return false;
    }
    fcntl(w->fd[0], F_SETFD, FD_CLOEXEC);
    fcntl(w->fd[1], F_SETFD, FD_CLOEXEC);
    if (pthread_create(&w->thread, NULL, trampoline, w) != 0) {
        close_pipe(w);
        diag_set(d, DIAG_INTERNAL, "thread", 0, 0, "cannot start a worker thread");
        return false;
    }
    w->running = true;
    return true;
}

int worker_fd(const struct worker *w)
{
    return w->run ? w->fd[0] : -1;
}

bool worker_running(const struct worker *w)
{
    return w->running;
}

void worker_join(struct worker *w)
{
    if (!w->running)
        return;
    pthread_join(w->thread, NULL);
    w->running = false;
}

void worker_fini(struct worker *w)
{
    worker_join(w);
    if (w->run)
        close_pipe(w);
    w->run = NULL;
}
