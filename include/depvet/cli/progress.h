/* A progress line on stderr: a bar with done/total, rate and errors when
 * stderr is a terminal (redrawn at most ten times a second), one plain line
 * per step otherwise, so logs stay readable. */
#ifndef DEPVET_CLI_PROGRESS_H
#define DEPVET_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct progress;

struct progress *progress_new(FILE *out, const char *what, unsigned total);
void progress_free(struct progress *p);       /* accepts NULL; ends the line */
/* One item finished; label (untrusted, made terminal-safe) names it. */
void progress_step(struct progress *p, const char *label, bool failed);
void progress_set_total(struct progress *p, unsigned total);
/* A job's progress (a job_watch_fn of engine/jobs.h; ud is the struct
 * progress): done of total drawn on a terminal, nothing otherwise (a line
 * per file would flood a log). */
void progress_watch(void *ud, unsigned done, unsigned total);
/* Forces the TTY line on or off (tests). */
void progress_force_tty(struct progress *p, bool tty);

#endif
