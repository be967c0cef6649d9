/* Private to src/tui: the explorer's state, shared by the loop and the
 * drawing code.  Handlers change state and set dirty; one pass draws. */
#ifndef DEPVET_TUI_APP_H
#define DEPVET_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/engine/session.h"
#include "depvet/tui/theme.h"
#include "depvet/tui/treemodel.h"

struct app {
    struct session *session;
    const struct dep_graph *g;
    struct treemodel *tree;
    struct tree_filter filter;
    struct theme theme;
    bool ascii;
    size_t sel, top;        /* selected row, first visible row */
    int rows, cols;         /* screen size */
    bool help_open;
    size_t help_top;
    bool prompt_open;       /* typing a search */
    char prompt[256];
    size_t prompt_len;
    char last_search[256];
    unsigned *matches;      /* node ids matching the last search */
    size_t n_matches, match_pos;
    char message[512];      /* one-line notice or error, terminal-safe */
    bool message_error;
    bool quit;
    bool dirty;
};

/* Drawing (draw.c). */
void app_draw(struct app *a);
int app_tree_height(const struct app *a);

#endif
