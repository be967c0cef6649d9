/* The right-hand panes: the layout table, what every pane does alike
 * (build its lines when stale, scroll, a list cursor, Esc) and the line
 * helpers every pane builder uses.  Content is built once per (node,
 * width) into lines of safe text; drawing only copies visible lines.
 * What one pane does is in its own pane_NAME.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "depvet/core/numfmt.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"

/* The layout table: the panes in their order (keys 1, 2, 3, Tab and the
 * tabs from the left, the stacked panes from the top).  A row NAME is the
 * pane_NAME_ops that src/tui/pane_NAME.c defines; adding a pane is that
 * file and its row here. */
#define PANE_LAYOUT(ROW) \
    ROW(reputation)      \
    ROW(diff)            \
    ROW(findings)

#define PANE_DECLARE(name) extern const struct pane_ops pane_##name##_ops;
#define PANE_ROW(name) &pane_##name##_ops,
PANE_LAYOUT(PANE_DECLARE)
const struct pane_ops *const pane_layout_table[] = {PANE_LAYOUT(PANE_ROW)};
const size_t pane_layout_count = sizeof(pane_layout_table) / sizeof(*pane_layout_table);
_Static_assert(sizeof(pane_layout_table) / sizeof(*pane_layout_table) <= PANE_MAX,
               "more panes than PANE_MAX");

int severity_element(int sev)
{
    static const int sev_element_table[SEV_COUNT] = {
        EL_SEV_INFO, EL_SEV_LOW, EL_SEV_MEDIUM, EL_SEV_HIGH, EL_SEV_CRITICAL,
    };
    return sev >= 0 && sev < SEV_COUNT ? sev_element_table[sev] : EL_NORMAL;
}

void pane_doc_fini(struct pane_doc *doc)
{
    arena_free(doc->arena);
    VEC_FREE(&doc->lines);
    memset(doc, 0, sizeof(*doc));
}

void doc_clear(struct pane_doc *doc)
{
    arena_free(doc->arena);
    doc->arena = arena_new();
    doc->lines.len = 0;
}

static void add_line(struct pane_doc *doc, int el, const char *safe)
{
    struct pane_line *l = VEC_ADD(&doc->lines);
    l->el = el;
    l->item = -1;
    l->label = false;
    l->text = safe;
}

const char *doc_safe(struct pane_doc *doc, const char *s)
{
    return termsafe_arena(doc->arena, s ? s : "?");
}

static void wrap_safe(struct pane_doc *doc, int el, bool label, const char *prefix,
                      int indent, const char *s, size_t len);

/* fmt's own text is trusted; its arguments must already be safe.  Long
 * lines wrap under their own leading spaces. */
void doc_line(struct pane_doc *doc, int el, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *text = arena_vprintf(doc->arena, fmt, ap);
    va_end(ap);
    size_t len = strlen(text);
    if (termsafe_width(text, len) <= (size_t)doc->width) {
        add_line(doc, el, text);
        return;
    }
    int lead = 0;
    while (text[lead] == ' ' && lead < 16)
        lead++;
    wrap_safe(doc, el, false, "", lead, text + lead, len - (size_t)lead);
}

/* Wraps safe text s at spaces where it can: the first line after prefix
 * (which takes indent columns), the rest after indent spaces. */
static void wrap_safe(struct pane_doc *doc, int el, bool label, const char *prefix,
                      int indent, const char *s, size_t len)
{
    size_t room = doc->width > indent + 8 ? (size_t)(doc->width - indent) : 8;
    unsigned guard = 0;
    bool first = true;
    do {
        size_t n = termsafe_fit(s, len, room);
        if (n < len) { /* break at the last space that fits, when one does */
            size_t sp = n;
            while (sp > 0 && s[sp] != ' ')
                sp--;
            if (sp > n / 3)
                n = sp;
        }
        if (!n && len)
            n = 1;
        add_line(doc, el, arena_printf(doc->arena, "%-*s%.*s", indent, first ? prefix : "",
                                       (int)n, s));
        doc->lines.items[doc->lines.len - 1].label = label && first;
        first = false;
        s += n;
        len -= n;
        while (len && *s == ' ') {
            s++;
            len--;
        }
    } while (len && guard++ < 400);
}

void doc_wrap(struct pane_doc *doc, int el, int indent, const char *text)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, text ? text : "-", strlen(text ? text : "-"), 0);
    wrap_safe(doc, el, false, "", indent, strbuf_str(&sb), sb.len);
    strbuf_fini(&sb);
}

void doc_field(struct pane_doc *doc, const char *label, const char *value, int el)
{
    struct strbuf sb = STRBUF_INIT;
    termsafe_append(&sb, value ? value : "-", strlen(value ? value : "-"), 0);
    wrap_safe(doc, el, true, label, 15, strbuf_str(&sb), sb.len);
    strbuf_fini(&sb);
}

void doc_date(int64_t t, char *out, size_t n)
{
    timeutil_format_date(t, "date unknown", out, n);
}

void doc_age(int64_t then, int64_t now, char *out, size_t n)
{
    int64_t secs = then && now >= then ? now - then : -1;
    if (secs < 0)
        snprintf(out, n, "age unknown");
    else if (secs < 86400)
        snprintf(out, n, "%lldh", (long long)(secs / 3600));
    else if (secs < 60 * 86400)
        snprintf(out, n, "%lldd", (long long)(secs / 86400));
    else if (secs < 730 * 86400)
        snprintf(out, n, "%lldmo", (long long)(secs / (30 * 86400)));
    else
        snprintf(out, n, "%lldy", (long long)(secs / (365 * 86400)));
}

void doc_not_cached(struct app *a, struct pane_doc *doc, unsigned node)
{
    const struct dep_node *n = &a->g->nodes.items[node];
    if (n->source != SOURCE_REGISTRY || n->eco == ECO_UNKNOWN)
        doc_line(doc, EL_PANE_NOTE, "not from a registry: nothing to look up");
    else if (!session_has_cache(a->session))
        doc_line(doc, EL_PANE_NOTE, "no cache yet; run depvet refresh");
    else
        doc_line(doc, EL_PANE_NOTE, "not in the cache; run depvet refresh");
}

/* ---- what every pane does --------------------------------------------- */

void panes_open(struct app *a)
{
    a->n_panes = pane_layout_count;
    for (size_t i = 0; i < a->n_panes; i++) {
        struct pane *p = &a->panes[i];
        memset(p, 0, sizeof(*p));
        p->ops = pane_layout_table[i];
        p->index = (int)i;
        p->doc.detail = -1;
        p->cursor = -1;
        p->mark = -1;
        p->fd = -1;
        if (p->ops->open)
            p->ops->open(a, p);
    }
}

void panes_close(struct app *a)
{
    for (size_t i = 0; i < a->n_panes; i++) {
        struct pane *p = &a->panes[i];
        if (p->ops->close)
            p->ops->close(a, p);
        pane_doc_fini(&p->doc);
    }
    a->n_panes = 0;
}

const char *pane_tab_title(const struct pane *p, int width)
{
    return width < 48 && p->ops->short_title ? p->ops->short_title : p->ops->title;
}

bool pane_event(struct app *a, struct pane *p, enum pane_event_kind kind, const char *text)
{
    struct pane_event ev = {kind, text};
    if (p)
        return p->ops->on_event && p->ops->on_event(a, p, &ev);
    bool taken = false;
    for (size_t i = 0; i < a->n_panes; i++)
        if (a->panes[i].ops->on_event)
            taken |= a->panes[i].ops->on_event(a, &a->panes[i], &ev);
    return taken;
}

void pane_show(struct app *a, struct pane *p, bool focus)
{
    a->pane = (size_t)p->index;
    if (focus)
        a->pane_focus = true;
}

bool pane_close_entry(struct pane *p)
{
    if (p->doc.detail < 0)
        return false;
    p->doc.detail = -1;
    p->doc.valid = false;
    return true;
}

void pane_back(struct app *a, struct pane *p)
{
    if (!pane_event(a, p, PANE_EV_BACK, NULL))
        a->pane_focus = false;
}

/* The list cursor moved: its entry's first line comes into view. */
static void reveal_cursor(struct pane *p, size_t h)
{
    const struct pane_doc *doc = &p->doc;
    for (size_t i = 0; i < doc->lines.len; i++)
        if (doc->lines.items[i].item == p->cursor) {
            if (i < p->top)
                p->top = i;
            else if (i >= p->top + h)
                p->top = i - h + 2;
            return;
        }
}

bool pane_keys(struct app *a, struct pane *p, enum action act, size_t n)
{
    struct layout l;
    app_layout(a, &l);
    long page = l.pane_h[p->index] > 2 ? l.pane_h[p->index] - 2 : 1;
    bool list = p->cursor >= 0 && p->doc.detail < 0;
    long delta = 0;
    switch (act) {
    case ACT_UP: delta = -1; break;
    case ACT_DOWN: delta = 1; break;
    case ACT_PAGE_UP: delta = -page; break;
    case ACT_PAGE_DOWN: delta = page; break;
    case ACT_HOME:
    case ACT_END:
        p->top = act == ACT_HOME ? 0 : p->doc.lines.len;
        if (p->cursor >= 0)
            p->cursor = act == ACT_HOME || !n ? 0 : (int)n - 1;
        return true;
    case ACT_TOGGLE:
    case ACT_EXPAND:
        if (list && n) {
            p->doc.detail = p->cursor;
            p->doc.valid = false;
            p->mark = -1;
            p->top = 0;
        }
        return true;
    case ACT_COLLAPSE:
        pane_back(a, p);
        return true;
    default:
        return false;
    }
    if (list && (act == ACT_UP || act == ACT_DOWN) && n) {
        long c = p->cursor + delta;
        p->cursor = c < 0 ? 0 : c >= (long)n ? (int)n - 1 : (int)c;
        reveal_cursor(p, (size_t)page + 1);
        return true;
    }
    long t = (long)p->top + delta;
    p->top = t < 0 ? 0 : (size_t)t;
    return true;
}

/* A lockfile heading in a pane that has nothing of its own to say. */
static void lockfile_fields(struct app *a, struct pane *p, struct pane_doc *doc, unsigned lf)
{
    const struct lockfile_info *info = &a->g->lockfiles.items[lf];
    doc_field(doc, "lockfile", info->path, EL_NORMAL);
    doc_field(doc, "format", info->format, EL_NORMAL);
    char what[64];
    snprintf(what, sizeof(what), "%s", p->ops->title);
    what[0] = (char)(what[0] >= 'A' && what[0] <= 'Z' ? what[0] - 'A' + 'a' : what[0]);
    doc_line(doc, EL_PANE_NOTE, "select a package for its %s", what);
}

void pane_doc_update(struct app *a, struct pane *p, unsigned node, int width)
{
    struct pane_doc *doc = &p->doc;
    if (doc->valid && doc->node == node && doc->width == width && doc->gen == a->gen)
        return;
    if (doc->valid && doc->node != node)
        doc->detail = -1;
    doc_clear(doc);
    doc->node = node;
    doc->width = width;
    doc->gen = a->gen;
    doc->valid = true;
    size_t nn = a->g->nodes.len;
    if (node != GRAPH_NONE && node >= nn && node - nn < a->g->lockfiles.len) {
        unsigned lf = (unsigned)(node - nn);
        if (p->ops->draw_lockfile)
            p->ops->draw_lockfile(a, p, doc, lf);
        else
            lockfile_fields(a, p, doc, lf);
        return;
    }
    if (node == GRAPH_NONE || node >= nn) {
        doc_line(doc, EL_PANE_NOTE, "select a package");
        return;
    }
    p->ops->draw(a, p, doc, node);
}

void doc_code(struct pane_doc *doc, int el, const char *gutter, const char *cont,
              const char *s, size_t len)
{
    struct strbuf raw = STRBUF_INIT, safe = STRBUF_INIT;
    size_t col = 0;
    for (size_t i = 0; i < len && col < 65536; i++) {   /* a line past that is cut */
        if (s[i] == '\t') {
            do
                strbuf_putc(&raw, ' ');
            while (++col % 8);
        } else {
            strbuf_putc(&raw, s[i]);
            col++;
        }
    }
    termsafe_append(&safe, strbuf_str(&raw), raw.len, 0);
    /* Cut at the pane's edge, not at spaces: code keeps its columns, and
     * what is past the edge (an exfiltration at a line's end) is shown. */
    size_t gw = termsafe_width(gutter, strlen(gutter));
    size_t room = doc->width > (int)gw + 8 ? (size_t)doc->width - gw : 8;
    const char *p = strbuf_str(&safe);
    size_t left = safe.len;
    bool first = true;
    do {
        size_t n = termsafe_fit(p, left, room);
        if (!n && left)
            n = 1;
        add_line(doc, el, arena_printf(doc->arena, "%s%.*s", first ? gutter : cont, (int)n, p));
        first = false;
        p += n;
        left -= n;
    } while (left);
    strbuf_fini(&raw);
    strbuf_fini(&safe);
}
