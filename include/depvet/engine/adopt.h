/* `depvet adopt`: the tree a candidate package would bring into a project,
 * resolved from registry metadata with each ecosystem's rules, before it
 * is in any lockfile.
 *
 *   npm   nested: each range gets the newest release satisfying it, unless
 *         a release already in the tree or pinned by the project satisfies
 *         it (deduped); dependencies and optionalDependencies (optional);
 *         peerDependencies as npm 7+ installs them: one copy for the tree
 *         (a node or pin of the name that refuses the range is a conflict,
 *         npm's ERESOLVE), optional peers left out.
 *   PyPI  flat: requires_dist with markers evaluated for the project's
 *         environment (engine_config_marker_env) and the extras asked for;
 *         the newest satisfying release; a name the project pins at a
 *         version the requirement refuses is a conflict.
 *   Hex   flat: the release's requirements, optional ones included
 *         (marked), against mix.lock's pins as for PyPI.
 *
 * Resolution goes level by level: every document a level needs is asked
 * for at once (reldoc.h, through the response cache), so the time is
 * about levels x latency.  Each node is new, present (the project pins
 * that version) or changed (the project pins another).  The facts of new
 * and changed nodes can be prefetched (a refresh of just those), so the
 * explorer and `depvet info` show them offline. */
#ifndef DEPVET_ENGINE_ADOPT_H
#define DEPVET_ENGINE_ADOPT_H

#include <stdbool.h>
#include <stdint.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/vec.h"
#include "depvet/engine/config.h"

#define ADOPT_NONE ((unsigned)-1)
#define ADOPT_MAX_NODES 20000

enum adopt_state { ADOPT_NEW, ADOPT_PRESENT, ADOPT_CHANGED, ADOPT_UNRESOLVED, ADOPT_STATE_COUNT };

/* "new", "present", "changed", "unresolved". */
const char *adopt_state_name(enum adopt_state s);

struct adopt_node {
    const char *name;         /* as the registry spells it (raw) */
    const char *version;      /* chosen; NULL when unresolved */
    const char *pinned;       /* the version the project pins, or NULL */
    enum adopt_state state;
    bool conflict;            /* flat ecosystems: the project's pin (or a
                               * version already in the tree) refuses a
                               * requirement; note says which */
    bool optional;            /* reached only through optional requirements */
    bool peer;                /* npm: placed for a peer dependency */
    unsigned depth;           /* 0: the candidate */
    unsigned parent;          /* the node that first required it, or ADOPT_NONE */
    const char *requirement;  /* that requirement ("" for any) */
    const char *extras;       /* PyPI extras asked for, or NULL */
    const char *note;         /* why unresolved / the conflict, or NULL */
    /* From the release record: */
    int64_t published;        /* 0 unknown */
    const char *publisher;    /* or NULL */
    bool yanked, retired, deprecated, install_script;
    unsigned advisories;      /* cached advisories affecting this version */
};

struct adopt_edge {
    unsigned from, to;
    const char *requirement;
    bool optional;
    bool peer;                /* npm: a peerDependencies range */
    bool cycle;               /* `to` is an ancestor of `from` */
};

/* A requirement left out, and why (a marker false for the project's
 * environment, an extra not asked for, a dev/peer dependency). */
struct adopt_skip {
    unsigned from;
    const char *name, *requirement, *why;
};

struct adopt_request {
    enum ecosystem eco;
    const char *name;
    const char *requirement;  /* NULL or "": any release */
    const char *extras;       /* PyPI: "a,b", or NULL */
    const char *project;      /* its lockfiles give the pins (NULL: ".") */
    const char *cache_dir;    /* NULL: the XDG default */
    bool offline;             /* the response cache only */
    bool prefetch;            /* refresh the facts of new and changed nodes */
    int64_t now;
    unsigned max_nodes;       /* 0: ADOPT_MAX_NODES */
};

struct adopt_squat {
    bool flagged;
    const char *target;       /* the popular name it looks like */
    const char *why;
    int score;
    bool no_list;             /* no popular list cached: not checked */
};

struct adopt_result {
    struct arena *arena;      /* owns every string */
    VEC(struct adopt_node) nodes;   /* nodes[0] is the candidate */
    VEC(struct adopt_edge) edges;
    VEC(struct adopt_skip) skipped;
    struct adopt_squat squat;
    unsigned counts[ADOPT_STATE_COUNT];
    unsigned conflicts, cycles;
    unsigned levels;          /* rounds of requests */
    unsigned documents, from_cache;   /* documents read, and of them unasked */
    bool truncated;           /* max_nodes reached */
    unsigned prefetched;      /* packages whose facts a refresh wrote */
    char prefetch_error[720];
    bool project_pins;        /* the project had a lockfile of this ecosystem */
};

/* Resolves q's tree into out (adopt_result_fini).  False with d set when
 * the candidate itself cannot be found (unknown package, no release
 * satisfies, offline and not cached); a missing transitive package is an
 * unresolved node instead. */
bool adopt_resolve(const struct adopt_request *q, const struct engine_config *cfg,
                   struct adopt_result *out, struct diag *d);
void adopt_result_fini(struct adopt_result *r);

#endif
