/* Rules that compare a package with outside knowledge rather than with its
 * own record: advisories from the OSV database (vulnerabilities and
 * malicious-package reports) and names imitating popular packages. */
#include <stdio.h>
#include <string.h>

#include "depvet/core/strbuf.h"
#include "depvet/engine/catalog.h"
#include "depvet/engine/findings.h"

static const enum severity osv_severity_table[] = {
    [OSV_SEV_LOW] = SEV_LOW, [OSV_SEV_MEDIUM] = SEV_MEDIUM,
    [OSV_SEV_HIGH] = SEV_HIGH, [OSV_SEV_CRITICAL] = SEV_CRITICAL,
};

static bool is_malicious(const struct osv_match *m)
{
    for (size_t i = 0; i < m->n_ids; i++)
        if (strncmp(m->ids[i], "MAL-", 4) == 0)
            return true;
    return false;
}

/* "GHSA-x (CVE-y, PYSEC-z)": the record's id, then the merged aliases. */
static void id_list(struct strbuf *sb, const struct osv_match *m)
{
    strbuf_puts(sb, m->ids[0]);
    for (size_t i = 1; i < m->n_ids; i++) {
        strbuf_puts(sb, i == 1 ? " (" : ", ");
        strbuf_puts(sb, m->ids[i]);
    }
    if (m->n_ids > 1)
        strbuf_putc(sb, ')');
}

static void advisory_emit(struct rule_ctx *c, const struct osv_match *m)
{
    struct strbuf ids = STRBUF_INIT;
    id_list(&ids, m);
    const struct osv_record *r = m->rec;
    const char *what = r->summary ? r->summary : r->details ? r->details : "no summary";
    const char *v = c->node->version;
    if (is_malicious(m))
        rule_emit(c, "malicious", SEV_CRITICAL, r->link, strbuf_str(&ids),
                  "%s@%s is reported as a malicious package (%s): %s", c->node->name, v,
                  m->ids[0], what);
    else if (m->next_fixed)
        rule_emit(c, "advisory", osv_severity_table[m->severity], r->link, strbuf_str(&ids),
                  "%s: %s; fixed in %s", m->ids[0], what, m->next_fixed);
    else
        rule_emit(c, "advisory", osv_severity_table[m->severity], r->link, strbuf_str(&ids),
                  "%s: %s; no fixed version known", m->ids[0], what);
    strbuf_fini(&ids);
}

/* No exact pin: a malicious-package report still concerns whatever the
 * requirement resolves to.  Critical when every version it allows is
 * reported (a squat's record marks them all), high when some may be. */
static void unpinned_emit(struct rule_ctx *c, const struct osv_match *m)
{
    struct strbuf ids = STRBUF_INIT;
    id_list(&ids, m);
    const struct dep_node *n = c->node;
    const char *req = n->requirement && n->requirement[0] ? n->requirement : NULL;
    const char *what = m->rec->summary ? m->rec->summary : "no summary";
    if (m->cover == OSV_COVER_ALL)
        rule_emit(c, "malicious", SEV_CRITICAL, m->rec->link, strbuf_str(&ids),
                  "%s%s%s: every version it allows is reported as malicious (%s): %s",
                  n->name, req ? " " : "", req ? req : " (no version given)", m->ids[0], what);
    else
        rule_emit(c, "malicious", SEV_HIGH, m->rec->link, strbuf_str(&ids),
                  "%s%s%s may install a version reported as malicious (%s): %s",
                  n->name, req ? " " : "", req ? req : " (no version given)", m->ids[0], what);
    strbuf_fini(&ids);
}

static void rule_advisory(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    if (!c->env->osv)
        return;
    bool pinned = n->version && n->version[0];
    struct arena *a = arena_new();
    struct osv_match *m = NULL;
    struct diag d;
    diag_clear(&d);
    size_t k = pinned
        ? osvdb_matcher_match(c->env->osv, a, n->eco, n->name, n->version, &m, &d)
        : osvdb_matcher_match_req(c->env->osv, a, n->eco, n->name, n->requirement, &m, &d);
    for (size_t i = 0; i < k; i++)
        if (pinned)
            advisory_emit(c, &m[i]);
        else if (is_malicious(&m[i]))
            unpinned_emit(c, &m[i]);
    arena_free(a);
}

/* The package's own downloads a month from the cached record, or -1. */
static int64_t monthly_downloads(const struct reg_package *p)
{
    if (!p)
        return -1;
    const struct reg_downloads *d = &p->downloads;
    if (d->month >= 0)
        return d->month;
    if (d->recent >= 0 && d->recent_days > 0)
        return d->recent * 30 / d->recent_days;
    return -1;
}

static void rule_typosquat(struct rule_ctx *c)
{
    const struct dep_node *n = c->node;
    const struct typosquat_index *idx = c->env->popular[n->eco];
    if (!idx || engine_config_node_private(c->in->cfg, n))
        return;
    struct typosquat_hit h;
    if (!typosquat_check(idx, n->name, &h))
        return;
    /* a look-alike used about as much as its target is a package of its
     * own (uvicorn and unicorn): only the far less used are candidates */
    int64_t dependents = c->pkg ? c->pkg->dependents : -1;
    if (c->rep && c->rep->dependents >= 0)
        dependents = c->rep->dependents;
    if (typosquat_comparable_use(&h, monthly_downloads(c->pkg), dependents))
        return;
    char words[256];
    typosquat_hit_words(&h, n->name, words, sizeof(words));
    rule_emit(c, "typosquat", h.score >= TYPOSQUAT_HIGH_SCORE ? SEV_HIGH : SEV_MEDIUM, NULL,
              h.why, "%s looks like the popular package %s (%s, #%zu on %s)", n->name, h.target,
              words, h.target_rank + 1, ecosystem_name(n->eco));
}

const struct rule_def rules_advisory_table[] = {
    {"advisory", false, rule_advisory},
    {"typosquat", false, rule_typosquat},
    {NULL, false, NULL},
};

/* What the rules above emit, for the catalogue (SARIF, the manual). */
const struct rule_doc rules_advisory_docs[] = {
    {"advisory", SEV_HIGH, "a known vulnerability affects the pinned version",
     "An OSV advisory matches the pinned version; the severity follows the advisory's."},
    {"malicious", SEV_CRITICAL, "the pinned version is a known malicious package",
     "An OSV MAL- advisory: the package was published to attack whoever installs it."},
    {"typosquat", SEV_MEDIUM, "the name is close to a popular package's",
     "Typosquats catch users who mistype a popular name (high when very close)."},
    {NULL, SEV_INFO, NULL, NULL},
};
