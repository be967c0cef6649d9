/* The adopt resolver's driver (adopt.h): level by level, each level's
 * documents asked for together, each requirement placed on a node of the
 * tree, a pin of the project, or a release chosen from the registry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adopt_priv.h"
#include "depvet/core/version.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/engine/session.h"

static const char *const state_name_table[ADOPT_STATE_COUNT] = {
    [ADOPT_NEW] = "new", [ADOPT_PRESENT] = "present", [ADOPT_CHANGED] = "changed",
    [ADOPT_UNRESOLVED] = "unresolved",
};

const char *adopt_state_name(enum adopt_state s)
{
    return s < ADOPT_STATE_COUNT ? state_name_table[s] : "?";
}

static const char *key_of(struct adopt_ctx *c, const char *name)
{
    char key[512];
    ecosystem_normalize_name(c->q->eco, name, key, sizeof(key));
    return arena_strdup(c->a, key);
}

void adopt_skip(struct adopt_ctx *c, unsigned from, const char *name, const char *req,
                const char *why)
{
    *VEC_ADD(&c->out->skipped) = (struct adopt_skip){
        from, arena_strdup(c->a, name), req ? arena_strdup(c->a, req) : NULL, why};
}

void adopt_want_add(struct adopt_ctx *c, unsigned from, const char *name, const char *req,
                    const char *extras, bool optional)
{
    *VEC_ADD(&c->next) = (struct adopt_want){arena_strdup(c->a, name),
                                             arena_strdup(c->a, req ? req : ""),
                                             extras ? arena_strdup(c->a, extras) : NULL,
                                             optional, from, false};
}

void adopt_want_peer(struct adopt_ctx *c, unsigned from, const char *name, const char *req)
{
    adopt_want_add(c, from, name, req, NULL, false);
    c->next.items[c->next.len - 1].peer = true;
}

static struct adopt_pkg *pkg_find(struct adopt_ctx *c, const char *key)
{
    for (size_t i = 0; i < c->pkgs.len; i++)
        if (strcmp(c->pkgs.items[i].key, key) == 0)
            return &c->pkgs.items[i];
    return NULL;
}

/* A node of the tree that takes the requirement: any node of the name in
 * a flat ecosystem, one whose version allows req under npm's nesting. */
static unsigned tree_find(struct adopt_ctx *c, const char *key, const char *req, bool flat)
{
    for (size_t i = 0; i < c->out->nodes.len; i++) {
        const struct adopt_node *n = &c->out->nodes.items[i];
        if (strcmp(c->keys.items[i], key) != 0)
            continue;
        if (flat || (n->version && adopt_req_allows(c->q->eco, req, n->version)))
            return (unsigned)i;
    }
    return ADOPT_NONE;
}

/* The project's pin of key that allows req (*ok), and any pin of it. */
static void project_pins(struct adopt_ctx *c, const char *key, const char *req,
                         const char **ok, const char **any)
{
    *ok = *any = NULL;
    for (size_t i = 0; c->g && i < c->g->nodes.len && !*ok; i++) {
        const struct dep_node *n = &c->g->nodes.items[i];
        if (n->eco != c->q->eco || strcmp(n->key, key) != 0 || !n->version || !n->version[0])
            continue;
        if (!*any)
            *any = n->version;
        if (adopt_req_allows(c->q->eco, req, n->version))
            *ok = n->version;
    }
    /* Copied: the project's graph goes before the result does. */
    *ok = *ok ? arena_strdup(c->a, *ok) : NULL;
    *any = *any ? arena_strdup(c->a, *any) : NULL;
}

static bool is_ancestor(const struct adopt_ctx *c, unsigned t, unsigned from)
{
    for (unsigned p = from, hops = 0; p != ADOPT_NONE && hops <= c->out->nodes.len; hops++) {
        if (p == t)
            return true;
        p = c->out->nodes.items[p].parent;
    }
    return false;
}

static void add_edge(struct adopt_ctx *c, const struct adopt_want *w, unsigned to)
{
    if (w->from == ADOPT_NONE)
        return;
    bool cycle = is_ancestor(c, to, w->from);
    c->out->cycles += cycle;
    *VEC_ADD(&c->out->edges) = (struct adopt_edge){w->from, to, w->req, w->optional, w->peer,
                                                   cycle};
}

/* The newest release req allows: not yanked or retired, a stable one when
 * there is any. */
static const struct reg_release *choose(enum ecosystem eco, const struct reg_package *p,
                                        const char *req)
{
    const struct reg_release *best = NULL;
    bool best_stable = false;
    for (size_t i = 0; p && i < p->n_releases; i++) {
        const struct reg_release *r = &p->releases[i];
        if (!r->version || r->yanked || r->retired || !adopt_req_allows(eco, req, r->version))
            continue;
        bool stable = !version_is_prerelease(eco, r->version);
        if (!best || (stable && !best_stable) ||
            (stable == best_stable && version_compare(eco, r->version, best->version) > 0)) {
            best = r;
            best_stable = stable;
        }
    }
    return best;
}

static void copy_facts(struct adopt_node *n, const struct reg_release *r)
{
    n->published = r->published;
    n->publisher = r->publisher.name ? r->publisher.name : r->publisher.email;
    n->yanked = r->yanked;
    n->retired = r->retired;
    n->deprecated = r->deprecated;
    n->install_script = r->has_install_script || r->n_scripts;
}

static unsigned new_node(struct adopt_ctx *c, const struct adopt_want *w, enum adopt_state st,
                         const char *version, const char *pinned)
{
    unsigned parent = w->from;
    struct adopt_node *n = VEC_ADD(&c->out->nodes);
    memset(n, 0, sizeof(*n));
    *n = (struct adopt_node){.name = w->name, .version = version, .pinned = pinned, .state = st,
                             .optional = w->optional || (parent != ADOPT_NONE &&
                                                         c->out->nodes.items[parent].optional),
                             .depth = parent == ADOPT_NONE ? 0 : c->out->nodes.items[parent].depth + 1,
                             .parent = parent, .requirement = w->req, .extras = w->extras,
                             .peer = w->peer};
    *VEC_ADD(&c->rel) = NULL;
    *VEC_ADD(&c->keys) = key_of(c, w->name);
    c->out->counts[st]++;
    return (unsigned)(c->out->nodes.len - 1);
}

/* A requirement met by a node already in the tree. */
static void join_existing(struct adopt_ctx *c, const struct adopt_want *w, unsigned t)
{
    struct adopt_node *n = &c->out->nodes.items[t];
    if (!w->optional)
        n->optional = false;
    if (n->version && !adopt_req_allows(c->q->eco, w->req, n->version)) {
        n->conflict = true;
        c->out->conflicts++;
        const char *by = w->from == ADOPT_NONE ? "the candidate"
                         : c->out->nodes.items[w->from].name;
        n->note = arena_printf(c->a, "%s%s%s requires %s, which %s is not", n->note ? n->note : "",
                               n->note ? "; " : "", by, w->req, n->version);
    }
    add_edge(c, w, t);
}

/* Places one requirement: on the tree, on a pin, or on a chosen release. */
static void place(struct adopt_ctx *c, const struct adopt_want *w)
{
    const struct adopt_rules *rules = adopt_rules_of(c->q->eco);
    const char *key = key_of(c, w->name), *pin_ok, *pin_any;
    /* A peer is one copy beside what requires it, never nested: like a
     * flat ecosystem's, a pin or a node that refuses it is a conflict
     * (npm 7+ stops with ERESOLVE). */
    bool flat = rules->flat || w->peer;
    unsigned t = tree_find(c, key, w->req, flat);
    if (t != ADOPT_NONE) {
        join_existing(c, w, t);
        return;
    }
    if (c->out->nodes.len >= (c->q->max_nodes ? c->q->max_nodes : ADOPT_MAX_NODES)) {
        c->out->truncated = true;
        return;
    }
    project_pins(c, key, w->req, &pin_ok, &pin_any);
    if (pin_ok) {
        add_edge(c, w, new_node(c, w, ADOPT_PRESENT, pin_ok, pin_ok));
        return;
    }
    const struct adopt_pkg *p = pkg_find(c, key);
    const struct reg_release *r = p ? choose(c->q->eco, p->doc.pkg, w->req) : NULL;
    unsigned id = new_node(c, w, r ? (pin_any ? ADOPT_CHANGED : ADOPT_NEW) : ADOPT_UNRESOLVED,
                           r ? r->version : NULL, pin_any);
    struct adopt_node *n = &c->out->nodes.items[id];
    if (r) {
        copy_facts(n, r);
        *VEC_ADD(&c->expand) = id;
    } else {
        n->note = p && p->doc.error[0] ? arena_strdup(c->a, p->doc.error)
                  : arena_printf(c->a, "no release satisfies '%s'", w->req);
    }
    if (r && pin_any && flat) {
        n->conflict = true;
        c->out->conflicts++;
        n->note = arena_printf(c->a, "%s %s; the project pins %s%s",
                               w->peer ? "a peer dependency requires" : "requires",
                               w->req[0] ? w->req : "any", pin_any,
                               w->peer ? " (npm stops: ERESOLVE)" : "");
    }
    add_edge(c, w, id);
}

/* Asks for the package documents this level needs, all at once. */
static void fetch_packages(struct adopt_ctx *c)
{
    struct reldoc *docs = calloc(c->wants.len + 1, sizeof(*docs));
    const char **keys = calloc(c->wants.len + 1, sizeof(*keys));
    size_t k = 0;
    bool flat = adopt_rules_of(c->q->eco)->flat;
    for (size_t i = 0; i < c->wants.len; i++) {
        const struct adopt_want *w = &c->wants.items[i];
        const char *key = key_of(c, w->name), *ok, *any;
        project_pins(c, key, w->req, &ok, &any);
        if (ok || pkg_find(c, key) || tree_find(c, key, w->req, flat) != ADOPT_NONE)
            continue;
        bool dup = false;
        for (size_t j = 0; j < k && !dup; j++)
            dup = strcmp(keys[j], key) == 0;
        if (dup)
            continue;
        keys[k] = key;
        docs[k++] = (struct reldoc){.eco = c->q->eco, .name = w->name};
    }
    struct reldoc_options o = {c->q->offline, c->q->now, 0};
    reldoc_fetch(c->st, c->cfg, docs, k, &o, c->a);
    for (size_t j = 0; j < k; j++) {
        *VEC_ADD(&c->pkgs) = (struct adopt_pkg){keys[j], docs[j], true};
        c->out->documents++;
        c->out->from_cache += docs[j].from_cache;
    }
    free(docs);
    free(keys);
}

/* The requirements of this level's new nodes: from the package document
 * when it has them, else every release document at once. */
static void fetch_releases(struct adopt_ctx *c)
{
    const struct adopt_rules *rules = adopt_rules_of(c->q->eco);
    struct reldoc *docs = calloc(c->expand.len + 1, sizeof(*docs));
    unsigned *at = calloc(c->expand.len + 1, sizeof(*at));
    size_t k = 0;
    for (size_t i = 0; i < c->expand.len; i++) {
        unsigned id = c->expand.items[i];
        const struct adopt_node *n = &c->out->nodes.items[id];
        const struct adopt_pkg *p = pkg_find(c, c->keys.items[id]);
        const struct reg_release *r = p ? reg_package_find_release(p->doc.pkg, n->version) : NULL;
        if (r && rules->deps_in_package(p->doc.pkg, r)) {
            c->rel.items[id] = r;
            continue;
        }
        at[k] = id;
        docs[k++] = (struct reldoc){.eco = c->q->eco, .name = n->name, .version = n->version};
    }
    struct reldoc_options o = {c->q->offline, c->q->now, 0};
    reldoc_fetch(c->st, c->cfg, docs, k, &o, c->a);
    for (size_t j = 0; j < k; j++) {
        struct adopt_node *n = &c->out->nodes.items[at[j]];
        c->out->documents++;
        c->out->from_cache += docs[j].from_cache;
        c->rel.items[at[j]] = docs[j].release;
        if (docs[j].release && docs[j].release->publisher.name)
            n->publisher = docs[j].release->publisher.name;   /* Hex: only here */
        if (!docs[j].release)
            n->note = arena_printf(c->a, "%s%srequirements unknown: %s", n->note ? n->note : "",
                                   n->note ? "; " : "", docs[j].error);
    }
    free(docs);
    free(at);
}

static void resolve_levels(struct adopt_ctx *c)
{
    const struct adopt_rules *rules = adopt_rules_of(c->q->eco);
    while (c->next.len && !c->out->truncated) {
        VEC_FREE(&c->wants);
        c->wants = c->next;
        memset(&c->next, 0, sizeof(c->next));
        c->expand.len = 0;
        c->out->levels++;
        fetch_packages(c);
        for (size_t i = 0; i < c->wants.len; i++)
            place(c, &c->wants.items[i]);
        fetch_releases(c);
        for (size_t i = 0; i < c->expand.len; i++) {
            unsigned id = c->expand.items[i];
            if (c->rel.items[id])
                rules->wants(c, id, c->rel.items[id]);
        }
    }
}

void adopt_result_fini(struct adopt_result *r)
{
    VEC_FREE(&r->nodes);
    VEC_FREE(&r->edges);
    VEC_FREE(&r->skipped);
    arena_free(r->arena);
    memset(r, 0, sizeof(*r));
}

static bool candidate_found(struct adopt_ctx *c, struct diag *d)
{
    const struct adopt_node *n = c->out->nodes.len ? &c->out->nodes.items[0] : NULL;
    if (n && n->state != ADOPT_UNRESOLVED)
        return true;
    diag_set(d, DIAG_UNSUPPORTED, c->q->name, 0, 0, "%s",
             n && n->note ? n->note : "the candidate could not be resolved");
    return false;
}

bool adopt_resolve(const struct adopt_request *q, const struct engine_config *cfg,
                   struct adopt_result *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    if (!adopt_rules_of(q->eco)) {
        diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0, "adopt knows hex, pypi and npm");
        return false;
    }
    struct adopt_ctx c = {.q = q, .cfg = cfg, .out = out, .a = out->arena};
    struct diag ignore;
    diag_clear(&ignore);
    c.st = q->offline ? store_open_readonly(q->cache_dir, &ignore)
                      : store_open_default(q->cache_dir, &ignore);
    struct session *sess = session_open(q->project ? q->project : ".", &ignore);
    c.g = sess ? session_graph(sess) : NULL;
    for (size_t i = 0; c.g && i < c.g->nodes.len; i++)
        out->project_pins |= c.g->nodes.items[i].eco == q->eco;
    engine_config_marker_env(cfg, &c.env);
    adopt_check_name(&c);
    adopt_want_add(&c, ADOPT_NONE, q->name, q->requirement, q->extras, false);
    resolve_levels(&c);
    bool ok = candidate_found(&c, d);
    if (ok)
        adopt_add_facts(&c);
    VEC_FREE(&c.wants);
    VEC_FREE(&c.next);
    VEC_FREE(&c.pkgs);
    VEC_FREE(&c.rel);
    VEC_FREE(&c.expand);
    VEC_FREE(&c.keys);
    session_free(sess);
    store_close(c.st);
    return ok;
}
