/* The policy's verdict per pin for the explorer, from enforce_findings and
 * enforce_acks over a copy of the rules' findings. */
#include "depvet/engine/policystate.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"

struct range {
    size_t first, count;
};

typedef VEC(struct finding) finding_vec;

struct policystate {
    struct findings raw;          /* the rules' findings, kept */
    struct findings work;         /* raw's items (shallow) plus the policy's:
                                   * its arena holds the policy's strings */
    struct findings acked;        /* moved aside by acks (own strings) */
    finding_vec pol;              /* the policy's findings (work's strings) */
    size_t nn;                    /* nodes of the graph last applied */
    struct pin_policy *pins;      /* per node */
    struct range *pol_r, *ack_r;  /* per node: its policy and acked findings */
    struct coverage cov;
    struct policy_counts counts;
};

static const char *const policy_rule_table[] = {"unreviewed", "no-facts", "cooldown"};

bool policystate_is_policy_rule(const char *rule)
{
    for (size_t i = 0; i < sizeof policy_rule_table / sizeof *policy_rule_table; i++)
        if (strcmp(rule, policy_rule_table[i]) == 0)
            return true;
    return false;
}

struct policystate *policystate_new(void)
{
    return xcalloc(1, sizeof(struct policystate));
}

static void drop_derived(struct policystate *ps)
{
    VEC_FREE(&ps->work.items);
    arena_free(ps->work.arena);
    ps->work.arena = NULL;
    findings_fini(&ps->acked);
    VEC_FREE(&ps->pol);
    free(ps->pins);
    free(ps->pol_r);
    free(ps->ack_r);
    ps->pins = NULL;
    ps->pol_r = ps->ack_r = NULL;
    memset(&ps->counts, 0, sizeof ps->counts);
    memset(&ps->cov, 0, sizeof ps->cov);
}

void policystate_free(struct policystate *ps)
{
    if (!ps)
        return;
    drop_derived(ps);
    findings_fini(&ps->raw);
    free(ps);
}

static void take_raw(struct policystate *ps, struct findings *raw)
{
    if (!raw)
        return;
    findings_fini(&ps->raw);
    ps->raw = *raw;
    memset(raw, 0, sizeof *raw);
}

/* shown: the items given, strings owned elsewhere (no arena). */
static void fill_shown(struct findings *shown, const struct finding *f, size_t n)
{
    findings_fini(shown);
    for (size_t i = 0; i < n; i++)
        VEC_PUSH(&shown->items, f[i]);
}

void policystate_pass(struct policystate *ps, struct findings *raw, struct findings *shown)
{
    take_raw(ps, raw);
    drop_derived(ps);
    fill_shown(shown, ps->raw.items.items, ps->raw.items.len);
}

/* Per group node, where its findings in v start and how many there are
 * (v is in findings_sort order: a package's findings are together). */
static struct range *index_by_node(const finding_vec *v, const unsigned *group, size_t nn)
{
    struct range *r = xcalloc(nn + 1, sizeof *r);
    for (size_t i = 0; i < v->len; i++) {
        unsigned n = v->items[i].node;
        if (n == GRAPH_NONE || n >= nn)
            continue;
        struct range *g = &r[group[n]];
        if (g->count++ == 0)
            g->first = i;
    }
    return r;
}

static void note_pin(struct policystate *ps, const struct enforce_pin *p, const unsigned *group)
{
    struct pin_policy *pp = &ps->pins[group[p->node]];
    *pp = (struct pin_policy){true, p->how, p->need, p->have, p->by, p->until, p->origin,
                              p->expired, p->expired_what, p->from, p->from_exempted,
                              p->no_facts, false};
    struct policy_counts *c = &ps->counts;
    c->pins++;
    c->without_facts += p->no_facts;
    c->unreviewed += !p->covered && p->need != POLICY_NO_REVIEW;
}

/* Splits work's items: the policy's findings apart, the rest kept. */
static void split_policy(struct policystate *ps)
{
    size_t keep = 0;
    for (size_t i = 0; i < ps->work.items.len; i++) {
        const struct finding *f = &ps->work.items.items[i];
        if (f->node != GRAPH_NONE && policystate_is_policy_rule(f->rule))
            VEC_PUSH(&ps->pol, *f);
        else
            ps->work.items.items[keep++] = *f;
    }
    ps->work.items.len = keep;
}

static void mark_fails(struct policystate *ps, const unsigned *group)
{
    for (size_t i = 0; i < ps->pol.len; i++) {
        const struct finding *f = &ps->pol.items[i];
        struct pin_policy *pp = &ps->pins[group[f->node]];
        if (f->severity >= SEV_HIGH && !pp->fails) {
            pp->fails = true;
            ps->counts.fail++;
        }
    }
}

void policystate_apply(struct policystate *ps, const struct policystate_input *in,
                       struct findings *raw, struct findings *shown)
{
    take_raw(ps, raw);
    drop_derived(ps);
    ps->nn = in->g->nodes.len;
    ps->work.arena = arena_new();
    for (size_t i = 0; i < ps->raw.items.len; i++)
        VEC_PUSH(&ps->work.items, ps->raw.items.items[i]);
    struct findings_input fi = {in->g, in->st, in->cfg, in->now};
    struct enforce_input ei = {&fi, in->set, NULL, false, in->imports, in->records};
    struct enforce_pin *pins;
    size_t n_pins;
    enforce_findings(&ps->work, &ei, &ps->cov, &pins, &n_pins);
    char today[16];
    timeutil_format_date(in->now, "1970-01-01", today, sizeof today);
    struct enforce_stale *stale;
    size_t n_stale;
    enforce_acks(&ps->work, in->g, in->project ? in->project : ".", in->set, today, &ps->acked,
                 &stale, &n_stale);
    free(stale);
    ps->pins = xcalloc(ps->nn + 1, sizeof *ps->pins);
    for (size_t i = 0; i < n_pins; i++)
        note_pin(ps, &pins[i], in->group);
    free(pins);
    split_policy(ps);
    mark_fails(ps, in->group);
    ps->pol_r = index_by_node((const finding_vec *)&ps->pol, in->group, ps->nn);
    ps->ack_r = index_by_node((const finding_vec *)&ps->acked.items, in->group, ps->nn);
    struct policy_counts *c = &ps->counts;
    c->evaluated = true;
    c->enforced = in->cfg->policy.enforced;
    c->with_facts = ps->cov.with_facts;
    c->exempted = ps->cov.exempted;
    c->trusted = ps->cov.trusted;
    c->imported = ps->cov.imported;
    c->reviewed = ps->cov.reviewed;
    c->acked = (unsigned)ps->acked.items.len;
    c->stale_acks = (unsigned)n_stale;
    fill_shown(shown, ps->work.items.items, ps->work.items.len);
}

bool policystate_pin(const struct policystate *ps, unsigned node, struct pin_policy *out)
{
    memset(out, 0, sizeof *out);
    if (!ps->pins || node >= ps->nn)
        return false;
    *out = ps->pins[node];
    return out->pin;
}

static size_t range_of(const struct range *r, size_t nn, unsigned node, const struct finding *base,
                       const struct finding **out)
{
    *out = NULL;
    if (!r || node >= nn || !r[node].count)
        return 0;
    *out = base + r[node].first;
    return r[node].count;
}

size_t policystate_policy_findings(const struct policystate *ps, unsigned node,
                                   const struct finding **out)
{
    return range_of(ps->pol_r, ps->nn, node, ps->pol.items, out);
}

size_t policystate_acked(const struct policystate *ps, unsigned node, const struct finding **out)
{
    return range_of(ps->ack_r, ps->nn, node, ps->acked.items.items, out);
}

size_t policystate_acked_lockfiles(const struct policystate *ps, const struct finding **out)
{
    /* In findings_sort order the lockfiles' findings come last. */
    size_t n = ps->acked.items.len, first = n;
    while (first > 0 && ps->acked.items.items[first - 1].node == GRAPH_NONE)
        first--;
    *out = n > first ? ps->acked.items.items + first : NULL;
    return n - first;
}

void policystate_counts(const struct policystate *ps, struct policy_counts *out)
{
    *out = ps->counts;
}

const struct coverage *policystate_coverage(const struct policystate *ps)
{
    return &ps->cov;
}
