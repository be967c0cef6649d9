/* The right-hand panes' content: the reputation and findings panes, and the
 * line helpers every pane builder uses.  Content is built once per (node,
 * width) into lines of safe text; drawing only copies visible lines. */
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
#include "depvet/engine/dlhistory.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/engine/srcdep.h"

static const char *const pane_title_table[PANE_COUNT] = {
    "Reputation", "Version diff", "Findings",
};

const char *pane_title(enum pane_id p)
{
    return (unsigned)p < PANE_COUNT ? pane_title_table[p] : "?";
}

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

/* ---- reputation ----------------------------------------------------------- */

/* The download history (engine/dlhistory); Hex's says how many
 * refreshes recorded it. */
static void sparkline(struct pane_doc *doc, const struct reg_package *p, bool ascii)
{
    struct dlhistory h;
    char note[128];
    bool drawn = dlhistory_build(p, doc->width - 16, &h);
    dlhistory_note(&h, note, sizeof(note));
    if (drawn) {
        struct strbuf sb = STRBUF_INIT;
        dlhistory_bars(&h, ascii, &sb);
        doc_line(doc, EL_SPARKLINE, "%-14s %s", dlhistory_unit(&h), strbuf_str(&sb));
        strbuf_fini(&sb);
    }
    if (note[0])
        doc_line(doc, EL_PANE_NOTE, "%-14s %s", drawn ? "" : "history", note);
}

static void rep_header(struct app *a, struct pane_doc *doc, const struct dep_node *n,
                       const struct session_detail *det)
{
    int64_t now = session_now(a->session);
    char date[32], age[32];
    doc_date(det->facts_at, date, sizeof(date));
    doc_age(det->facts_at, now, age, sizeof(age));
    /* Stale when a refresh would ask again: the engine's freshness table. */
    int64_t ttl = fetch_fact_ttl(n->eco, "package");
    bool stale = session_offline(a->session) || !det->facts_at ||
                 (ttl && now - det->facts_at > ttl);
    doc_line(doc, stale ? EL_STALE : EL_PANE_NOTE, "facts from %s (%s old)%s", date, age,
             session_offline(a->session) ? "  offline" : stale ? "  stale: press R" : "");
    if (det->pkg->description && det->pkg->description[0])
        doc_wrap(doc, EL_NORMAL, 0, det->pkg->description);
}

static void rep_releases(struct app *a, struct pane_doc *doc, const struct reputation *r)
{
    char d1[32], age[32], buf[512];
    int64_t now = session_now(a->session);
    doc_date(r->first_release, d1, sizeof(d1));
    doc_age(r->first_release, now, age, sizeof(age));
    snprintf(buf, sizeof(buf), "%s%s%s (%s ago)", r->first_version ? r->first_version : "",
             r->first_version ? " " : "", d1, age);
    doc_field(doc, "first release", buf, EL_NORMAL);
    doc_date(r->latest_published, d1, sizeof(d1));
    doc_age(r->latest_published, now, age, sizeof(age));
    snprintf(buf, sizeof(buf), "%s %s (%s ago)", r->latest ? r->latest : "?", d1, age);
    doc_field(doc, "latest", buf, EL_NORMAL);
    if (r->pinned) {
        snprintf(buf, sizeof(buf), "%s, %u release%s behind", r->pinned, r->behind,
                 r->behind == 1 ? "" : "s");
        doc_field(doc, "pinned", buf, r->behind ? EL_SEV_MEDIUM : EL_NORMAL);
    }
    char ly[32], all[32];
    snprintf(buf, sizeof(buf), "%s in the last year, %s in all",
             count_grouped(r->releases_last_year, ly, sizeof(ly)),
             count_grouped(r->n_releases, all, sizeof(all)));
    doc_field(doc, "releases", buf, EL_NORMAL);
}

static void rep_usage(struct app *a, struct pane_doc *doc, const struct reputation *r)
{
    const struct reg_package *p = r->pkg;
    char buf[256];
    reputation_dependents_words(r, buf, sizeof(buf));
    doc_field(doc, "dependents", buf, EL_NORMAL);
    reputation_downloads_words(&p->downloads, buf, sizeof(buf));
    doc_field(doc, "downloads", buf, EL_NORMAL);
    sparkline(doc, p, a->ascii);
    doc_field(doc, "repository", p->repository, EL_NORMAL);
    doc_field(doc, "licence", p->license, EL_NORMAL);
}

static const char *person(const char *name, const char *email)
{
    return name ? name : email ? email : "?";
}

static void rep_people(struct app *a, struct pane_doc *doc, const struct reputation *r)
{
    const struct reg_package *p = r->pkg;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < p->n_owners; i++)
        strbuf_printf(&sb, "%s%s", i ? ", " : "", person(p->owners[i].name, p->owners[i].email));
    doc_field(doc, "owners", p->n_owners ? strbuf_str(&sb) : "unknown", EL_NORMAL);
    char date[32];
    for (size_t i = 0; i < r->n_owner_events; i++) {
        const struct owner_event *e = &r->owner_events[i];
        doc_date(e->when, date, sizeof(date));
        strbuf_reset(&sb);
        strbuf_printf(&sb, "%s %s %s", date, e->added ? "+" : "-", person(e->name, e->email));
        doc_field(doc, i ? "" : "owner history", strbuf_str(&sb),
                  e->added ? EL_DIFF_ADD : EL_DIFF_DEL);
    }
    for (size_t i = 0; i < r->n_publishers; i++) {
        const struct publisher_entry *e = &r->publishers[i];
        doc_date(e->published, date, sizeof(date));
        strbuf_reset(&sb);
        strbuf_printf(&sb, "%s %s %s", e->version, date,
                      e->publisher ? e->publisher : "(unknown)");
        char first[192];
        publisher_first_describe(e, first, sizeof(first));
        if (first[0])
            strbuf_printf(&sb, ": %s", first);
        /* Only the known fact is a risk colour; the findings rule agrees. */
        doc_field(doc, i ? "" : "publishers", strbuf_str(&sb),
                  e->first == FIRST_KNOWN ? EL_SEV_MEDIUM
                  : e->first == FIRST_SINCE_WATCHING ? EL_PANE_NOTE : EL_NORMAL);
    }
    strbuf_fini(&sb);
    (void)a;
}

static void rep_status(struct pane_doc *doc, const struct reputation *r)
{
    const struct reg_package *p = r->pkg;
    char buf[1024];
    if (p->deprecated) {
        snprintf(buf, sizeof(buf), "deprecated%s%.900s", p->deprecation_message ? ": " : "",
                 p->deprecation_message ? p->deprecation_message : "");
        doc_field(doc, "status", buf, EL_SEV_HIGH);
    } else if (p->status) {
        doc_field(doc, "status", p->status, EL_NORMAL);
    }
    const struct reg_release *pin = r->pinned_release;
    if (pin && (pin->yanked || pin->retired || pin->deprecated)) {
        snprintf(buf, sizeof(buf), "%s %s%s%.300s%s%s%.500s", pin->version,
                 pin->retired ? "retired" : pin->yanked ? "yanked" : "deprecated",
                 pin->status_reason ? " (" : "", pin->status_reason ? pin->status_reason : "",
                 pin->status_reason ? ")" : "", pin->status_message ? ": " : "",
                 pin->status_message ? pin->status_message : "");
        doc_field(doc, "pinned status", buf, EL_SEV_HIGH);
    }
}

/* A git, path or URL dependency: what its lockfile says (engine/srcdep). */
static void source_facts(struct pane_doc *doc, const struct srcdep_facts *f)
{
    doc_line(doc, EL_PANE_NOTE, "not from a registry: the lockfile's facts");
    doc_field(doc, "source", f->kind, EL_NORMAL);
    doc_field(doc, f->kind[0] == 'p' ? "folder" : "url", f->where, EL_NORMAL);
    if (f->kind[0] == 'g')
        doc_field(doc, "commit", f->commit, EL_NORMAL);
    if (f->requested)
        doc_field(doc, "requested", f->requested, EL_NORMAL);
    doc_field(doc, "pinned", f->why, f->pinned ? EL_NORMAL : EL_SEV_MEDIUM);
}

static void not_cached(struct app *a, struct pane_doc *doc, const struct dep_node *n)
{
    struct srcdep_facts f;
    if (srcdep_describe(n, &f))
        source_facts(doc, &f);
    else if (n->eco == ECO_UNKNOWN)
        doc_line(doc, EL_PANE_NOTE, "not from a registry: nothing to look up");
    else if (!session_has_cache(a->session))
        doc_line(doc, EL_PANE_NOTE, "no cache yet; run depvet refresh");
    else
        doc_line(doc, EL_PANE_NOTE, "not in the cache; run depvet refresh");
}

static void build_reputation(struct app *a, struct pane_doc *doc, unsigned node)
{
    const struct dep_node *n = &a->g->nodes.items[node];
    struct session_detail det;
    if (!session_detail(a->session, node, doc->arena, &det)) {
        not_cached(a, doc, n);
        return;
    }
    rep_header(a, doc, n, &det);
    rep_releases(a, doc, &det.rep);
    rep_usage(a, doc, &det.rep);
    rep_people(a, doc, &det.rep);
    rep_status(doc, &det.rep);
}

/* ---- findings -------------------------------------------------------------- */

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

static void build_findings(struct app *a, struct pane_doc *doc, unsigned node)
{
    const struct finding *f;
    size_t n = session_findings(a->session, node, &f);
    if (!n) {
        const struct dep_node *nd = &a->g->nodes.items[node];
        if (session_record(a->session, node) || nd->source != SOURCE_REGISTRY)
            doc_line(doc, EL_PANE_NOTE, "no findings");
        else
            not_cached(a, doc, nd);
        return;
    }
    if (doc->detail >= 0 && (size_t)doc->detail < n) {
        doc_line(doc, EL_PANE_NOTE, "finding %d of %zu  (Esc: back to the list)",
                 doc->detail + 1, n);
        finding_lines(doc, &f[doc->detail], doc->detail, true);
        return;
    }
    for (size_t i = 0; i < n; i++)
        finding_lines(doc, &f[i], (int)i, false);
}

/* A lockfile heading: its own findings (loose pins, extra indexes) in the
 * findings pane, what it is in the others. */
static void build_lockfile(struct app *a, enum pane_id p, struct pane_doc *doc, unsigned lf)
{
    const struct lockfile_info *info = &a->g->lockfiles.items[lf];
    if (p != PANE_FINDINGS) {
        doc_field(doc, "lockfile", info->path, EL_NORMAL);
        doc_field(doc, "format", info->format, EL_NORMAL);
        doc_line(doc, EL_PANE_NOTE, "select a package for its %s",
                 p == PANE_DIFF ? "version diff" : "reputation");
        return;
    }
    const struct finding *f;
    size_t n = session_lockfile_findings(a->session, &f), shown = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].lockfile == lf)
            finding_lines(doc, &f[i], -1, false), shown++;
    if (!shown)
        doc_line(doc, EL_PANE_NOTE, "%s", session_findings_ready(a->session)
                 ? "no findings about the lockfile itself" : "checking...");
}

void pane_doc_update(struct app *a, enum pane_id p, struct pane_doc *doc,
                     unsigned node, int width)
{
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
        build_lockfile(a, p, doc, (unsigned)(node - nn));
        return;
    }
    if (node == GRAPH_NONE || node >= nn) {
        doc_line(doc, EL_PANE_NOTE, "select a package");
        return;
    }
    if (p == PANE_REPUTATION)
        build_reputation(a, doc, node);
    else if (p == PANE_DIFF)
        pane_build_diff(a, doc, node);
    else
        build_findings(a, doc, node);
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
