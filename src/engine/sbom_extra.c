/* What depvet adds to an SBOM beyond the inventory: each pin's review
 * verdict, and the advisories in the cache that match the pins. */
#include <stdlib.h>
#include <string.h>

#include "depvet/core/vec.h"
#include "depvet/engine/osvdb.h"
#include "sbom_priv.h"

static const char *const how_name[] = {
    [POLICY_NOT_REQUIRED] = "not-required", [POLICY_UNREVIEWED] = "unreviewed",
    [POLICY_REVIEWED] = "reviewed",         [POLICY_DELTA] = "delta",
    [POLICY_EXEMPTED] = "exempted",         [POLICY_TRUSTED] = "trusted",
};

/* Only registry pins are under the policy (as in `depvet check`). */
static bool under_policy(const struct sbom_component *c)
{
    return c->purl && !c->project && c->eco != ECO_UNKNOWN && c->version[0];
}

void sbom_add_policy(struct sbom *s, const struct sbom_input *in)
{
    for (size_t i = 0; i < s->n; i++) {
        struct sbom_component *c = &s->items[i];
        if (!under_policy(c))
            continue;
        struct policy_pin pin = {c->eco, c->name, c->version, !c->required, c->publisher,
                                 c->published, c->identity};
        struct policy_verdict v;
        policy_evaluate(in->set, in->policy, &pin, in->today, &v);
        c->policy = how_name[v.how];
        c->need = v.need == POLICY_NO_REVIEW ? NULL
                                             : audits_criteria_name((enum audit_criteria)v.need);
        c->reviewed = v.have ? audits_criteria_name((enum audit_criteria)v.have) : NULL;
        /* The verdict's strings live in the set, which the SBOM outlives. */
        c->policy_by = v.by ? arena_strdup(s->arena, v.by) : NULL;
    }
}

struct hit {
    const struct osv_match *m;
    unsigned comp;
};

static int hit_cmp(const void *x, const void *y)
{
    const struct hit *a = x, *b = y;
    int c = strcmp(a->m->ids[0], b->m->ids[0]);
    return c ? c : (a->comp > b->comp) - (a->comp < b->comp);
}

static void fill_vuln(struct sbom *s, struct sbom_vuln *v, const struct hit *run, size_t n)
{
    const struct osv_match *m = run[0].m;
    v->id = m->ids[0];
    v->aliases = m->ids + 1;
    v->n_aliases = m->n_ids - 1;
    v->summary = m->rec->summary ? m->rec->summary : m->rec->details;
    v->link = m->rec->link;
    v->severity = osv_severity_name(m->severity);
    v->modified = m->rec->modified_at;
    v->malicious = strncmp(m->ids[0], "MAL-", 4) == 0;
    v->affects = arena_alloc(s->arena, (n + 1) * sizeof *v->affects);
    for (size_t k = 0; k < n; k++)
        if (!k || run[k].comp != run[k - 1].comp)
            v->affects[v->n_affects++] = (struct sbom_affect){run[k].comp, run[k].m->next_fixed};
}

void sbom_add_vulns(struct sbom *s, struct store *st)
{
    struct diag d;
    diag_clear(&d);
    struct osvdb_matcher *om = osvdb_matcher_new(st, &d);
    if (!om)
        return;
    VEC(struct hit) hits = {0};
    for (size_t i = 0; i < s->n; i++) {
        const struct sbom_component *c = &s->items[i];
        struct osv_match *m = NULL;
        size_t k = under_policy(c) ? osvdb_matcher_match(om, s->arena, c->eco, c->name,
                                                         c->version, &m, &d)
                                   : 0;
        for (size_t j = 0; j < k; j++)
            VEC_PUSH(&hits, ((struct hit){&m[j], (unsigned)i}));
    }
    osvdb_matcher_free(om);
    qsort(hits.items, hits.len, sizeof *hits.items, hit_cmp);
    s->vulns = arena_alloc(s->arena, (hits.len + 1) * sizeof *s->vulns);
    for (size_t i = 0; i < hits.len;) {
        size_t j = i;
        while (j < hits.len && strcmp(hits.items[j].m->ids[0], hits.items[i].m->ids[0]) == 0)
            j++;
        fill_vuln(s, &s->vulns[s->n_vulns++], &hits.items[i], j - i);
        i = j;
    }
    VEC_FREE(&hits);
}
