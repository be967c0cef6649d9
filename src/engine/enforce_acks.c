/* Acknowledgements: findings someone looked at and accepted, moved aside
 * so they no longer fail a check, as long as what they saw is unchanged.
 * A package's finding is named by rule and package@version (a scanner
 * hit also by file and line content); a lockfile's finding (missing-hash,
 * extra-index, lockfile-duplicate-key) by rule, the lockfile's path in the
 * project and the digest of what it is about, so an ack of "5 of 6
 * without a checksum" never covers "40 of 60" later. */
#include <stdlib.h>
#include <string.h>

#include "depvet/core/fileio.h"
#include "depvet/core/xmalloc.h"
#include "depvet/engine/enforce.h"

static bool same_or_any(const char *want, const char *have)
{
    return !want[0] || (have && strcmp(want, have) == 0);
}

struct ack_scope {
    const struct dep_graph *g;
    const char *project;
};

/* Whether the lockfile finding f is about the lockfile k names. */
static bool same_lockfile(const struct audit_ack *k, const struct finding *f,
                          const struct ack_scope *sc)
{
    const struct lockfile_info *lf = &sc->g->lockfiles.items[f->lockfile];
    return lf->eco == k->eco && strcmp(file_relative(sc->project, lf->path), k->lockfile) == 0;
}

/* Whether ack k names finding f: rule, package and version, and for a
 * scanner hit the file and the line's content when the ack gives them;
 * for a lockfile's finding, the lockfile and its subject's digest. */
static bool ack_matches(const struct audit_ack *k, const struct finding *f,
                        const struct ack_scope *sc)
{
    if (strcmp(k->rule, f->rule) != 0 || !k->lockfile[0] != (f->node != GRAPH_NONE))
        return false;
    if (f->node == GRAPH_NONE)
        return same_lockfile(k, f, sc) && f->subject_sha256 &&
               strcmp(f->subject_sha256, k->subject_sha256) == 0;
    const struct dep_node *n = &sc->g->nodes.items[f->node];
    return n->eco == k->eco && n->key && strcmp(n->key, k->name) == 0 &&
           strcmp(n->version, k->version) == 0 && same_or_any(k->path, f->path) &&
           same_or_any(k->line_sha256, f->line_sha256);
}

static void move_aside(struct findings *acked, const struct finding *f,
                       const struct audit_ack *k)
{
    struct arena *a = acked->arena;
    struct finding *t = VEC_ADD(&acked->items);
    *t = *f;
    t->rule = arena_strdup(a, f->rule);
    t->message = arena_strdup(a, f->message);
    t->link = NULL;
    t->ack_reason = arena_strdup(a, k->reason);
    t->path = f->path ? arena_strdup(a, f->path) : NULL;
    t->line_sha256 = f->line_sha256 ? arena_strdup(a, f->line_sha256) : NULL;
    t->subject_sha256 = f->subject_sha256 ? arena_strdup(a, f->subject_sha256) : NULL;
    t->evidence = arena_printf(a, "acknowledged%s%s: %s%s%s", k->reviewer[0] ? " by " : "",
                               k->reviewer, k->reason, k->expires[0] ? " (until " : "",
                               k->expires[0] ? k->expires : "");
    if (k->expires[0])
        t->evidence = arena_printf(a, "%s)", t->evidence);
}

/* Whether lockfile lf pins the package k names. */
static bool lockfile_pins(const struct dep_graph *g, unsigned lf, const struct audit_ack *k)
{
    for (size_t i = 0; i < g->nodes.len; i++) {
        const struct dep_node *n = &g->nodes.items[i];
        if (n->lockfile == lf && n->eco == k->eco && n->key && strcmp(n->key, k->name) == 0 &&
            strcmp(n->version, k->version) == 0)
            return true;
    }
    return false;
}

/* For an ack that matches nothing: the lockfile's finding it would name
 * now -- a package's ack of a rule said once per lockfile (the old
 * per-entry missing-hash), or a lockfile's ack whose subject changed. */
static void find_instead(struct enforce_stale *st, const struct audit_ack *k,
                         const struct findings *const *in, const struct ack_scope *sc)
{
    for (int w = 0; w < 2; w++)   /* in[1]: the acknowledged */
        for (size_t i = 0; i < in[w]->items.len; i++) {
            const struct finding *f = &in[w]->items.items[i];
            if (f->node != GRAPH_NONE || strcmp(f->rule, k->rule) != 0 ||
                (k->lockfile[0] ? !same_lockfile(k, f, sc)
                                : sc->g->lockfiles.items[f->lockfile].eco != k->eco ||
                                  !lockfile_pins(sc->g, f->lockfile, k)))
                continue;
            st->instead_lockfile = f->lockfile + 1;
            st->instead_evidence = f->evidence;
            st->instead_acked = w == 1;
            return;
        }
}

/* Moves the acknowledged findings of fs to acked; used[j] says whether
 * ack j matched (1) or matched only after it expired (2). */
static void hide_acked(struct findings *fs, const struct audits *set, const char *today,
                       const struct ack_scope *sc, struct findings *acked, unsigned char *used)
{
    size_t keep = 0, n_acks = audits_table_count(set, AUDIT_TAB_ACK);
    for (size_t i = 0; i < fs->items.len; i++) {
        const struct finding *f = &fs->items.items[i];
        bool hidden = false;
        struct audit_ack k;
        for (size_t j = 0; j < n_acks && !hidden && audits_ack_at(set, j, &k); j++) {
            if (!ack_matches(&k, f, sc))
                continue;
            bool expired = k.expires[0] && strcmp(today, k.expires) >= 0;
            used[j] = used[j] == 1 ? 1 : expired ? 2 : 1;
            if (!expired) {
                move_aside(acked, f, &k);
                hidden = true;
            }
        }
        if (!hidden)
            fs->items.items[keep++] = *f;
    }
    fs->items.len = keep;
}

void enforce_acks(struct findings *fs, const struct dep_graph *g, const char *project,
                  const struct audits *set, const char *today, struct findings *acked,
                  struct enforce_stale **stale, size_t *n_stale)
{
    memset(acked, 0, sizeof *acked);
    acked->arena = arena_new();
    struct ack_scope sc = {g, project};
    size_t n_acks = audits_table_count(set, AUDIT_TAB_ACK);
    unsigned char *used = xcalloc(n_acks + 1, 1);
    hide_acked(fs, set, today, &sc, acked, used);
    *stale = xcalloc(n_acks + 1, sizeof **stale);
    *n_stale = 0;
    const struct findings *const both[2] = {fs, acked};
    for (size_t j = 0; j < n_acks; j++) {
        if (used[j] == 1)
            continue;
        struct enforce_stale *st = &(*stale)[(*n_stale)++];
        *st = (struct enforce_stale){j, used[j] == 2, 0, NULL, false};
        struct audit_ack k;
        if (!st->expired && audits_ack_at(set, j, &k))
            find_instead(st, &k, both, &sc);
    }
    free(used);
}
