/* The reputation pane: how old, how used and by whom a package is
 * published (releases, dependents, downloads with their sparkline, owners
 * and their history, publishers per release, status), and how fresh
 * those facts are. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "depvet/core/numfmt.h"
#include "depvet/core/strbuf.h"
#include "depvet/engine/fetchplan.h"

#define SPARK_MAX 48

/* Weekly (or, over more than a year, monthly) sums of the series,
 * drawn as block heights relative to the largest. */
static void sparkline(struct pane_doc *doc, const struct reg_package *p, bool ascii)
{
    if (p->n_series < 2)
        return;
    int64_t first = p->series[0].day, last = p->series[p->n_series - 1].day;
    int64_t bucket = last - first > 400 * 86400 ? 30 * 86400 : 7 * 86400;
    int64_t sums[SPARK_MAX] = {0};
    int nb = (int)((last - first) / bucket) + 1;
    if (nb > SPARK_MAX)
        nb = SPARK_MAX;
    int room = doc->width - 16;
    if (nb > room)
        nb = room > 4 ? room : 4;
    int64_t start = last - (int64_t)nb * bucket + 86400;
    for (size_t i = 0; i < p->n_series; i++) {
        if (p->series[i].day < start || p->series[i].count < 0)
            continue;
        int b = (int)((p->series[i].day - start) / bucket);
        if (b >= 0 && b < nb)
            sums[b] = reg_add_sat(sums[b], p->series[i].count);
    }
    int64_t max = 1;
    for (int b = 0; b < nb; b++)
        if (sums[b] > max)
            max = sums[b];
    static const char *const blocks[8] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ascii_levels[] = "_.-:=+*#";
    struct strbuf sb = STRBUF_INIT;
    for (int b = 0; b < nb; b++) {
        int lvl = (int)((double)sums[b] * 7.0 / (double)max + 0.5);
        if (ascii)
            strbuf_putc(&sb, ascii_levels[lvl]);
        else
            strbuf_puts(&sb, blocks[lvl]);
    }
    doc_line(doc, EL_SPARKLINE, "%-14s %s", bucket > 7 * 86400 ? "per month" : "per week",
             strbuf_str(&sb));
    strbuf_fini(&sb);
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

/* Who the attestations of the pinned and the latest release name (npm,
 * PyPI), the change from the pin in the high colour. */
static void rep_provenance(struct pane_doc *doc, const struct reputation *r)
{
    for (size_t i = 0; i < r->n_provenance; i++) {
        const struct provenance_line *l = &r->provenance[i];
        char words[512], line[700];
        reputation_provenance_words(l, words, sizeof(words));
        snprintf(line, sizeof(line), "%s %s: %s%s", l->version, l->role, words,
                 l->changed ? " (CHANGED from the pin)" : "");
        doc_field(doc, i ? "" : "provenance", line,
                  l->changed ? EL_SEV_HIGH
                  : l->attest == REG_ATTEST_UNKNOWN ? EL_PANE_NOTE : EL_NORMAL);
    }
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

static void build_reputation(struct app *a, struct pane *pane, struct pane_doc *doc,
                             unsigned node)
{
    const struct dep_node *n = &a->g->nodes.items[node];
    struct session_detail det;
    if (!session_detail(a->session, node, doc->arena, &det)) {
        doc_not_cached(a, doc, node);
        return;
    }
    rep_header(a, doc, n, &det);
    rep_releases(a, doc, &det.rep);
    rep_usage(a, doc, &det.rep);
    rep_people(a, doc, &det.rep);
    rep_provenance(doc, &det.rep);
    rep_status(doc, &det.rep);
}

const struct pane_ops pane_reputation_ops = {
    .name = "reputation",
    .title = "Reputation",
    .draw = build_reputation,
};
