/* Choosing the two versions of a diff, getting their archives verified,
 * and comparing them. */
#include "depvet/engine/pkgdiff.h"

#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/version.h"
#include "depvet/engine/archives.h"
#include "depvet/engine/info.h"
#include "depvet/engine/pkgscan.h"
#include "depvet/engine/session.h"

/* The version the project pins (and its node), or NULL with d set. */
static const char *pinned_version(const struct pkgdiff_request *q, struct session *sess,
                                  unsigned *node, struct diag *d)
{
    const struct dep_graph *g = session_graph(sess);
    char key[512];
    ecosystem_normalize_name(q->eco, q->name, key, sizeof(key));
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->eco == q->eco && strcmp(n->key, key) == 0 && n->version && n->version[0]) {
            *node = (unsigned)i;
            return n->version;
        }
    }
    diag_set(d, DIAG_UNSUPPORTED, session_project(sess), 0, 0,
             "%s:%s is not pinned in this project: give FROM", ecosystem_name(q->eco), q->name);
    return NULL;
}

/* The package's facts, refreshed first unless offline (in a). */
static const struct reg_package *facts(const struct pkgdiff_request *q,
                                       const struct engine_config *cfg, struct arena *a,
                                       const char **latest, struct diag *d)
{
    struct info_request iq = {q->eco, q->name, NULL, q->cache_dir, q->offline, q->now};
    struct info_result res;
    if (!info_lookup(&iq, cfg, a, &res, d))
        return NULL;
    if (latest)
        *latest = res.rep.latest;
    return res.rep.pkg;
}

/* The newest release neither pre-release nor retired/yanked. */
static const char *newest_version(const struct pkgdiff_request *q,
                                  const struct engine_config *cfg, struct arena *a,
                                  const struct reg_package **pkg, struct diag *d)
{
    const char *latest = NULL;
    *pkg = facts(q, cfg, a, &latest, d);
    if (*pkg && !latest)
        diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0,
                 "no stable release that is not retired or yanked: give TO");
    return latest;
}

/* A pin newer than every good release (yanked, retired, a pre-release) is
 * not compared backwards: the nearest good release goes first and the
 * pin second, and one sentence says why. */
static void order_bad_pin(enum ecosystem eco, const struct reg_package *p, struct arena *a,
                          struct pkgdiff_result *out)
{
    if (!out->from || !out->to || version_compare(eco, out->to, out->from) >= 0)
        return;
    const struct reg_release *pin = reg_package_find_release(p, out->from);
    const char *why = !pin ? NULL : pin->retired ? "retired" : pin->yanked ? "yanked"
                      : version_is_prerelease(eco, pin->version) ? "a pre-release" : NULL;
    if (!why)
        return;
    const char *reason = pin->status_reason && pin->status_reason[0] ? pin->status_reason : NULL;
    out->note = arena_printf(a, "the pin %s is %s%s%s%s and newer than any good release: %s is "
                             "the nearest good one, so this compares it with the pin",
                             out->from, why, reason ? " (" : "", reason ? reason : "",
                             reason ? ")" : "", out->to);
    const char *t = out->from;
    out->from = out->to;
    out->to = t;
    out->pin_is_to = true;
}

/* Every requirement the project puts on node's package in its lockfile:
 * the node's own specifier and the edges that lead to it. */
static size_t requirements_of(const struct dep_graph *g, unsigned node, const char **out,
                              size_t max)
{
    const struct dep_node *n = &g->nodes.items[node];
    size_t k = 0;
    if (n->requirement && n->requirement[0] && k < max)
        out[k++] = n->requirement;
    for (unsigned i = 0; i < n->n_in && k < max; i++) {
        const struct dep_edge *e = &g->edges.items[g->in[n->first_in + i]];
        if (e->req && e->req[0])
            out[k++] = e->req;
    }
    return k;
}

static bool release_allowed(enum ecosystem eco, const struct reg_release *r,
                            const char *const *reqs, size_t n)
{
    if (!r->version || r->yanked || r->retired || version_is_prerelease(eco, r->version))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!version_satisfies(eco, reqs[i], r->version))
            return false;
    return true;
}

/* Whether the policy's cooldown holds the release back. */
static bool cooling(const struct engine_config *cfg, const struct reg_release *r, int64_t now)
{
    int64_t age = cfg->policy.min_release_age;
    return age && r->published && now - r->published < age;
}

/* The newest release that every requirement on the package allows and
 * that is out of the policy's cooldown; *cooled counts those it held back. */
static const char *allowed_version(const struct pkgdiff_request *q,
                                   const struct engine_config *cfg, const struct dep_graph *g,
                                   unsigned node, struct arena *a, unsigned *cooled,
                                   const struct reg_package **pkg, struct diag *d)
{
    const char *reqs[64];
    size_t nr = requirements_of(g, node, reqs, 64);
    if (!nr) {
        diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0,
                 "no requirement in the project names this package: give TO");
        return NULL;
    }
    const struct reg_package *p = *pkg = facts(q, cfg, a, NULL, d);
    if (!p)
        return NULL;
    const char *best = NULL;
    for (size_t i = 0; p && i < p->n_releases; i++) {
        if (!release_allowed(q->eco, &p->releases[i], reqs, nr))
            continue;
        if (cooling(cfg, &p->releases[i], q->now))
            (*cooled)++;
        else if (!best || version_compare(q->eco, p->releases[i].version, best) > 0)
            best = p->releases[i].version;
    }
    if (!best)
        diag_set(d, DIAG_UNSUPPORTED, q->name, 0, 0, "no stable release %s %s%s: give TO",
                 *cooled ? "out of the cooldown (min_release_age) satisfies" : "satisfies",
                 reqs[0], nr > 1 ? " and the rest" : "");
    return best ? arena_strdup(a, best) : NULL;
}

/* Both archives, stored or downloaded now. */
static bool load_pair(const struct pkgdiff_request *q, const struct engine_config *cfg,
                      struct arena *a, struct archive_ref refs[2], void *bufs[2],
                      size_t lens[2], bool *mismatch, struct diag *d)
{
    struct blobstore *bs = blobstore_open(q->cache_dir, d);
    if (!bs)
        return false;
    struct archive_result res[2];
    struct archives_options o = {q->offline, NULL, NULL};
    bool ok = archives_fetch(refs, 2, cfg, bs, &o, a, res, d);
    for (int i = 0; ok && i < 2; i++) {
        if (res[i].status == ARCHIVES_FETCHED || res[i].status == ARCHIVES_CACHED) {
            bufs[i] = archives_load(bs, &refs[i], &lens[i], d);
            ok = bufs[i] != NULL;
            continue;
        }
        *mismatch = res[i].status == ARCHIVES_MISMATCH;
        diag_set(d, *mismatch ? DIAG_SYNTAX : DIAG_NET, refs[i].name, 0, 0, "%s %s: %s%s",
                 refs[i].version, archive_status_name(res[i].status),
                 *mismatch ? "CRITICAL checksum mismatch: " : "",
                 res[i].message ? res[i].message : "");
        ok = false;
    }
    blobstore_free(bs);
    return ok;
}

/* A hit's path as the diff shows it: without the side's top folder
 * ("package/", "pkg-1.0/"), so hits sit on the diff's files and an sdist's
 * old hit is not new just because the folder names the version. */
static const char *diff_path(const char *file, const char *top)
{
    size_t n = top ? strlen(top) : 0;
    return n && strncmp(file, top, n) == 0 ? file + n : file;
}

static bool same_hit(const struct scan_hit *a, const char *a_top, const struct scan_hit *b,
                     const char *b_top)
{
    return strcmp(a->rule, b->rule) == 0 &&
           strcmp(diff_path(a->file, a_top), diff_path(b->file, b_top)) == 0 &&
           strcmp(a->excerpt ? a->excerpt : "", b->excerpt ? b->excerpt : "") == 0;
}

/* Does the diff say this file runs at install or compile time? */
static bool runs_at_install(const struct srcdiff *s, const char *path)
{
    for (size_t i = 0; i < s->n_files; i++)
        if (s->files[i].install_time && strcmp(s->files[i].path, path) == 0)
            return true;
    return false;
}

/* Copies the hits of `to` that `from` lacks into a, with the diff's paths;
 * those in files that run at install time say so first. */
static void new_hits(const struct scan_result *from, const struct scan_result *to,
                     struct arena *a, struct pkgdiff_result *out)
{
    struct scan_hit *hits = arena_alloc(a, (to->n_hits + 1) * sizeof(*hits));
    const char *ft = out->diff->old_top, *tt = out->diff->new_top;
    size_t n = 0;
    for (size_t i = 0; i < to->n_hits; i++) {
        const struct scan_hit *h = &to->hits[i];
        bool old = false;
        for (size_t j = 0; j < from->n_hits && !old; j++)
            old = same_hit(h, tt, &from->hits[j], ft);
        if (old)
            continue;
        const char *path = diff_path(h->file, tt);
        bool install = runs_at_install(out->diff, path);
        hits[n++] = (struct scan_hit){arena_strdup(a, h->rule), h->severity,
                                      arena_strdup(a, path), h->line,
                                      h->excerpt ? arena_strdup(a, h->excerpt) : NULL,
                                      arena_printf(a, "%s%s", install ? "runs at install: " : "",
                                                   h->message),
                                      arena_strdup(a, h->line_sha256 ? h->line_sha256 : "")};
    }
    out->new_hits = hits;
    out->n_new_hits = n;
}

/* The scanner on both archives (results cached per archive). */
static void scan_pair(const struct pkgdiff_request *q, struct arena *a, void *const bufs[2],
                      const size_t lens[2], struct pkgdiff_result *out)
{
    struct diag d;
    diag_clear(&d);
    struct rule_set *rs = pkgscan_rules_load(q->cache_dir, &d);
    if (!rs) {
        diag_format(&d, out->scan_error, sizeof(out->scan_error));
        return;
    }
    struct store *st = store_open_existing(q->cache_dir, &d);
    struct scan_result *r[2];
    for (int i = 0; i < 2; i++)
        r[i] = pkgscan_buffer(rs, q->eco, bufs[i], lens[i], NULL, i ? out->to : out->from, st,
                              q->now, &d);
    if (r[0] && r[1]) {
        new_hits(r[0], r[1], a, out);
        out->scanned = true;
    } else {
        diag_format(&d, out->scan_error, sizeof(out->scan_error));
    }
    scanner_result_free(r[0]);
    scanner_result_free(r[1]);
    store_close(st);
    rules_free(rs);
}

static bool compare(const struct pkgdiff_request *q, const struct engine_config *cfg,
                    struct arena *a, const struct dep_graph *g, unsigned node,
                    struct pkgdiff_result *out, struct diag *d)
{
    struct store *st = store_open_existing(q->cache_dir, d);   /* files, registry digests */
    if (diag_failed(d))
        return false;
    struct archive_ref refs[2];
    int pin = out->pin_is_to ? 1 : 0;   /* the side the project pins */
    if (node != GRAPH_NONE)
        archives_locate_node(a, g, node, cfg, st, &refs[pin]);   /* with the lockfile's digests */
    else
        archives_locate_release(a, q->eco, q->name, pin ? out->to : out->from, cfg, st, &refs[pin]);
    archives_locate_release(a, q->eco, q->name, pin ? out->from : out->to, cfg, st, &refs[!pin]);
    store_close(st);
    void *bufs[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    if (load_pair(q, cfg, a, refs, bufs, lens, &out->mismatch, d)) {
        struct srcdiff_options o = q->diff;
        o.eco = q->eco;
        out->diff = srcdiff_new(bufs[0], lens[0], out->from, bufs[1], lens[1], out->to, &o, d);
        if (out->diff)
            scan_pair(q, a, bufs, lens, out);
    }
    free(bufs[0]);
    free(bufs[1]);
    return out->diff != NULL;
}

/* What the release records say changed, beside the archives. */
static void registry_side(const struct pkgdiff_request *q, const struct engine_config *cfg,
                          struct arena *a, struct pkgdiff_result *out)
{
    struct diag d;
    diag_clear(&d);
    struct store *st = q->offline ? store_open_readonly(q->cache_dir, &d)
                                  : store_open_existing(q->cache_dir, &d);
    out->have_meta = st && pkgdiff_meta_build(st, cfg, q->eco, q->name, out->from, out->to,
                                              q->offline, q->now, a, &out->meta, &d);
    if (!out->have_meta)
        diag_format(&d, out->meta_error, sizeof(out->meta_error));
    store_close(st);
}

bool pkgdiff_run(const struct pkgdiff_request *q, const struct engine_config *cfg,
                 struct arena *a, struct pkgdiff_result *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    out->from = q->from;
    out->to = q->to;
    unsigned node = GRAPH_NONE;
    struct session *sess = NULL;
    const struct dep_graph *g = NULL;
    if (q->graph && q->node < q->graph->nodes.len && out->from &&
        strcmp(q->graph->nodes.items[q->node].version, out->from) == 0) {
        g = q->graph;
        node = q->node;
    } else if (!out->from || q->allowed) {
        sess = session_open(q->project ? q->project : ".", d);
        /* Copied: the graph goes with the session. */
        const char *pin = sess ? pinned_version(q, sess, &node, d) : NULL;
        if (!out->from)
            out->from = pin ? arena_strdup(a, pin) : NULL;
    }
    if (sess)
        g = session_graph(sess);
    const struct reg_package *pkg = NULL;
    bool pick_to = out->from && !out->to;
    if (pick_to && q->allowed)
        out->to = node == GRAPH_NONE || !g ? NULL
                  : allowed_version(q, cfg, g, node, a, &out->in_cooldown, &pkg, d);
    else if (pick_to)
        out->to = newest_version(q, cfg, a, &pkg, d);
    if (pick_to && !q->from)
        order_bad_pin(q->eco, pkg, a, out);
    bool ok = out->from && out->to && compare(q, cfg, a, g, node, out, d);
    if (ok)
        registry_side(q, cfg, a, out);
    session_free(sess);
    return ok;
}

bool pkgdiff_files(const struct pkgdiff_request *q, const char *old_path, const char *new_path,
                   struct arena *a, struct pkgdiff_result *out, struct diag *d)
{
    memset(out, 0, sizeof(*out));
    out->from = old_path;
    out->to = new_path;
    void *bufs[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    bufs[0] = file_read(old_path, BLOBSTORE_MAX_SIZE, &lens[0], d);
    bufs[1] = bufs[0] ? file_read(new_path, BLOBSTORE_MAX_SIZE, &lens[1], d) : NULL;
    if (bufs[1]) {
        struct srcdiff_options o = q->diff;
        o.eco = q->eco;
        out->diff = srcdiff_new(bufs[0], lens[0], old_path, bufs[1], lens[1], new_path, &o, d);
        if (out->diff)   /* the man page promises both are scanned, as for a package */
            scan_pair(q, a, bufs, lens, out);
    }
    free(bufs[0]);
    free(bufs[1]);
    return out->diff != NULL;
}
