/* cli/progress.h as a job's watcher: done of total drawn on a terminal,
 * nothing on a log (a line per file would flood it). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/cli/progress.h"

static char *watched(bool tty)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    struct progress *p = progress_new(f, "scan", 0);
    progress_force_tty(p, tty);
    progress_watch(p, 2, 5);
    progress_watch(p, 5, 5);
    progress_free(p);
    fclose(f);
    return buf;
}

Test(progress, a_jobs_figures_on_a_terminal_only)
{
    char *tty = watched(true);
    cr_assert(strstr(tty, "scan ["), "%s", tty);
    cr_assert(strstr(tty, " 5/5"), "the last figures: %s", tty);
    free(tty);
    char *log = watched(false);
    cr_assert_str_eq(log, "", "nothing on a log");
    free(log);
}
