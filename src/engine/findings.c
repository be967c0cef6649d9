/* The findings driver: each registry package once, every rule table in
 * turn, then one order for every frontend. */
#include "depvet/engine/findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/core/version.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/store/pkgstore.h"

static const char *const severity_table[SEV_COUNT] = {
    [SEV_INFO] = "info", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
    [SEV_HIGH] = "high", [SEV_CRITICAL] = "critical",
};

const char *severity_name(enum severity s)
{
    return s < SEV_COUNT ? severity_table[s] : "?";
}

bool severity_parse(const char *s, enum severity *out)
{
    for (unsigned i = 0; i < SEV_COUNT; i++)
        if (strcmp(s, severity_table[i]) == 0) {
            *out = (enum severity)i;
            return true;
        }
    return false;
}

void rule_emit(struct rule_ctx *c, const char *rule, enum severity sev, const char *link,
               const char *evidence, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct arena *a = c->out->arena;
    struct finding *f = VEC_ADD(&c->out->items);
    f->rule = rule;
    f->severity = sev;
    f->node = c->node ? c->node->id : GRAPH_NONE;
    f->lockfile = c->node ? c->node->lockfile : 0;
    f->message = arena_strdup(a, msg);
    f->evidence = evidence ? arena_strdup(a, evidence) : NULL;
    f->link = link ? arena_strdup(a, link) : NULL;
}

static const struct reg_release *find_pinned(const struct reg_package *p, const char *version)
{
    if (!p || !version || !version[0])
        return NULL;
    for (size_t i = 0; i < p->n_releases; i++) {
        const char *v = p->releases[i].version;
        if (v && (strcmp(v, version) == 0 || version_compare(p->eco, v, version) == 0))
            return &p->releases[i];
    }
    return NULL;
}

static void run_table(const struct rule_def *table, struct rule_ctx *c)
{
    for (const struct rule_def *r = table; r->id; r++)
        if (c->pkg || !r->needs_record)
            r->run(c);
}

static void registry_rules(const struct findings_input *in, const struct rule_env *env,
                           struct findings *out, const struct dep_node *n)
{
    struct arena *a = arena_new();
    struct reg_package *pkg = NULL;
    struct diag d;
    diag_clear(&d);
    if (in->st && !pkgstore_get(in->st, a, n->eco, n->name, &pkg, &d))
        pkg = NULL;
    struct reputation rep;
    struct rule_ctx c = {in, env, n, pkg, find_pinned(pkg, n->version), NULL, out};
    if (pkg) {
        struct owner_snapshot *hist;
        size_t nh = pkgstore_owner_history(in->st, a, n->eco, n->name, &hist, &d);
        reputation_build(&rep, a, pkg, hist, nh, n->version, in->now);
        c.rep = &rep;
    }
    run_table(rules_registry_table, &c);
    run_table(rules_advisory_table, &c);
    arena_free(a);
}

static int finding_cmp(const void *x, const void *y)
{
    const struct finding *a = x, *b = y;
    if (a->node != b->node) /* lockfile findings (GRAPH_NONE) go last */
        return a->node < b->node ? -1 : 1;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    return strcmp(a->rule, b->rule);
}

/* The advisory database and a popular list for each ecosystem the graph
 * uses, when the cache has them. */
static void env_open(struct rule_env *env, const struct findings_input *in)
{
    memset(env, 0, sizeof(*env));
    if (!in->st)
        return;
    struct diag d;
    diag_clear(&d);
    env->osv = osvdb_matcher_new(in->st, &d);
    bool used[POPULAR_ECOS] = {false};
    for (size_t i = 0; i < in->g->nodes.len; i++)
        if (in->g->nodes.items[i].source == SOURCE_REGISTRY)
            used[in->g->nodes.items[i].eco] = true;
    for (int e = ECO_HEX; e < POPULAR_ECOS; e++)
        if (used[e])
            env->popular[e] = popular_lists_index(in->st, in->cfg, (enum ecosystem)e, in->now,
                                                  NULL, &d);
}

static void env_close(struct rule_env *env)
{
    osvdb_matcher_free(env->osv);
    for (int e = 0; e < POPULAR_ECOS; e++)
        typosquat_index_free(env->popular[e]);
}

void findings_collect(struct findings *out, const struct findings_input *in)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    struct rule_env env;
    env_open(&env, in);
    const struct dep_graph *g = in->g;
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == ECO_UNKNOWN || (n->flags & (DEP_PROJECT | DEP_LINK)))
            continue;
        struct rule_ctx c = {in, &env, n, NULL, NULL, NULL, out};
        run_table(rules_lockfile_table, &c);
        if (n->source == SOURCE_REGISTRY && node_set_add(&seen, g, (unsigned)i, true))
            registry_rules(in, &env, out, n);
    }
    node_set_fini(&seen);
    env_close(&env);
    if (out->items.len > 1)
        qsort(out->items.items, out->items.len, sizeof(struct finding), finding_cmp);
}

void findings_fini(struct findings *f)
{
    VEC_FREE(&f->items);
    arena_free(f->arena);
    memset(f, 0, sizeof(*f));
}

void findings_count(const struct findings *f, unsigned counts[SEV_COUNT])
{
    memset(counts, 0, SEV_COUNT * sizeof(unsigned));
    for (size_t i = 0; i < f->items.len; i++)
        counts[f->items.items[i].severity]++;
}
