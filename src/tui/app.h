/* Private to src/tui: the explorer's state, shared by the loop, the panes
 * and the drawing code.  Handlers change state and set dirty; one pass
 * draws. */
#ifndef DEPVET_TUI_APP_H
#define DEPVET_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/vec.h"
#include "depvet/engine/diffjob.h"
#include "depvet/engine/session.h"
#include "depvet/tui/theme.h"
#include "depvet/tui/treemodel.h"

enum pane_id { PANE_REPUTATION, PANE_DIFF, PANE_FINDINGS, PANE_COUNT };

/* One line of a pane: already terminal-safe text in one style.  item is
 * the finding a findings-pane line belongs to (-1 for none). */
struct pane_line {
    int el;
    int item;
    bool label;             /* the first 15 columns are a field label */
    const char *text;
};

/* A pane's content for one node at one width; rebuilt when either (or the
 * session's generation) changes. */
struct pane_doc {
    struct arena *arena;
    VEC(struct pane_line) lines;
    unsigned node;
    int width;
    unsigned gen;
    int detail;             /* findings: the finding shown whole, or -1 */
    bool valid;
};

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
};

/* The source diff the diff pane lists (pane_src.c): the last result, or
 * why there is none, and where the keys are in it. */
struct src_view {
    struct srcdiff *diff;   /* NULL: none (yet) */
    unsigned node;          /* the package it (or the running one) is about */
    char from[128], to[128];
    char error[640];        /* why it failed, "" when it did not */
    bool mismatch;          /* failed on a digest mismatch (critical) */
    struct diffjob_hit *hits;   /* scanner hits new in `to` (one heap block) */
    size_t n_hits;
    bool scanned;           /* the scanner ran (hits may still be none) */
    char scan_error[320];   /* why the scanner did not run, "" when it did */
    VEC(size_t) hit_lines;  /* pane lines of the open file's marked lines */
    long hit_pos;           /* the one x / X moved to last, -1 */
    bool running;
    int fd;                 /* readable when the worker is done, else -1 */
    int cursor;             /* the selected file */
    size_t listed;          /* files the pane lists now (0: no list shown) */
    size_t list_line;       /* the pane line of the "source diff" heading */
    bool reveal;            /* scroll the heading into view on the next build */
    size_t list_top;        /* list scroll position while a file is open */
    long match;             /* pane line of the current search match, -1 */
    char search[256];
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
    enum pane_id pane;      /* the one shown (narrow) or focused (wide) */
    bool pane_focus;        /* keys move in the pane, not the tree */
    struct pane_doc docs[PANE_COUNT];
    size_t pane_top[PANE_COUNT];
    int finding_cursor;     /* selected finding in the findings pane */
    long diff_from_off, diff_to_off; /* diff pane: moves from the pin / latest */
    unsigned diff_node;     /* the node those moves were made on */
    unsigned gen;           /* bumped when reviews change */
    struct session_counts counts;   /* for the status bar, kept current */
    int findings_fd;        /* readable when the findings worker is done */
    unsigned refresh_done;  /* packages refreshed so far (redraw on change) */
    double refresh_t0;      /* monotonic seconds when R started (the ETA) */
    unsigned pane_node;     /* node the panes show (GRAPH_NONE: none) */
    const char *snapshot;   /* DEPVET_SNAPSHOT_DATE, terminal-safe, or NULL */
    struct review_form form;
    struct src_view src;
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
    int pane_y[PANE_COUNT], pane_h[PANE_COUNT];   /* title row included */
};
void app_layout(const struct app *a, struct layout *l);
void app_draw(struct app *a);
int app_tree_height(const struct app *a);
/* Seconds a refresh still needs at its pace so far; -1 while unknown. */
int app_refresh_eta(const struct app *a);

/* Pane content (panes.c, pane_diff.c). */
void pane_doc_fini(struct pane_doc *doc);
/* Rebuilds doc for pane p about node at width when stale. */
void pane_doc_update(struct app *a, enum pane_id p, struct pane_doc *doc,
                     unsigned node, int width);
const char *pane_title(enum pane_id p);
/* Helpers for the pane builders. */
void doc_clear(struct pane_doc *doc);
void doc_line(struct pane_doc *doc, int el, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "label  value" with value untrusted (made terminal-safe), wrapped. */
void doc_field(struct pane_doc *doc, const char *label, const char *value, int el);
/* Untrusted text wrapped to the pane's width after indent spaces. */
void doc_wrap(struct pane_doc *doc, int el, int indent, const char *text);
/* A terminal-safe copy of untrusted s in the doc's arena. */
const char *doc_safe(struct pane_doc *doc, const char *s);
void doc_date(int64_t t, char *out, size_t n);
void doc_age(int64_t then, int64_t now, char *out, size_t n);
/* Untrusted code text, tabs expanded, after gutter (safe, e.g. "! "); a
 * line longer than the pane continues on lines that start with cont
 * (as wide as gutter), never cut. */
void doc_code(struct pane_doc *doc, int el, const char *gutter, const char *cont,
              const char *s, size_t len);
void pane_build_diff(struct app *a, struct pane_doc *doc, unsigned node);
/* The two versions the diff pane compares for node (into from and to, n
 * bytes each); false when the cache knows no releases. */
bool pane_diff_pair(struct app *a, unsigned node, char *from, char *to, size_t n);

/* Source diff in the diff pane (pane_src.c). */
void src_start(struct app *a, unsigned node);
void src_in(struct app *a);             /* the worker is done */
void src_fini(struct app *a);
/* The file list under the metadata part (the pair shown is from, to). */
void src_list(struct app *a, struct pane_doc *doc, unsigned node, const char *from,
              const char *to);
/* The open file's diff as the whole pane; false when none is open. */
bool src_file(struct app *a, struct pane_doc *doc, unsigned node);
bool src_file_open(const struct app *a);
void src_search(struct app *a, const char *text);
void src_next_match(struct app *a, long step);
/* x / X: the open file's next (step 1) or previous scanner hit. */
void src_next_hit(struct app *a, long step);

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

extern const struct form_key_def form_key_table[];
extern const size_t form_key_count;

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

#endif
