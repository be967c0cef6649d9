/* The registry side of a version diff: what the two release records say
 * changed (requirements, publisher, owners, install scripts and build
 * tools, advisories, the later release's cooldown). */
#include "depvet/engine/pkgdiff.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/osv.h"
#include "depvet/core/strbuf.h"
#include "depvet/core/vec.h"
#include "depvet/engine/osvdb.h"
#include "depvet/engine/reldoc.h"
#include "depvet/store/pkgstore.h"

/* A release's record with its requirements: the cached package record's
 * when it lists some (npm's packument has every version's), else the
 * release's own document.  *why says why there is none. */
static void complete(struct store *st, const struct engine_config *cfg,
                     const struct reg_package *p, const char *const v[2], bool offline,
                     int64_t now, struct arena *a, const struct reg_release *out[2],
                     const char *why[2])
{
    struct reldoc docs[2];
    size_t k = 0, at[2];
    for (int i = 0; i < 2; i++) {
        out[i] = reg_package_find_release(p, v[i]);
        why[i] = NULL;
        if (out[i] && (out[i]->n_deps || p->eco == ECO_NPM))
            continue;
        docs[k] = (struct reldoc){.eco = p->eco, .name = p->name, .version = v[i]};
        at[k++] = (size_t)i;
    }
    struct reldoc_options o = {offline, now, 0};
    reldoc_fetch(st, cfg, docs, k, &o, a);
    for (size_t j = 0; j < k; j++) {
        if (docs[j].release)
            out[at[j]] = docs[j].release;   /* requirements, publisher, build tools */
        else
            why[at[j]] = arena_strdup(a, docs[j].error);
    }
}

static const struct reg_dep *dep_named(const struct reg_release *r, const char *name)
{
    for (size_t i = 0; i < r->n_deps; i++)
        if (r->deps[i].name && strcmp(r->deps[i].name, name) == 0)
            return &r->deps[i];
    return NULL;
}

static const char *req_of(const struct reg_dep *d)
{
    if (!d)
        return NULL;
    if (d->raw)   /* PyPI: the PEP 508 string, markers included */
        return d->raw;
    return d->requirement ? d->requirement : "";
}

static void dep_changes(const struct reg_release *a, const struct reg_release *b,
                        struct arena *ar, struct pkgdiff_meta *out)
{
    VEC(struct pkgdiff_dep_change) v = {0};
    for (size_t i = 0; i < b->n_deps; i++) {
        const struct reg_dep *nd = &b->deps[i], *od = nd->name ? dep_named(a, nd->name) : NULL;
        if (!nd->name || (od && strcmp(req_of(od), req_of(nd)) == 0))
            continue;
        *VEC_ADD(&v) = (struct pkgdiff_dep_change){od ? '~' : '+', nd->name, req_of(od),
                                                   req_of(nd), nd->optional};
    }
    for (size_t i = 0; i < a->n_deps; i++)
        if (a->deps[i].name && !dep_named(b, a->deps[i].name))
            *VEC_ADD(&v) = (struct pkgdiff_dep_change){'-', a->deps[i].name, req_of(&a->deps[i]),
                                                       NULL, a->deps[i].optional};
    struct pkgdiff_dep_change *c = arena_alloc(ar, (v.len + 1) * sizeof(*c));
    if (v.len)
        memcpy(c, v.items, v.len * sizeof(*c));
    out->deps = c;
    out->n_deps = v.len;
    VEC_FREE(&v);
}

static const char *person(const struct reg_person *p)
{
    return p->name && p->name[0] ? p->name : p->email && p->email[0] ? p->email : NULL;
}

static const char *script_of(const struct reg_release *r, const char *phase)
{
    for (size_t i = 0; i < r->n_scripts; i++)
        if (r->scripts[i].phase && strcmp(r->scripts[i].phase, phase) == 0)
            return r->scripts[i].command;
    return NULL;
}

static const char *tools_of(const struct reg_release *r, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < r->n_build_tools; i++)
        strbuf_printf(&sb, "%s%s", i ? ", " : "", r->build_tools[i]);
    const char *s = sb.len ? arena_strdup(a, strbuf_str(&sb)) : NULL;
    strbuf_fini(&sb);
    return s;
}

static bool same(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Install-time scripts (npm) and build tools (Hex) that differ. */
static void script_changes(const struct reg_release *a, const struct reg_release *b,
                           struct arena *ar, struct pkgdiff_meta *out)
{
    static const char *const phases[] = {"preinstall", "install", "postinstall", "prepare"};
    struct pkgdiff_script_change *c = arena_alloc(ar, 5 * sizeof(*c));
    size_t n = 0;
    for (size_t i = 0; i < 4; i++) {
        const char *x = script_of(a, phases[i]), *y = script_of(b, phases[i]);
        if (!same(x, y))
            c[n++] = (struct pkgdiff_script_change){phases[i], x, y};
    }
    const char *x = tools_of(a, ar), *y = tools_of(b, ar);
    if (!same(x, y))
        c[n++] = (struct pkgdiff_script_change){"build tools", x, y};
    out->scripts = c;
    out->n_scripts = n;
}

static bool shares_id(const struct osv_match *m, const struct osv_match *others, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t x = 0; x < m->n_ids; x++)
            for (size_t y = 0; y < others[i].n_ids; y++)
                if (strcmp(m->ids[x], others[i].ids[y]) == 0)
                    return true;
    return false;
}

/* The matches of `in` that `out_of` lacks. */
static size_t only_in(const struct osv_match *in, size_t n_in, const struct osv_match *out_of,
                      size_t n_out, struct arena *a, const struct pkgdiff_advisory **res)
{
    struct pkgdiff_advisory *v = arena_alloc(a, (n_in + 1) * sizeof(*v));
    size_t k = 0;
    for (size_t i = 0; i < n_in; i++) {
        if (shares_id(&in[i], out_of, n_out))
            continue;
        struct strbuf ids = STRBUF_INIT;
        for (size_t x = 0; x < in[i].n_ids; x++)
            strbuf_printf(&ids, "%s%s", x ? ", " : "", in[i].ids[x]);
        v[k++] = (struct pkgdiff_advisory){arena_strdup(a, strbuf_str(&ids)), in[i].rec->summary,
                                           osv_severity_name(in[i].severity), in[i].next_fixed};
        strbuf_fini(&ids);
    }
    *res = v;
    return k;
}

static void advisories(struct store *st, enum ecosystem eco, const char *name, const char *from,
                       const char *to, struct arena *a, struct pkgdiff_meta *out)
{
    struct diag d;
    diag_clear(&d);
    struct osv_match *m[2] = {NULL, NULL};
    size_t n0 = osvdb_match(st, a, eco, name, from, &m[0], &d);
    size_t n1 = diag_failed(&d) ? 0 : osvdb_match(st, a, eco, name, to, &m[1], &d);
    if (diag_failed(&d))
        return;
    out->have_advisories = true;
    out->n_fixed = only_in(m[0], n0, m[1], n1, a, &out->fixed);
    out->n_introduced = only_in(m[1], n1, m[0], n0, a, &out->introduced);
}

static void owners_between(const struct reputation *r, int64_t since, int64_t until,
                           struct pkgdiff_meta *out)
{
    size_t first = 0, n = 0;
    for (size_t i = 0; i < r->n_owner_events; i++) {
        const struct owner_event *e = &r->owner_events[i];
        if ((since && e->when < since) || (until && e->when > until))
            continue;
        if (!n)
            first = i;
        n = i - first + 1;   /* oldest first: the window is one run */
    }
    out->owners = r->owner_events + first;
    out->n_owners = n;
    out->owners_known = r->n_owner_events > 0;
}

static const char *deps_note(const char *const v[2], const char *const why[2],
                             struct arena *a)
{
    for (int i = 0; i < 2; i++)
        if (why[i])
            return arena_printf(a, "no dependency list for %s: %s", v[i], why[i]);
    return NULL;
}

bool pkgdiff_meta_build(struct store *st, const struct engine_config *cfg, enum ecosystem eco,
                        const char *name, const char *from, const char *to, bool offline,
                        int64_t now, struct arena *a, struct pkgdiff_meta *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    struct reg_package *p;
    if (!st || !pkgstore_get(st, a, eco, name, &p, d))
        return false;
    const char *v[2] = {from, to}, *why[2];
    const struct reg_release *r[2];
    complete(st, cfg, p, v, offline, now, a, r, why);
    out->have_deps = r[0] && r[1] && !why[0] && !why[1];
    out->deps_note = deps_note(v, why, a);
    if (out->have_deps)
        dep_changes(r[0], r[1], a, out);
    if (r[0] && r[1]) {
        out->old_publisher = person(&r[0]->publisher);
        out->new_publisher = person(&r[1]->publisher);
        out->publisher_changed = out->old_publisher && out->new_publisher &&
                                 strcmp(out->old_publisher, out->new_publisher) != 0;
        script_changes(r[0], r[1], a, out);
    }
    struct owner_snapshot *hist;
    size_t nh = pkgstore_owner_history(st, a, eco, name, &hist, d);
    struct reputation rep;
    reputation_build(&rep, a, p, hist, nh, NULL, now);
    const struct reg_release *pr[2] = {reg_package_find_release(p, from), reg_package_find_release(p, to)};
    owners_between(&rep, pr[0] ? pr[0]->published : 0, pr[1] ? pr[1]->published : 0, out);
    advisories(st, eco, name, from, to, a, out);
    out->to_published = pr[1] ? pr[1]->published : r[1] ? r[1]->published : 0;
    out->min_release_age = cfg->policy.min_release_age;
    out->to_cooling = out->min_release_age && out->to_published &&
                      now - out->to_published < out->min_release_age;
    diag_clear(d);
    return true;
}
