/* The explorer's event loop and what each action does to the state. */
#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xdg.h"
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

/* The selected row and its ancestors, nearest first, by stable id. */
struct sel_path {
    uint64_t h[TREE_MAX_DEPTH + 2];
    size_t n;
};

static void sel_path_of(const struct app *a, struct sel_path *p)
{
    p->n = 0;
    size_t i = a->sel;
    while (p->n < TREE_MAX_DEPTH + 2) {
        const struct tree_row *r = treemodel_row(a->tree, i);
        if (!r)
            break;
        p->h[p->n++] = r->path_hash;
        size_t up = treemodel_parent(a->tree, i);
        if (up == i)
            break;
        i = up;
    }
}

/* After a rebuild: the selection on the same row, or when that one is
 * gone (collapsed, filtered out) on its nearest ancestor still shown. */
static void sel_restore(struct app *a, const struct sel_path *p)
{
    for (size_t k = 0; k < p->n; k++) {
        size_t i = treemodel_find(a->tree, p->h[k]);
        if (i != (size_t)-1) {
            a->sel = i;
            break;
        }
    }
    clamp_selection(a);
}

static void rebuild_keep(struct app *a)
{
    struct sel_path p;
    sel_path_of(a, &p);
    treemodel_rebuild(a->tree, &a->filter);
    sel_restore(a, &p);
}

static void expand_all_to(struct app *a, unsigned depth)
{
    struct sel_path p;
    sel_path_of(a, &p);
    treemodel_expand_to(a->tree, depth);
    treemodel_rebuild(a->tree, &a->filter);
    sel_restore(a, &p);
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
    if (a->pane_focus && pane_event(a, &a->panes[a->pane], PANE_EV_SEARCH, a->prompt))
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

/* The prompt shows an earlier search, to run again or edit. */
static void prompt_set(struct app *a, const char *line)
{
    snprintf(a->prompt, sizeof(a->prompt), "%s", line);
    a->prompt_len = strlen(a->prompt);
}

/* The search history between runs: $XDG_STATE_HOME/depvet/search_history
 * (core/strhist's file), read at the start and written after each search.
 * Without a home there is none to keep: the history lasts the run. */
static bool history_path(char *dir, size_t n, char *path, size_t pn)
{
    return xdg_state_dir(dir, n) &&
           snprintf(path, pn, "%s/search_history", dir) < (int)pn;
}

static void history_load(struct app *a)
{
    char dir[4096], path[4200];
    struct diag d;
    diag_clear(&d);
    if (history_path(dir, sizeof dir, path, sizeof path) && !strhist_load(&a->searches, path, &d))
        notify(a, true, "search history not read: %s", d.msg);
}

static void history_save(struct app *a)
{
    char dir[4096], path[4200];
    struct diag d;
    diag_clear(&d);
    if (history_path(dir, sizeof dir, path, sizeof path) &&
        !(xdg_mkdirs(dir, &d) && strhist_save(&a->searches, path, &d)))
        notify(a, true, "search history not kept: %s", d.msg);
}

static void prompt_key(struct app *a, int key)
{
    if (key == 27) {
        a->prompt_open = a->prompt_adopt = false;
    } else if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        a->prompt_open = false;
        if (a->prompt_adopt) {
            adopt_submit(a);
        } else {
            strhist_add(&a->searches, a->prompt);
            run_search(a);
            history_save(a);   /* after: its failure is the line shown */
        }
    } else if (key == KEY_UP && !a->prompt_adopt) {
        prompt_set(a, strhist_older(&a->searches));
    } else if (key == KEY_DOWN && !a->prompt_adopt) {
        prompt_set(a, strhist_newer(&a->searches));
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        if (a->prompt_len)
            a->prompt[--a->prompt_len] = '\0';
    } else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
               a->prompt_len + 1 < sizeof(a->prompt)) {
        a->prompt[a->prompt_len++] = (char)key;
        a->prompt[a->prompt_len] = '\0';
    }
}

/* The review and severity filters: a node stays when it matches, or when
 * something below it does (so the tree still leads to it). */
static void apply_node_filters(struct app *a)
{
    size_t nn = a->g->nodes.len;
    if (!a->only_unreviewed && !a->only_failing && a->min_severity < 0) {
        a->filter.keep = NULL;
        rebuild_keep(a);
        return;
    }
    if (!a->keep)
        a->keep = calloc(nn + 1, 1);
    unsigned *queue = malloc((nn + 1) * sizeof(unsigned));
    if (!a->keep || !queue) {
        free(queue);
        return;
    }
    memset(a->keep, 0, nn + 1);
    size_t qt = 0;
    for (size_t i = 0; i < nn; i++) {
        const struct dep_node *n = &a->g->nodes.items[i];
        bool match = true;
        struct pin_policy pp;
        bool known = session_policy(a->session, (unsigned)i, &pp);
        if (a->only_unreviewed)   /* as the policy sees it, once it has */
            match = n->source == SOURCE_REGISTRY &&
                    (known ? pp.how == POLICY_UNREVIEWED && !pp.origin
                           : !session_review(a->session, (unsigned)i));
        if (match && a->only_failing)
            match = known && pp.fails;
        if (match && a->min_severity >= 0)
            match = session_worst(a->session, (unsigned)i) >= a->min_severity;
        if (match) {
            a->keep[i] = 1;
            queue[qt++] = (unsigned)i;
        }
    }
    for (size_t qh = 0; qh < qt; qh++) {
        const struct dep_node *n = &a->g->nodes.items[queue[qh]];
        for (unsigned k = 0; k < n->n_in; k++) {
            unsigned from = a->g->edges.items[a->g->in[n->first_in + k]].from;
            if (from < nn && !a->keep[from]) {
                a->keep[from] = 1;
                queue[qt++] = from;
            }
        }
    }
    free(queue);
    a->filter.keep = a->keep;
    rebuild_keep(a);
}

static void cycle_severity(struct app *a)
{
    a->min_severity = a->min_severity + 1 >= SEV_COUNT ? -1 : a->min_severity + 1;
    apply_node_filters(a);
    if (a->min_severity >= 0)
        notify(a, false, "showing packages with findings at or above %s (S: next)",
               severity_name((enum severity)a->min_severity));
}

static void show_pane(struct app *a, size_t i)
{
    if (i < a->n_panes)
        a->pane = i;
}

static unsigned selected_package(const struct app *a)
{
    const struct tree_row *r = treemodel_row(a->tree, a->sel);
    return r && r->kind == ROW_PACKAGE ? r->id : GRAPH_NONE;
}

unsigned app_selected_package(const struct app *a)
{
    return selected_package(a);
}

/* The keys while they are in a pane: its own first, then the scrolling
 * every pane has. */
static bool pane_action(struct app *a, enum action act)
{
    struct pane *p = &a->panes[a->pane];
    if (p->ops->on_action && p->ops->on_action(a, p, act, true))
        return true;
    return pane_keys(a, p, act, 0);
}

static void scroll_pane(struct app *a, long delta)
{
    struct pane *p = &a->panes[a->pane];
    long t = (long)p->top + delta;
    p->top = t < 0 ? 0 : (size_t)t;
}

/* An action the tree has no use for, offered to the panes in their order. */
static void offer_panes(struct app *a, enum action act)
{
    for (size_t i = 0; i < a->n_panes; i++) {
        struct pane *p = &a->panes[i];
        if (p->ops->on_action && p->ops->on_action(a, p, act, false))
            return;
    }
}

static void rollup(struct app *a);

/* Reviews, acks or the policy changed: marks, counts, badges, filters. */
static void reviews_changed(struct app *a)
{
    a->gen++;
    session_counts(a->session, &a->counts);
    session_policy_counts(a->session, &a->counts_policy);
    if (a->below)
        rollup(a);
    if (a->only_unreviewed || a->only_failing || a->min_severity >= 0)
        apply_node_filters(a);
}

/* u asks first; y (the next key) removes, and z puts the reviews back. */
static void unreview(struct app *a)
{
    unsigned node = selected_package(a);
    if (node == GRAPH_NONE) {
        notify(a, true, "select a package to remove its review");
    } else if (!session_review(a->session, node)) {
        notify(a, true, "this version has no review to remove");
    } else {
        const struct dep_node *n = &a->g->nodes.items[node];
        a->confirm_unreview = true;
        a->confirm_node = node;
        notify(a, false, "remove the reviews of %.200s %.100s? y removes, any other key keeps them",
               n->name, n->version);
    }
}

static void unreview_answer(struct app *a, int key)
{
    a->confirm_unreview = false;
    struct diag d;
    diag_clear(&d);
    if (key != 'y' && key != 'Y') {
        notify(a, false, "reviews kept");
    } else if (session_review_remove(a->session, a->confirm_node, &d)) {
        notify(a, false, "review removed (z puts it back) from %.300s",
               session_audits_path(a->session));
        reviews_changed(a);
    } else {
        notify(a, true, "cannot save the reviews: %.400s", diag_failed(&d) ? d.msg : "none found");
        reviews_changed(a);
    }
}

static void undo_unreview(struct app *a)
{
    struct diag d;
    diag_clear(&d);
    if (session_review_undo(a->session, &d)) {
        notify(a, false, "reviews put back in %.300s", session_audits_path(a->session));
        reviews_changed(a);
    } else if (diag_failed(&d)) {
        notify(a, true, "cannot put the reviews back: %.400s", d.msg);
    } else {
        notify(a, true, "nothing to undo: z puts back the reviews u removed last");
    }
}

static void review(struct app *a)
{
    unsigned node = selected_package(a);
    const struct dep_node *n = node == GRAPH_NONE ? NULL : &a->g->nodes.items[node];
    if (!n || n->source != SOURCE_REGISTRY || !n->version[0])
        notify(a, true, "only pinned registry packages can be reviewed");
    else
        form_open(a, node);
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int app_refresh_eta(const struct app *a)
{
    unsigned total, done = session_refresh_progress(a->session, &total);
    double spent = mono_seconds() - a->refresh_t0;
    /* One package or one second is too little to judge the pace by. */
    if (!session_refreshing(a->session) || !done || done >= total || spent < 1)
        return -1;
    return (int)(spent / done * (total - done) + 0.5);
}

/* R: the selected package, or on a lockfile heading that lockfile's
 * packages (facts past their time-to-live only). */
static void start_refresh(struct app *a)
{
    const struct tree_row *r = treemodel_row(a->tree, a->sel);
    bool lockfile = r && r->kind == ROW_LOCKFILE;
    unsigned node = selected_package(a);
    struct diag d;
    diag_clear(&d);
    if (session_refreshing(a->session)) {
        notify(a, true, "a refresh is running: Esc stops it");
        return;
    }
    int64_t now = timeutil_now();
    bool ok = lockfile ? session_refresh_lockfile_start(a->session, r->id, false, now, &d)
                       : session_refresh_start(a->session, node, node != GRAPH_NONE, now, &d);
    if (!ok) {
        notify(a, true, "no refresh: %.400s", d.msg);
        return;
    }
    a->refresh_t0 = mono_seconds();
    notify(a, false, "refreshing %s... (Esc stops)",
           lockfile ? "the lockfile's packages"
           : node == GRAPH_NONE ? "every package" : "the package");
}

static void cancel_refresh(struct app *a);

static void do_action(struct app *a, enum action act)
{
    long page = app_tree_height(a);
    if (a->pane_focus && !a->help_open && pane_action(a, act))
        return;
    if (a->help_open) {
        if (act == ACT_QUIT || act == ACT_HELP)
            a->help_open = false;
        else if ((act == ACT_DOWN || act == ACT_PAGE_DOWN || act == ACT_END) && a->help_top < 1000)
            a->help_top += act == ACT_DOWN ? 1 : act == ACT_END ? 1000 : (size_t)page;
        else if (act == ACT_UP || act == ACT_PAGE_UP || act == ACT_HOME)
            a->help_top = act == ACT_UP && a->help_top ? a->help_top - 1
                          : act == ACT_PAGE_UP && a->help_top > (size_t)page ? a->help_top - (size_t)page
                          : 0;
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
    case ACT_EXPAND_ALL: expand_all_to(a, 3); break;
    case ACT_COLLAPSE_ALL: expand_all_to(a, 1); break;
    case ACT_SEARCH:
        a->prompt_open = true;
        prompt_set(a, "");
        strhist_rewind(&a->searches);
        break;
    case ACT_NEXT_MATCH: goto_match(a, 1); break;
    case ACT_PREV_MATCH: goto_match(a, -1); break;
    case ACT_FILTER_DEV: a->filter.hide_dev = !a->filter.hide_dev; rebuild_keep(a); break;
    case ACT_FILTER_DIRECT: a->filter.direct_only = !a->filter.direct_only; rebuild_keep(a); break;
    case ACT_FILTER_UNREVIEWED: a->only_unreviewed = !a->only_unreviewed; apply_node_filters(a); break;
    case ACT_FILTER_SEVERITY: cycle_severity(a); break;
    case ACT_FILTER_POLICY:
        a->only_failing = !a->only_failing;
        apply_node_filters(a);
        if (a->only_failing && !a->counts_policy.fail)
            notify(a, false, "no package fails the review policy%s",
                   a->counts_policy.enforced ? "" : " (no [policy] in .depvet/config.toml)");
        break;
    case ACT_ACK:   /* the findings pane takes it when it has the keys */
        notify(a, true, "a acknowledges the finding under the cursor: 3, w, then j/k to it");
        break;
    case ACT_NEXT_PANE: show_pane(a, (a->pane + 1) % a->n_panes); break;
    case ACT_PANE_1: show_pane(a, 0); break;
    case ACT_PANE_2: show_pane(a, 1); break;
    case ACT_PANE_3: show_pane(a, 2); break;
    case ACT_FOCUS: a->pane_focus = !a->pane_focus; break;
    case ACT_PANE_DOWN: scroll_pane(a, 3); break;
    case ACT_PANE_UP: scroll_pane(a, -3); break;
    case ACT_REVIEW: review(a); break;
    case ACT_UNREVIEW: unreview(a); break;
    case ACT_UNDO: undo_unreview(a); break;
    case ACT_REFRESH: start_refresh(a); break;
    case ACT_HELP: a->help_open = true; a->help_top = 0; break;
    case ACT_REDRAW: clearok(curscr, TRUE); break;
    case ACT_BACK:   /* out of a pane: handle_key */
        if (session_refreshing(a->session))
            cancel_refresh(a);
        else
            adopt_back(a);
        break;
    case ACT_ADOPT: adopt_prompt(a); break;
    case ACT_NONE: case ACT_COUNT: break;
    default: offer_panes(a, act); break;       /* s, [ ] { }, x X */
    }
}

static void mouse_event(struct app *a)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || a->help_open || a->form.open)
        return;
    struct layout l;
    app_layout(a, &l);
    bool in_pane = l.pane_w && ev.x >= l.pane_x && ev.y < l.body_h;
    if (in_pane) {
        size_t p = a->pane;
        for (size_t q = 0; l.stacked && q < a->n_panes; q++)
            if (ev.y >= l.pane_y[q] && ev.y < l.pane_y[q] + l.pane_h[q])
                p = q;
        int tab = !l.stacked && ev.y == 0 && (ev.bstate & BUTTON1_CLICKED)
                  ? app_tab_at(a, &l, ev.x) : -1;
        a->pane = tab >= 0 ? (size_t)tab : p;
        if (ev.bstate & BUTTON4_PRESSED)
            scroll_pane(a, -3);
        else if (ev.bstate & BUTTON5_PRESSED)
            scroll_pane(a, 3);
        else if (ev.bstate & BUTTON1_CLICKED)
            a->pane_focus = true;
        return;
    }
    if (ev.bstate & BUTTON4_PRESSED)
        move_by(a, -3);
    else if (ev.bstate & BUTTON5_PRESSED)
        move_by(a, 3);
    else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) && ev.y < l.body_h) {
        a->pane_focus = false;
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
    if (a->confirm_unreview) {
        unreview_answer(a, key);
        return;
    }
    if (a->adopt_confirm) {
        adopt_confirm_key(a, key);
        return;
    }
    if (a->ack.open) {
        ack_key(a, key);
        if (!a->ack.open)
            reviews_changed(a);
        return;
    }
    if (a->form.open) {
        form_key(a, key);
        if (!a->form.open)
            reviews_changed(a);
        return;
    }
    enum action act = key == 127 ? ACT_BACK : keymap_lookup(key); /* DEL: a Backspace too */
    if (act == ACT_BACK && a->pane_focus) {  /* out of a detail, then the pane */
        pane_back(a, &a->panes[a->pane]);
        return;
    }
    a->message[0] = '\0';
    do_action(a, act);
}

/* What each collapsed row hides: the worst finding below every node. */
static void rollup(struct app *a)
{
    size_t nn = a->g->nodes.len;
    signed char *own = malloc(nn + 1);
    signed char *below = realloc(a->below, nn + 1);
    if (!own || !below) {
        free(own);
        free(below ? below : a->below);
        a->below = NULL;
        return;
    }
    for (size_t i = 0; i < nn; i++)
        own[i] = (signed char)session_worst(a->session, (unsigned)i);
    treemodel_rollup(a->tree, own, below);
    a->below = below;
    free(own);
}

/* The findings arrived: badges, counts, filters and panes change. */
void app_findings_in(struct app *a)
{
    a->gen++;
    session_counts(a->session, &a->counts);
    session_policy_counts(a->session, &a->counts_policy);
    rollup(a);
    if (a->min_severity >= 0 || a->only_failing || a->only_unreviewed)
        apply_node_filters(a);
    a->dirty = true;
}

/* audits.toml or config.toml changed on disk (a git pull): read again,
 * at most once a second; a broken file is said, the last good state kept. */
static void reload_tick(struct app *a)
{
    double now = mono_seconds();
    if (now - a->reload_t < 1.0)
        return;
    a->reload_t = now;
    struct diag d;
    diag_clear(&d);
    int got = session_reload_check(a->session, &d);
    if (got == SESSION_RELOAD_NONE)
        return;
    if (got == SESSION_RELOAD_FAILED) {
        char where[480];
        diag_format(&d, where, sizeof(where));
        notify(a, true, "kept the last good reviews: %s", where);
    } else {
        notify(a, false, "read again: %s%s%s", got & SESSION_RELOAD_REVIEWS ? "audits.toml" : "",
               got == (SESSION_RELOAD_REVIEWS | SESSION_RELOAD_CONFIG) ? ", " : "",
               got & SESSION_RELOAD_CONFIG ? "config.toml" : "");
        reviews_changed(a);
    }
    a->dirty = true;
}

void app_read_findings(struct app *a)
{
    if (session_findings_start(a->session) < 0)
        app_findings_in(a);
}

/* What a job's step or end changed (the session names the job; the
 * explorer only redraws what changed and shows the job's line). */
static void job_event_in(struct app *a, const struct job_event *ev)
{
    if (ev->changes & JOB_CHANGED_FINDINGS)
        app_findings_in(a);
    if (ev->changes & JOB_CHANGED_ADOPTED)   /* A's tree is ready */
        adopt_poll(a);
    /* A pane waiting on background work (its fd) takes its result now:
     * the work ran as one of the session's jobs. */
    for (size_t i = 0; (ev->changes & JOB_CHANGED_SRCDIFF) && i < a->n_panes; i++)
        if (a->panes[i].fd >= 0)
            pane_event(a, &a->panes[i], PANE_EV_READY, NULL);
    if (ev->changes & (JOB_CHANGED_RECORDS | JOB_CHANGED_PROGRESS)) {
        a->gen++;
        a->dirty = true;
    }
    if (ev->message[0]) {
        notify(a, ev->failed, "%s", ev->message);
        a->dirty = true;
    }
}

/* Esc: the running work a user can stop (a refresh) ends here. */
static void cancel_refresh(struct app *a)
{
    struct job_event ev;
    if (session_stop(a->session, &ev))
        job_event_in(a, &ev);
}

enum { FD_INPUT, FD_WAKE, FD_JOBS, FD_MAX = 40, EVENTS_MAX = 16 };

static void loop(struct app *a)
{
    app_draw(a);
    /* The first frame is up: now the slow part, off the input path. */
    app_read_findings(a);
    while (!a->quit && !term_should_quit()) {
        struct pollfd fds[FD_MAX] = {{STDIN_FILENO, POLLIN, 0}, {term_wake_fd(), POLLIN, 0}};
        int timeout = -1;
        int njobs = session_poll_fds(a->session, fds + FD_JOBS, FD_MAX - FD_JOBS, &timeout);
        /* Curl may want a wake-up sooner than its descriptors say. */
        if (session_busy(a->session) && (timeout < 0 || timeout > 100))
            timeout = 100;
        if (timeout < 0 || timeout > 1000)   /* the reviews file is looked at each second */
            timeout = 1000;
        int n = poll(fds, (nfds_t)(FD_JOBS + njobs), timeout);
        if (n < 0 && errno != EINTR)
            break;
        if (fds[FD_WAKE].revents)
            term_drain_wake();
        struct job_event ev[EVENTS_MAX];
        size_t ne = session_dispatch(a->session, ev, EVENTS_MAX);
        for (size_t i = 0; i < ne; i++)
            job_event_in(a, &ev[i]);
        reload_tick(a);
        /* Read everything pending (EINTR may mean a resize: getch tells). */
        for (int key; (key = getch()) != ERR;)
            handle_key(a, key);
        if (fds[FD_INPUT].revents & (POLLHUP | POLLERR))
            break;
        if (a->dirty)
            app_draw(a);
    }
}

bool tui_usable(struct diag *d)
{
    return term_usable(d);
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
    if (session_adopt_result(s)) {   /* `adopt --tui`: the tree is what to see */
        treemodel_expand_to(a.tree, 3);
        treemodel_rebuild(a.tree, &a.filter);
    }
    a.min_severity = -1;
    a.pane_node = GRAPH_NONE;
    panes_open(&a);
    session_counts(s, &a.counts);
    session_policy_counts(s, &a.counts_policy);
    a.reload_t = mono_seconds();
    struct arena *strings = arena_new();
    const char *snap = getenv("DEPVET_SNAPSHOT_DATE");
    a.snapshot = snap && snap[0] ? termsafe_arena(strings, snap) : NULL;
    getmaxyx(stdscr, a.rows, a.cols);
    history_load(&a);
    if (o && o->message)
        snprintf(a.message, sizeof(a.message), "%s", o->message);
    loop(&a);
    term_stop();
    if (a.home)   /* an adopted tree was shown: the caller owns the project's */
        session_free(a.session);
    treemodel_free(a.tree);
    panes_close(&a);
    free(a.form.froms);
    free(a.keep);
    free(a.below);
    free(a.matches);
    strhist_fini(&a.searches);
    arena_free(strings);
    return true;
}
