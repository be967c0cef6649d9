/* The review policy as findings: unreviewed, no-facts and cooldown per
 * registry pin, with the coverage of what the cache knew. */
#include "depvet/engine/enforce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/audit/policy.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/catalog.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/engine/osv_online.h"
#include "depvet/engine/pkgdiff.h"
#include "depvet/store/advisories.h"
#include "depvet/store/pkgstore.h"

/* How `depvet review` and `depvet diff` name an ecosystem. */
static const char *const spec_eco_table[] = {
    [ECO_HEX] = "hex", [ECO_PYPI] = "pypi", [ECO_NPM] = "npm",
};

static const char *spec_eco(enum ecosystem e)
{
    return e >= ECO_HEX && e <= ECO_NPM ? spec_eco_table[e] : "?";
}

/* True unless some node of the same package@version is a runtime one.
 * A runtime node answers at once: only dev nodes look at the others, so
 * a tree without dev dependencies is not walked once per pin (20,000
 * pins: 4 s of strcmp). */
static bool only_dev(const struct dep_graph *g, const struct dep_node *n)
{
    if (!(n->flags & DEP_DEV))
        return false;
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *m = &g->nodes.items[i];
        if (!(m->flags & DEP_DEV) && m->eco == n->eco && strcmp(m->key, n->key) == 0 &&
            strcmp(m->version, n->version) == 0)
            return false;
    }
    return true;
}

/* The diff from a reviewed version to the pin, measured when both
 * archives are stored; p->files stays -1 otherwise. */
static void measure(const struct enforce_input *e, const struct dep_node *n, const char *from,
                    struct enforce_pin *p)
{
    p->files = p->added = p->removed = -1;
    if (!e->diff_sizes || !e->in->st)
        return;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    struct pkgdiff_request q = {.eco = n->eco, .name = n->name, .from = from, .to = n->version,
                                .cache_dir = e->cache_dir, .offline = true, .now = e->in->now};
    struct pkgdiff_result r;
    if (pkgdiff_run(&q, e->in->cfg, a, &r, &d)) {
        p->files = p->added = p->removed = 0;
        for (size_t i = 0; i < r.diff->n_files; i++) {
            p->files++;
            p->added += (long)r.diff->files[i].added;
            p->removed += (long)r.diff->files[i].removed;
        }
        srcdiff_free(r.diff);
    }
    arena_free(a);
}

/* The cheapest way to cover the pin: a delta from the nearest reviewed
 * version (the smaller diff of the two nearest when both are measured). */
static void suggest(const struct enforce_input *e, const struct dep_node *n,
                    struct enforce_pin *p)
{
    const char *near[2];
    bool exempt[2];
    char today[16];
    timeutil_format_date(e->in->now, "1970-01-01", today, sizeof today);
    size_t k = policy_nearest(e->set, n->eco, n->name, n->version,
                              (enum audit_criteria)p->need, today, near, exempt);
    p->from = NULL;
    p->files = p->added = p->removed = -1;
    for (size_t i = 0; i < k; i++) {
        struct enforce_pin t = *p;
        measure(e, n, near[i], &t);
        long size = t.added + t.removed, best = p->added + p->removed;
        if (!p->from || (t.files >= 0 && (p->files < 0 || size < best))) {
            t.from = near[i];
            t.from_exempted = exempt[i];
            *p = t;
        }
    }
}

static void emit_unreviewed(struct rule_ctx *c, const struct enforce_pin *p,
                            const struct policy_verdict *v, unsigned sev)
{
    const struct dep_node *n = c->node;
    const char *need = audits_criteria_name((enum audit_criteria)p->need);
    char why[256] = "", how[512], cmd[1024];
    if (v->have)
        snprintf(why, sizeof why, "; reviewed for %s only",
                 audits_criteria_name((enum audit_criteria)v->have));
    if (v->expired)
        snprintf(why + strlen(why), sizeof why - strlen(why), "; the %s expired on %s",
                 v->expired_what, v->expired);
    char size[96] = "";
    if (p->from && p->files >= 0)
        snprintf(size, sizeof size, ": %ld files, +%ld -%ld", p->files, p->added, p->removed);
    if (p->from)
        snprintf(how, sizeof how, "cheapest: delta %s -> %s from the %s of %s%s", p->from,
                 n->version, p->from_exempted ? "exemption" : "review", p->from, size);
    else
        snprintf(how, sizeof how, "no version of it is reviewed: a full review");
    if (p->from)
        snprintf(cmd, sizeof cmd, "depvet diff %s:%s %s %s, then depvet review %s:%s@%s "
                 "--criteria %s --delta %s", spec_eco(n->eco), n->name, p->from, n->version,
                 spec_eco(n->eco), n->name, n->version, need, p->from);
    else
        snprintf(cmd, sizeof cmd, "depvet review %s:%s@%s --criteria %s", spec_eco(n->eco),
                 n->name, n->version, need);
    rule_emit(c, "unreviewed", (enum severity)sev, NULL, cmd, "not reviewed for %s%s; %s", need,
              why, how);
}

static void count_verdict(struct coverage *cov, enum policy_how how)
{
    unsigned *slot_table[] = {
        [POLICY_NOT_REQUIRED] = &cov->not_required, [POLICY_UNREVIEWED] = &cov->unreviewed,
        [POLICY_REVIEWED] = &cov->reviewed, [POLICY_DELTA] = &cov->reviewed,
        [POLICY_EXEMPTED] = &cov->exempted, [POLICY_TRUSTED] = &cov->trusted,
    };
    (*slot_table[how])++;
}

/* What coverage asks about every pin, read once a run (NULL tables: no
 * cache, or it could not be read, and nothing is known). */
struct pin_times {
    struct store_times *facts, *osv;
};

static void pin_times_read(struct pin_times *t, struct store *st)
{
    struct diag d;
    diag_clear(&d);
    t->facts = st ? pkgstore_fact_times(st, fetch_kind_fact(FETCH_HEX_PACKAGE), &d) : NULL;
    t->osv = osv_online_asked(st);
}

static void pin_times_free(struct pin_times *t)
{
    store_times_free(t->facts);
    store_times_free(t->osv);
}

static void note_facts(struct coverage *cov, const struct findings_input *in,
                       const struct pin_times *times, const struct dep_node *n)
{
    int64_t t = pkgstore_fact_times_get(times->facts, n->eco, n->name);
    if (!t)
        return;
    if (!cov->oldest || t < cov->oldest)
        cov->oldest = t;
    if (t > cov->newest)
        cov->newest = t;
    if (in->now - t > fetch_kind_ttl(FETCH_HEX_PACKAGE))
        cov->stale++;
}

static void note_osv(struct coverage *cov, const struct pin_times *times,
                     const struct dep_node *n)
{
    int64_t t = osv_online_asked_at(times->osv, n);
    if (!t)
        return;
    cov->osv_asked++;
    if (!cov->osv_oldest || t < cov->osv_oldest)
        cov->osv_oldest = t;
}

/* An age as people say it: "36 hours", "7 days". */
static void span_text(int64_t secs, char *out, size_t n)
{
    if (secs >= 2 * 86400)
        snprintf(out, n, "%lld days", (long long)(secs / 86400));
    else
        snprintf(out, n, "%lld hours", (long long)(secs / 3600));
}

/* The release is younger than the cooldown allows (or dated after now). */
static void cooldown(struct rule_ctx *c, const struct reg_release *r)
{
    const struct audit_policy *p = &c->in->cfg->policy;
    if (!p->min_release_age || !r || !r->published ||
        c->in->now - r->published >= p->min_release_age)
        return;
    char span[32], age[64], limit[32];
    span_text(c->in->now - r->published, span, sizeof span);
    if (r->published > c->in->now)
        snprintf(age, sizeof age, "is dated after today (check the clock)");
    else
        snprintf(age, sizeof age, "was released %s ago", span);
    span_text(p->min_release_age, limit, sizeof limit);
    rule_emit(c, "cooldown", (enum severity)p->cooldown_severity, NULL, NULL,
              "%s %s, inside the cooldown of %s (min_release_age)", c->node->version, age, limit);
}

/* Private packages that no configured registry serves are never asked
 * about: they cannot have facts, and are counted apart. */
static bool never_asked(const struct engine_config *cfg, const struct dep_node *n)
{
    return engine_config_node_private(cfg, n) &&
           !engine_config_private(cfg, n->eco, n->name, n->repo, n->source_url);
}

struct pin_state {
    const struct enforce_input *e;
    struct findings *out;
    struct coverage *cov;
    const char *today;
    struct pin_times times;
    VEC(struct enforce_pin) pins;
};

/* Whether other teams' reviews cover a pin the project's own do not:
 * then v is the verdict with them, and the import's name is returned. */
static const char *by_imports(struct pin_state *s, const struct policy_pin *pin,
                              struct policy_verdict *v)
{
    const struct imports *im = s->e->imports;
    if (!im || !im->merged)
        return NULL;
    struct policy_verdict with;
    policy_evaluate(im->merged, &s->e->in->cfg->policy, pin, s->today, &with);
    if (with.how == POLICY_UNREVIEWED)
        return NULL;
    *v = with;
    return imports_origin(im, pin->eco, pin->name, pin->version,
                          (enum audit_criteria)with.need, s->today);
}

/* A verdict's string (pointing into the set) kept with the findings; NULL
 * for none or "". */
static const char *keep_str(struct findings *out, const char *s)
{
    return s && s[0] ? arena_strdup(out->arena, s) : NULL;
}

static void one_pin(struct pin_state *s, const struct dep_node *n)
{
    const struct findings_input *in = s->e->in;
    const struct audit_policy *p = &in->cfg->policy;
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    const struct reg_package *pkg = NULL;
    struct reg_package *got = NULL;
    if (s->e->records)
        pkg = s->e->records[n->id];
    else if (in->st && pkgstore_get(in->st, a, n->eco, n->name, &got, &d))
        pkg = got;
    const struct reg_release *rel = pkg ? reg_package_find_release(pkg, n->version) : NULL;
    struct rule_ctx c = {in, NULL, n, pkg, rel, NULL, s->out};
    s->cov->pins++;
    note_osv(s->cov, &s->times, n);
    if (pkg) {
        s->cov->with_facts++;
        note_facts(s->cov, in, &s->times, n);
    } else if (never_asked(in->cfg, n)) {
        s->cov->private_pins++;
    } else {
        s->cov->without_facts++;
        rule_emit(&c, "no-facts", (enum severity)p->no_facts_severity, NULL, NULL,
                  "the cache holds no registry facts about %s: nothing was checked "
                  "(run depvet refresh)", n->name);
    }
    cooldown(&c, rel);
    struct policy_pin pin = {n->eco, n->name, n->version, only_dev(in->g, n),
                             rel ? rel->publisher.name : NULL, rel ? rel->published : 0,
                             rel && rel->attest == REG_ATTEST_PRESENT ? rel->identity : NULL};
    struct policy_verdict v;
    const char *origin = NULL;
    policy_evaluate(s->e->set, p, &pin, s->today, &v);
    if (v.how == POLICY_UNREVIEWED)
        origin = by_imports(s, &pin, &v);
    if (origin)
        s->cov->imported++;
    else
        count_verdict(s->cov, v.how);
    struct enforce_pin *ep = VEC_ADD(&s->pins);
    *ep = (struct enforce_pin){n->id, v.need, v.how != POLICY_UNREVIEWED, NULL, false, -1, -1,
                               -1, origin, v.how, v.have, keep_str(s->out, v.by),
                               keep_str(s->out, v.until), keep_str(s->out, v.expired),
                               v.expired_what, !pkg && !never_asked(in->cfg, n)};
    if (v.how == POLICY_UNREVIEWED) {
        suggest(s->e, n, ep);
        if (ep->from)   /* points into the set, which outlives the findings */
            ep->from = arena_strdup(s->out->arena, ep->from);
        emit_unreviewed(&c, ep, &v, p->enforced ? p->unreviewed_severity : SEV_INFO);
    }
    arena_free(a);
}

static void advisory_age(struct coverage *cov, struct store *st)
{
    struct advisory_stats as;
    struct diag d;
    diag_clear(&d);
    if (st && advisories_stats(st, &as, &d)) {
        cov->advisories = as.total;
        snprintf(cov->advisories_modified, sizeof cov->advisories_modified, "%s",
                 as.newest_modified);
    }
}

void enforce_findings(struct findings *out, const struct enforce_input *e,
                      struct coverage *cov, struct enforce_pin **pins, size_t *n_pins)
{
    memset(cov, 0, sizeof *cov);
    if (!out->arena)
        out->arena = arena_new();
    char today[16];
    timeutil_format_date(e->in->now, "1970-01-01", today, sizeof today);
    struct pin_state s = {e, out, cov, today, {NULL, NULL}, {0}};
    pin_times_read(&s.times, e->in->st);
    const struct dep_graph *g = e->in->g;
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == ECO_UNKNOWN || (n->flags & (DEP_PROJECT | DEP_LINK)) ||
            n->source != SOURCE_REGISTRY || !n->version[0] ||
            !node_set_add(&seen, g, (unsigned)i, true))
            continue;
        one_pin(&s, n);
    }
    node_set_fini(&seen);
    pin_times_free(&s.times);
    advisory_age(cov, e->in->st);
    findings_sort(out);
    if (pins) {
        *pins = s.pins.items;
        *n_pins = s.pins.len;
    } else {
        VEC_FREE(&s.pins);
    }
}

/* ---- starting green and keeping exemptions few -------------------------- */

size_t enforce_exempt_all(struct audits *set, const struct enforce_input *e, const char *reason,
                          struct diag *d)
{
    struct findings scratch = {0};
    struct coverage cov;
    struct enforce_pin *pins;
    size_t n, added = 0;
    struct enforce_input quick = *e;
    quick.diff_sizes = false;
    enforce_findings(&scratch, &quick, &cov, &pins, &n);
    for (size_t i = 0; i < n && !diag_failed(d); i++) {
        const struct dep_node *nd = &e->in->g->nodes.items[pins[i].node];
        if (pins[i].covered || pins[i].need == POLICY_NO_REVIEW)
            continue;
        struct audit_exemption x = {nd->eco, nd->name, nd->version,
                                    (enum audit_criteria)pins[i].need, "", "", reason};
        added += audits_exemption_add(set, &x, d);
    }
    free(pins);
    findings_fini(&scratch);
    return diag_failed(d) ? 0 : added;
}

static bool pinned(const struct dep_graph *g, const struct audit_exemption *x)
{
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == x->eco && n->key && strcmp(n->key, x->name) == 0 &&
            strcmp(n->version, x->version) == 0)
            return true;
    }
    return false;
}

/* The pins of x's package that reviews and exemptions cover now, one bit
 * each (at most 64 versions of one package are looked at). */
static uint64_t covered_pins(const struct audits *set, const struct dep_graph *g,
                             const struct audit_exemption *x, const char *today)
{
    uint64_t bits = 0;
    unsigned k = 0;
    for (size_t i = 0; i < g->nodes.len && k < 64; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco != x->eco || !n->key || strcmp(n->key, x->name) != 0)
            continue;
        if (policy_covers(set, n->eco, n->name, n->version, x->criteria, today))
            bits |= (uint64_t)1 << k;
        k++;
    }
    return bits;
}

/* Removes exemption i unless a pin loses its cover by that (a delta
 * chain rooted at it); true when it went, and fn heard why. */
static bool remove_unless_root(struct audits *set, const struct dep_graph *g, size_t i,
                               const char *today, const char *why, enforce_prune_fn fn,
                               void *ud)
{
    struct audit_exemption x;
    audits_exemption_at(set, i, &x);
    char *keep[4] = {xstrdup(x.name), xstrdup(x.version), xstrdup(x.date), xstrdup(x.expires)};
    char *reason = xstrdup(x.reason);
    struct audit_exemption copy = {x.eco, keep[0], keep[1], x.criteria, keep[2], keep[3], reason};
    uint64_t before = covered_pins(set, g, &copy, today);
    audits_table_remove(set, AUDIT_TAB_EXEMPTION, i);
    bool gone = (covered_pins(set, g, &copy, today) & before) == before;
    struct diag d;
    diag_clear(&d);
    if (!gone)
        audits_exemption_add(set, &copy, &d);
    else if (fn)
        fn(ud, &copy, why);
    for (int k = 0; k < 4; k++)
        free(keep[k]);
    free(reason);
    return gone;
}

size_t enforce_prune(struct audits *set, const struct dep_graph *g, int64_t now,
                     enforce_prune_fn fn, void *ud)
{
    char today[16];
    timeutil_format_date(now, "1970-01-01", today, sizeof today);
    size_t removed = 0;
    struct audit_exemption x;
    for (size_t i = 0; audits_exemption_at(set, i, &x);) {
        const char *why = !pinned(g, &x) ? "no pin needs it"
                          : !policy_exemption_needed(set, &x) ? "a review covers it" : NULL;
        if (!why || !remove_unless_root(set, g, i, today, why, fn, ud)) {
            i++;
            continue;
        }
        removed++;
    }
    return removed;
}

/* What the policy emits, for the catalogue (SARIF, the manual); the
 * severities are the policy's defaults. */
const struct rule_doc enforce_docs[] = {
    {"unreviewed", SEV_HIGH, "no review, exemption or trusted publisher covers the pin",
     "The policy asks for a review of every pin; the finding names the cheapest diff to read."},
    {"no-facts", SEV_HIGH, "the cache knows nothing about the pin",
     "A check without the registry's facts cannot tell a clean package from an unknown one."},
    {"cooldown", SEV_MEDIUM, "the pinned release is younger than the policy's min_release_age",
     "Malicious releases are mostly caught within days; waiting lets others find them first."},
    {NULL, SEV_INFO, NULL, NULL},
};
