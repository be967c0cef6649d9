/* The review policy on screen: marks, the findings pane's policy and
 * acknowledged parts, and the acknowledgement form.  Every decision is
 * the session's (engine/policystate, as `depvet check` makes it); this
 * file only draws it and passes the form's text on. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/termsafe.h"
#include "term.h"

/* ---- marks ------------------------------------------------------------------ */

enum pmark {
    PM_NONE, PM_RUN, PM_DEPLOY, PM_EXEMPT, PM_TRUSTED, PM_IMPORT, PM_NEEDS_RUN,
    PM_NEEDS_DEPLOY, PM_COUNT
};

/* What the review column can carry; the tree and the help screen both
 * read this table. */
static const struct policy_mark_def {
    const char *text, *ascii, *help;
    int el;
} policy_mark_table[PM_COUNT] = {
    [PM_NONE] = {"", "", NULL, EL_NORMAL},
    [PM_RUN] = {" ✓", " +r", "reviewed safe-to-run (.depvet/audits.toml)", EL_REVIEWED},
    [PM_DEPLOY] = {" ✓✓", " +d", "reviewed safe-to-deploy", EL_REVIEWED},
    [PM_EXEMPT] = {" ex", " ex", "exempted ([[exemption]]): accepted without a review",
                   EL_REVIEWED},
    [PM_TRUSTED] = {" tp", " tp", "a trusted publisher's release ([[trusted]], in its window)",
                    EL_REVIEWED},
    [PM_IMPORT] = {" im", " im", "covered by another team's reviews ([imports])",
                   EL_REVIEWED},
    [PM_NEEDS_RUN] = {" !r", " !r", "[policy] needs safe-to-run: nothing covers it",
                      EL_SEV_HIGH},
    [PM_NEEDS_DEPLOY] = {" !d", " !d", "[policy] needs safe-to-deploy: nothing covers it",
                         EL_SEV_HIGH},
};

static enum pmark review_mark(int criteria)
{
    return criteria >= AUDIT_SAFE_TO_DEPLOY ? PM_DEPLOY : criteria ? PM_RUN : PM_NONE;
}

static enum pmark mark_of(const struct app *a, unsigned node)
{
    int rv = session_review(a->session, node);
    struct pin_policy pp;
    if (!session_policy(a->session, node, &pp))
        return review_mark(rv);
    if (pp.origin)
        return PM_IMPORT;
    switch (pp.how) {
    case POLICY_REVIEWED:
    case POLICY_DELTA:   /* a chain from an exemption has no review of its own */
        return review_mark(rv ? rv : pp.need);
    case POLICY_EXEMPTED: return PM_EXEMPT;
    case POLICY_TRUSTED: return PM_TRUSTED;
    case POLICY_UNREVIEWED:
        /* Without a [policy] nothing is required yet: a partial review shows. */
        if (a->counts_policy.enforced && pp.need != POLICY_NO_REVIEW)
            return pp.need >= AUDIT_SAFE_TO_DEPLOY ? PM_NEEDS_DEPLOY : PM_NEEDS_RUN;
        return review_mark(rv);
    case POLICY_NOT_REQUIRED: return review_mark(rv);
    }
    return PM_NONE;
}

const char *policy_mark(const struct app *a, unsigned node, int *el)
{
    enum pmark m = mark_of(a, node);
    struct pin_policy pp;
    *el = policy_mark_table[m].el;
    /* The alarm colour says check fails on it (a no-facts pin may well be
     * exempted); a need below high is only a warning. */
    if (session_policy(a->session, node, &pp))
        *el = pp.fails ? EL_SEV_HIGH : m == PM_NEEDS_RUN || m == PM_NEEDS_DEPLOY ? EL_SEV_MEDIUM
                                                                               : *el;
    return a->ascii ? policy_mark_table[m].ascii : policy_mark_table[m].text;
}

size_t policy_help_marks(const struct app *a, char lines[][128], size_t n, size_t max)
{
    for (int k = PM_RUN; k < PM_COUNT && n < max; k++) {
        const struct policy_mark_def *m = &policy_mark_table[k];
        char key[64];
        if (a->ascii || strcmp(m->text, m->ascii) == 0)
            snprintf(key, sizeof key, "%s", m->ascii + 1);
        else
            snprintf(key, sizeof key, "%s (%s)", m->text + 1, m->ascii + 1);
        /* KEY padded to 18 columns, not bytes: ✓ is 3 bytes. */
        int pad = 18 + (int)(strlen(key) - termsafe_width(key, strlen(key)));
        snprintf(lines[n++], 128, "  %-*s %s", pad, key, m->help);
    }
    if (n < max)
        snprintf(lines[n++], 128, "  %-18s %s", "(high colour)", "fails the policy as check would (P lists them)");
    return n;
}

/* ---- the findings pane -------------------------------------------------------- */

static const char *criteria(int c)
{
    return c ? audits_criteria_name((enum audit_criteria)c) : "nothing";
}

/* One line saying what covers the pin, or what it lacks. */
static const char *state_text(struct pane_doc *doc, const struct pin_policy *pp, bool enforced)
{
    struct arena *ar = doc->arena;
    const char *until = pp->until ? arena_printf(ar, " until %s", pp->until) : "";
    if (pp->origin)
        return arena_printf(ar, "covered for %s by the import %s", criteria(pp->need),
                            doc_safe(doc, pp->origin));
    switch (pp->how) {
    case POLICY_NOT_REQUIRED: return "no review required ([policy.packages])";
    case POLICY_REVIEWED: return arena_printf(ar, "reviewed %s", criteria(pp->need));
    case POLICY_DELTA: return arena_printf(ar, "reviewed %s by a chain of delta reviews",
                                           criteria(pp->need));
    case POLICY_EXEMPTED:
        return arena_printf(ar, "exempted for %s%s: %s", criteria(pp->need), until,
                            doc_safe(doc, pp->by));
    case POLICY_TRUSTED:
        return arena_printf(ar, "trusted publisher %s%s (%s)", doc_safe(doc, pp->by), until,
                            criteria(pp->need));
    case POLICY_UNREVIEWED: break;
    }
    const char *have = pp->have ? arena_printf(ar, "; reviewed for %s only", criteria(pp->have))
                                : "";
    if (!enforced)   /* short: nothing is required yet */
        return pp->have ? arena_printf(ar, "%s only (no [policy])", criteria(pp->have))
                        : "unreviewed (no [policy])";
    return arena_printf(ar, "needs %s%s", criteria(pp->need), have);
}

/* Without a [policy], unreviewed says nothing yet: not listed. */
static bool listed(const struct app *a, const struct finding *f)
{
    return a->counts_policy.enforced || strcmp(f->rule, "unreviewed") != 0;
}

const struct finding *policy_pane_item(const struct app *a, unsigned node, size_t k,
                                       size_t *count)
{
    const struct finding *f, *hit = NULL;
    size_t n = session_policy_findings(a->session, node, &f), seen = 0;
    for (size_t i = 0; i < n; i++)
        if (listed(a, &f[i]) && seen++ == k)
            hit = &f[i];
    if (count)
        *count = seen;
    return hit;
}

/* One policy finding of the head, its lines item k of the cursor. */
static void policy_finding_lines(struct pane_doc *doc, const struct finding *f, int k)
{
    size_t first = doc->lines.len;
    if (strcmp(f->rule, "unreviewed") == 0) {
        /* Its message says the lack again; the cheapest way is what is new. */
        const char *how = strstr(f->message, "; cheapest: ");
        const char *no = strstr(f->message, "; no version");
        const char *tail = how ? how + 2 : no ? no + 2 : f->message;
        doc_wrap(doc, EL_PANE_NOTE, 9, tail);
    } else {
        doc_line(doc, severity_element((int)f->severity), "%-8s %s",
                 severity_name(f->severity), f->rule);
        doc_wrap(doc, EL_NORMAL, 2, f->message);
    }
    for (size_t i = first; i < doc->lines.len; i++)
        doc->lines.items[i].item = k;
}

void policy_pane_head(struct app *a, struct pane_doc *doc, unsigned node)
{
    struct pin_policy pp;
    if (!session_policy(a->session, node, &pp))
        return;
    bool enforced = a->counts_policy.enforced;
    bool needs = pp.how == POLICY_UNREVIEWED && !pp.origin;
    int el = needs && pp.fails ? EL_SEV_HIGH : needs && enforced ? EL_SEV_MEDIUM : EL_REVIEWED;
    doc_line(doc, el, "policy   %s", state_text(doc, &pp, enforced));
    if (pp.expired)
        doc_line(doc, EL_SEV_MEDIUM, "         the %s expired on %s", pp.expired_what,
                 doc_safe(doc, pp.expired));
    size_t n;
    policy_pane_item(a, node, 0, &n);
    for (size_t i = 0; i < n; i++)
        policy_finding_lines(doc, policy_pane_item(a, node, i, NULL), (int)i);
    const char *note = session_imports_note(a->session);
    if (note[0])
        doc_wrap(doc, EL_STALE, 0, note);
    doc_line(doc, EL_NORMAL, "%s", "");
}

void policy_pane_acked(struct app *a, struct pane_doc *doc, unsigned node)
{
    const struct finding *f;
    size_t n = session_acked(a->session, node, &f);
    if (!n)
        return;
    doc_line(doc, EL_PANE_LABEL, "acknowledged (%zu): kept out of check's --fail-on", n);
    for (size_t i = 0; i < n; i++) {
        doc_line(doc, EL_PANE_NOTE, "%-8s %s", severity_name(f[i].severity),
                 doc_safe(doc, f[i].rule));
        if (f[i].path)
            doc_wrap(doc, EL_PANE_NOTE, 2, f[i].path);
        doc_wrap(doc, EL_PANE_NOTE, 2, f[i].evidence);
    }
}
