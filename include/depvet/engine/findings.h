/* Findings: what depvet concludes about a package from its lockfile entry
 * and its cached registry record.  A finding has a rule id, a severity, a
 * one-line message, its evidence and a link.  Rules are small functions
 * registered in one table (src/engine/rules_*.c), each with its own
 * tests; `depvet check` and the explorer's findings pane show the result. */
#ifndef DEPVET_ENGINE_FINDINGS_H
#define DEPVET_ENGINE_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "depvet/analysis/typosquat.h"
#include "depvet/core/arena.h"
#include "depvet/core/vec.h"
#include "depvet/engine/config.h"
#include "depvet/engine/osvdb.h"
#include "depvet/engine/reputation.h"
#include "depvet/lock/graph.h"
#include "depvet/store/db.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV_COUNT };

/* "info", "low", "medium", "high", "critical". */
const char *severity_name(enum severity s);
bool severity_parse(const char *s, enum severity *out);

struct finding {
    const char *rule;         /* rule id: "retired", "typosquat", ... */
    enum severity severity;
    unsigned node;            /* graph node id; GRAPH_NONE for a lockfile */
    unsigned lockfile;        /* index into graph.lockfiles */
    const char *message;      /* one line, untrusted parts included raw */
    const char *evidence;     /* may be NULL; raw like message */
    const char *link;         /* may be NULL */
    bool from_lockfile;       /* a lockfile rule's: needs no cache */
    const char *path;         /* a scanner hit's file in the package, else NULL */
    const char *line_sha256;  /* a scanner hit's line (hex SHA-256), else NULL */
    unsigned path_line;       /* a scanner hit's line in path, 0 for the whole file */
    const char *ack_reason;   /* acknowledged: the ack's reason, else NULL */
    const char *subject_sha256;  /* a lockfile's finding: hex SHA-256 of what it is
                                  * about (an [[ack]] of it holds it), else NULL */
};

struct findings {
    struct arena *arena;      /* owns every string above */
    VEC(struct finding) items;
};

/* What the rules may look at.  st may be NULL: then only the rules that
 * need nothing but the lockfile run. */
struct findings_input {
    const struct dep_graph *g;
    struct store *st;
    const struct engine_config *cfg;
    int64_t now;
};

/* Runs every rule on every registry package of g (each ecosystem and name
 * once per pinned version) and on every lockfile, then sorts: by package
 * in graph order, most severe first. */
void findings_collect(struct findings *out, const struct findings_input *in);
/* Every cached record read once (pkgstore_load_all_history into a), for a
 * caller that keeps them after the run: the explorer's findings worker
 * hands them to the session, so the cache is read once, not twice. */
struct owner_snapshot;
struct findings_loaded {
    struct arena *a;                 /* the caller's; the records live here */
    struct reg_package **pkgs;
    struct owner_snapshot **hist;    /* per package, oldest first */
    size_t *n_hist;
    size_t n;
};
bool findings_load_records(struct findings_loaded *l, struct store *st, struct diag *d);
/* Per node of g, its record among l's (NULL: none), as the policy's
 * enforce_input.records takes them; the caller frees the array. */
const struct reg_package **findings_records_by_node(const struct findings_loaded *l,
                                                    const struct dep_graph *g);
/* findings_collect over records already read (pre NULL: read here). */
void findings_collect_loaded(struct findings *out, const struct findings_input *in,
                             const struct findings_loaded *pre);
void findings_fini(struct findings *f);
/* Keeps the findings of fs that came from the registry and advisory rules
 * in the cache, as the set of each registry pin of g (an empty set too),
 * all in one transaction.  Lockfile rules are not kept: they need only
 * the lockfile. */
bool findings_save(const struct findings *fs, const struct dep_graph *g, struct store *st,
                   int64_t now, struct diag *d);

/* Findings without running the registry rules: those the cache keeps for
 * each registry pin of g, plus the lockfile rules, in findings_collect's
 * order.  *oldest gets the oldest computed_at among them, 0 when a pin
 * has none stored (*missing counts those pins). */
void findings_load(struct findings *out, const struct findings_input *in, int64_t *oldest,
                   unsigned *missing);

/* What findings_from_archives looked at. */
struct archive_scan_summary {
    unsigned archives;        /* registry pins with an archive to look for */
    unsigned scanned;         /* stored, verified and scanned (or a cached scan) */
    unsigned missing;         /* not stored: `depvet fetch` downloads them */
    unsigned mismatched;      /* stored, but failing a digest: critical */
    bool no_rules;            /* the rule folder could not be read: no scan */
    char rules_error[640];
};

/* Adds the findings of the package archives the cache holds (stored by
 * `depvet fetch`; nothing is downloaded): each is verified again against
 * the lockfile's and the registry's digests (checksum-mismatch) and
 * scanned with the rules of pkgscan_rules_dir() ("scan:RULE" findings,
 * scans cached by archive).  Re-sorts out. */
void findings_from_archives(struct findings *out, const struct findings_input *in,
                            const char *cache_dir, struct archive_scan_summary *sum);

/* One "scan:RULE" finding per hit of res on node (evidence: the excerpt,
 * raw again). */
struct scan_result;
void findings_add_scan_hits(struct findings *out, const struct dep_graph *g, unsigned node,
                            const struct scan_result *res);

/* Orders findings by package in graph order, most severe first. */
void findings_sort(struct findings *f);

/* Counts per severity. */
void findings_count(const struct findings *f, unsigned counts[SEV_COUNT]);

/* ---- for rule modules ------------------------------------------------ */

/* Look-ups prepared once per run and shared by every package. */
struct findings_records;       /* every cached record, read at once */

struct regex;

struct rule_env {
    struct findings_records *records;           /* NULL: read one by one */
    struct osvdb_matcher *osv;                  /* NULL: no cache */
    struct typosquat_index *popular[4];         /* per enum ecosystem; NULL:
                                                 * no list in the cache */
    struct regex *superseded;                   /* compiled once a run; NULL:
                                                 * each package compiles it */
};

/* The pattern that finds a successor's name in a note (rule superseded),
 * compiled; regex_free frees it. */
struct regex *rules_superseded_regex(void);

/* One package as the rules see it. */
struct rule_ctx {
    const struct findings_input *in;
    const struct rule_env *env;
    const struct dep_node *node;
    const struct reg_package *pkg;          /* NULL when the cache has none */
    const struct reg_release *pinned;       /* NULL when unknown */
    const struct reputation *rep;           /* NULL when pkg is */
    struct findings *out;
};

typedef void (*rule_fn)(struct rule_ctx *c);

struct rule_def {
    const char *id;
    bool needs_record;        /* skipped when the cache has no record */
    rule_fn run;
};

/* Adds a finding about c->node; fmt's result is copied. */
void rule_emit(struct rule_ctx *c, const char *rule, enum severity sev, const char *link,
               const char *evidence, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The rule tables of each module (NULL-terminated by id). */
extern const struct rule_def rules_registry_table[];
extern const struct rule_def rules_lockfile_table[];
extern const struct rule_def rules_advisory_table[];
extern const struct rule_def rules_provenance_table[];

#endif
