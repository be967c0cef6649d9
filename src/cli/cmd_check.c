/* `depvet check [PATH]`: the findings for the project, from the lockfiles
 * and the cache, grouped by package with the most severe first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depvet/cli/commands.h"
#include "depvet/cli/out_ci.h"
#include "depvet/cli/out_sarif.h"
#include "depvet/engine/baseline.h"
#include "depvet/engine/cache.h"
#include "depvet/core/fileio.h"
#include "depvet/core/json.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/assemble.h"
#include "depvet/engine/findings.h"
#include "depvet/engine/pkgscan.h"
#include "depvet/engine/session.h"

enum { O_FORMAT, O_MIN, O_FAIL_ON, O_CACHE, O_LOCKED, O_OFFLINE, O_BASELINE, O_COUNT };

static const struct opt_def check_opts[O_COUNT] = {
    [O_FORMAT] = {"format", 'f', OPT_STRING, "FMT", "text (default), json, sarif, github or markdown", 0, 0},
    [O_MIN] = {"min-severity", 0, OPT_STRING, "SEV", "show findings at or above SEV (default info)", 0, 0},
    [O_FAIL_ON] = {"fail-on", 0, OPT_STRING, "SEV", "exit 1 when a finding at or above SEV exists (default high)", 0, 0},
    [O_CACHE] = OPT_DEF_CACHE,
    [O_LOCKED] = {"locked", 0, OPT_FLAG, NULL, "imports must match .depvet/imports.lock, which is not written", 0, 0},
    [O_OFFLINE] = {"offline", 0, OPT_FLAG, NULL, "fetch no import: use the copies in the cache", 0, 0},
    [O_BASELINE] = {"baseline", 0, OPT_STRING, "FILE", "a previous check --format json: its findings are not new", 0, 0},
};

struct group {                 /* one package's findings: items[first..first+n) */
    size_t first, n;
    enum severity worst;
    const char *subject;       /* package name or lockfile path: the sort key */
    bool fresh;                /* holds a finding the baseline does not */
};

static const char *subject_name(const struct dep_graph *g, const struct finding *f)
{
    return f->node == GRAPH_NONE ? g->lockfiles.items[f->lockfile].path
                                 : g->nodes.items[f->node].name;
}

/* With a baseline, groups with new findings first; then worst first, then
 * by name; ties keep finding order (first is unique), so the order is
 * total and the same as a stable sort's. */
static int group_cmp(const void *x, const void *y)
{
    const struct group *a = x, *b = y;
    if (a->fresh != b->fresh)
        return a->fresh ? -1 : 1;
    if (a->worst != b->worst)
        return a->worst > b->worst ? -1 : 1;
    int c = strcmp(a->subject, b->subject);
    return c ? c : (a->first > b->first) - (a->first < b->first);
}

/* Findings come sorted by node; each run of one node is a group. */
static size_t make_groups(const struct findings *fs, const struct dep_graph *g,
                          enum severity min, const bool *is_new, struct group **out)
{
    struct group *gr = xcalloc(fs->items.len + 1, sizeof(*gr));
    size_t n = 0;
    for (size_t i = 0; i < fs->items.len; i++) {
        const struct finding *f = &fs->items.items[i];
        if (f->severity < min)
            continue;
        bool same = n && fs->items.items[gr[n - 1].first].node == f->node &&
                    fs->items.items[gr[n - 1].first].lockfile == f->lockfile &&
                    gr[n - 1].first + gr[n - 1].n == i;
        if (!same)
            gr[n++] = (struct group){i, 0, f->severity, subject_name(g, f), false};
        gr[n - 1].n++;
        gr[n - 1].fresh |= is_new && is_new[i];
        if (f->severity > gr[n - 1].worst)
            gr[n - 1].worst = f->severity;
    }
    qsort(gr, n, sizeof(*gr), group_cmp);
    *out = gr;
    return n;
}

static void put_safe(struct strbuf *sb, const char *s)
{
    termsafe_append(sb, s, strlen(s), 0);
}

/* What the archive pass saw, so a clean result is not mistaken for a
 * scanned one. */
static void print_archives(const struct archive_scan_summary *as)
{
    if (!as->archives)
        return;
    printf("archives: %u of %u scanned, %u not fetched%s, %u failing their digests\n",
           as->scanned, as->archives, as->missing, as->missing ? " (run depvet fetch)" : "",
           as->mismatched);
    if (as->no_rules)
        printf("  no scan: %s\n", as->rules_error);
}

static void print_groups(const struct findings *fs, const struct dep_graph *g,
                         const struct group *gr, size_t ng, const bool *is_new)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < ng; k++) {
        const struct finding *head = &fs->items.items[gr[k].first];
        strbuf_reset(&sb);
        if (head->node == GRAPH_NONE) {
            put_safe(&sb, g->lockfiles.items[head->lockfile].path);
        } else {
            const struct dep_node *n = &g->nodes.items[head->node];
            strbuf_printf(&sb, "%s ", ecosystem_name(n->eco));
            put_safe(&sb, n->name);
            strbuf_putc(&sb, ' ');
            put_safe(&sb, n->version[0] ? n->version : "(unpinned)");
        }
        strbuf_putc(&sb, '\n');
        for (size_t i = gr[k].first; i < gr[k].first + gr[k].n; i++) {
            const struct finding *f = &fs->items.items[i];
            strbuf_printf(&sb, "  %-9s %-21s %s", severity_name(f->severity), f->rule,
                          is_new && is_new[i] ? "new: " : "");
            put_safe(&sb, f->message);
            strbuf_putc(&sb, '\n');
            const char *extra[] = {f->evidence, f->link};
            for (size_t e = 0; e < 2; e++) {
                if (!extra[e] || strstr(f->message, extra[e]))
                    continue; /* nothing the message did not already say */
                strbuf_puts(&sb, "                                ");
                put_safe(&sb, extra[e]);
                strbuf_putc(&sb, '\n');
            }
        }
        fwrite(sb.buf, 1, sb.len, stdout);
    }
    strbuf_fini(&sb);
}

static void print_counts(const struct findings *fs, size_t ng, bool have_cache,
                         const struct baseline_marks *bm)
{
    unsigned counts[SEV_COUNT];
    findings_count(fs, counts);
    printf("%s%u critical, %u high, %u medium, %u low, %u info%s\n", ng ? "\n" : "",
           counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM], counts[SEV_LOW],
           counts[SEV_INFO],
           have_cache ? "" : " (no cache: only lockfile rules ran; run depvet refresh)");
    if (bm->is_new)
        printf("baseline: %zu new, %zu of its %zu findings gone\n", bm->n_new, bm->n_gone,
               bm->n_base);
}

/* Acknowledged findings, apart: they do not count towards --fail-on. */
static void print_acked(const struct findings *acked, const struct dep_graph *g)
{
    if (!acked->items.len)
        return;
    struct group *gr;
    size_t ng = make_groups(acked, g, SEV_INFO, NULL, &gr);
    printf("\nacknowledged (%zu, not counted):\n", acked->items.len);
    print_groups(acked, g, gr, ng, NULL);
    free(gr);
}

static void print_coverage(const struct coverage *c, const struct archive_scan_summary *as)
{
    char old[16], new_[16];
    timeutil_format_date(c->oldest, "-", old, sizeof old);
    timeutil_format_date(c->newest, "-", new_, sizeof new_);
    printf("coverage: %u pins; registry facts for %u (learned %s to %s, %u older than their "
           "time-to-live), none for %u%s", c->pins, c->with_facts, old, new_, c->stale,
           c->without_facts, c->without_facts ? " (run depvet refresh)" : "");
    if (c->private_pins)
        printf(", %u private never asked", c->private_pins);
    char asked[16];
    timeutil_format_date(c->osv_oldest, "-", asked, sizeof asked);
    printf("\n  advisories: %lld in the cache, newest modified %s; the OSV service asked about "
           "%u pins (oldest answer %s)\n", (long long)c->advisories,
           c->advisories_modified[0] ? c->advisories_modified : "-", c->osv_asked, asked);
    if (!as->archives && c->pins)
        printf("  code: no archive stored, nothing was scanned (run depvet fetch)\n");
    printf("  reviews: %u reviewed, %u exempted, %u by trusted publishers, %u unreviewed, "
           "%u need none, %u through imports\n", c->reviewed, c->exempted, c->trusted,
           c->unreviewed, c->not_required, c->imported);
}

static void json_finding(struct strbuf *sb, const struct finding *f, const struct dep_graph *g,
                         const bool *is_new)
{
    const struct dep_node *n = f->node == GRAPH_NONE ? NULL : &g->nodes.items[f->node];
    strbuf_puts(sb, "\n{\"rule\":");
    json_put_string(sb, f->rule);
    json_put_member(sb, "severity", severity_name(f->severity), true);
    json_put_member(sb, "ecosystem", n ? ecosystem_name(n->eco) : NULL, true);
    json_put_member(sb, "name", n ? n->name : NULL, true);
    json_put_member(sb, "version", n ? n->version : NULL, true);
    json_put_member(sb, "lockfile", g->lockfiles.items[f->lockfile].path, true);
    json_put_member(sb, "message", f->message, true);
    json_put_member(sb, "evidence", f->evidence, true);
    json_put_member(sb, "link", f->link, true);
    if (f->path)
        json_put_member(sb, "path", f->path, true);
    if (f->line_sha256)
        json_put_member(sb, "line_sha256", f->line_sha256, true);
    if (f->subject_sha256)
        json_put_member(sb, "subject_sha256", f->subject_sha256, true);
    if (is_new)
        strbuf_printf(sb, ",\"new\":%s", *is_new ? "true" : "false");
    strbuf_putc(sb, '}');
}

static void json_coverage(struct strbuf *sb, const struct coverage *c)
{
    char old[16], new_[16];
    timeutil_format_date(c->oldest, "", old, sizeof old);
    timeutil_format_date(c->newest, "", new_, sizeof new_);
    strbuf_printf(sb, ",\n\"coverage\":{\"pins\":%u,\"with_facts\":%u,\"without_facts\":%u,"
                      "\"private\":%u,\"stale_facts\":%u", c->pins, c->with_facts,
                  c->without_facts, c->private_pins, c->stale);
    json_put_member(sb, "facts_oldest", old[0] ? old : NULL, true);
    json_put_member(sb, "facts_newest", new_[0] ? new_ : NULL, true);
    strbuf_printf(sb, ",\"advisories\":%lld", (long long)c->advisories);
    json_put_member(sb, "advisories_modified",
                    c->advisories_modified[0] ? c->advisories_modified : NULL, true);
    char asked[16];
    timeutil_format_date(c->osv_oldest, "", asked, sizeof asked);
    strbuf_printf(sb, ",\"osv_asked\":%u", c->osv_asked);
    json_put_member(sb, "osv_oldest", asked[0] ? asked : NULL, true);
    strbuf_printf(sb, ",\"reviewed\":%u,\"exempted\":%u,\"trusted\":%u,\"imported\":%u,"
                      "\"unreviewed\":%u,\"not_required\":%u}", c->reviewed, c->exempted,
                  c->trusted, c->imported, c->unreviewed, c->not_required);
}

struct report {
    const struct imports *im;
    const struct enforce_pin *pins;
    size_t n_pins;
    const struct findings *fs, *acked;
    const struct dep_graph *g;
    const struct group *gr;
    size_t ng;
    const struct archive_scan_summary *as;
    const struct coverage *cov;
    const struct audits *set;
    const struct enforce_stale *stale;
    size_t n_stale;
    struct baseline_marks bm;
    const char *project;
};

static const char *const import_source_table[] = {
    [IMPORT_FETCHED] = "fetched", [IMPORT_NOT_MODIFIED] = "not-modified",
    [IMPORT_CACHED] = "cached",
};

/* Each import: where from, what it may satisfy, its digest and whether
 * imports.lock changed; then each pin only an import covers. */
static void print_imports(const struct report *r)
{
    if (!r->im || !r->im->n)
        return;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "\nimports:\n");
    for (size_t i = 0; i < r->im->n; i++) {
        const struct import_state *s = &r->im->items[i];
        char day[16];
        timeutil_format_date(s->fetched_at, "-", day, sizeof day);
        strbuf_printf(&sb, "  %s ", s->def->name);
        put_safe(&sb, s->def->url);
        strbuf_printf(&sb, ": %zu reviews taken (up to %s), sha256 %s, %s %s", s->reviews,
                      audits_criteria_name(s->def->criteria), s->sha256,
                      import_source_table[s->source], day);
        if (s->note[0]) {
            strbuf_puts(&sb, " (");
            put_safe(&sb, s->note);
            strbuf_putc(&sb, ')');
        }
        if (s->lock_changed)
            strbuf_printf(&sb, "\n    imports.lock updated%s%s: review and commit it",
                          s->locked[0] ? ", was sha256 " : " (new entry)", s->locked);
        strbuf_putc(&sb, '\n');
    }
    for (size_t i = 0; i < r->n_pins; i++) {
        const struct enforce_pin *p = &r->pins[i];
        const struct dep_node *n = &r->g->nodes.items[p->node];
        if (!p->origin)
            continue;
        strbuf_printf(&sb, "  covered: %s ", ecosystem_name(n->eco));
        put_safe(&sb, n->name);
        strbuf_putc(&sb, ' ');
        put_safe(&sb, n->version);
        strbuf_printf(&sb, " %s by reviews from %s\n",
                      audits_criteria_name((enum audit_criteria)p->need), p->origin);
    }
    fwrite(sb.buf, 1, sb.len, stdout);
    strbuf_fini(&sb);
}

static void json_imports(struct strbuf *sb, const struct report *r)
{
    strbuf_puts(sb, ",\n\"imports\":[");
    for (size_t i = 0; r->im && i < r->im->n; i++) {
        const struct import_state *s = &r->im->items[i];
        char day[16];
        timeutil_format_date(s->fetched_at, "", day, sizeof day);
        strbuf_puts(sb, i ? ",{\"name\":" : "{\"name\":");
        json_put_string(sb, s->def->name);
        json_put_member(sb, "url", s->def->url, true);
        json_put_member(sb, "criteria", audits_criteria_name(s->def->criteria), true);
        json_put_member(sb, "sha256", s->sha256, true);
        json_put_member(sb, "locked_sha256", s->locked[0] ? s->locked : NULL, true);
        json_put_member(sb, "source", import_source_table[s->source], true);
        json_put_member(sb, "note", s->note[0] ? s->note : NULL, true);
        json_put_member(sb, "fetched", day[0] ? day : NULL, true);
        strbuf_printf(sb, ",\"reviews\":%zu,\"lock_updated\":%s}", s->reviews,
                      s->lock_changed ? "true" : "false");
    }
    strbuf_puts(sb, "],\n\"imported\":[");
    bool first = true;
    for (size_t i = 0; i < r->n_pins; i++) {
        const struct enforce_pin *p = &r->pins[i];
        if (!p->origin)
            continue;
        const struct dep_node *n = &r->g->nodes.items[p->node];
        strbuf_puts(sb, first ? "{\"ecosystem\":" : ",{\"ecosystem\":");
        first = false;
        json_put_string(sb, ecosystem_name(n->eco));
        json_put_member(sb, "name", n->name, true);
        json_put_member(sb, "version", n->version, true);
        json_put_member(sb, "criteria", audits_criteria_name((enum audit_criteria)p->need), true);
        json_put_member(sb, "import", p->origin, true);
        strbuf_putc(sb, '}');
    }
    strbuf_putc(sb, ']');
}

/* The one line that says how to ack the lockfile's finding a stale ack
 * would name now (the old per-entry missing-hash, a changed subject). */
static void stale_hint(struct strbuf *sb, const struct audit_ack *k, const struct enforce_stale *st,
                       const struct dep_graph *g, const char *project)
{
    const char *lock = file_relative(project, g->lockfiles.items[st->instead_lockfile - 1].path);
    strbuf_puts(sb, "  hint: ");
    if (st->instead_acked) {
        strbuf_puts(sb, "the finding is now one for the lockfile ");
        put_safe(sb, lock);
        strbuf_puts(sb, ", and an ack of it covers it: remove this ack\n");
        return;
    }
    if (k->lockfile[0]) {
        strbuf_puts(sb, "the lockfile changed since (acknowledged: ");
        put_safe(sb, k->evidence[0] ? k->evidence : "-");
        strbuf_puts(sb, "; now: ");
        put_safe(sb, st->instead_evidence ? st->instead_evidence : "-");
        strbuf_puts(sb, "): if that is accepted too, ");
    } else {
        strbuf_puts(sb, "the finding is now one for the lockfile: ");
    }
    strbuf_puts(sb, "depvet review --ack ");
    put_safe(sb, k->rule);
    strbuf_puts(sb, " --lockfile ");
    put_safe(sb, lock);
    strbuf_puts(sb, k->lockfile[0] ? " --reason TEXT (it replaces this ack)\n"
                                   : " --reason TEXT, and remove this ack\n");
}

static void print_stale(const struct report *r)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < r->n_stale; i++) {
        const struct enforce_stale *st = &r->stale[i];
        struct audit_ack k;
        audits_ack_at(r->set, st->ack, &k);
        strbuf_reset(&sb);
        strbuf_printf(&sb, "%s %s ", st->expired ? "expired ack:" : "stale ack:",
                      ecosystem_name(k.eco));
        put_safe(&sb, k.lockfile[0] ? k.lockfile : k.name);
        strbuf_puts(&sb, k.lockfile[0] ? "" : " ");
        put_safe(&sb, k.version);
        strbuf_putc(&sb, ' ');
        put_safe(&sb, k.rule);
        if (k.path[0]) {
            strbuf_putc(&sb, ' ');
            put_safe(&sb, k.path);
        }
        strbuf_puts(&sb, st->expired ? " expired: the finding counts again\n"
                                     : " matches no finding: remove it from audits.toml\n");
        if (st->instead_lockfile)
            stale_hint(&sb, &k, st, r->g, r->project);
        fwrite(sb.buf, 1, sb.len, stdout);
    }
    strbuf_fini(&sb);
}

static void json_stale(struct strbuf *sb, const struct report *r)
{
    strbuf_puts(sb, "],\n\"stale_acks\":[");
    for (size_t i = 0; i < r->n_stale; i++) {
        struct audit_ack k;
        audits_ack_at(r->set, r->stale[i].ack, &k);
        strbuf_puts(sb, i ? ",{\"rule\":" : "{\"rule\":");
        json_put_string(sb, k.rule);
        json_put_member(sb, "ecosystem", ecosystem_name(k.eco), true);
        json_put_member(sb, "name", k.name[0] ? k.name : NULL, true);
        json_put_member(sb, "version", k.version[0] ? k.version : NULL, true);
        json_put_member(sb, "path", k.path[0] ? k.path : NULL, true);
        json_put_member(sb, "lockfile", k.lockfile[0] ? k.lockfile : NULL, true);
        unsigned lf = r->stale[i].instead_lockfile;
        json_put_member(sb, "instead_lockfile",
                        lf ? file_relative(r->project, r->g->lockfiles.items[lf - 1].path) : NULL,
                        true);
        strbuf_printf(sb, ",\"expired\":%s}", r->stale[i].expired ? "true" : "false");
    }
}

static void print_json(const struct report *r)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"schema\":\"depvet.check/1\",\"findings\":[");
    bool first = true;
    for (size_t k = 0; k < r->ng; k++)
        for (size_t i = r->gr[k].first; i < r->gr[k].first + r->gr[k].n; i++) {
            if (!first)
                strbuf_putc(&sb, ',');
            first = false;
            json_finding(&sb, &r->fs->items.items[i], r->g, r->bm.is_new ? &r->bm.is_new[i] : NULL);
        }
    strbuf_puts(&sb, "],\n\"acknowledged\":[");
    for (size_t i = 0; i < r->acked->items.len; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        json_finding(&sb, &r->acked->items.items[i], r->g,
                     r->bm.acked_new ? &r->bm.acked_new[i] : NULL);
    }
    json_stale(&sb, r);
    unsigned counts[SEV_COUNT];
    findings_count(r->fs, counts);
    strbuf_puts(&sb, "],\n\"counts\":{");
    for (unsigned s = 0; s < SEV_COUNT; s++)
        strbuf_printf(&sb, "%s\"%s\":%u", s ? "," : "", severity_name((enum severity)s), counts[s]);
    strbuf_printf(&sb, "},\n\"archives\":{\"total\":%u,\"scanned\":%u,\"not_fetched\":%u,"
                       "\"mismatched\":%u}", r->as->archives, r->as->scanned, r->as->missing,
                  r->as->mismatched);
    json_coverage(&sb, r->cov);
    json_imports(&sb, r);
    strbuf_puts(&sb, "}\n");
    fwrite(sb.buf, 1, sb.len, stdout);
    strbuf_fini(&sb);
}

static void print_report(const struct report *r, bool json, bool have_cache)
{
    if (json) {
        print_json(r);
        return;
    }
    print_groups(r->fs, r->g, r->gr, r->ng, r->bm.is_new);
    print_acked(r->acked, r->g);
    print_stale(r);
    print_imports(r);
    print_counts(r->fs, r->ng || r->acked->items.len, have_cache, &r->bm);
    print_archives(r->as);
    print_coverage(r->cov, r->as);
}

/* The scanner rules join the catalogue when they load; a broken rule
 * folder only leaves them out (the text report says why). */
static void print_machine(const struct report *r, const char *project, enum severity min,
                          const char *format, const char *cache_dir)
{
    struct diag d;
    diag_clear(&d);
    bool sarif = strcmp(format, "sarif") == 0;
    struct rule_set *rs = sarif ? pkgscan_rules_load(cache_dir, &d) : NULL;
    struct out_check oc = {r->fs, r->acked, r->g, r->cov, project, rs, min, &r->bm};
    if (sarif)
        out_sarif_check(stdout, &oc);
    else if (strcmp(format, "github") == 0)
        out_github_check(stdout, &oc);
    else
        out_markdown_check(stdout, &oc);
    pkgscan_rules_free(rs);
}

static bool parse_severity(const struct opt_value *v, enum severity dflt, enum severity *out)
{
    *out = dflt;
    if (v->set && !severity_parse(v->str, out)) {
        fprintf(stderr, "depvet check: unknown severity '%s'\n"
                        "hint: use info, low, medium, high or critical\n", v->str);
        return false;
    }
    return true;
}

/* The project's reviews and the imports that count with them; NULL with
 * d set when either is malformed or an import cannot be had. */
static struct audits *load_reviews(const char *path, const struct engine_config *cfg,
                                   const struct opt_value *v, struct imports *im,
                                   struct diag *d)
{
    char *apath = session_project_file(path, "audits.toml");
    struct audits *set = audits_load(apath, d);
    free(apath);
    struct imports_options io = {v[O_OFFLINE].set, v[O_LOCKED].set,
                                 engine_config_cache_dir(cfg, v[O_CACHE].str), timeutil_now()};
    if (set && !imports_resolve(im, cfg, path, set, &io, d)) {
        audits_free(set);
        set = NULL;
    }
    return set;
}

static bool check_usage_ok(const struct cli_ctx *cx)
{
    const struct opt_value *v = cx->v;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    enum severity min, fail_on;
    if (!parse_severity(&v[O_MIN], SEV_INFO, &min) || !parse_severity(&v[O_FAIL_ON], SEV_HIGH, &fail_on))
        return false;
    static const char *const formats[] = {"text", "json", "sarif", "github", "markdown"};
    bool known = false;
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        known |= strcmp(format, formats[i]) == 0;
    if (!known) {
        fprintf(stderr, "depvet check: unknown format '%s'\n"
                        "hint: use text, json, sarif, github or markdown\n", format);
        return false;
    }
    struct diag d;
    diag_clear(&d);
    /* Read again by the run: a bad baseline is a usage error before
     * anything is opened. */
    struct baseline *base = v[O_BASELINE].set ? baseline_read(v[O_BASELINE].str, &d) : NULL;
    if (v[O_BASELINE].set && !base) {
        cli_print_diag("depvet check --baseline", &d);
        return false;
    }
    baseline_free(base);
    return true;
}

static int check_run(const struct cli_command *self, struct cli_ctx *cx)
{
    (void)self;
    const struct opt_value *v = cx->v;
    const char *format = v[O_FORMAT].set ? v[O_FORMAT].str : "text";
    enum severity min, fail_on;
    parse_severity(&v[O_MIN], SEV_INFO, &min);
    parse_severity(&v[O_FAIL_ON], SEV_HIGH, &fail_on);
    const char *path = cx->path;
    struct store *st = cx->cache;
    struct baseline *base = v[O_BASELINE].set ? baseline_read(v[O_BASELINE].str, &cx->d) : NULL;
    if (v[O_BASELINE].set && !base)
        return EXIT_FAILURE_;
    struct imports im;
    struct audits *set = load_reviews(path, &cx->cfg, v, &im, &cx->d);
    if (!set) {
        baseline_free(base);
        return EXIT_FAILURE_;
    }
    const char *cache_dir = cx->cache_dir;
    struct findings fs, acked;
    struct findings_input in = {session_graph(cx->sess), st, &cx->cfg, timeutil_now()};
    struct enforce_input ei = {&in, set, cache_dir, true, &im, NULL};
    struct findings_report fr;
    findings_assemble(&fs, &ei, true, &fr);
    const struct archive_scan_summary as = fr.archives;
    char today[16];
    timeutil_format_date(in.now, "1970-01-01", today, sizeof today);
    struct report r = {&im, fr.pins, fr.n_pins, &fs, &acked, in.g, NULL, 0, &as, &fr.cov, set,
                       NULL, 0, {0}, path};
    struct enforce_stale *stale;
    enforce_acks(&fs, in.g, path, set, today, &acked, &stale, &r.n_stale);
    r.stale = stale;
    baseline_marks_build(&r.bm, base, &fs, &acked, in.g, path);
    struct group *gr;
    r.ng = make_groups(&fs, in.g, min, r.bm.is_new, &gr);
    r.gr = gr;
    if (strcmp(format, "sarif") == 0 || strcmp(format, "github") == 0 ||
        strcmp(format, "markdown") == 0)
        print_machine(&r, path, min, format, cache_dir);
    else
        print_report(&r, strcmp(format, "json") == 0, st != NULL);
    int rc = 0;
    for (size_t i = 0; i < fs.items.len; i++)
        if (fs.items.items[i].severity >= fail_on)
            rc = EXIT_FAILURE_;
    if (as.no_rules && as.archives) {   /* unscanned archives are no clean result */
        fprintf(stderr, "depvet check: no scan: %s\n", as.rules_error);
        rc = rc ? rc : EXIT_PARTIAL;
    }
    free(gr);
    free(stale);
    findings_report_fini(&fr);
    baseline_marks_fini(&r.bm);
    baseline_free(base);
    findings_fini(&fs);
    findings_fini(&acked);
    imports_fini(&im);
    audits_free(set);
    return rc;
}

const struct cli_command cmd_check_entry = {
    .name = "check",
    .args = "[PATH]",
    .summary = "list the findings about the project's packages, most severe first",
    .details =
        "Runs every rule on the lockfiles under PATH and on what the cache knows of\n"
        "each package (run 'depvet refresh' first; check asks the network only for\n"
        "the [imports] of .depvet/config.toml, and not with --offline): retirements, yanks, deprecations and successors, young or stale\n"
        "packages, first-time publishers, owner changes before the pinned release,\n"
        "repository links, checksums that differ from the registry's, private names\n"
        "seen in public, loose pins and missing hashes; with a [policy], pins nobody\n"
        "reviewed.  Imports are pinned in .depvet/imports.lock, which check updates\n"
        "(commit it); --locked refuses an import whose content differs from the lock.\n"
        "Exit status: 1 when a finding at or above --fail-on exists or an import\n"
        "cannot be had, 0 otherwise, 2 on usage errors.",
    .opts = check_opts,
    .nopts = O_COUNT,
    .max_pos = 1,
    .needs = NEED_PATH | NEED_CONFIG | NEED_GRAPH | NEED_CACHE,
    .cache_mode = CACHE_READ,
    .usage_ok = check_usage_ok,
    .run = check_run,
};
