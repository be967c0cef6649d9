/* Acknowledgements: findings someone looked at and accepted, moved aside
 * so they no longer fail a check, as long as what they saw is unchanged. */
#include <stdlib.h>
#include <string.h>

#include "depvet/core/xmalloc.h"
#include "depvet/engine/enforce.h"

static bool same_or_any(const char *want, const char *have)
{
    return !want[0] || (have && strcmp(want, have) == 0);
}

/* Whether ack k names finding f: rule, package and version, and for a
 * scanner hit the file and the line's content when the ack gives them. */
static bool ack_matches(const struct audit_ack *k, const struct finding *f,
                        const struct dep_graph *g)
{
    if (f->node == GRAPH_NONE || strcmp(k->rule, f->rule) != 0)
        return false;
    const struct dep_node *n = &g->nodes.items[f->node];
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
    t->path = f->path ? arena_strdup(a, f->path) : NULL;
    t->line_sha256 = f->line_sha256 ? arena_strdup(a, f->line_sha256) : NULL;
    t->evidence = arena_printf(a, "acknowledged%s%s: %s%s%s", k->reviewer[0] ? " by " : "",
                               k->reviewer, k->reason, k->expires[0] ? " (until " : "",
                               k->expires[0] ? k->expires : "");
    if (k->expires[0])
        t->evidence = arena_printf(a, "%s)", t->evidence);
}

void enforce_acks(struct findings *fs, const struct dep_graph *g, const struct audits *set,
                  const char *today, struct findings *acked, struct enforce_stale **stale,
                  size_t *n_stale)
{
    memset(acked, 0, sizeof *acked);
    acked->arena = arena_new();
    size_t n_acks = audits_table_count(set, AUDIT_TAB_ACK);
    unsigned char *used = xcalloc(n_acks + 1, 1);   /* 1 matched, 2 matched but expired */
    size_t keep = 0;
    for (size_t i = 0; i < fs->items.len; i++) {
        const struct finding *f = &fs->items.items[i];
        bool hidden = false;
        struct audit_ack k;
        for (size_t j = 0; j < n_acks && !hidden && audits_ack_at(set, j, &k); j++) {
            if (!ack_matches(&k, f, g))
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
    *stale = xcalloc(n_acks + 1, sizeof **stale);
    *n_stale = 0;
    for (size_t j = 0; j < n_acks; j++)
        if (used[j] != 1)
            (*stale)[(*n_stale)++] = (struct enforce_stale){j, used[j] == 2};
    free(used);
}
