/* The session: owns the graph read from the project's lockfiles and what
 * the cache, the findings rules and the reviews file say about it. */
#include "depvet/engine/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depvet/analysis/gitconfig.h"
#include "depvet/analysis/regex.h"
#include "depvet/core/fileio.h"
#include "depvet/core/filestamp.h"
#include "depvet/core/timeutil.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/assemble.h"
#include "depvet/engine/flatfill.h"
#include "depvet/engine/adopt.h"
#include "depvet/engine/pkgdiff.h"
#include "depvet/engine/refresh_pipeline.h"
#include "depvet/engine/worker.h"
#include "depvet/lock/detect.h"
#include "depvet/store/db.h"
#include "depvet/store/pkgstore.h"

/* The findings worker: its inputs copied when it starts, its results its
 * own until joined.  The thread reads nothing of the session's but the
 * graph, which is never changed after session_open; a refresh may meanwhile
 * set the session's time and write the cache through the session's
 * connection. */
struct findings_job {
    struct worker w;
    const struct dep_graph *graph;
    struct engine_config cfg;
    int64_t now;
    char *cache_dir;                /* NULL: the XDG default */
    struct store *st;               /* its own connection; NULL: no cache */
    struct arena *arena;            /* the records it loads */
    struct reg_package **pkgs;
    size_t np;
    struct findings out;
};

struct session {
    struct dep_graph *graph;
    char *project;
    /* Filled by session_attach. */
    bool attached, offline;
    int64_t now;
    struct store *st;               /* NULL: no cache */
    struct arena *records_arena;
    const struct reg_package **record;   /* per node, NULL when not cached */
    unsigned *group;                /* per node: first node with the same
                                     * ecosystem, name and version */
    struct findings findings;
    bool findings_ready;
    bool findings_shown;      /* s->findings holds something to show: the
                               * cache's stored findings until ready */
    struct engine_config *cfg;      /* a copy of the caller's */
    char *cache_dir;                /* NULL: the XDG default */
    bool stale;                     /* a refresh changed the cache */
    bool refresh_ended;             /* report holds the last refresh's */
    struct refresh_report report;
    unsigned pending;               /* job_change bits for the next dispatch */
    size_t *f_first, *f_count;      /* per group node: range in findings */
    size_t lf_first, lf_count;      /* lockfile findings */
    struct audits *audits;
    char *reviewer;                 /* git's, "" for none; NULL: not asked yet */
    char *undo_text;                /* the reviews before the last removal */
    size_t undo_len;
    char *audits_path;
    unsigned char *review;          /* per node: criteria reviewed, 0 none;
                                     * bit 4: by a delta chain */
    bool srcdiff_held;              /* srcdiff holds a result not taken */
    struct session_srcdiff srcdiff;
    struct jobs *jobs;              /* every job: refresh, findings, source
                                     * diff, a frontend's own */
    struct adopt_result *adopt;     /* an adopted tree's session: the result
                                     * its graph was built from (node ids
                                     * are the same), else NULL */
    struct session *adopted;        /* an adopt job's session, until taken */
    char docs_asked[600];           /* the version diff whose release records
                                     * a job asked for last */
    unsigned job_changes;           /* job_change bits since the last take */
    char adopt_msg[600];
    /* The review policy over the findings (session_policy.c's part). */
    struct policystate *ps;
    struct imports imports;         /* other teams' reviews (cached copies) */
    bool imports_ok;
    char imports_note[320];         /* why they do not count, "" when they do */
    char *config_path, *lock_path;  /* .depvet/config.toml, imports.lock */
    struct file_stamp stamp[3];     /* audits.toml, config.toml, imports.lock */
};

static void srcdiff_drop(struct session *s);

struct session *session_open(const char *path, struct diag *d)
{
    struct dep_graph *g = graph_new();
    if (!detect_load(g, path, d)) {
        graph_free(g);
        return NULL;
    }
    return session_open_graph(g, path);
}

struct session *session_open_graph(struct dep_graph *g, const char *project)
{
    struct session *s = xcalloc(1, sizeof(*s));
    s->graph = g;
    s->project = xstrdup(project);
    s->jobs = jobs_new();
    s->ps = policystate_new();
    return s;
}

/* ---- an adopted tree ------------------------------------------------------ */

void session_adopt_set(struct session *s, struct adopt_result *r)
{
    if (s->adopt)
        adopt_result_fini(s->adopt);
    free(s->adopt);
    s->adopt = r;
}

const struct adopt_node *session_adopt_node(const struct session *s, unsigned node)
{
    return s->adopt && node < s->adopt->nodes.len ? &s->adopt->nodes.items[node] : NULL;
}

const struct adopt_result *session_adopt_result(const struct session *s)
{
    return s->adopt;
}

void session_adopt_put(struct session *s, struct session *adopted, const char *message)
{
    session_free(s->adopted);
    s->adopted = adopted;
    snprintf(s->adopt_msg, sizeof(s->adopt_msg), "%s", message ? message : "");
}

struct session *session_adopt_take(struct session *s, char *message, size_t n)
{
    struct session *a = s->adopted;
    if (message && n)
        snprintf(message, n, "%s", s->adopt_msg);
    s->adopted = NULL;
    s->adopt_msg[0] = '\0';
    return a;
}

const struct engine_config *session_config(const struct session *s)
{
    return s->cfg;
}

const char *session_cache_dir(const struct session *s)
{
    return s->cache_dir;
}

void session_free(struct session *s)
{
    if (!s)
        return;
    jobs_free(s->jobs);
    srcdiff_drop(s);
    session_adopt_set(s, NULL);
    session_free(s->adopted);
    refresh_report_fini(&s->report);
    free(s->cfg);
    free(s->cache_dir);
    store_close(s->st);
    arena_free(s->records_arena);
    free(s->record);
    free(s->group);
    findings_fini(&s->findings);
    free(s->f_first);
    free(s->f_count);
    audits_free(s->audits);
    free(s->reviewer);
    free(s->undo_text);
    free(s->audits_path);
    free(s->review);
    policystate_free(s->ps);
    if (s->imports_ok)
        imports_fini(&s->imports);
    free(s->config_path);
    free(s->lock_path);
    graph_free(s->graph);
    free(s->project);
    free(s);
}

const struct dep_graph *session_graph(const struct session *s)
{
    return s->graph;
}

bool session_flatfill(struct session *s, const char *cache_flag, struct flatfill_stats *out,
                      struct diag *d)
{
    if (s->attached) {
        diag_set(d, DIAG_INTERNAL, s->project, 0, 0, "the graph is fixed once attached");
        return false;
    }
    return flatfill_from_cache(s->graph, s->project, cache_flag, out, d);
}

const char *session_project(const struct session *s)
{
    return s->project;
}

bool session_search(struct session *s, const char *pattern, unsigned **ids,
                    size_t *n, struct diag *d)
{
    struct regex *re = regex_new(pattern, REGEX_CASELESS, "search", d);
    *ids = NULL;
    *n = 0;
    if (!re)
        return false;
    size_t cap = 0;
    for (size_t i = 0; i < s->graph->nodes.len; i++) {
        const char *name = s->graph->nodes.items[i].name;
        if (regex_search(re, name, strlen(name), NULL, NULL)) {
            *ids = xgrow(*ids, &cap, *n + 1, sizeof(unsigned));
            (*ids)[(*n)++] = (unsigned)i;
        }
    }
    regex_free(re);
    return true;
}

/* ---- attaching -------------------------------------------------------- */

struct keyed {
    enum ecosystem eco;
    const char *key, *version;
    unsigned idx;
};

static int keyed_cmp(const void *x, const void *y)
{
    const struct keyed *a = x, *b = y;
    if (a->eco != b->eco)
        return a->eco < b->eco ? -1 : 1;
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    c = strcmp(a->version, b->version);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static bool is_registry_package(const struct dep_node *n)
{
    return n->eco != ECO_UNKNOWN && !(n->flags & (DEP_PROJECT | DEP_LINK));
}

/* Nodes sorted by (ecosystem, key, version): duplicates share a group, and
 * records are matched by (ecosystem, key). */
static struct keyed *sorted_nodes(const struct dep_graph *g)
{
    struct keyed *k = xmalloc((g->nodes.len + 1) * sizeof(*k));
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        k[i] = (struct keyed){n->eco, n->key, n->version, (unsigned)i};
    }
    if (g->nodes.len > 1)
        qsort(k, g->nodes.len, sizeof(*k), keyed_cmp);
    return k;
}

static void make_groups(struct session *s, const struct keyed *k)
{
    size_t nn = s->graph->nodes.len;
    s->group = xmalloc((nn + 1) * sizeof(unsigned));
    for (size_t i = 0; i < nn; i++) {
        bool same = i && k[i].eco == k[i - 1].eco && strcmp(k[i].key, k[i - 1].key) == 0 &&
                    strcmp(k[i].version, k[i - 1].version) == 0;
        s->group[k[i].idx] = same ? s->group[k[i - 1].idx] : k[i].idx;
    }
}

static void match_records(struct session *s, const struct keyed *k,
                          struct reg_package **pkgs, size_t np)
{
    size_t nn = s->graph->nodes.len;
    struct keyed *r = xmalloc((np + 1) * sizeof(*r));
    for (size_t i = 0; i < np; i++) {
        char buf[512];
        ecosystem_normalize_name(pkgs[i]->eco, pkgs[i]->name ? pkgs[i]->name : "", buf,
                                 sizeof(buf));
        r[i] = (struct keyed){pkgs[i]->eco, arena_strdup(s->records_arena, buf), "",
                              (unsigned)i};
    }
    if (np > 1)
        qsort(r, np, sizeof(*r), keyed_cmp);
    /* Both lists are sorted by (ecosystem, key): one merge pass. */
    size_t j = 0;
    for (size_t i = 0; i < nn; i++) {
        while (j < np && (r[j].eco < k[i].eco ||
                          (r[j].eco == k[i].eco && strcmp(r[j].key, k[i].key) < 0)))
            j++;
        if (j < np && r[j].eco == k[i].eco && strcmp(r[j].key, k[i].key) == 0 &&
            is_registry_package(&s->graph->nodes.items[k[i].idx]))
            s->record[k[i].idx] = pkgs[r[j].idx];
    }
    free(r);
}

static void index_findings(struct session *s)
{
    size_t nn = s->graph->nodes.len;
    memset(s->f_first, 0, (nn + 1) * sizeof(size_t));
    memset(s->f_count, 0, (nn + 1) * sizeof(size_t));
    const struct finding *f = s->findings.items.items;
    size_t nf = s->findings.items.len;
    s->lf_first = nf;
    s->lf_count = 0;
    for (size_t i = 0; i < nf; i++) {
        if (f[i].node == GRAPH_NONE || f[i].node >= nn) {
            if (s->lf_count++ == 0)
                s->lf_first = i;
            continue;
        }
        unsigned gi = s->group[f[i].node];
        if (s->f_count[gi]++ == 0)
            s->f_first[gi] = i;
    }
}

static void recompute_reviews(struct session *s)
{
    size_t nn = s->graph->nodes.len;
    if (!s->review)
        s->review = xcalloc(nn + 1, 1);
    for (size_t i = 0; i < nn; i++) {
        const struct dep_node *n = &s->graph->nodes.items[i];
        s->review[i] = 0;
        if (!is_registry_package(n) || !n->version[0])
            continue;
        for (int c = AUDIT_SAFE_TO_DEPLOY; c >= AUDIT_SAFE_TO_RUN && !s->review[i]; c--) {
            enum audit_status st = audits_status(s->audits, n->eco, n->name, n->version,
                                                 (enum audit_criteria)c);
            if (st != AUDIT_NOT_REVIEWED)
                s->review[i] = (unsigned char)(c | (st == AUDIT_REVIEWED_BY_DELTA ? 16 : 0));
        }
    }
}

char *session_project_file(const char *project, const char *name)
{
    size_t n = strlen(project) + strlen(name) + 32;
    char *p = xmalloc(n);
    if (file_is_dir(project)) {
        snprintf(p, n, "%s/.depvet/%s", project, name);
    } else {
        const char *slash = strrchr(project, '/');
        snprintf(p, n, "%.*s/.depvet/%s", slash ? (int)(slash - project) : 1,
                 slash ? project : ".", name);
    }
    return p;
}

static void take_results(struct session *s, struct arena **records,
                         struct reg_package **pkgs, size_t np, struct findings *found);
static void apply_policy(struct session *s, struct findings *raw);
static void watch_files(struct session *s);
static void resolve_imports(struct session *s);

bool session_attach(struct session *s, const struct session_options *o,
                    struct diag *d)
{
    if (s->attached)
        return true;
    struct engine_config dflt;
    const struct engine_config *cfg = o->cfg;
    if (!cfg) {
        engine_config_init(&dflt);
        cfg = &dflt;
    }
    s->offline = o->offline;
    s->now = o->now;
    s->audits_path = session_project_file(s->project, "audits.toml");
    s->audits = audits_load(s->audits_path, d);
    if (!s->audits)
        return false;
    s->cfg = xmalloc(sizeof(*s->cfg));
    *s->cfg = *cfg;
    const char *dir = engine_config_cache_dir(cfg, o->cache_dir);
    s->cache_dir = dir ? xstrdup(dir) : NULL;
    s->st = store_open_existing(s->cache_dir, d);
    if (diag_failed(d))
        return false;
    s->records_arena = arena_new();
    size_t nn = s->graph->nodes.len;
    s->record = xcalloc(nn + 1, sizeof(*s->record));
    struct keyed *k = sorted_nodes(s->graph);
    make_groups(s, k);
    free(k);
    s->f_first = xcalloc(nn + 1, sizeof(size_t));
    s->f_count = xcalloc(nn + 1, sizeof(size_t));
    s->attached = true;
    recompute_reviews(s);
    watch_files(s);
    resolve_imports(s);
    if (o->defer_findings && s->st) {
        /* What the last refresh concluded, shown at once; the background
         * pass replaces it with findings computed now. */
        struct findings_input in = {s->graph, s->st, s->cfg, s->now};
        int64_t oldest;
        unsigned missing;
        struct findings stored;
        findings_load(&stored, &in, &oldest, &missing);
        policystate_pass(s->ps, &stored, &s->findings);
        index_findings(s);
        s->findings_shown = true;
    }
    if (!o->defer_findings) {
        struct reg_package **pkgs = NULL;
        size_t np = s->st ? pkgstore_load_all(s->st, s->records_arena, &pkgs, d) : 0;
        if (diag_failed(d))
            return false;
        take_results(s, NULL, pkgs, np, NULL);
    }
    return true;
}

/* Records and findings are in: index them (main thread).  records, when
 * not NULL, holds pkgs and replaces the records read before; found, when
 * not NULL, is taken over, else the findings are collected here. */
static void take_results(struct session *s, struct arena **records,
                         struct reg_package **pkgs, size_t np, struct findings *found)
{
    if (records) {
        arena_free(s->records_arena);
        s->records_arena = *records;
        *records = NULL;
    }
    memset(s->record, 0, (s->graph->nodes.len + 1) * sizeof(*s->record));
    struct keyed *k = sorted_nodes(s->graph);
    match_records(s, k, pkgs, np);
    free(k);
    struct findings collected = {0};
    if (found) {
        collected = *found;
        memset(found, 0, sizeof(*found));
    } else {
        struct findings_input in = {s->graph, s->st, s->cfg, s->now};
        findings_collect(&collected, &in);
    }
    s->findings_ready = s->findings_shown = true;
    apply_policy(s, &collected);
}

static void findings_job_run(void *arg)
{
    struct findings_job *j = arg;
    struct diag d;
    diag_clear(&d);
    /* The records are read once: the rules use them, then the session. */
    struct findings_loaded l = {j->arena, NULL, NULL, NULL, 0};
    bool loaded = j->st && findings_load_records(&l, j->st, &d);
    j->pkgs = l.pkgs;
    j->np = loaded ? l.n : 0;
    struct findings_input in = {j->graph, j->st, &j->cfg, j->now};
    /* As check assembles them (the stored archives verified again and
     * scanned), less the review policy. */
    struct enforce_input e = {&in, NULL, j->cache_dir, false, NULL, NULL};
    struct findings_report rep;
    findings_assemble_loaded(&j->out, &e, false, &rep, loaded ? &l : NULL);
    findings_report_fini(&rep);
}

/* Its own copies of the session's inputs, and its own cache connection
 * when the session has a cache (j->st stays NULL when it cannot be had). */
static struct findings_job *findings_job_new(const struct session *s)
{
    struct findings_job *j = xcalloc(1, sizeof(*j));
    j->graph = s->graph;
    j->cfg = *s->cfg;
    j->now = s->now;
    j->cache_dir = s->cache_dir ? xstrdup(s->cache_dir) : NULL;
    j->arena = arena_new();
    struct diag d;
    diag_clear(&d);
    j->st = s->st ? store_open_existing(j->cache_dir, &d) : NULL;
    return j;
}

static void findings_job_free(void *state)
{
    struct findings_job *j = state;
    worker_fini(&j->w);
    findings_fini(&j->out);
    store_close(j->st);
    arena_free(j->arena);
    free(j->cache_dir);
    free(j);
}

/* The worker is done: its records and findings become the session's. */
static void findings_ended(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct findings_job *j = state;
    if (stopped)
        return;
    worker_join(&j->w);
    take_results(ctx, &j->arena, j->pkgs, j->np, &j->out);
    ev->changes = JOB_CHANGED_FINDINGS | JOB_CHANGED_RECORDS;
}

static const struct job_ops findings_ops = {
    .name = "findings",
    .finish = findings_ended,
    .free = findings_job_free,
};

int session_findings_start(struct session *s)
{
    struct findings_job *run = jobs_find(s->jobs, &findings_ops);
    if (!s->attached || (s->findings_ready && !s->stale) || run || session_refreshing(s))
        return run ? worker_fd(&run->w) : -1;
    s->stale = false;
    struct findings_job *j = findings_job_new(s);
    struct diag d;
    diag_clear(&d);
    if ((!s->st || j->st) && worker_start(&j->w, findings_job_run, j, &d)) {
        jobs_add(s->jobs, &findings_ops, j);
        return worker_fd(&j->w);
    }
    /* No second connection or no thread: the registry and lockfile rules
     * here and now, through the session's connection. */
    struct reg_package **pkgs = NULL;
    size_t np = s->st ? pkgstore_load_all(s->st, j->arena, &pkgs, &d) : 0;
    take_results(s, &j->arena, pkgs, np, NULL);
    findings_job_free(j);
    s->pending |= JOB_CHANGED_FINDINGS;
    return -1;
}

bool session_findings_finish(struct session *s)
{
    struct job_event ev;
    return jobs_wait(s->jobs, &findings_ops, s, &ev) || s->findings_ready;
}

bool session_findings_ready(const struct session *s)
{
    return s->findings_ready;
}

bool session_has_cache(const struct session *s)
{
    return s->st != NULL;
}

bool session_offline(const struct session *s)
{
    return s->offline;
}

int64_t session_now(const struct session *s)
{
    return s->now;
}

const struct reg_package *session_record(const struct session *s, unsigned node)
{
    return s->record && node < s->graph->nodes.len ? s->record[node] : NULL;
}

int64_t session_fact_time(struct session *s, unsigned node)
{
    const struct reg_package *p = session_record(s, node);
    return p && s->st ? pkgstore_fact_time(s->st, p->eco, p->name, "package") : 0;
}

bool session_detail(struct session *s, unsigned node, struct arena *a,
                    struct session_detail *out)
{
    memset(out, 0, sizeof(*out));
    if (!s->st || node >= s->graph->nodes.len)
        return false;
    const struct dep_node *n = &s->graph->nodes.items[node];
    if (!is_registry_package(n))
        return false;
    struct diag d;
    diag_clear(&d);
    struct reg_package *p;
    if (!pkgstore_get(s->st, a, n->eco, n->name, &p, &d))
        return false;
    struct owner_snapshot *hist = NULL;
    size_t nh = pkgstore_owner_history(s->st, a, n->eco, n->name, &hist, &d);
    reputation_build(&out->rep, a, p, hist, nh, n->version[0] ? n->version : NULL, s->now);
    out->pkg = p;
    out->facts_at = pkgstore_fact_time(s->st, n->eco, n->name, "package");
    return true;
}

size_t session_findings(const struct session *s, unsigned node,
                        const struct finding **out)
{
    *out = NULL;
    if (!s->findings_shown || node >= s->graph->nodes.len)
        return 0;
    unsigned gi = s->group[node];
    *out = s->findings.items.items + s->f_first[gi];
    return s->f_count[gi];
}

int session_worst(const struct session *s, unsigned node)
{
    const struct finding *f;
    size_t n = session_findings(s, node, &f);
    /* Each range is sorted most severe first. */
    return n ? (int)f[0].severity : -1;
}

/* The registry rules on one package pinned at version: a graph of one
 * node, so the lockfile's own facts (checksums, hashes) do not count. */
static void findings_at(struct session *s, const struct dep_node *n, const char *version,
                        struct findings *out)
{
    struct dep_graph *g = graph_new();
    unsigned lf = graph_add_lockfile(g, "version-diff", "version-diff", n->eco);
    unsigned id = graph_add_node(g, lf, n->eco, n->name, version);
    graph_node(g, id)->flags = DEP_DIRECT;
    graph_finish(g);
    struct findings_input in = {g, s->st, s->cfg, s->now};
    findings_collect(out, &in);
    /* Strings live in out's arena; the graph can go. */
    for (size_t i = 0; i < out->items.len; i++)
        out->items.items[i].node = GRAPH_NONE;
    graph_free(g);
}

bool session_findings_new_in(struct session *s, unsigned node, const char *older,
                             const char *newer, struct findings *out)
{
    memset(out, 0, sizeof(*out));
    if (!s->st || node >= s->graph->nodes.len)
        return false;
    const struct dep_node *n = &s->graph->nodes.items[node];
    struct findings before;
    findings_at(s, n, older, &before);
    findings_at(s, n, newer, out);
    size_t keep = 0;
    for (size_t i = 0; i < out->items.len; i++) {
        bool seen = false;
        for (size_t j = 0; j < before.items.len && !seen; j++)
            seen = strcmp(before.items.items[j].rule, out->items.items[i].rule) == 0;
        if (!seen)
            out->items.items[keep++] = out->items.items[i];
    }
    out->items.len = keep;
    findings_fini(&before);
    return true;
}

bool session_pkgdiff_meta(struct session *s, unsigned node, const char *from, const char *to,
                          struct arena *a, struct pkgdiff_meta *out)
{
    memset(out, 0, sizeof(*out));
    if (!s->st || node >= s->graph->nodes.len || !is_registry_package(&s->graph->nodes.items[node]))
        return false;
    const struct dep_node *n = &s->graph->nodes.items[node];
    struct diag d;
    diag_clear(&d);
    /* From the cache only: what it lacks is asked for in a job, once per
     * pair, and the frontend builds the pane again when it ends. */
    if (!pkgdiff_meta_build(s->st, s->cfg, n->eco, n->name, from, to, true, s->now, a, out, &d))
        return false;
    char key[sizeof(s->docs_asked)];
    snprintf(key, sizeof(key), "%d\n%s\n%s\n%s", (int)n->eco, n->name, from, to);
    bool running = jobs_find(s->jobs, &pkgdiff_docs_job_ops) != NULL;
    bool asked = strcmp(key, s->docs_asked) == 0;
    if (out->have_deps || s->offline || (asked && !running))
        return true;
    if (!asked && !running) {   /* another pair's job: this one on its end */
        void *job = pkgdiff_docs_job_start(s->cfg, s->cache_dir, n->eco, n->name, from, to,
                                           s->now, &d);
        if (!job)
            return true;
        jobs_add(s->jobs, &pkgdiff_docs_job_ops, job);
        snprintf(s->docs_asked, sizeof(s->docs_asked), "%s", key);
        asked = true;
    }
    if (asked)
        out->deps_note = arena_printf(a, "asking the registry for the release records of %s and %s...",
                                      from, to);
    return true;
}

size_t session_lockfile_findings(const struct session *s, const struct finding **out)
{
    *out = s->findings_shown ? s->findings.items.items + s->lf_first : NULL;
    return s->findings_shown ? s->lf_count : 0;
}

void session_counts(const struct session *s, struct session_counts *out)
{
    memset(out, 0, sizeof(*out));
    if (s->findings_shown)
        findings_count(&s->findings, out->findings);
    for (size_t i = 0; i < s->graph->nodes.len; i++) {
        const struct dep_node *n = &s->graph->nodes.items[i];
        if (!is_registry_package(n) || (s->group && s->group[i] != i))
            continue;
        out->packages++;
        if (!s->review || !s->review[i])
            out->unreviewed++;
    }
    struct policy_counts pc;
    policystate_counts(s->ps, &pc);
    if (pc.evaluated)   /* reviews, exemptions, trusted publishers, imports */
        out->unreviewed = pc.unreviewed;
}

/* ---- reviews -------------------------------------------------------------- */

int session_review(const struct session *s, unsigned node)
{
    return s->review && node < s->graph->nodes.len ? s->review[node] & 15 : 0;
}

bool session_review_by_delta(const struct session *s, unsigned node)
{
    return s->review && node < s->graph->nodes.len && (s->review[node] & 16);
}

const struct audits *session_audits(const struct session *s)
{
    return s->audits;
}

const char *session_audits_path(const struct session *s)
{
    return s->audits_path;
}

static void reviews_saved(struct session *s);

/* next (saved already) becomes the session's reviews.  An undo after an
 * add or an undo would lose that change, so there is none left. */
static void adopt_audits(struct session *s, struct audits *next)
{
    audits_free(s->audits);
    s->audits = next;
    free(s->undo_text);
    s->undo_text = NULL;
    recompute_reviews(s);
    reviews_saved(s);
}

bool session_review_add(struct session *s, unsigned node, enum audit_criteria c,
                        enum audit_kind kind, const char *from, const char *note,
                        struct diag *d)
{
    if (!s->audits || node >= s->graph->nodes.len)
        return false;
    const struct dep_node *n = &s->graph->nodes.items[node];
    const char *who = session_git_reviewer(s);
    /* NULL: audits_add takes $DEPVET_REVIEWER (checked there). */
    struct audit r = {n->eco, n->name, n->version, c, kind,
                      kind == AUDIT_DELTA ? from : NULL, who[0] ? who : NULL, NULL, note};
    /* Try on a copy, so a refused entry or a failed save leaves both the
     * set and the file as they were. */
    size_t len;
    char *text = audits_serialize(s->audits, &len);
    struct audits *copy = audits_parse(text, len, s->audits_path, d);
    free(text);
    if (!copy)
        return false;
    if (!audits_add(copy, &r, d) || !audits_save(copy, s->audits_path, d)) {
        audits_free(copy);
        return false;
    }
    adopt_audits(s, copy);
    return true;
}

bool session_review_remove(struct session *s, unsigned node, struct diag *d)
{
    if (!s->audits || node >= s->graph->nodes.len)
        return false;
    const struct dep_node *n = &s->graph->nodes.items[node];
    size_t len;
    char *before = audits_serialize(s->audits, &len);
    bool any = false;
    for (int c = AUDIT_SAFE_TO_RUN; c <= AUDIT_SAFE_TO_DEPLOY; c++)
        any |= audits_remove(s->audits, n->eco, n->name, n->version, (enum audit_criteria)c);
    if (!any) {
        free(before);
        return false;
    }
    free(s->undo_text);
    s->undo_text = before;
    s->undo_len = len;
    bool ok = audits_save(s->audits, s->audits_path, d);
    recompute_reviews(s);
    reviews_saved(s);
    return ok;
}

bool session_review_undo(struct session *s, struct diag *d)
{
    if (!s->undo_text)
        return false;
    struct audits *back = audits_parse(s->undo_text, s->undo_len, s->audits_path, d);
    if (!back || !audits_save(back, s->audits_path, d)) {
        audits_free(back);
        return false;
    }
    adopt_audits(s, back);
    return true;
}

/* The project's folder: the project itself, or the folder of a lockfile. */
static void project_dir(const char *project, char *out, size_t n)
{
    if (file_is_dir(project)) {
        snprintf(out, n, "%s", project);
        return;
    }
    const char *slash = strrchr(project, '/');
    if (!slash)
        snprintf(out, n, ".");
    else
        snprintf(out, n, "%.*s", slash == project ? 1 : (int)(slash - project), project);
}

void session_git_reviewer_of(const char *dir, char *out, size_t n)
{
    gitconfig_identity(dir, out, n);
}

const char *session_git_reviewer(struct session *s)
{
    if (!s->reviewer) {
        char dir[4096], who[600];
        project_dir(s->project, dir, sizeof(dir));
        session_git_reviewer_of(dir, who, sizeof(who));
        s->reviewer = xstrdup(who);
    }
    return s->reviewer;
}

size_t session_reviewed_versions(const struct session *s, unsigned node,
                                 enum audit_criteria c, const char ***out)
{
    *out = NULL;
    if (!s->audits || node >= s->graph->nodes.len)
        return 0;
    const struct dep_node *n = &s->graph->nodes.items[node];
    char key[512];
    ecosystem_normalize_name(n->eco, n->name, key, sizeof(key));
    size_t cnt = 0, cap = 0;
    for (size_t i = 0; i < audits_count(s->audits); i++) {
        const struct audit *a = audits_at(s->audits, i);
        if (a->eco != n->eco || a->criteria < c || strcmp(a->name, key) != 0 ||
            strcmp(a->version, n->version) == 0)
            continue;
        bool dup = false;
        for (size_t j = 0; j < cnt && !dup; j++)
            dup = strcmp((*out)[j], a->version) == 0;
        if (dup)
            continue;
        *out = xgrow(*out, &cap, cnt + 1, sizeof(char *));
        (*out)[cnt++] = a->version;
    }
    return cnt;
}

/* ---- refreshing ------------------------------------------------------------ */

/* " (and more: depvet refresh lists them)" when the notes have a line
 * after the first (a second unreachable host, the deadline). */
static const char *more_notes(const char *notes)
{
    const char *nl = strchr(notes, '\n');
    return nl && nl[1] ? " (and more: depvet refresh lists them)" : "";
}

/* The imports' part of the refresh's line: fetched, or why not taken. */
static void imports_message(const struct refresh_report *r, char *out, size_t n)
{
    size_t len = strlen(out);
    if (!r->imports_ran || len + 1 >= n)
        return;
    if (r->imports_ok)
        snprintf(out + len, n - len, "; imports: %u of %u fetched%s", r->imports_fetched,
                 r->imports, r->imports_lock_written ? ", imports.lock updated: review it" : "");
    else
        snprintf(out + len, n - len, "; imports not fetched: %s", r->imports_diag.msg);
}

/* One line about a refresh's end for a status bar.  An origin that kept
 * failing is named once (the engine's note) instead of the first of its
 * many failures. */
static void refresh_message(const struct refresh_report *r, struct job_event *ev)
{
    const struct refresh_summary *sum = &r->packages;
    unsigned seen = sum->updated + sum->fresh + sum->skipped + sum->failed;
    size_t n = sizeof(ev->message);
    ev->failed = sum->n_failures > 0 && !r->stopped;
    if (r->stopped)
        snprintf(ev->message, n, "refresh stopped: %u updated, %u not asked; the cache keeps "
                 "what was written", sum->updated, sum->packages > seen ? sum->packages - seen : 0);
    else if (sum->n_failures && sum->notes)
        snprintf(ev->message, n, "refresh: %u updated, %u failed: %.*s%s", sum->updated,
                 sum->failed, (int)strcspn(sum->notes, "\n"), sum->notes,
                 more_notes(sum->notes));
    else if (sum->n_failures)
        snprintf(ev->message, n, "refresh: %u updated, %u failed: %.300s", sum->updated,
                 sum->failed, sum->failures[0].message);
    else
        snprintf(ev->message, n, "refreshed: %u updated, %u still fresh; %u advisories stored",
                 sum->updated, sum->fresh, r->advisories.imported);
    imports_message(r, ev->message, n);
}

/* The refresh job's end: its report is the session's, the records and
 * findings are read again (session_dispatch starts that). */
static void refresh_ended(void *ctx, struct refresh_report *r, struct job_event *ev)
{
    struct session *s = ctx;
    refresh_report_fini(&s->report);
    s->report = *r;
    memset(r, 0, sizeof(*r));
    s->refresh_ended = true;
    s->stale = true;
    refresh_message(&s->report, ev);
    if (!s->st) {   /* the refresh made the cache */
        struct diag d;
        diag_clear(&d);
        s->st = store_open_existing(s->cache_dir, &d);
    }
    if (s->report.imports_ok)   /* the copies just fetched count */
        resolve_imports(s);
}

static bool refresh_begin(struct session *s, const bool *only, bool force, int64_t now,
                          struct diag *d)
{
    if (!s->attached || session_refreshing(s) || s->offline) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "%s",
                 s->offline ? "offline: not refreshing" : "a refresh is already running");
        return false;
    }
    struct refresh_request q = {
        .graph = s->graph, .only = only, .cfg = s->cfg, .cache_dir = s->cache_dir,
        .force = force, .now = now, .project = s->project, .on_end = refresh_ended,
    };
    void *job = refresh_pipeline_start(&q, d);
    if (!job)
        return false;
    s->now = now;
    s->refresh_ended = false;
    jobs_add(s->jobs, &refresh_pipeline_ops, job);
    return true;
}

bool session_refresh_start(struct session *s, unsigned node, bool force, int64_t now,
                           struct diag *d)
{
    const struct dep_node *n = node < s->graph->nodes.len ? &s->graph->nodes.items[node] : NULL;
    if (n && (!is_registry_package(n) || n->source != SOURCE_REGISTRY)) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "not from a registry: nothing to refresh");
        return false;
    }
    if (!n)
        return refresh_begin(s, NULL, force, now, d);
    bool *only = xcalloc(s->graph->nodes.len + 1, sizeof(bool));
    only[node] = true;
    bool ok = refresh_begin(s, only, force, now, d);
    free(only);
    return ok;
}

bool session_refresh_lockfile_start(struct session *s, unsigned lockfile, bool force,
                                    int64_t now, struct diag *d)
{
    bool *only = xcalloc(s->graph->nodes.len + 1, sizeof(bool));
    for (size_t i = 0; i < s->graph->nodes.len; i++)
        only[i] = s->graph->nodes.items[i].lockfile == lockfile;
    bool ok = refresh_begin(s, only, force, now, d);
    free(only);
    return ok;
}

bool session_refreshing(const struct session *s)
{
    return jobs_find(s->jobs, &refresh_pipeline_ops) != NULL;
}

int session_refresh_poll_fds(struct session *s, struct pollfd *fds, int max,
                             int *timeout_ms)
{
    return jobs_poll_fds(s->jobs, fds, max, timeout_ms);
}

/* The last refresh's package summary, moved to out. */
static bool take_summary(struct session *s, struct refresh_summary *out)
{
    if (!s->refresh_ended)
        return false;
    s->refresh_ended = false;
    *out = s->report.packages;
    memset(&s->report.packages, 0, sizeof(s->report.packages));
    return true;
}

bool session_refresh_step(struct session *s, struct refresh_summary *out)
{
    if (!jobs_any(s->jobs))   /* an adopt job is stepped here too */
        return false;
    /* Only the set: the findings worker is left to the caller's
     * session_findings_finish, as before the session's own dispatch. */
    struct job_event ev[8];
    size_t ne = jobs_dispatch(s->jobs, s, ev, 8);
    for (size_t i = 0; i < ne; i++)
        s->job_changes |= ev[i].changes;
    return take_summary(s, out);
}

bool session_refresh_cancel(struct session *s, struct refresh_summary *out)
{
    struct job_event ev;
    if (!jobs_stop(s->jobs, &refresh_pipeline_ops, s, &ev))
        return false;
    return take_summary(s, out);
}

bool session_stop(struct session *s, struct job_event *ev)
{
    return jobs_stop(s->jobs, &refresh_pipeline_ops, s, ev);
}

unsigned session_refresh_progress(const struct session *s, unsigned *total)
{
    return jobs_progress(s->jobs, &refresh_pipeline_ops, total);
}

/* ---- the source diff ------------------------------------------------------ */

struct srcdiff_job {
    struct diffjob *dj;
    unsigned node;
};

static int srcdiff_poll_fds(void *state, struct pollfd *fds, int max, int *timeout_ms)
{
    (void)timeout_ms;
    const struct srcdiff_job *j = state;
    if (max < 1)
        return 0;
    fds[0] = (struct pollfd){diffjob_fd(j->dj), POLLIN, 0};
    return 1;
}

static bool srcdiff_step(void *state)
{
    const struct srcdiff_job *j = state;
    struct pollfd p = {diffjob_fd(j->dj), POLLIN, 0};
    return poll(&p, 1, 0) == 1;
}

/* The result waits in the session until session_srcdiff_finish. */
static void srcdiff_ended(void *state, void *ctx, bool stopped, struct job_event *ev)
{
    struct srcdiff_job *j = state;
    struct session *s = ctx;
    if (stopped)
        return;
    srcdiff_drop(s);
    s->srcdiff.node = j->node;
    diffjob_finish(j->dj, &s->srcdiff.r);
    s->srcdiff_held = true;
    ev->changes = JOB_CHANGED_SRCDIFF;
}

static void srcdiff_job_free(void *state)
{
    struct srcdiff_job *j = state;
    diffjob_free(j->dj);
    free(j);
}

static const struct job_ops srcdiff_ops = {
    .name = "source diff",
    .poll_fds = srcdiff_poll_fds,
    .step = srcdiff_step,
    .finish = srcdiff_ended,
    .free = srcdiff_job_free,
};

static void srcdiff_drop(struct session *s)
{
    if (s->srcdiff_held) {
        srcdiff_free(s->srcdiff.r.diff);
        free(s->srcdiff.r.new_hits);
    }
    memset(&s->srcdiff, 0, sizeof(s->srcdiff));
    s->srcdiff_held = false;
}

int session_srcdiff_start(struct session *s, unsigned node, const char *from,
                          const char *to, struct diag *d)
{
    const struct dep_node *n = node < s->graph->nodes.len ? &s->graph->nodes.items[node] : NULL;
    if (session_srcdiff_running(s)) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "a source diff is being made already");
        return -1;
    }
    if (!n || n->source != SOURCE_REGISTRY || !from || !to) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "only registry packages have archives to compare");
        return -1;
    }
    struct pkgdiff_request q = {
        .eco = n->eco, .name = n->name, .from = from, .to = to,
        .project = s->project, .cache_dir = s->cache_dir, .offline = s->offline,
        .diff = {.patches = true, .spool = true}, .now = s->now,   /* the pane reads one */
        /* The graph is never changed after session_open. */
        .graph = s->graph, .node = node,
    };
    struct diffjob *dj = diffjob_start(&q, s->cfg, d);
    if (!dj)
        return -1;
    srcdiff_drop(s);
    struct srcdiff_job *j = xmalloc(sizeof(*j));
    *j = (struct srcdiff_job){dj, node};
    jobs_add(s->jobs, &srcdiff_ops, j);
    return diffjob_fd(dj);
}

bool session_srcdiff_running(const struct session *s)
{
    return jobs_find(s->jobs, &srcdiff_ops) != NULL;
}

bool session_srcdiff_finish(struct session *s, struct session_srcdiff *out)
{
    struct job_event ev;
    memset(out, 0, sizeof(*out));
    jobs_wait(s->jobs, &srcdiff_ops, s, &ev);
    if (!s->srcdiff_held)
        return false;
    *out = s->srcdiff;
    /* The caller owns the diff and the hits now. */
    s->srcdiff_held = false;
    srcdiff_drop(s);
    return true;
}

/* ---- every job ------------------------------------------------------------ */

void session_jobs_add(struct session *s, const struct job_ops *ops, void *state)
{
    jobs_add(s->jobs, ops, state);
}

bool session_jobs_running(const struct session *s)
{
    return jobs_any(s->jobs);
}

unsigned session_take_job_changes(struct session *s)
{
    unsigned c = s->job_changes;
    s->job_changes = 0;
    return c;
}

bool session_job_running(const struct session *s, const struct job_ops *ops)
{
    return jobs_find(s->jobs, ops) != NULL;
}

bool session_busy(const struct session *s)
{
    return jobs_any(s->jobs) || s->pending;
}

int session_poll_fds(struct session *s, struct pollfd *fds, int max, int *timeout_ms)
{
    if (s->pending)
        *timeout_ms = 0;
    return jobs_poll_fds(s->jobs, fds, max, timeout_ms);
}

size_t session_dispatch(struct session *s, struct job_event *ev, size_t max)
{
    size_t ne = 0;
    if (s->pending && max > 0) {
        memset(&ev[0], 0, sizeof(*ev));
        ev[0].name = "findings";
        ev[0].ended = true;
        ev[0].changes = s->pending;
        s->pending = 0;
        ne = 1;
    }
    ne += jobs_dispatch(s->jobs, s, ev + ne, max - ne);
    /* A refresh's end made the records and findings stale: read again
     * once no refresh and no findings pass runs (the new pass is taken in
     * on a later call). */
    if (s->stale && !session_refreshing(s) && !jobs_find(s->jobs, &findings_ops))
        session_findings_start(s);
    return ne;
}

/* ---- the review policy ------------------------------------------------------ */

/* The policy over the rules' findings (raw taken over; NULL: the last
 * ones again), as `depvet check` works it out, then the ranges per node. */
static void apply_policy(struct session *s, struct findings *raw)
{
    struct policystate_input in = {
        s->graph, s->group, s->st, s->cfg, s->now, s->audits,
        s->imports_ok ? &s->imports : NULL, s->record, s->project,
    };
    policystate_apply(s->ps, &in, raw, &s->findings);
    index_findings(s);
}

static void watch_files(struct session *s)
{
    if (!s->config_path) {
        s->config_path = session_project_file(s->project, "config.toml");
        s->lock_path = session_project_file(s->project, "imports.lock");
    }
    file_stamp_take(s->audits_path, &s->stamp[0]);
    file_stamp_take(s->config_path, &s->stamp[1]);
    file_stamp_take(s->lock_path, &s->stamp[2]);
}

/* Other teams' reviews from the cache's copies, as imports.lock pins
 * them: the explorer asks no server and writes no lock. */
static void resolve_imports(struct session *s)
{
    if (s->imports_ok)
        imports_fini(&s->imports);
    s->imports_ok = false;
    s->imports_note[0] = '\0';
    if (!s->cfg || !s->cfg->n_imports)
        return;
    struct imports_options o = {true, true, s->cache_dir, s->now};
    struct diag d;
    diag_clear(&d);
    s->imports_ok = imports_resolve(&s->imports, s->cfg, s->project, s->audits, &o, &d);
    if (!s->imports_ok)
        snprintf(s->imports_note, sizeof s->imports_note, "imports not counted: %.280s", d.msg);
}

/* The session wrote the reviews file itself: that is no change to read. */
static void reviews_saved(struct session *s)
{
    file_stamp_take(s->audits_path, &s->stamp[0]);
    resolve_imports(s);
    if (s->findings_ready)
        apply_policy(s, NULL);
}

bool session_policy(const struct session *s, unsigned node, struct pin_policy *out)
{
    if (!s->group || node >= s->graph->nodes.len) {
        memset(out, 0, sizeof *out);
        return false;
    }
    return policystate_pin(s->ps, s->group[node], out);
}

size_t session_policy_findings(const struct session *s, unsigned node, const struct finding **out)
{
    *out = NULL;
    return s->group && node < s->graph->nodes.len
           ? policystate_policy_findings(s->ps, s->group[node], out) : 0;
}

size_t session_acked(const struct session *s, unsigned node, const struct finding **out)
{
    *out = NULL;
    return s->group && node < s->graph->nodes.len
           ? policystate_acked(s->ps, s->group[node], out) : 0;
}

void session_policy_counts(const struct session *s, struct policy_counts *out)
{
    policystate_counts(s->ps, out);
}

const struct coverage *session_coverage(const struct session *s)
{
    return policystate_coverage(s->ps);
}

const char *session_imports_note(const struct session *s)
{
    return s->imports_note;
}

size_t session_lockfile_acked(const struct session *s, const struct finding **out)
{
    return policystate_acked_lockfiles(s->ps, out);
}

/* The [[ack]] of a lockfile's finding: its path in the project and the
 * digest of what it is about. */
static void lockfile_ack(const struct session *s, const struct finding *f, struct audit_ack *k)
{
    const struct lockfile_info *lf = &s->graph->lockfiles.items[f->lockfile];
    k->eco = lf->eco;
    k->name = k->version = "";
    k->lockfile = file_relative(s->project, lf->path);
    k->subject_sha256 = f->subject_sha256;
    k->evidence = f->evidence ? f->evidence : "";
}

bool session_ack_add(struct session *s, unsigned node, const struct finding *f,
                     const char *reason, const char *expires, struct diag *d)
{
    bool of_lockfile = f && f->node == GRAPH_NONE && node == GRAPH_NONE &&
                       f->lockfile < s->graph->lockfiles.len && f->subject_sha256;
    if (!s->audits || !f || (!of_lockfile && (node >= s->graph->nodes.len ||
                                              f->node == GRAPH_NONE))) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0,
                 "only a package's or a lockfile's findings can be acknowledged");
        return false;
    }
    const char *who = session_git_reviewer(s), *env = getenv("DEPVET_REVIEWER");
    char today[16];
    timeutil_format_date(timeutil_now(), "1970-01-01", today, sizeof today);
    struct audit_ack k = {ECO_UNKNOWN, "", "", f->rule, f->path ? f->path : "",
                          f->line_sha256 ? f->line_sha256 : "", reason,
                          who[0] ? who : env ? env : "", today, expires ? expires : "",
                          "", "", ""};
    if (of_lockfile) {
        lockfile_ack(s, f, &k);
    } else {
        const struct dep_node *n = &s->graph->nodes.items[node];
        k.eco = n->eco;
        k.name = n->key;
        k.version = n->version;
    }
    /* On a copy, as a review is: a refused ack or a failed save changes
     * neither the set nor the file. */
    size_t len;
    char *text = audits_serialize(s->audits, &len);
    struct audits *copy = audits_parse(text, len, s->audits_path, d);
    free(text);
    if (!copy || !audits_ack_add(copy, &k, d) || !audits_save(copy, s->audits_path, d)) {
        audits_free(copy);
        return false;
    }
    adopt_audits(s, copy);
    return true;
}

/* The project's config read again: its policy and imports replace the
 * session's (the rest, flags included, stays as the session started). */
static bool reload_config(struct session *s, struct diag *d)
{
    struct engine_config *nc = xmalloc(sizeof *nc);
    bool ok = engine_config_load(nc, s->project, d);
    if (ok) {
        s->cfg->policy = nc->policy;
        memcpy(s->cfg->imports, nc->imports, sizeof nc->imports);
        s->cfg->n_imports = nc->n_imports;
    }
    free(nc);
    return ok;
}

int session_reload_check(struct session *s, struct diag *d)
{
    if (!s->attached || !s->config_path)
        return SESSION_RELOAD_NONE;
    struct file_stamp now[3];
    file_stamp_take(s->audits_path, &now[0]);
    file_stamp_take(s->config_path, &now[1]);
    file_stamp_take(s->lock_path, &now[2]);
    bool reviews = !file_stamp_same(&now[0], &s->stamp[0]);
    /* A refresh reads the config as it runs: its change waits for the end. */
    bool config = !session_refreshing(s) && (!file_stamp_same(&now[1], &s->stamp[1]) ||
                                             !file_stamp_same(&now[2], &s->stamp[2]));
    if (!reviews && !config)
        return SESSION_RELOAD_NONE;
    /* Told once: a broken file is not read again until it changes. */
    s->stamp[0] = now[0];
    if (config) {
        s->stamp[1] = now[1];
        s->stamp[2] = now[2];
    }
    struct audits *next = reviews ? audits_load(s->audits_path, d) : NULL;
    if ((reviews && !next) || (config && !reload_config(s, d))) {
        audits_free(next);
        return SESSION_RELOAD_FAILED;
    }
    if (next) {
        audits_free(s->audits);
        s->audits = next;
        free(s->undo_text);   /* an undo would put back what the change replaced */
        s->undo_text = NULL;
        recompute_reviews(s);
    }
    resolve_imports(s);
    if (s->findings_ready)
        apply_policy(s, NULL);
    return (reviews ? SESSION_RELOAD_REVIEWS : 0) | (config ? SESSION_RELOAD_CONFIG : 0);
}
