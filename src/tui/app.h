/* Private to src/tui: the explorer's state, shared by the loop, the panes
 * and the drawing code.  Handlers change state and set dirty; one pass
 * draws. */
#ifndef DEPVET_TUI_APP_H
#define DEPVET_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/strhist.h"
#include "depvet/core/vec.h"
#include "depvet/engine/session.h"
#include "depvet/tui/theme.h"
#include "depvet/tui/treemodel.h"
#include "pane.h"
#include "policy_ui.h"

struct review_form {
    bool open;
    int field;              /* 0 criteria, 1 kind, 2 from, 3 note */
    int criteria;           /* enum audit_criteria */
    int kind;               /* enum audit_kind */
    const char **froms;     /* earlier reviewed versions */
    size_t n_froms, from;
    char note[512];
    size_t note_len;
    unsigned node;
    bool confirm;           /* asking: safe-to-deploy despite serious findings? */
    bool confirmed;         /* answered yes: the next save goes ahead */
};

struct app {
    struct session *session;
    const struct dep_graph *g;
    struct treemodel *tree;
    struct tree_filter filter;
    unsigned char *keep;    /* node mask for the review/severity filters */
    signed char *below;     /* per node: the worst finding under it, -1 none
                             * (treemodel_rollup), NULL until findings are in */
    bool only_unreviewed;
    int min_severity;       /* -1: no severity filter */
    struct theme theme;
    bool ascii;
    size_t sel, top;        /* selected row, first visible row */
    int rows, cols;         /* screen size */
    /* Panes. */
    struct pane panes[PANE_MAX];    /* pane_layout_table's, in its order */
    size_t n_panes;
    size_t pane;            /* the one shown (narrow) or focused (wide) */
    bool pane_focus;        /* keys move in the pane, not the tree */
    unsigned gen;           /* bumped when reviews change */
    struct session_counts counts;   /* for the status bar, kept current */
    double refresh_t0;      /* monotonic seconds when R started (the ETA) */
    unsigned pane_node;     /* node the panes show (GRAPH_NONE: none) */
    const char *snapshot;   /* DEPVET_SNAPSHOT_DATE, terminal-safe, or NULL */
    struct review_form form;
    struct ack_form ack;            /* a: policy_ui.h */
    struct policy_counts counts_policy;   /* the policy's counts, kept current */
    bool only_failing;              /* the "fails policy" filter */
    double reload_t;                /* monotonic seconds of the last reload check */
    bool help_open;
    size_t help_top;
    bool prompt_open;       /* typing a search (or, prompt_adopt, a name) */
    bool prompt_adopt;      /* the prompt asks A's ECO:NAME[@REQ] */
    struct session *home;   /* the project's while an adopted tree is shown */
    bool adopt_confirm;     /* a typosquat suspicion asks: the next key answers */
    char adopt_spec[256], adopt_alt[256];   /* as typed, and "did you mean" */
    char prompt[256];
    size_t prompt_len;
    char last_search[256];
    struct strhist searches; /* earlier searches, up and down in the prompt */
    unsigned *matches;      /* node ids matching the last search */
    size_t n_matches, match_pos;
    char message[512];      /* one-line notice or error, terminal-safe */
    bool message_error;
    bool confirm_unreview;  /* u asked "remove?": the next key answers */
    unsigned confirm_node;
    bool quit;
    bool dirty;
};

/* Layout (draw.c). */
struct layout {
    int tree_w;             /* columns of the tree */
    int body_h;             /* rows above the status lines */
    int pane_x, pane_w;     /* 0 width: no panes */
    bool stacked;           /* all three panes, one above the other */
    int pane_y[PANE_MAX], pane_h[PANE_MAX];   /* title row included */
};
void app_layout(const struct app *a, struct layout *l);
void app_draw(struct app *a);
int app_tree_height(const struct app *a);
/* Seconds a refresh still needs at its pace so far; -1 while unknown. */
int app_refresh_eta(const struct app *a);

/* The package row selected in the tree, GRAPH_NONE for none. */
unsigned app_selected_package(const struct app *a);
/* The pane tab at column x of the tab bar, -1 for none (draw.c). */
int app_tab_at(const struct app *a, const struct layout *l, int x);

/* Review form (form.c). */
void form_open(struct app *a, unsigned node);
enum form_action {
    FORM_NONE, FORM_PREV_FIELD, FORM_NEXT_FIELD, FORM_PREV_CHOICE, FORM_NEXT_CHOICE,
    FORM_SAVE, FORM_CANCEL
};

struct form_key_def {
    enum form_action id;
    const char *keys;      /* key names, as in the action table */
    const char *hint;      /* word on the form's hint line; NULL: shares the
                            * previous entry's ("Up/Down field") */
    const char *help;      /* line on the help screen */
};

/* A form's keys: the form's dispatch, its hint line and the help screen
 * read the same table. */
struct form_keys {
    const char *title;     /* the help screen's heading */
    const struct form_key_def *items;
    size_t n;
};
extern const struct form_keys review_form_keys;   /* r (form.c) */
extern const struct form_keys ack_form_keys;      /* a (form_ack.c) */
enum form_action form_lookup(const struct form_keys *t, int key);
/* "Up/Down field  Enter save  Esc cancel": each hint after the first key
 * of its entries. */
void form_hint_line(const struct form_keys *t, char *out, size_t n);

void form_key(struct app *a, int key);
void form_draw(struct app *a);

int severity_element(int sev);

/* app.c: the findings worker started for the session shown, and its
 * results taken in (badges, counts, filters). */
void app_read_findings(struct app *a);
void app_findings_in(struct app *a);

/* The adopted tree (adopt.c): A's prompt and what it starts, the session
 * switch when the tree arrives, Esc back to the project. */
void adopt_prompt(struct app *a);
void adopt_submit(struct app *a);          /* Enter in the prompt */
void adopt_confirm_key(struct app *a, int key);
bool adopt_waiting(const struct app *a);   /* a job resolves a tree */
void adopt_poll(struct app *a);            /* after the jobs were stepped */
bool adopt_back(struct app *a);            /* Esc on the tree: true when it went back */
/* The mark of node in an adopted tree ("" in a project's). */
const char *adopt_mark(const struct app *a, unsigned node, bool ascii);

/* A mark as drawn (Unicode and ASCII) and its line on the help screen;
 * the drawing code and the help read the same table. */
struct mark_help {
    const char *text, *ascii, *help;
};
/* adopt.c: per enum adopt_state, then the conflict mark (last). */
extern const struct mark_help adopt_mark_table[];
extern const size_t adopt_mark_count;
/* pane_src.c: the source diff's gutter (a scanner hit, a line going on). */
extern const struct mark_help src_gutter_table[];
extern const size_t src_gutter_count;

#endif
