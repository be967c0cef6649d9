/* The interactive explorer. */
#ifndef DEPVET_TUI_TUI_H
#define DEPVET_TUI_TUI_H

#include <stdbool.h>

#include "depvet/core/diag.h"
#include "depvet/engine/session.h"

struct tui_options {
    const char *theme;   /* NULL: "default" */
    bool ascii;          /* ASCII tree lines even in a UTF-8 locale */
    const char *message; /* the first status line (terminal-safe), or NULL */
};

/* Whether stdin and stdout are a terminal; false with d saying so (and
 * suggesting `depvet tree`) when not.  Checked before any slow loading. */
bool tui_usable(struct diag *d);
/* Runs until the user quits; the terminal is restored on every exit path.
 * Returns false with d set when the terminal cannot be used or the theme
 * is bad. */
bool tui_run(struct session *s, const struct tui_options *o, struct diag *d);

#endif
