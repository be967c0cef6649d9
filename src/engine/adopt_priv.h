/* Private to src/engine/adopt*.c: the resolver's state and the
 * per-ecosystem rules it applies. */
#ifndef DEPVET_ENGINE_ADOPT_PRIV_H
#define DEPVET_ENGINE_ADOPT_PRIV_H

#include "depvet/core/pep508.h"
#include "depvet/engine/adopt.h"
#include "depvet/engine/reldoc.h"
#include "depvet/lock/graph.h"
#include "depvet/store/db.h"

/* A requirement waiting for a node. */
struct adopt_want {
    const char *name, *req, *extras;
    bool optional;
    unsigned from;            /* the node requiring it; ADOPT_NONE: the candidate */
    bool peer;                /* npm: a peer dependency (one copy for the tree) */
};

struct adopt_wants {          /* a VEC of adopt_want, swapped level by level */
    struct adopt_want *items;
    size_t len, cap;
};

struct adopt_pkg {            /* one package document, by normalised name */
    const char *key;
    struct reldoc doc;
    bool asked;
};

struct adopt_ctx {
    const struct adopt_request *q;
    const struct engine_config *cfg;
    struct store *st;         /* may be NULL */
    struct adopt_result *out;
    struct arena *a;          /* out->arena */
    const struct dep_graph *g;          /* the project's pins, or NULL */
    struct pep508_env env;
    struct adopt_wants wants;           /* this level's */
    struct adopt_wants next;            /* the next level's */
    VEC(struct adopt_pkg) pkgs;
    VEC(const struct reg_release *) rel;   /* per node: its record with requirements */
    VEC(unsigned) expand;                  /* nodes of this level to expand */
    VEC(const char *) keys;                /* per node: its normalised name */
};

struct adopt_rules {
    bool flat;                /* one version per name */
    /* The requirements of node's release r that an install would follow,
     * appended to c->next; the ones left out to c->out->skipped. */
    void (*wants)(struct adopt_ctx *c, unsigned node, const struct reg_release *r);
    /* Whether the package document's record of r carries its
     * requirements (else the release's own document is asked for). */
    bool (*deps_in_package)(const struct reg_package *p, const struct reg_release *r);
};

const struct adopt_rules *adopt_rules_of(enum ecosystem eco);
/* req allows v in eco ("" and "*" allow any). */
bool adopt_req_allows(enum ecosystem eco, const char *req, const char *v);
void adopt_skip(struct adopt_ctx *c, unsigned from, const char *name, const char *req,
                const char *why);
/* adopt_check.c: the candidate name's typosquat check (before anything
 * is resolved); the cached advisories of every node and the prefetch of
 * the new ones' facts (after). */
void adopt_check_name(struct adopt_ctx *c);
void adopt_add_facts(struct adopt_ctx *c);
void adopt_want_add(struct adopt_ctx *c, unsigned from, const char *name, const char *req,
                    const char *extras, bool optional);
/* npm 7+: a peer dependency the install brings when nothing provides it. */
void adopt_want_peer(struct adopt_ctx *c, unsigned from, const char *name, const char *req);

#endif
