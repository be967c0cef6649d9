/* The findings driver: each registry package once, every rule table in
 * turn, then one order for every frontend. */
#include "depvet/engine/findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/regex.h"
#include "depvet/core/version.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/popular_lists.h"
#include "depvet/store/findstore.h"
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
    /* The pin parsed once, not once a release (10 a package at 20,000). */
    struct version_val pin;
    version_val_parse(&pin, p->eco, version);
    for (size_t i = 0; i < p->n_releases; i++) {
        const char *v = p->releases[i].version;
        if (v && version_equals_val(v, &pin))
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

/* ---- every cached record at once ---------------------------------------- */

struct record_entry {
    enum ecosystem eco;
    const char *key;          /* normalised name */
    struct reg_package *pkg;
    struct owner_snapshot *hist;
    size_t n_hist;
};

struct findings_records {
    struct arena *own;            /* the index; also the records when read here */
    struct arena *a;              /* where the records live: the pinned
                                   * releases' details are read into it */
    struct record_entry *items;   /* sorted by (eco, key) */
    size_t n;
};

static int entry_cmp(const void *x, const void *y)
{
    const struct record_entry *a = x, *b = y;
    if (a->eco != b->eco)
        return a->eco < b->eco ? -1 : 1;
    return strcmp(a->key, b->key);
}

static struct findings_records *records_index(const struct findings_loaded *l, struct arena *own)
{
    struct findings_records *r = xcalloc(1, sizeof(*r));
    r->own = own;
    r->a = l->a;
    r->items = arena_alloc(own, (l->n + 1) * sizeof(*r->items));
    char key[512];
    for (size_t i = 0; i < l->n; i++) {
        struct reg_package *p = l->pkgs[i];
        ecosystem_normalize_name(p->eco, p->name ? p->name : "", key, sizeof(key));
        r->items[r->n++] = (struct record_entry){p->eco, arena_strdup(own, key), p,
                                                 l->hist[i], l->n_hist[i]};
    }
    if (r->n > 1)
        qsort(r->items, r->n, sizeof(*r->items), entry_cmp);
    return r;
}

/* A few table scans instead of a dozen queries per package. */
static struct findings_records *records_load(struct store *st)
{
    struct findings_loaded l = {arena_new(), NULL, NULL, NULL, 0};
    struct diag d;
    diag_clear(&d);
    if (!findings_load_records(&l, st, &d)) {
        arena_free(l.a);
        return NULL;
    }
    return records_index(&l, l.a);
}

bool findings_load_records(struct findings_loaded *l, struct store *st, struct diag *d)
{
    l->n = pkgstore_load_all_history(st, l->a, &l->pkgs, &l->hist, &l->n_hist, d);
    return !diag_failed(d);
}

static void records_free(struct findings_records *r)
{
    if (r) {
        arena_free(r->own);
        free(r);
    }
}

static const struct record_entry *records_find(const struct findings_records *r,
                                               const struct dep_node *n);

const struct reg_package **findings_records_by_node(const struct findings_loaded *l,
                                                    const struct dep_graph *g)
{
    struct findings_records *r = records_index(l, arena_new());
    const struct reg_package **out = xcalloc(g->nodes.len + 1, sizeof(*out));
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        const struct record_entry *e = n->source == SOURCE_REGISTRY ? records_find(r, n) : NULL;
        out[i] = e ? e->pkg : NULL;
    }
    records_free(r);
    return out;
}

static const struct record_entry *records_find(const struct findings_records *r,
                                               const struct dep_node *n)
{
    struct record_entry want = {n->eco, n->key, NULL, NULL, 0};
    return r->n && n->key ? bsearch(&want, r->items, r->n, sizeof(want), entry_cmp) : NULL;
}

static void rules_on(const struct findings_input *in, const struct rule_env *env,
                     struct findings *out, const struct dep_node *n, struct reg_package *pkg,
                     const struct owner_snapshot *hist, size_t nh, struct arena *a)
{
    struct reputation rep;
    struct rule_ctx c = {in, env, n, pkg, find_pinned(pkg, n->version), NULL, out};
    if (pkg) {
        reputation_build(&rep, a, pkg, hist, nh, n->version, in->now);
        c.rep = &rep;
    }
    run_table(rules_registry_table, &c);
    run_table(rules_provenance_table, &c);
    run_table(rules_advisory_table, &c);
}

static void registry_rules(const struct findings_input *in, const struct rule_env *env,
                           struct findings *out, const struct dep_node *n)
{
    struct arena *a = arena_new();
    struct diag d;
    diag_clear(&d);
    if (env->records) {
        const struct record_entry *e = records_find(env->records, n);
        struct reg_release *pin = e ? (struct reg_release *)find_pinned(e->pkg, n->version)
                                    : NULL;
        /* Checksums and files are read for the pinned release alone, and
         * only when the lockfile has a digest to compare. */
        if (pin && n->n_checksums)
            pkgstore_release_detail(in->st, env->records->a, n->eco, n->name, pin, &d);
        rules_on(in, env, out, n, e ? e->pkg : NULL, e ? e->hist : NULL, e ? e->n_hist : 0, a);
    } else {
        struct reg_package *pkg = NULL;
        struct owner_snapshot *hist = NULL;
        size_t nh = 0;
        if (in->st && pkgstore_get(in->st, a, n->eco, n->name, &pkg, &d))
            nh = pkgstore_owner_history(in->st, a, n->eco, n->name, &hist, &d);
        rules_on(in, env, out, n, pkg, hist, nh, a);
    }
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
static void env_open(struct rule_env *env, const struct findings_input *in,
                     const struct findings_loaded *pre)
{
    memset(env, 0, sizeof(*env));
    env->superseded = rules_superseded_regex();
    if (!in->st)
        return;
    struct diag d;
    diag_clear(&d);
    env->records = pre ? records_index(pre, arena_new()) : records_load(in->st);
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
    records_free(env->records);
    osvdb_matcher_free(env->osv);
    regex_free(env->superseded);
    for (int e = 0; e < POPULAR_ECOS; e++)
        typosquat_index_free(env->popular[e]);
}

/* Each node the rules look at: lockfile rules for every one, and `pin`
 * for the first node of each registry package@version. */
typedef void (*pin_fn)(void *ud, const struct dep_node *n);

static void walk(struct findings *out, const struct findings_input *in,
                 const struct rule_env *env, pin_fn pin, void *ud)
{
    const struct dep_graph *g = in->g;
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == ECO_UNKNOWN || (n->flags & (DEP_PROJECT | DEP_LINK)))
            continue;
        struct rule_ctx c = {in, env, n, NULL, NULL, NULL, out};
        size_t before = out->items.len;
        run_table(rules_lockfile_table, &c);
        for (size_t k = before; k < out->items.len; k++)
            out->items.items[k].from_lockfile = true;
        if (n->source == SOURCE_REGISTRY && node_set_add(&seen, g, (unsigned)i, true))
            pin(ud, n);
    }
    node_set_fini(&seen);
    findings_sort(out);
}

void findings_sort(struct findings *f)
{
    if (f->items.len > 1)
        qsort(f->items.items, f->items.len, sizeof(struct finding), finding_cmp);
}

struct collect {
    const struct findings_input *in;
    const struct rule_env *env;
    struct findings *out;
};

static void collect_pin(void *ud, const struct dep_node *n)
{
    struct collect *c = ud;
    registry_rules(c->in, c->env, c->out, n);
}

void findings_collect(struct findings *out, const struct findings_input *in)
{
    findings_collect_loaded(out, in, NULL);
}

void findings_collect_loaded(struct findings *out, const struct findings_input *in,
                             const struct findings_loaded *pre)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    struct rule_env env;
    env_open(&env, in, pre);
    struct collect c = {in, &env, out};
    walk(out, in, &env, collect_pin, &c);
    env_close(&env);
}

/* ---- findings kept in the cache -------------------------------------- */

bool findings_save(const struct findings *fs, const struct dep_graph *g, struct store *st,
                   int64_t now, struct diag *d)
{
    if (!store_begin(st, d))
        return false;
    struct node_set seen;
    node_set_init(&seen, g->nodes.len);
    struct stored_finding *row = xmalloc((fs->items.len + 1) * sizeof(*row));
    bool ok = true;
    size_t at = 0; /* fs is ordered by node */
    for (size_t i = 0; ok && i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        size_t k = 0;
        for (; at < fs->items.len && fs->items.items[at].node < i; at++)
            ;
        for (size_t j = at; j < fs->items.len && fs->items.items[j].node == i; j++) {
            const struct finding *f = &fs->items.items[j];
            if (!f->from_lockfile)
                row[k++] = (struct stored_finding){f->rule, (int)f->severity, f->message,
                                                   f->evidence, f->link};
        }
        if (n->source == SOURCE_REGISTRY && n->eco != ECO_UNKNOWN &&
            !(n->flags & (DEP_PROJECT | DEP_LINK)) && node_set_add(&seen, g, (unsigned)i, true))
            ok = findstore_replace(st, n->eco, n->name, n->version, row, k, now, d);
    }
    free(row);
    node_set_fini(&seen);
    if (ok)
        return store_commit(st, d);
    store_rollback(st);
    return false;
}

struct load {
    struct findings *out;
    struct stored_pin *pins;
    size_t n;
    int64_t oldest;
    unsigned missing;
};

static int pin_cmp(const void *key, const void *elem)
{
    const struct stored_pin *a = key, *b = elem;
    int c = strcmp(ecosystem_name(a->eco), ecosystem_name(b->eco));
    if (!c)
        c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->version, b->version);
}

static void load_pin(void *ud, const struct dep_node *n)
{
    struct load *l = ud;
    char key[512];
    if (ecosystem_normalize_name(n->eco, n->name, key, sizeof(key)) >= sizeof(key))
        return;
    struct stored_pin want = {.eco = n->eco, .key = key, .version = n->version ? n->version : ""};
    const struct stored_pin *p = l->n ? bsearch(&want, l->pins, l->n, sizeof(*l->pins), pin_cmp)
                                      : NULL;
    if (!p) {
        l->missing++;
        return;
    }
    if (!l->oldest || p->computed_at < l->oldest)
        l->oldest = p->computed_at;
    for (size_t i = 0; i < p->n; i++) {
        struct finding *f = VEC_ADD(&l->out->items);
        const struct stored_finding *s = &p->items[i];
        *f = (struct finding){s->rule, s->severity < SEV_COUNT && s->severity >= 0
                                           ? (enum severity)s->severity : SEV_INFO,
                              n->id, n->lockfile, s->message, s->evidence, s->link, false,
                              NULL, NULL, 0, NULL, NULL};
    }
}

void findings_load(struct findings *out, const struct findings_input *in, int64_t *oldest,
                   unsigned *missing)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    struct rule_env env;
    memset(&env, 0, sizeof(env));
    struct load l = {out, NULL, 0, 0, 0};
    struct diag d;
    diag_clear(&d);
    if (in->st)
        l.n = findstore_load_all(in->st, out->arena, &l.pins, &d);
    walk(out, in, &env, load_pin, &l);
    *oldest = l.missing ? 0 : l.oldest;
    *missing = l.missing;
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
