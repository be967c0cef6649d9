/* Drawing the explorer: tree rows, the status bar, the prompt and the help
 * overlay.  Only what is visible is drawn. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "depvet/core/numfmt.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/tui/keymap.h"
#include "term.h"

struct glyph_set {
    const char *pipe, *tee, *last, *open, *closed, *leaf;
};

static const struct glyph_set unicode_glyphs = {"│  ", "├─", "└─", "▾ ", "▸ ", "  "};
static const struct glyph_set ascii_glyphs = {"|  ", "|-", "`-", "- ", "+ ", "  "};

void app_layout(const struct app *a, struct layout *l)
{
    memset(l, 0, sizeof(*l));
    l->body_h = a->rows > 3 ? a->rows - 2 : 1;
    l->tree_w = a->cols;
    if (a->cols >= 60) {
        l->tree_w = a->cols >= 120 ? a->cols * 2 / 5 : a->cols / 2;
        l->pane_x = l->tree_w + 1;
        l->pane_w = a->cols - l->pane_x;
    }
    l->stacked = l->pane_w && a->cols >= 160 && l->body_h >= 36;
    int n = a->n_panes ? (int)a->n_panes : 1;
    for (int p = 0; p < n; p++) {
        if (l->stacked) {
            l->pane_y[p] = p * (l->body_h / n);
            l->pane_h[p] = p == n - 1 ? l->body_h - l->pane_y[p] : l->body_h / n;
        } else {
            l->pane_y[p] = 0;
            l->pane_h[p] = p == (int)a->pane ? l->body_h : 0;
        }
    }
}

int app_tree_height(const struct app *a)
{
    struct layout l;
    app_layout(a, &l);
    return l.body_h;
}

/* Writes untrusted text made terminal-safe, clipped to the columns left
 * before max_x; returns the columns used. */
static int put_safe(const char *s, int max_x, int attr)
{
    int y, x;
    getyx(stdscr, y, x);
    (void)y;
    if (x >= max_x)
        return 0;
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, s, strlen(s), 0);
    size_t fit = termsafe_fit(strbuf_str(&sb), sb.len, (size_t)(max_x - x));
    attron(attr);
    addnstr(strbuf_str(&sb), (int)fit);
    attroff(attr);
    int used = (int)termsafe_width(strbuf_str(&sb), fit);
    strbuf_fini(&sb);
    return used;
}

static void put_plain(const char *s, int max_x, int attr)
{
    int y, x;
    getyx(stdscr, y, x);
    (void)y;
    int room = max_x - x;
    if (room <= 0)
        return;
    attron(attr);
    addnstr(s, (int)termsafe_fit(s, strlen(s), (size_t)room));
    attroff(attr);
}

static bool is_match(const struct app *a, unsigned node)
{
    for (size_t i = 0; i < a->n_matches; i++)
        if (a->matches[i] == node)
            return true;
    return false;
}

static void draw_guides(const struct app *a, const struct tree_row *r, int attr, int w)
{
    const struct glyph_set *gl = a->ascii ? &ascii_glyphs : &unicode_glyphs;
    for (unsigned d = 1; d < r->depth; d++)
        put_plain(r->guides & (1ull << d) ? gl->pipe : "   ", w, attr);
    if (r->depth >= 1)
        put_plain(r->last ? gl->last : gl->tee, w, attr);
    put_plain(!r->has_children ? gl->leaf : r->expanded ? gl->open : gl->closed, w, attr);
}

static void draw_lockfile_row(const struct app *a, const struct tree_row *r,
                              bool selected, int w)
{
    const struct lockfile_info *lf = &a->g->lockfiles.items[r->id];
    int base = selected ? term_attr(EL_TREE_SELECTED) : term_attr(EL_TREE_LOCKFILE);
    draw_guides(a, r, base, w);
    /* Paths inside the project are shown relative to it. */
    const char *proj = session_project(a->session);
    size_t plen = strlen(proj);
    const char *shown = lf->path;
    if (strncmp(shown, proj, plen) == 0 && shown[plen] == '/')
        shown += plen + 1;
    put_safe(shown, w, base);
    char info[128];
    snprintf(info, sizeof(info), "  %s%s", lf->format, lf->flat ? ", flat" : "");
    put_plain(info, w, selected ? base : term_attr(EL_TREE_MARK));
}

/* The two fixed columns at the row's right end: the badge (own worst
 * finding "[H]", or on a collapsed row hiding worse "(H)", dimmed) and the
 * review mark.  They are drawn first so a long name is what gets cut. */
#define BADGE_COLS 4            /* " [H]" */
#define REVIEW_COLS 3           /* " ✓✓" */
#define RIGHT_COLS (BADGE_COLS + REVIEW_COLS)

static const char *const badge_table[SEV_COUNT] = {"[i]", "[L]", "[M]", "[H]", "[C]"};
static const char *const below_badge_table[SEV_COUNT] = {"(i)", "(L)", "(M)", "(H)", "(C)"};

/* What a row can carry; drawing and the help screen both read these. */
struct mark_def {
    const char *text, *ascii, *help;
};
enum { MARK_DEV, MARK_OPT, MARK_REPEAT, MARK_CYCLE, MARK_COUNT };
static const struct mark_def row_mark_table[MARK_COUNT] = {
    {" dev", " dev", "a development dependency (dimmed)"},
    {" opt", " opt", "an optional dependency"},
    {" (*)", " (*)", "shown in full where it first appears in the tree"},
    {" (cycle)", " (cycle)", "depends back on a row above it"},
};

static void draw_right_columns(const struct app *a, const struct tree_row *r,
                               bool selected, int name_attr, int x, int w)
{
    int own = session_worst(a->session, r->id);
    int below = a->below && !r->expanded && r->has_children ? a->below[r->id] : -1;
    move(getcury(stdscr), x);
    if (own >= 0 && own >= below) {
        put_plain(" ", w, selected ? name_attr : 0);
        put_plain(badge_table[own], w, term_attr(severity_element(own)));
    } else if (below >= 0) {
        put_plain(" ", w, selected ? name_attr : 0);
        put_plain(below_badge_table[below], w,
                  term_attr(severity_element(below)) | (int)A_DIM);
    }
    int el;
    const char *mark = policy_mark(a, r->id, &el);   /* the review policy's column */
    if (mark[0]) {
        move(getcury(stdscr), x + BADGE_COLS);
        put_plain(mark, w, selected ? name_attr : term_attr(el));
    }
}

/* Name and version clipped to end, with an ellipsis when cut. */
static void put_clipped(const char *s, int end, int attr, bool ascii)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, s, strlen(s), 0);
    int x = getcurx(stdscr);
    size_t room = end > x ? (size_t)(end - x) : 0;
    if (termsafe_width(strbuf_str(&sb), sb.len) <= room) {
        put_plain(strbuf_str(&sb), end, attr);
    } else if (room) {
        size_t fit = termsafe_fit(strbuf_str(&sb), sb.len, room - 1);
        attron(attr);
        addnstr(strbuf_str(&sb), (int)fit);
        addstr(ascii ? "~" : "…");
        attroff(attr);
    }
    strbuf_fini(&sb);
}

static void draw_package_row(const struct app *a, const struct tree_row *r,
                             bool selected, int w)
{
    const struct dep_node *n = &a->g->nodes.items[r->id];
    bool dim = n->flags & (DEP_DEV | DEP_OPTIONAL);
    int name_attr = selected ? term_attr(EL_TREE_SELECTED)
                    : is_match(a, r->id) ? term_attr(EL_SEARCH_MATCH)
                    : dim ? term_attr(EL_TREE_DEV) : term_attr(EL_NORMAL);
    int mark_attr = selected ? name_attr : dim ? term_attr(EL_TREE_DEV) : term_attr(EL_TREE_MARK);
    draw_guides(a, r, selected ? name_attr : term_attr(EL_TREE_GUIDE), w);
    int right = w > RIGHT_COLS + 12 ? w - RIGHT_COLS : w;
    int y = getcury(stdscr), x0 = getcurx(stdscr);
    if (right < w)
        draw_right_columns(a, r, selected, name_attr, right, w);
    move(y, x0);
    /* The marks that change what a row means stay; the ecosystem (the
     * lockfile heading says it) goes first when room is short. */
    static const char *const eco_mark_table[] = {"", " hex", " pypi", " npm"};
    const bool on[MARK_COUNT] = {n->flags & DEP_DEV, n->flags & DEP_OPTIONAL, r->repeat,
                                 r->cycle};
    char keep[64] = "";
    strncat(keep, adopt_mark(a, r->id, a->ascii), sizeof(keep) - 1);
    for (int k = 0; k < MARK_COUNT; k++)
        if (on[k])
            strncat(keep, a->ascii ? row_mark_table[k].ascii : row_mark_table[k].text,
                    sizeof(keep) - strlen(keep) - 1);
    const char *ver = n->version[0] ? n->version : (n->requirement ? n->requirement : "?");
    int need = (int)(termsafe_width(n->name, strlen(n->name)) +
                     termsafe_width(ver, strlen(ver)) + 1 + strlen(keep));
    int room = right - x0;
    const char *eco = need + (int)strlen(eco_mark_table[n->eco]) <= room
                      ? eco_mark_table[n->eco] : "";
    int text_end = right - (int)strlen(keep) - (int)strlen(eco);
    put_clipped(n->name, text_end, name_attr, a->ascii);
    if (getcurx(stdscr) < text_end - 1) {
        put_plain(" ", text_end, selected ? name_attr : 0);
        put_clipped(ver, text_end, selected ? name_attr
                    : dim ? term_attr(EL_TREE_DEV) : term_attr(EL_TREE_VERSION), a->ascii);
    }
    put_plain(eco, right, mark_attr);
    put_plain(keep, right, mark_attr);
}

static void draw_tree(struct app *a, const struct layout *l)
{
    size_t count = treemodel_count(a->tree);
    int w = l->tree_w;
    for (int y = 0; y < l->body_h; y++) {
        size_t i = a->top + (size_t)y;
        move(y, 0);
        attron(term_attr(EL_NORMAL));
        mvhline(y, 0, ' ', w);
        attroff(term_attr(EL_NORMAL));
        if (i >= count)
            continue;
        const struct tree_row *r = treemodel_row(a->tree, i);
        bool selected = i == a->sel;
        if (selected) {
            int at = a->pane_focus ? term_attr(EL_TREE_MARK) | (int)A_REVERSE : term_attr(EL_TREE_SELECTED);
            attron(at);
            mvhline(y, 0, ' ', w);
            attroff(at);
        }
        move(y, 0);
        if (r->kind == ROW_LOCKFILE)
            draw_lockfile_row(a, r, selected, w);
        else
            draw_package_row(a, r, selected, w);
    }
}

/* What the panes describe: the selected package row's node, or for a
 * lockfile heading nodes.len + its index (its own findings). */
static unsigned selected_node(const struct app *a)
{
    const struct tree_row *r = treemodel_row(a->tree, a->sel);
    if (!r)
        return GRAPH_NONE;
    return r->kind == ROW_PACKAGE ? r->id : (unsigned)a->g->nodes.len + r->id;
}

/* A tab of the tab bar: its label and, as it is drawn, its width, so a
 * click is matched against what the screen shows. */
static int tab_label(const struct app *a, const struct layout *l, size_t q, char *buf, size_t n)
{
    snprintf(buf, n, " %zu %s ", q + 1, pane_tab_title(&a->panes[q], l->pane_w));
    return (int)termsafe_width(buf, strlen(buf));
}

int app_tab_at(const struct app *a, const struct layout *l, int x)
{
    char buf[96];
    int at = l->pane_x;
    for (size_t q = 0; q < a->n_panes; q++) {
        int w = tab_label(a, l, q, buf, sizeof(buf));
        if (x >= at && x < at + w)
            return (int)q;
        at += w;
    }
    return -1;
}

static void draw_pane_title(struct app *a, const struct layout *l, size_t p)
{
    int y = l->pane_y[p], x = l->pane_x, right = l->pane_x + l->pane_w;
    int title = term_attr(EL_PANE_TITLE);
    attron(title);
    mvhline(y, x, ' ', l->pane_w);
    attroff(title);
    move(y, x);
    char buf[96];
    if (l->stacked) {
        snprintf(buf, sizeof(buf), " %zu %s%s", p + 1, a->panes[p].ops->title,
                 a->pane_focus && a->pane == p ? "  [keys]" : "");
        put_plain(buf, right, title);
        return;
    }
    for (size_t q = 0; q < a->n_panes; q++) {
        tab_label(a, l, q, buf, sizeof(buf));
        put_plain(buf, right, q == p ? title | (int)(A_BOLD | A_REVERSE) : title);
    }
    if (a->pane_focus)
        put_plain(" [keys]", right, title);
}

static void draw_pane(struct app *a, const struct layout *l, size_t p)
{
    if (!l->pane_h[p])
        return;
    struct pane *pane = &a->panes[p];
    struct pane_doc *doc = &pane->doc;
    pane_doc_update(a, pane, a->pane_node, l->pane_w - 2);
    draw_pane_title(a, l, p);
    int h = l->pane_h[p] - 1, right = l->pane_x + l->pane_w;
    size_t n = doc->lines.len;
    if (pane->top + (size_t)h > n)
        pane->top = n > (size_t)h ? n - (size_t)h : 0;
    /* A cursor on a list, when the keys are there; the search match stands
     * out. */
    bool cursor = pane->cursor >= 0 && a->pane_focus && a->pane == p && doc->detail < 0;
    for (int y = 0; y < h; y++) {
        int sy = l->pane_y[p] + 1 + y;
        move(sy, l->pane_x);
        attron(term_attr(EL_NORMAL));
        mvhline(sy, l->pane_x, ' ', l->pane_w);
        attroff(term_attr(EL_NORMAL));
        size_t i = pane->top + (size_t)y;
        if (i >= n)
            continue;
        const struct pane_line *ln = &doc->lines.items[i];
        move(sy, l->pane_x + 1);
        bool cur = cursor && ln->item >= 0 && ln->item == pane->cursor;
        int el = cur ? term_attr(EL_PANE_CURSOR)
                 : (long)i == pane->mark && doc->detail >= 0 ? term_attr(EL_SEARCH_MATCH)
                 : term_attr(ln->el);
        if (ln->label && strlen(ln->text) >= 15) {
            char lab[16];
            memcpy(lab, ln->text, 15);
            lab[15] = '\0';
            put_plain(lab, right, cur ? el : term_attr(EL_PANE_LABEL));
            put_plain(ln->text + 15, right, el);
        } else {
            put_plain(ln->text, right, el);
        }
    }
}

static void draw_panes(struct app *a, const struct layout *l)
{
    if (!l->pane_w)
        return;
    int sep = term_attr(EL_TREE_GUIDE);
    attron(sep);
    for (int y = 0; y < l->body_h; y++)
        mvaddstr(y, l->tree_w, a->ascii ? "|" : "│");
    attroff(sep);
    unsigned node = selected_node(a);
    if (node != a->pane_node) {
        for (size_t p = 0; p < a->n_panes; p++)
            a->panes[p].top = 0;
        pane_event(a, NULL, PANE_EV_NODE, NULL);
    }
    a->pane_node = node;
    for (size_t p = 0; p < a->n_panes; p++)
        draw_pane(a, l, p);
}

/* A status or hint line is a list of segments, each with a priority
 * (0 first to stay); when the line is too long for the screen the least
 * important segments go, whole, instead of the line being cut. */
struct segment {
    char text[96];
    int attr;
    int prio;
};

struct seg_line {
    struct segment seg[32];
    size_t n;
};

static void seg_add(struct seg_line *l, int prio, int attr, const char *text)
{
    if (l->n >= sizeof(l->seg) / sizeof(*l->seg) || !text[0])
        return;
    struct segment *s = &l->seg[l->n++];
    snprintf(s->text, sizeof(s->text), "%.*s", (int)sizeof(s->text) - 1, text);
    s->attr = attr;
    s->prio = prio;
}

static void seg_draw(struct seg_line *l, int cols)
{
    int width = 0, worst = 0;
    for (size_t i = 0; i < l->n; i++) {
        width += (int)termsafe_width(l->seg[i].text, strlen(l->seg[i].text));
        worst = l->seg[i].prio > worst ? l->seg[i].prio : worst;
    }
    for (int drop = worst; width > cols && drop > 0; drop--)
        for (size_t i = 0; i < l->n; i++)
            if (l->seg[i].prio == drop) {
                width -= (int)termsafe_width(l->seg[i].text, strlen(l->seg[i].text));
                l->seg[i].prio = -1;
            }
    for (size_t i = 0; i < l->n; i++)
        if (l->seg[i].prio >= 0)
            put_plain(l->seg[i].text, cols, l->seg[i].attr);
}

static void status_filters(struct app *a, struct seg_line *l, int attr)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s%s%s%s", a->filter.hide_dev ? " [no dev]" : "",
             a->filter.direct_only ? " [direct only]" : "",
             a->only_unreviewed ? " [unreviewed]" : "",
             a->only_failing ? " [fails policy]" : "");
    if (a->min_severity >= 0) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof(buf) - n, " [>= %s]", severity_name((enum severity)a->min_severity));
    }
    if (buf[0]) {
        size_t n = strlen(buf);
        snprintf(buf + n, sizeof(buf) - n, "  ");
        seg_add(l, 1, attr, buf + 1);
    }
}

static void status_refresh(struct app *a, struct seg_line *l)
{
    unsigned total, done = session_refresh_progress(a->session, &total);
    if (!session_refreshing(a->session))
        return;
    int attr = term_attr(EL_STALE) | (int)A_REVERSE;
    char buf[64], n1[32], n2[32];
    snprintf(buf, sizeof(buf), " refreshing %s/%s ", count_grouped(done, n1, sizeof(n1)),
             count_grouped(total, n2, sizeof(n2)));
    seg_add(l, 0, attr, buf);
    int eta = app_refresh_eta(a);
    if (eta >= 0) {
        if (eta < 90)
            snprintf(buf, sizeof(buf), "about %d s left ", eta);
        else
            snprintf(buf, sizeof(buf), "about %d min left ", (eta + 30) / 60);
        seg_add(l, 2, attr, buf);
    }
    seg_add(l, 3, attr, "Esc stops ");
}

/* What check would say: pins failing the policy, and the coverage of the
 * facts ("12 of 43 without facts"), when there is something to say. */
static void status_policy(struct app *a, struct seg_line *l, int attr)
{
    const struct policy_counts *pc = &a->counts_policy;
    char buf[96], n1[32], n2[32];
    if (session_refreshing(a->session))   /* in flux: worked out again at its end */
        return;
    if (pc->fail) {
        snprintf(buf, sizeof(buf), "%s fail policy  ", count_grouped(pc->fail, n1, sizeof(n1)));
        seg_add(l, 1, term_attr(EL_SEV_HIGH) | (int)A_REVERSE, buf);
        seg_add(l, 1, attr, "  ");
    }
    if (pc->without_facts && session_has_cache(a->session)) {
        snprintf(buf, sizeof(buf), "%s of %s without facts  ",
                 count_grouped(pc->without_facts, n1, sizeof(n1)),
                 count_grouped(pc->pins, n2, sizeof(n2)));
        seg_add(l, 2, term_attr(EL_STALE), buf);
    }
    /* Facts past the engine's time-to-live (check's "older than their
     * time-to-live"): R asks again. */
    const struct coverage *cov = session_coverage(a->session);
    if (cov->stale) {
        snprintf(buf, sizeof(buf), "%s stale facts  ", count_grouped(cov->stale, n1, sizeof(n1)));
        seg_add(l, 2, term_attr(EL_STALE), buf);
    }
    if (pc->stale_acks) {   /* check reports them too: the file should not rot */
        snprintf(buf, sizeof(buf), "%s stale ack%s  ", count_grouped(pc->stale_acks, n1, sizeof(n1)),
                 pc->stale_acks == 1 ? "" : "s");
        seg_add(l, 3, term_attr(EL_STALE), buf);
    }
}

static void status_counts(struct app *a, struct seg_line *l, int attr)
{
    const struct session_counts c = a->counts;
    char buf[96], n1[32], n2[32];
    snprintf(buf, sizeof(buf), "  %zu lockfile%s", a->g->lockfiles.len,
             a->g->lockfiles.len == 1 ? "" : "s");
    seg_add(l, 5, attr, buf);
    count_grouped((int64_t)c.packages, n1, sizeof(n1));
    count_grouped((int64_t)c.unreviewed, n2, sizeof(n2));
    snprintf(buf, sizeof(buf), "  %s packages", n1);
    seg_add(l, 3, attr, buf);
    snprintf(buf, sizeof(buf), "  %s unreviewed  ", n2);
    seg_add(l, 2, attr, buf);
    status_policy(a, l, attr);
    status_filters(a, l, attr);
    static const char sev_letter_table[SEV_COUNT] = {'i', 'L', 'M', 'H', 'C'};
    unsigned total = 0;
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--) {
        total += c.findings[s];
        if (!c.findings[s])
            continue;
        count_grouped(c.findings[s], n1, sizeof(n1));
        snprintf(buf, sizeof(buf), "%s%s%c", total == c.findings[s] ? "" : " ", n1,
                 sev_letter_table[s]);
        seg_add(l, s >= SEV_MEDIUM ? 0 : 2,
                s >= SEV_MEDIUM ? term_attr(severity_element(s)) | (int)A_REVERSE : attr, buf);
    }
    if (!session_findings_ready(a->session))
        seg_add(l, 1, attr, "checking...");
    else if (!total)
        seg_add(l, 1, attr, "no findings");
    if (!session_has_cache(a->session))
        seg_add(l, 0, term_attr(EL_STALE) | (int)A_REVERSE, " no cache ");
    else if (session_offline(a->session))
        seg_add(l, 1, attr, " offline ");
}

/* The project folder's own name: "/home/x/shop/" -> "shop". */
static const char *project_name(const char *path, char *name, size_t cap)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    size_t s = n;
    while (s > 0 && path[s - 1] != '/')
        s--;
    snprintf(name, cap, "%.*s", (int)(n - s), path + s);
    return name;
}

/* The key hints, most useful first to stay on a narrow screen. */
static const struct hint_def {
    const char *key, *word;
    int prio;
} hint_table[] = {
    {"?", "help", 0}, {"q", "quit", 0}, {"/", "search", 1}, {"Tab", "pane", 2},
    {"w", "focus", 4}, {"r", "review", 2}, {"u", "unreview", 3}, {"U P S d D", "filters", 5},
};

static void draw_hints(struct app *a)
{
    struct seg_line l = {.n = 0};
    for (size_t i = 0; i < sizeof(hint_table) / sizeof(*hint_table); i++) {
        seg_add(&l, hint_table[i].prio, 0, i ? "  " : " ");
        seg_add(&l, hint_table[i].prio, term_attr(EL_HELP_HEADING), hint_table[i].key);
        char w[64];
        snprintf(w, sizeof(w), " %s", hint_table[i].word);
        seg_add(&l, hint_table[i].prio, 0, w);
    }
    seg_draw(&l, a->cols);
}

static void draw_status(struct app *a)
{
    int y = a->rows - 2;
    int attr = term_attr(EL_STATUS), key = term_attr(EL_STATUS_KEY);
    if (y >= 0) {
        attron(attr);
        mvhline(y, 0, ' ', a->cols);
        attroff(attr);
        move(y, 0);
        struct seg_line l = {.n = 0};
        seg_add(&l, 0, attr, " ");
        char name[256], safe[96];
        project_name(session_project(a->session), name, sizeof(name));
        struct strbuf sb = STRBUF_INIT;
        termsafe_append(&sb, name, strlen(name), 0);
        snprintf(safe, sizeof(safe), "%.*s", (int)termsafe_fit(strbuf_str(&sb), sb.len, 40),
                 strbuf_str(&sb));
        strbuf_fini(&sb);
        seg_add(&l, 4, key, safe);
        status_refresh(a, &l);
        status_counts(a, &l, attr);
        if (a->snapshot) {  /* the demo's recorded date */
            char snap[64];
            snprintf(snap, sizeof(snap), "  snapshot %.40s", a->snapshot);
            seg_add(&l, 4, attr, snap);
        }
        seg_draw(&l, a->cols);
    }
    y = a->rows - 1;
    move(y, 0);
    clrtoeol();
    if (a->prompt_open) {
        put_plain(a->prompt_adopt ? "adopt (ECO:NAME[@REQ]): " : "/", a->cols, term_attr(EL_PROMPT));
        put_safe(a->prompt, a->cols, term_attr(EL_PROMPT));
        return;
    }
    if (a->message[0]) {
        put_safe(a->message, a->cols, a->message_error ? term_attr(EL_ERROR) : 0);
        return;
    }
    draw_hints(a);
}

/* The mouse, as mouse_event (app.c) handles it. */
static const char *const mouse_help_table[][2] = {
    {"click", "select a row; in a pane: give it the keys"},
    {"double click", "expand or collapse the row"},
    {"click a tab", "show that pane"},
    {"wheel", "scroll the tree, or the pane under the pointer"},
};

#define HELP_MAX 160
#define HELP_W 128

/* "  KEY   text", KEY padded to 18 columns (not bytes: ✓ is 3 bytes). */
static void help_row(char *line, const char *key, const char *text)
{
    int pad = 18 + (int)(strlen(key) - termsafe_width(key, strlen(key)));
    snprintf(line, HELP_W, "  %-*s %s", pad, key, text);
}

/* Help rows for a mark table: "✓ (+r)" when the ASCII form differs. */
static size_t help_mark_rows(const struct app *a, const struct mark_help *t, size_t count,
                             char lines[][HELP_W], size_t n, size_t max)
{
    for (size_t k = 0; k < count && n < max; k++) {
        char key[64];
        /* as drawn, less the spaces that set it off */
        const char *text = t[k].text + strspn(t[k].text, " ");
        const char *ascii = t[k].ascii + strspn(t[k].ascii, " ");
        int nt = (int)strcspn(text, " "), na = (int)strcspn(ascii, " ");
        if (a->ascii || strcmp(text, ascii) == 0)
            snprintf(key, sizeof key, "%.*s", na, ascii);
        else
            snprintf(key, sizeof key, "%.*s (%.*s)", nt, text, na, ascii);
        help_row(lines[n++], key, t[k].help);
    }
    return n;
}

/* Marks, badges and the mouse, from the tables that draw them. */
static size_t help_marks(const struct app *a, char lines[][HELP_W], size_t n, size_t max)
{
    const struct glyph_set *gl = a->ascii ? &ascii_glyphs : &unicode_glyphs;
    size_t n_mouse = sizeof(mouse_help_table) / sizeof(*mouse_help_table);
    if (n + 16 + MARK_COUNT + adopt_mark_count + src_gutter_count + n_mouse >= max)
        return n;
    char key[64] = "", below[64] = "";
    snprintf(lines[n++], HELP_W, "#Marks on a row");
    snprintf(key, sizeof(key), "%s%s", gl->closed, gl->open);
    help_row(lines[n++], key, "a row with dependencies: collapsed, expanded");
    key[0] = '\0';
    for (int s = 0; s < SEV_COUNT; s++) {
        strncat(key, badge_table[s], sizeof(key) - strlen(key) - 1);
        strncat(below, below_badge_table[s], sizeof(below) - strlen(below) - 1);
    }
    help_row(lines[n++], key, "the worst finding: info, low, medium, high, critical");
    help_row(lines[n++], below, "on a collapsed row, dimmed: the worst finding below it");
    for (int k = 0; k < MARK_COUNT; k++)
        help_row(lines[n++], row_mark_table[k].text + 1, row_mark_table[k].help);
    n = policy_help_marks(a, lines, n, max - 3 - adopt_mark_count - src_gutter_count - n_mouse);
    n = help_mark_rows(a, adopt_mark_table, adopt_mark_count, lines, n, max);
    snprintf(lines[n++], HELP_W, "#Marks in a pane");
    n = help_mark_rows(a, src_gutter_table, src_gutter_count, lines, n, max);
    snprintf(lines[n++], HELP_W, "#Mouse");
    for (size_t k = 0; k < n_mouse; k++)
        help_row(lines[n++], mouse_help_table[k][0], mouse_help_table[k][1]);
    return n;
}

/* The help lines come from the action, form and mark tables, so they are
 * always current. */
static size_t help_lines(const struct app *a, char lines[][HELP_W], size_t max)
{
    size_t n = 0;
    const char *group = NULL;
    for (size_t i = 0; i < action_count && n + 2 < max; i++) {
        const struct action_def *ad = &action_table[i];
        if (!group || strcmp(group, ad->group) != 0) {
            snprintf(lines[n++], 128, "#%s", ad->group);
            group = ad->group;
        }
        snprintf(lines[n++], 128, "  %-18s %s", ad->keys, ad->help);
    }
    static const struct form_keys *const forms_table[] = {&review_form_keys, &ack_form_keys};
    for (size_t f = 0; f < sizeof forms_table / sizeof *forms_table; f++) {
        const struct form_keys *t = forms_table[f];
        if (n + 2 < max)
            snprintf(lines[n++], 128, "#%s", t->title);
        for (size_t i = 0; i < t->n && n < max; i++)
            snprintf(lines[n++], 128, "  %-18s %s", t->items[i].keys, t->items[i].help);
    }
    return help_marks(a, lines, n, max);
}

/* The help's lines wrapped to the screen: a text longer than the width
 * goes on under its column (21) instead of being cut.  Returns the count. */
static size_t help_wrap(char in[][HELP_W], size_t n, char out[][HELP_W], size_t max, int cols)
{
    const int indent = 21;
    size_t m = 0;
    for (size_t i = 0; i < n && m < max; i++) {
        const char *s = in[i];
        bool first = true;
        do {
            size_t len = strlen(s), room = (size_t)(cols > indent + 20 ? cols : indent + 20);
            room -= first ? 0 : (size_t)indent;
            size_t k = in[i][0] == '#' ? len : termsafe_fit(s, len, room);
            if (k < len) {   /* at the last space that fits */
                size_t sp = k;
                while (sp > 0 && s[sp] != ' ')
                    sp--;
                k = sp > k / 3 ? sp : k;
            }
            snprintf(out[m++], HELP_W, "%*s%.*s", first ? 0 : indent, "", (int)k, s);
            s += k;
            s += strspn(s, " ");
            first = false;
        } while (*s && m < max);
    }
    return m;
}

static void draw_help(struct app *a)
{
    static char raw[HELP_MAX][HELP_W], lines[2 * HELP_MAX][HELP_W];
    size_t n = help_wrap(raw, help_lines(a, raw, HELP_MAX), lines, 2 * HELP_MAX, a->cols);
    /* The first row is the title: h - 1 lines of help show at once. */
    int h = app_tree_height(a);
    size_t shown = h > 1 ? (size_t)h - 1 : 1;
    if (a->help_top + shown > n)
        a->help_top = n > shown ? n - shown : 0;
    for (int y = 0; y < h; y++) {
        move(y, 0);
        clrtoeol();
        size_t i = a->help_top + (size_t)y;
        if (y == 0) {
            put_plain(" depvet keys  (q or ? closes; j/k, PgDn/PgUp scroll)", a->cols,
                      term_attr(EL_HELP_HEADING));
            continue;
        }
        if (--i >= n)
            continue;
        bool heading = lines[i][0] == '#';
        put_plain(heading ? lines[i] + 1 : lines[i], a->cols,
                  term_attr(heading ? EL_HELP_HEADING : EL_HELP));
    }
}

void app_draw(struct app *a)
{
    getmaxyx(stdscr, a->rows, a->cols);
    struct layout l;
    app_layout(a, &l);
    if (a->help_open) {
        draw_help(a);
    } else {
        draw_tree(a, &l);
        draw_panes(a, &l);
        if (a->form.open)
            form_draw(a);
        if (a->ack.open)
            ack_draw(a);
    }
    draw_status(a);
    wnoutrefresh(stdscr);
    doupdate();
    a->dirty = false;
}
