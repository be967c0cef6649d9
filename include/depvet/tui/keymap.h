/* Every action of the explorer is declared once here: id, name, help line
 * and default keys written as key names.  Dispatch and the help screen both
 * read this table, so they cannot drift. */
#ifndef DEPVET_TUI_KEYMAP_H
#define DEPVET_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

enum action {
    ACT_NONE = 0,
    ACT_QUIT, ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME, ACT_END,
    ACT_EXPAND, ACT_COLLAPSE, ACT_TOGGLE, ACT_PARENT, ACT_EXPAND_ALL,
    ACT_COLLAPSE_ALL, ACT_SEARCH, ACT_NEXT_MATCH, ACT_PREV_MATCH,
    ACT_FILTER_DEV, ACT_FILTER_DIRECT, ACT_FILTER_UNREVIEWED, ACT_FILTER_SEVERITY,
    ACT_HELP, ACT_REDRAW,
    ACT_NEXT_PANE, ACT_PANE_1, ACT_PANE_2, ACT_PANE_3, ACT_FOCUS,
    ACT_PANE_DOWN, ACT_PANE_UP, ACT_REVIEW, ACT_UNREVIEW, ACT_UNDO, ACT_REFRESH,
    ACT_BACK, ACT_DIFF_FROM_PREV, ACT_DIFF_FROM_NEXT, ACT_DIFF_TO_PREV, ACT_DIFF_TO_NEXT,
    ACT_SOURCE_DIFF, ACT_NEXT_HIT, ACT_PREV_HIT, ACT_FILTER_POLICY, ACT_ACK,
    ACT_COUNT
};

struct action_def {
    enum action id;
    const char *name;      /* for a future key-binding file: "move-down" */
    const char *group;     /* help section */
    const char *help;
    const char *keys;      /* default keys, space-separated key names */
};

extern const struct action_def action_table[];
extern const size_t action_count;

/* Key code (ncurses value, or a character) from a key name: "j", "Down",
 * "C-d", "PgDn", "Enter", "Tab", "Space", "Home", "End", "Esc", "?".
 * Returns -1 for an unknown name. */
int keymap_parse_key(const char *name);
/* The action bound to a key code, ACT_NONE if none. */
enum action keymap_lookup(int key);

#endif
