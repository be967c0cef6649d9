/* The acknowledgement form (a on a finding): a reason and an optional
 * expiry, written as an [[ack]] through the session (the reviews file's
 * atomic writer).  The finding then moves to the pane's acknowledged
 * part, and no longer counts towards check's --fail-on. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "term.h"

enum { ACK_REASON, ACK_EXPIRES, ACK_FIELDS };

static void say(struct app *a, bool error, const char *text)
{
    snprintf(a->message, sizeof a->message, "%s", text);
    a->message_error = error;
}

/* On a package row, one of its findings; on a lockfile heading (the
 * pane's node is nodes.len + its index), one of the lockfile's own. */
void ack_open(struct app *a, struct pane *p)
{
    unsigned node = a->pane_node;
    int item = p->doc.detail >= 0 ? p->doc.detail : p->cursor;
    const struct finding *f = node == GRAPH_NONE ? NULL : findings_pane_item(a, node, item, NULL);
    if (!f) {
        say(a, true, "no finding here to acknowledge");
        return;
    }
    struct ack_form *k = &a->ack;
    memset(k, 0, sizeof *k);
    k->open = true;
    k->pane = p;
    k->node = node;
    k->item = item;
    snprintf(k->rule, sizeof k->rule, "%s", f->rule);
}

static void ack_save(struct app *a)
{
    struct ack_form *k = &a->ack;
    const struct finding *f = findings_pane_item(a, k->node, k->item, NULL);
    if (!k->reason_len) {
        say(a, true, "an acknowledgement needs a reason");
        return;
    }
    /* The findings may have been read again since the form opened. */
    if (!f || strcmp(f->rule, k->rule) != 0) {
        say(a, true, "the finding changed meanwhile: nothing written");
        k->open = false;
        return;
    }
    struct diag d;
    diag_clear(&d);
    unsigned node = k->node < a->g->nodes.len ? k->node : GRAPH_NONE;   /* a lockfile's */
    if (!session_ack_add(a->session, node, f, k->reason, k->expires, &d)) {
        snprintf(a->message, sizeof a->message, "not acknowledged: %.400s", d.msg);
        a->message_error = true;
        return;
    }
    snprintf(a->message, sizeof a->message, "acknowledged %.100s in %.300s", k->rule,
             session_audits_path(a->session));
    a->message_error = false;
    k->open = false;
    k->pane->cursor = 0;   /* the list starts again at its top */
    k->pane->doc.detail = -1;
}

/* The form's own keys; every other key is typed into the field. */
static const struct form_key_def ack_key_table[] = {
    {FORM_PREV_FIELD, "Up BTab", "field", "previous field (reason, expiry)"},
    {FORM_NEXT_FIELD, "Down Tab", NULL, "next field"},
    {FORM_SAVE, "Enter", "save", "write the [[ack]] to .depvet/audits.toml"},
    {FORM_CANCEL, "Esc", "cancel", "close the form, nothing acknowledged"},
};
const struct form_keys ack_form_keys = {
    "Acknowledgement form (a in the findings pane)", ack_key_table,
    sizeof(ack_key_table) / sizeof(*ack_key_table)};

void ack_key(struct app *a, int key)
{
    struct ack_form *k = &a->ack;
    a->message[0] = '\0';
    enum form_action act = form_lookup(&ack_form_keys, key);
    if (act == FORM_CANCEL) {
        k->open = false;
        say(a, false, "nothing acknowledged");
    } else if (act == FORM_SAVE) {
        ack_save(a);
    } else if (act == FORM_PREV_FIELD || act == FORM_NEXT_FIELD) {
        /* two fields: either way is the other one */
        k->field = (k->field + 1) % ACK_FIELDS;
    } else if (k->field == ACK_REASON) {
        form_type(k->reason, &k->reason_len, sizeof k->reason, key);
    } else if ((key >= '0' && key <= '9') || key == '-' || key == KEY_BACKSPACE || key == 127 ||
               key == 8) {
        form_type(k->expires, &k->expires_len, sizeof k->expires, key);
    }
}

static void field(const struct app *a, int y, int x, int w, const char *label, const char *text,
                  bool on)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, text, strlen(text), 0);
    attron(term_attr(EL_FORM));
    mvprintw(y, x, "%s %-9s", on ? ">" : " ", label);
    attroff(term_attr(EL_FORM));
    attron(A_UNDERLINE);
    const char *s = strbuf_str(&sb);
    size_t room = w > 16 ? (size_t)(w - 16) : 4;
    while (termsafe_width(s, strlen(s)) > room && *s)   /* the end stays visible */
        s++;
    addstr(s);
    addstr(on ? "_" : " ");
    attroff(A_UNDERLINE);
    strbuf_fini(&sb);
    (void)a;
}

void ack_draw(struct app *a)
{
    struct ack_form *k = &a->ack;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "Acknowledge ");
    termsafe_append(&sb, k->rule, strlen(k->rule), 0);
    strbuf_puts(&sb, " of");
    struct form_box box = {.h = 8};
    form_dialog(a, strbuf_str(&sb), k->node, &box);
    strbuf_fini(&sb);
    int w = box.w, h = box.h, x0 = box.x0, y0 = box.y0;
    field(a, y0 + 2, x0 + 2, w, "reason", k->reason, k->field == ACK_REASON);
    field(a, y0 + 3, x0 + 2, w, "expires", k->expires, k->field == ACK_EXPIRES);
    attron(term_attr(EL_PANE_NOTE));
    mvaddnstr(y0 + 4, x0 + 14, "YYYY-MM-DD, or empty: never", w - 16);
    char hint[160];
    form_hint_line(&ack_form_keys, hint, sizeof hint);
    mvaddnstr(y0 + h - 2, x0 + 2, hint, w - 4);
    attroff(term_attr(EL_PANE_NOTE));
}
