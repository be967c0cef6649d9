/* The version-diff pane, metadata part: what changed between the pinned
 * release and the latest one (timeline, dependencies, owners, status), then
 * the source diff's file list (pane_src.c); the keys that pick the two
 * versions and start and browse the source diff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pane_diff.h"
#include "depvet/core/version.h"
#include "depvet/engine/adopt.h"
#include "depvet/engine/pkgdiff.h"
#include "depvet/core/xmalloc.h"

/* Stable merge sort by version, oldest first: a packument can list a
 * million releases in any order (qsort has no room for the ecosystem). */
static void sort_by_version(enum ecosystem eco, const struct reg_release **v, size_t n)
{
    if (n < 2)
        return;
    const struct reg_release **tmp = xmalloc(n * sizeof(*tmp));
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n - w; lo += 2 * w) {
            size_t mid = lo + w, hi = mid + w < n ? mid + w : n, i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = version_compare(eco, v[j]->version, v[i]->version) < 0 ? v[j++] : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
            memcpy(v + lo, tmp + lo, (hi - lo) * sizeof(*v));
        }
    }
    free(tmp);
}

/* Releases strictly after `from` up to and including `to`, oldest first. */
static size_t releases_between(const struct reg_package *p, const char *from,
                               const char *to, const struct reg_release ***out)
{
    const struct reg_release **v = xmalloc((p->n_releases + 1) * sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; i < p->n_releases; i++) {
        const struct reg_release *r = &p->releases[i];
        if (r->version && version_compare(p->eco, r->version, from) > 0 &&
            version_compare(p->eco, r->version, to) <= 0)
            v[n++] = r;
    }
    sort_by_version(p->eco, v, n);
    *out = v;
    return n;
}

static void timeline(struct pane_doc *doc, const struct reg_package *p, const char *pin,
                     const char *latest)
{
    const struct reg_release **v;
    size_t n = releases_between(p, pin, latest, &v);
    doc_line(doc, EL_PANE_LABEL, "releases after %s", doc_safe(doc, pin));
    char date[32];
    for (size_t i = 0; i < n && i < 200; i++) {
        const struct reg_release *r = v[i];
        doc_date(r->published, date, sizeof(date));
        char what[1024];
        snprintf(what, sizeof(what), "%s %s %s%s%s%s", r->version, date,
                 r->publisher.name ? r->publisher.name
                 : r->publisher.email ? r->publisher.email : "(publisher unknown)",
                 r->yanked ? "  yanked" : "", r->retired ? "  retired" : "",
                 r->deprecated ? "  deprecated" : "");
        doc_wrap(doc, r->yanked || r->retired ? EL_SEV_HIGH : EL_NORMAL, 2, what);
    }
    if (n > 200)
        doc_line(doc, EL_PANE_NOTE, "  ... %zu more", n - 200);
    free(v);
}

/* The release records' side (engine: pkgdiff_meta): requirements, the
 * publisher, install scripts and build tools, advisories, the cooldown. */
static void registry_side(struct app *a, struct pane_doc *doc, unsigned node,
                          const char *from, const char *to)
{
    struct pkgdiff_meta m;
    doc_line(doc, EL_PANE_LABEL, "dependency changes");
    if (!session_pkgdiff_meta(a->session, node, from, to, doc->arena, &m)) {
        doc_line(doc, EL_PANE_NOTE, "  not in the cache");
        return;
    }
    if (!m.have_deps)
        doc_wrap(doc, EL_PANE_NOTE, 2, m.deps_note ? m.deps_note : "unknown");
    for (size_t i = 0; i < m.n_deps; i++) {
        const struct pkgdiff_dep_change *c = &m.deps[i];
        doc_wrap(doc, c->op == '+' ? EL_DIFF_ADD : c->op == '-' ? EL_DIFF_DEL : EL_NORMAL, 2,
                 arena_printf(doc->arena, "%c %s %s%s%s%s", c->op, c->name,
                              c->op == '~' ? c->old_req : "", c->op == '~' ? " -> " : "",
                              c->op == '-' ? c->old_req : c->new_req,
                              c->optional ? " (optional)" : ""));
    }
    if (m.have_deps && !m.n_deps)
        doc_line(doc, EL_PANE_NOTE, "  none");
    if (m.publisher_changed)
        doc_wrap(doc, EL_SEV_HIGH, 0, arena_printf(doc->arena, "publisher changed: %s -> %s",
                                                   m.old_publisher, m.new_publisher));
    for (size_t i = 0; i < m.n_scripts; i++)
        doc_wrap(doc, m.scripts[i].new_value ? EL_SEV_HIGH : EL_NORMAL, 0,
                 arena_printf(doc->arena, "%s: %s -> %s", m.scripts[i].what,
                              m.scripts[i].old_value ? m.scripts[i].old_value : "(none)",
                              m.scripts[i].new_value ? m.scripts[i].new_value : "(none)"));
    for (size_t i = 0; i < m.n_fixed + m.n_introduced; i++) {
        bool fixed = i < m.n_fixed;
        const struct pkgdiff_advisory *v = fixed ? &m.fixed[i] : &m.introduced[i - m.n_fixed];
        doc_wrap(doc, fixed ? EL_DIFF_ADD : EL_SEV_HIGH, 0,
                 arena_printf(doc->arena, "%s %s: %s", fixed ? "fixes" : "introduces", v->id,
                              v->summary ? v->summary : ""));
    }
    if (m.to_cooling)
        doc_wrap(doc, EL_SEV_HIGH, 0, arena_printf(doc->arena, "%s is inside the policy's "
                 "cooldown (min_release_age)", to));
}

static void owner_changes(struct pane_doc *doc, const struct reputation *r,
                          int64_t since, int64_t until)
{
    doc_line(doc, EL_PANE_LABEL, "owner changes in between");
    unsigned shown = 0;
    char date[32], buf[640];
    for (size_t i = 0; i < r->n_owner_events; i++) {
        const struct owner_event *e = &r->owner_events[i];
        if ((since && e->when < since) || (until && e->when > until))
            continue;
        doc_date(e->when, date, sizeof(date));
        snprintf(buf, sizeof(buf), "%s %s %s", date, e->added ? "+" : "-",
                 e->name ? e->name : e->email ? e->email : "?");
        doc_wrap(doc, e->added ? EL_DIFF_ADD : EL_DIFF_DEL, 2, buf);
        shown++;
    }
    if (!shown)
        doc_line(doc, EL_PANE_NOTE, r->n_owner_events ? "  none" : "  none seen (history starts at the first refresh)");
}

static void status_notes(struct pane_doc *doc, const struct reg_release *pin,
                         const struct reg_release *latest)
{
    const struct reg_release *rs[2] = {pin, latest};
    for (int i = 0; i < 2; i++) {
        const struct reg_release *r = rs[i];
        if (!r || !(r->yanked || r->retired || r->deprecated) || (i && r == pin))
            continue;
        char buf[1024];
        const char *msg = r->status_message && r->status_message[0] ? r->status_message : NULL;
        snprintf(buf, sizeof(buf), "%s %s%s%.300s%s%s%.500s", r->version,
                 r->retired ? "retired" : r->yanked ? "yanked" : "deprecated",
                 r->status_reason ? " (" : "", r->status_reason ? r->status_reason : "",
                 r->status_reason ? ")" : "", msg ? ": " : "", msg ? msg : "");
        doc_wrap(doc, EL_SEV_HIGH, 0, buf);
    }
}

/* One sentence for a pin newer than every good release. */
static void pin_explained(struct pane_doc *doc, const struct reg_release *pin,
                          const struct reg_release *good)
{
    const char *why = pin->retired ? "retired" : pin->yanked ? "yanked"
                      : pin->deprecated ? "deprecated" : "a pre-release";
    doc_wrap(doc, EL_SEV_HIGH, 0,
             arena_printf(doc->arena, "the pin %s is %s and newer than any good release: "
                          "%s is the nearest good one, so this compares it with the pin",
                          pin->version, why, good->version));
}

static void new_findings(struct app *a, struct pane_doc *doc, unsigned node,
                         const char *older, const char *newer)
{
    struct findings fs;
    if (!session_findings_new_in(a->session, node, older, newer, &fs))
        return;
    doc_line(doc, EL_PANE_LABEL, "findings new in %s", doc_safe(doc, newer));
    for (size_t i = 0; i < fs.items.len; i++) {
        const struct finding *f = &fs.items.items[i];
        doc_line(doc, severity_element((int)f->severity), "  %-8s %s",
                 severity_name(f->severity), f->rule);
        doc_wrap(doc, EL_NORMAL, 4, f->message);
    }
    if (!fs.items.len)
        doc_line(doc, EL_PANE_NOTE, "  none");
    findings_fini(&fs);
}

/* Every release with a version, oldest first. */
static size_t sorted_releases(const struct reg_package *p, const struct reg_release ***out)
{
    const struct reg_release **v = xmalloc((p->n_releases + 1) * sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; i < p->n_releases; i++)
        if (p->releases[i].version)
            v[n++] = &p->releases[i];
    sort_by_version(p->eco, v, n);
    *out = v;
    return n;
}

static long index_of(const struct reg_release **v, size_t n, const char *version)
{
    for (size_t i = 0; version && i < n; i++)
        if (strcmp(v[i]->version, version) == 0)
            return (long)i;
    return -1;
}

static size_t clamp_index(long i, size_t n)
{
    return i < 0 ? 0 : (size_t)i >= n ? n - 1 : (size_t)i;
}

/* The two releases compared: the pin and the latest, moved by the user's
 * offsets ([ ] and { }); the offsets are pulled back to what exists.  A
 * pin newer than the latest (yanked, retired, a pre-release) is compared
 * the other way round: the latest, the nearest good release, to the pin
 * (*reversed set), so the pane shows what the pin changed. */
/* In an adopted tree, a node the project pins at another version: the
 * pair is then that pin and the version adopting brings. */
static const struct adopt_node *adopt_changed(const struct app *a, unsigned node)
{
    const struct adopt_node *an = session_adopt_node(a->session, node);
    return an && an->state == ADOPT_CHANGED && an->pinned && an->version ? an : NULL;
}

static bool pick_pair(struct diff_state *ds, const struct adopt_node *an, unsigned node,
                      const struct reputation *r,
                      const struct reg_release **v, size_t n, const struct reg_release **from,
                      const struct reg_release **to, bool *reversed)
{
    long pin = index_of(v, n, an ? an->pinned : r->pinned);
    long latest = index_of(v, n, an ? an->version : r->latest);
    if (!n || (pin < 0 && latest < 0))
        return false;
    if (ds->node != node) /* moves made on another package */
        ds->from_off = ds->to_off = 0;
    ds->node = node;
    if (pin < 0)
        pin = latest;
    if (latest < 0)
        latest = (long)n - 1;
    *reversed = latest < pin;
    long base_from = *reversed ? latest : pin, base_to = *reversed ? pin : latest;
    size_t f = clamp_index(base_from + ds->from_off, n);
    size_t t = clamp_index(base_to + ds->to_off, n);
    ds->from_off = (long)f - base_from;
    ds->to_off = (long)t - base_to;
    *from = v[f];
    *to = v[t];
    return true;
}

static void build_diff(struct app *a, struct pane *pane, struct pane_doc *doc, unsigned node)
{
    struct diff_state *ds = pane->priv;
    const struct dep_node *n = &a->g->nodes.items[node];
    if (src_file(a, pane, doc, node))
        return;
    struct session_detail det;
    if (!session_detail(a->session, node, doc->arena, &det)) {
        doc_line(doc, EL_PANE_NOTE, n->source == SOURCE_REGISTRY
                 ? "not in the cache; run depvet refresh" : "not from a registry");
        return;
    }
    const struct reputation *r = &det.rep;
    const struct reg_package *p = det.pkg;
    const struct reg_release **v, *from, *to;
    bool reversed = false;
    size_t nv = sorted_releases(p, &v);
    if (!pick_pair(ds, adopt_changed(a, node), node, r, v, nv, &from, &to, &reversed)) {
        doc_line(doc, EL_PANE_NOTE, "no releases known");
        free(v);
        return;
    }
    free(v);
    char d1[32], d2[32];
    doc_date(from->published, d1, sizeof(d1));
    doc_date(to->published, d2, sizeof(d2));
    const char *from_tag = reversed ? " latest" : " pinned", *to_tag = reversed ? " pinned" : " latest";
    if (adopt_changed(a, node)) {
        from_tag = reversed ? " adopted" : " the project's pin";
        to_tag = reversed ? " the project's pin" : " adopted";
    }
    doc_line(doc, EL_NORMAL, "%s%s (%s) -> %s%s (%s)", doc_safe(doc, from->version),
             ds->from_off ? "" : from_tag, d1, doc_safe(doc, to->version),
             ds->to_off ? "" : to_tag, d2);
    doc_line(doc, EL_PANE_NOTE, "[ ] earlier version, { } later version");
    if (reversed && !ds->from_off && !ds->to_off)
        pin_explained(doc, to, from);
    if (version_compare(p->eco, from->version, to->version) >= 0) {
        doc_line(doc, EL_PANE_NOTE, ds->from_off || ds->to_off
                 ? "pick a later version to compare with"
                 : "the pin is the latest release: [ compares it with the one before");
    } else {
        if (!ds->from_off && !ds->to_off && !reversed && !adopt_changed(a, node))
            doc_line(doc, EL_NORMAL, "%u release%s behind", r->behind, r->behind == 1 ? "" : "s");
        timeline(doc, p, from->version, to->version);
        registry_side(a, doc, node, from->version, to->version);
        owner_changes(doc, r, from->published, ds->to_off ? to->published : 0);
        new_findings(a, doc, node, from->version, to->version);
    }
    status_notes(doc, from, to);
    src_list(a, pane, doc, node, from->version, to->version);
}

bool pane_diff_pair(struct app *a, struct pane *pane, unsigned node, char *from, char *to,
                    size_t n)
{
    struct arena *ar = arena_new();
    struct session_detail det;
    const struct reg_release **v = NULL, *f, *t;
    bool reversed;
    bool ok = session_detail(a->session, node, ar, &det);
    size_t nv = ok ? sorted_releases(det.pkg, &v) : 0;
    ok = ok && pick_pair(pane->priv, adopt_changed(a, node), node, &det.rep, v, nv, &f, &t,
                         &reversed);
    if (ok) {
        snprintf(from, n, "%s", f->version);
        snprintf(to, n, "%s", t->version);
    }
    free(v);
    arena_free(ar);
    return ok;
}

/* [ ] { }: the versions compared (the pane is shown if it was not). */
static void move_diff(struct app *a, struct pane *pane, enum action act)
{
    struct diff_state *ds = pane->priv;
    unsigned node = app_selected_package(a);
    if (node != ds->node) {
        ds->node = node;
        ds->from_off = ds->to_off = 0;
    }
    if (act == ACT_DIFF_FROM_PREV || act == ACT_DIFF_FROM_NEXT)
        ds->from_off += act == ACT_DIFF_FROM_NEXT ? 1 : -1;
    else
        ds->to_off += act == ACT_DIFF_TO_NEXT ? 1 : -1;
    pane_show(a, pane, false);
    pane->doc.valid = false;
    pane->doc.detail = -1;
}

/* n N x X within an open file's diff. */
static bool file_keys(struct app *a, struct pane *pane, enum action act)
{
    if (!src_file_open(pane))
        return false;
    if (act == ACT_NEXT_MATCH || act == ACT_PREV_MATCH)
        src_next_match(a, pane, act == ACT_NEXT_MATCH ? 1 : -1);
    else
        src_next_hit(a, pane, act == ACT_NEXT_HIT ? 1 : -1);
    return true;
}

static bool diff_action(struct app *a, struct pane *pane, enum action act, bool focused)
{
    switch (act) {
    case ACT_SOURCE_DIFF:
        src_start(a, pane, app_selected_package(a));
        return true;
    case ACT_DIFF_FROM_PREV: case ACT_DIFF_FROM_NEXT: case ACT_DIFF_TO_PREV: case ACT_DIFF_TO_NEXT:
        move_diff(a, pane, act);
        return true;
    case ACT_NEXT_MATCH: case ACT_PREV_MATCH: case ACT_NEXT_HIT: case ACT_PREV_HIT:
        if (focused)
            return file_keys(a, pane, act);
        if (act == ACT_NEXT_MATCH || act == ACT_PREV_MATCH)
            return false;
        snprintf(a->message, sizeof(a->message),
                 "x X: open a file of the source diff first (s, then Enter)");
        a->message_error = true;
        return true;
    case ACT_TOGGLE: case ACT_EXPAND:   /* a file opens: its list's place is kept */
        if (focused && pane->doc.detail < 0)
            src_view_of(pane)->list_top = pane->top;
        break;
    default:
        break;
    }
    return focused && pane_keys(a, pane, act, src_view_of(pane)->listed);
}

static bool diff_event(struct app *a, struct pane *pane, const struct pane_event *ev)
{
    switch (ev->kind) {
    case PANE_EV_BACK:
        if (!pane_close_entry(pane))
            return false;
        pane->top = src_view_of(pane)->list_top;
        return true;
    case PANE_EV_SEARCH:
        if (!src_file_open(pane))
            return false;
        src_search(a, pane, ev->text);
        return true;
    case PANE_EV_READY:
        src_in(a, pane);
        return true;
    case PANE_EV_NODE:
        return false;
    }
    return false;
}

static void diff_open(struct app *a, struct pane *pane)
{
    struct diff_state *ds = xcalloc(1, sizeof(*ds));
    ds->node = ds->src.node = GRAPH_NONE;
    pane->priv = ds;
    pane->cursor = 0;
}

static void diff_close(struct app *a, struct pane *pane)
{
    src_fini(pane);
    free(pane->priv);
    pane->priv = NULL;
}

const struct pane_ops pane_diff_ops = {
    .name = "diff",
    .title = "Version diff",
    .short_title = "Diff",
    .open = diff_open,
    .draw = build_diff,
    .on_action = diff_action,
    .on_event = diff_event,
    .close = diff_close,
};
