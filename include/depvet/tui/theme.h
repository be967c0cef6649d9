/* Themes: a style (colours and attributes) for every UI element, read from
 * `themes/NAME.theme` files.  Format, one rule per line:
 *     # comment
 *     include default            start from another theme
 *     tree.selected = black cyan bold
 * colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-<colour>, colorN (0-255); attributes: bold, dim, underline,
 * reverse, italic, standout.  The element list with defaults is one table. */
#ifndef DEPVET_TUI_THEME_H
#define DEPVET_TUI_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/diag.h"

enum theme_element {
    EL_NORMAL, EL_TREE_SELECTED, EL_TREE_GUIDE, EL_TREE_LOCKFILE, EL_TREE_DEV,
    EL_TREE_VERSION, EL_TREE_MARK, EL_STATUS, EL_STATUS_KEY, EL_HELP,
    EL_HELP_HEADING, EL_SEARCH_MATCH, EL_PROMPT, EL_ERROR,
    EL_PANE_TITLE, EL_PANE_TAB, EL_PANE_LABEL, EL_PANE_NOTE, EL_PANE_CURSOR,
    EL_SEV_INFO, EL_SEV_LOW, EL_SEV_MEDIUM, EL_SEV_HIGH, EL_SEV_CRITICAL,
    EL_REVIEWED, EL_STALE, EL_SPARKLINE, EL_DIFF_ADD, EL_DIFF_DEL, EL_FORM,
    EL_DIFF_LINE_ADD, EL_DIFF_LINE_DEL, EL_DIFF_HUNK, EL_DIFF_HEADER,
    EL_COUNT
};

enum {
    TA_BOLD = 1, TA_DIM = 2, TA_UNDERLINE = 4, TA_REVERSE = 8, TA_ITALIC = 16,
    TA_STANDOUT = 32,
};

struct style {
    short fg, bg;        /* -1 = terminal default, 0..255 */
    unsigned attrs;
};

struct theme {
    struct style el[EL_COUNT];
    unsigned mono[EL_COUNT];   /* attributes used without colour */
};

const char *theme_element_name(enum theme_element e);
void theme_defaults(struct theme *t);
/* Applies the rules in buf to t; include lines are resolved through
 * theme_load with depth+1 (bounded). */
bool theme_parse(struct theme *t, const char *buf, size_t len,
                 const char *where, unsigned depth, struct diag *d);
/* Finds NAME.theme in $XDG_CONFIG_HOME/depvet/themes, the installed share
 * folder, then ./themes, and applies it over t. */
bool theme_load(struct theme *t, const char *name, unsigned depth,
                struct diag *d);

#endif
