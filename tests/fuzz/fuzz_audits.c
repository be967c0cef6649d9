/* Fuzz target: the reviews file on arbitrary bytes (reviews, exemptions,
 * trusted publishers, acks); whatever loads must write back to text that
 * loads to the same set and the same bytes, and the policy must judge
 * every entry without trouble. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/audit/audits.h"
#include "depvet/audit/policy.h"

/* The policy over every exemption's and ack's package, as of two days. */
static void judge_tables(const struct audits *set)
{
    struct audit_policy p;
    policy_init(&p);
    struct audit_exemption x;
    struct policy_verdict v;
    const char *near[2];
    bool ex[2];
    for (size_t i = 0; audits_exemption_at(set, i, &x); i++) {
        struct policy_pin pin = {x.eco, x.name, x.version, false, "someone", 1700000000, NULL};
        policy_evaluate(set, &p, &pin, "2026-01-01", &v);
        policy_evaluate(set, &p, &pin, "9999-12-31", &v);
        (void)policy_nearest(set, x.eco, x.name, x.version, x.criteria, "2026-01-01", near, ex);
    }
    struct audit_ack k;
    for (size_t i = 0; audits_ack_at(set, i, &k); i++)
        if (!k.rule[0] || (k.line_sha256[0] && !k.path[0]) ||
            !k.name[0] == !k.lockfile[0] || !k.name[0] != !k.version[0] ||
            (k.lockfile[0] && !k.subject_sha256[0]) || (k.subject_sha256[0] && !k.lockfile[0]))
            abort();  /* the loader lets none through: a package or a lockfile, whole */
}

static void check_entries(const struct audits *set)
{
    for (size_t i = 0; i < audits_count(set); i++) {
        const struct audit *e = audits_at(set, i);
        if (audits_find(set, e->eco, e->name, e->version, e->criteria) != e)
            abort();  /* sorted order and lookups disagree */
        enum audit_status st = audits_status(set, e->eco, e->name, e->version, e->criteria);
        if (e->kind == AUDIT_FULL && st != AUDIT_REVIEWED)
            abort();
        (void)audits_status(set, e->eco, e->name, e->from ? e->from : "0",
                            AUDIT_SAFE_TO_DEPLOY);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag d;
    diag_clear(&d);
    struct audits *set = audits_parse((const char *)data, size, "fuzz.toml", &d);
    if (!set) {
        if (!diag_failed(&d))
            abort();  /* a failure must say why */
        return 0;
    }
    check_entries(set);
    judge_tables(set);
    size_t len, len2;
    char *text = audits_serialize(set, &len);
    diag_clear(&d);
    struct audits *back = audits_parse(text, len, "again.toml", &d);
    if (!back || audits_count(back) != audits_count(set))
        abort();  /* what we write must load */
    for (int t = 0; t < AUDIT_TAB_COUNT; t++)
        if (audits_table_count(back, (enum audit_table)t) !=
            audits_table_count(set, (enum audit_table)t))
            abort();
    char *again = audits_serialize(back, &len2);
    if (len != len2 || memcmp(text, again, len) != 0)
        abort();  /* and write back byte for byte */
    free(again);
    free(text);
    audits_free(back);
    audits_free(set);
    return 0;
}
