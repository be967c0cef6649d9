/* The review form: criteria, full review or delta from a version reviewed
 * earlier, and a note; saved through the session into the reviews file. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "depvet/tui/keymap.h"
#include "depvet/core/fileio.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "term.h"

enum { FIELD_CRITERIA, FIELD_KIND, FIELD_NOTE, FIELD_COUNT };

static void load_froms(struct app *a)
{
    struct review_form *f = &a->form;
    free(f->froms);
    f->n_froms = session_reviewed_versions(a->session, f->node,
                                           (enum audit_criteria)f->criteria, &f->froms);
    f->from = 0;
    if (!f->n_froms)
        f->kind = AUDIT_FULL;
}

void form_open(struct app *a, unsigned node)
{
    struct review_form *f = &a->form;
    free(f->froms);
    memset(f, 0, sizeof(*f));
    f->open = true;
    f->node = node;
    f->criteria = AUDIT_SAFE_TO_RUN;
    f->kind = AUDIT_FULL;
    load_froms(a);
}

/* Kind choices: full, then a delta from each earlier reviewed version. */
static void cycle_kind(struct review_form *f, int step)
{
    size_t n = f->n_froms + 1;
    size_t cur = f->kind == AUDIT_FULL ? 0 : f->from + 1;
    cur = (cur + n + (size_t)(step > 0 ? 1 : n - 1)) % n;
    f->kind = cur ? AUDIT_DELTA : AUDIT_FULL;
    f->from = cur ? cur - 1 : 0;
}

/* High and critical findings the package still has (acknowledged ones
 * are not among them; the policy's own are apart). */
static size_t serious_findings(const struct app *a, unsigned node)
{
    const struct finding *fs;
    size_t n = session_findings(a->session, node, &fs), serious = 0;
    for (size_t i = 0; i < n; i++)
        serious += fs[i].severity >= SEV_HIGH;
    return serious;
}

static void save(struct app *a)
{
    struct review_form *f = &a->form;
    size_t serious = serious_findings(a, f->node);
    if (f->criteria == AUDIT_SAFE_TO_DEPLOY && serious && !f->confirmed) {
        f->confirm = true;
        snprintf(a->message, sizeof(a->message), "%zu high or critical finding%s: mark it "
                 "safe-to-deploy anyway? y saves, any other key goes back", serious,
                 serious == 1 ? "" : "s");
        a->message_error = true;
        return;
    }
    f->confirmed = false;
    struct diag d;
    diag_clear(&d);
    const char *from = f->kind == AUDIT_DELTA && f->n_froms ? f->froms[f->from] : NULL;
    if (session_review_add(a->session, f->node, (enum audit_criteria)f->criteria,
                           (enum audit_kind)f->kind, from, f->note, &d)) {
        snprintf(a->message, sizeof(a->message), "reviewed (%s, %s) in %s",
                 audits_criteria_name((enum audit_criteria)f->criteria),
                 audits_kind_name((enum audit_kind)f->kind), session_audits_path(a->session));
        a->message_error = false;
        f->open = false;
    } else {
        snprintf(a->message, sizeof(a->message), "review not saved: %.400s", d.msg);
        a->message_error = true;
    }
}

static void change(struct app *a, int step)
{
    struct review_form *f = &a->form;
    if (f->field == FIELD_CRITERIA) {
        f->criteria = f->criteria == AUDIT_SAFE_TO_RUN ? AUDIT_SAFE_TO_DEPLOY : AUDIT_SAFE_TO_RUN;
        load_froms(a);
    } else if (f->field == FIELD_KIND) {
        cycle_kind(f, step);
    }
}

/* The form's own keys.  In the note field, the choice keys are typed
 * text. */
static const struct form_key_def form_key_table[] = {
    {FORM_PREV_FIELD, "Up BTab", "field", "previous field"},
    {FORM_NEXT_FIELD, "Down Tab", NULL, "next field"},
    {FORM_PREV_CHOICE, "Left h", "change", "previous choice (criteria, full or delta)"},
    {FORM_NEXT_CHOICE, "Right l Space", NULL, "next choice"},
    {FORM_SAVE, "Enter", "save", "save the review to .depvet/audits.toml"},
    {FORM_CANCEL, "Esc", "cancel", "close the form without saving"},
};
const struct form_keys review_form_keys = {
    "Review form (r)", form_key_table, sizeof(form_key_table) / sizeof(*form_key_table)};

enum form_action form_lookup(const struct form_keys *t, int key)
{
    if (key == KEY_ENTER || key == '\r')
        key = '\n';
    for (size_t i = 0; i < t->n; i++) {
        char keys[32];
        snprintf(keys, sizeof(keys), "%s", t->items[i].keys);
        for (char *save = NULL, *w = strtok_r(keys, " ", &save); w;
             w = strtok_r(NULL, " ", &save))
            if (keymap_parse_key(w) == key)
                return t->items[i].id;
    }
    return FORM_NONE;
}

bool form_type(char *buf, size_t *len, size_t cap, int key)
{
    if (key == KEY_BACKSPACE || key == 127 || key == 8) {
        /* Drop a whole UTF-8 character. */
        while (*len && ((unsigned char)buf[*len - 1] & 0xC0) == 0x80)
            (*len)--;
        if (*len)
            (*len)--;
        buf[*len] = '\0';
        return true;
    }
    if (key >= 0x20 && key < 0x100 && key != 0x7f && *len + 1 < cap) {
        buf[(*len)++] = (char)key;
        buf[*len] = '\0';
        return true;
    }
    return false;
}

void form_key(struct app *a, int key)
{
    struct review_form *f = &a->form;
    a->message[0] = '\0';
    if (f->confirm) {   /* "safe-to-deploy despite N findings?" */
        f->confirm = false;
        if (key == 'y' || key == 'Y') {
            f->confirmed = true;
            save(a);
        } else {
            snprintf(a->message, sizeof(a->message), "not saved: the form is still open");
        }
        return;
    }
    enum form_action act = form_lookup(&review_form_keys, key);
    bool typing = f->field == FIELD_NOTE &&
                  (act == FORM_NONE || act == FORM_PREV_CHOICE || act == FORM_NEXT_CHOICE);
    if (!typing && act == FORM_CANCEL) {
        f->open = false;
    } else if (!typing && act == FORM_SAVE) {
        save(a);
    } else if (!typing && act == FORM_PREV_FIELD) {
        f->field = (f->field + FIELD_COUNT - 1) % FIELD_COUNT;
    } else if (!typing && act == FORM_NEXT_FIELD) {
        f->field = (f->field + 1) % FIELD_COUNT;
    } else if (typing) {
        form_type(f->note, &f->note_len, sizeof(f->note), key);
    } else if (act == FORM_PREV_CHOICE || act == FORM_NEXT_CHOICE) {
        change(a, act == FORM_PREV_CHOICE ? -1 : 1);
    }
}

void form_hint_line(const struct form_keys *t, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < t->n && len < n; i++) {
        const struct form_key_def *k = &t->items[i];
        size_t first = strcspn(k->keys, " ");
        bool pair = !k->hint && i > 0;   /* the second key of a pair: "Up/Down" */
        bool paired = i + 1 < t->n && !t->items[i + 1].hint;
        const char *hint = pair ? t->items[i - 1].hint : paired ? NULL : k->hint;
        len += (size_t)snprintf(out + len, n - len, "%s%.*s%s%s", pair ? "/" : len ? "  " : "",
                                (int)first, k->keys, hint ? " " : "", hint ? hint : "");
    }
}

/* The chosen option is bracketed as well as highlighted, so it shows
 * without colour or attributes too. */
static void choice(const char *text, bool on, int max_x)
{
    int attr = on ? (int)(A_REVERSE | A_BOLD) : 0;
    addstr(on ? "[" : " ");
    attron(attr);
    addnstr(text, max_x);
    attroff(attr);
    addstr(on ? "]" : " ");
}

/* The dialog's frame, with the title set into its top edge. */
void form_frame(const struct app *a, int y0, int x0, int h, int w, const char *title)
{
    static const char *const frame_table[2][6] = {{"┌", "┐", "└", "┘", "─", "│"},
                                                  {"+", "+", "+", "+", "-", "|"}};
    const char *const *c = frame_table[a->ascii];
    int base = term_attr(EL_FORM);
    attron(base);
    for (int y = 0; y < h; y++) {
        mvhline(y0 + y, x0, ' ', w);
        bool edge = y == 0 || y == h - 1;
        mvaddstr(y0 + y, x0, edge ? c[y ? 2 : 0] : c[5]);
        for (int x = 1; edge && x < w - 1; x++)
            addstr(c[4]);
        mvaddstr(y0 + y, x0 + w - 1, edge ? c[y ? 3 : 1] : c[5]);
    }
    attroff(base);
    attron(term_attr(EL_PANE_TITLE));
    mvaddnstr(y0, x0 + 2, title, (int)termsafe_fit(title, strlen(title), (size_t)(w - 4)));
    attroff(term_attr(EL_PANE_TITLE));
}

/* Who the review will name: git's user, else $DEPVET_REVIEWER. */
static void reviewer_text(struct app *a, struct strbuf *sb)
{
    const char *who = session_git_reviewer(a->session);
    const char *env = getenv("DEPVET_REVIEWER");
    if (!who[0])
        who = env && env[0] ? env : NULL;
    if (who)
        termsafe_append(sb, who, strlen(who), 0);
    else
        strbuf_puts(sb, "(nobody: set git's user.name or DEPVET_REVIEWER)");
}

static void draw_kind(const struct review_form *f, struct strbuf *sb, int right)
{
    choice("full", f->kind == AUDIT_FULL, right);
    if (f->n_froms) {
        strbuf_reset(sb);
        strbuf_puts(sb, "delta from ");
        termsafe_append(sb, f->froms[f->from], strlen(f->froms[f->from]), 0);
        choice(strbuf_str(sb), f->kind == AUDIT_DELTA, right);
    } else {
        attron(term_attr(EL_PANE_NOTE));
        addnstr(" (delta: no earlier reviewed version)", right - 6);
        attroff(term_attr(EL_PANE_NOTE));
    }
}

/* The note, its end kept visible while typing. */
static void draw_note(const struct review_form *f, struct strbuf *sb, int right)
{
    strbuf_reset(sb);
    termsafe_append(sb, f->note, f->note_len, 0);
    attron(A_UNDERLINE);
    size_t width = termsafe_width(strbuf_str(sb), sb->len), room = (size_t)right - 1;
    const char *s = strbuf_str(sb);
    while (width > room && *s) {
        uint32_t cp;
        int k = termsafe_utf8_decode((const unsigned char *)s, strlen(s), &cp);
        s += k > 0 ? k : 1;
        width = termsafe_width(s, strlen(s));
    }
    addstr(s);
    addstr(f->field == FIELD_NOTE ? "_" : " ");
    attroff(A_UNDERLINE);
}

void form_dialog(const struct app *a, const char *what, unsigned node, struct form_box *b)
{
    int rows = b->h;
    b->w = a->cols - 4 < 68 ? a->cols - 4 : 68;
    if (b->w < 24 || a->rows < rows + 2)
        b->w = a->cols, b->h = a->rows - 2 < rows ? a->rows - 2 : rows;
    b->x0 = (a->cols - b->w) / 2;
    b->y0 = (a->rows - 2 - b->h) / 2;
    if (b->y0 < 0)
        b->y0 = 0;
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, " %s ", what);
    size_t nn = a->g->nodes.len;
    if (node >= nn) {   /* a lockfile heading's finding (nn + its index): its path */
        const char *path = file_relative(session_project(a->session),
                                         a->g->lockfiles.items[node - nn].path);
        termsafe_append(&sb, path, strlen(path), 0);
    } else {
        const struct dep_node *n = &a->g->nodes.items[node];
        termsafe_append(&sb, n->name, strlen(n->name), 0);
        strbuf_putc(&sb, ' ');
        termsafe_append(&sb, n->version, strlen(n->version), 0);
    }
    strbuf_putc(&sb, ' ');
    form_frame(a, b->y0, b->x0, b->h, b->w, strbuf_str(&sb));
    strbuf_fini(&sb);
}

void form_draw(struct app *a)
{
    struct review_form *f = &a->form;
    struct form_box box = {.h = 10};
    form_dialog(a, "Review", f->node, &box);
    int w = box.w, h = box.h, x0 = box.x0, y0 = box.y0;
    struct strbuf sb = STRBUF_INIT;
    static const char *const label_table[] = {"criteria", "kind", "note", "reviewer"};
    int base = term_attr(EL_FORM);
    for (int i = 0; i < 4 && 2 + i < h - 1; i++) {
        attron(base);
        mvprintw(y0 + 2 + i, x0 + 2, "%s %-9s", f->field == i ? ">" : " ", label_table[i]);
        attroff(base);
    }
    int cx = x0 + 14, right = w - 16;
    if (right < 4)
        right = 4;
    move(y0 + 2, cx);
    choice("safe-to-run", f->criteria == AUDIT_SAFE_TO_RUN, right);
    choice("safe-to-deploy", f->criteria == AUDIT_SAFE_TO_DEPLOY, right);
    move(y0 + 3, cx);
    draw_kind(f, &sb, right);
    move(y0 + 4, cx);
    draw_note(f, &sb, right);
    strbuf_reset(&sb);
    reviewer_text(a, &sb);
    attron(term_attr(EL_PANE_NOTE));
    mvaddnstr(y0 + 5, cx, strbuf_str(&sb),
              (int)termsafe_fit(strbuf_str(&sb), sb.len, (size_t)right));
    char hint[160];
    form_hint_line(&review_form_keys, hint, sizeof(hint));
    mvaddnstr(y0 + h - 2, x0 + 2, hint, w - 4);
    attroff(term_attr(EL_PANE_NOTE));
    strbuf_fini(&sb);
}
