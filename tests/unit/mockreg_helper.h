/* Starts tests/mockreg/mockreg.py on a free port for a test and stops it. */
#ifndef DEPVET_TEST_MOCKREG_HELPER_H
#define DEPVET_TEST_MOCKREG_HELPER_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

struct mockreg {
    pid_t pid;
    int port;
    char base[64];    /* http(s)://127.0.0.1:PORT (or the address asked for) */
};

/* On the loopback address addr ("127.0.0.2": a second origin); extra:
 * NULL-terminated further arguments.  False when python3 is missing or the
 * server did not start. */
static inline bool mockreg_start_at(struct mockreg *m, const char *addr, const char *const *extra,
                                    bool tls)
{
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    char script[1024], fixtures[1024];
    snprintf(script, sizeof(script), "%s/tests/mockreg/mockreg.py", test_srcdir());
    snprintf(fixtures, sizeof(fixtures), "%s/tests/fixtures/mockreg", test_srcdir());
    const char *argv[32] = {"python3", script, "--dir", fixtures, "--max-seconds", "120",
                            "--bind", addr};
    int n = 8;
    for (int i = 0; extra && extra[i] && n < 30; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    m->pid = fork();
    if (m->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execvp("python3", (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    char buf[32] = {0};
    size_t got = 0;
    while (got + 1 < sizeof(buf) && !memchr(buf, '\n', got)) {
        ssize_t r = read(fds[0], buf + got, sizeof(buf) - 1 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fds[0]);
    m->port = atoi(buf);
    snprintf(m->base, sizeof(m->base), "%s://%s:%d", tls ? "https" : "http", addr, m->port);
    return m->port > 0;
}

static inline bool mockreg_start(struct mockreg *m, const char *const *extra, bool tls)
{
    return mockreg_start_at(m, "127.0.0.1", extra, tls);
}

static inline void mockreg_stop(struct mockreg *m)
{
    if (m->pid > 0) {
        kill(m->pid, SIGTERM);
        waitpid(m->pid, NULL, 0);
        m->pid = 0;
    }
}

#endif
