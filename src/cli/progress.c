/* Progress reporting for long commands (refresh, fetch, scan). */
#include "depvet/cli/progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/xmalloc.h"

#define PROGRESS_BAR_WIDTH 24
#define PROGRESS_MIN_INTERVAL 0.1   /* seconds between redraws */

struct progress {
    FILE *out;
    char what[64];
    unsigned total, done, failed;
    bool tty;
    double start, last_draw;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct progress *progress_new(FILE *out, const char *what, unsigned total)
{
    struct progress *p = xcalloc(1, sizeof(*p));
    p->out = out;
    snprintf(p->what, sizeof(p->what), "%s", what);
    p->total = total;
    p->tty = isatty(fileno(out));
    p->start = now_seconds();
    p->last_draw = -1;
    return p;
}

void progress_force_tty(struct progress *p, bool tty)
{
    p->tty = tty;
}

void progress_set_total(struct progress *p, unsigned total)
{
    p->total = total;
}

static void draw_bar(struct progress *p, bool final)
{
    double t = now_seconds();
    if (!final && p->last_draw >= 0 && t - p->last_draw < PROGRESS_MIN_INTERVAL)
        return;
    p->last_draw = t;
    unsigned filled = p->total ? (unsigned)((double)p->done / p->total * PROGRESS_BAR_WIDTH) : 0;
    char bar[PROGRESS_BAR_WIDTH + 1];
    for (unsigned i = 0; i < PROGRESS_BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '-';
    bar[PROGRESS_BAR_WIDTH] = '\0';
    double elapsed = t - p->start;
    fprintf(p->out, "\r\033[K%s [%s] %u/%u  %.1f/s", p->what, bar, p->done,
            p->total, elapsed > 0 ? p->done / elapsed : 0.0);
    if (p->failed)
        fprintf(p->out, "  %u failed", p->failed);
    fflush(p->out);
}

void progress_step(struct progress *p, const char *label, bool failed)
{
    p->done++;
    p->failed += failed;
    if (p->tty) {
        draw_bar(p, p->done == p->total);
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, label, strlen(label), 0);
    fprintf(p->out, "%s %u/%u %s%s\n", p->what, p->done, p->total,
            strbuf_str(&sb), failed ? " (failed)" : "");
    strbuf_fini(&sb);
}

void progress_watch(void *ud, unsigned done, unsigned total)
{
    struct progress *p = ud;
    p->done = done;
    p->total = total;
    if (p->tty)
        draw_bar(p, done == total);
}

void progress_free(struct progress *p)
{
    if (!p)
        return;
    if (p->tty) {
        draw_bar(p, true);
        fputc('\n', p->out);
    }
    free(p);
}
