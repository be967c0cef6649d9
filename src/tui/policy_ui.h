/* Private to src/tui: the review policy on screen (policy_ui.c) - the
 * row's policy mark and its help, the findings pane's policy and
 * acknowledged parts, and the acknowledgement form (a). */
#ifndef DEPVET_TUI_POLICY_UI_H
#define DEPVET_TUI_POLICY_UI_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct pane;
struct pane_doc;

struct ack_form {
    bool open;
    int field;              /* 0 reason, 1 expires */
    unsigned node;
    struct pane *pane;      /* the findings pane it was opened from */
    int item;               /* the finding's item in the pane (findings_pane_item) */
    char rule[128];         /* what it was, to find it again after a change */
    char reason[512], expires[16];
    size_t reason_len, expires_len;
};

/* The review column's mark for node: text (ASCII or not) and element. */
const char *policy_mark(const struct app *a, unsigned node, int *el);
/* Help rows for every policy mark, from the table the tree draws with;
 * returns the new count. */
size_t policy_help_marks(const struct app *a, char lines[][128], size_t n, size_t max);

/* The findings pane: the pin's policy state first, the acknowledged
 * findings last. */
void policy_pane_head(struct app *a, struct pane_doc *doc, unsigned node);
void policy_pane_acked(struct app *a, struct pane_doc *doc, unsigned node);
/* The policy's findings the pane lists about node, as items 0.. of its
 * cursor (a acknowledges them as check would match the ack): the k-th of
 * them, NULL past the last; *count (may be NULL) gets how many. */
const struct finding *policy_pane_item(const struct app *a, unsigned node, size_t k,
                                       size_t *count);
/* The pane's item k: the policy's findings first, then the rules'
 * (session_findings); NULL past the last.  *total: how many (pane_findings.c). */
const struct finding *findings_pane_item(const struct app *a, unsigned node, int k,
                                         size_t *total);

/* a: opens the form on the finding under the findings pane p's cursor
 * (or the one it shows whole). */
void ack_open(struct app *a, struct pane *p);
void ack_key(struct app *a, int key);
void ack_draw(struct app *a);

/* Keys typed into a form's text field: printable bytes appended, a
 * Backspace drops one UTF-8 character; false for any other key. */
bool form_type(char *buf, size_t *len, size_t cap, int key);
/* A bordered dialog with its title in the top edge (form.c). */
void form_frame(const struct app *a, int y0, int x0, int h, int w, const char *title);
/* A dialog of b->h rows (fewer on a short screen) about node, centred and
 * framed, titled "WHAT NAME VERSION" (what is terminal-safe already). */
struct form_box {
    int y0, x0, h, w;
};
void form_dialog(const struct app *a, const char *what, unsigned node, struct form_box *b);

#endif
