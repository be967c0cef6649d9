/* What the yarn.lock readers share (private to src/lock): the entries read
 * from Yarn Classic's line format (yarn_lock.c) or from Yarn Berry's YAML
 * (yarn_berry.c), and the reader state that turns them into nodes. */
#ifndef DEPVET_LOCK_YARN_ENTRY_H
#define DEPVET_LOCK_YARN_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/diag.h"
#include "depvet/core/vec.h"
#include "depvet/lock/graph.h"

struct yarn_dep {
    const char *name, *range;
    unsigned flags;
};

struct yarn_entry {
    VEC(const char *) descriptors;   /* "name@range", unquoted */
    const char *version, *resolved, *integrity;
    const char *resolution, *checksum;  /* Berry's, instead of resolved and integrity */
    VEC(struct yarn_dep) deps;
    unsigned line, id;
};

struct yarn_desc {
    const char *desc;
    unsigned id;
};

struct yarn_reader {
    struct dep_graph *g;
    struct arena *a;
    unsigned lf, first;
    const char *where;
    struct diag *d;
    VEC(struct yarn_entry) entries;
    VEC(struct yarn_desc) descs;     /* sorted once every node is in */
    unsigned char *roots;            /* per node: 1 production root, 2 dev root */
    const char *cache_key;           /* Berry: __metadata.cacheKey */
    bool berry;                      /* a Yarn Berry (YAML) lockfile */
    bool *has_parent;
};

/* "name@range" split at the first '@' after a scope's: the name (in a),
 * *range after the '@'; NULL when the descriptor has no '@'. */
const char *yarn_split_desc(struct arena *a, const char *desc, const char **range);
/* The node a "name@range" descriptor was locked as, or GRAPH_NONE (once
 * the descriptors are sorted). */
unsigned yarn_find_desc(struct yarn_reader *r, const char *name, const char *range);

/* Berry: the YAML document's entries into r->entries (d set on error). */
void yarn_berry_parse(struct yarn_reader *r, const char *buf, size_t len);
/* Berry: the node of one entry, from its resolution. */
void yarn_berry_node(struct yarn_reader *r, struct yarn_entry *e);

#endif
