/* Drawing the explorer: tree rows, the status bar, the prompt and the help
 * overlay.  Only what is visible is drawn. */
#include <curses.h>
#include <string.h>

#include "app.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/tui/keymap.h"
#include "term.h"

struct glyph_set {
    const char *pipe, *tee, *last, *open, *closed, *leaf;
};

static const struct glyph_set unicode_glyphs = {"│  ", "├─", "└─", "▾ ", "▸ ", "  "};
static const struct glyph_set ascii_glyphs = {"|  ", "|-", "`-", "- ", "+ ", "  "};

int app_tree_height(const struct app *a)
{
    return a->rows > 1 ? a->rows - 1 : 1;
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

static void draw_guides(const struct app *a, const struct tree_row *r, int attr)
{
    const struct glyph_set *gl = a->ascii ? &ascii_glyphs : &unicode_glyphs;
    for (unsigned d = 1; d < r->depth; d++)
        put_plain(r->guides & (1ull << d) ? gl->pipe : "   ", a->cols, attr);
    if (r->depth >= 1)
        put_plain(r->last ? gl->last : gl->tee, a->cols, attr);
    put_plain(!r->has_children ? gl->leaf : r->expanded ? gl->open : gl->closed,
              a->cols, attr);
}

static void draw_lockfile_row(const struct app *a, const struct tree_row *r,
                              bool selected)
{
    const struct lockfile_info *lf = &a->g->lockfiles.items[r->id];
    int base = selected ? term_attr(EL_TREE_SELECTED) : term_attr(EL_TREE_LOCKFILE);
    draw_guides(a, r, base);
    /* Paths inside the project are shown relative to it. */
    const char *proj = session_project(a->session);
    size_t plen = strlen(proj);
    const char *shown = lf->path;
    if (strncmp(shown, proj, plen) == 0 && shown[plen] == '/')
        shown += plen + 1;
    put_safe(shown, a->cols, base);
    char info[128];
    snprintf(info, sizeof(info), "  %s%s", lf->format, lf->flat ? ", flat" : "");
    put_plain(info, a->cols, selected ? base : term_attr(EL_TREE_MARK));
}

static void draw_package_row(const struct app *a, const struct tree_row *r,
                             bool selected)
{
    const struct dep_node *n = &a->g->nodes.items[r->id];
    bool dim = n->flags & (DEP_DEV | DEP_OPTIONAL);
    int name_attr = selected ? term_attr(EL_TREE_SELECTED)
                    : is_match(a, r->id) ? term_attr(EL_SEARCH_MATCH)
                    : dim ? term_attr(EL_TREE_DEV) : term_attr(EL_NORMAL);
    draw_guides(a, r, selected ? name_attr : term_attr(EL_TREE_GUIDE));
    put_safe(n->name, a->cols, name_attr);
    put_plain(" ", a->cols, selected ? name_attr : 0);
    put_safe(n->version[0] ? n->version : (n->requirement ? n->requirement : "?"),
             a->cols, selected ? name_attr : term_attr(EL_TREE_VERSION));
    static const char *const eco_mark_table[] = {"", " hex", " pypi", " npm"};
    char marks[96];
    snprintf(marks, sizeof(marks), "%s%s%s%s%s", eco_mark_table[n->eco],
             n->flags & DEP_DEV ? " dev" : "", n->flags & DEP_OPTIONAL ? " opt" : "",
             r->repeat ? " (*)" : "", r->cycle ? " (cycle)" : "");
    put_plain(marks, a->cols, selected ? name_attr : term_attr(EL_TREE_MARK));
}

static void draw_tree(struct app *a)
{
    int h = app_tree_height(a);
    size_t count = treemodel_count(a->tree);
    for (int y = 0; y < h; y++) {
        size_t i = a->top + (size_t)y;
        move(y, 0);
        clrtoeol();
        if (i >= count)
            continue;
        const struct tree_row *r = treemodel_row(a->tree, i);
        bool selected = i == a->sel;
        if (selected) {
            attron(term_attr(EL_TREE_SELECTED));
            mvhline(y, 0, ' ', a->cols);
            attroff(term_attr(EL_TREE_SELECTED));
            move(y, 0);
        }
        if (r->kind == ROW_LOCKFILE)
            draw_lockfile_row(a, r, selected);
        else
            draw_package_row(a, r, selected);
    }
}

static void draw_status(struct app *a)
{
    int y = a->rows - 1;
    int attr = term_attr(EL_STATUS);
    attron(attr);
    mvhline(y, 0, ' ', a->cols);
    attroff(attr);
    move(y, 0);
    if (a->prompt_open) {
        put_plain("/", a->cols, term_attr(EL_PROMPT));
        put_safe(a->prompt, a->cols, term_attr(EL_PROMPT));
        return;
    }
    if (a->message[0]) {
        put_safe(a->message, a->cols, a->message_error ? term_attr(EL_ERROR) : attr);
        return;
    }
    char left[256];
    snprintf(left, sizeof(left), " depvet  %zu lockfile%s  %zu packages%s%s  ",
             a->g->lockfiles.len, a->g->lockfiles.len == 1 ? "" : "s",
             a->g->nodes.len, a->filter.hide_dev ? "  [no dev]" : "",
             a->filter.direct_only ? "  [direct only]" : "");
    put_plain(left, a->cols, attr);
    put_safe(session_project(a->session), a->cols, attr);
    put_plain("   ?", a->cols, term_attr(EL_STATUS_KEY));
    put_plain(" help  ", a->cols, attr);
    put_plain("q", a->cols, term_attr(EL_STATUS_KEY));
    put_plain(" quit", a->cols, attr);
}

/* The help lines come from the action table, so they are always current. */
static size_t help_lines(char lines[][128], size_t max)
{
    size_t n = 0;
    const char *group = NULL;
    for (size_t i = 0; i < action_count && n + 2 < max; i++) {
        const struct action_def *ad = &action_table[i];
        if (!group || strcmp(group, ad->group) != 0) {
            if (group)
                snprintf(lines[n++], 128, "%s", "");
            snprintf(lines[n++], 128, "#%s", ad->group);
            group = ad->group;
        }
        snprintf(lines[n++], 128, "  %-18s %s", ad->keys, ad->help);
    }
    return n;
}

static void draw_help(struct app *a)
{
    char lines[96][128];
    size_t n = help_lines(lines, 96);
    int h = app_tree_height(a);
    if (a->help_top + (size_t)h > n)
        a->help_top = n > (size_t)h ? n - (size_t)h : 0;
    for (int y = 0; y < h; y++) {
        move(y, 0);
        clrtoeol();
        size_t i = a->help_top + (size_t)y;
        if (y == 0) {
            put_plain(" depvet keys  (q or ? closes, j/k scroll)", a->cols,
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
    if (a->help_open)
        draw_help(a);
    else
        draw_tree(a);
    draw_status(a);
    wnoutrefresh(stdscr);
    doupdate();
    a->dirty = false;
}
