/* Private to src/tui: terminal setup and restoration, signals. */
#ifndef DEPVET_TUI_TERM_H
#define DEPVET_TUI_TERM_H

#include <stdbool.h>

#include "depvet/core/diag.h"
#include "depvet/tui/theme.h"

/* stdin and stdout are terminals (d says what to do otherwise). */
bool term_usable(struct diag *d);
/* initscr and friends; installs signal handlers that restore the terminal. */
bool term_start(struct diag *d);
void term_stop(void);
/* Colour pairs from the theme (or attributes only: NO_COLOR, < 8 colours). */
void term_apply_theme(const struct theme *t);
/* The curses attribute for a theme element. */
int term_attr(enum theme_element e);
/* True once a terminating signal (INT, TERM, HUP, QUIT) arrived. */
bool term_should_quit(void);
/* Descriptor that becomes readable when a signal arrives (poll on it). */
int term_wake_fd(void);
void term_drain_wake(void);
/* Whether box-drawing characters can be shown. */
bool term_utf8(void);

#endif
