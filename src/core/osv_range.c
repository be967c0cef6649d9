/* OSV range evaluation, following the algorithm of the OSV schema: walk the
 * events in version order; introduced turns "affected" on, fixed (at or
 * below the version) and last_affected (below it) turn it off; limits cap
 * the whole range. */
#include "depvet/core/osv_range.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/version.h"
#include "depvet/core/xmalloc.h"

/* OSV SEMVER ranges are SemVer whatever the ecosystem. */
static enum ecosystem ordering_of(enum ecosystem eco, enum osv_range_type type)
{
    return type == OSV_RANGE_SEMVER ? ECO_NPM : eco;
}

static bool is_zero(const struct osv_event *e)
{
    return e->kind == OSV_INTRODUCED && strcmp(e->version, "0") == 0;
}

/* <0, 0, >0 of two events' versions; "introduced: 0" sorts first, and at
 * equal versions introduced sorts before the events that end a range. */
static int event_cmp(enum ecosystem eco, const struct osv_event *a,
                     const struct osv_event *b)
{
    if (is_zero(a) || is_zero(b))
        return is_zero(a) && is_zero(b) ? 0 : is_zero(a) ? -1 : 1;
    int c = version_compare(eco, a->version, b->version);
    if (c)
        return c;
    return (b->kind == OSV_INTRODUCED) - (a->kind == OSV_INTRODUCED);
}

/* Insertion sort of event pointers: ranges hold a handful of events. */
static void sort_events(enum ecosystem eco, const struct osv_event **ev, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const struct osv_event *x = ev[i];
        size_t j = i;
        while (j > 0 && event_cmp(eco, ev[j - 1], x) > 0) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = x;
    }
}

static bool before_limits(enum ecosystem eco, const struct osv_range *r,
                          const char *version)
{
    bool any = false;
    for (size_t i = 0; i < r->n_events; i++) {
        const struct osv_event *e = &r->events[i];
        if (e->kind != OSV_LIMIT)
            continue;
        any = true;
        if (strcmp(e->version, "*") == 0 || version_compare(eco, version, e->version) < 0)
            return true;
    }
    return !any;
}

bool osv_range_affects(enum ecosystem eco, const struct osv_range *r,
                       const char *version)
{
    if (r->type == OSV_RANGE_GIT || !r->n_events || !version || !version[0])
        return false;
    eco = ordering_of(eco, r->type);
    const struct osv_event *small[16];
    const struct osv_event **ev = r->n_events <= 16 ? small
                                  : xmalloc(r->n_events * sizeof(*ev));
    for (size_t i = 0; i < r->n_events; i++)
        ev[i] = &r->events[i];
    sort_events(eco, ev, r->n_events);
    bool affected = false;
    for (size_t i = 0; i < r->n_events; i++) {
        const struct osv_event *e = ev[i];
        switch (e->kind) {
        case OSV_INTRODUCED:
            if (is_zero(e) || version_compare(eco, version, e->version) >= 0)
                affected = true;
            break;
        case OSV_FIXED:
            if (version_compare(eco, version, e->version) >= 0)
                affected = false;
            break;
        case OSV_LAST_AFFECTED:
            if (version_compare(eco, version, e->version) > 0)
                affected = false;
            break;
        case OSV_LIMIT:
            break;
        }
    }
    if (ev != small)
        free(ev);
    return affected && before_limits(eco, r, version);
}

bool osv_range_covers_from(enum ecosystem eco, const struct osv_range *r,
                           const char *from)
{
    if (r->type == OSV_RANGE_GIT || !r->n_events)
        return false;
    bool start = false;
    for (size_t i = 0; i < r->n_events; i++) {
        const struct osv_event *e = &r->events[i];
        start = start || is_zero(e);
        if (e->kind == OSV_INTRODUCED || (e->kind == OSV_LIMIT && strcmp(e->version, "*") == 0))
            continue;
        /* an end at or below from is fine only when something after it
         * reintroduces the range, which osv_range_affects(from) decides */
        if (!from || version_compare(ordering_of(eco, r->type), e->version, from) >= 0)
            return false;
    }
    return from ? osv_range_affects(eco, r, from) : start;
}

bool osv_versions_include(enum ecosystem eco, const char *const *versions,
                          size_t n, const char *version)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(versions[i], version) == 0)
            return true;
        if (version_valid(eco, versions[i]) && version_valid(eco, version) &&
            version_compare(eco, versions[i], version) == 0)
            return true;
    }
    return false;
}

const char *osv_range_next_fixed(enum ecosystem eco, const struct osv_range *r,
                                 const char *version)
{
    if (r->type == OSV_RANGE_GIT)
        return NULL;
    eco = ordering_of(eco, r->type);
    const char *best = NULL;
    for (size_t i = 0; i < r->n_events; i++) {
        const struct osv_event *e = &r->events[i];
        if (e->kind != OSV_FIXED || version_compare(eco, e->version, version) <= 0)
            continue;
        if (!best || version_compare(eco, e->version, best) < 0)
            best = e->version;
    }
    return best;
}
