/* Reputation facts derived from a package record: age, cadence, owner
 * changes, first-time publishers, how far a pin is behind. */
#include "depvet/engine/reputation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/numfmt.h"
#include "depvet/core/version.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/fetchplan.h"
#include "depvet/registry/hexpm.h"

#define YEAR_SECONDS (365 * 86400)

/* Each release's version parsed once for the whole reputation (it was
 * parsed three times a release: 7% of `depvet check` at 20,000 pins);
 * v[i] is unset where releases[i] has no version. */
static bool stable(const struct reg_release *r, const struct version_val *v)
{
    return r->version && !r->yanked && !r->retired && !r->deprecated &&
           !version_val_prerelease(v);
}

static void release_facts(struct reputation *r, const struct reg_package *p,
                          const struct version_val *v)
{
    size_t latest = SIZE_MAX;
    for (size_t i = 0; i < p->n_releases; i++) {
        const struct reg_release *rel = &p->releases[i];
        if (rel->published && (!r->first_release || rel->published < r->first_release)) {
            r->first_release = rel->published;
            r->first_version = rel->version;
        }
        if (rel->published && r->now - rel->published <= YEAR_SECONDS &&
            rel->published <= r->now)
            r->releases_last_year++;
        if (stable(rel, &v[i]) && (latest == SIZE_MAX || version_val_compare(&v[i], &v[latest]) > 0))
            latest = i;
    }
    r->n_releases = (unsigned)p->n_releases;
    const struct reg_release *lr = latest == SIZE_MAX ? NULL : &p->releases[latest];
    if (!lr && p->latest_version)
        lr = reg_package_find_release(p, p->latest_version);
    r->latest = lr ? lr->version : p->latest_version;
    r->latest_published = lr ? lr->published : 0;
    if (p->created && (!r->first_release || p->created < r->first_release)) {
        r->first_release = p->created;  /* older than any dated release we hold */
        r->first_version = NULL;
    }
}

static void pin_facts(struct reputation *r, const struct reg_package *p,
                      const struct version_val *v)
{
    if (!r->pinned)
        return;
    r->pinned_release = reg_package_find_release(p, r->pinned);
    struct version_val pin;
    version_val_parse(&pin, p->eco, r->pinned);
    for (size_t i = 0; i < p->n_releases; i++)
        if (stable(&p->releases[i], &v[i]) && version_val_compare(&v[i], &pin) > 0)
            r->behind++;
}

static bool has_person(const struct owner_snapshot *s, const struct reg_person *x)
{
    for (size_t i = 0; i < s->n_owners; i++) {
        const struct reg_person *o = &s->owners[i];
        if ((o->name && x->name && strcmp(o->name, x->name) == 0) ||
            (!o->name && !x->name && o->email && x->email && strcmp(o->email, x->email) == 0))
            return true;
    }
    return false;
}

static void owner_events(struct reputation *r, struct arena *a,
                         const struct owner_snapshot *h, size_t n)
{
    size_t cap = 0;
    for (size_t i = 1; i < n; i++)
        cap += h[i].n_owners + h[i - 1].n_owners;
    r->owner_events = cap ? arena_alloc(a, cap * sizeof(struct owner_event)) : NULL;
    for (size_t i = 1; i < n; i++) {
        for (size_t k = 0; k < h[i].n_owners; k++)
            if (!has_person(&h[i - 1], &h[i].owners[k]))
                r->owner_events[r->n_owner_events++] = (struct owner_event){
                    h[i].seen_at, true, h[i].owners[k].name, h[i].owners[k].email};
        for (size_t k = 0; k < h[i - 1].n_owners; k++)
            if (!has_person(&h[i], &h[i - 1].owners[k]))
                r->owner_events[r->n_owner_events++] = (struct owner_event){
                    h[i].seen_at, false, h[i - 1].owners[k].name, h[i - 1].owners[k].email};
    }
}

static int by_published_desc(const void *x, const void *y)
{
    const struct reg_release *a = *(const struct reg_release *const *)x;
    const struct reg_release *b = *(const struct reg_release *const *)y;
    return (a->published < b->published) - (a->published > b->published);
}

static const char *publisher_of(const struct reg_release *rel)
{
    return rel->publisher.name ? rel->publisher.name : rel->publisher.email;
}

/* What the releases older than order[i] say about its publisher: none of
 * them is theirs and every one names its publisher, someone else
 * (FIRST_KNOWN); someone else published before but some older releases
 * name nobody (FIRST_SINCE_WATCHING); otherwise FIRST_NO.  Unknown is not
 * "someone else". */
static enum publisher_first first_kind(const struct reg_release *const *order, size_t i,
                                       size_t n)
{
    const struct reg_release *rel = order[i];
    const char *who = publisher_of(rel);
    bool unknown = false, other = false;
    for (size_t k = i + 1; k < n; k++) {
        const struct reg_release *old = order[k];
        if (!old->published || old->published >= rel->published)
            continue;
        const char *by = publisher_of(old);
        if (!by)
            unknown = true;
        else if (strcmp(by, who) == 0)
            return FIRST_NO;
        else
            other = true;
    }
    /* Nobody known published before (the very first release, or only
     * unknown publishers): nothing to say. */
    if (!other)
        return FIRST_NO;
    return unknown ? FIRST_SINCE_WATCHING : FIRST_KNOWN;
}

/* Newest releases with their publishers and what is known about whether
 * each publisher published before. */
static void publisher_facts(struct reputation *r, struct arena *a,
                            const struct reg_package *p)
{
    if (!p->n_releases)
        return;
    const struct reg_release **order = xmalloc(p->n_releases * sizeof(*order));
    for (size_t i = 0; i < p->n_releases; i++)
        order[i] = &p->releases[i];
    qsort(order, p->n_releases, sizeof(*order), by_published_desc);
    size_t n = p->n_releases < REPUTATION_RECENT_PUBLISHERS ? p->n_releases
                                                            : REPUTATION_RECENT_PUBLISHERS;
    r->publishers = arena_alloc(a, n * sizeof(*r->publishers));
    for (size_t i = 0; i < n; i++) {
        const struct reg_release *rel = order[i];
        struct publisher_entry *e = &r->publishers[r->n_publishers++];
        e->version = rel->version;
        e->published = rel->published;
        e->publisher = publisher_of(rel);
        if (!e->publisher || !rel->published)
            continue;
        e->first = first_kind(order, i, p->n_releases);
        e->first_time = e->first == FIRST_KNOWN;
    }
    free(order);
}

void publisher_first_describe(const struct publisher_entry *e, char *out, size_t n)
{
    if (e->first == FIRST_NO || !e->publisher)
        snprintf(out, n, "%s", "");
    else
        snprintf(out, n, "first release by %s%s", e->publisher,
                 e->first == FIRST_SINCE_WATCHING ? " since depvet began watching" : "");
}

void reputation_build(struct reputation *r, struct arena *a,
                      const struct reg_package *p,
                      const struct owner_snapshot *history, size_t n_history,
                      const char *pinned, int64_t now)
{
    memset(r, 0, sizeof(*r));
    r->pkg = p;
    r->now = now;
    r->pinned = pinned && pinned[0] ? pinned : NULL;
    struct version_val *v = xmalloc((p->n_releases + 1) * sizeof(*v));
    for (size_t i = 0; i < p->n_releases; i++)
        if (p->releases[i].version)
            version_val_parse(&v[i], p->eco, p->releases[i].version);
    release_facts(r, p, v);
    pin_facts(r, p, v);
    free(v);
    owner_events(r, a, history, n_history);
    publisher_facts(r, a, p);
    reputation_provenance(r);
    r->dependents = p->dependents;
    r->direct_dependents = p->direct_dependents;
    /* Hex dependents are counted over at most FETCH_MAX_PAGES search pages. */
    r->dependents_at_least = p->eco == ECO_HEX &&
                             p->direct_dependents >= FETCH_MAX_PAGES * HEXPM_PAGE_SIZE;
}

static void count_or_unknown(int64_t v, char *out, size_t n)
{
    if (v == REG_UNKNOWN)
        snprintf(out, n, "unknown");
    else
        count_grouped(v, out, n);
}

void reputation_downloads_words(const struct reg_downloads *dl, char *buf, size_t n)
{
    char x[32], y[32], days[48];
    count_or_unknown(dl->total, x, sizeof(x));
    count_or_unknown(dl->recent, y, sizeof(y));
    if (dl->recent_days != REG_UNKNOWN)
        snprintf(days, sizeof(days), "in the last %lld days", (long long)dl->recent_days);
    else
        snprintf(days, sizeof(days), "recently");
    /* npm publishes no all-time total: say so instead of "unknown in all". */
    if (dl->total == REG_UNKNOWN && dl->recent == REG_UNKNOWN)
        snprintf(buf, n, "unknown");
    else if (dl->total == REG_UNKNOWN)
        snprintf(buf, n, "%s %s (no all-time total published)", y, days);
    else if (dl->recent == REG_UNKNOWN)
        snprintf(buf, n, "%s in all", x);
    else
        snprintf(buf, n, "%s in all, %s %s", x, y, days);
}

void reputation_dependents_words(const struct reputation *r, char *buf, size_t n)
{
    char x[32], y[32];
    count_or_unknown(r->dependents, x, sizeof(x));
    count_or_unknown(r->direct_dependents, y, sizeof(y));
    if (r->dependents != REG_UNKNOWN && r->direct_dependents != REG_UNKNOWN)
        snprintf(buf, n, "%s (%s direct)", x, y);
    else if (r->direct_dependents != REG_UNKNOWN)
        snprintf(buf, n, "%s%s direct", y, r->dependents_at_least ? " or more" : "");
    else
        snprintf(buf, n, "%s", x);
}

/* The stable releases just below and above version v (either may be
 * NULL): what to suggest when v is not a release. */
void reputation_nearest(const struct reg_package *p, const char *v, const char **below,
                        const char **above)
{
    *below = *above = NULL;
    for (size_t i = 0; i < p->n_releases; i++) {
        const char *x = p->releases[i].version;
        if (!x)
            continue;
        int c = version_compare(p->eco, x, v);
        if (c < 0 && (!*below || version_compare(p->eco, x, *below) > 0))
            *below = x;
        else if (c > 0 && (!*above || version_compare(p->eco, x, *above) < 0))
            *above = x;
    }
}
