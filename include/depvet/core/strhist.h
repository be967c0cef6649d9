/* A prompt's history: the last STRHIST_MAX lines entered, newest last, a
 * line entered again moved to the end instead of kept twice, and a cursor
 * that walks older and newer from a fresh prompt (as a shell's up and down
 * arrows do).  The lines are copies owned by the history. */
#ifndef DEPVET_CORE_STRHIST_H
#define DEPVET_CORE_STRHIST_H

#include <stdbool.h>
#include <stddef.h>

#define STRHIST_MAX 50

struct strhist {
    char *items[STRHIST_MAX];
    size_t len;
    size_t pos;   /* == len: at the fresh prompt, below the newest line */
};

void strhist_init(struct strhist *h);
void strhist_fini(struct strhist *h);
/* Adds line (an empty one is not kept) and puts the cursor back at the
 * fresh prompt; false only when out of memory. */
bool strhist_add(struct strhist *h, const char *line);
/* The line one older / one newer than the cursor, moving it; older stops
 * at the oldest line, newer past the newest gives "" (the fresh prompt). */
const char *strhist_older(struct strhist *h);
const char *strhist_newer(struct strhist *h);
/* The cursor back at the fresh prompt (a new prompt opened). */
void strhist_rewind(struct strhist *h);

#endif
