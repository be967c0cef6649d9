/* Private to src/tui: a pane is a const table of operations filled by
 * field name plus the state every pane has (its lines, scroll position,
 * list cursor); what only one pane knows lives in its private state.  A
 * new pane is one src/tui/pane_NAME.c defining pane_NAME_ops and one row
 * ROW(NAME) in PANE_LAYOUT, the layout table (panes.c). */
#ifndef DEPVET_TUI_PANE_H
#define DEPVET_TUI_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/vec.h"
#include "depvet/tui/keymap.h"

struct app;
struct pane;

#define PANE_MAX 8

/* One line of a pane: already terminal-safe text in one style.  item is
 * the list entry a line belongs to (-1 for none). */
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
    int detail;             /* the list entry open whole, or -1 */
    bool valid;
};

enum pane_event_kind {
    PANE_EV_NODE,           /* the panes describe another node now */
    PANE_EV_BACK,           /* Esc: close what is open; false: nothing was */
    PANE_EV_SEARCH,         /* text searched with the keys here; false: the tree's */
    PANE_EV_READY,          /* p->fd is readable */
};

struct pane_event {
    enum pane_event_kind kind;
    const char *text;       /* PANE_EV_SEARCH */
};

struct pane_ops {
    const char *name;         /* stable: "reputation" */
    const char *title;        /* the tab's and the stacked title's text */
    const char *short_title;  /* in a narrow tab bar; NULL: title */
    /* Sets p->priv (and p->cursor for a list pane); NULL: none. */
    void (*open)(struct app *a, struct pane *p);
    /* The lines about package node into doc (cleared, doc->width set). */
    void (*draw)(struct app *a, struct pane *p, struct pane_doc *doc, unsigned node);
    /* The lines about lockfile lf; NULL: its path and format. */
    void (*draw_lockfile)(struct app *a, struct pane *p, struct pane_doc *doc, unsigned lf);
    /* An action, focused when the keys are in this pane (unfocused panes
     * are offered what the tree does not use); true: used.  NULL: the
     * pane only scrolls. */
    bool (*on_action)(struct app *a, struct pane *p, enum action act, bool focused);
    bool (*on_event)(struct app *a, struct pane *p, const struct pane_event *ev);
    void (*close)(struct app *a, struct pane *p);
};

struct pane {
    const struct pane_ops *ops;
    void *priv;
    int index;              /* place in the layout: key index + 1, tab */
    struct pane_doc doc;
    size_t top;             /* first line shown */
    int cursor;             /* list entry with the cursor; -1: no list */
    long mark;              /* a line shown as a search match, -1 */
    int fd;                 /* readable when its background work is done, -1 */
};

extern const struct pane_ops *const pane_layout_table[];
extern const size_t pane_layout_count;

/* The layout's panes, each opened, and closed again. */
void panes_open(struct app *a);
void panes_close(struct app *a);
/* Rebuilds p's doc about node at width when stale. */
void pane_doc_update(struct app *a, struct pane *p, unsigned node, int width);
void pane_doc_fini(struct pane_doc *doc);
/* The title for a tab bar of width columns. */
const char *pane_tab_title(const struct pane *p, int width);
/* Sends ev to every pane (PANE_EV_NODE) or to p; true when taken. */
bool pane_event(struct app *a, struct pane *p, enum pane_event_kind kind, const char *text);
/* The keys every pane has, n list entries (0 without a list): scroll,
 * move the cursor, Enter opens the entry, h goes back.  True: used. */
bool pane_keys(struct app *a, struct pane *p, enum action act, size_t n);
/* Esc in a pane: out of an open entry, else the keys go back to the tree. */
void pane_back(struct app *a, struct pane *p);
/* Closes the open entry; false when none was open. */
bool pane_close_entry(struct pane *p);
/* Shows p (focus: with the keys). */
void pane_show(struct app *a, struct pane *p, bool focus);

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
/* "not in the cache; run depvet refresh" and its kin for node n. */
void doc_not_cached(struct app *a, struct pane_doc *doc, unsigned node);

#endif
