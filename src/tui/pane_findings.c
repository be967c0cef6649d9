/* The findings pane: the selected package's findings, most severe first,
 * as a list with a cursor (Enter shows one whole: evidence and link), or
 * a lockfile heading's own findings. */
#include <string.h>

#include "app.h"

static void finding_lines(struct pane_doc *doc, const struct finding *f, int item, bool whole)
{
    size_t first = doc->lines.len;
    doc_line(doc, severity_element((int)f->severity), "%-8s %s", severity_name(f->severity),
             f->rule);
    if (whole) {
        doc_wrap(doc, EL_NORMAL, 2, f->message);
        if (f->evidence) {
            doc_line(doc, EL_PANE_LABEL, "evidence");
            doc_wrap(doc, EL_NORMAL, 2, f->evidence);
        }
        if (f->link) {
            doc_line(doc, EL_PANE_LABEL, "link");
            doc_wrap(doc, EL_NORMAL, 2, f->link);
        }
    } else {
        doc_wrap(doc, EL_NORMAL, 2, f->message);
        if (f->evidence && !strstr(f->message, f->evidence))
            doc_wrap(doc, EL_PANE_NOTE, 2, f->evidence);
        if (f->link && !strstr(f->message, f->link))
            doc_wrap(doc, EL_PANE_NOTE, 2, f->link);
    }
    for (size_t i = first; i < doc->lines.len; i++)
        doc->lines.items[i].item = item;
}

/* The k-th of lockfile lf's own findings (the acknowledged ones are not
 * among them); *total counts them. */
static const struct finding *lockfile_item(const struct app *a, unsigned lf, int k,
                                           size_t *total)
{
    const struct finding *f, *hit = NULL;
    size_t n = session_lockfile_findings(a->session, &f), seen = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].lockfile == lf && seen++ == (size_t)k)
            hit = &f[i];
    if (total)
        *total = seen;
    return k < 0 ? NULL : hit;
}

const struct finding *findings_pane_item(const struct app *a, unsigned node, int k,
                                         size_t *total)
{
    size_t nn = a->g->nodes.len;
    if (node != GRAPH_NONE && node >= nn)   /* a lockfile heading: nn + its index */
        return lockfile_item(a, (unsigned)(node - nn), k, total);
    const struct finding *f;
    size_t np, n = session_findings(a->session, node, &f);
    policy_pane_item(a, node, 0, &np);
    if (total)
        *total = np + n;
    if (k < 0)
        return NULL;
    return (size_t)k < np ? policy_pane_item(a, node, (size_t)k, NULL)
                          : (size_t)k < np + n ? &f[(size_t)k - np] : NULL;
}

/* The finding Enter opened, whole, when one is (true); *total counts the
 * node's items. */
static bool whole_finding(struct app *a, struct pane_doc *doc, unsigned node, size_t *total)
{
    const struct finding *whole = findings_pane_item(a, node, doc->detail, total);
    if (!whole)
        return false;
    doc_line(doc, EL_PANE_NOTE, "finding %d of %zu  (Esc: back to the list)", doc->detail + 1,
             *total);
    finding_lines(doc, whole, doc->detail, true);
    return true;
}

/* The rules' findings, items after the policy's (the head above). */
static void build_findings_list(struct app *a, struct pane_doc *doc, unsigned node)
{
    const struct finding *f;
    size_t n = session_findings(a->session, node, &f), total;
    if (whole_finding(a, doc, node, &total))
        return;
    if (!n) {
        const struct dep_node *nd = &a->g->nodes.items[node];
        if (session_record(a->session, node) || nd->source != SOURCE_REGISTRY)
            doc_line(doc, EL_PANE_NOTE, "no findings");
        else
            doc_not_cached(a, doc, node);
        return;
    }
    for (size_t i = 0; i < n; i++)
        finding_lines(doc, &f[i], (int)(total - n + i), false);
}

/* The policy's verdict first, the acknowledged findings last (policy_ui.c). */
static void build_findings(struct app *a, struct pane *pane, struct pane_doc *doc,
                           unsigned node)
{
    (void)pane;
    policy_pane_head(a, doc, node);
    build_findings_list(a, doc, node);
    policy_pane_acked(a, doc, node);
}

/* The lockfile's findings an ack moved aside, last (as a package's). */
static void lockfile_acked(struct app *a, struct pane_doc *doc, unsigned lf)
{
    const struct finding *f;
    size_t n = session_lockfile_acked(a->session, &f), mine = 0;
    for (size_t i = 0; i < n; i++)
        mine += f[i].lockfile == lf;
    if (!mine)
        return;
    doc_line(doc, EL_PANE_LABEL, "acknowledged (%zu): kept out of check's --fail-on", mine);
    for (size_t i = 0; i < n; i++) {
        if (f[i].lockfile != lf)
            continue;
        doc_line(doc, EL_PANE_NOTE, "%-8s %s", severity_name(f[i].severity),
                 doc_safe(doc, f[i].rule));
        doc_wrap(doc, EL_PANE_NOTE, 2, f[i].evidence);
    }
}

/* A lockfile heading: its own findings (missing hashes, extra indexes,
 * keys given twice), each an item a acknowledges, then the acknowledged. */
static void build_lockfile(struct app *a, struct pane *pane, struct pane_doc *doc, unsigned lf)
{
    (void)pane;
    unsigned node = (unsigned)a->g->nodes.len + lf;
    size_t total;
    if (whole_finding(a, doc, node, &total))
        return;
    for (size_t k = 0; k < total; k++)
        finding_lines(doc, findings_pane_item(a, node, (int)k, NULL), (int)k, false);
    if (!total)
        doc_line(doc, EL_PANE_NOTE, "%s", session_findings_ready(a->session)
                 ? "no findings about the lockfile itself" : "checking...");
    lockfile_acked(a, doc, lf);
}

static bool findings_keys(struct app *a, struct pane *p, enum action act, bool focused)
{
    if (focused && act == ACT_ACK) {   /* the finding under the cursor */
        ack_open(a, p);
        return true;
    }
    size_t total;
    findings_pane_item(a, a->pane_node, 0, &total);
    return focused && pane_keys(a, p, act, total);
}

static bool findings_event(struct app *a, struct pane *p, const struct pane_event *ev)
{
    if (ev->kind == PANE_EV_NODE)
        p->cursor = 0;      /* another package's list starts at its top */
    return ev->kind == PANE_EV_BACK && pane_close_entry(p);
}

static void findings_open(struct app *a, struct pane *p)
{
    p->cursor = 0;
}

const struct pane_ops pane_findings_ops = {
    .name = "findings",
    .title = "Findings",
    .open = findings_open,
    .draw = build_findings,
    .draw_lockfile = build_lockfile,
    .on_action = findings_keys,
    .on_event = findings_event,
};
