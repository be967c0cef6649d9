/* GitHub workflow annotations and a Markdown summary of `depvet check`. */
#include "depvet/cli/out_ci.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/termsafe.h"

#define MD_MAX_ROWS 100   /* a PR comment holds 65536 characters */

/* Workflow command escapes, as GitHub's actions/toolkit writes them. */
static void github_escape(struct strbuf *out, const char *s, bool property)
{
    struct strbuf safe = STRBUF_INIT;
    termsafe_append(&safe, s, strlen(s), 0);
    for (const char *p = strbuf_str(&safe); *p; p++) {
        switch (*p) {
        case '%': strbuf_puts(out, "%25"); break;
        case '\r': strbuf_puts(out, "%0D"); break;
        case '\n': strbuf_puts(out, "%0A"); break;
        case ':': strbuf_puts(out, property ? "%3A" : ":"); break;
        case ',': strbuf_puts(out, property ? "%2C" : ","); break;
        default: strbuf_putc(out, *p);
        }
    }
    strbuf_fini(&safe);
}

void out_github_data(struct strbuf *out, const char *s)
{
    github_escape(out, s, false);
}

void out_github_property(struct strbuf *out, const char *s)
{
    github_escape(out, s, true);
}

void out_markdown_text(struct strbuf *out, const char *s)
{
    struct strbuf safe = STRBUF_INIT;
    termsafe_append(&safe, s, strlen(s), 0);
    /* Emphasis, code, links and images ('[' ']'), HTML and entities ('<'
     * '>' '&'), table cells, headings and issue references ('#'),
     * strike-through, mentions ('@'), math ('$'), emoji and autolinks
     * (':'); the rest reads as it is (no '[' or '<' or '&' is left for
     * it to combine with). */
    static const char special[] = "\\`*_[]<>#|~@$:&";
    for (const char *p = strbuf_str(&safe); *p; p++) {
        if (strchr(special, *p))
            strbuf_printf(out, "&#%d;", (unsigned char)*p);
        else
            strbuf_putc(out, *p);
    }
    strbuf_fini(&safe);
}

static const struct dep_node *node_of(const struct out_check *r, const struct finding *f)
{
    return f->node == GRAPH_NONE ? NULL : &r->g->nodes.items[f->node];
}

/* "Hex name 1.0.0", or the lockfile's path for a lockfile finding. */
static void subject(struct strbuf *sb, const struct out_check *r, const struct finding *f)
{
    const struct dep_node *n = node_of(r, f);
    if (!n) {
        strbuf_puts(sb, file_relative(r->project, r->g->lockfiles.items[f->lockfile].path));
        return;
    }
    strbuf_printf(sb, "%s %s %s", ecosystem_name(n->eco), n->name,
                  n->version[0] ? n->version : "(unpinned)");
}

static const char *const github_level[SEV_COUNT] = {
    [SEV_INFO] = "notice", [SEV_LOW] = "notice", [SEV_MEDIUM] = "warning",
    [SEV_HIGH] = "error", [SEV_CRITICAL] = "error",
};

static void github_line(struct strbuf *sb, const struct out_check *r, const struct finding *f)
{
    const struct dep_node *n = node_of(r, f);
    strbuf_printf(sb, "::%s file=", github_level[f->severity]);
    out_github_property(sb, file_relative(r->project, r->g->lockfiles.items[f->lockfile].path));
    if (n && n->line)
        strbuf_printf(sb, ",line=%u", n->line);
    strbuf_puts(sb, ",title=");
    struct strbuf t = STRBUF_INIT;
    strbuf_printf(&t, "depvet %s (%s)", f->rule, severity_name(f->severity));
    out_github_property(sb, strbuf_str(&t));
    strbuf_reset(&t);
    subject(&t, r, f);
    strbuf_printf(&t, ": %s", f->message);
    strbuf_puts(sb, "::");
    out_github_data(sb, strbuf_str(&t));
    if (f->evidence) {   /* on a line of its own in the annotation */
        strbuf_puts(sb, "%0A");
        out_github_data(sb, f->evidence);
    }
    strbuf_putc(sb, '\n');
    strbuf_fini(&t);
}

/* With a baseline only the new findings are annotated: the known ones
 * were annotated on the run that made it, and a pull request's checks
 * should show what the change brings. */
bool out_github_check(FILE *out, const struct out_check *r)
{
    struct strbuf sb = STRBUF_INIT;
    unsigned counts[SEV_COUNT] = {0};
    const bool *is_new = r->bm ? r->bm->is_new : NULL;
    size_t known = 0, shown = 0;
    for (size_t i = 0; i < r->fs->items.len; i++) {
        const struct finding *f = &r->fs->items.items[i];
        if (f->severity < r->min)
            continue;
        counts[f->severity]++;
        if (is_new && !is_new[i]) {
            known++;
            continue;
        }
        github_line(&sb, r, f);
        shown++;
    }
    strbuf_printf(&sb, "depvet: %u critical, %u high, %u medium, %u low, %u info; %zu acknowledged",
                  counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM], counts[SEV_LOW],
                  counts[SEV_INFO], r->acked->items.len);
    if (is_new)
        strbuf_printf(&sb, "; baseline: %zu new (annotated), %zu known (not annotated), %zu of "
                           "its %zu findings gone", shown, known, r->bm->n_gone,
                      r->bm->n_base);
    strbuf_putc(&sb, '\n');
    bool ok = fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0;
    strbuf_fini(&sb);
    return ok;
}

/* ---- Markdown ------------------------------------------------------------ */

struct ranked {
    bool fresh;               /* not in the baseline */
    enum severity sev;
    size_t i;
};

/* New first (with a baseline), then most severe; ties in check's order. */
static int by_severity(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    if (a->fresh != b->fresh)
        return a->fresh ? -1 : 1;
    if (a->sev != b->sev)
        return a->sev > b->sev ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

static void md_cell(struct strbuf *sb, const char *s)
{
    strbuf_puts(sb, " ");
    out_markdown_text(sb, s);
    strbuf_puts(sb, " |");
}

static void md_subject_cell(struct strbuf *sb, const struct out_check *r, const struct finding *f)
{
    struct strbuf t = STRBUF_INIT;
    subject(&t, r, f);
    md_cell(sb, strbuf_str(&t));
    strbuf_reset(&t);
    const struct dep_node *n = node_of(r, f);
    strbuf_puts(&t, file_relative(r->project, r->g->lockfiles.items[f->lockfile].path));
    if (n && n->line)
        strbuf_printf(&t, " line %u", n->line);
    md_cell(sb, strbuf_str(&t));
    strbuf_fini(&t);
}

/* The findings table (unreviewed ones apart, or only them). */
static void md_findings(struct strbuf *sb, const struct out_check *r,
                        const struct ranked *order, size_t n, bool unreviewed)
{
    size_t rows = 0, more = 0;
    for (size_t k = 0; k < n; k++) {
        const struct finding *f = &r->fs->items.items[order[k].i];
        if ((strcmp(f->rule, "unreviewed") == 0) != unreviewed)
            continue;
        if (rows == MD_MAX_ROWS) {
            more++;
            continue;
        }
        bool base = r->bm && r->bm->is_new;
        if (!rows++) {
            strbuf_puts(sb, unreviewed ? "\n### Unreviewed pins\n\n|" : "\n### Findings\n\n|");
            if (base)
                strbuf_puts(sb, " new |");
            strbuf_puts(sb, unreviewed ? " severity | package | lockfile | suggested review | "
                                         "command |\n|"
                                       : " severity | package | lockfile | rule | finding |\n|");
            strbuf_puts(sb, base ? "---|---|---|---|---|---|\n" : "---|---|---|---|---|\n");
        }
        strbuf_putc(sb, '|');
        if (base)
            strbuf_puts(sb, order[k].fresh ? " **new** |" : " |");
        md_cell(sb, severity_name(f->severity));
        md_subject_cell(sb, r, f);
        if (!unreviewed)
            md_cell(sb, f->rule);
        md_cell(sb, f->message);
        if (unreviewed)
            md_cell(sb, f->evidence ? f->evidence : "");
        strbuf_putc(sb, '\n');
    }
    if (more)
        strbuf_printf(sb, "\n... and %zu more (see `depvet check`)\n", more);
}

static void md_coverage(struct strbuf *sb, const struct coverage *c, size_t acked)
{
    strbuf_printf(sb, "\n### Coverage\n\n"
                      "- %u pins: %u with registry facts, %u without, %u private, %u with stale facts\n"
                      "- reviews: %u reviewed, %u exempted, %u by a trusted publisher, "
                      "%u unreviewed, %u need none\n"
                      "- %lld advisories in the cache; %u pins asked of the OSV service\n"
                      "- %zu acknowledged findings left out\n",
                  c->pins, c->with_facts, c->without_facts, c->private_pins, c->stale,
                  c->reviewed, c->exempted, c->trusted, c->unreviewed, c->not_required,
                  (long long)c->advisories, c->osv_asked, acked);
}

bool out_markdown_check(FILE *out, const struct out_check *r)
{
    size_t n = 0;
    struct ranked *order = calloc(r->fs->items.len + 1, sizeof *order);
    unsigned counts[SEV_COUNT] = {0};
    for (size_t i = 0; i < r->fs->items.len; i++)
        if (r->fs->items.items[i].severity >= r->min) {
            order[n++] = (struct ranked){r->bm && r->bm->is_new && r->bm->is_new[i],
                                         r->fs->items.items[i].severity, i};
            counts[r->fs->items.items[i].severity]++;
        }
    qsort(order, n, sizeof *order, by_severity);
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "## depvet check\n\n| critical | high | medium | low | info | acknowledged |\n"
                       "|---:|---:|---:|---:|---:|---:|\n| %u | %u | %u | %u | %u | %zu |\n",
                  counts[SEV_CRITICAL], counts[SEV_HIGH], counts[SEV_MEDIUM], counts[SEV_LOW],
                  counts[SEV_INFO], r->acked->items.len);
    if (r->bm && r->bm->is_new)
        strbuf_printf(&sb, "\n**%zu new** since the baseline, listed first; %zu of its %zu "
                           "findings are gone.\n", r->bm->n_new, r->bm->n_gone, r->bm->n_base);
    md_findings(&sb, r, order, n, false);
    md_findings(&sb, r, order, n, true);
    md_coverage(&sb, r->cov, r->acked->items.len);
    bool ok = fwrite(sb.buf, 1, sb.len, out) == sb.len && fflush(out) == 0;
    strbuf_fini(&sb);
    free(order);
    return ok;
}
