/* The review policy: required criteria per package, and whether a pinned
 * version meets them (reviews, exemptions, trusted publishers). */
#include "depvet/audit/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "depvet/core/timeutil.h"
#include "depvet/core/version.h"
#include "depvet/core/xmalloc.h"

enum { SEVERITY_MEDIUM = 2, SEVERITY_HIGH = 3 };   /* the engine's scale */

void policy_init(struct audit_policy *p)
{
    memset(p, 0, sizeof *p);
    p->runtime = AUDIT_SAFE_TO_DEPLOY;
    p->dev = AUDIT_SAFE_TO_RUN;
    p->unreviewed_severity = SEVERITY_HIGH;
    p->no_facts_severity = SEVERITY_HIGH;
    p->cooldown_severity = SEVERITY_MEDIUM;
}

static struct policy_override *find_override(const struct audit_policy *p, enum ecosystem eco,
                                             const char *canon)
{
    for (unsigned i = 0; i < p->n_over; i++)
        if (p->over[i].eco == eco && strcmp(p->over[i].name, canon) == 0)
            return (struct policy_override *)&p->over[i];
    return NULL;
}

bool policy_set_override(struct audit_policy *p, enum ecosystem eco, const char *name,
                         int criteria)
{
    char canon[AUDITS_MAX_NAME];
    if (ecosystem_normalize_name(eco, name, canon, sizeof canon) >= sizeof canon)
        return false;
    struct policy_override *o = find_override(p, eco, canon);
    if (!o && p->n_over == POLICY_MAX_OVERRIDES)
        return false;
    if (!o)
        o = &p->over[p->n_over++];
    o->eco = eco;
    memcpy(o->name, canon, strlen(canon) + 1);
    o->criteria = criteria;
    return true;
}

int policy_required(const struct audit_policy *p, enum ecosystem eco, const char *name,
                    bool dev)
{
    char canon[AUDITS_MAX_NAME];
    if (ecosystem_normalize_name(eco, name, canon, sizeof canon) < sizeof canon) {
        const struct policy_override *o = find_override(p, eco, canon);
        if (o)
            return o->criteria;
    }
    return (int)(dev ? p->dev : p->runtime);
}

bool policy_parse_age(const char *s, int64_t *out)
{
    static const struct { char unit; int64_t secs; } unit_table[] = {
        {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}, {'\0', 86400},
    };
    if (!s || *s < '0' || *s > '9')
        return false;
    char *end;
    long long n = strtoll(s, &end, 10);
    for (size_t i = 0; i < sizeof unit_table / sizeof *unit_table; i++)
        if (*end == unit_table[i].unit && (!*end || !end[1])) {
            if (n > INT64_MAX / unit_table[i].secs / 1000)
                return false;
            *out = (int64_t)n * unit_table[i].secs;
            return true;
        }
    return false;
}

/* ---- reviews ----------------------------------------------------------- */

static int reviewed_at(const struct audits *set, enum ecosystem eco, const char *name,
                       const char *version)
{
    for (int c = AUDIT_SAFE_TO_DEPLOY; c >= AUDIT_SAFE_TO_RUN; c--)
        if (audits_status(set, eco, name, version, (enum audit_criteria)c) != AUDIT_NOT_REVIEWED)
            return c;
    return 0;
}

/* Whether the entry names the same package (canonical names). */
static bool same_package(enum ecosystem eco, const char *canon, enum ecosystem e_eco,
                         const char *e_name)
{
    return eco == e_eco && strcmp(canon, e_name) == 0;
}

static void note_expired(struct policy_verdict *out, const char *when, const char *what)
{
    if (!out->expired || strcmp(when, out->expired) > 0) {
        out->expired = when;
        out->expired_what = what;
    }
}

/* A current exemption of that very version for criteria (or stronger). */
static bool exempted(const struct audits *set, enum ecosystem eco, const char *canon,
                     const char *version, int need, const char *today)
{
    struct audit_exemption e;
    for (size_t i = 0; audits_exemption_at(set, i, &e); i++)
        if (same_package(eco, canon, e.eco, e.name) && strcmp(e.version, version) == 0 &&
            (int)e.criteria >= need && (!e.expires[0] || strcmp(today, e.expires) < 0))
            return true;
    return false;
}

/* Whether deltas (of criteria need or stronger) lead back from version to
 * an exempted version: an exemption is a root for delta reviews, as a full
 * review is.  Each delta is followed once, so loops end. */
static bool delta_to_exemption(const struct audits *set, const struct policy_pin *pin,
                               const char *canon, int need, const char *today)
{
    size_t n = audits_count(set), sp = 0;
    const char **stack = xmalloc((n + 1) * sizeof *stack);
    unsigned char *used = xcalloc(n + 1, 1);
    bool found = false;
    stack[sp++] = pin->version;
    while (sp && !found) {
        const char *v = stack[--sp];
        const struct audit *a;
        for (size_t i = 0; (a = audits_at(set, i)) && !found; i++) {
            if (used[i] || a->kind != AUDIT_DELTA || (int)a->criteria < need ||
                !same_package(pin->eco, canon, a->eco, a->name) || strcmp(a->version, v) != 0)
                continue;
            used[i] = 1;
            found = exempted(set, pin->eco, canon, a->from, need, today);
            stack[sp++] = a->from;
        }
    }
    free(stack);
    free(used);
    return found;
}

static bool try_exemptions(const struct audits *set, const struct policy_pin *pin,
                           const char *canon, const char *today, struct policy_verdict *out)
{
    struct audit_exemption e;
    for (size_t i = 0; audits_exemption_at(set, i, &e); i++) {
        if (!same_package(pin->eco, canon, e.eco, e.name) || strcmp(e.version, pin->version) ||
            (int)e.criteria < out->need)
            continue;
        if (e.expires[0] && strcmp(today, e.expires) >= 0) {
            note_expired(out, e.expires, "exemption");
            continue;
        }
        out->how = POLICY_EXEMPTED, out->by = e.reason, out->until = e.expires;
        return true;
    }
    return false;
}

static const struct {
    const char *alias, *host;
} identity_alias_table[] = {
    {"github:", "github.com/"}, {"gitlab:", "gitlab.com/"}, {"https://", ""}, {NULL, NULL},
};

/* want in the identities' own form, into out. */
static void identity_canon(const char *want, char *out, size_t n)
{
    for (size_t i = 0; identity_alias_table[i].alias; i++) {
        size_t k = strlen(identity_alias_table[i].alias);
        if (strncasecmp(want, identity_alias_table[i].alias, k) == 0) {
            snprintf(out, n, "%s%s", identity_alias_table[i].host, want + k);
            return;
        }
    }
    snprintf(out, n, "%s", want);
}

bool policy_identity_matches(const char *want, const char *have)
{
    if (!want || !want[0] || !have || !have[0])
        return false;
    char w[1024];
    identity_canon(want, w, sizeof w);
    size_t n = strlen(w);
    while (n && w[n - 1] == '/')
        w[--n] = '\0';
    return n && strncasecmp(w, have, n) == 0 && (have[n] == '\0' || have[n] == '/');
}

/* The entry's publisher and identity, each when named, are the pin's. */
static bool trust_names_pin(const struct audit_trust *t, const struct policy_pin *pin)
{
    if (t->publisher[0] && (!pin->publisher || strcasecmp(t->publisher, pin->publisher) != 0))
        return false;
    return !t->identity[0] || policy_identity_matches(t->identity, pin->identity);
}

static bool try_trusted(const struct audits *set, const struct policy_pin *pin,
                        const char *canon, const char *today, struct policy_verdict *out)
{
    if (!pin->published)
        return false;
    char day[16];
    timeutil_format_date(pin->published, "", day, sizeof day);
    struct audit_trust t;
    for (size_t i = 0; audits_trust_at(set, i, &t); i++) {
        bool name_ok = strcmp(t.name, "*") == 0 || strcmp(t.name, canon) == 0;
        if (t.eco != pin->eco || !name_ok || !trust_names_pin(&t, pin) ||
            (int)t.criteria < out->need || strcmp(day, t.start) < 0 ||
            strcmp(day, t.expires) >= 0)
            continue;
        if (strcmp(today, t.expires) >= 0) {
            note_expired(out, t.expires, "trusted publisher");
            continue;
        }
        out->how = POLICY_TRUSTED, out->by = t.publisher[0] ? t.publisher : t.identity;
        out->until = t.expires;
        return true;
    }
    return false;
}

void policy_evaluate(const struct audits *set, const struct audit_policy *p,
                     const struct policy_pin *pin, const char *today,
                     struct policy_verdict *out)
{
    memset(out, 0, sizeof *out);
    out->need = policy_required(p, pin->eco, pin->name, pin->dev);
    out->have = reviewed_at(set, pin->eco, pin->name, pin->version);
    out->how = POLICY_UNREVIEWED;
    if (out->need == POLICY_NO_REVIEW) {
        out->how = POLICY_NOT_REQUIRED;
        return;
    }
    if (out->have >= out->need) {
        enum audit_status st = audits_status(set, pin->eco, pin->name, pin->version,
                                             (enum audit_criteria)out->need);
        out->how = st == AUDIT_REVIEWED ? POLICY_REVIEWED : POLICY_DELTA;
        return;
    }
    char canon[AUDITS_MAX_NAME * 2 + 1];
    ecosystem_normalize_name(pin->eco, pin->name, canon, sizeof canon);
    if (try_exemptions(set, pin, canon, today, out) || try_trusted(set, pin, canon, today, out))
        return;
    if (delta_to_exemption(set, pin, canon, out->need, today))
        out->how = POLICY_DELTA, out->by = "a delta from an exempted version";
}

/* Keeps v as the best candidate below or above version. */
static void consider(enum ecosystem eco, const char *version, const char *v, bool ex,
                     const char **below, const char **above, bool *ex_below, bool *ex_above)
{
    int c = version_compare(eco, v, version);
    if (c < 0 && (!*below || version_compare(eco, v, *below) > 0))
        *below = v, *ex_below = ex;
    if (c > 0 && (!*above || version_compare(eco, v, *above) < 0))
        *above = v, *ex_above = ex;
}

size_t policy_nearest(const struct audits *set, enum ecosystem eco, const char *name,
                      const char *version, enum audit_criteria criteria, const char *today,
                      const char *out[2], bool exempt[2])
{
    char canon[AUDITS_MAX_NAME * 2 + 1];
    ecosystem_normalize_name(eco, name, canon, sizeof canon);
    const char *below = NULL, *above = NULL;
    bool ex_below = false, ex_above = false;
    const struct audit *a;
    for (size_t i = 0; (a = audits_at(set, i)); i++)
        if (same_package(eco, canon, a->eco, a->name) && strcmp(a->version, version) != 0 &&
            audits_status(set, eco, name, a->version, criteria) != AUDIT_NOT_REVIEWED)
            consider(eco, version, a->version, false, &below, &above, &ex_below, &ex_above);
    struct audit_exemption e;
    for (size_t i = 0; audits_exemption_at(set, i, &e); i++)
        if (strcmp(e.version, version) != 0 &&
            exempted(set, eco, canon, e.version, (int)criteria, today))
            consider(eco, version, e.version, true, &below, &above, &ex_below, &ex_above);
    size_t n = 0;
    if (below)
        exempt[n] = ex_below, out[n++] = below;
    if (above)
        exempt[n] = ex_above, out[n++] = above;
    return n;
}

bool policy_exemption_needed(const struct audits *set, const struct audit_exemption *e)
{
    return audits_status(set, e->eco, e->name, e->version, e->criteria) == AUDIT_NOT_REVIEWED;
}

bool policy_covers(const struct audits *set, enum ecosystem eco, const char *name,
                   const char *version, enum audit_criteria criteria, const char *today)
{
    char canon[AUDITS_MAX_NAME * 2 + 1];
    ecosystem_normalize_name(eco, name, canon, sizeof canon);
    struct policy_pin pin = {eco, name, version, false, NULL, 0, NULL};
    return audits_status(set, eco, name, version, criteria) != AUDIT_NOT_REVIEWED ||
           exempted(set, eco, canon, version, (int)criteria, today) ||
           delta_to_exemption(set, &pin, canon, (int)criteria, today);
}
