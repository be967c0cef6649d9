/* A prompt's history: the last STRHIST_MAX lines entered, newest last, a
 * line entered again moved to the end instead of kept twice, and a cursor
 * that walks older and newer from a fresh prompt (as a shell's up and down
 * arrows do).  The lines are copies owned by the history. */
#ifndef DEPVET_CORE_STRHIST_H
#define DEPVET_CORE_STRHIST_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

struct strbuf;

#define STRHIST_MAX 50
#define STRHIST_LINE_MAX 1024   /* a longer line is no search someone typed */

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

/* The history kept in a file between runs: one line each, oldest first.
 * load adds the file's lines (a missing file adds none; lines with
 * control bytes or longer than STRHIST_LINE_MAX are skipped, only the
 * last STRHIST_MAX count); false with d set when the file cannot be read.
 * save writes the lines through file_write_atomic (a temporary renamed
 * over path), so a crash leaves the old file or the new one. */
bool strhist_load(struct strhist *h, const char *path, struct diag *d);
/* The same on text in memory (len bytes; text is not kept, and is the
 * same after); false only when out of memory. */
bool strhist_parse(struct strhist *h, char *text, size_t len);
/* The lines as the file holds them, appended to out. */
void strhist_text(const struct strhist *h, struct strbuf *out);
bool strhist_save(const struct strhist *h, const char *path, struct diag *d);

#endif
