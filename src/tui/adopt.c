/* A in the explorer: the tree a candidate would bring, shown in place of
 * the project's until Esc.  The resolving is the engine's (adopt_view.h),
 * in a job of the session's; this file only asks, switches and marks. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pane.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/engine/adopt_view.h"

static void say(struct app *a, bool error, const char *msg)
{
    snprintf(a->message, sizeof(a->message), "%.500s", msg);
    a->message_error = error;
}

void adopt_prompt(struct app *a)
{
    bool busy_pane = false;
    for (size_t i = 0; i < a->n_panes; i++)
        busy_pane |= a->panes[i].fd >= 0;   /* a source diff being made */
    if (session_busy(a->session) || busy_pane) {
        say(a, true, "A: wait until the findings, the refresh or the source diff are done");
        return;
    }
    a->prompt_open = a->prompt_adopt = true;
    a->prompt_len = 0;
    a->prompt[0] = '\0';
}

static void start(struct app *a, const char *spec)
{
    struct arena *ar = arena_new();
    struct adopt_request q = {.now = timeutil_now()};
    struct diag d;
    diag_clear(&d);
    if (!adopt_parse_spec(ar, spec, &q, &d) || !adopt_job_start(a->session, &q, &d)) {
        snprintf(a->message, sizeof(a->message), "adopt: %.400s", termsafe_arena(ar, d.msg));
        a->message_error = true;
    } else {
        snprintf(a->message, sizeof(a->message), "resolving the tree of %.400s...",
                 termsafe_arena(ar, spec));
        a->message_error = false;
    }
    arena_free(ar);
}

/* The name is checked against the cached popular list first: a
 * suspicion asks before anything is resolved. */
void adopt_submit(struct app *a)
{
    a->prompt_adopt = false;
    if (!a->prompt_len)
        return;
    struct arena *ar = arena_new();
    struct adopt_request q = {.cache_dir = session_cache_dir(a->session), .now = timeutil_now()};
    struct diag d;
    diag_clear(&d);
    struct adopt_squat sq = {0};
    snprintf(a->adopt_spec, sizeof(a->adopt_spec), "%s", a->prompt);
    if (adopt_parse_spec(ar, a->prompt, &q, &d) && session_config(a->session))
        adopt_check_candidate(&q, session_config(a->session), ar, &sq);
    if (!sq.flagged) {
        start(a, a->adopt_spec);
        arena_free(ar);
        return;
    }
    size_t eco_len = strcspn(a->adopt_spec, ":");   /* the prefix as typed */
    snprintf(a->adopt_alt, sizeof(a->adopt_alt), "%.*s:%s", (int)eco_len, a->adopt_spec, sq.target);
    snprintf(a->message, sizeof(a->message),
             "TYPOSQUAT? %.120s: did you mean %.80s?  y: %.80s, n: %.80s anyway, Esc: neither", termsafe_arena(ar, sq.why), termsafe_arena(ar, sq.target),
             termsafe_arena(ar, sq.target), termsafe_arena(ar, q.name));
    a->message_error = true;
    a->adopt_confirm = true;
    arena_free(ar);
}

void adopt_confirm_key(struct app *a, int key)
{
    a->adopt_confirm = false;
    if (key == 'y' || key == 'Y')
        start(a, a->adopt_alt);
    else if (key == 'n' || key == 'N')
        start(a, a->adopt_spec);
    else
        say(a, false, "adopt cancelled");
}

bool adopt_waiting(const struct app *a)
{
    return adopt_job_running(a->session);
}

/* Everything that described the other tree's rows goes. */
static void use_session(struct app *a, struct session *s)
{
    treemodel_free(a->tree);
    a->session = s;
    a->g = session_graph(s);
    a->tree = treemodel_new(a->g);
    free(a->keep);
    free(a->below);
    free(a->matches);
    a->keep = NULL;
    a->below = NULL;
    a->matches = NULL;
    a->n_matches = 0;
    a->filter.keep = NULL;
    a->only_unreviewed = false;
    a->min_severity = -1;
    a->sel = a->top = 0;
    a->pane_focus = false;
    a->pane_node = GRAPH_NONE;
    panes_close(a);   /* what the panes held was about the other tree's nodes */
    panes_open(a);
    a->gen++;
    treemodel_expand_to(a->tree, 3);
    treemodel_rebuild(a->tree, &a->filter);
    session_counts(s, &a->counts);
    a->dirty = true;
}

void adopt_poll(struct app *a)
{
    char msg[600];
    struct session *s = session_adopt_take(a->session, msg, sizeof(msg));
    a->dirty = true;
    if (!s) {
        if (msg[0])
            say(a, true, msg);
        return;
    }
    struct session *shown = a->session;
    if (!a->home)
        a->home = shown;
    use_session(a, s);
    if (shown != a->home)
        session_free(shown);   /* an adopted tree replaced by another */
    snprintf(a->message, sizeof(a->message), "%.440s; Esc returns to the project", msg);
    a->message_error = false;
    app_read_findings(a);
}

bool adopt_back(struct app *a)
{
    if (!a->home)
        return false;
    struct session *adopted = a->session;
    use_session(a, a->home);
    a->home = NULL;
    session_free(adopted);
    app_findings_in(a);   /* they were in before A */
    say(a, false, "back to the project's tree");
    return true;
}

/* ASCII already: the same in both columns. */
const struct mark_help adopt_mark_table[] = {
    [ADOPT_NEW] = {" +new", " +new", "adopted tree (A): not in the project yet"},
    [ADOPT_PRESENT] = {" =present", " =present", "adopted tree: the project pins this version"},
    [ADOPT_CHANGED] = {" ~changed", " ~changed", "adopted tree: the project pins another version"},
    [ADOPT_UNRESOLVED] = {" ?unresolved", " ?unresolved",
                          "adopted tree: no release satisfies the requirement"},
    [ADOPT_STATE_COUNT] = {" !conflict", " !conflict",
                           "adopted tree: the project's pin refuses the requirement"},
};
const size_t adopt_mark_count = sizeof adopt_mark_table / sizeof *adopt_mark_table;

const char *adopt_mark(const struct app *a, unsigned node, bool ascii)
{
    const struct adopt_node *n = session_adopt_node(a->session, node);
    if (!n)
        return "";
    const struct mark_help *m = &adopt_mark_table[n->conflict ? ADOPT_STATE_COUNT : n->state];
    return ascii ? m->ascii : m->text;
}
