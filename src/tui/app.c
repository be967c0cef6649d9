/* The explorer's event loop and what each action does to the state. */
#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "depvet/tui/keymap.h"
#include "depvet/tui/tui.h"
#include "term.h"

static void notify(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void notify(struct app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof(a->message), fmt, ap);
    va_end(ap);
    a->message_error = error;
}

static void clamp_selection(struct app *a)
{
    size_t count = treemodel_count(a->tree);
    if (a->sel >= count)
        a->sel = count ? count - 1 : 0;
    size_t h = (size_t)app_tree_height(a);
    if (a->sel < a->top)
        a->top = a->sel;
    if (a->sel >= a->top + h)
        a->top = a->sel - h + 1;
    if (a->top + h > count)
        a->top = count > h ? count - h : 0;
}

static void move_by(struct app *a, long delta)
{
    long s = (long)a->sel + delta;
    a->sel = s < 0 ? 0 : (size_t)s;
    clamp_selection(a);
}

/* Keeps the selection on the same row (by stable id) across a rebuild. */
static void rebuild_keep(struct app *a)
{
    const struct tree_row *r = treemodel_row(a->tree, a->sel);
    uint64_t h = r ? r->path_hash : 0;
    treemodel_rebuild(a->tree, &a->filter);
    size_t i = h ? treemodel_find(a->tree, h) : (size_t)-1;
    if (i != (size_t)-1)
        a->sel = i;
    clamp_selection(a);
}

static void collapse_or_parent(struct app *a)
{
    const struct tree_row *r = treemodel_row(a->tree, a->sel);
    if (r && r->expanded)
        treemodel_set_expanded(a->tree, a->sel, false);
    else
        a->sel = treemodel_parent(a->tree, a->sel);
    clamp_selection(a);
}

static void goto_match(struct app *a, long step)
{
    if (!a->n_matches) {
        notify(a, true, "no match for /%s", a->last_search);
        return;
    }
    a->match_pos = (a->match_pos + a->n_matches + (size_t)step) % a->n_matches;
    size_t row = treemodel_reveal(a->tree, a->matches[a->match_pos]);
    if (row == (size_t)-1) {
        notify(a, true, "match %zu/%zu is hidden by a filter", a->match_pos + 1, a->n_matches);
        return;
    }
    a->sel = row;
    clamp_selection(a);
    notify(a, false, "/%s: match %zu of %zu", a->last_search, a->match_pos + 1, a->n_matches);
}

static void run_search(struct app *a)
{
    struct diag d;
    diag_clear(&d);
    unsigned *ids;
    size_t n;
    if (!a->prompt_len)
        return;
    if (!session_search(a->session, a->prompt, &ids, &n, &d)) {
        notify(a, true, "bad pattern at column %u: %s", d.col, d.msg);
        return;
    }
    free(a->matches);
    a->matches = ids;
    a->n_matches = n;
    snprintf(a->last_search, sizeof(a->last_search), "%s", a->prompt);
    a->match_pos = n ? n - 1 : 0;
    goto_match(a, 1);
}

static void prompt_key(struct app *a, int key)
{
    if (key == 27) {
        a->prompt_open = false;
    } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        a->prompt_open = false;
        run_search(a);
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        if (a->prompt_len)
            a->prompt[--a->prompt_len] = '\0';
    } else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
               a->prompt_len + 1 < sizeof(a->prompt)) {
        a->prompt[a->prompt_len++] = (char)key;
        a->prompt[a->prompt_len] = '\0';
    }
}

static void do_action(struct app *a, enum action act)
{
    long page = app_tree_height(a);
    if (a->help_open) {
        if (act == ACT_QUIT || act == ACT_HELP)
            a->help_open = false;
        else if (act == ACT_DOWN && a->help_top < 1000)
            a->help_top++;
        else if (act == ACT_UP && a->help_top)
            a->help_top--;
        return;
    }
    switch (act) {
    case ACT_QUIT: a->quit = true; break;
    case ACT_UP: move_by(a, -1); break;
    case ACT_DOWN: move_by(a, 1); break;
    case ACT_PAGE_UP: move_by(a, -page); break;
    case ACT_PAGE_DOWN: move_by(a, page); break;
    case ACT_HOME: a->sel = 0; clamp_selection(a); break;
    case ACT_END: a->sel = treemodel_count(a->tree); clamp_selection(a); break;
    case ACT_PARENT: a->sel = treemodel_parent(a->tree, a->sel); clamp_selection(a); break;
    case ACT_EXPAND: treemodel_set_expanded(a->tree, a->sel, true); clamp_selection(a); break;
    case ACT_COLLAPSE: collapse_or_parent(a); break;
    case ACT_TOGGLE: treemodel_toggle(a->tree, a->sel); clamp_selection(a); break;
    case ACT_EXPAND_ALL: treemodel_expand_to(a->tree, 3); rebuild_keep(a); break;
    case ACT_COLLAPSE_ALL: treemodel_expand_to(a->tree, 1); rebuild_keep(a); break;
    case ACT_SEARCH: a->prompt_open = true; a->prompt_len = 0; a->prompt[0] = '\0'; break;
    case ACT_NEXT_MATCH: goto_match(a, 1); break;
    case ACT_PREV_MATCH: goto_match(a, -1); break;
    case ACT_FILTER_DEV: a->filter.hide_dev = !a->filter.hide_dev; rebuild_keep(a); break;
    case ACT_FILTER_DIRECT: a->filter.direct_only = !a->filter.direct_only; rebuild_keep(a); break;
    case ACT_HELP: a->help_open = true; a->help_top = 0; break;
    case ACT_REDRAW: clearok(curscr, TRUE); break;
    case ACT_NONE: case ACT_COUNT: break;
    }
}

static void mouse_event(struct app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return;
    if (ev.bstate & BUTTON4_PRESSED)
        move_by(a, -3);
    else if (ev.bstate & BUTTON5_PRESSED)
        move_by(a, 3);
    else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) &&
             ev.y < app_tree_height(a) && !a->help_open) {
        a->sel = a->top + (size_t)ev.y;
        clamp_selection(a);
        if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
            treemodel_toggle(a->tree, a->sel);
    }
}

static void handle_key(struct app *a, int key)
{
    a->dirty = true;
    if (key == KEY_RESIZE) {
        clamp_selection(a);
        return;
    }
    if (key == KEY_MOUSE) {
        mouse_event(a);
        return;
    }
    if (a->prompt_open) {
        prompt_key(a, key);
        return;
    }
    a->message[0] = '\0';
    do_action(a, keymap_lookup(key));
}

static void loop(struct app *a)
{
    app_draw(a);
    while (!a->quit && !term_should_quit()) {
        struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {term_wake_fd(), POLLIN, 0}};
        int n = poll(fds, term_wake_fd() >= 0 ? 2 : 1, -1);
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            term_drain_wake();
        /* Read everything pending (EINTR may mean a resize: getch tells). */
        for (int key; (key = getch()) != ERR;)
            handle_key(a, key);
        if (fds[0].revents & (POLLHUP | POLLERR))
            break;
        if (a->dirty)
            app_draw(a);
    }
}

bool tui_run(struct session *s, const struct tui_options *o, struct diag *d)
{
    struct app a;
    memset(&a, 0, sizeof(a));
    a.session = s;
    a.g = session_graph(s);
    theme_defaults(&a.theme);
    if (!theme_load(&a.theme, o && o->theme ? o->theme : "default", 0, d) &&
        (o && o->theme))
        return false;
    diag_clear(d);  /* the default theme file is optional: built-ins remain */
    if (!term_start(d))
        return false;
    a.ascii = (o && o->ascii) || !term_utf8();
    term_apply_theme(&a.theme);
    a.tree = treemodel_new(a.g);
    getmaxyx(stdscr, a.rows, a.cols);
    loop(&a);
    term_stop();
    treemodel_free(a.tree);
    free(a.matches);
    return true;
}
