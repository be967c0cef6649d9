/* `depvet info`: refresh one package (time-to-live permitting) and build
 * its reputation from the cache. */
#include "depvet/engine/info.h"

#include <stdio.h>
#include <string.h>

#include "depvet/engine/fetchplan.h"
#include "depvet/engine/refresh.h"
#include "depvet/store/pkgstore.h"

bool info_parse_spec(struct arena *a, const char *spec, struct info_request *out,
                     struct diag *d)
{
    memset(out, 0, sizeof(*out));
    const char *colon = strchr(spec, ':');
    char eco[16];
    if (!colon || (size_t)(colon - spec) >= sizeof(eco)) {
        diag_set(d, DIAG_SYNTAX, spec, 0, 0,
                 "expected ECOSYSTEM:NAME[@VERSION], e.g. hex:plug@1.15.3");
        return false;
    }
    snprintf(eco, sizeof(eco), "%.*s", (int)(colon - spec), spec);
    if (!ecosystem_parse(eco, &out->eco)) {
        diag_set(d, DIAG_SYNTAX, spec, 0, 0, "unknown ecosystem '%s' (hex, pypi or npm)", eco);
        return false;
    }
    const char *name = colon + 1;
    /* "@scope/name@1.0.0": the version separator is the last '@' that is
     * not the first character. */
    const char *at = strrchr(name, '@');
    if (at == name)
        at = NULL;
    out->name = at ? arena_strndup(a, name, (size_t)(at - name)) : arena_strdup(a, name);
    out->version = at ? arena_strdup(a, at + 1) : NULL;
    if (!out->name[0] || (out->version && !out->version[0])) {
        diag_set(d, DIAG_SYNTAX, spec, 0, 0, "empty package name or version");
        return false;
    }
    return true;
}

/* The provenance of the pinned and latest releases, which only the record
 * just written names (as a refresh's second pass). */
static bool refresh_provenance(const struct fetch_plan *plan, const struct engine_config *cfg,
                               struct store *st, const struct refresh_options *o)
{
    struct fetch_plan prov;
    bool updated = false;
    if (fetchplan_provenance(&prov, plan, NULL, st, cfg, o->now)) {
        struct refresh_summary sum;
        struct diag d;
        diag_clear(&d);
        if (refresh_run(st, &prov, cfg, o, &sum, &d))
            updated = sum.updated > 0;
        refresh_summary_fini(&sum);
    }
    fetchplan_fini(&prov);
    return updated;
}

static void try_refresh(const struct info_request *q, const struct engine_config *cfg,
                        struct store *st, struct info_result *out)
{
    struct fetch_plan plan = {0};
    fetchplan_add(&plan, q->eco, q->name, q->version, cfg, q->now);
    struct refresh_options o = {.now = q->now};
    struct refresh_summary sum;
    struct diag d;
    diag_clear(&d);
    if (!refresh_run(st, &plan, cfg, &o, &sum, &d))
        diag_format(&d, out->refresh_error, sizeof(out->refresh_error));
    else if (sum.n_failures)
        snprintf(out->refresh_error, sizeof(out->refresh_error), "%s",
                 sum.failures[0].message);
    out->refreshed = sum.updated > 0;
    if (!diag_failed(&d) && !sum.n_failures)
        out->refreshed |= refresh_provenance(&plan, cfg, st, &o);
    refresh_summary_fini(&sum);
    fetchplan_fini(&plan);
}

/* A version the registry never published is an error, not "0 releases
 * behind": name the releases on either side of it. */
static bool no_such_release(const struct reg_package *p, const struct info_request *q,
                            struct diag *d)
{
    const char *below, *above;
    reputation_nearest(p, q->version, &below, &above);
    char near[256];
    if (below && above)
        snprintf(near, sizeof(near), "; the nearest are %s and %s", below, above);
    else if (below || above)
        snprintf(near, sizeof(near), "; the nearest is %s", below ? below : above);
    else
        snprintf(near, sizeof(near), "; it has no releases%s",
                 q->offline ? " in the cache" : "");
    diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0, "no release %s%s%s", q->version,
             q->offline ? " in the cache" : "", near);
    return false;
}

bool info_lookup(const struct info_request *q, const struct engine_config *cfg,
                 struct arena *a, struct info_result *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    /* Offline nothing is written: a cache the user cannot write will do. */
    struct store *st = q->offline ? store_open_readonly(q->cache_dir, d)
                                  : store_open_default(q->cache_dir, d);
    if (!st) {
        if (!diag_failed(d))
            diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0,
                     "not in the cache: there is no cache yet (run 'depvet refresh' or "
                     "leave out --offline)");
        return false;
    }
    if (!q->offline)
        try_refresh(q, cfg, st, out);
    struct reg_package *p;
    bool ok = pkgstore_get(st, a, q->eco, q->name, &p, d);
    if (ok) {
        struct owner_snapshot *hist;
        size_t nh = pkgstore_owner_history(st, a, q->eco, q->name, &hist, d);
        reputation_build(&out->rep, a, p, hist, nh, q->version, q->now);
        out->facts_at = pkgstore_fact_time(st, q->eco, q->name, "package");
        if (q->version && !out->rep.pinned_release)
            ok = no_such_release(p, q, d);
    } else if (!diag_failed(d)) {
        if (out->refresh_error[0])
            diag_set(d, DIAG_NET, q->name, 0, 0, "%s", out->refresh_error);
        else
            diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0,
                     q->offline ? "not in the cache (run without --offline, or "
                                  "'depvet refresh' first)"
                                : "the registry knows no such package");
    }
    store_close(st);
    return ok;
}
