/* Private to the version-diff pane (pane_diff.c, pane_src.c): its state
 * and the source-diff part's functions. */
#ifndef DEPVET_TUI_PANE_DIFF_H
#define DEPVET_TUI_PANE_DIFF_H

#include "app.h"
#include "depvet/engine/diffjob.h"

/* The source diff the pane lists: the last result, or why there is none,
 * and where the keys are in it (the file cursor is the pane's cursor, the
 * search match its mark, the worker's descriptor its fd). */
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
    size_t listed;          /* files the pane lists now (0: no list shown) */
    size_t list_line;       /* the pane line of the "source diff" heading */
    bool reveal;            /* scroll the heading into view on the next build */
    size_t list_top;        /* list scroll position while a file is open */
    char search[256];
};

struct diff_state {
    long from_off, to_off;  /* moves from the pin / latest ([ ] { }) */
    unsigned node;          /* the node those moves were made on */
    struct src_view src;
};

static inline struct src_view *src_view_of(struct pane *pane)
{
    return &((struct diff_state *)pane->priv)->src;
}

/* The two versions the pane compares for node (into from and to, n bytes
 * each); false when the cache knows no releases. */
bool pane_diff_pair(struct app *a, struct pane *pane, unsigned node, char *from, char *to,
                    size_t n);

void src_start(struct app *a, struct pane *pane, unsigned node);
void src_in(struct app *a, struct pane *pane);    /* the worker is done */
void src_fini(struct pane *pane);
/* The file list under the metadata part (the pair shown is from, to). */
void src_list(struct app *a, struct pane *pane, struct pane_doc *doc, unsigned node,
              const char *from, const char *to);
/* The open file's diff as the whole pane; false when none is open. */
bool src_file(struct app *a, struct pane *pane, struct pane_doc *doc, unsigned node);
bool src_file_open(const struct pane *pane);
void src_search(struct app *a, struct pane *pane, const char *text);
void src_next_match(struct app *a, struct pane *pane, long step);
/* x / X: the open file's next (step 1) or previous scanner hit. */
void src_next_hit(struct app *a, struct pane *pane, long step);

#endif
