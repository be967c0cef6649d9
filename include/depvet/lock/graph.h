/* The resolved dependency graph every lockfile reader writes into.
 * Nodes are package@version (plus source), edges carry requirement text.
 * All strings live in the graph's arena.  Node and edge pointers are valid
 * until the next add: keep ids, not pointers, while building. */
#ifndef DEPVET_LOCK_GRAPH_H
#define DEPVET_LOCK_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "depvet/core/arena.h"
#include "depvet/core/ecosystem.h"
#include "depvet/core/vec.h"

#define GRAPH_NONE ((unsigned)-1)

enum source_kind {
    SOURCE_REGISTRY = 0,  /* the public registry or source_url's index */
    SOURCE_GIT,           /* source_url = repository, git_ref = commit/tag/branch */
    SOURCE_PATH,          /* source_url = local path */
    SOURCE_URL,           /* source_url = direct archive URL */
};

/* Node and edge flags. */
enum {
    DEP_DIRECT   = 1u << 0,  /* required by the project itself */
    DEP_DEV      = 1u << 1,
    DEP_OPTIONAL = 1u << 2,
    DEP_PEER     = 1u << 3,
    DEP_BUNDLED  = 1u << 4,
    DEP_LINK     = 1u << 5,  /* npm link / workspace member */
    DEP_PROJECT  = 1u << 6,  /* the project itself (uv.lock root, workspace) */
    DEP_PRIVATE  = 1u << 7,  /* from a private repository (Hex org, private index) */
    DEP_INFERRED = 1u << 8,  /* edge: from registry metadata, not the lockfile */
};

struct checksum {
    const char *algo;   /* lower case: "sha256", "sha512", "sha1", "md5" ... */
    const char *value;  /* as the lockfile writes it (hex or base64) */
    const char *what;   /* "outer", "inner", "sdist", a wheel file name, or NULL */
};

struct dep_node {
    unsigned id;
    unsigned lockfile;        /* index into graph.lockfiles */
    enum ecosystem eco;
    const char *name;         /* as written */
    const char *key;          /* normalised name (ecosystem_normalize_name) */
    const char *version;      /* "" when the lockfile pins none */
    enum source_kind source;
    const char *source_url;   /* index/registry URL, git URL, path or URL; may be NULL */
    const char *repo;         /* Hex repository ("hexpm", "hexpm:acme"), index name */
    const char *git_ref;
    const char *git_requested;/* what the lockfile asked for beside the commit
                               * ("branch main", "tag v1.2.0"), or NULL */
    const char *path;         /* npm install path ("node_modules/a"), or NULL */
    const char *requirement;  /* requirements.txt: the line's specifier text; gleam
                               * and npm: the root project's range for a direct
                               * dependency (package.json's "^4.4.1") */
    const char **groups;      /* poetry/uv groups, extras; n_groups entries */
    unsigned n_groups;
    struct checksum *checksums;
    unsigned n_checksums;
    unsigned flags;
    unsigned line;            /* line in the lockfile, 0 when unknown */
    /* Filled by graph_finish: */
    unsigned first_out, n_out;  /* range in graph.out (edge ids) */
    unsigned first_in, n_in;    /* range in graph.in (edge ids) */
};

/* What a by-name edge's target must match besides its name, as far as the
 * format records it (NULL fields: not recorded). */
struct dep_want {
    const char *version;  /* the exact locked version (uv.lock, pylock.toml, bun, yarn) */
    const char *source;   /* the target's source_url (uv.lock `source`) */
    const char *spec;     /* a requirement ("^1.2", ">=0.14,<1 || >2") */
    /* How spec is read: NULL for the ecosystem's syntax (version_satisfies),
     * else the format's own (req_poetry_matches). */
    bool (*satisfies)(const char *spec, const char *version);
    const char *marker;   /* an environment marker the target's requirement holds */
    const char *group;    /* a group the target carries (pdm.lock: its extras "[socks]") */
};

struct dep_edge {
    unsigned from, to;        /* node ids; to = GRAPH_NONE until resolved */
    const char *name;         /* target name as written in the requirement */
    const char *req;          /* requirement text, or NULL */
    unsigned flags;           /* DEP_DEV / DEP_OPTIONAL / DEP_PEER */
    const struct dep_want *want; /* how the target was chosen; NULL: by name */
};

/* A key a JSON lockfile gives twice in one object: npm and pipenv read
 * the last, so an earlier one shows what does not get installed. */
struct lock_dup_key {
    const char *pointer;      /* JSON pointer of the member */
    unsigned line, col;       /* the first occurrence (0 = unknown) */
    unsigned again_line, again_col;  /* a later one */
};

struct lockfile_info {
    const char *path;
    const char *format;       /* "mix.lock", "package-lock.json", ... */
    enum ecosystem eco;
    bool flat;                /* the format records no edges (requirements.txt without "# via") */
    const char **index_urls;  /* requirements --index-url / --extra-index-url, Pipfile sources */
    unsigned n_index_urls;
    bool extra_index;         /* --extra-index-url seen: dependency-confusion risk */
    struct lock_dup_key *dup_keys;  /* the first few duplicate keys, in text order */
    unsigned n_dup_keys;
    unsigned n_dup_keys_total;      /* all of them */
};

struct dep_graph {
    struct arena *arena;
    VEC(struct dep_node) nodes;
    VEC(struct dep_edge) edges;
    VEC(struct lockfile_info) lockfiles;
    unsigned *out, *in;       /* edge ids grouped by from / by to (graph_finish) */
    unsigned n_unresolved;    /* edges whose target was not found */
    struct graph_index *index;/* private: (lockfile, key) -> first node */
};

struct dep_graph *graph_new(void);
void graph_free(struct dep_graph *g);  /* accepts NULL */

unsigned graph_add_lockfile(struct dep_graph *g, const char *path,
                            const char *format, enum ecosystem eco);
void graph_lockfile_add_index(struct dep_graph *g, unsigned lockfile,
                              const char *url);
/* Records a duplicate key (pointer copied); the reader sets
 * n_dup_keys_total, which counts those it did not keep too. */
void graph_lockfile_add_dup_key(struct dep_graph *g, unsigned lockfile,
                                const struct lock_dup_key *k);

/* Adds a node; strings are copied.  Returns its id. */
unsigned graph_add_node(struct dep_graph *g, unsigned lockfile,
                        enum ecosystem eco, const char *name,
                        const char *version);
struct dep_node *graph_node(struct dep_graph *g, unsigned id);
void graph_node_add_checksum(struct dep_graph *g, unsigned id, const char *algo,
                             const char *value, const char *what);
void graph_node_add_group(struct dep_graph *g, unsigned id, const char *group);
/* Copies s into the graph's arena (NULL stays NULL). */
const char *graph_strdup(struct dep_graph *g, const char *s);

void graph_add_edge(struct dep_graph *g, unsigned from, unsigned to,
                    const char *req, unsigned flags);
/* Edge to a package named `name` in the same lockfile, resolved by
 * graph_finish through graph_resolve with want (copied; NULL: the first
 * node of that name). */
void graph_add_edge_want(struct dep_graph *g, unsigned from, const char *name,
                         const char *req, unsigned flags, const struct dep_want *want);
/* graph_add_edge_want without a want. */
void graph_add_edge_by_name(struct dep_graph *g, unsigned from,
                            const char *name, const char *req, unsigned flags);

/* Finds a node by name in one lockfile (GRAPH_NONE when absent): the first
 * node added under that normalised name. */
unsigned graph_find(const struct dep_graph *g, unsigned lockfile,
                    const char *name);
/* The node of `name` in one lockfile that best fits want, for names locked
 * more than once (at two versions, from two indexes, for two markers).
 * Each node scores: its version equals want->version (16), its source_url
 * equals want->source (8), it satisfies want->spec (4, "*" always), it
 * carries want->group (2), its requirement text contains want->marker
 * (1); the highest score wins, ties go to the node added first.  A name locked once is that node whatever want says;
 * GRAPH_NONE when the name is absent. */
unsigned graph_resolve(const struct dep_graph *g, unsigned lockfile, const char *name,
                       const struct dep_want *want);

/* For formats that do not record what is dev-only (bun.lock, yarn.lock):
 * nodes [first, nodes.len) get DEP_DEV when a dev root reaches them and no
 * production root does.  roots[id - first] is 1 for a production root, 2
 * for a dev root (both bits: both); the array is overwritten.  Follows the
 * edges already resolved (explicit targets), except DEP_DEV ones (a
 * member's dev tools are not what it brings in). */
void graph_mark_dev_only(struct dep_graph *g, unsigned first, unsigned char *roots);

/* Resolves by-name edges, drops duplicates and builds the in/out indexes.
 * Call after all readers ran; no node may be added after it.  Edges may:
 * call it again then (flat graphs filled from registry metadata). */
void graph_finish(struct dep_graph *g);

/* Each package once: node ids grouped by (ecosystem, normalised name) or
 * by (ecosystem, normalised name, version), in linear time. */
struct node_set {
    unsigned *slots;          /* node id + 1, open addressing */
    size_t cap;
};
void node_set_init(struct node_set *s, size_t n_nodes);
void node_set_fini(struct node_set *s);
/* True the first time a node of that package (and version) is added. */
bool node_set_add(struct node_set *s, const struct dep_graph *g, unsigned id, bool by_version);

/* Roots for drawing a lockfile's tree: its DEP_DIRECT nodes, or when it
 * marks none, the nodes nothing depends on.  Caller frees *out. */
size_t graph_roots(const struct dep_graph *g, unsigned lockfile, unsigned **out);

#endif
