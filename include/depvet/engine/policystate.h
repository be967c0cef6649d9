/* The review policy as the explorer shows it: what `depvet check` would
 * conclude about each pin (enforce_findings and enforce_acks, the same
 * evaluation, never a second one), kept beside the rules' findings so it
 * can be worked out again at once when the reviews file changes.
 *
 *   struct policystate *ps = policystate_new();
 *   policystate_apply(ps, &in, &collected, &shown);  collected taken over
 *   policystate_pin(ps, node, &pp);  pp.how, pp.need, pp.fails ...
 *   policystate_apply(ps, &in, NULL, &shown);        after an ack or review
 *   policystate_free(ps);
 *
 * shown holds the rules' findings less the acknowledged ones; the policy's
 * own findings (unreviewed, no-facts, cooldown) are kept apart, per pin,
 * so they do not make a badge on every row. */
#ifndef DEPVET_ENGINE_POLICYSTATE_H
#define DEPVET_ENGINE_POLICYSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/audit/policy.h"
#include "depvet/engine/enforce.h"
#include "depvet/engine/findings.h"

struct policystate_input {
    const struct dep_graph *g;
    const unsigned *group;          /* per node: first node of its package@version */
    struct store *st;               /* NULL: no cache */
    const struct engine_config *cfg;
    int64_t now;
    const struct audits *set;       /* the project's reviews */
    const struct imports *imports;  /* NULL: none */
    const struct reg_package *const *records;   /* per node, NULL entry: none */
    const char *project;            /* what lockfile acks are relative to (enforce_acks) */
};

/* One pin's policy state (strings valid until the next apply). */
struct pin_policy {
    bool pin;                       /* a registry pin the policy looks at */
    enum policy_how how;
    int need;                       /* criteria required, or POLICY_NO_REVIEW */
    int have;                       /* the strongest criteria reviews give */
    const char *by;                 /* EXEMPTED: the reason; TRUSTED: the publisher */
    const char *until;              /* EXEMPTED, TRUSTED: the expiry, NULL none */
    const char *origin;             /* covered through this import, or NULL */
    const char *expired, *expired_what;   /* an entry that expired, or NULL */
    const char *from;               /* the cheapest delta's base, or NULL */
    bool from_exempted;
    bool no_facts;                  /* the cache has no record of it */
    bool fails;                     /* a policy finding at or above high stays
                                     * (check's default --fail-on) */
};

/* What the status bar counts. */
struct policy_counts {
    bool evaluated;                 /* policystate_apply ran with records */
    bool enforced;                  /* a [policy] table was read */
    unsigned pins, fail, unreviewed, without_facts, with_facts;
    unsigned exempted, trusted, imported, reviewed;
    unsigned acked, stale_acks;     /* findings moved aside; acks matching nothing */
};

struct policystate;

struct policystate *policystate_new(void);
void policystate_free(struct policystate *ps);   /* accepts NULL */

/* Works out the policy over the rules' findings: raw, when not NULL, is
 * taken over (emptied) and replaces those kept; NULL uses the kept ones
 * again.  shown (findings_fini'd first) gets the rules' findings less the
 * acknowledged ones, in findings_sort order; it may point into the kept
 * findings, so it is valid until the next apply or free. */
void policystate_apply(struct policystate *ps, const struct policystate_input *in,
                       struct findings *raw, struct findings *shown);
/* Without records (the stored findings shown before the rules ran): the
 * kept findings are passed through, the pins stay unknown. */
void policystate_pass(struct policystate *ps, struct findings *raw, struct findings *shown);

/* The pin state of node's package@version; false (out zeroed) when the
 * policy has not been worked out or the node is no registry pin. */
bool policystate_pin(const struct policystate *ps, unsigned node, struct pin_policy *out);
/* The policy's own findings about node (most severe first), and those an
 * ack moved aside (evidence: who and why). */
size_t policystate_policy_findings(const struct policystate *ps, unsigned node,
                                   const struct finding **out);
size_t policystate_acked(const struct policystate *ps, unsigned node, const struct finding **out);
/* The lockfiles' own findings an ack moved aside (node GRAPH_NONE). */
size_t policystate_acked_lockfiles(const struct policystate *ps, const struct finding **out);
void policystate_counts(const struct policystate *ps, struct policy_counts *out);
/* What check prints as coverage, from the last apply. */
const struct coverage *policystate_coverage(const struct policystate *ps);

/* Whether a finding is one the policy makes (unreviewed, no-facts, cooldown). */
bool policystate_is_policy_rule(const char *rule);

#endif
